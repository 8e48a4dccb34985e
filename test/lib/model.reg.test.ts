import { test } from "node:test";
import assert from "node:assert/strict";
import { functions, logGamma, regularizedGammaP } from "../../src/pfa/lib/model.reg.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord, mapFromEntries } from "../../src/pfa/runtime.js";
import { AvroArray, AvroRecord, type AvroType, T } from "../../src/pfa/types.js";
import { FcnType } from "../../src/pfa/signature.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, sigIndex = 0, paramTypes: (AvroType | FcnType)[] = []): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.double);
}


function close(actual: unknown, expected: number, tol = 1e-12): void {
  assert.equal(typeof actual, "number");
  const a = actual as number;
  assert.ok(Math.abs(a - expected) <= tol * Math.max(1, Math.abs(expected)), `${a} != ${expected}`);
}

const mv = (o: Record<string, number>) => mapFromEntries(Object.entries(o));
const mm = (o: Record<string, Record<string, number>>) => mapFromEntries(Object.entries(o).map(([k, v]) => [k, mv(v)]));
const plain = (v: unknown): unknown =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v;
const rec = (o: Record<string, unknown>) => makeRecord(Object.keys(o), Object.values(o));

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 9);
  assert.equal(new Set(names).size, 9);
});

test("linear", () => {
  const l0 = gen("model.reg.linear", 0);
  assert.equal(l0([1, 2], rec({ coeff: [3, 4], const: 5 })), 16);
  assert.equal(l0([], rec({ coeff: [], const: 1 })), 1);
  throwsCode(() => l0([1], rec({ coeff: [1, 2], const: 0 })), 31000);
  const l1 = gen("model.reg.linear", 1);
  assert.deepEqual(l1([1, 2], rec({ coeff: [[1, 0], [0, 1]], const: [10, 20] })), [11, 22]);
  assert.deepEqual(l1([], rec({ coeff: [[]], const: [3] })), [3]);
  assert.deepEqual(l1([5], rec({ coeff: [], const: [] })), []);
  throwsCode(() => l1([1, 2], rec({ coeff: [[1, 0]], const: [1, 2] })), 31001);
  throwsCode(() => l1([1, 2], rec({ coeff: [[1]], const: [1] })), 31000);
  const l2 = gen("model.reg.linear", 2);
  assert.equal(l2(mv({ a: 1, b: 2 }), rec({ coeff: mv({ b: 3, c: 4 }), const: 1 })), 7);
  const l3 = gen("model.reg.linear", 3);
  assert.deepEqual(plain(l3(mv({ a: 1 }), rec({ coeff: mm({ y: { a: 2 } }), const: mv({ z: 1 }) }))), { z: 1, y: 2 });
});

test("linearVariance", () => {
  const v0 = gen("model.reg.linearVariance", 0);
  // x = (1, 2, 1); x^T C x with C = I is 6
  assert.equal(v0([1, 2], rec({ covar: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] })), 6);
  assert.equal(v0([1, 2], rec({ covar: [[1, 2, 3], [4, Infinity, 6], [7, 8, 9]] })), Infinity);
  throwsCode(() => v0([1, 2], rec({ covar: [[1, 0], [0, 1]] })), 31010);
  throwsCode(() => v0([1], rec({ covar: [[1, 0], [0]] })), 31010);
  const v1 = gen("model.reg.linearVariance", 1);
  assert.deepEqual(v1([1], rec({ covar: [[[1, 0], [0, 1]], [[2, 0], [0, 2]]] })), [2, 4]);
  throwsCode(() => v1([1], rec({ covar: [[[1]]] })), 31010);
  const v2 = gen("model.reg.linearVariance", 2);
  assert.equal(v2(mv({}), rec({ covar: mm({}) })), 0);
  assert.equal(v2(mv({ a: 2 }), rec({ covar: mm({ a: { a: 1 }, "": { "": 3 } }) })), 7);
  const v3 = gen("model.reg.linearVariance", 3);
  assert.deepEqual(plain(v3(mv({ a: 2 }), rec({ covar: mapFromEntries([["y", mm({ a: { a: 1 } })]]) }))), { y: 4 });
});

