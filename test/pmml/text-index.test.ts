/**
 * TextIndex (term frequencies in a text), as sklearn2pmml writes it: a DefineFunction around a
 * TextIndex, called once per term; its tokenizers, normalizations, weights, and what is refused.
 * Values checked by hand against jpmml-evaluator's TextSplitter/TextMatcher/termFrequency rules.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { pmml, read, refusal, scorer } from "./core-helpers.js";

/** A model whose outputs are `tf(text, term)` for each term, with the TextIndex's attributes and normalization XML. */
function doc(attrs: string, terms: string[], normalization = ""): string {
  const derived = terms
    .map(
      (t, i) => `<DerivedField name="f${i}" optype="continuous" dataType="double">
         <Apply function="tf"><FieldRef field="text"/><Constant dataType="string">${t}</Constant></Apply></DerivedField>`,
    )
    .join("");
  return pmml(
    ["text:string", "y:double"],
    `<RegressionModel functionName="regression">
       <MiningSchema><MiningField name="text"/><MiningField name="y" usageType="target"/></MiningSchema>
       <Output>${terms.map((_, i) => `<OutputField name="out${i}" feature="transformedValue"><FieldRef field="f${i}"/></OutputField>`).join("")}</Output>
       <LocalTransformations>${derived}</LocalTransformations>
       <RegressionTable intercept="0"/>
     </RegressionModel>`,
    `<TransformationDictionary><DefineFunction name="tf" optype="continuous" dataType="double">
       <ParameterField name="document"/><ParameterField name="term"/>
       <TextIndex textField="document" ${attrs}>${normalization}<FieldRef field="term"/></TextIndex>
     </DefineFunction></TransformationDictionary>`,
  );
}

function counts(xml: string, text: string | null, n: number): unknown[] {
  const r = scorer(xml).score({ text });
  assert.notEqual(r, "refused");
  return Array.from({ length: n }, (_, i) => (r as Record<string, unknown>)[`out${i}`]);
}

test("the default tokenizer: split at blanks, punctuation trimmed from each token; case-insensitive terms", () => {
  const terms = ["value", "great", "minutes.major", "problems", "2 years", "$5", "it's"];
  const xml = doc("", terms);
  assert.deepEqual(counts(xml, "Great value... (GREAT!) 45 minutes.MAJOR PROBLEMS!! 2 years, 2 YEARS ago $5 it's", terms.length), [1, 2, 1, 1, 2, 1, 1]);
  assert.deepEqual(counts(xml, "", terms.length), [0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(counts(xml, null, 1), [null]);
});

test("one tokens step per text however many terms", () => {
  const p = read(doc("", ["a", "b", "c"]));
  const steps = p.steps.filter((s) => s.op === "textIndex");
  assert.equal(steps.filter((s) => (s.params as { stage: string }).stage === "tokens").length, 1);
  assert.equal(steps.filter((s) => (s.params as { stage: string }).stage === "count").length, 3);
});

test("x-wordRE, binary and logarithmic weights, isCaseSensitive", () => {
  const xml = doc('x-wordRE="\\w+" localTermWeights="binary"', ["good", "so good"]);
  assert.deepEqual(counts(xml, "good, GOOD; so-good!", 2), [1, 1]);
  const two = doc('x-wordRE="(?u)\\b\\w\\w+\\b"', ["ab", "a"]);
  assert.deepEqual(counts(two, "ab a ab_ ab.ab", 2), [3, 0]);
  const log = doc('localTermWeights="logarithmic" isCaseSensitive="true"', ["ok"]);
  const [v] = counts(log, "ok OK ok! Ok", 1);
  assert.ok(Math.abs((v as number) - Math.log10(3)) < 1e-15);
});

test("a recursive stop-word normalization (sklearn2pmml's stop_words)", () => {
  const norm = `<TextIndexNormalization recursive="true"><InlineTable><row><string>\\b(a|the|is)\\b</string><stem> </stem><regex>true</regex></row></InlineTable></TextIndexNormalization>`;
  const xml = doc('x-wordRE="\\w+"', ["cat", "the", "cat is", "cat sat"], norm);
  assert.deepEqual(counts(xml, "The cat is a cat; THE cat sat", 4), [3, 0, 0, 1]);
});

test("what is refused", () => {
  assert.match(refusal(doc('maxLevenshteinDistance="1"', ["a"])), /maxLevenshteinDistance="1" is not supported/);
  assert.match(refusal(doc('localTermWeights="augmentedNormalizedTermFrequency"', ["a"])), /localTermWeights="augmentedNormalizedTermFrequency" is not supported/);
  assert.match(refusal(doc('x-wordRE="[a-z]+"', ["a"])), /word pattern "\[a-z\]\+" is not supported/);
  assert.match(refusal(doc('wordSeparatorCharacterRE=","', ["a"])), /wordSeparatorCharacterRE="," is not supported/);
  assert.match(refusal(doc('tokenize="false"', ["a"])), /tokenize="false" is not supported/);
  assert.match(refusal(doc("", ["\u00e9t\u00e9"])), /non-ASCII term/);
  const row = (s: string, stem: string, regex = "true") => `<TextIndexNormalization><InlineTable><row><string>${s}</string><stem>${stem}</stem><regex>${regex}</regex></row></InlineTable></TextIndexNormalization>`;
  assert.match(refusal(doc('x-wordRE="\\w+"', ["a"], row("a+", " "))), /pattern "a\+" is not supported/);
  assert.match(refusal(doc('x-wordRE="\\w+"', ["a"], row("\\b(a)\\b", "$1b"))), /refers to groups or escapes/);
  const recursive = `<TextIndexNormalization recursive="true"><InlineTable><row><string>\\b(a)\\b</string><stem>a a</stem><regex>true</regex></row></InlineTable></TextIndexNormalization>`;
  assert.match(refusal(doc('x-wordRE="\\w+"', ["a"], recursive)), /contains a word it replaces, so it may never end/);
  assert.match(refusal(doc('x-wordRE="\\w+"', ["a"], row("a", " ", "false"))), /not a regular expression/);
});

test("replacements as written: blanks and nothing differ for the default tokenizer; words replace words", () => {
  const row = (s: string, stem: string) => `<TextIndexNormalization><InlineTable><row><string>${s}</string><stem>${stem}</stem><regex>true</regex></row></InlineTable></TextIndexNormalization>`;
  // "cat-is-here": a blank in place of "is" splits the text in two tokens, "cat-" and "-here", whose
  // punctuation is trimmed; removing "is" leaves one token, "cat--here".
  assert.deepEqual(counts(doc("", ["cat", "here"], row("\\b(is)\\b", " ")), "cat-is-here", 2), [1, 1]);
  assert.deepEqual(counts(doc("", ["cat", "here"], row("\\b(is)\\b", "")), "cat-is-here", 2), [0, 0]);
  // A stemming table: whole words only ("runsx" stays), case-insensitively by default.
  const stems = row("\\b(runs|running)\\b", "run");
  assert.deepEqual(counts(doc("", ["run", "runsx"], stems), "He runs, RUNNING and run; runsx", 2), [3, 1]);
  assert.deepEqual(counts(doc('x-wordRE="\\w+"', ["run"], stems), "runs/running", 1), [2]);
});
