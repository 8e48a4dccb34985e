import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/stat.sample.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord, mapFromEntries } from "../../src/pfa/runtime.js";
import { AvroArray, AvroMap, AvroRecord, type AvroType, T } from "../../src/pfa/types.js";
import { FcnType } from "../../src/pfa/signature.js";
import { generateSite, throwsCode } from "./helpers.js";

type Rec = Record<string, unknown>;

function gen(name: string, paramTypes: (AvroType | FcnType)[], sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex);
}

/** A record type with the given fields (all double unless given). */
function recordType(fields: Record<string, AvroType> | string[]): AvroRecord {
  const r = new AvroRecord("R", null);
  r.fields = Array.isArray(fields) ? fields.map((name) => ({ name, type: T.double })) : Object.entries(fields).map(([name, type]) => ({ name, type }));
  return r;
}

const rec = (o: Rec): Rec => makeRecord(Object.keys(o), Object.values(o));
const mv = (o: Record<string, number>) => mapFromEntries(Object.entries(o));
const plain = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(plain) : typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v;

function close(actual: unknown, expected: number, tol = 1e-12): void {
  assert.equal(typeof actual, "number");
  const a = actual as number;
  assert.ok(Math.abs(a - expected) <= tol * Math.max(1, Math.abs(expected)), `${a} != ${expected}`);
}

const xs = [3.5, -1.25, 7, 0.5, 2, 9.75, -4, 1];
const ws = [1, 2, 0.5, 1, 3, 1, 2, 0.25];

function weightedMoments(x: readonly number[], w: readonly number[]): [number, number, number] {
  const count = w.reduce((s, v) => s + v, 0);
  const mean = x.reduce((s, v, i) => s + v * w[i]!, 0) / count;
  const variance = x.reduce((s, v, i) => s + w[i]! * (v - mean) ** 2, 0) / count;
  return [count, mean, variance];
}

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 12);
  assert.equal(new Set(names).size, 12);
});

test("update: count, mean and variance by the state's fields; other fields copied", () => {
  const t0 = recordType(["count", "other"]);
  const u0 = gen("stat.sample.update", [T.double, T.double, t0]);
  const s0 = rec({ count: 2, other: 7 });
  assert.deepEqual(u0(5, 1.5, s0), { count: 3.5, other: 7 });
  assert.deepEqual(s0, { count: 2, other: 7 });

  const t2 = recordType(["count", "mean", "variance", "other"]);
  const u2 = gen("stat.sample.update", [T.double, T.double, t2]);
  let s: Rec = rec({ count: 0, mean: 0, variance: 0, other: 1 });
  for (let i = 0; i < xs.length; i++) s = u2(xs[i], ws[i], s) as Rec;
  const [count, mean, variance] = weightedMoments(xs, ws);
  close(s.count, count);
  close(s.mean, mean);
  close(s.variance, variance);
  assert.equal(s.other, 1);

  const t1 = recordType(["count", "mean"]);
  const u1 = gen("stat.sample.update", [T.double, T.double, t1]);
  const m = u1(4, 1, rec({ count: 1, mean: 2 })) as Rec;
  assert.deepEqual(m, { count: 2, mean: 3 });
  assert.equal("variance" in m, false);
  // the first update from an empty state (count 0, weight 0) divides zero by zero
  assert.ok(Number.isNaN((u1(4, 0, rec({ count: 0, mean: 0 })) as Rec).mean));
  assert.equal((u1(4, 1, rec({ count: -1, mean: 0 })) as Rec).mean, Infinity);
});

