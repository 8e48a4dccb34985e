import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/map.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { isMapValue, makeRecord, mapFromEntries } from "../../src/pfa/runtime.js";
import { AvroArray, AvroMap, AvroRecord, type AvroType, AvroUnion, T } from "../../src/pfa/types.js";
import { FcnType } from "../../src/pfa/signature.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: (AvroType | FcnType)[], sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.null);
}


const m = <V>(o: Record<string, V>) => mapFromEntries(Object.entries(o));
/** A map result as a plain object, checking it is a map value. */
const plain = (v: unknown) => {
  assert.ok(isMapValue(v), "a null-prototype map");
  return { ...(v as Record<string, unknown>) };
};
const MI = new AvroMap(T.int);
const MD = new AvroMap(T.double);
const fcn = (params: AvroType[], ret: AvroType) => new FcnType(params, ret);
const ltNum = (a: unknown, b: unknown) => (a as number) < (b as number);

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 41);
  assert.equal(new Set(names).size, 41);
});

test("access and search", () => {
  const x = m({ one: 1, two: 2 });
  assert.equal(gen("map.len", [MI])(x), 2);
  assert.deepEqual(gen("map.keys", [MI])(x), ["one", "two"]);
  assert.deepEqual(gen("map.values", [MI])(x), [1, 2]);
  assert.equal(gen("map.containsKey", [MI, T.string], 0)(x, "two"), true);
  assert.equal(gen("map.containsKey", [MI, T.string], 0)(x, "toString"), false);
  assert.equal(gen("map.containsKey", [MI, fcn([T.string], T.boolean)], 1)(x, (k: string) => k.startsWith("t")), true);
  assert.equal(gen("map.containsValue", [MI, T.int], 0)(x, 2), true);
  assert.equal(gen("map.containsValue", [MI, T.int], 0)(x, 3), false);
  assert.equal(gen("map.containsValue", [MD, T.double], 0)(m({ a: NaN }), NaN), false);
  assert.equal(gen("map.containsValue", [MI, fcn([T.int], T.boolean)], 1)(x, (v: number) => v > 1), true);
});

test("manipulation leaves the argument unchanged", () => {
  const x = m({ one: 1, two: 2 });
  const add = gen("map.add", [MI, T.string, T.int], 0);
  assert.deepEqual(plain(add(x, "three", 3)), { one: 1, two: 2, three: 3 });
  assert.deepEqual(plain(add(x, "one", 9)), { one: 9, two: 2 });
  assert.deepEqual(plain(add(x, "__proto__", 5)), { one: 1, two: 2, ["__proto__"]: 5 });
  assert.deepEqual(plain(x), { one: 1, two: 2 });
  const remove = gen("map.remove", [MI, T.string]);
  assert.deepEqual(plain(remove(x, "one")), { two: 2 });
  assert.deepEqual(plain(remove(x, "zzz")), { one: 1, two: 2 });
  assert.deepEqual(plain(x), { one: 1, two: 2 });
  assert.deepEqual(plain(gen("map.only", [MI, new AvroArray(T.string)])(x, ["two", "zzz"])), { two: 2 });
  assert.deepEqual(plain(gen("map.except", [MI, new AvroArray(T.string)])(x, ["two", "zzz"])), { one: 1 });
  assert.deepEqual(plain(gen("map.update", [MI, MI])(x, m({ two: 20, three: 3 }))), { one: 1, two: 20, three: 3 });
  const split = gen("map.split", [MI])(x) as unknown[];
  assert.deepEqual(split.map(plain), [{ one: 1 }, { two: 2 }]);
  assert.deepEqual(plain(gen("map.join", [new AvroArray(MI)])([m({ a: 1, b: 2 }), m({ b: 3 })])), { a: 1, b: 3 });
  assert.deepEqual(plain(gen("map.join", [new AvroArray(MI)])([])), {});
  assert.deepEqual(plain(x), { one: 1, two: 2 });
});

