import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/a.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord } from "../../src/pfa/runtime.js";
import { AvroArray, AvroRecord, type AvroType, AvroUnion, T } from "../../src/pfa/types.js";
import { FcnType } from "../../src/pfa/signature.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: (AvroType | FcnType)[], sigIndex = 0, random: () => number = () => 0.5): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, random, T.null);
}


const arr = (t: AvroType) => new AvroArray(t);
const fcn = (params: AvroType[], ret: AvroType) => new FcnType(params, ret);
const ints = arr(T.int);
const longs = arr(T.long);
const floats = arr(T.float);
const doubles = arr(T.double);
const strings = arr(T.string);
const nullableDoubles = arr(new AvroUnion([T.null, T.double]));
const R = new AvroRecord("R", null);
R.fields = [
  { name: "x", type: T.int },
  { name: "y", type: T.string },
];
const recs = arr(R);
const rec = (x: number, y: string) => makeRecord(["x", "y"], [x, y]);
const ltNum = (a: unknown, b: unknown) => (a as number) < (b as number);

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 82);
  assert.equal(new Set(names).size, 82);
});

test("len, subseq, head, tail, last, init", () => {
  assert.equal(gen("a.len", [ints])([1, 2, 3]), 3);
  const subseq = gen("a.subseq", [ints, T.int, T.int]);
  const a = [0, 1, 2, 3, 4];
  assert.deepEqual(subseq(a, 1, 3), [1, 2]);
  assert.deepEqual(subseq(a, -2, 100), [3, 4]);
  assert.deepEqual(subseq(a, 3, 1), []);
  assert.deepEqual(subseq(a, -100, -4), [0]);
  assert.deepEqual(subseq([], 0, 5), []);
  assert.equal(gen("a.head", [ints])(a), 0);
  assert.deepEqual(gen("a.tail", [ints])(a), [1, 2, 3, 4]);
  assert.equal(gen("a.last", [ints])(a), 4);
  assert.deepEqual(gen("a.init", [ints])(a), [0, 1, 2, 3]);
  throwsCode(() => gen("a.head", [ints])([]), 15020);
  throwsCode(() => gen("a.tail", [ints])([]), 15030);
  throwsCode(() => gen("a.last", [ints])([]), 15040);
  throwsCode(() => gen("a.init", [ints])([]), 15050);
});

test("subseqto replaces a Python slice without modifying the argument", () => {
  const f = gen("a.subseqto", [ints, T.int, T.int, ints]);
  const a = [0, 1, 2, 3, 4];
  assert.deepEqual(f(a, 1, 3, [9, 9, 9]), [0, 9, 9, 9, 3, 4]);
  assert.deepEqual(f(a, 3, 1, [9]), [0, 1, 2, 9, 3, 4]);
  assert.deepEqual(f(a, -1, 100, []), [0, 1, 2, 3]);
  assert.deepEqual(a, [0, 1, 2, 3, 4]);
});

test("contains, count, index, rindex in their three forms", () => {
  const h = [1, 2, 1, 2, 1];
  assert.equal(gen("a.contains", [ints, ints], 0)(h, [2, 1]), true);
  assert.equal(gen("a.contains", [ints, ints], 0)(h, [2, 2]), false);
  assert.equal(gen("a.contains", [ints, ints], 0)([], []), true);
  assert.equal(gen("a.contains", [ints, T.int], 1)(h, 2), true);
  assert.equal(gen("a.contains", [ints, T.int], 1)(h, 3), false);
  assert.equal(gen("a.contains", [ints, fcn([T.int], T.boolean)], 2)(h, (x: number) => x > 1), true);
  // overlapping occurrences count
  assert.equal(gen("a.count", [ints, ints], 0)(h, [1, 2, 1]), 2);
  assert.equal(gen("a.count", [ints, ints], 0)(h, []), 0);
  assert.equal(gen("a.count", [ints, T.int], 1)(h, 1), 3);
  assert.equal(gen("a.count", [ints, fcn([T.int], T.boolean)], 2)(h, (x: number) => x === 2), 2);
  assert.equal(gen("a.index", [ints, ints], 0)(h, [2, 1]), 1);
  assert.equal(gen("a.index", [ints, ints], 0)(h, []), 0);
  assert.equal(gen("a.index", [ints, ints], 0)(h, [3]), -1);
  assert.equal(gen("a.index", [ints, T.int], 1)(h, 2), 1);
  assert.equal(gen("a.index", [ints, fcn([T.int], T.boolean)], 2)(h, (x: number) => x === 2), 1);
  assert.equal(gen("a.rindex", [ints, ints], 0)(h, [2, 1]), 3);
  assert.equal(gen("a.rindex", [ints, ints], 0)(h, []), 5);
  assert.equal(gen("a.rindex", [ints, T.int], 1)(h, 2), 3);
  assert.equal(gen("a.rindex", [ints, T.int], 1)(h, 7), -1);
  assert.equal(gen("a.rindex", [ints, fcn([T.int], T.boolean)], 2)(h, (x: number) => x === 1), 4);
});