const scalarTable = new AvroArray(new AvroRecord("R", null));
const sigmaRecord = new AvroRecord("S", null);
sigmaRecord.fields = [
  { name: "x", type: T.double },
  { name: "to", type: T.double },
  { name: "sigma", type: T.double },
];
const rbf = (gamma: number) => (x: readonly number[], y: readonly number[]) =>
  Math.exp(-gamma * x.reduce((s, v, i) => s + (v - y[i]!) * (v - y[i]!), 0));

test("gaussianProcess: interpolation and errors", () => {
  const gp = gen("model.reg.gaussianProcess", 0, [T.double, scalarTable]);
  const table = [0, 1, 2, 3, 4].map((x) => rec({ x, to: Math.sin(x) }));
  // with a tiny nugget the fit passes through the training points
  for (const t of table) close(gp(t.x, table, null, rbf(1)), t.to as number, 1e-6);
  const mid = gp(1.5, table, null, rbf(1)) as number;
  assert.ok(mid > Math.sin(1) - 0.2 && mid < Math.sin(2) + 0.2);
  throwsCode(() => gp(0, [], null, rbf(1)), 31080);
  throwsCode(() => gp(NaN, table, null, rbf(1)), 31085);
  throwsCode(() => gp(0, [rec({ x: 0, to: Infinity })], null, rbf(1)), 31086);
  throwsCode(() => gp(0, [rec({ x: NaN, to: 0 })], null, rbf(1)), 31086);
  throwsCode(() => gp(0, table, Infinity, rbf(1)), 31087);
  // a kernel larger off the diagonal than on it is not positive definite
  throwsCode(() => gp(0, table, null, () => 2), 31088);
  // a single entry has zero spread: NaN
  assert.ok(Number.isNaN(gp(0, [rec({ x: 0, to: 0 })], null, () => 2)));
});

test("gaussianProcess: vector signatures, Kriging weight, sigma", () => {
  const gp3 = gen("model.reg.gaussianProcess", 3, [new AvroArray(T.double), scalarTable]);
  const table = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ].map((x) => rec({ x, to: [x[0]! + x[1]!, x[0]! - x[1]!] }));
  const out = gp3([1, 0], table, null, rbf(0.5)) as number[];
  close(out[0], 1, 1e-6);
  close(out[1], 1, 1e-6);
  throwsCode(() => gp3([], table, null, rbf(1)), 31081);
  throwsCode(() => gp3([1], table, null, rbf(1)), 31082);
  throwsCode(() => gp3([1, 0], [rec({ x: [0, 0], to: [] })], null, rbf(1)), 31083);
  throwsCode(() => gp3([1, 0], [rec({ x: [0, 0], to: [1] }), rec({ x: [1, 0], to: [1, 2] })], null, rbf(1)), 31084);
  throwsCode(() => gp3([1, 0], table, NaN, rbf(1)), 31087);
  // far from the data the prediction tends to the mean plus the Kriging weight in units of the spread
  const gp0 = gen("model.reg.gaussianProcess", 0, [T.double, scalarTable]);
  const t1 = [0, 1, 2, 3].map((x) => rec({ x, to: x }));
  const ymean = 1.5;
  const ystd = Math.sqrt(1.25);
  close(gp0(1000, t1, 0.5, rbf(1)), ymean + 0.5 * ystd, 1e-9);
  close(gp0(1000, t1, 0, rbf(1)), ymean, 1e-9);
  // with uncertainties, the nugget smooths: the fit no longer passes through the points
  const gps = gen("model.reg.gaussianProcess", 0, [T.double, new AvroArray(sigmaRecord)]);
  const noisy = [0, 1, 2, 3].map((x) => rec({ x, to: x % 2 === 0 ? 1 : 2, sigma: 1 }));
  const at0 = gps(0, noisy, null, rbf(1)) as number;
  assert.ok(at0 > 1.01 && at0 < 2);
});

