import { test } from "node:test";
import assert from "node:assert/strict";
import { erf, erfc, functions, lnGamma } from "../../src/pfa/lib/m.special.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { type AvroType, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[]): CompiledFunction {
  return generateSite(functions, name, paramTypes, 0, () => 0.5, T.null);
}


function close(actual: number, expected: number, rel = 1e-14): void {
  const ok = actual === expected || Math.abs(actual - expected) <= rel * Math.max(Math.abs(actual), Math.abs(expected));
  assert.ok(ok, `${actual} is not within ${rel} of ${expected}`);
}

test("every function of the module is implemented once", () => {
  assert.deepEqual(
    functions.map((f) => f.name),
    ["m.special.nChooseK", "m.special.lnBeta", "m.special.erf", "m.special.erfc", "m.special.lnGamma"],
  );
});

test("nChooseK is exact, with domain errors for k <= 0, k >= n and results beyond the int range", () => {
  const c = gen("m.special.nChooseK", [T.int, T.int]);
  assert.equal(c(10, 5), 252);
  assert.equal(c(5, 1), 5);
  assert.equal(c(33, 16), 1166803110);
  assert.equal(c(2147483647, 1), 2147483647);
  assert.equal(c(65536, 2), 2147450880);
  assert.equal(c(1000000, 999999), 1000000);
  throwsCode(() => c(10, 0), 36000);
  throwsCode(() => c(10, -1), 36000);
  throwsCode(() => c(10, 10), 36000);
  throwsCode(() => c(2, 5), 36000);
  throwsCode(() => c(34, 17), 36000);
  throwsCode(() => c(2147483647, 2), 36000);
});

test("erf and erfc to near machine precision (reference values from mpmath)", () => {
  close(erf(1e-5), 1.1283791670579e-5);
  close(erf(0.5), 0.5204998778130465);
  close(erf(-1), -0.8427007929497149);
  close(erf(2.4), 0.999311486103355);
  close(erf(3), 0.9999779095030014);
  assert.equal(erf(10), 1);
  assert.equal(erf(-Infinity), -1);
  assert.ok(Object.is(erf(-0), -0));
  close(erfc(0.5), 0.4795001221869535);
  close(erfc(1), 0.15729920705028513);
  close(erfc(1.5), 0.033894853524689274);
  close(erfc(2), 0.004677734981047266);
  close(erfc(5), 1.537459794428035e-12);
  close(erfc(17), 1.0212280150942608e-127);
  close(erfc(25.444776216488453), 1.4700529360142427e-283, 1e-13);
  close(erfc(-1), 1.8427007929497148);
  assert.equal(erfc(100), 0);
  assert.equal(erfc(-100), 2);
  assert.ok(Number.isNaN(erf(Number.NaN)));
  assert.ok(Number.isNaN(erfc(Number.NaN)));
  assert.equal(gen("m.special.erf", [T.double])(0), 0);
  assert.equal(gen("m.special.erfc", [T.double])(0), 1);
});

test("lnGamma is accurate near its zeros at 1 and 2 and for large arguments", () => {
  close(lnGamma(1), 0);
  close(lnGamma(2), 0);
  close(lnGamma(0.99999), 5.772238896093089e-6);
  close(lnGamma(2.000090014870328), 3.8059489897559323e-5);
  close(lnGamma(0.5), 0.5723649429247001);
  close(lnGamma(1e-5), 11.512919692895826);
  close(lnGamma(10), Math.log(362880));
  close(lnGamma(100), 359.1342053695754);
  close(lnGamma(1e10), 220258509288.81058);
  assert.equal(lnGamma(Infinity), Infinity);
  const f = gen("m.special.lnGamma", [T.double]);
  throwsCode(() => f(0), 36050);
  throwsCode(() => f(-1.5), 36050);
  throwsCode(() => f(-Infinity), 36050);
  assert.ok(Number.isNaN(f(Number.NaN)));
});

test("lnBeta with domain errors for non-positive parameters", () => {
  const b = (x: number, y: number) => gen("m.special.lnBeta", [T.double, T.double])(x, y) as number;
  close(b(1, 1), 0);
  close(b(2, 3), Math.log(1 / 12));
  close(b(0.5, 0.5), Math.log(Math.PI));
  throwsCode(() => b(0, 1), 36010);
  throwsCode(() => b(1, -1), 36010);
  throwsCode(() => b(1, -Infinity), 36010);
  assert.ok(Number.isNaN(b(1, Number.NaN)));
});
