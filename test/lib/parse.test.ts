import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/parse.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { type AvroType, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[]): CompiledFunction {
  return generateSite(functions, name, paramTypes, 0, () => 0.5, T.null);
}


test("every function of the module is implemented once", () => {
  assert.deepEqual(functions.map((f) => f.name), ["parse.int", "parse.long", "parse.float", "parse.double"]);
});

test("parse.int in any base, ignoring surrounding whitespace and case", () => {
  const p = gen("parse.int", [T.string, T.int]);
  assert.equal(p("314", 10), 314);
  assert.equal(p(" \n  314 \t ", 5), 84);
  assert.equal(p("-FF", 16), -255);
  assert.equal(p("+z", 36), 35);
  assert.equal(p("2147483647", 10), 2147483647);
  assert.equal(p("-2147483648", 10), -2147483648);
  assert.ok(Object.is(p("-0", 10), 0));
  throwsCode(() => p("2147483648", 10), 33000);
  throwsCode(() => p("314", 2), 33000);
  throwsCode(() => p("1_000", 10), 33000);
  throwsCode(() => p("0x1f", 16), 33000);
  throwsCode(() => p("", 10), 33000);
  throwsCode(() => p("-", 10), 33000);
  throwsCode(() => p("1 2", 10), 33000);
  throwsCode(() => p("99999999999999999999999", 10), 33000);
  throwsCode(() => p("1", 1), 33001);
  throwsCode(() => p("1", 37), 33001);
});

test("parse.long is exact to 64 bits", () => {
  const p = gen("parse.long", [T.string, T.int]);
  assert.equal(p("9223372036854775807", 10), 2n ** 63n - 1n);
  assert.equal(p("-9223372036854775808", 10), -(2n ** 63n));
  assert.equal(p("9007199254740993", 10), 9007199254740993n);
  assert.equal(p("9007199254740991", 10), 9007199254740991);
  assert.equal(p("-7fffffffffffffff", 16), -(2n ** 63n - 1n));
  throwsCode(() => p("9223372036854775808", 10), 33010);
  throwsCode(() => p("12.5", 10), 33010);
  throwsCode(() => p("1", 0), 33011);
});

test("parse.float and parse.double accept the documented forms only", () => {
  const d = gen("parse.double", [T.string]);
  const f = gen("parse.float", [T.string]);
  assert.equal(d(" 3.14 "), 3.14);
  assert.equal(d("-123"), -123);
  assert.equal(d(".5"), 0.5);
  assert.equal(d("5."), 5);
  assert.equal(d("3E12"), 3e12);
  assert.equal(d("1e-400"), 0);
  assert.equal(d("-1e400"), -Infinity);
  assert.equal(d("INF"), Infinity);
  assert.equal(d("+inf"), Infinity);
  assert.equal(d("-Inf"), -Infinity);
  assert.ok(Number.isNaN(d("NaN")));
  assert.equal(f("3.14"), Math.fround(3.14));
  assert.equal(f("1e39"), Infinity);
  assert.equal(f("1e-50"), 0);
  throwsCode(() => d("3.14e12e13"), 33030);
  throwsCode(() => d("12f3"), 33030);
  throwsCode(() => d("0x10"), 33030);
  throwsCode(() => d("infinity"), 33030);
  throwsCode(() => d("1_0"), 33030);
  throwsCode(() => d(""), 33030);
  throwsCode(() => d("."), 33030);
  throwsCode(() => f("ff"), 33020);
});
