import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/bytes.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

/** The call site of `name` with its bytes signature (0) or, for the testers, its string signature (1). */
function gen(name: string, sigIndex = 0): CompiledFunction {
  const x = name.startsWith("bytes.encode") || name === "bytes.fromBase64" || sigIndex === 1 ? T.string : T.bytes;
  const params = name === "bytes.subseq" ? [T.bytes, T.int, T.int] : name === "bytes.subseqto" ? [T.bytes, T.int, T.int, T.bytes] : [x];
  return generateSite(functions, name, params, sigIndex);
}

const b = (...xs: number[]): Uint8Array => new Uint8Array(xs);
const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "latin1"));

test("every function of the module is implemented", () => {
  assert.equal(functions.length, 23);
});

test("len, subseq and subseqto follow Python's slices and leave their arguments alone", () => {
  assert.equal(gen("bytes.len")(b()), 0);
  assert.equal(gen("bytes.len")(ascii("hello")), 5);
  const sub = gen("bytes.subseq");
  const x = ascii("hello");
  assert.deepEqual(sub(x, 1, 3), ascii("el"));
  assert.deepEqual(sub(x, -3, -1), ascii("ll"));
  assert.deepEqual(sub(x, 3, 1), b());
  assert.deepEqual(sub(x, -100, 100), x);
  assert.notEqual(sub(x, 0, 5), x);
  assert.deepEqual(sub(b(), 0, -1), b());
  const to = gen("bytes.subseqto");
  assert.deepEqual(to(x, 1, 3, ascii("XYZ")), ascii("hXYZlo"));
  assert.deepEqual(to(x, 3, 1, ascii("-")), ascii("hel-lo"));
  assert.deepEqual(to(x, -1, 100, b()), ascii("hell"));
  assert.deepEqual(to(x, 100, 200, ascii("!")), ascii("hello!"));
  assert.deepEqual(to(b(), 0, 0, b(0xff)), b(0xff));
  assert.deepEqual(x, ascii("hello"));
});

test("testers of bytes", () => {
  const t = (name: string, x: Uint8Array): unknown => gen(name)(x);
  assert.equal(t("bytes.isAscii", ascii("hello")), true);
  assert.equal(t("bytes.isAscii", b(0x7f, 0x80)), false);
  assert.equal(t("bytes.isLatin1", b(0xff, 0x80, 0)), true);
  assert.equal(t("bytes.isUtf8", b()), true);
  assert.equal(t("bytes.isUtf8", b(0xe2, 0x88, 0x92)), true);
  assert.equal(t("bytes.isUtf8", b(0x80)), false);
  assert.equal(t("bytes.isUtf8", b(0xff, 0x80, 0)), false);
  assert.equal(t("bytes.isUtf8", b(0xc0, 0xaf)), false); // overlong
  assert.equal(t("bytes.isUtf8", b(0xed, 0xa0, 0x80)), false); // encoded surrogate
  assert.equal(t("bytes.isUtf8", b(0xf4, 0x90, 0x80, 0x80)), false); // beyond U+10FFFF
  assert.equal(t("bytes.isUtf8", b(0xe2, 0x88)), false); // truncated
  assert.equal(t("bytes.isUtf16le", b()), true);
  assert.equal(t("bytes.isUtf16le", b(0x61)), false); // odd length
  assert.equal(t("bytes.isUtf16le", b(0x61, 0, 0x3d, 0xd8, 0x00, 0xde)), true); // a, U+1F600
  assert.equal(t("bytes.isUtf16le", b(0x3d, 0xd8)), false); // high surrogate at the end
  assert.equal(t("bytes.isUtf16le", b(0x3d, 0xd8, 0x61, 0)), false); // high surrogate without its low one
  assert.equal(t("bytes.isUtf16le", b(0x00, 0xde)), false); // lone low surrogate
  assert.equal(t("bytes.isUtf16be", b(0xd8, 0x3d, 0xde, 0x00)), true);
  assert.equal(t("bytes.isUtf16be", b(0x00, 0xde, 0xd8, 0x3d)), false); // little-endian order
  assert.equal(t("bytes.isUtf16", b(0xfe, 0xff, 0xd8, 0x3d, 0xde, 0x00)), true);
  assert.equal(t("bytes.isUtf16", b(0xff, 0xfe, 0xd8, 0x3d, 0xde, 0x00)), true); // U+3DD8 U+00DE
  assert.equal(t("bytes.isUtf16", b(0xff, 0xfe, 0x00, 0xdc)), false);
  assert.equal(t("bytes.isUtf16", b(0xfe, 0xff, 0x00, 0xdc)), true);
  assert.equal(t("bytes.isUtf16", b(0x3d, 0xd8, 0x00, 0xde)), true); // no mark: little endian
  assert.equal(t("bytes.isUtf16", b(0xff, 0xfe, 0x61)), false);
});