test("updateCovariance (arrays): the weighted covariance matrix, errors", () => {
  const t = recordType({ count: T.double, mean: new AvroArray(T.double), covariance: new AvroArray(new AvroArray(T.double)) });
  const u = gen("stat.sample.updateCovariance", [new AvroArray(T.double), T.double, t], 0);
  const data = [
    [1, 2],
    [3, -1],
    [0.5, 4],
    [2, 2],
  ];
  const w = [1, 2, 1, 0.5];
  let s: Rec = rec({ count: 0, mean: [0, 0], covariance: [[0, 0], [0, 0]] });
  for (let i = 0; i < data.length; i++) s = u(data[i], w[i], s) as Rec;
  const n = w.reduce((a, b) => a + b, 0);
  const mean = [0, 1].map((j) => data.reduce((acc, row, i) => acc + row[j]! * w[i]!, 0) / n);
  close(s.count, n);
  for (let a = 0; a < 2; a++) {
    close((s.mean as number[])[a], mean[a]!);
    for (let b = 0; b < 2; b++) {
      const cov = data.reduce((acc, row, i) => acc + w[i]! * (row[a]! - mean[a]!) * (row[b]! - mean[b]!), 0) / n;
      close((s.covariance as number[][])[a]![b], cov);
    }
  }
  throwsCode(() => u([1], 1, s), 14011);
  throwsCode(() => u([1, 2, 3], 1, s), 14012);
  throwsCode(() => u([1, 2], 1, rec({ count: 0, mean: [0, 0], covariance: [[0, 0], [0]] })), 14012);
});

test("updateCovariance (maps): keys as they come, missing keys as zero weight", () => {
  const mapT = new AvroMap(T.double);
  const t = recordType({ count: new AvroMap(mapT), mean: mapT, covariance: new AvroMap(mapT) });
  const u = gen("stat.sample.updateCovariance", [mapT, T.double, t], 1);
  let s: Rec = rec({ count: mv({}), mean: mv({}), covariance: mv({}) });
  s = u(mv({ a: 1, b: 2 }), 1, s) as Rec;
  s = u(mv({ a: 3, b: 0 }), 1, s) as Rec;
  s = u(mv({ a: 5, c: 1 }), 1, s) as Rec;
  assert.deepEqual(plain(s.count), {
    a: { a: 3, b: 2, c: 1 },
    b: { a: 2, b: 2, c: 0 },
    c: { a: 1, b: 0, c: 1 },
  });
  assert.deepEqual(plain(s.mean), { a: 3, b: 1, c: 1 });
  const cov = plain(s.covariance) as Record<string, Record<string, number>>;
  close(cov.a!.a, 8 / 3); // population variance of 1, 3, 5
  close(cov.a!.b, -1); // of (1, 2), (3, 0)
  close(cov.b!.b, 1);
  assert.equal(cov.a!.c, 0);
  throwsCode(() => u(mv({ a: 1 }), 1, s), 14011);
  throwsCode(() => u(mv({}), 1, s), 14011);
});

test("updateWindow: the running statistics of the last windowSize samples", () => {
  const item = recordType(["x", "w", "count", "mean", "variance"]);
  const u = gen("stat.sample.updateWindow", [T.double, T.double, new AvroArray(item), T.int]);
  const windowSize = 3;
  let s: Rec[] = [];
  for (let i = 0; i < xs.length; i++) {
    s = u(xs[i], ws[i], s, windowSize) as Rec[];
    const from = Math.max(0, i + 1 - windowSize);
    assert.equal(s.length, i + 1 - from);
    const [count, mean, variance] = weightedMoments(xs.slice(from, i + 1), ws.slice(from, i + 1));
    const last = s[s.length - 1]!;
    close(last.count, count, 1e-9);
    close(last.mean, mean, 1e-9);
    close(last.variance, variance, 1e-9);
    assert.equal(last.x, xs[i]);
    assert.equal(last.w, ws[i]);
  }
  // a window shrunk by a smaller windowSize drops the extra old samples too
  const shrunk = u(1, 1, s, 2) as Rec[];
  assert.equal(shrunk.length, 2);
  const [c2, m2, v2] = weightedMoments([xs[7]!, 1], [ws[7]!, 1]);
  close(shrunk[1]!.count, c2, 1e-9);
  close(shrunk[1]!.mean, m2, 1e-9);
  close(shrunk[1]!.variance, v2, 1e-9);

  assert.deepEqual(u(4, 2, [], 2), [{ x: 4, w: 2, count: 2, mean: 4, variance: 0 }]);
  throwsCode(() => u(4, 2, [], 1), 14020);
  const extra = recordType(["x", "w", "count", "label"]);
  const ue = gen("stat.sample.updateWindow", [T.double, T.double, new AvroArray(extra), T.int]);
  throwsCode(() => ue(4, 2, [], 3), 14021);
  assert.deepEqual(ue(4, 2, [rec({ x: 1, w: 1, count: 1, label: 9 })], 3), [
    { x: 1, w: 1, count: 1, label: 9 },
    { x: 4, w: 2, count: 3, label: 9 },
  ]);
});

