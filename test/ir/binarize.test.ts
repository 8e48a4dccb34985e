/** The binarize op: hand-checked cases (Spark Binarizer, onnxruntime's Binarizer), and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { binarize } from "../../src/ir/ops/binarize.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import { DOUBLE, INT, nullable, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

test("binarize: strictly greater than the threshold, numbers and vectors", () => {
  // Spark ML guide: threshold 0.5 on 0.1, 0.8, 0.2 -> 0, 1, 0
  const p = { threshold: 0.5, nan: "zero" as const, missing: "propagate" as const };
  assert.deepEqual([0.1, 0.8, 0.2, 0.5].map((x) => binarize.evaluate(p, [x], [DOUBLE])[0]), [0, 1, 0, 0]);
  assert.deepEqual(binarize.evaluate(p, [[0.1, 0.8, NaN]], [vector(3)])[0], [0, 1, 0]);
  assert.equal(binarize.evaluate({ ...p, threshold: 0 }, [3], [INT])[0], 1);
  assert.equal(binarize.evaluate(p, [null], [nullable(DOUBLE)])[0], null);
  assert.deepEqual(binarize.outputTypes(p, [nullable(vector(3))]), [nullable(vector(3))]);
});

test("binarize: onnxruntime refuses NaN", () => {
  assert.throws(() => binarize.evaluate({ threshold: 0, nan: "error", missing: "error" }, [[1, NaN]], [vector(2)]), MissingValueError);
});

test("binarize: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(binarize as OpDef<unknown>, 4, 300, 6);
});
