/**
 * The "bytes" module: byte arrays, their text encodings and base64. Decoding and encoding are strict,
 * as in the reference implementation (Python's codecs with errors="strict"): malformed input raises
 * the function's error instead of being replaced. A string (UTF-16 in JavaScript) can be encoded as
 * UTF-8 or UTF-16 only when it has no unpaired surrogate. UTF-16 without a byte order mark ("utf16")
 * is read as little endian, and written little endian after the mark FF FE, as the reference does on
 * the little-endian machines that produced the conformance results.
 */
import { isUtf8 as bufferIsUtf8 } from "node:buffer";
import { PFARuntimeError } from "../runtime.js";
import { sliceRange } from "./a-util.js";
import { bySite, fixed, type LibFcnImpl } from "./define.js";

/** Whether every UTF-16 code unit of `s` is at most `max` (0x7f: ASCII, 0xff: latin-1). */
function allBelow(s: string, max: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > max) return false;
  return true;
}

/** A Buffer view of `x`, without copying (for Node's fast decoders; never written to). */
function view(x: Uint8Array): Buffer {
  return Buffer.from(x.buffer, x.byteOffset, x.length);
}

/** Whether a string has no unpaired surrogate (so that it is a sequence of Unicode scalar values). */
function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff || i + 1 >= s.length) return false;
    const d = s.charCodeAt(i + 1);
    if (d < 0xdc00 || d > 0xdfff) return false;
    i++;
  }
  return true;
}

function isAsciiBytes(x: Uint8Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i]! > 0x7f) return false;
  return true;
}

/** Whether x[from..] is valid UTF-16 (even length, surrogates paired) in the given byte order. */
function validUtf16(x: Uint8Array, from: number, bigEndian: boolean): boolean {
  const n = x.length;
  if ((n - from) % 2 !== 0) return false;
  const hi = bigEndian ? 0 : 1;
  for (let i = from + hi; i < n; i += 2) {
    const b = x[i]!;
    if (b < 0xd8 || b > 0xdf) continue;
    if (b > 0xdb || i + 2 >= n) return false;
    const d = x[i + 2]!;
    if (d < 0xdc || d > 0xdf) return false;
    i += 2;
  }
  return true;
}

/** Where the UTF-16 text starts (after a byte order mark) and whether it is big endian. */
function utf16Order(x: Uint8Array): [number, boolean] {
  if (x.length >= 2) {
    if (x[0] === 0xff && x[1] === 0xfe) return [2, false];
    if (x[0] === 0xfe && x[1] === 0xff) return [2, true];
  }
  return [0, false];
}

function isUtf16Bytes(x: Uint8Array): boolean {
  const [from, bigEndian] = utf16Order(x);
  return validUtf16(x, from, bigEndian);
}

/** Valid UTF-16 bytes x[from..] as a string. */
function utf16String(x: Uint8Array, from: number, bigEndian: boolean): string {
  if (!bigEndian) return view(x).toString("utf16le", from);
  const swapped = Buffer.from(x.subarray(from));
  return swapped.swap16().toString("utf16le");
}

/** A well-formed string's UTF-16 code units, after `prefix` bytes of room. */
function utf16Bytes(s: string, bigEndian: boolean, prefix: number): Uint8Array {
  const out = new Uint8Array(prefix + 2 * s.length);
  const hi = bigEndian ? 0 : 1;
  for (let i = 0, j = prefix; i < s.length; i++, j += 2) {
    const c = s.charCodeAt(i);
    out[j + hi] = c >>> 8;
    out[j + 1 - hi] = c & 0xff;
  }
  return out;
}

/** A tester with a bytes signature (0) and a string signature (1). */
function tester(name: string, ofBytes: (x: Uint8Array) => boolean, ofString: (s: string) => boolean): LibFcnImpl {
  return bySite(name, (site) => (site.sigIndex === 0 ? ofBytes : ofString));
}

function invalid(code: number, what: string, name: string): PFARuntimeError {
  return new PFARuntimeError(code, what, name);
}

const BASE64 = /^[A-Za-z0-9+/]*=*$/;

