import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/s.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { AvroArray, type AvroType, AvroUnion, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[], sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.string);
}


const S = T.string;
const I = T.int;
const intOrNull = new AvroUnion([T.int, T.null]);

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 25);
  assert.equal(new Set(names).size, 25);
});

test("len, substr and substrto count code points (a non-BMP character is one)", () => {
  const len = gen("s.len", [S]);
  assert.equal(len("hello"), 5);
  assert.equal(len(""), 0);
  assert.equal(len("a😀b"), 3);
  const substr = gen("s.substr", [S, I, I]);
  assert.equal(substr("hello", 1, 3), "el");
  assert.equal(substr("hello", -3, -1), "ll");
  assert.equal(substr("hello", 3, 1), "");
  assert.equal(substr("hello", -100, 100), "hello");
  assert.equal(substr("a😀b", 1, 2), "😀");
  assert.equal(substr("a😀b", -1, 100), "b");
  const substrto = gen("s.substrto", [S, I, I, S]);
  assert.equal(substrto("hello", 1, 3, "XY"), "hXYlo");
  assert.equal(substrto("hello", 3, 1, "XY"), "helXYlo");
  assert.equal(substrto("hello", -2, 100, ""), "hel");
  assert.equal(substrto("a😀b", 1, 2, "-"), "a-b");
});

test("searching", () => {
  assert.equal(gen("s.contains", [S, S])("hello", ""), true);
  assert.equal(gen("s.contains", [S, S])("", "o"), false);
  const count = gen("s.count", [S, S]);
  assert.equal(count("hello", ""), 0);
  assert.equal(count("", ""), 0);
  assert.equal(count("aaaa", "aa"), 2);
  assert.equal(count("oneee−two", "o"), 2);
  const index = gen("s.index", [S, S]);
  const rindex = gen("s.rindex", [S, S]);
  assert.equal(index("hello", "l"), 2);
  assert.equal(index("hello", "z"), -1);
  assert.equal(index("", ""), 0);
  assert.equal(rindex("hello", "l"), 3);
  assert.equal(rindex("hello", ""), 5);
  assert.equal(index("😀😀x", "x"), 2);
  assert.equal(rindex("😀x😀x", "x"), 3);
  assert.equal(gen("s.startswith", [S, S])("hello", "he"), true);
  assert.equal(gen("s.endswith", [S, S])("hello", "he"), false);
  assert.equal(gen("s.endswith", [S, S])("", ""), true);
});

test("join and split follow Python", () => {
  assert.equal(gen("s.join", [new AvroArray(S), S])(["a", "b", "c"], ", "), "a, b, c");
  assert.equal(gen("s.join", [new AvroArray(S), S])([], "x"), "");
  const split = gen("s.split", [S, S]);
  assert.deepEqual(split("a,b,,c", ","), ["a", "b", "", "c"]);
  assert.deepEqual(split("", "o"), [""]);
  assert.deepEqual(split("hello", "o"), ["hell", ""]);
  assert.deepEqual(split("hello", ""), []);
});

test("hex", () => {
  const hex1 = gen("s.hex", [T.long], 0);
  assert.equal(hex1(255), "ff");
  assert.equal(hex1(0), "0");
  assert.equal(hex1(2n ** 62n), "4000000000000000");
  throwsCode(() => hex1(-1), 39111);
  throwsCode(() => hex1(-(2n ** 60n)), 39111);
  const hex = gen("s.hex", [T.long, I, T.boolean], 1);
  assert.equal(hex(17, 5, false), "   11");
  assert.equal(hex(17, -5, false), "11   ");
  assert.equal(hex(17, 5, true), "00011");
  assert.equal(hex(100, 1, true), "64");
  assert.equal(hex(17, 0, false), "");
  throwsCode(() => hex(17, -5, true), 39110);
  // the sign is checked first
  throwsCode(() => hex(-17, -5, true), 39111);
});

test("int", () => {
  assert.equal(gen("s.int", [T.long], 0)(-17), "-17");
  assert.equal(gen("s.int", [T.long], 0)(2n ** 63n - 1n), "9223372036854775807");
  const f = gen("s.int", [T.long, I, T.boolean], 1);
  assert.equal(f(-2, 5, true), "-0002");
  assert.equal(f(-2, 5, false), "   -2");
  assert.equal(f(-2, -5, false), "-2   ");
  assert.equal(f(-17, 1, true), "-17");
  assert.equal(f(5, 0, true), "");
  throwsCode(() => f(5, -1, true), 39240);
});

test("number: integer signatures and error codes", () => {
  assert.equal(gen("s.number", [T.long], 0)(42), "42");
  const f = gen("s.number", [T.long, I, T.boolean], 1);
  assert.equal(f(42, 5, true), "00042");
  throwsCode(() => f(42, -5, true), 39120);
  const g = gen("s.number", [T.double, intOrNull, intOrNull], 2);
  throwsCode(() => g(1.5, null, -1), 39121);
});

