import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { ngram } from "../../src/ir/ops/ngram.js";
import { STRING, arrayOf, nullable } from "../../src/ir/types.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = ngram as OpDef<unknown>;

test("ngram: Spark's NGram (the example of its documentation)", () => {
  checkCases(op, { n: 2 }, [nullable(arrayOf(STRING))], [
    { inputs: [["Hi", "I", "heard", "about", "Spark"]], expected: [["Hi I", "I heard", "heard about", "about Spark"]] },
    { inputs: [["Logistic", "regression"]], expected: [["Logistic regression"]] },
    { inputs: [["one"]], expected: [[]] },
    { inputs: [[]], expected: [[]] },
    { inputs: [null], expected: REFUSED },
  ]);
  checkCases(op, { n: 1 }, [arrayOf(STRING)], [{ inputs: [["a", "b"]], expected: [["a", "b"]] }]);
  checkCases(op, { n: 3 }, [arrayOf(STRING)], [{ inputs: [["a", "", "b", "c"]], expected: [["a  b", " b c"]] }]);
});

test("ngram: the checks", () => {
  assert.throws(() => ngram.outputTypes({ n: 0 }, [arrayOf(STRING)]), /n must be/);
  assert.throws(() => ngram.outputTypes({ n: 2 }, [STRING]), /array of strings/);
});

test("ngram: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(op, 7105, 300, 8);
});
