import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { parseTokenPattern, sparkTokens, tokenize, type TokenizeParams } from "../../src/ir/ops/tokenize.js";
import { STRING, arrayOf, nullable } from "../../src/ir/types.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = tokenize as OpDef<unknown>;
const TOKENIZER: TokenizeParams = { pattern: "\\s", gaps: true, minTokenLength: 0, toLowercase: true };
const REGEX_DEFAULT: TokenizeParams = { pattern: "\\s+", gaps: true, minTokenLength: 1, toLowercase: true };

test("tokenize: Spark's Tokenizer is toLowerCase.split(\"\\\\s\") (Java's split)", () => {
  checkCases(op, TOKENIZER, [nullable(STRING)], [
    { inputs: ["Hi I heard about Spark"], expected: [["hi", "i", "heard", "about", "spark"]] },
    // Java's split: a leading empty token when the text starts with a match, interior ones kept, trailing ones dropped.
    { inputs: [" a  b\tc\n"], expected: [["", "a", "", "b", "c"]] },
    { inputs: [""], expected: [[""]] }, // no match: the whole text
    { inputs: ["   "], expected: [[]] },
    { inputs: ["a\u00a0b"], expected: [["a\u00a0b"]] }, // \s is ASCII whitespace only
    { inputs: ["A\u000bB"], expected: [["a", "b"]] },
    { inputs: [null], expected: REFUSED },
  ]);
});

test("tokenize: Spark's RegexTokenizer: pattern, gaps, minTokenLength, toLowercase", () => {
  checkCases(op, REGEX_DEFAULT, [STRING], [
    { inputs: ["  Logistic   regression models\tare neat "], expected: [["logistic", "regression", "models", "are", "neat"]] },
    { inputs: [""], expected: [[]] }, // [""] then the empty token is dropped (minTokenLength 1)
  ]);
  // The example of Spark's documentation: pattern \W, the tokens of "Logistic,regression,models,are,neat".
  checkCases(op, { pattern: "\\W", gaps: true, minTokenLength: 1, toLowercase: true }, [STRING], [
    { inputs: ["Logistic,regression,models,are,neat"], expected: [["logistic", "regression", "models", "are", "neat"]] },
    { inputs: ["a,,b"], expected: [["a", "b"]] },
  ]);
  checkCases(op, { pattern: "\\w+", gaps: false, minTokenLength: 2, toLowercase: false }, [STRING], [
    { inputs: ["Hi, I am x_1 ok"], expected: [["Hi", "am", "x_1", "ok"]] },
  ]);
  // Java counts a character beyond U+FFFF as two.
  checkCases(op, { pattern: " ", gaps: true, minTokenLength: 2, toLowercase: true }, [STRING], [
    { inputs: ["😀 a é ab"], expected: [["😀", "ab"]] },
  ]);
  checkCases(op, { pattern: ", ", gaps: true, minTokenLength: 0, toLowercase: false }, [STRING], [
    { inputs: [", a, b, , "], expected: [["", "a", "b"]] },
    { inputs: ["a,b"], expected: [["a,b"]] },
  ]);
  checkCases(op, { pattern: "[^a-z]+", gaps: true, minTokenLength: 0, toLowercase: true }, [STRING], [
    { inputs: ["12Ab-cd😀e"], expected: [["", "ab", "cd", "e"]] },
  ]);
});

test("tokenize: patterns the engine cannot run are refused with the reason", () => {
  assert.deepEqual(parseTokenPattern("\\s+"), { kind: "class", ranges: [[9, 13], [32, 32]], plus: true });
  assert.deepEqual(parseTokenPattern("[a-c_]"), { kind: "class", ranges: [[95, 95], [97, 99]], plus: false });
  assert.deepEqual(parseTokenPattern("\\|\\|"), { kind: "literal", text: "||" });
  for (const bad of ["[\\uD83D\\uDE00]", "\\s*", "a|b", "(ab)+", "\\bfoo", "[a-z&&[^b]]", "", "\\s,", "(?i)a", "\\p{L}+", "a{2}"]) {
    assert.throws(() => tokenize.outputTypes({ ...REGEX_DEFAULT, pattern: bad }, [STRING]), /cannot be converted/, bad);
  }
  assert.throws(() => tokenize.outputTypes({ ...REGEX_DEFAULT, pattern: "ab", gaps: false }, [STRING]), /literal text/);
  assert.deepEqual(tokenize.outputTypes(REGEX_DEFAULT, [nullable(STRING)]), [arrayOf(STRING)]);
  assert.deepEqual(sparkTokens(TOKENIZER, "A B"), ["a", "b"]);
});

test("tokenize: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(op, 7104, 300, 8);
});
