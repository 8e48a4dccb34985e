/** The vectorSlice op: hand-checked cases (Spark VectorSlicer, ChiSqSelector), and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import { vectorSlice } from "../../src/ir/ops/vector-slice.js";
import { nullable, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

test("vectorSlice: the indices in the order given", () => {
  // Spark ML guide: [-2.0, 2.3, 0.0] with indices [1] and name f3 (index 2) -> [2.3, 0.0]
  assert.deepEqual(vectorSlice.evaluate({ indices: [1, 2], missing: "error" }, [[-2, 2.3, 0]], [vector(3)])[0], [2.3, 0]);
  // ChiSqSelector: selected features applied sorted (stored [0, 4, 1] -> read as [0, 1, 4])
  assert.deepEqual(vectorSlice.evaluate({ indices: [0, 1, 4], missing: "error" }, [[10, 11, 12, 13, 14]], [vector(5)])[0], [10, 11, 14]);
  assert.equal(vectorSlice.evaluate({ indices: [0], missing: "propagate" }, [null], [nullable(vector(1))])[0], null);
  assert.throws(() => vectorSlice.evaluate({ indices: [3], missing: "error" }, [[1, 2]], [vector(null)]), MissingValueError);
  assert.throws(() => vectorSlice.outputTypes({ indices: [3], missing: "error" }, [vector(2)]), /beyond/);
});

test("vectorSlice: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(vectorSlice as OpDef<unknown>, 6, 300, 6);
});
