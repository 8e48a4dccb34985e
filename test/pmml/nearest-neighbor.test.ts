/**
 * The NearestNeighborModel reader (converters/pmml/models/nearest-neighbor.ts), on small PMML documents
 * written for these tests, read by the PMML document reader: the values are checked by hand, and the
 * PFA engine running the written PFA must agree with the reference evaluator on every row.
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

const ROWS = [
  [1, 0, 10, "a"],
  [2, 0, 20, "b"],
  [4, 0, 30, "b"],
  [8, 0, 40, "a"],
  [9, 9, 50, "c"],
]
  .map(([x, y, v, c]) => `<row><ID>id${String(x)}</ID><xx>${String(x)}</xx><yy>${String(y)}</yy><val>${String(v)}</val><cls>${String(c)}</cls></row>`)
  .join("");

const doc = (attrs: string, outputs: string, targets = '<MiningField name="v" usageType="target"/>', extraFields = "") => `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><DataDictionary>
<DataField name="x" optype="continuous" dataType="double"/><DataField name="y" optype="continuous" dataType="double"/>
<DataField name="v" optype="continuous" dataType="double"/><DataField name="c" optype="categorical" dataType="string"/></DataDictionary>
<NearestNeighborModel ${attrs}><MiningSchema><MiningField name="x"/><MiningField name="y"/>${targets}</MiningSchema>
<Output>${outputs}</Output>
<TrainingInstances><InstanceFields><InstanceField field="ID" column="ID"/><InstanceField field="x" column="xx"/><InstanceField field="y" column="yy"/>
<InstanceField field="v" column="val"/><InstanceField field="c" column="cls"/>${extraFields}</InstanceFields><InlineTable>${ROWS}</InlineTable></TrainingInstances>
<ComparisonMeasure kind="distance"><euclidean/></ComparisonMeasure>
<KNNInputs><KNNInput field="x"/><KNNInput field="y"/></KNNInputs></NearestNeighborModel></PMML>`;

test("regression: the average of the k nearest instances' targets; neighbour ids by rank", () => {
  const outputs = '<OutputField name="n1" feature="entityId" rank="1"/><OutputField name="n2" feature="entityId" rank="2"/><OutputField name="d" feature="entityAffinity"/><OutputField name="d9" feature="affinity" value="id9"/>';
  const score = read(doc('functionName="regression" numberOfNeighbors="2" instanceIdVariable="ID"', outputs));
  // x = 3: instances 2 and 4 are both at distance 1 (ties keep instance order)
  assert.deepEqual(score({ x: 3, y: 0 }), { v: 25, n1: "id2", n2: "id4", d: 1, d9: Math.sqrt(36 + 81) });
  // y missing: distances over x alone, scaled by 2 / 1 before the square root
  assert.deepEqual(score({ x: 8, y: null }), { v: 45, n1: "id8", n2: "id9", d: 0, d9: Math.sqrt(2) });
});

test("weightedAverage and median", () => {
  const weighted = read(doc('functionName="regression" numberOfNeighbors="2" continuousScoringMethod="weightedAverage" threshold="0.5"', ""));
  // x = 2: instance 2 at 0 (weight 1 / 0.5), instance 1 at 1 (weight 1 / 1.5)
  assert.equal(weighted({ x: 2, y: 0 }).v, (20 * 2 + 10 / 1.5) / (2 + 1 / 1.5));
  const median = read(doc('functionName="regression" numberOfNeighbors="3" continuousScoringMethod="median"', ""));
  assert.equal(median({ x: 2, y: 0 }).v, 20);
});

test("classification: majority vote, a tie going to the category with more instances", () => {
  const score = read(doc('functionName="classification" numberOfNeighbors="2"', "", '<MiningField name="c" usageType="target"/>'));
  assert.equal(score({ x: 3, y: 0 }).c, "b");
  // instances 1 (a) and 2 (b) tie; a and b have two instances each: the smaller value wins
  assert.equal(score({ x: 1.5, y: 0 }).c, "a");
  // instances 4 (8, a) and 5 (9, c): a has more instances
  assert.equal(score({ x: 9, y: 5 }).c, "a");
});

test("derived KNNInputs are computed for the instances from their fields", () => {
  const xml = doc('functionName="regression" numberOfNeighbors="1"', "")
    .replace("<Output></Output>", '<Output></Output><LocalTransformations><DerivedField name="x2" optype="continuous" dataType="double"><Apply function="*"><FieldRef field="x"/><Constant>2</Constant></Apply></DerivedField></LocalTransformations>')
    .replace('<KNNInput field="x"/>', '<KNNInput field="x2"/>');
  const score = read(xml);
  assert.equal(score({ x: 3.9, y: 0 }).v, 30);
});

test("refusals: a TableLocator, too many neighbours, a string input", () => {
  refused(doc('functionName="regression" numberOfNeighbors="9"', ""), /numberOfNeighbors="9" is not between 1 and the number of instances \(5\)/);
  refused(doc('functionName="regression" numberOfNeighbors="1"', "").replace(/<InlineTable>.*<\/InlineTable>/s, "<TableLocator/>"), /TableLocator: is not supported/);
  refused(doc('functionName="regression" numberOfNeighbors="1"', "").replace('<KNNInput field="y"/>', '<KNNInput field="c"/>'), /the field "c" is not a number/);
  refused(doc('functionName="clustering" numberOfNeighbors="1"', ""), /a clustering model needs an instanceIdVariable/);
});