test("element equality follows the item type: records, arrays, NaN, longs beyond 2^53", () => {
  assert.equal(gen("a.contains", [recs, R], 1)([rec(1, "a"), rec(2, "b")], rec(2, "b")), true);
  assert.equal(gen("a.contains", [recs, R], 1)([rec(1, "a")], rec(1, "b")), false);
  assert.equal(gen("a.index", [arr(strings), strings], 1)([[], ["a"], ["a", "b"]], ["a", "b"]), 2);
  assert.equal(gen("a.contains", [doubles, T.double], 1)([NaN], NaN), false);
  assert.equal(gen("a.contains", [longs, T.long], 1)([2n ** 60n, 1], 2n ** 60n), true);
  assert.equal(gen("a.contains", [longs, T.long], 1)([2n ** 60n + 1n], 2n ** 60n), false);
  assert.equal(gen("a.contains", [nullableDoubles, new AvroUnion([T.null, T.double])], 1)([null, 1.5], null), true);
});

test("startswith and endswith", () => {
  const sw = gen("a.startswith", [ints, ints], 0);
  assert.equal(sw([1, 2, 3], [1, 2]), true);
  assert.equal(sw([1, 2, 3], []), true);
  assert.equal(sw([1], [1, 2]), false);
  assert.equal(gen("a.startswith", [ints, T.int], 1)([1, 2], 1), true);
  assert.equal(gen("a.startswith", [ints, T.int], 1)([], 1), false);
  const ew = gen("a.endswith", [ints, ints], 0);
  assert.equal(ew([1, 2, 3], [2, 3]), true);
  assert.equal(ew([1, 2, 3], []), true);
  assert.equal(ew([3], [2, 3]), false);
  assert.equal(gen("a.endswith", [ints, T.int], 1)([1, 2], 2), true);
  assert.equal(gen("a.endswith", [ints, T.int], 1)([], 2), false);
});

test("concat, append, cycle", () => {
  assert.deepEqual(gen("a.concat", [ints, ints])([1], [2, 3]), [1, 2, 3]);
  const a = [1, 2];
  assert.deepEqual(gen("a.append", [ints, T.int])(a, 3), [1, 2, 3]);
  assert.deepEqual(a, [1, 2]);
  const cycle = gen("a.cycle", [ints, T.int, T.int]);
  assert.deepEqual(cycle([1, 2, 3], 4, 3), [2, 3, 4]);
  assert.deepEqual(cycle([1, 2, 3], 4, 10), [1, 2, 3, 4]);
  assert.deepEqual(cycle([1, 2, 3], 4, 1), [4]);
  assert.deepEqual(cycle([1, 2, 3], 4, 0), []);
  throwsCode(() => cycle([1], 2, -1), 15150);
});

test("insert, replace, remove with Python indexes", () => {
  const insert = gen("a.insert", [ints, T.int, T.int]);
  assert.deepEqual(insert([1, 2, 3], 0, 9), [9, 1, 2, 3]);
  assert.deepEqual(insert([1, 2, 3], -1, 9), [1, 2, 9, 3]);
  throwsCode(() => insert([1, 2, 3], 3, 9), 15160); // not at the end: as in the reference implementations
  throwsCode(() => insert([1, 2, 3], -4, 9), 15160);
  throwsCode(() => insert([], 0, 9), 15160);
  const replace = gen("a.replace", [ints, T.int, T.int]);
  assert.deepEqual(replace([1, 2, 3], -1, 9), [1, 2, 9]);
  throwsCode(() => replace([1, 2, 3], 3, 9), 15170);
  const removeRange = gen("a.remove", [ints, T.int, T.int], 0);
  assert.deepEqual(removeRange([1, 2, 3, 4], 1, 3), [1, 4]);
  assert.deepEqual(removeRange([1, 2, 3, 4], 3, 1), [1, 2, 3, 4]);
  assert.deepEqual(removeRange([1, 2, 3, 4], -2, 100), [1, 2]);
  const removeOne = gen("a.remove", [ints, T.int], 1);
  assert.deepEqual(removeOne([1, 2, 3], -1), [1, 2]);
  throwsCode(() => removeOne([1, 2, 3], 3), 15180);
  throwsCode(() => removeOne([], 0), 15180);
});

