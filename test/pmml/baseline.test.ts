/**
 * The BaselineModel reader (converters/pmml/models/baseline.ts), on small PMML documents written for
 * these tests, read by the PMML document reader: the z-value checked by hand, and the PFA engine running
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

const doc = (statistic: string, distribution: string) => `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
<DataDictionary><DataField name="x" optype="continuous" dataType="double"/></DataDictionary>
<BaselineModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><Output><OutputField name="z" feature="predictedValue"/></Output>
<TestDistributions field="x" testStatistic="${statistic}"><Baseline>${distribution}</Baseline></TestDistributions></BaselineModel></PMML>`;

test("zValue: (x − mean) / √variance", () => {
  const score = read(doc("zValue", '<GaussianDistribution mean="2" variance="4"/>'));
  assert.equal(score({ x: 5 }).z, 1.5);
  assert.equal(score({ x: null }).z, null);
});

test("refusals: other statistics and distributions", () => {
  refused(doc("CUSUM", '<GaussianDistribution mean="2" variance="4"/>'), /testStatistic="CUSUM" is not supported/);
  refused(doc("zValue", '<PoissonDistribution mean="2"/>'), /PoissonDistribution is not supported/);
  refused(doc("zValue", '<GaussianDistribution mean="2" variance="0"/>'), /a positive variance/);
});