test("argmax and argmin: Avro order, ties by key, errors", () => {
  const x = m({ b: 3, a: 3, c: 1, d: 2 });
  assert.equal(gen("map.argmax", [MI])(x), "a");
  assert.equal(gen("map.argmin", [MI])(x), "c");
  throwsCode(() => gen("map.argmax", [MI])(m({})), 26120);
  throwsCode(() => gen("map.argmin", [MI])(m({})), 26130);
  assert.equal(gen("map.argmaxLT", [MI, fcn([T.int, T.int], T.boolean)])(x, ltNum), "a");
  assert.equal(gen("map.argminLT", [MI, fcn([T.int, T.int], T.boolean)])(x, ltNum), "c");
  throwsCode(() => gen("map.argmaxLT", [MI, fcn([T.int, T.int], T.boolean)])(m({}), ltNum), 26140);
  throwsCode(() => gen("map.argminLT", [MI, fcn([T.int, T.int], T.boolean)])(m({}), ltNum), 26150);
  const maxN = gen("map.argmaxN", [MI, T.int]);
  const minN = gen("map.argminN", [MI, T.int]);
  assert.deepEqual(maxN(x, 3), ["a", "b", "d"]);
  assert.deepEqual(maxN(x, 10), ["a", "b", "d", "c"]);
  assert.deepEqual(maxN(x, 0), []);
  assert.deepEqual(minN(x, 3), ["c", "d", "a"]);
  throwsCode(() => maxN(m({}), 1), 26160);
  throwsCode(() => maxN(m({}), -1), 26160);
  throwsCode(() => maxN(x, -1), 26161);
  throwsCode(() => minN(m({}), 1), 26170);
  throwsCode(() => minN(x, -1), 26171);
  const maxNLT = gen("map.argmaxNLT", [MI, T.int, fcn([T.int, T.int], T.boolean)]);
  const minNLT = gen("map.argminNLT", [MI, T.int, fcn([T.int, T.int], T.boolean)]);
  assert.deepEqual(maxNLT(x, 2, ltNum), ["a", "b"]);
  assert.deepEqual(minNLT(x, 2, ltNum), ["c", "d"]);
  throwsCode(() => maxNLT(m({}), 2, ltNum), 26180);
  throwsCode(() => maxNLT(x, -2, ltNum), 26181);
  throwsCode(() => minNLT(m({}), 2, ltNum), 26190);
  throwsCode(() => minNLT(x, -2, ltNum), 26191);
  // NaN is above every number in Avro's order
  assert.equal(gen("map.argmax", [MD])(m({ a: 1, b: NaN, c: Infinity })), "b");
  assert.equal(gen("map.argmin", [MD])(m({ a: 1, b: NaN, c: -Infinity })), "c");
  // long values beyond 2^53
  assert.equal(gen("map.argmax", [new AvroMap(T.long)])(m<unknown>({ a: 2n ** 60n, b: 2n ** 60n + 1n, c: 5 })), "b");
});

test("sets: keys are base64 Avro", () => {
  const toset = gen("map.toset", [new AvroArray(T.int)]);
  assert.deepEqual(plain(toset([1, -1, 1])), { "Ag==": 1, "AQ==": -1 });
  const R = new AvroRecord("Record1", null);
  R.fields = [
    { name: "x", type: T.int },
    { name: "y", type: T.string },
  ];
  const r = makeRecord(["x", "y"], [1, "hello"]);
  assert.deepEqual(plain(gen("map.add", [new AvroMap(R), R], 1)(m({}), r)), { "AgpoZWxsbw==": r });
  const U = new AvroUnion([T.null, T.double]);
  const s = gen("map.toset", [new AvroArray(U)])([null, 1]);
  assert.deepEqual(plain(s), { "AA==": null, "AgAAAAAAAPA/": 1 });
  const isIn = gen("map.in", [new AvroMap(U), U]);
  assert.equal(isIn(s, 1), true);
  assert.equal(isIn(s, null), true);
  assert.equal(isIn(s, 2), false);
  assert.deepEqual(gen("map.fromset", [new AvroMap(U)])(s), [null, 1]);
});

test("set operations consider keys only", () => {
  const a = m({ x: 1, y: 2 });
  const b = m({ y: 20, z: 30 });
  assert.deepEqual(plain(gen("map.union", [MI, MI])(a, b)), { x: 1, y: 20, z: 30 });
  assert.deepEqual(plain(gen("map.intersection", [MI, MI])(a, b)), { y: 2 });
  assert.deepEqual(plain(gen("map.diff", [MI, MI])(a, b)), { x: 1 });
  assert.deepEqual(plain(gen("map.symdiff", [MI, MI])(a, b)), { x: 1, z: 30 });
  assert.equal(gen("map.subset", [MI, MI])(m({ y: 0 }), a), true);
  assert.equal(gen("map.subset", [MI, MI])(m({}), m({})), true);
  assert.equal(gen("map.subset", [MI, MI])(b, a), false);
  assert.equal(gen("map.disjoint", [MI, MI])(a, b), false);
  assert.equal(gen("map.disjoint", [MI, MI])(a, m({ q: 1 })), true);
});

