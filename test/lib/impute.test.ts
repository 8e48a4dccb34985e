import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/impute.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { AvroArray, type AvroType, AvroUnion, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[], sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.null);
}


test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 7);
  assert.equal(new Set(names).size, 7);
});

test("errorOnNull and defaultOnNull", () => {
  const U = new AvroUnion([T.int, T.null]);
  assert.equal(gen("impute.errorOnNull", [U])(3), 3);
  throwsCode(() => gen("impute.errorOnNull", [U])(null), 21000);
  const arr = ["a"];
  assert.equal(gen("impute.errorOnNull", [new AvroUnion([new AvroArray(T.string), T.null])])(arr), arr);
  assert.equal(gen("impute.defaultOnNull", [U, T.int])(null, 7), 7);
  assert.equal(gen("impute.defaultOnNull", [U, T.int])(0, 7), 0);
});

test("isnan, isinf, isnum for floats and doubles", () => {
  for (const [sig, t] of [[0, T.float], [1, T.double]] as const) {
    const isnan = gen("impute.isnan", [t], sig);
    const isinf = gen("impute.isinf", [t], sig);
    const isnum = gen("impute.isnum", [t], sig);
    assert.deepEqual([Number.NaN, Infinity, -Infinity, 1.5].map((x) => isnan(x)), [true, false, false, false]);
    assert.deepEqual([Number.NaN, Infinity, -Infinity, 1.5].map((x) => isinf(x)), [false, true, true, false]);
    assert.deepEqual([Number.NaN, Infinity, -Infinity, 1.5].map((x) => isnum(x)), [false, false, false, true]);
  }
});

test("errorOnNonNum and defaultOnNonNum", () => {
  const e = gen("impute.errorOnNonNum", [T.double], 1);
  assert.equal(e(2.5), 2.5);
  throwsCode(() => e(Number.NaN), 21050);
  throwsCode(() => e(Infinity), 21051);
  throwsCode(() => e(-Infinity), 21052);
  const d = gen("impute.defaultOnNonNum", [T.float, T.float], 0);
  assert.equal(d(Number.NaN, 1), 1);
  assert.equal(d(-Infinity, 1), 1);
  assert.equal(d(0.5, 1), 0.5);
});
