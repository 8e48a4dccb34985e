import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { punctBracket, textIndex, textTokens, type TextIndexParams } from "../../src/ir/ops/text-index.js";
import { STRING, arrayOf, nullable } from "../../src/ir/types.js";
import { checkCases } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = textIndex as OpDef<unknown>;
const SPACE = "[ \t\n\u000b\f\r]+";
const WORD = "[A-Za-z0-9_]+";

test("textIndex tokens: jpmml's TextSplitter (split at \\s+, punctuation trimmed, empty pieces dropped)", () => {
  const params: TextIndexParams = { stage: "tokens", normalizations: [], tokenizer: { kind: "split", pattern: SPACE }, foldCase: false };
  checkCases(op, params, [nullable(STRING)], [
    { inputs: ["Good case; Excellent value."], expected: [["Good", "case", "Excellent", "value"]] },
    { inputs: ["  ...  (a) b-c -- don't!! "], expected: [["a", "b-c", "don't"]] },
    { inputs: ["45 minutes.MAJOR $5 +1"], expected: [["45", "minutes.MAJOR", "$5", "+1"]] },
    { inputs: ["\u00bfqu\u00e9?\u00a0x"], expected: [["qu\u00e9?\u00a0x"]] },
    { inputs: [""], expected: [[]] },
    { inputs: [null], expected: [null] },
  ]);
});

test("textIndex tokens: word patterns, a recursive normalization and case folding", () => {
  const params: TextIndexParams = {
    stage: "tokens",
    normalizations: [{ rows: [{ pattern: "\\b([aA]|[tT][hH][eE])\\b", replacement: " " }], recursive: true }],
    tokenizer: { kind: "match", pattern: WORD },
    foldCase: true,
  };
  checkCases(op, params, [STRING], [
    { inputs: ["The cat, a HAT and the\u212aing's apple"], expected: [["cat", "hat", "and", "the", "ing", "s", "apple"]] },
    { inputs: ["a a a"], expected: [[]] },
  ]);
});

test("textIndex count: term frequency, binary, logarithmic; multi-token terms", () => {
  const tokens = ["a", "b", "a", "b", "a"];
  checkCases(op, { stage: "count", term: ["a", "b"], localTermWeights: "termFrequency" }, [arrayOf(STRING)], [{ inputs: [tokens], expected: [2] }, { inputs: [[]], expected: [0] }]);
  checkCases(op, { stage: "count", term: ["a"], localTermWeights: "binary" }, [arrayOf(STRING)], [{ inputs: [tokens], expected: [1] }, { inputs: [["b"]], expected: [0] }]);
  checkCases(op, { stage: "count", term: ["a"], localTermWeights: "logarithmic" }, [nullable(arrayOf(STRING))], [
    { inputs: [tokens], expected: [Math.log10(4)] },
    { inputs: [null], expected: [null] },
  ]);
  checkCases(op, { stage: "count", term: [], localTermWeights: "termFrequency" }, [arrayOf(STRING)], [{ inputs: [tokens], expected: [0] }]);
});

test("textIndex: the checks and the punctuation class", () => {
  assert.throws(() => textIndex.outputTypes({ stage: "count", term: ["a"], localTermWeights: "termFrequency" }, [STRING]), /array of strings/);
  assert.throws(() => textIndex.outputTypes({ stage: "tokens", normalizations: [], tokenizer: { kind: "split", pattern: " *" }, foldCase: false }, [STRING]), /empty string/);
  assert.throws(() => textIndex.outputTypes({ stage: "tokens", normalizations: [], tokenizer: { kind: "match", pattern: "(" }, foldCase: false }, [STRING]), /bad pattern/);
  const b = punctBracket();
  assert.ok(b.startsWith("[]") && b.endsWith("[-]"));
  const t = (s: string) => textTokens({ normalizations: [], tokenizer: { kind: "split", pattern: SPACE }, foldCase: false }, s);
  // Java's punctuation (categories P*): not the ASCII symbols $ + < = > ^ ` | ~.
  assert.deepEqual(t("!\"#%&'()*,-./:;?@[\\]_{}x!\"#%&'()*,-./:;?@[\\]_{}"), ["x"]);
  assert.deepEqual(t("$x+ <y> ^z` |w~"), ["$x+", "<y>", "^z`", "|w~"]);
});

test("textIndex: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(op, 9211, 300, 6);
});
