/** The interaction op: hand-checked cases from Spark Interaction's definition, and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import { interaction } from "../../src/ir/ops/interaction.js";
import { DOUBLE, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

test("interaction: vectors and numbers, the last input varying fastest", () => {
  // Spark ML guide example: vec1 = [1, 2, 3], vec2 = [8, 4, 5], id1 = 1 -> [8, 4, 5, 16, 8, 10, 24, 12, 15]
  const y = interaction.evaluate({ features: [[1], [1, 1, 1], [1, 1, 1]] }, [1, [1, 2, 3], [8, 4, 5]], [DOUBLE, vector(3), vector(3)])[0];
  assert.deepEqual(y, [8, 4, 5, 16, 8, 10, 24, 12, 15]);
  assert.deepEqual(interaction.outputTypes({ features: [[1], [1, 1, 1], [1, 1, 1]] }, [DOUBLE, vector(3), vector(3)]), [vector(9)]);
});

test("interaction: category columns are one-hot encoded (all their values, no dropLast)", () => {
  // a bucket index with 3 buckets times a number 2.5: [0, 2.5, 0] for index 1
  assert.deepEqual(interaction.evaluate({ features: [[3], [1]] }, [1, 2.5], [DOUBLE, DOUBLE])[0], [0, 2.5, 0]);
  // a category slot not taken is exactly 0 even times NaN
  assert.deepEqual(interaction.evaluate({ features: [[2], [1]] }, [0, NaN], [DOUBLE, DOUBLE])[0], [NaN, 0]);
  assert.throws(() => interaction.evaluate({ features: [[3], [1]] }, [3, 1], [DOUBLE, DOUBLE]), MissingValueError);
  assert.throws(() => interaction.evaluate({ features: [[3], [1]] }, [0.5, 1], [DOUBLE, DOUBLE]), MissingValueError);
});

test("interaction: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(interaction as OpDef<unknown>, 12, 300, 6);
});
