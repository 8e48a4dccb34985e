import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/model.cluster.js";
import { makeRecord } from "../../src/pfa/runtime.js";
import { AvroArray, AvroRecord, type AvroType, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results of many types
type Fn = (...args: any[]) => any;

function gen(name: string, paramTypes: AvroType[], sigIndex = 0, random: () => number = Math.random): Fn {
  return generateSite(functions, name, paramTypes, sigIndex, random, T.null) as Fn;
}


const vec = new AvroArray(T.double);
const C = new AvroRecord("C", null);
C.fields = [
  { name: "center", type: vec },
  { name: "id", type: T.string },
];
const cl = (center: unknown, id: string) => makeRecord(["center", "id"], [center, id]);
const metric = (a: unknown, b: unknown) => Math.abs((a as number) - (b as number));

test("closest: default Euclidean metric, ties to the first, errors", () => {
  const f = gen("model.cluster.closest", [vec, new AvroArray(C)], 0);
  const cs = [cl([0, 0], "a"), cl([1, 1], "b"), cl([1, 1], "c"), cl([5, 5], "d")];
  assert.equal(f([0.9, 1.2], cs).id, "b");
  assert.equal(f([-1, -1], cs).id, "a");
  assert.equal(f([100, 100], cs).id, "d");
  // vectors of different lengths: common prefix only
  assert.equal(f([5], cs).id, "d");
  throwsCode(() => f([1], []), 29000);
  const g = gen("model.cluster.closest", [T.double, new AvroArray(C)], 1);
  assert.equal(g(2.4, [cl(0, "a"), cl(3, "b"), cl(2, "c")], metric).id, "c");
  assert.equal(g(NaN, [cl(0, "a"), cl(3, "b")], metric).id, "a");
  throwsCode(() => g(1, [], metric), 29000);
});

test("closestN: order by distance, stable ties, n bounds", () => {
  const f = gen("model.cluster.closestN", [T.int, vec, new AvroArray(C)], 0);
  const cs = [cl([3], "a"), cl([1], "b"), cl([2], "c"), cl([1], "d")];
  assert.deepEqual(f(3, [0], cs).map((c: { id: string }) => c.id), ["b", "d", "c"]);
  assert.deepEqual(f(10, [0], cs).map((c: { id: string }) => c.id), ["b", "d", "c", "a"]);
  assert.deepEqual(f(0, [0], cs), []);
  assert.deepEqual(f(2, [0], []), []);
  throwsCode(() => f(-1, [0], cs), 29010);
  const g = gen("model.cluster.closestN", [T.int, T.double, new AvroArray(C)], 1);
  assert.deepEqual(g(2, 0, [cl(5, "a"), cl(-1, "b"), cl(2, "c")], metric).map((c: { id: string }) => c.id), ["b", "c"]);
});

test("randomSeeds: unique points, errors, uses the engine's random source", () => {
  let calls = 0;
  const rnd = () => {
    calls++;
    return 0.999;
  };
  const f = gen("model.cluster.randomSeeds", [new AvroArray(vec), T.int], 0, rnd);
  const nc = (i: number, v: number[]) => cl(v, String(i));
  const out = f([[1, 2], [1, 2], [3, 4], [5, 6]], 3, nc);
  assert.equal(out.length, 3);
  assert.ok(calls > 0);
  assert.deepEqual(out.map((c: { id: string }) => c.id), ["0", "1", "2"]);
  const centers = out.map((c: { center: number[] }) => c.center.join(",")).sort();
  assert.deepEqual(centers, ["1,2", "3,4", "5,6"]);
  throwsCode(() => f([[1, 2]], 0, nc), 29020);
  throwsCode(() => f([[1, 2]], -3, nc), 29020);
  throwsCode(() => f([[1, 2], [1, 2]], 2, nc), 29021);
  throwsCode(() => f([[0], [-0]], 2, nc), 29021);
  throwsCode(() => f([[1, 2, 3], [1, 2], [4]], 2, nc), 29022);
  // non-numeric items: structural equality
  const S = new AvroArray(new AvroArray(T.string));
  const g = gen("model.cluster.randomSeeds", [S, T.int], 0, () => 0);
  throwsCode(() => g([["a"], ["a"]], 2, nc), 29021);
  assert.equal(g([["a"], ["b"]], 2, nc).length, 2);
});

test("kmeansIteration: assigns to the nearest center and updates non-empty clusters", () => {
  const f = gen("model.cluster.kmeansIteration", [new AvroArray(vec), new AvroArray(C)]);
  const m = (a: unknown, b: unknown) => Math.abs((a as number[])[0]! - (b as number[])[0]!);
  const upd = (data: number[][], c: Record<string, unknown>) => cl([data.reduce((s, x) => s + x[0]!, 0) / data.length], c.id as string);
  const out = f([[0], [1], [9], [11]], [cl([0.2], "a"), cl([10], "b"), cl([50], "c")], m, upd);
  assert.deepEqual(out.map((c: { center: number[] }) => c.center), [[0.5], [10], [50]]);
  throwsCode(() => f([], [cl([0], "a")], m, upd), 29030);
  throwsCode(() => f([], [], m, upd), 29030);
  throwsCode(() => f([[1]], [], m, upd), 29031);
});

test("updateMean: weighted mean with the old center, errors", () => {
  const f = gen("model.cluster.updateMean", [new AvroArray(vec), C, T.double]);
  const c = cl([10, 20], "k");
  const out = f([[0, 0], [2, 4]], c, 2);
  assert.deepEqual(out.center, [(2 + 20) / 4, (4 + 40) / 4]);
  assert.equal(out.id, "k");
  assert.deepEqual(c.center, [10, 20]);
  assert.deepEqual(f([[1, 3]], c, 0).center, [1, 3]);
  assert.deepEqual(f([[1, -1, 0]], cl([0, 0, 0], "z"), -1).center, [Infinity, -Infinity, NaN]);
  throwsCode(() => f([], c, 1), 29040);
  throwsCode(() => f([[1, 2], [1]], c, 1), 29041);
  throwsCode(() => f([[1, 2, 3]], c, 1), 29041);
});
