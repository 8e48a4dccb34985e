/**
 * The Scorecard reader (converters/pmml/models/scorecard.ts), on small PMML documents written for these
 * tests, read by the PMML document reader: the values are checked by hand, and the PFA engine running
 * the written PFA must agree with the reference evaluator on every row.
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

const doc = (attrs: string, characteristics: string, outputs = 3) => `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><DataDictionary>
<DataField name="dep" optype="categorical" dataType="string"/><DataField name="age" optype="continuous" dataType="double"/>
<DataField name="income" optype="continuous" dataType="double"/><DataField name="score" optype="continuous" dataType="double"/></DataDictionary>
<Scorecard functionName="regression" ${attrs}><MiningSchema><MiningField name="dep"/><MiningField name="age"/><MiningField name="income"/><MiningField name="score" usageType="target"/></MiningSchema>
<Output>${Array.from({ length: outputs }, (_x, i) => `<OutputField name="rc${i + 1}" feature="reasonCode" rank="${i + 1}"/>`).join("")}</Output>
<Characteristics>${characteristics}</Characteristics></Scorecard></PMML>`;

const CHARACTERISTICS = `
<Characteristic name="dep" reasonCode="RC1" baselineScore="19">
  <Attribute partialScore="-9"><SimplePredicate field="dep" operator="isMissing"/></Attribute>
  <Attribute partialScore="19"><SimplePredicate field="dep" operator="equal" value="marketing"/></Attribute>
  <Attribute partialScore="3"><SimplePredicate field="dep" operator="equal" value="engineering"/></Attribute>
  <Attribute partialScore="0"><True/></Attribute>
</Characteristic>
<Characteristic name="age" baselineScore="18">
  <Attribute partialScore="-1" reasonCode="RC2a"><SimplePredicate field="age" operator="isMissing"/></Attribute>
  <Attribute partialScore="0" reasonCode="RC2b"><SimplePredicate field="age" operator="lessOrEqual" value="29"/></Attribute>
  <Attribute partialScore="18" reasonCode="RC2c"><SimplePredicate field="age" operator="greaterThan" value="29"/></Attribute>
</Characteristic>
<Characteristic name="income" reasonCode="RC3">
  <Attribute partialScore="3"><SimplePredicate field="income" operator="isMissing"/></Attribute>
  <Attribute><SimplePredicate field="income" operator="lessOrEqual" value="1000"/>
    <ComplexPartialScore><Apply function="+"><Apply function="*"><Constant>0.03</Constant><FieldRef field="income"/></Apply><Constant>11</Constant></Apply></ComplexPartialScore>
  </Attribute>
  <Attribute partialScore="5"><SimplePredicate field="income" operator="greaterThan" value="1000"/></Attribute>
</Characteristic>`;

const pick = (r: Row) => [r.score, r.rc1, r.rc2, r.rc3];

test("the score: initialScore plus each characteristic's first matching attribute", () => {
  const score = read(doc('initialScore="100" baselineScore="10"', CHARACTERISTICS));
  // 100 + 3 + 0 + (0.03 * 500 + 11); points: RC1 19 - 3 = 16, RC2b 18 - 0 = 18, RC3 10 - 26 = -16 (dropped)
  assert.deepEqual(pick(score({ dep: "engineering", age: 25, income: 500 })), [100 + 3 + 0 + (0.03 * 500 + 11), "RC2b", "RC1", null]);
  // points: RC1 19 - 19 = 0 (kept), RC2c 0, RC3 10 - 5 = 5; a tie goes to the code met first
  assert.deepEqual(pick(score({ dep: "marketing", age: 40, income: 2000 })), [100 + 19 + 18 + 5, "RC3", "RC1", "RC2c"]);
  // missing values take the isMissing attributes
  assert.deepEqual(pick(score({ dep: null, age: null, income: null })), [100 - 9 - 1 + 3, "RC1", "RC2a", "RC3"]);
});

test("pointsAbove ranks partialScore − baselineScore", () => {
  const score = read(doc('reasonCodeAlgorithm="pointsAbove" baselineScore="10"', CHARACTERISTICS));
  // RC1 3 - 19 = -16 (dropped), RC2c 18 - 18 = 0, RC3 5 - 10 = -5 (dropped)
  assert.deepEqual(pick(score({ dep: "engineering", age: 40, income: 2000 })), [3 + 18 + 5, "RC2c", null, null]);
});

test("a reason code given by several characteristics sums their points", () => {
  const chars = `<Characteristic reasonCode="A" baselineScore="5"><Attribute partialScore="1"><True/></Attribute></Characteristic>
    <Characteristic reasonCode="B" baselineScore="5"><Attribute partialScore="0"><True/></Attribute></Characteristic>
    <Characteristic reasonCode="A" baselineScore="5"><Attribute partialScore="2"><True/></Attribute></Characteristic>`;
  // A: 4 + 3 = 7, B: 5
  assert.deepEqual(pick(read(doc("", chars))({})), [3, "A", "B", null]);
});

test("a missing ComplexPartialScore makes the score missing; no matching attribute refuses the row", () => {
  const chars = `<Characteristic reasonCode="A" baselineScore="0">
      <Attribute><SimplePredicate field="age" operator="greaterThan" value="0"/><ComplexPartialScore><FieldRef field="income"/></ComplexPartialScore></Attribute>
      <Attribute partialScore="1"><SimplePredicate field="age" operator="lessOrEqual" value="0"/></Attribute></Characteristic>`;
  const score = read(doc('useReasonCodes="true"', chars, 1));
  assert.deepEqual(pick(score({ age: 1, income: 7 })), [7, null, undefined, undefined]);
  assert.deepEqual(pick(score({ age: 1, income: null })), [null, null, undefined, undefined]);
  assert.deepEqual(pick(score({ age: -1 })), [1, null, undefined, undefined]);
  assert.throws(() => score({ age: null }));
});

test("refusals: reason codes without a code or a baseline, a classification scorecard", () => {
  refused(doc("", CHARACTERISTICS), /Characteristic 'income': has no baselineScore/);
  refused(doc('baselineScore="1"', CHARACTERISTICS.replace(' reasonCode="RC1"', "")), /Attribute: has no reasonCode/);
  refused(doc('baselineScore="1"', CHARACTERISTICS).replace('functionName="regression"', 'functionName="classification"'), /functionName="classification" is not supported/);
  // without reason codes, no reasonCode outputs
  refused(doc('useReasonCodes="false"', CHARACTERISTICS), /feature="reasonCode" is not provided/);
});