test("testers of strings", () => {
  const t = (name: string, s: string): unknown => gen(name, 1)(s);
  assert.equal(t("bytes.isAscii", "hello"), true);
  assert.equal(t("bytes.isAscii", "caf\u00e9"), false);
  assert.equal(t("bytes.isLatin1", "caf\u00e9"), true);
  assert.equal(t("bytes.isLatin1", "oneee\u2212two"), false);
  for (const name of ["bytes.isUtf8", "bytes.isUtf16", "bytes.isUtf16be", "bytes.isUtf16le"]) {
    assert.equal(t(name, ""), true);
    assert.equal(t(name, "oneee\u2212two \u{1f600}"), true);
    assert.equal(t(name, "a\ud800"), false);
    assert.equal(t(name, "\udc00a"), false);
    assert.equal(t(name, "\ud800\ud800\udc00"), false);
  }
});

test("decoders", () => {
  const d = (name: string, x: Uint8Array): unknown => gen(name)(x);
  assert.equal(d("bytes.decodeAscii", ascii("hello\u0000")), "hello\u0000");
  throwsCode(() => d("bytes.decodeAscii", b(0xff, 0x80, 0)), 16090);
  assert.equal(d("bytes.decodeLatin1", b(0xff, 0x80, 0)), "\u00ff\u0080\u0000");
  assert.equal(d("bytes.decodeUtf8", b()), "");
  assert.equal(d("bytes.decodeUtf8", b(0xef, 0xbb, 0xbf, 0xe2, 0x88, 0x92, 0xf0, 0x9f, 0x98, 0x80)), "\ufeff\u2212\u{1f600}");
  throwsCode(() => d("bytes.decodeUtf8", b(0x80)), 16110);
  throwsCode(() => d("bytes.decodeUtf8", b(0xed, 0xa0, 0x80)), 16110);
  assert.equal(d("bytes.decodeUtf16le", b(0x61, 0, 0x3d, 0xd8, 0x00, 0xde)), "a\u{1f600}");
  assert.equal(d("bytes.decodeUtf16le", b(0xff, 0xfe, 0x61, 0)), "\ufeffa"); // the mark is a character here
  throwsCode(() => d("bytes.decodeUtf16le", b(0x61)), 16140);
  throwsCode(() => d("bytes.decodeUtf16le", b(0x00, 0xdc)), 16140);
  assert.equal(d("bytes.decodeUtf16be", b(0, 0x61, 0xd8, 0x3d, 0xde, 0x00)), "a\u{1f600}");
  throwsCode(() => d("bytes.decodeUtf16be", b(0)), 16130);
  throwsCode(() => d("bytes.decodeUtf16be", b(0xd8, 0x3d)), 16130);
  assert.equal(d("bytes.decodeUtf16", b()), "");
  assert.equal(d("bytes.decodeUtf16", b(0xff, 0xfe)), "");
  assert.equal(d("bytes.decodeUtf16", b(0xff, 0xfe, 0x61, 0, 0xff, 0xfe)), "a\ufeff");
  assert.equal(d("bytes.decodeUtf16", b(0xfe, 0xff, 0, 0x61, 0x22, 0x12)), "a\u2212");
  assert.equal(d("bytes.decodeUtf16", b(0x61, 0)), "a");
  throwsCode(() => d("bytes.decodeUtf16", b(0xff, 0xfe, 0x61)), 16120);
  throwsCode(() => d("bytes.decodeUtf16", ascii("hello")), 16120);
  throwsCode(() => d("bytes.decodeUtf16", b(0xfe, 0xff, 0xdc, 0)), 16120);
  const x = b(0xfe, 0xff, 0, 0x61);
  d("bytes.decodeUtf16", x);
  assert.deepEqual(x, b(0xfe, 0xff, 0, 0x61));
});