test("updateEWMA", () => {
  const u1 = gen("stat.sample.updateEWMA", [T.double, T.double, recordType(["mean"])]);
  assert.deepEqual(u1(10, 0.25, rec({ mean: 2 })), { mean: 4 });
  assert.deepEqual(u1(10, 1, rec({ mean: 2 })), { mean: 10 });
  assert.deepEqual(u1(10, 0, rec({ mean: 2 })), { mean: 2 });
  throwsCode(() => u1(1, -0.1, rec({ mean: 2 })), 14030);
  throwsCode(() => u1(1, 1.1, rec({ mean: 2 })), 14030);
  assert.ok(Number.isNaN((u1(1, NaN, rec({ mean: 2 })) as Rec).mean));
  const u2 = gen("stat.sample.updateEWMA", [T.double, T.double, recordType(["mean", "variance"])]);
  // diff 8, incr 2: variance (1 - 0.25) (1 + 16)
  assert.deepEqual(u2(10, 0.25, rec({ mean: 2, variance: 1 })), { mean: 4, variance: 12.75 });
});

test("Holt-Winters: updates and forecasts, linear and periodic", () => {
  const hw = gen("stat.sample.updateHoltWinters", []);
  const s = hw(10, 0.5, 0.5, rec({ level: 4, trend: 2 })) as Rec;
  // level = 0.5 * 10 + 0.5 * 6 = 8, trend = 0.5 * 4 + 0.5 * 2 = 3
  assert.deepEqual(s, { level: 8, trend: 3 });
  throwsCode(() => hw(1, 2, 0.5, s), 14040);
  throwsCode(() => hw(1, 0.5, -1, s), 14041);

  const linear = recordType(["level", "trend"]);
  const f1 = gen("stat.sample.forecast1HoltWinters", [linear]);
  const fn = gen("stat.sample.forecastHoltWinters", [T.int, linear]);
  assert.equal(f1(s), 11);
  assert.deepEqual(fn(3, s), [11, 14, 17]);
  assert.deepEqual(fn(0, s), []);
  assert.deepEqual(fn(-2, s), []);

  const periodicT = recordType({ level: T.double, trend: T.double, cycle: new AvroArray(T.double), multiplicative: T.boolean });
  const hp = gen("stat.sample.updateHoltWintersPeriodic", []);
  const add = rec({ level: 10, trend: 1, cycle: [1, 2, 3], multiplicative: false });
  const a = hp(15, 0.5, 0.5, 0.5, add) as Rec;
  // previous cycle value c[1] = 2: level = 0.5 * 13 + 0.5 * 11 = 12, trend = 0.5 * 2 + 0.5 = 1.5, cycle = 0.5 * 3 + 0.5 * 2 = 2.5
  assert.deepEqual(a, { level: 12, trend: 1.5, cycle: [2.5, 3, 1], multiplicative: false });
  assert.deepEqual(add.cycle, [1, 2, 3]);
  const mul = rec({ level: 10, trend: 0, cycle: [1, 2], multiplicative: true });
  const m = hp(20, 1, 0, 1, mul) as Rec;
  // level = 20 / 2 = 10, cycle = 20 / 10 = 2
  assert.deepEqual(m, { level: 10, trend: 0, cycle: [2, 1], multiplicative: true });
  throwsCode(() => hp(1, -1, 0, 0, add), 14050);
  throwsCode(() => hp(1, 0, 2, 0, add), 14051);
  throwsCode(() => hp(1, 0, 0, 2, add), 14052);
  throwsCode(() => hp(1, 0, 0, 0, rec({ level: 0, trend: 0, cycle: [], multiplicative: false })), 14053);

  const p1 = gen("stat.sample.forecast1HoltWinters", [periodicT]);
  const pn = gen("stat.sample.forecastHoltWinters", [T.int, periodicT]);
  assert.equal(p1(add), 13);
  assert.deepEqual(pn(4, add), [13, 15, 14, 16]);
  assert.equal(p1(mul), 20);
  assert.deepEqual(pn(3, mul), [20, 10, 20]);
  const empty = rec({ level: 0, trend: 0, cycle: [], multiplicative: false });
  throwsCode(() => p1(empty), 14060);
  throwsCode(() => pn(2, empty), 14070);
});