test("number: doubles, fixed and exponential forms", () => {
  const f = gen("s.number", [T.double, intOrNull, intOrNull], 2);
  assert.equal(f(3.14159, null, null), "3.14159");
  assert.equal(f(1, null, null), "1.0");
  assert.equal(f(-100, null, null), "-100.0");
  assert.equal(f(0, null, null), "0.0");
  assert.equal(f(-0, null, null), "0.0");
  assert.equal(f(1e-5, null, null), "1.0e-05");
  assert.equal(f(123456789, null, null), "1.234568e+08");
  assert.equal(f(1e300, null, null), "1.0e+300");
  assert.equal(f(NaN, null, null), "nan");
  assert.equal(f(-Infinity, 6, null), "  -inf");
  assert.equal(f(-17, -17, 2), "-17.00           ");
  assert.equal(f(0.9, 17, 17), "0.90000000000000002");
  assert.equal(f(0.5, null, 0), "0"); // exact ties round to even
  assert.equal(f(2.5, null, 0), "2");
  assert.equal(f(0.125, null, 2), "0.12");
  assert.equal(f(-1e-5, -5, 0), "-1e-05");
  assert.equal(f(1e-5, null, 100), "1.0000000000000000818030539140313095458623138256371021270751953125000000000000000000000000000000000000e-05");
  // without a precision, width pads the shortened form; width 0 empties it (as the reference does)
  assert.equal(f(1.5, 10, null), "       1.5");
  assert.equal(f(1.5, -10, null), "1.5       ");
  assert.equal(f(1.5, 0, null), "");
  assert.equal(f(0.123457, 0, null), "0.123457");
  const g = gen("s.number", [T.double, intOrNull, intOrNull, T.double, T.double], 3);
  assert.equal(g(1, 0, 0, 17, 17), "1e+00");
  assert.equal(g(-100, null, null, -100, 100), "-100.0");
  assert.equal(g(17, null, null, -0.1, NaN), "1.7e+01");
  assert.equal(g(1e20, null, 1, 0, Infinity), "100000000000000000000.0");
  assert.equal(g(9.99999999, null, 2, 100, 1000), "1.00e+01");
});

test("concat, repeat, lower, upper", () => {
  assert.equal(gen("s.concat", [S, S])("a", "b"), "ab");
  const repeat = gen("s.repeat", [S, I]);
  assert.equal(repeat("ab", 3), "ababab");
  assert.equal(repeat("ab", 0), "");
  assert.equal(repeat("ab", -5), "");
  assert.equal(gen("s.lower", [S])("HeLLo"), "hello");
  assert.equal(gen("s.upper", [S])("oneee−two"), "ONEEE−TWO");
});

test("strip functions treat chars as a set of code points", () => {
  assert.equal(gen("s.lstrip", [S, S])("oneee−two", "hello"), "neee−two");
  assert.equal(gen("s.rstrip", [S, S])("hello", "o"), "hell");
  assert.equal(gen("s.strip", [S, S])("xxhixx", "x"), "hi");
  assert.equal(gen("s.strip", [S, S])("  hi ", ""), "  hi ");
  assert.equal(gen("s.strip", [S, S])("😀hi😀", "😀"), "hi");
  assert.equal(gen("s.rstrip", [S, S])("hi😀😀", "😀"), "hi");
  assert.equal(gen("s.lstrip", [S, S])("aaa", "a"), "");
});

test("replacements", () => {
  const all = gen("s.replaceall", [S, S, S]);
  assert.equal(all("hello", "l", "L"), "heLLo");
  assert.equal(all("hello", "", "-"), "-h-e-l-l-o-");
  assert.equal(all("", "", "o"), "o");
  assert.equal(all("a😀", "", "-"), "-a-😀-");
  assert.equal(all("a.b", ".", "$&"), "a$&b"); // no replacement patterns
  const first = gen("s.replacefirst", [S, S, S]);
  assert.equal(first("hello", "l", "L"), "heLlo");
  assert.equal(first("hello", "", "o"), "ohello");
  assert.equal(first("", "", "o"), "o");
  assert.equal(first("hello", "z", "o"), "hello");
  const last = gen("s.replacelast", [S, S, S]);
  assert.equal(last("hello", "l", "L"), "helLo");
  assert.equal(last("hello", "", "o"), "helloo");
  assert.equal(last("", "", "o"), "o");
  assert.equal(last("aaa", "aa", "b"), "ab");
});

test("translate", () => {
  const tr = gen("s.translate", [S, S, S]);
  assert.equal(tr("hello", "o", "hello"), "hellh");
  assert.equal(tr("oneee−two", "hello", "oneee−two"), "ennnn−twe");
  assert.equal(tr("oneee−two", "hello", ""), "n−tw");
  assert.equal(tr("hello", "", "xyz"), "hello");
  assert.equal(tr("a😀b", "😀b", "xy"), "axy");
});
