import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { stopWords } from "../../src/ir/ops/stop-words.js";
import { STRING, arrayOf, nullable } from "../../src/ir/types.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = stopWords as OpDef<unknown>;

test("stopWords: Spark's StopWordsRemover, case insensitive by default", () => {
  // The example of Spark's documentation, with its English list's "i", "saw", "the", "a", "had".
  const english = ["i", "saw", "the", "a", "had", "little"];
  checkCases(op, { stopWords: english, caseSensitive: false }, [nullable(arrayOf(STRING))], [
    { inputs: [["I", "saw", "the", "red", "balloon"]], expected: [["red", "balloon"]] },
    { inputs: [["Mary", "had", "a", "little", "lamb"]], expected: [["Mary", "lamb"]] },
    { inputs: [["THE", "The", "tHe"]], expected: [[]] },
    { inputs: [null], expected: REFUSED },
  ]);
  checkCases(op, { stopWords: ["The", "a"], caseSensitive: true }, [arrayOf(STRING)], [
    { inputs: [["The", "the", "a", "A"]], expected: [["the", "A"]] },
  ]);
  // Stop words are lower-cased too when the comparison ignores case.
  checkCases(op, { stopWords: ["Ünïcode"], caseSensitive: false, locale: "en_US" }, [arrayOf(STRING)], [
    { inputs: [["ÜNÏCODE", "ünïcode", "x"]], expected: [["x"]] },
  ]);
});

test("stopWords: Turkish, Azerbaijani and Lithuanian lower-casing is refused", () => {
  assert.throws(() => stopWords.outputTypes({ stopWords: ["a"], caseSensitive: false, locale: "tr_TR" }, [arrayOf(STRING)]), /locale tr_TR/);
  assert.deepEqual(stopWords.outputTypes({ stopWords: ["a"], caseSensitive: true, locale: "tr_TR" }, [arrayOf(STRING)]), [arrayOf(STRING)]);
});

test("stopWords: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(op, 7106, 300, 8);
});
