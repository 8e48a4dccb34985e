import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/stat.change.js";
import { makeRecord } from "../../src/pfa/runtime.js";
import { generateSite, throwsCode } from "./helpers.js";

const rec = (o: Record<string, unknown>) => makeRecord(Object.keys(o), Object.values(o));

test("every function of the module is implemented once", () => {
  assert.deepEqual(
    functions.map((f) => f.name),
    ["stat.change.updateTrigger", "stat.change.zValue", "stat.change.updateCUSUM"],
  );
});

test("updateTrigger counts events, runs and the longest run", () => {
  const u = generateSite(functions, "stat.change.updateTrigger");
  let h = rec({ numEvents: 0, numRuns: 0, currentRun: 0, longestRun: 0, label: "x" });
  const initial = h;
  for (const p of [true, true, false, true, true, true, false, false, true]) h = u(p, h) as Record<string, unknown>;
  assert.deepEqual(h, { numEvents: 6, numRuns: 3, currentRun: 1, longestRun: 3, label: "x" });
  assert.deepEqual(initial, { numEvents: 0, numRuns: 0, currentRun: 0, longestRun: 0, label: "x" });
  for (const field of ["numEvents", "numRuns", "currentRun", "longestRun"]) {
    throwsCode(() => u(true, { ...initial, [field]: -1 }), 37000);
    throwsCode(() => u(false, { ...initial, [field]: -1 }), 37000);
  }
  // ints wrap as the JVM reference's do
  assert.equal((u(true, { ...initial, numEvents: 2147483647 }) as Record<string, unknown>).numEvents, -2147483648);
});

test("zValue, biased and unbiased", () => {
  const z0 = generateSite(functions, "stat.change.zValue", [], 0);
  const z1 = generateSite(functions, "stat.change.zValue", [], 1);
  assert.equal(z0(7, { mean: 3, variance: 4 }), 2);
  assert.ok(Number.isNaN(z0(7, { mean: 3, variance: -4 }) as number));
  assert.equal(z0(7, { mean: 3, variance: 0 }), Infinity);
  assert.equal(z1(7, { count: 5, mean: 3, variance: 4 }, false), 2);
  assert.equal(z1(7, { count: 5, mean: 3, variance: 4 }, true), 2 * Math.sqrt(5 / 4));
  assert.equal(z1(7, { count: 1, mean: 3, variance: 4 }, true), Infinity);
});

test("updateCUSUM accumulates and resets", () => {
  const c = generateSite(functions, "stat.change.updateCUSUM");
  assert.equal(c(1.5, 2, 0), 3.5);
  assert.equal(c(-5, 2, 0), 0);
  assert.equal(c(-5, 2, -1), -1);
  assert.equal(c(NaN, 2, 0), 0);
  assert.equal(c(Infinity, 2, 0), Infinity);
});
