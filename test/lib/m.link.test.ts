import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/m.link.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { isMapValue, newMap } from "../../src/pfa/runtime.js";
import { AvroArray, AvroMap, type AvroType, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[], sigIndex: number): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.null);
}


const doubles = new AvroArray(T.double);
const dmap = new AvroMap(T.double);
const m = (o: Record<string, number>) => Object.assign(newMap<number>(), o);
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-15 * Math.max(Math.abs(a), Math.abs(b), 1e-300), `${a} vs ${b}`);

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 9);
  assert.equal(new Set(names).size, 9);
});

test("softmax on arrays and maps, without overflow, and its empty-input error", () => {
  const a = gen("m.link.softmax", [doubles], 0);
  const out = a([1e-5, 0.99999]) as number[];
  close(out[0]!, 0.2689453536268315);
  close(out[1]!, 0.7310546463731685);
  assert.deepEqual(a([1000, 1000]), [0.5, 0.5]);
  assert.deepEqual(a([-1000, 0]), [0, 1]);
  assert.ok((a([1, Number.NaN]) as number[]).every(Number.isNaN));
  const input = [1, 2, 3];
  a(input);
  assert.deepEqual(input, [1, 2, 3], "the argument is not modified");
  throwsCode(() => a([]), 25000);
  const mm = gen("m.link.softmax", [dmap], 1);
  const r = mm(m({ one: 0, two: 0 })) as Record<string, number>;
  assert.ok(isMapValue(r));
  assert.deepEqual({ ...r }, { one: 0.5, two: 0.5 });
  throwsCode(() => mm(newMap()), 25000);
});

test("scalar link functions", () => {
  const f = (name: string) => gen(name, [T.double], 0) as (x: number) => number;
  close(f("m.link.logit")(0), 0.5);
  close(f("m.link.logit")(2), 1 / (1 + Math.exp(-2)));
  close(f("m.link.probit")(0), 0.5);
  close(f("m.link.probit")(1), 0.8413447460685429);
  close(f("m.link.probit")(-10), 7.619853024160595e-24);
  close(f("m.link.cloglog")(0), 1 - Math.exp(-1));
  close(f("m.link.cloglog")(-40), 4.248354255291589e-18);
  close(f("m.link.loglog")(0), Math.exp(-1));
  close(f("m.link.cauchit")(1), 0.75);
  close(f("m.link.softplus")(0), Math.LN2);
  assert.equal(f("m.link.softplus")(1000), 1000);
  assert.equal(f("m.link.softplus")(-Infinity), 0);
  assert.equal(f("m.link.softplus")(Infinity), Infinity);
  close(f("m.link.softplus")(-17), 4.139937633089748e-8);
  assert.equal(f("m.link.relu")(-3), 0);
  assert.equal(f("m.link.relu")(3), 3);
  assert.ok(Number.isNaN(f("m.link.relu")(Number.NaN)));
  close(f("m.link.tanh")(0.5), Math.tanh(0.5));
});

test("link functions apply elementwise to arrays and maps", () => {
  assert.deepEqual(gen("m.link.relu", [doubles], 1)([-1, 2]), [0, 2]);
  const r = gen("m.link.tanh", [dmap], 2)(m({ a: 0, b: Infinity })) as Record<string, number>;
  assert.ok(isMapValue(r));
  assert.deepEqual({ ...r }, { a: 0, b: 1 });
  assert.deepEqual({ ...(gen("m.link.logit", [dmap], 2)(newMap()) as object) }, {});
});