test("fillHistogram with fixed bins: bins, under/over/nan/inf flows, errors", () => {
  const t = recordType({ numbins: T.int, low: T.double, high: T.double, values: new AvroArray(T.double), underflow: T.double, overflow: T.double, nanflow: T.double });
  const f = gen("stat.sample.fillHistogram", [T.double, T.double, t], 0);
  const h = rec({ numbins: 4, low: 0, high: 2, values: [0, 0, 0, 0], underflow: 0, overflow: 0, nanflow: 0 });
  let s = h;
  for (const x of [0, 0.49, 0.5, 1.99, 2, -0.01, NaN, Infinity, -Infinity]) s = f(x, 1, s) as Rec;
  assert.deepEqual(s, { numbins: 4, low: 0, high: 2, values: [2, 1, 0, 1], underflow: 2, overflow: 2, nanflow: 1 });
  assert.deepEqual(h.values, [0, 0, 0, 0]);
  const withInf = recordType({ numbins: T.int, low: T.double, high: T.double, values: new AvroArray(T.double), overflow: T.double, infflow: T.double });
  const fi = gen("stat.sample.fillHistogram", [T.double, T.double, withInf], 0);
  const hi = fi(Infinity, 2, rec({ numbins: 1, low: 0, high: 1, values: [0], overflow: 0, infflow: 0 }));
  assert.deepEqual(hi, { numbins: 1, low: 0, high: 1, values: [0], overflow: 0, infflow: 2 });
  throwsCode(() => f(1, 1, { ...h, values: [0] }), 14080);
  throwsCode(() => f(1, 1, { ...h, low: 2 }), 14081);
  throwsCode(() => f(1, 1, { ...h, high: NaN }), 14081);
  throwsCode(() => f(1, 1, { ...h, numbins: 0, values: [] }), 14082);
});

test("fillHistogram with growing bins", () => {
  const t = recordType({ low: T.double, binsize: T.double, values: new AvroArray(T.double), underflow: T.double, overflow: T.double });
  const f = gen("stat.sample.fillHistogram", [T.double, T.double, t], 1);
  const h = rec({ low: 10, binsize: 2, values: [0, 0], underflow: 0, overflow: 0 });
  assert.deepEqual((f(11, 1, h) as Rec).values, [1, 0]);
  assert.deepEqual((f(13.9, 1, h) as Rec).values, [0, 1]);
  assert.deepEqual((f(14, 1, h) as Rec).values, [0, 0, 1]);
  assert.deepEqual((f(19, 3, h) as Rec).values, [0, 0, 0, 0, 3]);
  assert.deepEqual(f(9, 1, h), { ...h, underflow: 1 });
  assert.deepEqual(f(Infinity, 1, h), { ...h, overflow: 1 });
  assert.deepEqual(f(-Infinity, 1, h), { ...h, underflow: 1 });
  throwsCode(() => f(1, 1, { ...h, binsize: 0 }), 14082);
  throwsCode(() => f(1, 1, { ...h, binsize: Infinity }), 14082);
});