test("functional programming", () => {
  const x = m({ one: 1, two: 2 });
  assert.deepEqual(plain(gen("map.map", [MI, fcn([T.int], T.string)])(x, (v: number) => String(v * 10))), { one: "10", two: "20" });
  assert.deepEqual(plain(gen("map.mapWithKey", [MI, fcn([T.string, T.int], T.string)])(x, (k: string, v: number) => k + v)), { one: "one1", two: "two2" });
  assert.deepEqual(plain(gen("map.filter", [MI, fcn([T.int], T.boolean)])(x, (v: number) => v > 1)), { two: 2 });
  assert.deepEqual(plain(gen("map.filterWithKey", [MI, fcn([T.string, T.int], T.boolean)])(x, (k: string) => k === "one")), { one: 1 });
  const U = new AvroUnion([T.int, T.null]);
  assert.deepEqual(plain(gen("map.filterMap", [MI, fcn([T.int], U)])(x, (v: number) => (v > 1 ? v * 2 : null))), { two: 4 });
  assert.deepEqual(plain(gen("map.filterMapWithKey", [MI, fcn([T.string, T.int], U)])(x, (k: string, v: number) => (k === "one" ? v : null))), { one: 1 });
  assert.deepEqual(
    plain(gen("map.flatMap", [MI, fcn([T.int], MI)])(x, (v: number) => m({ [`k${v}`]: v, shared: v }))),
    { k1: 1, k2: 2, shared: 2 },
  );
  assert.deepEqual(plain(gen("map.flatMapWithKey", [MI, fcn([T.string, T.int], MI)])(x, (k: string, v: number) => m({ [k + k]: v }))), { oneone: 1, twotwo: 2 });
});

test("zipmap and corresponds", () => {
  const a = m({ one: 1, two: 2 });
  const b = m({ two: 20, one: 10 });
  const c = m({ one: 100, two: 200 });
  const z2 = gen("map.zipmap", [MI, MI, fcn([T.int, T.int], T.int)], 0);
  assert.deepEqual(plain(z2(a, b, (x: number, y: number) => x + y)), { one: 11, two: 22 });
  throwsCode(() => z2(a, m({ one: 1 }), () => 0), 26370);
  throwsCode(() => z2(a, m({ one: 1, three: 3 }), () => 0), 26370);
  const z3 = gen("map.zipmap", [MI, MI, MI, fcn([T.int, T.int, T.int], T.int)], 1);
  assert.deepEqual(plain(z3(a, b, c, (x: number, y: number, w: number) => x + y + w)), { one: 111, two: 222 });
  const z4 = gen("map.zipmap", [MI, MI, MI, MI, fcn([T.int, T.int, T.int, T.int], T.int)], 2);
  assert.deepEqual(plain(z4(a, b, c, a, (x: number, y: number, w: number, v: number) => x + y + w + v)), { one: 112, two: 224 });
  throwsCode(() => z4(a, b, c, m({}), () => 0), 26370);
  assert.deepEqual(plain(z2(m({}), m({}), () => 0)), {});
  const zk = gen("map.zipmapWithKey", [MI, MI, fcn([T.string, T.int, T.int], T.string)], 0);
  assert.deepEqual(plain(zk(a, b, (k: string, x: number, y: number) => `${k}${x}${y}`)), { one: "one110", two: "two220" });
  throwsCode(() => zk(a, m({}), () => ""), 26380);
  const zk4 = gen("map.zipmapWithKey", [MI, MI, MI, MI, fcn([T.string, T.int, T.int, T.int, T.int], T.string)], 2);
  throwsCode(() => zk4(a, b, c, m({ one: 1 }), () => ""), 26380);
  const corr = gen("map.corresponds", [MI, MI, fcn([T.int, T.int], T.boolean)]);
  assert.equal(corr(a, b, (x: number, y: number) => y === x * 10), true);
  assert.equal(corr(a, b, (x: number, y: number) => y === x), false);
  assert.equal(corr(a, m({ one: 10 }), () => true), false);
  assert.equal(corr(m({}), m({}), () => false), true);
  const corrK = gen("map.correspondsWithKey", [MI, MI, fcn([T.string, T.int, T.int], T.boolean)]);
  assert.equal(corrK(a, b, (k: string, x: number) => (k === "one" ? x === 1 : x === 2)), true);
  assert.equal(corrK(a, m({ one: 1, three: 3 }), () => true), false);
});
