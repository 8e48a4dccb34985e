import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { indexToString } from "../../src/ir/ops/index-to-string.js";
import { DOUBLE, INT, STRING, nullable } from "../../src/ir/types.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = indexToString as OpDef<unknown>;

test("indexToString: an index to its label, as Spark converts the index to an int", () => {
  checkCases(op, { labels: ["a", "b", "c"] }, [nullable(DOUBLE)], [
    { inputs: [0], expected: ["a"] },
    { inputs: [2], expected: ["c"] },
    { inputs: [1.9], expected: ["b"] }, // toward zero
    { inputs: [-0.5], expected: ["a"] }, // (int) -0.5 is 0
    { inputs: [NaN], expected: ["a"] }, // (int) NaN is 0
    { inputs: [3], expected: REFUSED },
    { inputs: [-1], expected: REFUSED },
    { inputs: [Infinity], expected: REFUSED },
    { inputs: [null], expected: [null] },
  ]);
  checkCases(op, { labels: ["a", "b"] }, [INT], [
    { inputs: [1], expected: ["b"] },
    { inputs: [2], expected: REFUSED },
  ]);
});

test("indexToString: the output type and the checks", () => {
  assert.deepEqual(indexToString.outputTypes({ labels: ["a"] }, [DOUBLE]), [STRING]);
  assert.deepEqual(indexToString.outputTypes({ labels: ["a"] }, [nullable(INT)]), [nullable(STRING)]);
  assert.throws(() => indexToString.outputTypes({ labels: [] }, [DOUBLE]), /no labels/);
  assert.throws(() => indexToString.outputTypes({ labels: ["a"] }, [STRING]), /takes a number/);
});

test("indexToString: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(op, 7102, 300, 8);
});
