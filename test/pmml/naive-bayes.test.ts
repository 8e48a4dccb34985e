/**
 * The NaiveBayesModel reader (converters/pmml/models/naive-bayes.ts), on small PMML documents written
 * for these tests, read by the PMML document reader: the values are checked against the formula written
 * out by hand, and the PFA engine running the written PFA must agree with the reference evaluator.
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

const counts = (no: number, yes: number) => `<TargetValueCounts><TargetValueCount value="no" count="${no}"/><TargetValueCount value="yes" count="${yes}"/></TargetValueCounts>`;
const gauss = (dist: string) => `<TargetValueStats><TargetValueStat value="no">${dist}</TargetValueStat><TargetValueStat value="yes"><GaussianDistribution mean="3" variance="4"/></TargetValueStat></TargetValueStats>`;

const doc = (aDistribution = '<GaussianDistribution mean="1" variance="1"/>', wrapA = false) => `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><DataDictionary>
<DataField name="g" optype="categorical" dataType="string"/><DataField name="a" optype="continuous" dataType="double"/>
<DataField name="c" optype="continuous" dataType="double"/>
<DataField name="t" optype="categorical" dataType="string"><Value value="no"/><Value value="yes"/></DataField></DataDictionary>
<NaiveBayesModel functionName="classification" threshold="0.01"><MiningSchema><MiningField name="g"/><MiningField name="a"/><MiningField name="c"/><MiningField name="t" usageType="target"/></MiningSchema>
<Output><OutputField name="p_no" feature="probability" value="no"/><OutputField name="p_yes" feature="probability" value="yes"/></Output>
<BayesInputs>
  <BayesInput fieldName="g"><PairCounts value="m">${counts(2, 3)}</PairCounts><PairCounts value="f">${counts(4, 0)}</PairCounts></BayesInput>
  ${wrapA ? "<Extension>" : ""}<BayesInput fieldName="a">${gauss(aDistribution)}</BayesInput>${wrapA ? "</Extension>" : ""}
  <BayesInput fieldName="c">
    <DerivedField optype="categorical" dataType="string"><Discretize field="c">
      <DiscretizeBin binValue="low"><Interval closure="closedOpen" leftMargin="0" rightMargin="5"/></DiscretizeBin>
      <DiscretizeBin binValue="high"><Interval closure="closedOpen" leftMargin="5"/></DiscretizeBin>
    </Discretize></DerivedField>
    <PairCounts value="low">${counts(5, 1)}</PairCounts><PairCounts value="high">${counts(1, 3)}</PairCounts>
  </BayesInput>
</BayesInputs>
<BayesOutput fieldName="t">${counts(6, 4)}</BayesOutput></NaiveBayesModel></PMML>`;

const density = (x: number, mean: number, variance: number) => Math.exp(-((x - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
function probabilities(scoreNo: number, scoreYes: number): [number, number] {
  const m = Math.max(scoreNo, scoreYes);
  const [a, b] = [Math.exp(scoreNo - m), Math.exp(scoreYes - m)];
  return [a / (a + b), b / (a + b)];
}
function close(actual: Row, expected: [string, number, number]): void {
  assert.equal(actual.t, expected[0]);
  assert.ok(Math.abs((actual.p_no as number) - expected[1]) < 1e-12, `p_no ${String(actual.p_no)} vs ${expected[1]}`);
  assert.ok(Math.abs((actual.p_yes as number) - expected[2]) < 1e-12, `p_yes ${String(actual.p_yes)} vs ${expected[2]}`);
}

test("discrete, Gaussian and discretized inputs: ln prior + Σ ln P(x | class), then the softmax", () => {
  const score = read(doc());
  // g = m: 2/6 and 3/3; a = 2; c = 7 is "high": 1/6 and 3/4
  const [no, yes] = probabilities(Math.log(6) + Math.log(2 / 6) + Math.log(density(2, 1, 1)) + Math.log(1 / 6), Math.log(4) + Math.log(3 / 3) + Math.log(density(2, 3, 4)) + Math.log(3 / 4));
  close(score({ g: "m", a: 2, c: 7 }), [no > yes ? "no" : "yes", no, yes]);
  // a zero count takes the threshold; c = 1 is "low"
  const [no2, yes2] = probabilities(Math.log(6) + Math.log(4 / 6) + Math.log(density(0, 1, 1)) + Math.log(5 / 6), Math.log(4) + Math.log(0.01) + Math.log(density(0, 3, 4)) + Math.log(1 / 4));
  close(score({ g: "f", a: 0, c: 1 }), ["no", no2, yes2]);
});

test("missing inputs, values without PairCounts and values outside every bin add nothing", () => {
  const score = read(doc());
  const [no, yes] = probabilities(Math.log(6), Math.log(4));
  close(score({ g: null, a: null, c: null }), ["no", no, yes]);
  close(score({ g: "unknown", a: null, c: -1 }), ["no", no, yes]);
});

test("a density below the threshold takes the threshold", () => {
  const score = read(doc());
  // a = 30: both densities are far below 0.01
  const [no, yes] = probabilities(Math.log(6) + Math.log(0.01), Math.log(4) + Math.log(0.01));
  close(score({ a: 30 }), ["no", no, yes]);
});

test("BayesInputs inside an Extension (R's pmml package) are read", () => {
  const score = read(doc(undefined, true));
  const [no, yes] = probabilities(Math.log(6) + Math.log(density(2, 1, 1)), Math.log(4) + Math.log(density(2, 3, 4)));
  close(score({ a: 2 }), [no > yes ? "no" : "yes", no, yes]);
});

test("Gaussian inputs inside an Extension (R, before PMML 4.2): only a density of exactly 0 takes the threshold", () => {
  // a = 8: N(8; 1, 1) = e^-24.5 / sqrt(2π) ≈ 9e-12 and N(8; 3, 4) = e^-3.125 / sqrt(8π) ≈ 0.0088, both below 0.01
  assert.ok(density(8, 1, 1) < 1e-11 && density(8, 3, 4) < 0.01 && density(8, 3, 4) > 0.008);
  const [no, yes] = probabilities(Math.log(6) + Math.log(density(8, 1, 1)), Math.log(4) + Math.log(density(8, 3, 4)));
  close(read(doc(undefined, true))({ a: 8 }), ["yes", no, yes]);
  // the 4.2 form floors both
  const [no2, yes2] = probabilities(Math.log(6) + Math.log(0.01), Math.log(4) + Math.log(0.01));
  close(read(doc())({ a: 8 }), ["no", no2, yes2]);
  // a = 60: N(60; 1, 1) = e^-1740.5 / sqrt(2π) is exactly 0 and takes the threshold; N(60; 3, 4) = e^-406.1 / sqrt(8π) does not
  assert.equal(density(60, 1, 1), 0);
  const [no3, yes3] = probabilities(Math.log(6) + Math.log(0.01), Math.log(4) + Math.log(density(60, 3, 4)));
  close(read(doc(undefined, true))({ a: 60 }), ["no", no3, yes3]);
});

test("refusals: other distributions, classes BayesOutput does not list", () => {
  refused(doc('<PoissonDistribution mean="2"/>'), /PoissonDistribution: PoissonDistribution is not supported/);
  refused(doc().replace('<TargetValueCount value="yes" count="3"/>', '<TargetValueCount value="maybe" count="3"/>'), /the class "maybe" is not in BayesOutput/);
});