test("rotate", () => {
  const rotate = gen("a.rotate", [ints, T.int]);
  assert.deepEqual(rotate([1, 2, 3, 4], 1), [2, 3, 4, 1]);
  assert.deepEqual(rotate([1, 2, 3, 4], 6), [3, 4, 1, 2]);
  assert.deepEqual(rotate([], 3), []);
  throwsCode(() => rotate([1], -1), 15190);
});

test("sort: Avro order, stable, NaN last, without modifying the argument", () => {
  const a = [3, 1, 2];
  assert.deepEqual(gen("a.sort", [ints])(a), [1, 2, 3]);
  assert.deepEqual(a, [3, 1, 2]);
  assert.deepEqual(gen("a.sort", [doubles])([NaN, 1, -Infinity, Infinity, -1]), [-Infinity, -1, 1, Infinity, NaN]);
  assert.deepEqual(gen("a.sort", [longs])([2n ** 60n, -(2n ** 60n), 0]), [-(2n ** 60n), 0, 2n ** 60n]);
  assert.deepEqual(gen("a.sort", [strings])(["b", "a", "ab"]), ["a", "ab", "b"]);
  assert.deepEqual(gen("a.sort", [nullableDoubles])([2, null, 1]), [null, 1, 2]);
  assert.deepEqual(gen("a.sort", [arr(ints)])([[1, 2], [1], [0, 5]]), [[0, 5], [1], [1, 2]]);
  const s = gen("a.sort", [recs])([rec(1, "b"), rec(0, "z"), rec(1, "a")]);
  assert.deepEqual(s, [rec(0, "z"), rec(1, "a"), rec(1, "b")]);
  // stability under a partial order given by lessThan
  const byX = (p: unknown, q: unknown) => (p as { x: number }).x < (q as { x: number }).x;
  const t = gen("a.sortLT", [recs, fcn([R, R], T.boolean)])([rec(1, "first"), rec(0, "z"), rec(1, "second")], byX);
  assert.deepEqual(t, [rec(0, "z"), rec(1, "first"), rec(1, "second")]);
});

