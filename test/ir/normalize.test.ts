/** The normalize op: hand-checked cases (Spark Normalizer, onnxruntime's Normalizer), and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { normalize, type NormalizeParams } from "../../src/ir/ops/normalize.js";
import { vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

const spark: NormalizeParams = { norm: "p", p: 2, form: "divide", float32: false, missing: "error" };
const run = (p: Partial<NormalizeParams>, x: number[]) => normalize.evaluate({ ...spark, ...p }, [x], [vector(x.length)])[0] as number[];

test("normalize: Spark Normalizer p = 1, 2, ∞; zero vectors unchanged", () => {
  assert.deepEqual(run({ p: 1 }, [1, -3, 0]), [0.25, -0.75, 0]);
  assert.deepEqual(run({ p: 2 }, [3, -4]), [0.6, -0.8]);
  assert.deepEqual(run({ p: "Infinity" }, [1, -4, 2]), [0.25, -1, 0.5]);
  assert.deepEqual(run({ p: 2 }, [0, 0]), [0, 0]);
  // NaN makes the 2-norm NaN, which is not 0: every element becomes NaN
  assert.ok(run({ p: 2 }, [1, NaN]).every(Number.isNaN));
});

test("normalize: onnxruntime's MAX is the signed maximum", () => {
  // measured in onnxruntime: [-4, 1, 2] -> [-2, 0.5, 1]
  assert.deepEqual(run({ norm: "max", float32: true }, [-4, 1, 2]), [-2, 0.5, 1]);
  // all negative: divided by the largest (least negative) element
  assert.deepEqual(run({ norm: "max", float32: true }, [-4, -2]), [2, 1]);
});

test("normalize: onnxruntime's L2 is sign(x)·sqrt(x²/Σx²) in float32", () => {
  const y = run({ form: "sqrtRatio", float32: true }, [3, -4]);
  assert.deepEqual(y, [Math.fround(Math.sqrt(Math.fround(9 / 25))), -Math.fround(Math.sqrt(Math.fround(16 / 25)))]);
  assert.throws(() => normalize.outputTypes({ ...spark, p: 1, form: "sqrtRatio" }, [vector(2)]), /L2/);
});

test("normalize: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(normalize as OpDef<unknown>, 3, 300, 6);
});
