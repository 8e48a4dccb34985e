import { test } from "node:test";
import assert from "node:assert/strict";
import { functions, determinant, inverseMatrix, pseudoInverse, symmetricEigen } from "../../src/pfa/lib/la.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { mapFromEntries } from "../../src/pfa/runtime.js";
import { AvroArray, AvroMap, type AvroType, T } from "../../src/pfa/types.js";
import { FcnType } from "../../src/pfa/signature.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, sigIndex = 0, paramTypes: (AvroType | FcnType)[] = []): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.null);
}


/** A map matrix from plain nested objects. */
function mm(o: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  return mapFromEntries(Object.entries(o).map(([k, row]) => [k, mapFromEntries(Object.entries(row))]));
}
function mv(o: Record<string, number>): Record<string, number> {
  return mapFromEntries(Object.entries(o));
}
/** Plain nested objects from a map matrix (null prototypes do not compare equal to literals). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function close(actual: number, expected: number, tol = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);
}
function closeMat(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, i) => {
    assert.equal(row.length, expected[i]!.length);
    row.forEach((v, j) => close(v, expected[i]![j]!, tol));
  });
}

const matType = new AvroArray(new AvroArray(T.double));
const mapMatType = new AvroMap(new AvroMap(T.double));

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 13);
  assert.equal(new Set(names).size, 13);
});

test("map, scale, zipmap", () => {
  const dbl = (x: number) => 2 * x;
  assert.deepEqual(gen("la.map", 0, [matType, new FcnType([T.double], T.double)])([[1, 2], [3]], dbl), [[2, 4], [6]]);
  assert.deepEqual(plain(gen("la.map", 1)(mm({ a: { x: 1 }, b: {} }), dbl)), { a: { x: 2 }, b: {} });
  assert.deepEqual(gen("la.scale", 0)([1, -2], 3), [3, -6]);
  assert.deepEqual(gen("la.scale", 1)([[1], [2, 3]], -1), [[-1], [-2, -3]]);
  assert.deepEqual(plain(gen("la.scale", 2)(mv({ a: 2 }), 0.5)), { a: 1 });
  assert.deepEqual(plain(gen("la.scale", 3)(mm({ a: { b: 2 } }), 0.5)), { a: { b: 1 } });
  const add = (a: number, b: number) => a + b;
  const zip = gen("la.zipmap", 0);
  assert.deepEqual(zip([[1, 2], [3]], [[10, 20], [30]], add), [[11, 22], [33]]);
  assert.deepEqual(zip([], [], add), []);
  throwsCode(() => zip([[1, 2]], [[1]], add), 24020);
  throwsCode(() => zip([], [[]], add), 24020);
  // maps: the union of rows times the union of columns, missing elements are zero
  assert.deepEqual(plain(gen("la.zipmap", 1)(mm({ one: {} }), mm({ two: { a: 1 } }), add)), { one: { a: 0 }, two: { a: 1 } });
});

test("add and sub", () => {
  assert.deepEqual(gen("la.add", 0)([1, 2], [3, 4]), [4, 6]);
  throwsCode(() => gen("la.add", 0)([1], [1, 2]), 24030);
  assert.deepEqual(gen("la.add", 1)([[]], [[]]), [[]]);
  throwsCode(() => gen("la.add", 1)([[1, 2]], [[1]]), 24030);
  assert.deepEqual(plain(gen("la.add", 2)(mv({ a: 1 }), mv({ b: 2 }))), { a: 1, b: 2 });
  assert.deepEqual(plain(gen("la.sub", 2)(mv({ a: 1 }), mv({ a: 3, b: 2 }))), { a: -2, b: -2 });
  assert.deepEqual(plain(gen("la.sub", 3)(mm({ a: { x: 1 } }), mm({ b: { y: 1 } }))), { a: { x: 1, y: 0 }, b: { x: 0, y: -1 } });
  throwsCode(() => gen("la.sub", 0)([1], []), 24040);
  throwsCode(() => gen("la.sub", 1)([[1]], [[1], [2]]), 24040);
  assert.ok(Number.isNaN((gen("la.add", 0)([Infinity], [-Infinity]) as number[])[0]));
});

test("dot: products, shape and finiteness errors in the reference's order", () => {
  const mv0 = gen("la.dot", 0);
  assert.deepEqual(mv0([[1, 2], [3, 4]], [1, 1]), [3, 7]);
  throwsCode(() => mv0([], [1]), 24051);
  throwsCode(() => mv0([[], []], [1]), 24051);
  throwsCode(() => mv0([[1, Infinity]], []), 24051); // too few before non-finite
  throwsCode(() => mv0([[1, NaN]], [1]), 24052); // non-finite before misaligned
  throwsCode(() => mv0([[1, 2]], [1]), 24050);
  const mm2 = gen("la.dot", 2);
  assert.deepEqual(mm2([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]), [
    [38, 44, 50, 56],
    [83, 98, 113, 128],
    [128, 152, 176, 200],
  ]);
  throwsCode(() => mm2([[1, 2]], [[1, 2]]), 24050);
  throwsCode(() => mm2([[1]], [[-Infinity]]), 24052);
  const mapv = gen("la.dot", 1);
  assert.deepEqual(plain(mapv(mm({ one: {} }), mv({ one: 0 }))), { one: 0 });
  assert.deepEqual(plain(mapv(mm({ a: { x: 2, y: 3 } }), mv({ x: 1, z: 5 }))), { a: 2 });
  throwsCode(() => mapv(mm({ one: {} }), mv({})), 24051);
  throwsCode(() => mapv(mm({}), mv({ one: 1 })), 24051);
  throwsCode(() => mapv(mm({ a: { b: NaN } }), mv({ b: 1 })), 24052);
  const mapm = gen("la.dot", 3, [mapMatType, mapMatType]);
  assert.deepEqual(plain(mapm(mm({ one: {} }), mm({ one: { one: 0 }, two: { one: 1e-5, two: 0.99999 } }))), { one: { one: 0, two: 0 } });
  assert.deepEqual(plain(mapm(mm({ a: { k: 2 } }), mm({ k: { c: 3 } }))), { a: { c: 6 } });
  throwsCode(() => mapm(mm({ one: {} }), mm({ one: {} })), 24051);
});

test("transpose", () => {
  const t = gen("la.transpose", 0);
  assert.deepEqual(t([[1, 2, 3], [4, 5, 6]]), [[1, 4], [2, 5], [3, 6]]);
  throwsCode(() => t([]), 24060);
  throwsCode(() => t([[]]), 24060);
  throwsCode(() => t([[1, 2], [3]]), 24061);
  const tm = gen("la.transpose", 1);
  assert.deepEqual(plain(tm(mm({ a: { x: 1, y: 2 }, b: { x: 3, y: 4 } }))), { x: { a: 1, b: 3 }, y: { a: 2, b: 4 } });
  throwsCode(() => tm(mm({ one: {}, two: {} })), 24060);
  throwsCode(() => tm(mm({ a: { x: 1, y: 2 }, b: { x: 3 } })), 24061);
  throwsCode(() => tm(mm({ a: { x: 1 }, b: { y: 3 } })), 24061); // same sizes, different keys
});

test("inverse: LU for square matrices, pseudoinverse otherwise", () => {
  const inv = gen("la.inverse", 0);
  closeMat(inv([[0.16, 1.15, -0.23], [-0.27, 0.3, -0.24], [0.03, -1.66, -1.07]]) as number[][], [
    [1.2924088496052168, -2.8965120770343225, 0.3718774421299414],
    [0.5319464280902207, 0.29516649150700186, -0.18054919291816005],
    [-0.7890269206930933, -0.5391324656193016, -0.6440486135438842],
  ]);
  throwsCode(() => inv([]), 24070);
  throwsCode(() => inv([[], []]), 24070);
  throwsCode(() => inv([[1, 2, 3], [1, 2]]), 24071);
  const invm = gen("la.inverse", 1);
  const p = plain(invm(mm({ one: { uno: -1.97, dos: -0.14, tres: -1.03 }, two: { uno: 0.67, dos: -0.23, tres: -0.83 } }))) as Record<
    string,
    Record<string, number>
  >;
  close(p.dos!.one!, -0.04654398849202942);
  close(p.uno!.two!, 0.4320674105730775);
  close(p.tres!.two!, -0.7978265687027026);
  throwsCode(() => invm(mm({ uno: {}, dos: {} })), 24070);
  // a pseudoinverse satisfies A A+ A = A, also for a singular square matrix
  for (const a of [
    [[1, 2], [2, 4]],
    [[1, 2, 3], [4, 5, 6]],
    [[1], [2], [3]],
  ]) {
    const ap = inverseMatrix(a);
    const n = a.length;
    const m = a[0]!.length;
    const aap = a.map((row) => ap[0]!.map((_, j) => row.reduce((s, v, k) => s + v * ap[k]![j]!, 0)));
    const back = aap.map((row) => Array.from({ length: m }, (_, j) => row.reduce((s, v, k) => s + v * a[k]![j]!, 0)));
    closeMat(back, a, 1e-12);
    assert.equal(ap.length, m);
    assert.equal(ap[0]!.length, n);
  }
  closeMat(pseudoInverse([[2, 0], [0, 0]]), [[0.5, 0], [0, 0]]);
});

test("trace and det", () => {
  const tr = gen("la.trace", 0);
  assert.equal(tr([]), 0);
  assert.equal(tr([[1, 2, 3], [4, 5, 6]]), 6);
  throwsCode(() => tr([[0], [1, 2]]), 24080);
  const trm = gen("la.trace", 1);
  assert.equal(trm(mm({})), 0);
  assert.equal(trm(mm({ one: { one: 0 }, two: { one: 1e-5, two: 0.99999 } })), 0.99999);
  const det = gen("la.det", 0);
  close(det([[2, 1], [1, 3]]) as number, 5);
  close(det([[0, 1], [1, 0]]) as number, -1);
  assert.ok(Math.abs(det([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) as number) < 1e-12);
  assert.ok(Number.isNaN(det([[1, 2], [NaN, 4]])));
  throwsCode(() => det([[], []]), 24090);
  throwsCode(() => det([[1, 2, 3], [1, 2]]), 24091);
  throwsCode(() => det([[1, 2, 3], [1, 4, 8]]), 24092);
  const detm = gen("la.det", 1);
  assert.equal(detm(mm({ one: { one: 0 }, two: { one: 1e-5, two: 0.99999 } })), 0);
  close(detm(mm({ a: { a: 2, b: 1 }, b: { a: 1, b: 3 } })) as number, 5);
  throwsCode(() => detm(mm({})), 24090);
  throwsCode(() => detm(mm({ one: {}, two: {} })), 24090);
  assert.ok(Number.isNaN(detm(mm({ a: { a: Infinity } }))));
  close(determinant([[4]]), 4);
});

test("symmetric", () => {
  const s = gen("la.symmetric", 0);
  assert.equal(s([[1, 2], [2, 1]], 0.001), true);
  assert.equal(s([[1, 2], [2.1, 1]], 0.001), false);
  assert.equal(s([[1, 2], [2.1, 1]], 0.5), true);
  assert.equal(s([[1, Infinity], [Infinity, 1]], 0.1), true);
  assert.equal(s([[1, Infinity], [-Infinity, 1]], 0.1), false);
  assert.equal(s([[1, NaN], [NaN, 1]], 0.1), true);
  assert.equal(s([[1, NaN], [2, 1]], 0.1), false);
  assert.equal(s([[1]], 0), false); // |x - x| < 0 is false
  throwsCode(() => s([], 0.5), 24100);
  throwsCode(() => s([[1, 2], [3]], 0.5), 24101);
  throwsCode(() => s([[1, 2, 3], [1, 4, 8]], 0.5), 24102);
  const sm = gen("la.symmetric", 1);
  assert.equal(sm(mm({ a: { b: 1 }, b: { a: 1 } }), 0.1), true);
  assert.equal(sm(mm({ a: { b: 1 } }), 0.1), false);
  throwsCode(() => sm(mm({}), 0.1), 24100);
  throwsCode(() => sm(mm({ one: {} }), 0.1), 24100);
});

test("symmetric eigen-decomposition (Jacobi)", () => {
  const a = [
    [4, 1, 2],
    [1, 3, 0],
    [2, 0, 5],
  ];
  const { values, vectors } = symmetricEigen(a);
  for (let k = 0; k < 3; k++) {
    const v = vectors.map((row) => row[k]!);
    close(Math.hypot(...v), 1);
    const av = a.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
    av.forEach((x, i) => close(x, values[k]! * v[i]!, 1e-12));
  }
  close(values.reduce((s, x) => s + x, 0), 12);
});

test("eigenBasis: ordering, sign and scale", () => {
  const eb = gen("la.eigenBasis", 0);
  // diag(4, 1): rows are e1/2 then e2/1
  closeMat(eb([[1, 0], [0, 4]]) as number[][], [[0, 0.5], [1, 0]]);
  const rows = eb([[2, 1], [1, 2]]) as number[][];
  // eigenvalues 3 and 1 with eigenvectors (1, 1)/sqrt2 and (1, -1)/sqrt2, first component positive
  closeMat(rows, [
    [1 / Math.sqrt(2) / Math.sqrt(3), 1 / Math.sqrt(2) / Math.sqrt(3)],
    [1 / Math.sqrt(2), -1 / Math.sqrt(2)],
  ]);
  // the upper triangle alone is symmetrized first
  closeMat(eb([[2, 2], [0, 2]]) as number[][], rows);
  throwsCode(() => eb([]), 24110);
  throwsCode(() => eb([[], []]), 24110);
  throwsCode(() => eb([[1, 2], [1]]), 24111);
  throwsCode(() => eb([[1, 2, 3], [1, 4, 8]]), 24112);
  throwsCode(() => eb([[1, NaN], [1, 2]]), 24113);
  const ebm = gen("la.eigenBasis", 1);
  const out = plain(ebm(mm({ one: { one: 0.0 }, two: { one: 1e-5, two: 0.99999 } }))) as Record<string, Record<string, number>>;
  assert.deepEqual(Object.keys(out).sort(), ["0", "1"]);
  close(out["0"]!.one!, 5.000075000687502e-6, 1e-9);
  close(out["0"]!.two!, 1.0000050000124998, 1e-9);
  throwsCode(() => ebm(mm({ one: {} })), 24110);
  throwsCode(() => ebm(mm({ a: { a: Infinity } })), 24113);
});

test("truncate", () => {
  const t = gen("la.truncate", 0);
  assert.deepEqual(t([[1], [2], [3]], 2), [[1], [2]]);
  assert.deepEqual(t([[1], [2]], 5), [[1], [2]]);
  assert.deepEqual(t([[1], [2]], -1), []);
  throwsCode(() => t([], 1), 24120);
  throwsCode(() => t([[], []], 1), 24120);
  throwsCode(() => t([[1, 2], [1]], 1), 24121);
  const tm = gen("la.truncate", 1);
  assert.deepEqual(plain(tm(mm({ a: { x: 1 }, b: { x: 2 } }), ["b", "c"])), { b: { x: 2 } });
  throwsCode(() => tm(mm({}), ["a"]), 24120);
  throwsCode(() => tm(mm({ one: {} }), ["one"]), 24120);
});

test("arguments are not modified", () => {
  const x = [
    [4, 1],
    [1, 3],
  ];
  const copy = x.map((r) => r.slice());
  gen("la.inverse", 0)(x);
  gen("la.det", 0)(x);
  gen("la.eigenBasis", 0)(x);
  assert.deepEqual(x, copy);
});
