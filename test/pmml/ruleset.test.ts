/**
 * The RuleSetModel reader (converters/pmml/models/ruleset.ts), on small PMML documents written for
 * these tests, read by the PMML document reader: the values are checked by hand, and the PFA engine
 * running the written PFA must agree with the reference evaluator on every row.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readDocument } from "../../converters/pmml/document.js";
import { MODEL_READERS } from "../../converters/pmml/models/index.js";
import { parseXml } from "../../converters/pmml/xml.js";
import { compileEvaluator } from "../../src/ir/evaluate.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { writePfa } from "../../src/writer/write.js";

type Row = Record<string, unknown>;

/**
 * Reads a document with the PMML reader; the returned function scores a row by the reference
 * evaluator, after checking that the PFA engine running the written PFA gives the same.
 */
function read(xml: string): (row: Row) => Row {
  const pipeline = readDocument(parseXml(xml), "test.pmml", MODEL_READERS, "test");
  const evaluate = compileEvaluator(pipeline);
  const engine = PFAEngine.fromJson(writePfa(pipeline));
  return (row) => {
    const full = Object.fromEntries(pipeline.inputs.map((f) => [f.name, row[f.name] ?? null]));
    const ref = evaluate(full);
    assert.deepEqual(engine.action(full), ref, `PFA and the reference evaluator differ on ${JSON.stringify(row)}`);
    return ref;
  };
}

/** The document is refused with a message matching `pattern`. */
function refused(xml: string, pattern: RegExp): void {
  assert.throws(() => readDocument(parseXml(xml), "test.pmml", MODEL_READERS, "test"), pattern);
}

const doc = (method: string, rules: string, ruleSetAttrs = "", outputs = ""): string => `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><DataDictionary>
<DataField name="x" optype="continuous" dataType="double"/><DataField name="y" optype="categorical" dataType="string"/>
<DataField name="t" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/><Value value="c"/></DataField></DataDictionary>
<RuleSetModel functionName="classification"><MiningSchema><MiningField name="x"/><MiningField name="y"/><MiningField name="t" usageType="target"/></MiningSchema>
<Output><OutputField name="conf" feature="confidence"/><OutputField name="rule" feature="entityId"/>
<OutputField name="conf_b" feature="confidence" value="b"/><OutputField name="conf_c" feature="confidence" value="c"/>${outputs}</Output>
<RuleSet ${ruleSetAttrs}><RuleSelectionMethod criterion="${method}"/>${rules}</RuleSet></RuleSetModel></PMML>`;

// rule 1: a; rules 2 and 3 (inside a CompoundRule on y = "u"): b and c; rule 4: b
const RULES = `
<SimpleRule id="r1" score="a" confidence="0.9" weight="0.5"><SimplePredicate field="x" operator="lessThan" value="1"/></SimpleRule>
<CompoundRule><SimplePredicate field="y" operator="equal" value="u"/>
  <SimpleRule score="b" confidence="0.8" weight="0.7"><SimplePredicate field="x" operator="lessThan" value="2"/></SimpleRule>
  <SimpleRule score="c" confidence="0.3" weight="0.9"><SimplePredicate field="x" operator="lessThan" value="3"/></SimpleRule>
</CompoundRule>
<SimpleRule score="b" confidence="0.6" weight="0.4"><SimplePredicate field="x" operator="greaterThan" value="0"/></SimpleRule>`;

const pick = (r: Row) => [r.t, r.conf, r.rule, r.conf_b, r.conf_c];

test("firstHit: the first rule that fires; a category's confidence is its first firing rule's", () => {
  const score = read(doc("firstHit", RULES, 'defaultScore="c" defaultConfidence="0.1"'));
  assert.deepEqual(pick(score({ x: 0.5, y: "u" })), ["a", 0.9, "r1", 0.8, 0.3]);
  assert.deepEqual(pick(score({ x: 1.5, y: "u" })), ["b", 0.8, "2", 0.8, 0.3]);
  assert.deepEqual(pick(score({ x: 1.5, y: "v" })), ["b", 0.6, "4", 0.6, null]);
  // UNKNOWN (y missing) does not fire the CompoundRule
  assert.deepEqual(pick(score({ x: -1, y: null })), ["a", 0.9, "r1", null, null]);
  // no rule fires: the default score and confidence
  assert.deepEqual(pick(score({ x: null, y: "v" })), ["c", 0.1, null, null, 0.1]);
});

