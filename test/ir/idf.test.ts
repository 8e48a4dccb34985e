import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { idf } from "../../src/ir/ops/idf.js";
import { nullable, vector } from "../../src/ir/types.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = idf as OpDef<unknown>;

test("idf: Spark's IDFModel multiplies term frequencies by the idf vector", () => {
  // Spark's idf: log((m + 1) / (df + 1)); m = 4 documents, document frequencies 0, 1, 4 (minDocFreq already applied: 0).
  const w = [Math.log(5 / 1), Math.log(5 / 2), 0];
  checkCases(op, { idf: w }, [nullable(vector(3))], [
    { inputs: [[1, 2, 3]], expected: [[w[0]!, 2 * w[1]!, 0]] },
    { inputs: [[0, 0, 0]], expected: [[0, 0, 0]] },
    { inputs: [null], expected: REFUSED },
  ]);
  checkCases(op, { idf: [2, 3] }, [vector(null)], [
    { inputs: [[1, 1]], expected: [[2, 3]] },
    { inputs: [[1, 1, 1]], expected: REFUSED },
  ]);
});

test("idf: the checks", () => {
  assert.deepEqual(idf.outputTypes({ idf: [1, 2] }, [vector(null)]), [vector(2)]);
  assert.throws(() => idf.outputTypes({ idf: [1, 2] }, [vector(3)]), /3 elements/);
  assert.throws(() => idf.outputTypes({ idf: [NaN] }, [vector(1)]), /finite/);
});

test("idf: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(op, 7109, 300, 8);
});
