/** The scale op: hand-checked cases from the formats' documented formulas, and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import { scale, type ScaleParams } from "../../src/ir/ops/scale.js";
import { DOUBLE, FLOAT, nullable, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

const base: ScaleParams = { shift: null, divisor: null, factor: null, offset: null, constant: null, constantNaN: "keep", clip: null, float32: "none", missing: "error" };
const run = (p: Partial<ScaleParams>, x: unknown, t = vector(3)) => scale.evaluate({ ...base, ...p }, [x], [t])[0];

test("scale: Spark StandardScaler (withMean, withStd; std 0 gives 0)", () => {
  // mean [1, 2, 3], std [2, 0, 4]: factor = 1/std, 0 where std is 0
  const y = run({ shift: [1, 2, 3], factor: [1 / 2, 0, 1 / 4] }, [3, 5, -1]) as number[];
  assert.deepEqual(y, [1, 0, -1]);
});

test("scale: Spark MinMaxScaler 2.x divides, constant features give 0.5·(max−min)+min, NaN passes", () => {
  // originalMin [0, 5, 1], originalMax [10, 5, 3], min -1, max 1: range [10, 0, 2]
  const p = { shift: [0, 0, 1], divisor: [10, 1, 2], factor: [2], offset: [-1], constant: [null, 0, null], constantNaN: "keep" as const };
  assert.deepEqual(run(p, [5, 7, 2]), [0, 0, 0]);
  assert.deepEqual(run(p, [10, NaN, 1]), [1, NaN, -1]);
});

test("scale: MLeap max_abs_scaler clamps into [-1, 1]", () => {
  assert.deepEqual(run({ divisor: [2, 4, 1], clip: [-1, 1] }, [3, -2, -7]), [1, -0.5, -1]);
});

test("scale: ONNX Scaler in float32", () => {
  // (0.1f - 0.3f) * 3f in float32 steps
  const x = Math.fround(0.1);
  const y = run({ shift: [0.3], factor: [3], float32: "steps" }, x, FLOAT) as number;
  const expected = Math.fround(Math.fround(x - Math.fround(0.3)) * 3);
  assert.equal(y, expected);
  assert.notEqual(y, (0.1 - 0.3) * 3);
});

test("scale: missing values", () => {
  assert.throws(() => run({ factor: [2] }, null, nullable(DOUBLE)), MissingValueError);
  assert.equal(run({ factor: [2], missing: "propagate" }, null, nullable(DOUBLE)), null);
  assert.deepEqual(scale.outputTypes({ ...base, factor: [2], missing: "propagate" }, [nullable(vector(2))]), [nullable(vector(2))]);
  assert.throws(() => scale.outputTypes({ ...base, factor: [1, 2, 3] }, [vector(2)]), /3 values but the input vector has 2/);
});

test("scale: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(scale as OpDef<unknown>, 1, 300, 6);
});
