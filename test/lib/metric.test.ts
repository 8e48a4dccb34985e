import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/metric.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, [], sigIndex, () => 0.5, T.double);
}


const absDiff = (x: unknown, y: unknown) => Math.abs((x as number) - (y as number));

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 12);
  assert.equal(new Set(names).size, 12);
});

test("simpleEuclidean, absDiff, gaussianSimilarity", () => {
  assert.equal(gen("metric.simpleEuclidean")([0, 0], [3, 4]), 5);
  assert.equal(gen("metric.simpleEuclidean")([], []), 0);
  throwsCode(() => gen("metric.simpleEuclidean")([1], [1, 2]), 28000);
  assert.equal(gen("metric.absDiff")(1, -2), 3);
  const g = gen("metric.gaussianSimilarity");
  assert.equal(g(1, 1, 2), 1);
  assert.ok(Math.abs((g(0, 1, 1) as number) - 0.5) < 1e-15);
  // sigma 0: exp(-inf) or exp(NaN)
  assert.equal(g(0, 1, 0), 0);
  assert.ok(Number.isNaN(g(1, 1, 0)));
});

test("metrics with missing values", () => {
  const eu = gen("metric.euclidean");
  assert.equal(eu(absDiff, [0, 0], [3, 4]), 5);
  // one of three missing: the sum is scaled by 3/2
  assert.ok(Math.abs((eu(absDiff, [0, null, 0], [3, 1, 4]) as number) - Math.sqrt(25 * 1.5)) < 1e-12);
  assert.ok(Number.isNaN(eu(absDiff, [null], [1])));
  assert.ok(Number.isNaN(eu(absDiff, [], [])));
  throwsCode(() => eu(absDiff, [1], [1, 2]), 28030);
  const euw = gen("metric.euclidean", 1);
  assert.ok(Math.abs((euw(absDiff, [0, null], [2, 1], [1, 3]) as number) - Math.sqrt(4 * 4)) < 1e-12);
  throwsCode(() => euw(absDiff, [1], [1], [1, 2]), 28030);
  assert.equal(gen("metric.squaredEuclidean")(absDiff, [0, 0], [3, 4]), 25);
  throwsCode(() => gen("metric.squaredEuclidean", 1)(absDiff, [0], [3], []), 28040);
  assert.equal(gen("metric.chebyshev")(absDiff, [0, 0], [3, 4]), 4);
  throwsCode(() => gen("metric.chebyshev")(absDiff, [0], []), 28050);
  assert.equal(gen("metric.taxicab")(absDiff, [0, 0], [3, 4]), 7);
  throwsCode(() => gen("metric.taxicab")(absDiff, [0], []), 28060);
});

test("minkowski", () => {
  const mk = gen("metric.minkowski");
  assert.ok(Math.abs((mk(absDiff, [0, 0], [3, 4], 2) as number) - 5) < 1e-12);
  assert.equal(mk(absDiff, [0, 0], [3, 4], 1), 7);
  assert.equal(mk(absDiff, [0, 0], [3, 4], Infinity), 4);
  assert.ok(Number.isNaN(mk(absDiff, [null], [1], 2)));
  throwsCode(() => mk(absDiff, [0], [1], 0), 28071);
  throwsCode(() => mk(absDiff, [0], [1], NaN), 28071);
  throwsCode(() => mk(absDiff, [0], [1, 2], -1), 28070); // dimensions first
  const mkw = gen("metric.minkowski", 1);
  throwsCode(() => mkw(absDiff, [0], [1], 2, [1, 1]), 28070);
  assert.equal(mkw(absDiff, [0, null], [1, 1], 1, [1, 1]), 2);
});

test("binary metrics", () => {
  const x = [true, true, false, false];
  const y = [true, false, true, false];
  assert.equal(gen("metric.simpleMatching")(x, y), 0.5);
  assert.equal(gen("metric.jaccard")(x, y), 1 / 3);
  assert.equal(gen("metric.tanimoto")(x, y), 2 / 6);
  assert.ok(Number.isNaN(gen("metric.simpleMatching")([], [])));
  assert.ok(Number.isNaN(gen("metric.jaccard")([false], [false])));
  throwsCode(() => gen("metric.simpleMatching")([true], []), 28080);
  throwsCode(() => gen("metric.jaccard")([true], []), 28090);
  throwsCode(() => gen("metric.tanimoto")([true], []), 28100);
  const bs = gen("metric.binarySimilarity");
  assert.equal(bs(x, y, 1, 0, 0, 1, 1, 1, 1, 1), 0.5);
  throwsCode(() => bs([true], [], 1, 1, 1, 1, 1, 1, 1, 1), 28110);
  // a zero denominator (even a negative zero) gives an infinity by the numerator's sign, or NaN
  assert.equal(bs([true], [true], 0, 0, 0, 1, 0, 0, 0, -0), Infinity);
  assert.equal(bs([true], [true], 0, 0, 0, -1, 0, 0, 0, 0), -Infinity);
  assert.ok(Number.isNaN(bs([true], [true], 0, 0, 0, 0, 0, 0, 0, 0)));
});
