/**
 * The "s" module: string manipulation. Strings are sequences of Unicode code points, as in the
 * reference implementation that produced the conformance results (Python strings): lengths, indexes
 * and slices count code points, so a character outside the Basic Multilingual Plane (a surrogate pair
 * in JavaScript) counts as one. Strings without surrogates take the direct UTF-16 paths.
 */
import { type Long, PFARuntimeError } from "../runtime.js";
import { bySite, fixed, type LibFcnImpl } from "./define.js";

const SURROGATE = /[\uD800-\uDFFF]/;

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** A UTF-16 index of `s` as a code point index. */
function codePointIndex(s: string, utf16Index: number): number {
  return SURROGATE.test(s) ? codePointLength(s.slice(0, utf16Index)) : utf16Index;
}

/** Python's normalization of slice bounds (negative from the end, clamped, end not before start). */
function startEnd(length: number, start: number, end: number): [number, number] {
  let s = start >= 0 ? start : length + start;
  if (s < 0) s = 0;
  if (s > length) s = length;
  let e = end >= 0 ? end : length + end;
  if (e < 0) e = 0;
  if (e > length) e = length;
  if (e < s) e = s;
  return [s, e];
}

/** Pads (or, for width 0, empties) a formatted number the way the reference's format strings do. */
function padWidth(s: string, width: number, zeroPad: boolean, code: number, name: string): string {
  if (zeroPad) {
    if (width < 0) throw new PFARuntimeError(code, "negative width cannot be used with zero-padding", name);
    if (width === 0) return "";
    return s.startsWith("-") ? "-" + s.slice(1).padStart(width - 1, "0") : s.padStart(width, "0");
  }
  if (width < 0) return s.padEnd(-width, " ");
  if (width === 0) return "";
  return s.padStart(width, " ");
}

function formatInt(code: number, name: string): (x: Long, width: number, zeroPad: boolean) => string {
  return (x, width, zeroPad) => padWidth(String(x), width, zeroPad, code, name);
}

// ---------------------------------------------------------------------------------------------
// Exact decimal formatting of doubles (printf's %f and %e, correctly rounded half to even)

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** A finite non-negative double as mantissa * 2^exponent, exactly. */
function decompose(x: number): [bigint, number] {
  F64[0] = x;
  const bits = U64[0]!;
  const e = Number(bits >> 52n);
  const m = bits & 0xfffffffffffffn;
  return e === 0 ? [m, -1074] : [m | 0x10000000000000n, e - 1075];
}

function roundDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num - q * den) * 2n;
  return r2 > den || (r2 === den && (q & 1n) === 1n) ? q + 1n : q;
}

/** `v` (finite, >= 0) times 10^-k, rounded to an integer. */
function scaled(v: number, k: number): bigint {
  const [m, e] = decompose(v);
  let num = e >= 0 ? m << BigInt(e) : m;
  let den = e >= 0 ? 1n : 1n << BigInt(-e);
  if (k < 0) num *= 10n ** BigInt(-k);
  else den *= 10n ** BigInt(k);
  return roundDiv(num, den);
}

function formatFixed(v: number, precision: number): string {
  const digits = scaled(v, -precision).toString();
  if (precision === 0) return digits;
  const padded = digits.length <= precision ? "0".repeat(precision - digits.length + 1) + digits : digits;
  return padded.slice(0, padded.length - precision) + "." + padded.slice(padded.length - precision);
}

function formatExponent(v: number, precision: number): string {
  let exp = 0;
  let digits = "0".repeat(precision + 1);
  if (v !== 0) {
    const low = 10n ** BigInt(precision);
    const high = low * 10n;
    exp = Math.floor(Math.log10(v));
    for (;;) {
      const n = scaled(v, exp - precision);
      if (n >= high) exp++;
      else if (n < low) exp--;
      else {
        digits = n.toString();
        break;
      }
    }
  }
  const mantissa = precision === 0 ? digits : digits[0] + "." + digits.slice(1);
  const a = Math.abs(exp);
  return `${mantissa}e${exp < 0 ? "-" : "+"}${a < 10 ? "0" : ""}${a}`;
}

const TRAILING_ZEROS_F = /\.[0-9]+?(0+) *$/d;
const TRAILING_ZEROS_E = /\.[0-9]+?(0+)e/d;

/**
 * s.number on doubles, as the reference formats them: %f within [minNoExp, maxNoExp] (and for zero),
 * %e outside; without a precision, six digits with trailing zeros removed (one digit kept).
 */
function formatDouble(x: number, width: number | null, precision: number | null, minNoExp: number, maxNoExp: number): string {
  if (precision !== null && precision < 0) throw new PFARuntimeError(39121, "negative precision", "s.number");
  const v = Math.abs(x);
  let body: string;
  if (Number.isNaN(x)) body = "nan";
  else if (v === Infinity) body = x < 0 ? "-inf" : "inf";
  else {
    const p = precision ?? 6;
    const digits = v === 0 || (v >= minNoExp && v <= maxNoExp) ? formatFixed(v, p) : formatExponent(v, p);
    body = x < 0 ? "-" + digits : digits;
  }
  if (precision === null) {
    const m = TRAILING_ZEROS_F.exec(body) ?? TRAILING_ZEROS_E.exec(body);
    if (m !== null) {
      const [start, end] = m.indices![1]!;
      const stripped = body.slice(0, start) + body.slice(end);
      if (width === null) return stripped;
      if (width === 0) return "";
      return width < 0 ? stripped.padEnd(-width, " ") : stripped.padStart(width, " ");
    }
  }
  if (width === null || width === 0) return body;
  return width < 0 ? body.padEnd(-width, " ") : body.padStart(width, " ");
}