test("fillHistogram with ranges: overlaps count twice, misses underflow", () => {
  const t = recordType({ ranges: new AvroArray(new AvroArray(T.double)), values: new AvroArray(T.double), underflow: T.double, nanflow: T.double });
  const f = gen("stat.sample.fillHistogram", [T.double, T.double, t], 2);
  const h = rec({ ranges: [[0, 1], [0.5, 2], [5, 6]], values: [0, 0, 0], underflow: 0, nanflow: 0 });
  assert.deepEqual((f(0.75, 1, h) as Rec).values, [1, 1, 0]);
  assert.deepEqual((f(1, 1, h) as Rec).values, [0, 1, 0]);
  assert.deepEqual(f(3, 1, h), { ...h, underflow: 1 });
  assert.deepEqual(f(NaN, 1, h), { ...h, nanflow: 1 });
  assert.deepEqual(f(Infinity, 1, h), { ...h, underflow: 1 });
  throwsCode(() => f(1, 1, { ...h, values: [0] }), 14080);
  throwsCode(() => f(1, 1, { ...h, ranges: [[0, 1], [2, 1], [5, 6]] }), 14083);
  throwsCode(() => f(1, 1, { ...h, ranges: [[0, 1], [2], [5, 6]] }), 14083);
  throwsCode(() => f(1, 1, { ...h, ranges: [[0, 1], [NaN, 1], [5, 6]] }), 14083);
});

test("fillHistogram2d: bins, the eight surrounding regions, NaN before infinity, errors", () => {
  const t = recordType({
    xnumbins: T.int,
    xlow: T.double,
    xhigh: T.double,
    ynumbins: T.int,
    ylow: T.double,
    yhigh: T.double,
    values: new AvroArray(new AvroArray(T.double)),
    underunderflow: T.double,
    midoverflow: T.double,
    overmidflow: T.double,
    nanflow: T.double,
    infflow: T.double,
  });
  const f = gen("stat.sample.fillHistogram2d", [T.double, T.double, T.double, t]);
  const h = rec({
    xnumbins: 2,
    xlow: 0,
    xhigh: 2,
    ynumbins: 3,
    ylow: 0,
    yhigh: 3,
    values: [
      [0, 0, 0],
      [0, 0, 0],
    ],
    underunderflow: 0,
    midoverflow: 0,
    overmidflow: 0,
    nanflow: 0,
    infflow: 0,
  });
  let s = h;
  for (const [x, y] of [
    [0.5, 2.5],
    [1.5, 0],
    [-1, -1],
    [1, 3],
    [2, 1],
    [NaN, Infinity],
    [Infinity, 1],
    [5, -5],
  ])
    s = f(x, y, 1, s) as Rec;
  assert.deepEqual(s, {
    ...h,
    values: [
      [0, 0, 1],
      [1, 0, 0],
    ],
    underunderflow: 1,
    midoverflow: 1,
    overmidflow: 1,
    nanflow: 1,
    infflow: 1,
  });
  throwsCode(() => f(0, 0, 1, { ...h, values: [[0, 0, 0]] }), 14090);
  throwsCode(() => f(0, 0, 1, { ...h, yhigh: 0 }), 14091);
  throwsCode(() => f(0, 0, 1, { ...h, xnumbins: 0 }), 14092);
});

test("fillCounter and topN", () => {
  const c = gen("stat.sample.fillCounter", []);
  const counter = rec({ values: mv({ a: 1 }) });
  assert.deepEqual(plain(c("a", 2, counter)), { values: { a: 3 } });
  assert.deepEqual(plain(c("b", 0.5, counter)), { values: { a: 1, b: 0.5 } });
  assert.deepEqual(plain(counter), { values: { a: 1 } });

  const top = gen("stat.sample.topN", [T.int, new AvroArray(T.int), T.int, new FcnType([T.int, T.int], T.boolean)]);
  const lt = (a: unknown, b: unknown): boolean => (a as number) < (b as number);
  const list = [9, 7, 5];
  assert.deepEqual(top(8, list, 3, lt), [9, 8, 7]);
  assert.deepEqual(top(7, list, 5, lt), [9, 7, 7, 5]);
  assert.deepEqual(top(1, list, 3, lt), [9, 7, 5]);
  assert.deepEqual(top(1, list, 4, lt), [9, 7, 5, 1]);
  assert.deepEqual(top(10, [], 2, lt), [10]);
  assert.deepEqual(top(10, list, 0, lt), []);
  assert.deepEqual(list, [9, 7, 5]);
});
