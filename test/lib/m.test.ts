import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/m.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { type AvroType, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[], sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.null);
}


const D = [T.double];

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 27);
  assert.equal(new Set(names).size, 27);
});

test("constants", () => {
  assert.equal(gen("m.pi", [])(), Math.PI);
  assert.equal(gen("m.e", [])(), Math.E);
});

test("abs by type, with the single overflowing int and long", () => {
  assert.equal(gen("m.abs", [T.int])(-5), 5);
  throwsCode(() => gen("m.abs", [T.int])(-2147483648), 27020);
  assert.equal(gen("m.abs", [T.long])(-(2n ** 62n)), 2n ** 62n);
  assert.equal(gen("m.abs", [T.long])(-(2 ** 53) + 1), 2 ** 53 - 1);
  throwsCode(() => gen("m.abs", [T.long])(-(2n ** 63n)), 27021);
  assert.equal(gen("m.abs", [T.double])(-Infinity), Infinity);
  assert.ok(Object.is(gen("m.abs", [T.double])(-0), 0));
});

test("domains give NaN and infinities, not errors", () => {
  assert.ok(Number.isNaN(gen("m.acos", D)(2)));
  assert.ok(Number.isNaN(gen("m.asin", D)(-2)));
  assert.ok(Number.isNaN(gen("m.sqrt", D)(-1)));
  assert.equal(gen("m.ln", D)(0), -Infinity);
  assert.ok(Number.isNaN(gen("m.ln", D)(-1)));
  assert.equal(gen("m.log10", D)(1000), 3);
  assert.equal(gen("m.ln1p", D)(-1), -Infinity);
  assert.ok(Number.isNaN(gen("m.sin", D)(Infinity)));
  assert.equal(gen("m.atan2", [T.double, T.double])(1, 0), Math.PI / 2);
  assert.equal(gen("m.hypot", [T.double, T.double])(Infinity, Number.NaN), Infinity);
  assert.ok(Math.abs((gen("m.hypot", [T.double, T.double])(3e200, 4e200) as number) / 5e200 - 1) < 1e-15);
});

test("expm1 and ln1p keep precision near zero", () => {
  assert.equal(gen("m.expm1", D)(1e-20), 1e-20);
  assert.equal(gen("m.ln1p", D)(1e-20), 1e-20);
});

test("log with an integer base", () => {
  const log = gen("m.log", [T.double, T.int]);
  assert.ok(Math.abs((log(8, 2) as number) - 3) < 1e-15);
  assert.equal(log(0, 10), -Infinity);
  assert.ok(Number.isNaN(log(-1, 10)));
  assert.equal(log(2, 1), Infinity);
  assert.equal(log(0.5, 1), -Infinity);
  assert.ok(Number.isNaN(log(1, 1)));
  throwsCode(() => log(5, 0), 27170);
  throwsCode(() => log(5, -2), 27170);
});

test("round is floor(x + 0.5), with overflow errors for results out of range and non-finite input", () => {
  const rf = gen("m.round", [T.float], 0);
  const rd = gen("m.round", D, 1);
  assert.equal(rf(2.5), 3);
  assert.equal(rf(-2.5), -2);
  assert.ok(Object.is(rf(-0.4), 0));
  throwsCode(() => rf(3e9), 27190);
  throwsCode(() => rf(Number.NaN), 27190);
  throwsCode(() => rf(Infinity), 27190);
  assert.equal(rd(-3.5), -3);
  assert.equal(rd(2 ** 60), 2n ** 60n);
  assert.equal(rd(-(2 ** 63)), -(2n ** 63n));
  throwsCode(() => rd(2 ** 63), 27191);
  throwsCode(() => rd(Number.NaN), 27191);
  throwsCode(() => rd(-Infinity), 27191);
});

test("rint rounds half to even", () => {
  const rint = gen("m.rint", D);
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map((x) => rint(x) as number), [0, 2, 2, -0, -2, 2, 3]);
  assert.equal(rint(Infinity), Infinity);
  assert.ok(Number.isNaN(rint(Number.NaN)));
});

test("signum, ceil, floor", () => {
  const s = gen("m.signum", D);
  assert.deepEqual([s(-3), s(0), s(2), s(Number.NaN), s(-Infinity)], [-1, 0, 1, 0, -1]);
  assert.equal(gen("m.ceil", D)(-1.5), -1);
  assert.equal(gen("m.floor", D)(-1.5), -2);
});

test("copysign for every numeric type", () => {
  assert.equal(gen("m.copysign", [T.int, T.int])(5, -1), -5);
  assert.equal(gen("m.copysign", [T.int, T.int])(-5, 0), 5);
  assert.ok(Object.is(gen("m.copysign", [T.int, T.int])(0, -3), 0));
  assert.equal(gen("m.copysign", [T.int, T.int])(-2147483648, 1), -2147483648);
  assert.equal(gen("m.copysign", [T.long, T.long])(2n ** 60n, -3), -(2n ** 60n));
  assert.equal(gen("m.copysign", [T.long, T.long])(-7, 1), 7);
  assert.equal(gen("m.copysign", [T.double, T.double])(3, -0), -3);
  assert.equal(gen("m.copysign", [T.double, T.double])(-3, 0), 3);
  assert.equal(gen("m.copysign", [T.float, T.float])(Math.fround(1.5), -2), -1.5);
});

test("hyperbolic and trigonometric functions", () => {
  assert.equal(gen("m.cosh", D)(0), 1);
  assert.equal(gen("m.sinh", D)(0), 0);
  assert.equal(gen("m.tanh", D)(Infinity), 1);
  assert.equal(gen("m.cos", D)(0), 1);
  assert.equal(gen("m.tan", D)(0), 0);
  assert.equal(gen("m.atan", D)(Infinity), Math.PI / 2);
  assert.equal(gen("m.exp", D)(0), 1);
});
