import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { oneHot } from "../../src/ir/ops/one-hot.js";
import { DOUBLE, INT, STRING, nullable, vector } from "../../src/ir/types.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = oneHot as OpDef<unknown>;

test("oneHot: Spark 3 OneHotEncoderModel (categorySizes 3), dropLast and handleInvalid", () => {
  // size = n + (keep ? 1 : 0) - (dropLast ? 1 : 0); an index at or past the size gives zeros.
  checkCases(op, { categories: { kind: "index", count: 3 }, dropLast: true, handleInvalid: "error", missing: "null" }, [nullable(DOUBLE)], [
    { inputs: [0], expected: [[1, 0]] },
    { inputs: [1], expected: [[0, 1]] },
    { inputs: [2], expected: [[0, 0]] },
    { inputs: [1.5], expected: [[0, 1]] }, // Spark: label < size, then label.toInt
    { inputs: [3], expected: REFUSED },
    { inputs: [-1], expected: REFUSED },
    { inputs: [NaN], expected: REFUSED },
    { inputs: [null], expected: [null] },
  ]);
  checkCases(op, { categories: { kind: "index", count: 3 }, dropLast: false, handleInvalid: "keep", missing: "null" }, [DOUBLE], [
    { inputs: [2], expected: [[0, 0, 1, 0]] },
    { inputs: [7], expected: [[0, 0, 0, 1]] },
    { inputs: [-0.5], expected: [[0, 0, 0, 1]] },
  ]);
  checkCases(op, { categories: { kind: "index", count: 3 }, dropLast: true, handleInvalid: "keep", missing: "null" }, [INT], [
    { inputs: [2], expected: [[0, 0, 1]] },
    { inputs: [5], expected: [[0, 0, 0]] },
  ]);
});

test("oneHot: MLeap's legacy one_hot_encoder (size 3, drop_last, keep): the unseen index 3 gives zeros", () => {
  // mleap-runtime one_hot_encoder_pipeline.zip: A->[1,0,0], B->[0,1,0], C->[0,0,1], unseen->index 3->[0,0,0].
  checkCases(op, { categories: { kind: "index", count: 3 }, dropLast: true, handleInvalid: "keep", missing: "error" }, [DOUBLE], [
    { inputs: [0], expected: [[1, 0, 0]] },
    { inputs: [1], expected: [[0, 1, 0]] },
    { inputs: [2], expected: [[0, 0, 1]] },
    { inputs: [3], expected: [[0, 0, 0]] },
  ]);
});

test("oneHot: ONNX OneHotEncoder with cats_strings and cats_int64s, zeros=1 and zeros=0", () => {
  checkCases(op, { categories: { kind: "string", values: ["red", "green", "blue"] }, dropLast: false, handleInvalid: "zeros", missing: "error" }, [STRING], [
    { inputs: ["green"], expected: [[0, 1, 0]] },
    { inputs: ["Green"], expected: [[0, 0, 0]] },
  ]);
  checkCases(op, { categories: { kind: "number", values: [1, 3, -2], match: "truncate" }, dropLast: false, handleInvalid: "error", missing: "error" }, [DOUBLE], [
    { inputs: [3], expected: [[0, 1, 0]] },
    { inputs: [3.9], expected: [[0, 1, 0]] }, // cast to int64: toward zero
    { inputs: [-2.7], expected: [[0, 0, 1]] },
    { inputs: [2], expected: REFUSED },
    { inputs: [NaN], expected: REFUSED },
  ]);
});

test("oneHot: PMML NormDiscrete is the one-category case (mapMissingTo as fill)", () => {
  checkCases(op, { categories: { kind: "number", values: [2], match: "exact" }, dropLast: false, handleInvalid: "zeros", missing: "fill", fillValue: 0.5 }, [nullable(INT)], [
    { inputs: [2], expected: [[1]] },
    { inputs: [3], expected: [[0]] },
    { inputs: [null], expected: [[0.5]] },
  ]);
  checkCases(op, { categories: { kind: "string", values: ["male"] }, dropLast: false, handleInvalid: "zeros", missing: "null" }, [nullable(STRING)], [
    { inputs: ["male"], expected: [[1]] },
    { inputs: ["female"], expected: [[0]] },
    { inputs: [null], expected: [null] },
  ]);
});

test("oneHot: the output type and the checks", () => {
  assert.deepEqual(oneHot.outputTypes({ categories: { kind: "index", count: 4 }, dropLast: true, handleInvalid: "keep", missing: "null" }, [nullable(DOUBLE)]), [nullable(vector(4))]);
  assert.deepEqual(oneHot.outputTypes({ categories: { kind: "index", count: 4 }, dropLast: true, handleInvalid: "error", missing: "null" }, [DOUBLE]), [vector(3)]);
  assert.throws(() => oneHot.outputTypes({ categories: { kind: "string", values: ["a"] }, dropLast: false, handleInvalid: "error", missing: "error" }, [DOUBLE]), /takes a string/);
  assert.throws(() => oneHot.outputTypes({ categories: { kind: "string", values: ["a", "a"] }, dropLast: false, handleInvalid: "error", missing: "error" }, [STRING]), /distinct/);
  assert.throws(() => oneHot.outputTypes({ categories: { kind: "index", count: 0 }, dropLast: true, handleInvalid: "error", missing: "error" }, [DOUBLE]), /drop/);
  assert.throws(() => oneHot.outputTypes({ categories: { kind: "number", values: [1.5], match: "truncate" }, dropLast: false, handleInvalid: "error", missing: "error" }, [DOUBLE]), /whole numbers/);
});

test("oneHot: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(op, 7103, 300, 8);
});