test("shuffle is a permutation drawn from the engine's random source", () => {
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const a = [1, 2, 3, 4, 5, 6, 7, 8];
  const out = gen("a.shuffle", [ints], 0, random)(a) as number[];
  assert.deepEqual([...out].sort((x, y) => x - y), a);
  assert.deepEqual(a, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(gen("a.shuffle", [ints])([]), []);
  assert.deepEqual(gen("a.reverse", [ints])([1, 2, 3]), [3, 2, 1]);
});

test("max, min and their LT forms; first of equal extremes", () => {
  assert.equal(gen("a.max", [ints])([1, 5, 3]), 5);
  assert.equal(gen("a.min", [ints])([4, 1, 3]), 1);
  assert.equal(gen("a.max", [doubles])([1, NaN, 3]), NaN);
  assert.equal(gen("a.min", [doubles])([1, NaN, -Infinity]), -Infinity);
  assert.deepEqual(gen("a.max", [recs])([rec(1, "a"), rec(1, "b"), rec(0, "z")]), rec(1, "b"));
  const byX = (p: unknown, q: unknown) => (p as { x: number }).x < (q as { x: number }).x;
  assert.deepEqual(gen("a.maxLT", [recs, fcn([R, R], T.boolean)])([rec(1, "a"), rec(1, "b")], byX), rec(1, "a"));
  assert.deepEqual(gen("a.minLT", [recs, fcn([R, R], T.boolean)])([rec(1, "a"), rec(1, "b")], byX), rec(1, "a"));
  throwsCode(() => gen("a.max", [ints])([]), 15240);
  throwsCode(() => gen("a.min", [ints])([]), 15250);
  throwsCode(() => gen("a.maxLT", [ints, fcn([T.int, T.int], T.boolean)])([], ltNum), 15260);
  throwsCode(() => gen("a.minLT", [ints, fcn([T.int, T.int], T.boolean)])([], ltNum), 15270);
});

test("maxN, minN and their LT forms", () => {
  const a = [3, 1, 4, 1, 5, 9, 2, 6];
  for (const n of [0, 2, 5, 8, 20]) {
    const desc = [...a].sort((x, y) => y - x).slice(0, n);
    const asc = [...a].sort((x, y) => x - y).slice(0, n);
    assert.deepEqual(gen("a.maxN", [ints, T.int])(a, n), desc);
    assert.deepEqual(gen("a.minN", [ints, T.int])(a, n), asc);
    assert.deepEqual(gen("a.maxNLT", [ints, T.int, fcn([T.int, T.int], T.boolean)])(a, n, ltNum), desc);
    assert.deepEqual(gen("a.minNLT", [ints, T.int, fcn([T.int, T.int], T.boolean)])(a, n, ltNum), asc);
  }
  // ties keep their order of appearance, for any n
  const r = [rec(1, "a"), rec(2, "b"), rec(1, "c"), rec(2, "d"), rec(1, "e"), rec(0, "f")];
  const byX = (p: unknown, q: unknown) => (p as { x: number }).x < (q as { x: number }).x;
  const want = [rec(2, "b"), rec(2, "d"), rec(1, "a"), rec(1, "c"), rec(1, "e")];
  assert.deepEqual(gen("a.maxNLT", [recs, T.int, fcn([R, R], T.boolean)])(r, 5, byX), want);
  const ints2 = [1, 2, 1, 2, 1, 0];
  assert.deepEqual(gen("a.argmaxN", [ints, T.int])(ints2, 5), [1, 3, 0, 2, 4]);
  assert.deepEqual(gen("a.argmaxN", [ints, T.int])(ints2, 3), [1, 3, 0]);
  assert.deepEqual(gen("a.argminN", [ints, T.int])(ints2, 6), [5, 0, 2, 4, 1, 3]);
  assert.deepEqual(gen("a.argminN", [ints, T.int])(ints2, 2), [5, 0]);
  for (const [name, code] of [["a.maxN", 15280], ["a.minN", 15290], ["a.argmaxN", 15360], ["a.argminN", 15370]] as const) {
    throwsCode(() => gen(name, [ints, T.int])([], 1), code);
    throwsCode(() => gen(name, [ints, T.int])([], -1), code); // the empty check comes first
    throwsCode(() => gen(name, [ints, T.int])([1], -1), code + 1);
  }
  for (const [name, code] of [["a.maxNLT", 15300], ["a.minNLT", 15310], ["a.argmaxNLT", 15380], ["a.argminNLT", 15390]] as const) {
    const f = gen(name, [ints, T.int, fcn([T.int, T.int], T.boolean)]);
    throwsCode(() => f([], 1, ltNum), code);
    throwsCode(() => f([1], -1, ltNum), code + 1);
  }
});

test("argmax, argmin and LT forms: first index of equal extremes", () => {
  assert.equal(gen("a.argmax", [ints])([1, 5, 3, 5]), 1);
  assert.equal(gen("a.argmin", [ints])([4, 1, 3, 1]), 1);
  assert.equal(gen("a.argmax", [doubles])([1, NaN, 3]), 1);
  assert.equal(gen("a.argmaxLT", [ints, fcn([T.int, T.int], T.boolean)])([1, 5, 5], ltNum), 1);
  assert.equal(gen("a.argminLT", [ints, fcn([T.int, T.int], T.boolean)])([4, 1, 1], ltNum), 1);
  assert.deepEqual(gen("a.argmaxNLT", [ints, T.int, fcn([T.int, T.int], T.boolean)])([1, 2, 1, 2], 3, ltNum), [1, 3, 0]);
  assert.deepEqual(gen("a.argminNLT", [ints, T.int, fcn([T.int, T.int], T.boolean)])([1, 2, 1, 2], 3, ltNum), [0, 2, 1]);
  throwsCode(() => gen("a.argmax", [ints])([]), 15320);
  throwsCode(() => gen("a.argmin", [ints])([]), 15330);
  throwsCode(() => gen("a.argmaxLT", [ints, fcn([T.int, T.int], T.boolean)])([], ltNum), 15340);
  throwsCode(() => gen("a.argminLT", [ints, fcn([T.int, T.int], T.boolean)])([], ltNum), 15350);
});

test("sum: exact integers, overflow only of the final result", () => {
  const si = gen("a.sum", [ints]);
  assert.equal(si([]), 0);
  assert.equal(si([2147483647, 1, -1]), 2147483647);
  throwsCode(() => si([2147483647, 1]), 15400);
  throwsCode(() => si([-2147483648, -1]), 15400);
  const sl = gen("a.sum", [longs]);
  assert.equal(sl([]), 0);
  assert.equal(sl([2 ** 53 - 1, 1]), 2n ** 53n);
  assert.equal(sl([2n ** 62n, 2n ** 62n, -(2n ** 62n)]), 2n ** 62n);
  assert.equal(sl([2n ** 60n, -(2n ** 60n), 5]), 5);
  throwsCode(() => sl([4611686018427387903n, 4611686018427387903n, 4611686018427387903n]), 15401);
  throwsCode(() => sl([-(2n ** 63n), -1]), 15401);
  assert.equal(gen("a.sum", [doubles])([1.5, 2.5, Infinity]), Infinity);
  assert.ok(Number.isNaN(gen("a.sum", [doubles])([Infinity, -Infinity]) as number));
  assert.equal(gen("a.sum", [floats])([0.1, 0.2]), Math.fround(0.1 + 0.2));
});

test("product: exact integers, a later zero rescues an overflow", () => {
  const pi = gen("a.product", [ints]);
  assert.equal(pi([]), 1);
  assert.equal(pi([-1, 0]), 0);
  assert.ok(Object.is(pi([-1, 0]), 0));
  assert.equal(pi([65536, 32768, -1]), -2147483648);
  throwsCode(() => pi([65536, 32768]), 15410);
  assert.equal(pi([65536, 65536, 0]), 0);
  const pl = gen("a.product", [longs]);
  assert.equal(pl([2n ** 32n, 2n ** 30n]), 2n ** 62n);
  assert.equal(pl([2n ** 40n, 2n ** 40n, 0]), 0);
  throwsCode(() => pl([2n ** 32n, 2n ** 31n]), 15411);
  assert.equal(pl([-(2n ** 32n), 2n ** 31n]), -(2n ** 63n));
  assert.equal(pl([2n ** 32n, 2n ** 31n, -1]), -(2n ** 63n));
  throwsCode(() => pl([-(2n ** 63n), -1]), 15411);
  assert.equal(pl([2n ** 62n, 3, 0]), 0);
  assert.equal(gen("a.product", [doubles])([]), 1);
  assert.equal(gen("a.product", [doubles])([1.5, -2]), -3);
});

test("lnsum, mean, geomean, logsumexp", () => {
  const lnsum = gen("a.lnsum", [doubles]);
  assert.equal(lnsum([]), 0);
  assert.equal(lnsum([0]), -Infinity);
  assert.ok(Number.isNaN(lnsum([-1, 2]) as number));
  assert.ok(Math.abs((lnsum([Math.E, Math.E]) as number) - 2) < 1e-15);
  const mean = gen("a.mean", [doubles]);
  assert.ok(Number.isNaN(mean([]) as number));
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  assert.equal(mean([1, Infinity]), Infinity);
  const geomean = gen("a.geomean", [doubles]);
  assert.ok(Number.isNaN(geomean([]) as number));
  assert.ok(Math.abs((geomean([2, 8]) as number) - 4) < 1e-12);
  assert.equal(geomean([0]), 0);
  const lse = gen("a.logsumexp", [doubles]);
  assert.ok(Number.isNaN(lse([]) as number));
  assert.ok(Math.abs((lse([1000, 1000]) as number) - (1000 + Math.LN2)) < 1e-9);
  assert.ok(Math.abs((lse([0, Math.log(3)]) as number) - Math.log(4)) < 1e-12);
  assert.equal(lse([-Infinity, 0]), 0);
});

test("median and ntile: interpolation for float and double only", () => {
  assert.equal(gen("a.median", [ints])([3, 1, 2]), 2);
  assert.equal(gen("a.median", [ints])([4, 1, 3, 2]), 2);
  assert.equal(gen("a.median", [doubles])([4, 1, 3, 2]), 2.5);
  assert.equal(gen("a.median", [floats])([Math.fround(0.1), Math.fround(0.2)]), Math.fround((Math.fround(0.1) + Math.fround(0.2)) / 2));
  assert.equal(gen("a.median", [nullableDoubles])([1, 0]), 0);
  assert.deepEqual(gen("a.median", [recs])([rec(2, ""), rec(0, ""), rec(1, ""), rec(3, "")]), rec(1, ""));
  throwsCode(() => gen("a.median", [ints])([]), 15450);
  const ni = gen("a.ntile", [ints, T.double]);
  assert.equal(ni([5, 1, 4, 2, 3], 0.5), 3);
  assert.equal(ni([5, 1, 4, 2, 3], 0.99), 4);
  assert.equal(ni([5, 1, 4, 2, 3], 0), 1);
  assert.equal(ni([5, 1, 4, 2, 3], -3), 1);
  assert.equal(ni([5, 1, 4, 2, 3], 1), 5);
  assert.equal(ni([5, 1, 4, 2, 3], Infinity), 5);
  const nd = gen("a.ntile", [doubles, T.double]);
  assert.equal(nd([0, 10], 0.25), 2.5);
  assert.equal(nd([0, 10, 20], 0.5), 10);
  throwsCode(() => ni([], 0.5), 15460);
  throwsCode(() => ni([], NaN), 15460);
  throwsCode(() => ni([1], NaN), 15461);
});

test("mode: most common, the median of equally common values", () => {
  const mode = gen("a.mode", [ints]);
  assert.equal(mode([1, 2, 2, 3]), 2);
  assert.equal(mode([3, 1, 2]), 2);
  assert.equal(mode([5, 5, 1, 1]), 1);
  assert.equal(gen("a.mode", [doubles])([5, 5, 1, 1]), 3);
  assert.ok(Number.isNaN(gen("a.mode", [doubles])([NaN, NaN, 1]) as number));
  assert.equal(gen("a.mode", [longs])([2n ** 60n, 1, 2n ** 60n]), 2n ** 60n);
  assert.ok(Number.isNaN(gen("a.mode", [nullableDoubles])([NaN, null, NaN]) as number));
  assert.deepEqual(gen("a.mode", [recs])([rec(1, "a"), rec(2, "b"), rec(1, "a")]), rec(1, "a"));
  throwsCode(() => mode([]), 15470);
});

test("set functions keep the arrays' order", () => {
  const distinct = gen("a.distinct", [ints]);
  assert.deepEqual(distinct([3, 1, 3, 2, 1]), [3, 1, 2]);
  assert.deepEqual(gen("a.distinct", [recs])([rec(1, "a"), rec(1, "a"), rec(1, "b")]), [rec(1, "a"), rec(1, "b")]);
  assert.equal(gen("a.seteq", [ints, ints])([1, 2, 2], [2, 1]), true);
  assert.equal(gen("a.seteq", [ints, ints])([1, 2], [2, 3]), false);
  assert.deepEqual(gen("a.union", [ints, ints])([3, 1, 3], [2, 1, 4]), [3, 1, 2, 4]);
  // as in both reference implementations: a's members found in b, then b's found in a
  assert.deepEqual(gen("a.intersection", [ints, ints])([1, 2, 3], [3, 2, 5]), [2, 3, 3, 2]);
  assert.deepEqual(gen("a.diff", [ints, ints])([1, 2, 3, 2], [2]), [1, 3]);
  assert.deepEqual(gen("a.symdiff", [ints, ints])([1, 2, 3], [3, 4]), [1, 2, 4]);
  assert.equal(gen("a.subset", [ints, ints])([1, 2], [2, 3, 1]), true);
  assert.equal(gen("a.subset", [ints, ints])([1, 4], [2, 3, 1]), false);
  assert.equal(gen("a.subset", [ints, ints])([], []), true);
  assert.equal(gen("a.disjoint", [ints, ints])([1, 2], [3]), true);
  assert.equal(gen("a.disjoint", [ints, ints])([1, 2], [2]), false);
  // large arrays (indexed) agree with small ones; NaN is never a member
  const big = Array.from({ length: 50 }, (_, i) => i * 1.5);
  assert.deepEqual(gen("a.diff", [doubles, doubles])([3, 4.5, 2, NaN], [...big, NaN]), [2, NaN]);
  assert.deepEqual(gen("a.intersection", [longs, longs])([2n ** 60n, 7], [...big.map((_, i) => i), 2n ** 60n]), [2n ** 60n, 7, 7, 2n ** 60n]);
  assert.deepEqual(gen("a.union", [doubles, doubles])([NaN], [NaN]), [NaN, NaN]);
  assert.deepEqual(gen("a.distinct", [doubles])([NaN, 1, NaN, 1, -0, 0]), [NaN, 1, NaN, -0]);
  assert.deepEqual(gen("a.distinct", [longs])([2n ** 60n, 2n ** 60n, 1, 1]), [2n ** 60n, 1]);
  assert.deepEqual(gen("a.distinct", [nullableDoubles])([null, 1, null, NaN, NaN]), [null, 1, NaN, NaN]);
});

test("map, filter, filterMap, flatMap and their WithIndex forms", () => {
  const F = fcn([T.int], T.int);
  assert.deepEqual(gen("a.map", [ints, F])([1, 2], (x: number) => x * 10), [10, 20]);
  assert.deepEqual(gen("a.mapWithIndex", [ints, F])([1, 2], (i: number, x: number) => i + x), [1, 3]);
  assert.deepEqual(gen("a.filter", [ints, F])([1, 2, 3, 4], (x: number) => x % 2 === 0), [2, 4]);
  assert.deepEqual(gen("a.filterWithIndex", [ints, F])([5, 6, 7], (i: number) => i !== 1), [5, 7]);
  assert.deepEqual(gen("a.filterMap", [ints, F])([1, 2, 3], (x: number) => (x === 2 ? null : x * 2)), [2, 6]);
  assert.deepEqual(gen("a.filterMapWithIndex", [ints, F])([1, 2, 3], (i: number, x: number) => (i === 0 ? null : x)), [2, 3]);
  assert.deepEqual(gen("a.flatMap", [ints, F])([1, 2], (x: number) => [x, x]), [1, 1, 2, 2]);
  assert.deepEqual(gen("a.flatMapWithIndex", [ints, F])([1, 2], (i: number, x: number) => (i === 0 ? [] : [x, i])), [2, 1]);
});

test("zipmap and zipmapWithIndex: two, three or four arrays; misaligned arrays", () => {
  const F = fcn([T.int], T.int);
  assert.deepEqual(gen("a.zipmap", [ints, ints, F], 0)([1, 2], [10, 20], (a: number, b: number) => a + b), [11, 22]);
  assert.deepEqual(gen("a.zipmap", [ints, ints, ints, F], 1)([1], [2], [3], (a: number, b: number, c: number) => a + b + c), [6]);
  assert.deepEqual(gen("a.zipmap", [ints, ints, ints, ints, F], 2)([1], [2], [3], [4], (a: number, b: number, c: number, d: number) => a * b * c * d), [24]);
  throwsCode(() => gen("a.zipmap", [ints, ints, F], 0)([1], [], () => 0), 15650);
  throwsCode(() => gen("a.zipmap", [ints, ints, ints, F], 1)([1], [1], [], () => 0), 15650);
  throwsCode(() => gen("a.zipmap", [ints, ints, ints, ints, F], 2)([1], [1], [1], [], () => 0), 15650);
  assert.deepEqual(gen("a.zipmapWithIndex", [ints, ints, F], 0)([1, 2], [10, 20], (i: number, a: number, b: number) => i * 100 + a + b), [11, 122]);
  assert.deepEqual(gen("a.zipmapWithIndex", [ints, ints, ints, F], 1)([1], [2], [3], (i: number, a: number, b: number, c: number) => i + a + b + c), [6]);
  assert.deepEqual(gen("a.zipmapWithIndex", [ints, ints, ints, ints, F], 2)([1], [2], [3], [4], (i: number, a: number) => i + a), [1]);
  throwsCode(() => gen("a.zipmapWithIndex", [ints, ints, F], 0)([], [1], () => 0), 15660);
  throwsCode(() => gen("a.zipmapWithIndex", [ints, ints, ints, ints, F], 2)([1], [1], [1], [1, 2], () => 0), 15660);
  assert.deepEqual(gen("a.zipmap", [ints, ints, F], 0)([], [], () => 0), []);
});

test("reduce, reduceRight, fold, foldRight: argument order", () => {
  const F = fcn([T.string, T.string], T.string);
  const cat = (a: string, b: string) => `(${a}${b})`;
  assert.equal(gen("a.reduce", [strings, F])(["a", "b", "c"], cat), "((ab)c)");
  assert.equal(gen("a.reduceRight", [strings, F])(["a", "b", "c"], cat), "(a(bc))");
  assert.equal(gen("a.reduce", [strings, F])(["a"], cat), "a");
  throwsCode(() => gen("a.reduce", [strings, F])([], cat), 15670);
  throwsCode(() => gen("a.reduceRight", [strings, F])([], cat), 15680);
  assert.equal(gen("a.fold", [strings, T.string, F])(["a", "b"], "z", cat), "((za)b)");
  assert.equal(gen("a.foldRight", [strings, T.string, F])(["a", "b"], "z", cat), "(a(bz))");
  assert.equal(gen("a.fold", [strings, T.string, F])([], "z", cat), "z");
});

test("takeWhile, dropWhile, any, all, corresponds", () => {
  const F = fcn([T.int], T.boolean);
  const small = (x: number) => x < 3;
  assert.deepEqual(gen("a.takeWhile", [ints, F])([1, 2, 3, 1], small), [1, 2]);
  assert.deepEqual(gen("a.dropWhile", [ints, F])([1, 2, 3, 1], small), [3, 1]);
  assert.deepEqual(gen("a.takeWhile", [ints, F])([], small), []);
  assert.equal(gen("a.any", [ints, F])([5, 2], small), true);
  assert.equal(gen("a.any", [ints, F])([], small), false);
  assert.equal(gen("a.all", [ints, F])([1, 2], small), true);
  assert.equal(gen("a.all", [ints, F])([1, 5], small), false);
  assert.equal(gen("a.all", [ints, F])([], small), true);
  const lt = (a: number, b: number) => a < b;
  assert.equal(gen("a.corresponds", [ints, ints, F])([1, 2], [2, 3], lt), true);
  assert.equal(gen("a.corresponds", [ints, ints, F])([1, 2], [2], lt), false);
  assert.equal(gen("a.corresponds", [ints, ints, F])([3], [2], lt), false);
  assert.equal(gen("a.correspondsWithIndex", [ints, ints, F])([0, 1], [0, 1], (i: number, a: number, b: number) => i === a && a === b), true);
  assert.equal(gen("a.correspondsWithIndex", [ints, ints, F])([0, 1], [0], () => true), false);
});

test("slidingWindow, combinations, permutations, flatten, groupby", () => {
  const sw = gen("a.slidingWindow", [ints, T.int, T.int]);
  assert.deepEqual(sw([1, 2, 3, 4, 5], 2, 2), [[1, 2], [3, 4]]);
  assert.deepEqual(sw([1, 2, 3, 4], 3, 1), [[1, 2, 3], [2, 3, 4]]);
  assert.deepEqual(sw([1, 2], 3, 1), []);
  throwsCode(() => sw([1], 0, 1), 15770);
  throwsCode(() => sw([1], 0, 0), 15770);
  throwsCode(() => sw([1], 1, 0), 15771);
  const comb = gen("a.combinations", [ints, T.int]);
  assert.deepEqual(comb([1, 2, 3, 4], 2), [[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]]);
  assert.deepEqual(comb([1, 2], 2), [[1, 2]]);
  assert.deepEqual(comb([1, 2], 3), []);
  assert.deepEqual(comb([], 1), []);
  throwsCode(() => comb([1], 0), 15780);
  const perm = gen("a.permutations", [ints]);
  assert.deepEqual(perm([]), [[]]);
  assert.deepEqual(perm([1, 2, 3]), [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]]);
  assert.deepEqual(perm([2, 1]), [[2, 1], [1, 2]]); // positions, not values
  assert.equal((perm([1, 2, 3, 4, 5]) as unknown[]).length, 120);
  assert.deepEqual(gen("a.flatten", [arr(ints)])([[1], [], [2, 3]]), [1, 2, 3]);
  const g = gen("a.groupby", [ints, fcn([T.int], T.string)])([1, 2, 3, 4, 5], (x: number) => (x % 2 === 0 ? "even" : "__proto__")) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(g), null);
  assert.deepEqual(Object.keys(g), ["__proto__", "even"]);
  assert.deepEqual(g["__proto__"], [1, 3, 5]);
  assert.deepEqual(g.even, [2, 4]);
});