test("encoders", () => {
  const e = (name: string, s: string): unknown => gen(name)(s);
  assert.deepEqual(e("bytes.encodeAscii", ""), b());
  assert.deepEqual(e("bytes.encodeAscii", "o"), b(0x6f));
  throwsCode(() => e("bytes.encodeAscii", "\u2212"), 16150);
  throwsCode(() => e("bytes.encodeAscii", "\u00e9"), 16150);
  assert.deepEqual(e("bytes.encodeLatin1", "\u00ff\u0000"), b(0xff, 0));
  throwsCode(() => e("bytes.encodeLatin1", "oneee\u2212two"), 16160);
  assert.deepEqual(e("bytes.encodeUtf8", "\u2212\u{1f600}"), b(0xe2, 0x88, 0x92, 0xf0, 0x9f, 0x98, 0x80));
  throwsCode(() => e("bytes.encodeUtf8", "\ud800"), 16170);
  assert.deepEqual(e("bytes.encodeUtf16", ""), b(0xff, 0xfe));
  assert.deepEqual(e("bytes.encodeUtf16", "o\u2212"), b(0xff, 0xfe, 0x6f, 0, 0x12, 0x22));
  throwsCode(() => e("bytes.encodeUtf16", "\udc00"), 16180);
  assert.deepEqual(e("bytes.encodeUtf16be", "o\u{1f600}"), b(0, 0x6f, 0xd8, 0x3d, 0xde, 0x00));
  throwsCode(() => e("bytes.encodeUtf16be", "a\ud800b"), 16190);
  assert.deepEqual(e("bytes.encodeUtf16le", "o\u{1f600}"), b(0x6f, 0, 0x3d, 0xd8, 0x00, 0xde));
  throwsCode(() => e("bytes.encodeUtf16le", "\ud800"), 16200);
  for (const name of ["bytes.encodeAscii", "bytes.encodeUtf8", "bytes.encodeUtf16le"]) {
    const out = e(name, "a") as Uint8Array;
    assert.equal(Object.getPrototypeOf(out), Uint8Array.prototype);
  }
});

test("base64", () => {
  const to = gen("bytes.toBase64");
  const from = gen("bytes.fromBase64");
  assert.equal(to(b()), "");
  assert.equal(to(b(0xff, 0x80, 0)), "/4AA");
  assert.equal(to(ascii("hello")), "aGVsbG8=");
  assert.equal(to(new Uint8Array([9, 0xff, 0x80, 0, 9]).subarray(1, 4)), "/4AA");
  assert.deepEqual(from("aGVsbG8="), ascii("hello"));
  assert.deepEqual(from(""), b());
  assert.deepEqual(from("YWJj"), ascii("abc"));
  assert.deepEqual(from("YQ=="), ascii("a"));
  assert.deepEqual(from("YQ===="), ascii("a"));
  assert.deepEqual(from("YWI="), ascii("ab"));
  assert.deepEqual(from("YR=="), ascii("a")); // unused low bits are ignored
  assert.deepEqual(from("=="), b());
  for (const s of ["YQ", "YQ=", "YWI", "Y", "Y==", "YWJjZA", "a b=", "aGVs\nbG8=", "YQ==YQ==", "-_8=", "aGVsbG8=\n"]) {
    throwsCode(() => from(s), 16220);
  }
});