test("firstHit without a defaultScore: no prediction when no rule fires", () => {
  const score = read(doc("firstHit", RULES));
  assert.deepEqual(pick(score({ x: null, y: null })), [null, null, null, null, null]);
});

test("weightedSum: a category's weights over the number of firing rules; the winner's heaviest rule", () => {
  const score = read(doc("weightedSum", RULES, 'defaultScore="c" defaultConfidence="0.1"'));
  // 4 rules fire: a 0.5, b 0.7 + 0.4, c 0.9
  assert.deepEqual(pick(score({ x: 0.5, y: "u" })), ["b", (0 + 0.7 + 0.4) / 4, "2", (0 + 0.7 + 0.4) / 4, 0.9 / 4]);
  // 2 rules fire: c 0.9, b 0.4
  assert.deepEqual(pick(score({ x: 2.5, y: "u" })), ["c", 0.9 / 2, "3", 0.4 / 2, 0.9 / 2]);
  assert.deepEqual(pick(score({ x: 0.5, y: "v" })), ["a", 0.5 / 2, "r1", 0.4 / 2, null]);
  assert.deepEqual(pick(score({ x: null, y: "v" })), ["c", 0.1, null, null, 0.1]);
});

test("weightedSum: a tie goes to the category that fired first", () => {
  const rules = `<SimpleRule score="b"><SimplePredicate field="x" operator="greaterThan" value="0"/></SimpleRule>
    <SimpleRule score="a"><SimplePredicate field="x" operator="greaterThan" value="1"/></SimpleRule>`;
  const score = read(doc("weightedSum", rules));
  assert.deepEqual(pick(score({ x: 2 })), ["b", 0.5, "1", 0.5, null]);
});

test("weightedMax: each category's heaviest firing rule; the highest confidence among them wins", () => {
  const score = read(doc("weightedMax", RULES));
  // a: r1 (weight 0.5, confidence 0.9); b: rule 2 (0.7, 0.8); c: rule 3 (0.9, 0.3)
  assert.deepEqual(pick(score({ x: 0.5, y: "u" })), ["a", 0.9, "r1", 0.8, 0.3]);
  // c: rule 3 (0.3); b: rule 4 (0.6)
  assert.deepEqual(pick(score({ x: 2.5, y: "u" })), ["b", 0.6, "4", 0.6, 0.3]);
});

test("an integer target: scores are integers", () => {
  const xml = `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><DataDictionary>
<DataField name="x" optype="continuous" dataType="double"/><DataField name="t" optype="categorical" dataType="integer"/></DataDictionary>
<RuleSetModel functionName="classification"><MiningSchema><MiningField name="x"/><MiningField name="t" usageType="target"/></MiningSchema>
<RuleSet defaultScore="0" defaultConfidence="0.5"><RuleSelectionMethod criterion="firstHit"/>
<SimpleRule score="1"><SimplePredicate field="x" operator="lessThan" value="1"/></SimpleRule></RuleSet></RuleSetModel></PMML>`;
  const score = read(xml);
  assert.equal(score({ x: 0 }).t, 1);
  assert.equal(score({ x: 5 }).t, 0);
});

test("refusals: an unknown criterion, a score that is not of the target's type, probabilities", () => {
  refused(doc("bestHit", RULES), /RuleSelectionMethod: criterion="bestHit" is not supported/);
  const xml = doc("firstHit", RULES).replace('dataType="string"><Value value="a"/>', 'dataType="integer"><Value value="1"/>');
  refused(xml, /"a" is not a value of the target's type/);
  refused(doc("firstHit", RULES, "", '<OutputField name="p" feature="probability" value="a"/>'), /feature="probability" value="a" is not provided/);
});
