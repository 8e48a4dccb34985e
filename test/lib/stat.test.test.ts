import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/stat.test.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord, mapFromEntries } from "../../src/pfa/runtime.js";
import { generateSite, throwsCode } from "./helpers.js";

const gen = (name: string, sigIndex = 0): CompiledFunction => generateSite(functions, name, [], sigIndex);
const rec = (o: Record<string, unknown>) => makeRecord(Object.keys(o), Object.values(o));
const mv = (o: Record<string, number>) => mapFromEntries(Object.entries(o));
const mm = (o: Record<string, Record<string, number>>) => mapFromEntries(Object.entries(o).map(([k, v]) => [k, mv(v)]));
const plain = (v: unknown): unknown => (typeof v === "object" && v !== null ? { ...v } : v);

function close(actual: unknown, expected: number, tol = 1e-12): void {
  assert.equal(typeof actual, "number");
  const a = actual as number;
  assert.ok(Math.abs(a - expected) <= tol * Math.max(1, Math.abs(expected)), `${a} != ${expected}`);
}

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 7);
  assert.equal(new Set(names).size, 7);
});

test("kolmogorov: identical samples, empty samples, NaN ignored, the reference's statistic", () => {
  const ks = gen("stat.test.kolmogorov");
  assert.equal(ks([], []), 1);
  assert.equal(ks([3, 1, 2], [2, 3, 1, NaN]), 1);
  assert.equal(ks([1], []), 0);
  assert.equal(ks([], [NaN, 1]), 0);
  // D = 0.5 (n = 2 and 1): en = sqrt(2/3), z = (en + 0.12 + 0.11/en) / 2
  close(ks([1e-5, 0.99999], [0]), 0.20131297064541853);
  // samples from two different distributions: p small; from the same one: p large
  const a = Array.from({ length: 200 }, (_, i) => i / 200);
  const b = a.map((x) => x + 0.3);
  assert.ok((ks(a, b) as number) < 1e-6);
  const c = a.map((x) => x + 0.001);
  assert.ok((ks(a, c) as number) > 0.99);
});

test("residual and pull, scalar, array and map, with their errors", () => {
  assert.equal(gen("stat.test.residual", 0)(5, 3), 2);
  assert.deepEqual(gen("stat.test.residual", 1)([5, 1], [3, 3]), [2, -2]);
  throwsCode(() => gen("stat.test.residual", 1)([5], [3, 3]), 38010);
  assert.deepEqual(plain(gen("stat.test.residual", 2)(mv({ a: 5, b: 1 }), mv({ b: 3, a: 3 }))), { a: 2, b: -2 });
  throwsCode(() => gen("stat.test.residual", 2)(mv({ a: 5 }), mv({ b: 3 })), 38010);
  throwsCode(() => gen("stat.test.residual", 2)(mv({ a: 5 }), mv({ a: 3, b: 3 })), 38010);

  assert.equal(gen("stat.test.pull", 0)(5, 3, 4), 0.5);
  assert.ok(Number.isNaN(gen("stat.test.pull", 0)(3, 3, 0) as number));
  assert.deepEqual(gen("stat.test.pull", 1)([5, 1], [3, 3], [2, 4]), [1, -0.5]);
  throwsCode(() => gen("stat.test.pull", 1)([5], [3, 3], [1]), 38020);
  throwsCode(() => gen("stat.test.pull", 1)([5], [3], [1, 1]), 38021);
  const p2 = gen("stat.test.pull", 2);
  assert.deepEqual(plain(p2(mv({ a: 5 }), mv({ a: 3 }), mv({ a: 2 }))), { a: 1 });
  throwsCode(() => p2(mv({ a: 5, b: 1 }), mv({ a: 3, c: 1 }), mv({ a: 2 })), 38020);
  throwsCode(() => p2(mv({ a: 5 }), mv({ a: 3 }), mv({ b: 2 })), 38021);
});

test("mahalanobis", () => {
  const m0 = gen("stat.test.mahalanobis", 0);
  close(m0([4, 6], [1, 2], [[1, 0], [0, 1]]), 5);
  close(m0([4, 6], [1, 2], [[9, 0], [0, 16]]), Math.SQRT2);
  // a covariance that is not positive definite can make the form negative: NaN
  assert.ok(Number.isNaN(m0([1, 0], [0, 0], [[-1, 0], [0, 1]]) as number));
  throwsCode(() => m0([], [], []), 38030);
  throwsCode(() => m0([1, 2], [1, 2, 3], [[1, 0], [0, 1]]), 38031);
  throwsCode(() => m0([1, 2], [1, 2], [[1, 0], [0]]), 38032);
  const m1 = gen("stat.test.mahalanobis", 1);
  close(m1(mv({ a: 4, b: 6 }), mv({ b: 2, a: 1 }), mm({ a: { a: 9, b: 0 }, b: { a: 0, b: 16 } })), Math.SQRT2);
  throwsCode(() => m1(mv({}), mv({}), mm({})), 38030);
  throwsCode(() => m1(mv({ a: 1 }), mv({ b: 1 }), mm({ a: { a: 1 } })), 38031);
  throwsCode(() => m1(mv({ a: 1, b: 2 }), mv({ a: 1, b: 2 }), mm({ a: { a: 1, b: 0 } })), 38032);
});

test("updateChi2, reducedChi2 and chi2Prob", () => {
  const state = rec({ chi2: 1, dof: 2, other: "x" });
  assert.deepEqual(gen("stat.test.updateChi2", 0)(3, state), { chi2: 10, dof: 3, other: "x" });
  assert.deepEqual(gen("stat.test.updateChi2", 1)([1, 2], state), { chi2: 6, dof: 3, other: "x" });
  assert.deepEqual(gen("stat.test.updateChi2", 2)(mv({ a: 2 }), state), { chi2: 5, dof: 3, other: "x" });
  assert.deepEqual(state, { chi2: 1, dof: 2, other: "x" });
  const reduced = gen("stat.test.reducedChi2");
  assert.equal(reduced(rec({ chi2: 6, dof: 3 })), 2);
  assert.equal(reduced(rec({ chi2: 6, dof: 0 })), Infinity);
  const prob = gen("stat.test.chi2Prob");
  // with 2 degrees of freedom the CDF is 1 - exp(-x/2)
  close(prob(rec({ chi2: 1.00001, dof: 2 })), 1 - Math.exp(-1.00001 / 2));
  close(prob(rec({ chi2: 100, dof: 17 })), 0.9999999999999112, 1e-13);
  close(prob(rec({ chi2: 3.84145882069412, dof: 1 })), 0.95, 1e-12);
  assert.equal(prob(rec({ chi2: -1, dof: 17 })), 0);
  assert.equal(prob(rec({ chi2: 0.5, dof: 0 })), 1);
  assert.equal(prob(rec({ chi2: 0, dof: 0 })), 0);
  assert.equal(prob(rec({ chi2: Infinity, dof: 3 })), 1);
  assert.ok(Number.isNaN(prob(rec({ chi2: NaN, dof: 3 })) as number));
  throwsCode(() => prob(rec({ chi2: 1, dof: -1 })), 38060);
});
