import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { countVectorize } from "../../src/ir/ops/count-vectorize.js";
import { STRING, arrayOf, nullable, vector } from "../../src/ir/types.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = countVectorize as OpDef<unknown>;

test("countVectorize: Spark's CountVectorizerModel (the example of its documentation)", () => {
  // vocabulary (a, b, c); "a b c" -> (3,[0,1,2],[1,1,1]); "a b b c a" -> (3,[0,1,2],[2,2,1]).
  checkCases(op, { vocabulary: ["a", "b", "c"], minTF: 1, binary: false }, [nullable(arrayOf(STRING))], [
    { inputs: [["a", "b", "c"]], expected: [[1, 1, 1]] },
    { inputs: [["a", "b", "b", "c", "a"]], expected: [[2, 2, 1]] },
    { inputs: [["d", "e"]], expected: [[0, 0, 0]] },
    { inputs: [[]], expected: [[0, 0, 0]] },
    { inputs: [null], expected: REFUSED },
  ]);
});

test("countVectorize: minTF as a count and as a fraction of the document's tokens, binary", () => {
  checkCases(op, { vocabulary: ["a", "b", "c"], minTF: 2, binary: false }, [arrayOf(STRING)], [
    { inputs: [["a", "b", "b", "c", "a", "a"]], expected: [[3, 2, 0]] },
  ]);
  // 10 tokens (unseen ones included) times 0.25: a term must occur at least 2.5 times.
  checkCases(op, { vocabulary: ["a", "b", "c"], minTF: 0.25, binary: true }, [arrayOf(STRING)], [
    { inputs: [["a", "a", "a", "b", "b", "c", "x", "y", "z", "w"]], expected: [[1, 0, 0]] },
    { inputs: [["b", "b", "x"]], expected: [[0, 1, 0]] },
  ]);
  checkCases(op, { vocabulary: ["x", "y", "x"], minTF: 1, binary: false }, [arrayOf(STRING)], [{ inputs: [["x", "x", "y"]], expected: [[0, 1, 2]] }]);
  checkCases(op, { vocabulary: [], minTF: 1, binary: false }, [arrayOf(STRING)], [{ inputs: [["x"]], expected: [[]] }]);
});

test("countVectorize: the output type and the checks", () => {
  assert.deepEqual(countVectorize.outputTypes({ vocabulary: ["a", "b"], minTF: 1, binary: false }, [arrayOf(STRING)]), [vector(2)]);
  assert.throws(() => countVectorize.outputTypes({ vocabulary: ["a"], minTF: -1, binary: false }, [arrayOf(STRING)]), /minTF/);
  assert.throws(() => countVectorize.outputTypes({ vocabulary: ["a"], minTF: 1, binary: false }, [STRING]), /array of strings/);
});

test("countVectorize: a large vocabulary stays fast (the dense vector is built from runs)", () => {
  const vocabulary = Array.from({ length: 50000 }, (_, i) => `w${i}`);
  checkCases(op, { vocabulary, minTF: 1, binary: false }, [arrayOf(STRING)], [
    { inputs: [["w49999", "w0", "w17", "w17"]], expected: [vocabulary.map((w) => (w === "w0" || w === "w49999" ? 1 : w === "w17" ? 2 : 0))] },
  ]);
});

test("countVectorize: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(op, 7107, 300, 8);
});
