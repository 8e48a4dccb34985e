/**
 * The ClusteringModel reader (converters/pmml/models/clustering.ts), on small PMML documents written
 * for these tests, read by the PMML document reader: the values are checked by hand, and the PFA engine
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

const doc = (measure: string, fields: string, clusters: string, extra = "", attrs = 'modelClass="centerBased"'): string => `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><DataDictionary>
<DataField name="x" optype="continuous" dataType="double"/><DataField name="y" optype="continuous" dataType="double"/></DataDictionary>
<ClusteringModel functionName="clustering" ${attrs} numberOfClusters="2"><MiningSchema><MiningField name="x"/><MiningField name="y"/></MiningSchema>
<Output><OutputField name="id" feature="predictedValue"/><OutputField name="name" feature="predictedDisplayValue"/>
<OutputField name="d" feature="entityAffinity"/><OutputField name="d1" feature="clusterAffinity" value="c1"/><OutputField name="d2" feature="clusterAffinity" value="c2"/></Output>
<ComparisonMeasure kind="${/Matching|jaccard|tanimoto|binary/.test(measure) ? "similarity" : "distance"}">${measure}</ComparisonMeasure>${fields}${extra}${clusters}</ClusteringModel></PMML>`;

const FIELDS = '<ClusteringField field="x"/><ClusteringField field="y"/>';
const CLUSTERS = '<Cluster id="c1" name="first"><Array n="2" type="real">0 0</Array></Cluster><Cluster id="c2"><Array n="2" type="real">3 4</Array></Cluster>';
const pick = (r: Row) => [r.id, r.name, r.d, r.d1, r.d2];

test("squaredEuclidean: the nearest centre's id, its name and the distances", () => {
  const score = read(doc("<squaredEuclidean/>", FIELDS, CLUSTERS));
  assert.deepEqual(pick(score({ x: 1, y: 1 })), ["c1", "first", 2, 2, 4 + 9]);
  // the second cluster has no name
  assert.deepEqual(pick(score({ x: 3, y: 3 })), ["c2", null, 1, 18, 1]);
});

test("euclidean with field weights and per-field compare functions", () => {
  const fields = '<ClusteringField field="x" fieldWeight="2"/><ClusteringField field="y" compareFunction="gaussSim" similarityScale="2"/>';
  const score = read(doc("<euclidean/>", fields, CLUSTERS));
  // to c1: sqrt(2 * 1^2 + exp(-ln2 * 1 / 4)^2); to c2: sqrt(2 * 2^2 + exp(-ln2 * 9 / 4)^2)
  const d1 = Math.sqrt(2 * 1 + Math.pow(Math.exp((-Math.LN2 * 1) / 4), 2));
  const d2 = Math.sqrt(2 * 4 + Math.pow(Math.exp((-Math.LN2 * 9) / 4), 2));
  const r = score({ x: 1, y: 1 });
  assert.equal(r.id, "c1");
  assert.ok(Math.abs((r.d1 as number) - d1) < 1e-12 && Math.abs((r.d2 as number) - d2) < 1e-12);
});

test("a missing input is skipped and the distance scaled by the MissingValueWeights", () => {
  const score = read(doc("<cityBlock/>", FIELDS, CLUSTERS, '<MissingValueWeights><Array n="2" type="real">1 3</Array></MissingValueWeights>'));
  // y missing: |x - c| * (1 + 3) / 1
  assert.deepEqual(pick(score({ x: 2, y: null })), ["c2", null, 4, 8, 4]);
  // x missing: |y - c| * 4 / 3
  assert.deepEqual(pick(score({ x: null, y: 3 })), ["c2", null, 4 / 3, 4, 4 / 3]);
});

test("clusters without ids are numbered from 1; a tie goes to the first", () => {
  const clusters = '<Cluster><Array n="2" type="real">0 0</Array></Cluster><Cluster><Array n="2" type="real">2 2</Array></Cluster>';
  const xml = doc("<chebychev/>", FIELDS, clusters).replace(/<OutputField name="d1".*?<\/Output>/, "</Output>");
  const score = read(xml);
  assert.deepEqual([score({ x: 1, y: 1 }).id, score({ x: 2, y: 1.5 }).id], ["1", "2"]);
});

test("a similarity measure over 0/1 values: the most similar cluster", () => {
  const clusters = '<Cluster id="c1"><Array n="2" type="real">1 0</Array></Cluster><Cluster id="c2"><Array n="2" type="real">1 1</Array></Cluster>';
  const score = read(doc("<jaccard/>", FIELDS, clusters).replace('<OutputField name="name" feature="predictedDisplayValue"/>', ""));
  // (1, 1): jaccard with c1 = 1/2, with c2 = 1
  assert.deepEqual([score({ x: 1, y: 1 }).id, score({ x: 1, y: 1 }).d1, score({ x: 1, y: 0 }).id], ["c2", 0.5, "c1"]);
});

test("refusals: distribution-based models, compareFunction table, CenterFields, centres of the wrong size", () => {
  refused(doc("<squaredEuclidean/>", FIELDS, CLUSTERS, "", 'modelClass="distributionBased"'), /modelClass="distributionBased" is not supported/);
  refused(doc("<squaredEuclidean/>", '<ClusteringField field="x" compareFunction="table"/><ClusteringField field="y"/>', CLUSTERS), /compareFunction="table" is not supported/);
  refused(doc("<squaredEuclidean/>", FIELDS, CLUSTERS, "<CenterFields/>"), /CenterFields: is not supported/);
  refused(doc("<squaredEuclidean/>", FIELDS, '<Cluster id="c1"><Array n="1" type="real">0</Array></Cluster>'), /has 1 coordinates for 2 clustering fields/);
});
