/** The elementwiseProduct op: Spark's documented example, and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import { elementwiseProduct } from "../../src/ir/ops/elementwise-product.js";
import { vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

test("elementwiseProduct: Spark ML guide example", () => {
  // scalingVec [0, 1, 2]: [1, 2, 3] -> [0, 2, 6], [4, 5, 6] -> [0, 5, 12]
  const p = { scaling: [0, 1, 2], missing: "error" as const };
  assert.deepEqual(elementwiseProduct.evaluate(p, [[1, 2, 3]], [vector(3)])[0], [0, 2, 6]);
  assert.deepEqual(elementwiseProduct.evaluate(p, [[4, 5, 6]], [vector(3)])[0], [0, 5, 12]);
  assert.throws(() => elementwiseProduct.evaluate(p, [[1, 2]], [vector(null)]), MissingValueError);
  assert.throws(() => elementwiseProduct.outputTypes(p, [vector(2)]), /3 elements but the input vector has 2/);
});

test("elementwiseProduct: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(elementwiseProduct as OpDef<unknown>, 5, 300, 6);
});
