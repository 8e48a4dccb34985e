import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/interp.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord } from "../../src/pfa/runtime.js";
import { T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, [], sigIndex, () => 0.5, T.double);
}


const entry = (x: unknown, to: unknown) => makeRecord(["x", "to"], [x, to]);

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 5);
  assert.equal(new Set(names).size, 5);
});

test("bin with numbins, low, high", () => {
  const bin = gen("interp.bin", 0);
  assert.equal(bin(2.2, 5, 2.2, 3.14), 0);
  assert.equal(bin(3.0, 5, 2.2, 3.14), 4);
  throwsCode(() => bin(3.14, 5, 2.2, 3.14), 22002);
  throwsCode(() => bin(2.0, 5, 2.2, 3.14), 22002);
  throwsCode(() => bin(NaN, 5, 2.2, 3.14), 22002);
  throwsCode(() => bin(5.2, 5, 3.14, 2.2), 22000);
  throwsCode(() => bin(5.2, 5, NaN, 2.2), 22000);
  throwsCode(() => bin(5.2, 0, 5, 6), 22001);
  // an infinite range makes every bin undefined
  throwsCode(() => bin(0, 5, -Infinity, 6), 22002);
});

test("bin with origin and width", () => {
  const bin = gen("interp.bin", 1);
  assert.equal(bin(5.2, 0, 1e-5), 520000);
  assert.equal(bin(-0.5, 0, 1), -1);
  assert.ok(Object.is(bin(5.2, 17, Infinity), 0)); // no negative zero
  throwsCode(() => bin(5.2, 0, 0), 22001);
  throwsCode(() => bin(5.2, 0, NaN), 22001);
  throwsCode(() => bin(5.2, 0, -Infinity), 22001);
  throwsCode(() => bin(5.2, Infinity, 1), 22000);
  throwsCode(() => bin(Infinity, 0, 1), 22002);
  throwsCode(() => bin(1e300, 0, 1e-300), 22002); // beyond the int range
});

test("nearest", () => {
  const n1 = gen("interp.nearest", 0);
  const table = [entry(0, "a"), entry(1, "b"), entry(3, "c"), entry(1, "d")];
  assert.equal(n1(0.9, table), "b");
  assert.equal(n1(2, table), "b"); // tie: the first
  throwsCode(() => n1(1, []), 22010);
  const n2 = gen("interp.nearest", 1);
  assert.equal(n2([1, 1], [entry([0, 0], "a"), entry([1, 2], "b")]), "b");
  throwsCode(() => n2([1, 1], [entry([0, 0], "a"), entry([1], "b")]), 22011);
  throwsCode(() => n2([1], []), 22010);
  const n3 = gen("interp.nearest", 2);
  const metric = (a: unknown, b: unknown) => Math.abs((a as string).length - (b as string).length);
  assert.equal(n3("abc", [entry("a", 1), entry("abcd", 2)], metric), 2);
  throwsCode(() => n3("abc", [], metric), 22010);
});

test("linear, linearFlat, linearMissing", () => {
  const table = [entry(0, 0), entry(10, 100), entry(20, 0)];
  const lin = gen("interp.linear", 0);
  assert.equal(lin(5, table), 50);
  assert.equal(lin(10, table), 100);
  assert.equal(lin(-5, table), -50); // extrapolated from the two closest
  throwsCode(() => lin(5, [entry(1, 1), entry(1, 2)]), 22020);
  throwsCode(() => lin(5, []), 22020);
  const linA = gen("interp.linear", 1);
  assert.deepEqual(linA(5, [entry(0, [0, 10]), entry(10, [10, 0])]), [5, 5]);
  throwsCode(() => linA(5, [entry(0, [0, 10]), entry(10, [10])]), 22021);
  const flat = gen("interp.linearFlat", 0);
  assert.equal(flat(-5, table), 0);
  assert.equal(flat(30, table), 0);
  assert.equal(flat(15, table), 50);
  throwsCode(() => flat(5, [entry(1, 1)]), 22030);
  assert.deepEqual(gen("interp.linearFlat", 1)(-5, [entry(0, [1, 2]), entry(10, [10])]), [1, 2]);
  throwsCode(() => gen("interp.linearFlat", 1)(5, [entry(0, [1, 2]), entry(10, [10])]), 22031);
  const miss = gen("interp.linearMissing", 0);
  assert.equal(miss(-5, table), null);
  assert.equal(miss(20, table), 0); // on the last entry: not missing
  assert.equal(miss(15, table), 50);
  throwsCode(() => miss(5, []), 22040);
  assert.equal(gen("interp.linearMissing", 1)(25, [entry(0, [1]), entry(10, [2])]), null);
  throwsCode(() => gen("interp.linearMissing", 1)(5, [entry(0, [1]), entry(10, [2, 3])]), 22041);
});
