/**
 * The AnomalyDetectionModel reader (converters/pmml/models/anomaly.ts), on small PMML documents written
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

const DICT = `<DataDictionary><DataField name="x" optype="continuous" dataType="double"/><DataField name="y" optype="continuous" dataType="double"/></DataDictionary>`;
const doc = (attrs: string, inner: string, extra = "") => `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">${DICT}
<AnomalyDetectionModel functionName="regression" ${attrs}><MiningSchema><MiningField name="x"/><MiningField name="y"/></MiningSchema>
<Output><OutputField name="score" feature="predictedValue"/></Output>${inner}${extra}</AnomalyDetectionModel></PMML>`;

// the mean path length: 2 + x (a regression stands in for the isolation trees)
const PATH = `<RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema>
<RegressionTable intercept="2"><NumericPredictor name="x" coefficient="1"/></RegressionTable></RegressionModel>`;

test("iforest: 2^(−path length / c(sampleDataSize))", () => {
  const score = read(doc('algorithmType="iforest" sampleDataSize="256"', PATH));
  const c = 2 * (Math.log(255) + 0.57721566) - (2 * 255) / 256;
  assert.equal(score({ x: 1.5 }).score, Math.pow(2, 3.5 / -c));
  assert.equal(score({ x: null }).score, null);
});

test("clusterMeanDist: the distance to the nearest centre over that cluster's mean distance", () => {
  const clusters = `<ClusteringModel functionName="clustering" modelClass="centerBased"><MiningSchema><MiningField name="x"/><MiningField name="y"/></MiningSchema>
    <ComparisonMeasure kind="distance"><euclidean/></ComparisonMeasure><ClusteringField field="x"/><ClusteringField field="y"/>
    <Cluster><Array n="2" type="real">0 0</Array></Cluster><Cluster id="far"><Array n="2" type="real">10 10</Array></Cluster></ClusteringModel>`;
  const score = read(doc('algorithmType="clusterMeanDist"', clusters, '<MeanClusterDistances><Array n="2" type="real">2 4</Array></MeanClusterDistances>'));
  assert.equal(score({ x: 3, y: 4 }).score, 5 / 2);
  assert.equal(score({ x: 10, y: 13 }).score, 3 / 4);
});

test("refusals: other algorithms, an iforest without sampleDataSize, mismatched mean distances", () => {
  refused(doc('algorithmType="other"', PATH), /algorithmType="other" is not supported/);
  refused(doc('algorithmType="iforest"', PATH), /an isolation forest needs sampleDataSize/);
  refused(doc('algorithmType="ocsvm"', PATH), /algorithmType="ocsvm" needs a SupportVectorMachineModel/);
});
