import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { stringIndex } from "../../src/ir/ops/string-index.js";
import { BOOLEAN, DOUBLE, FLOAT, INT, LONG, STRING, nullable } from "../../src/ir/types.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = stringIndex as OpDef<unknown>;

test("stringIndex: labels to their index, unseen and missing labels by handleInvalid", () => {
  const labels = ["b", "a", "c"];
  checkCases(op, { labels, handleInvalid: "error" }, [nullable(STRING)], [
    { inputs: ["b"], expected: [0] },
    { inputs: ["a"], expected: [1] },
    { inputs: ["c"], expected: [2] },
    { inputs: ["d"], expected: REFUSED },
    { inputs: ["A"], expected: REFUSED },
    { inputs: [null], expected: REFUSED },
  ]);
  checkCases(op, { labels, handleInvalid: "keep" }, [nullable(STRING)], [
    { inputs: ["c"], expected: [2] },
    { inputs: ["d"], expected: [3] },
    { inputs: [null], expected: [3] },
  ]);
  checkCases(op, { labels, handleInvalid: "skip" }, [nullable(STRING)], [
    { inputs: ["a"], expected: [1] },
    { inputs: ["d"], expected: [null] },
    { inputs: [null], expected: [null] },
  ]);
});

test("stringIndex: a label that appears twice indexes to its last position (Spark's map of labels)", () => {
  checkCases(op, { labels: ["x", "y", "x"], handleInvalid: "error" }, [STRING], [{ inputs: ["x"], expected: [2] }]);
});

test("stringIndex: numbers and booleans are matched by Spark's string form", () => {
  // Spark casts int 8 to "8", double 8.0 to "8.0", 1e-4 to "1.0E-4", 1e7 to "1.0E7" (Java's Double.toString).
  checkCases(op, { labels: ["8", "08", "-3", "8.0"], handleInvalid: "keep" }, [INT], [
    { inputs: [8], expected: [0] },
    { inputs: [-3], expected: [2] },
    { inputs: [0], expected: [4] },
  ]);
  checkCases(op, { labels: ["9007199254740993", "1"], handleInvalid: "keep" }, [LONG], [
    { inputs: [1], expected: [1] },
    { inputs: [9007199254740993n], expected: [0] },
  ]);
  checkCases(op, { labels: ["8", "8.0", "1.0E-4", "1.0E7", "0.001", "NaN", "-0.0", "Infinity", "1e3", "1000.0", "0.1"], handleInvalid: "keep" }, [DOUBLE], [
    { inputs: [8], expected: [1] },
    { inputs: [1e-4], expected: [2] },
    { inputs: [1e7], expected: [3] },
    { inputs: [0.001], expected: [4] },
    { inputs: [NaN], expected: [5] },
    { inputs: [-0], expected: [6] },
    { inputs: [0], expected: [11] },
    { inputs: [Infinity], expected: [7] },
    { inputs: [-Infinity], expected: [11] },
    { inputs: [1000], expected: [9] },
    { inputs: [0.1], expected: [10] },
    { inputs: [0.1 + 0.2], expected: [11] },
  ]);
  // Float.toString(1.1f) is "1.1", although the float is 1.100000023841858 as a double.
  checkCases(op, { labels: ["1.1", "1.100000023841858", "3.4028235E38"], handleInvalid: "error" }, [FLOAT], [
    { inputs: [Math.fround(1.1)], expected: [0] },
    { inputs: [Math.fround(3.4028235e38)], expected: [2] },
    { inputs: [Math.fround(2.5)], expected: REFUSED },
  ]);
  checkCases(op, { labels: ["false", "true"], handleInvalid: "error" }, [nullable(BOOLEAN)], [
    { inputs: [true], expected: [1] },
    { inputs: [false], expected: [0] },
    { inputs: [null], expected: REFUSED },
  ]);
});

test("stringIndex: the output type and the checks", () => {
  assert.deepEqual(stringIndex.outputTypes({ labels: ["a"], handleInvalid: "skip" }, [STRING]), [nullable(DOUBLE)]);
  assert.deepEqual(stringIndex.outputTypes({ labels: ["a"], handleInvalid: "keep" }, [nullable(STRING)]), [DOUBLE]);
  assert.throws(() => stringIndex.outputTypes({ labels: ["a"], handleInvalid: "error" }, [{ kind: "vector", size: 2 }]), /string, number or boolean/);
  assert.throws(() => stringIndex.outputTypes({ labels: ["a"], handleInvalid: "drop" as never }, [STRING]), /handleInvalid/);
});

test("stringIndex: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(op, 7101, 300, 8);
});
