/** The project op: a hand-checked PCA projection, and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { project } from "../../src/ir/ops/project.js";
import { vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

test("project: y = M (x − center) + bias, each row summed in order", () => {
  // a 2-component projection of 3 features: rows are the principal components (Spark pc's columns)
  const matrix = [
    [1, 0, -1],
    [0.5, 0.5, 0],
  ];
  assert.deepEqual(project.evaluate({ matrix, bias: null, center: null, missing: "error" }, [[2, 4, 6]], [vector(3)])[0], [-4, 3]);
  assert.deepEqual(project.evaluate({ matrix, bias: [1, -1], center: [1, 1, 1], missing: "error" }, [[2, 4, 6]], [vector(3)])[0], [-3, 1]);
  // NaN propagates (as BLAS does), it is not refused
  assert.ok((project.evaluate({ matrix, bias: null, center: null, missing: "error" }, [[NaN, 0, 0]], [vector(3)])[0] as number[]).every(Number.isNaN));
  assert.deepEqual(project.outputTypes({ matrix, bias: null, center: null, missing: "error" }, [vector(3)]), [vector(2)]);
  assert.throws(() => project.outputTypes({ matrix, bias: null, center: null, missing: "error" }, [vector(4)]), /3 columns/);
});

test("project: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(project as OpDef<unknown>, 7, 300, 6);
});
