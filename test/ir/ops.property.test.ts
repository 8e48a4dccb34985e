/**
 * For every IR op: 200 seeded random instances, each scored on random rows (missing values included)
 * by the engine running the written PFA and by the reference evaluator; they must agree (labels
 * exactly, numbers within 1e-12 relative, or the op's own float32 tolerance).
 */
import { test } from "node:test";
import { opDefinition, opNames } from "../../src/ir/ops/index.js";
import { checkOpProperty } from "./property.js";

for (const name of opNames()) {
  test(`op ${name}: the written PFA agrees with the reference evaluator (200 draws)`, () => {
    const op = opDefinition(name)!;
    checkOpProperty(op, 20261126, 200, 5, op.tolerance ?? 1e-12);
  });
}