test("residual and pull", () => {
  assert.equal(gen("model.reg.residual", 0)(3, 1), 2);
  assert.deepEqual(gen("model.reg.residual", 1)([3, 1], [1, 1]), [2, 0]);
  throwsCode(() => gen("model.reg.residual", 1)([3], [1, 1]), 31020);
  assert.deepEqual(plain(gen("model.reg.residual", 2)(mv({ a: 3 }), mv({ a: 1 }))), { a: 2 });
  throwsCode(() => gen("model.reg.residual", 2)(mv({ a: 3 }), mv({ b: 1 })), 31020);
  assert.equal(gen("model.reg.pull", 0)(3, 1, 2), 1);
  assert.deepEqual(gen("model.reg.pull", 1)([3], [1], [4]), [0.5]);
  throwsCode(() => gen("model.reg.pull", 1)([3], [1, 1], [1]), 31030);
  throwsCode(() => gen("model.reg.pull", 1)([3], [1], [1, 1]), 31031);
  throwsCode(() => gen("model.reg.pull", 2)(mv({ a: 3 }), mv({ a: 1 }), mv({ b: 1 })), 31031);
  throwsCode(() => gen("model.reg.pull", 2)(mv({ a: 3 }), mv({ b: 1 }), mv({ a: 1 })), 31030);
});

test("mahalanobis", () => {
  const m0 = gen("model.reg.mahalanobis", 0);
  close(m0([3, 4], [0, 0], [[1, 0], [0, 1]]), 5);
  close(m0([2, 0], [0, 0], [[4, 0], [0, 1]]), 1);
  throwsCode(() => m0([], [], []), 31040);
  throwsCode(() => m0([1], [1, 2], [[1]]), 31041);
  throwsCode(() => m0([1, 2], [1, 2], [[1]]), 31042);
  const m1 = gen("model.reg.mahalanobis", 1);
  close(m1(mv({ a: 3, b: 4 }), mv({ a: 0, b: 0 }), mm({ a: { a: 1, b: 0 }, b: { a: 0, b: 1 } })), 5);
  throwsCode(() => m1(mv({ a: 3 }), mv({ b: 0 }), mm({ a: { a: 1 } })), 31041);
  throwsCode(() => m1(mv({ a: 3 }), mv({ a: 0 }), mm({ a: { b: 1 } })), 31042);
});

test("chi-square helpers", () => {
  const state = rec({ chi2: 1, DOF: 2, other: "kept" });
  assert.deepEqual(gen("model.reg.updateChi2", 0)(2, state), { chi2: 5, DOF: 3, other: "kept" });
  assert.deepEqual(gen("model.reg.updateChi2", 1)([1, 2], state), { chi2: 6, DOF: 3, other: "kept" });
  assert.deepEqual(gen("model.reg.updateChi2", 2)(mv({ a: 3 }), state), { chi2: 10, DOF: 3, other: "kept" });
  assert.deepEqual(state, { chi2: 1, DOF: 2, other: "kept" }); // not modified
  assert.equal(gen("model.reg.reducedChi2")(rec({ chi2: 3, DOF: 2 })), 1.5);
  const p = gen("model.reg.chi2Prob");
  close(p(rec({ chi2: 3.84, DOF: 1 })), 0.9499564787512949, 1e-12);
  close(p(rec({ chi2: 10, DOF: 10 })), 0.5595067149347879, 1e-12);
  assert.equal(p(rec({ chi2: 0, DOF: 3 })), 0);
  assert.equal(p(rec({ chi2: Infinity, DOF: 3 })), 1);
  assert.equal(p(rec({ chi2: 1, DOF: 0 })), 1);
  assert.equal(p(rec({ chi2: 0, DOF: 0 })), 0);
  assert.ok(Number.isNaN(p(rec({ chi2: NaN, DOF: 3 }))));
  throwsCode(() => p(rec({ chi2: 1, DOF: -1 })), 31070);
});

test("incomplete gamma and log-gamma against reference values", () => {
  const cases: [number, number, number][] = [
    [0.5, 0.001, 0.035670591729679894],
    [100, 90, 0.15822098918643007],
    [100, 120, 0.9721362601094793],
    [1000, 1010, 0.6276789447369947],
    [3, 0.5, 0.014387677966970684],
    [50, 1, 1.2337508979097585e-65],
    [0.001, 0.001, 0.9936876467088603],
  ];
  for (const [a, x, expected] of cases) close(regularizedGammaP(a, x), expected, 1e-12);
  close(logGamma(10), 12.801827480081469, 1e-14);
  close(logGamma(0.5), 0.5723649429247, 1e-14);
  close(logGamma(1e-5), 11.512919692895826, 1e-14);
});
