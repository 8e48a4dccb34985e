/** The polynomialExpand op: Spark's documented examples (its exact term order), and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { polynomialExpand, polynomialTerms } from "../../src/ir/ops/polynomial-expand.js";
import { vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

const expand = (degree: number, x: number[]) => polynomialExpand.evaluate({ degree, missing: "error" }, [x], [vector(x.length)])[0];

test("polynomialExpand: Spark's order (x, y) degree 2 is x, x², y, y·x, y²", () => {
  assert.deepEqual(polynomialTerms(2, 2), [[0], [0, 0], [1], [1, 0], [1, 1]]);
  assert.deepEqual(polynomialExpand.outputTypes({ degree: 2, missing: "error" }, [vector(2)]), [vector(5)]);
  assert.deepEqual(polynomialExpand.outputTypes({ degree: 3, missing: "error" }, [vector(3)]), [vector(19)]);
});

test("polynomialExpand: the Spark ML guide's example (degree 3)", () => {
  assert.deepEqual(expand(3, [2, 1]), [2, 4, 8, 1, 2, 4, 1, 2, 1]);
  assert.deepEqual(expand(3, [0, 0]), [0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(expand(3, [3, -1]), [3, 9, 27, -1, -3, -9, 1, 3, -1]);
});

test("polynomialExpand: a zero partial product stays 0, even times NaN", () => {
  // x1 = 0: the terms x1·x0 and x1² are 0, not NaN
  assert.deepEqual(expand(2, [NaN, 0]), [NaN, NaN, 0, 0, 0]);
});

test("polynomialExpand: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(polynomialExpand as OpDef<unknown>, 11, 300, 6);
});