export const functions: readonly LibFcnImpl[] = [
  fixed("bytes.len", (x: Uint8Array) => x.length),

  fixed("bytes.subseq", (x: Uint8Array, start: number, end: number) => {
    const [s, e] = sliceRange(x.length, start, end);
    return x.slice(s, e);
  }),

  fixed("bytes.subseqto", (x: Uint8Array, start: number, end: number, replacement: Uint8Array) => {
    const [s, e] = sliceRange(x.length, start, end);
    const out = new Uint8Array(s + replacement.length + x.length - e);
    out.set(x.subarray(0, s), 0);
    out.set(replacement, s);
    out.set(x.subarray(e), s + replacement.length);
    return out;
  }),

  tester("bytes.isAscii", isAsciiBytes, (s) => allBelow(s, 0x7f)),

  tester("bytes.isLatin1", () => true, (s) => allBelow(s, 0xff)),

  tester("bytes.isUtf8", (x) => bufferIsUtf8(x), wellFormed),

  tester("bytes.isUtf16", isUtf16Bytes, wellFormed),

  tester("bytes.isUtf16be", (x) => validUtf16(x, 0, true), wellFormed),

  tester("bytes.isUtf16le", (x) => validUtf16(x, 0, false), wellFormed),

  fixed("bytes.decodeAscii", (x: Uint8Array) => {
    if (!isAsciiBytes(x)) throw invalid(16090, "invalid bytes", "bytes.decodeAscii");
    return view(x).toString("latin1");
  }),

  // Every byte is a latin-1 character: error 16100 cannot happen.
  fixed("bytes.decodeLatin1", (x: Uint8Array) => view(x).toString("latin1")),

  // A leading byte order mark is kept, as U+FEFF (Python's "utf-8", not "utf-8-sig").
  fixed("bytes.decodeUtf8", (x: Uint8Array) => {
    if (!bufferIsUtf8(x)) throw invalid(16110, "invalid bytes", "bytes.decodeUtf8");
    return view(x).toString("utf8");
  }),

  fixed("bytes.decodeUtf16", (x: Uint8Array) => {
    const [from, bigEndian] = utf16Order(x);
    if (!validUtf16(x, from, bigEndian)) throw invalid(16120, "invalid bytes", "bytes.decodeUtf16");
    return utf16String(x, from, bigEndian);
  }),

  fixed("bytes.decodeUtf16be", (x: Uint8Array) => {
    if (!validUtf16(x, 0, true)) throw invalid(16130, "invalid bytes", "bytes.decodeUtf16be");
    return utf16String(x, 0, true);
  }),

  fixed("bytes.decodeUtf16le", (x: Uint8Array) => {
    if (!validUtf16(x, 0, false)) throw invalid(16140, "invalid bytes", "bytes.decodeUtf16le");
    return utf16String(x, 0, false);
  }),

  fixed("bytes.encodeAscii", (s: string) => {
    if (!allBelow(s, 0x7f)) throw invalid(16150, "invalid string", "bytes.encodeAscii");
    return new Uint8Array(Buffer.from(s, "latin1"));
  }),

  fixed("bytes.encodeLatin1", (s: string) => {
    if (!allBelow(s, 0xff)) throw invalid(16160, "invalid string", "bytes.encodeLatin1");
    return new Uint8Array(Buffer.from(s, "latin1"));
  }),

  fixed("bytes.encodeUtf8", (s: string) => {
    if (!wellFormed(s)) throw invalid(16170, "invalid string", "bytes.encodeUtf8");
    return new Uint8Array(Buffer.from(s, "utf8"));
  }),

  fixed("bytes.encodeUtf16", (s: string) => {
    if (!wellFormed(s)) throw invalid(16180, "invalid string", "bytes.encodeUtf16");
    const out = utf16Bytes(s, false, 2);
    out[0] = 0xff;
    out[1] = 0xfe;
    return out;
  }),

  fixed("bytes.encodeUtf16be", (s: string) => {
    if (!wellFormed(s)) throw invalid(16190, "invalid string", "bytes.encodeUtf16be");
    return utf16Bytes(s, true, 0);
  }),

  fixed("bytes.encodeUtf16le", (s: string) => {
    if (!wellFormed(s)) throw invalid(16200, "invalid string", "bytes.encodeUtf16le");
    return utf16Bytes(s, false, 0);
  }),

  fixed("bytes.toBase64", (x: Uint8Array) => view(x).toString("base64")),

  // Standard alphabet; padding may be omitted only where no data character is missing (n % 4 == 0),
  // extra "=" are ignored, and a lone data character in the last quantum is invalid (as Python's).
  fixed("bytes.fromBase64", (s: string) => {
    if (!BASE64.test(s)) throw invalid(16220, "invalid base64", "bytes.fromBase64");
    let n = s.length;
    while (n > 0 && s.charCodeAt(n - 1) === 0x3d) n--;
    const rem = n % 4;
    if (rem === 1 || s.length - n < (4 - rem) % 4) throw invalid(16220, "invalid base64", "bytes.fromBase64");
    return new Uint8Array(Buffer.from(s.slice(0, n), "base64"));
  }),
];