// ---------------------------------------------------------------------------------------------
// Stripping

function charSet(chars: string): Set<string> {
  return new Set(Array.from(chars));
}

function lstrip(s: string, set: Set<string>): string {
  let i = 0;
  while (i < s.length) {
    const c = s.codePointAt(i)!;
    const ch = String.fromCodePoint(c);
    if (!set.has(ch)) break;
    i += ch.length;
  }
  return s.slice(i);
}

function rstrip(s: string, set: Set<string>): string {
  let j = s.length;
  while (j > 0) {
    const lo = s.charCodeAt(j - 1);
    const w = lo >= 0xdc00 && lo <= 0xdfff && j >= 2 && s.charCodeAt(j - 2) >= 0xd800 && s.charCodeAt(j - 2) <= 0xdbff ? 2 : 1;
    if (!set.has(s.slice(j - w, j))) break;
    j -= w;
  }
  return s.slice(0, j);
}

export const functions: readonly LibFcnImpl[] = [
  fixed("s.len", (s: string) => (SURROGATE.test(s) ? codePointLength(s) : s.length)),

  fixed("s.substr", (s: string, start: number, end: number) => {
    if (!SURROGATE.test(s)) return s.slice(start, end);
    return Array.from(s).slice(start, end).join("");
  }),

  fixed("s.substrto", (s: string, start: number, end: number, replacement: string) => {
    if (!SURROGATE.test(s)) {
      const [a, b] = startEnd(s.length, start, end);
      return s.slice(0, a) + replacement + s.slice(b);
    }
    const cps = Array.from(s);
    const [a, b] = startEnd(cps.length, start, end);
    return cps.slice(0, a).join("") + replacement + cps.slice(b).join("");
  }),

  fixed("s.contains", (haystack: string, needle: string) => haystack.includes(needle)),

  fixed("s.count", (haystack: string, needle: string) => {
    if (haystack.length === 0 || needle.length === 0) return 0;
    let n = 0;
    for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
    return n;
  }),

  fixed("s.index", (haystack: string, needle: string) => {
    const i = haystack.indexOf(needle);
    return i < 0 ? -1 : codePointIndex(haystack, i);
  }),

  fixed("s.rindex", (haystack: string, needle: string) => {
    const i = haystack.lastIndexOf(needle);
    return i < 0 ? -1 : codePointIndex(haystack, i);
  }),

  fixed("s.startswith", (haystack: string, needle: string) => haystack.startsWith(needle)),

  fixed("s.endswith", (haystack: string, needle: string) => haystack.endsWith(needle)),

  fixed("s.join", (array: string[], sep: string) => array.join(sep)),

  fixed("s.split", (s: string, sep: string) => (sep.length === 0 ? [] : s.split(sep))),

  bySite("s.hex", (site) => {
    const negative = (): never => {
      throw new PFARuntimeError(39111, "negative number", "s.hex");
    };
    if (site.sigIndex === 0) return (x: Long) => (x < 0 ? negative() : x.toString(16));
    return (x: Long, width: number, zeroPad: boolean) => (x < 0 ? negative() : padWidth(x.toString(16), width, zeroPad, 39110, "s.hex"));
  }),

  bySite("s.int", (site) => (site.sigIndex === 0 ? (x: Long) => String(x) : formatInt(39240, "s.int"))),

  // Deprecated integer signatures behave as s.int (with this function's error code).
  bySite("s.number", (site) => {
    switch (site.sigIndex) {
      case 0:
        return (x: Long) => String(x);
      case 1:
        return formatInt(39120, "s.number");
      case 2:
        return (x: number, width: number | null, precision: number | null) => formatDouble(x, width, precision, 0.0001, 100000);
      default:
        return formatDouble;
    }
  }),

  fixed("s.concat", (x: string, y: string) => x + y),

  fixed("s.repeat", (s: string, n: number) => (n <= 0 ? "" : s.repeat(n))),

  fixed("s.lower", (s: string) => s.toLowerCase()),

  fixed("s.upper", (s: string) => s.toUpperCase()),

  fixed("s.lstrip", (s: string, chars: string) => lstrip(s, charSet(chars))),

  fixed("s.rstrip", (s: string, chars: string) => rstrip(s, charSet(chars))),

  fixed("s.strip", (s: string, chars: string) => {
    const set = charSet(chars);
    return rstrip(lstrip(s, set), set);
  }),

  fixed("s.replaceall", (s: string, original: string, replacement: string) => {
    if (original.length > 0) return s.split(original).join(replacement);
    // An empty original matches before, between (code points) and after every character.
    if (s.length === 0) return replacement;
    return replacement + Array.from(s).join(replacement) + replacement;
  }),

  fixed("s.replacefirst", (s: string, original: string, replacement: string) => {
    const i = s.indexOf(original);
    return i < 0 ? s : s.slice(0, i) + replacement + s.slice(i + original.length);
  }),

  fixed("s.replacelast", (s: string, original: string, replacement: string) => {
    const i = s.lastIndexOf(original);
    return i < 0 ? s : s.slice(0, i) + replacement + s.slice(i + original.length);
  }),

  fixed("s.translate", (s: string, oldchars: string, newchars: string) => {
    const news = Array.from(newchars);
    const table = new Map<string, string>();
    let i = 0;
    for (const c of oldchars) {
      if (!table.has(c)) table.set(c, i < news.length ? news[i]! : "");
      i++;
    }
    if (table.size === 0) return s;
    let out = "";
    for (const c of s) {
      const r = table.get(c);
      out += r === undefined ? c : r;
    }
    return out;
  }),
];
