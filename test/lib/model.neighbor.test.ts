import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/model.neighbor.js";
import { AvroArray, type AvroType, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results of many types
type Fn = (...args: any[]) => any;

function gen(name: string, paramTypes: AvroType[], sigIndex = 0): Fn {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.null) as Fn;
}


const vec = new AvroArray(T.double);
const vecs = new AvroArray(vec);

test("mean: unweighted and weighted, errors", () => {
  const f = gen("model.neighbor.mean", [vecs], 0);
  assert.deepEqual(f([[1, 2], [3, 6]]), [2, 4]);
  assert.deepEqual(f([[]]), []);
  assert.deepEqual(f([[Infinity, 1], [-Infinity, NaN]]).map(String), ["NaN", "NaN"]);
  throwsCode(() => f([]), 30000);
  throwsCode(() => f([[1], [1, 2]]), 30001);
  const g = gen("model.neighbor.mean", [vecs], 1);
  assert.deepEqual(g([[0, 0], [4, 8]], (p: number[]) => (p[0] === 0 ? 3 : 1)), [1, 2]);
  throwsCode(() => g([], () => 1), 30000);
  throwsCode(() => g([[1], []], () => 1), 30001);
});

test("nearestK: default metric, dimension check, k bounds", () => {
  const f = gen("model.neighbor.nearestK", [T.int, vec, vecs], 0);
  const cb = [[5, 5], [1, 1], [0, 0], [1, 1]];
  assert.deepEqual(f(2, [0.1, 0.1], cb), [[0, 0], [1, 1]]);
  assert.deepEqual(f(10, [0.1, 0.1], cb), [[0, 0], [1, 1], [1, 1], [5, 5]]);
  assert.deepEqual(f(0, [0, 0], cb), []);
  assert.deepEqual(f(3, [0], []), []);
  throwsCode(() => f(-1, [0, 0], cb), 30010);
  throwsCode(() => f(1, [0], cb), 30011);
  const g = gen("model.neighbor.nearestK", [T.int, T.int, new AvroArray(T.int)], 1);
  const m = (a: unknown, b: unknown) => Math.abs((a as number) - (b as number));
  assert.deepEqual(g(2, 4, [1, 10, 5, 3], m), [5, 3]);
  throwsCode(() => g(-2, 4, [], m), 30010);
});

test("ballR: strictly within r", () => {
  const f = gen("model.neighbor.ballR", [T.double, vec, vecs], 0);
  assert.deepEqual(f(5, [0, 0], [[3, 4], [3, 3.9], [0, 0], [10, 0]]), [[3, 3.9], [0, 0]]);
  assert.deepEqual(f(0, [0], [[0]]), []);
  assert.deepEqual(f(1, [0], []), []);
  const g = gen("model.neighbor.ballR", [T.double, T.int, new AvroArray(T.int)], 1);
  const m = (a: unknown, b: unknown) => (a as number) + (b as number);
  assert.deepEqual(g(2, 0, [1, -1, 2, 3], m), [1, -1]);
});
