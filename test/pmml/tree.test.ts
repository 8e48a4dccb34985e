/**
 * The TreeModel reader, on small PMML documents written for these tests, through a small ModelScope of
 * the test's own (DataDictionary fields as nullable inputs, no transformations): each document is read
 * to an IR pipeline, scored by the reference evaluator and by the PFA engine running the written PFA,
 * and the values are checked by hand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileEvaluator } from "../../src/ir/evaluate.js";
import { BOOLEAN, DOUBLE, FLOAT, INT, STRING, nullable, type IRType } from "../../src/ir/types.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { writePfa } from "../../src/writer/write.js";
import { PipelineBuilder } from "../../converters/pmml/builder.js";
import type { FieldInfo, ModelResult, ModelScope } from "../../converters/pmml/model.js";
import { readTreeModel } from "../../converters/pmml/models/tree.js";
import { child, children, parseXml, type XmlElement } from "../../converters/pmml/xml.js";

const IR_TYPES: Record<string, IRType> = { double: DOUBLE, float: FLOAT, integer: INT, string: STRING, boolean: BOOLEAN };

/** A ModelScope over a document's DataDictionary: every field an input column of its own name. */
function fakeScope(doc: XmlElement, model: XmlElement): ModelScope {
  const builder = new PipelineBuilder("test.pmml");
  const fields = new Map<string, FieldInfo>();
  for (const f of children(child(doc, "DataDictionary")!, "DataField")) {
    fields.set(f.attrs.name!, { name: f.attrs.name!, dataType: f.attrs.dataType!, optype: f.attrs.optype!, values: children(f, "Value").map((v) => v.attrs.value!) });
  }
  const targetName = children(child(model, "MiningSchema")!, "MiningField").find((m) => m.attrs.usageType === "target" || m.attrs.usageType === "predicted")?.attrs.name;
  const scope: ModelScope = {
    builder,
    file: "test.pmml",
    column(field, where) {
      const info = fields.get(field);
      if (info === undefined) return builder.fail(where, `field "${field}" is not defined`);
      builder.addInput(field, nullable(IR_TYPES[info.dataType]!));
      return field;
    },
    field: (name) => fields.get(name),
    typeOf: (c) => builder.typeOf(c),
    target: targetName === undefined ? null : fields.get(targetName)!,
    predicate: () => {
      throw new Error("not used");
    },
    nested: () => {
      throw new Error("not used");
    },
    fail: (where, construct) => builder.fail(where, construct),
  };
  return scope;
}

interface Scored {
  result: ModelResult;
  score(row: Record<string, unknown>): Record<string, unknown>;
}

/** Reads the document's TreeModel; `score` gives the reference evaluation, after checking the PFA agrees. */
function read(xml: string): Scored {
  const doc = parseXml(xml);
  const model = child(doc, "TreeModel")!;
  const scope = fakeScope(doc, model);
  const result = readTreeModel(model, scope);
  const outputs = [{ column: result.predicted, name: "predicted" }];
  for (const [c, col] of result.probabilities ?? []) outputs.push({ column: col, name: `p_${c}` });
  for (const [f, col] of result.features) outputs.push({ column: col, name: f.replace(":", "_") });
  const pipeline = scope.builder.build("t", outputs, {});
  const evaluate = compileEvaluator(pipeline);
  const engine = PFAEngine.fromJson(writePfa(pipeline));
  return {
    result,
    score(row) {
      const full = Object.fromEntries(pipeline.inputs.map((f) => [f.name, row[f.name] ?? null]));
      const ref = evaluate(full);
      const pfa = engine.action(full) as Record<string, unknown>;
      assert.deepEqual(pfa, ref, `PFA and the reference evaluator differ on ${JSON.stringify(row)}`);
      return ref;
    },
  };
}

function doc(dictionary: string, model: string): string {
  return `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><DataDictionary>${dictionary}</DataDictionary>${model}</PMML>`;
}

const IRIS_DICT = `
  <DataField name="Species" optype="categorical" dataType="string"><Value value="setosa"/><Value value="versicolor"/><Value value="virginica"/></DataField>
  <DataField name="pl" optype="continuous" dataType="double"/>
  <DataField name="pw" optype="continuous" dataType="double"/>`;

/** An iris-like classifier with record counts, rattle-style surrogates and defaultChild. */
function irisTree(attrs: string): string {
  return doc(
    IRIS_DICT,
    `<TreeModel modelName="t" functionName="classification" ${attrs}>
      <MiningSchema><MiningField name="Species" usageType="predicted"/><MiningField name="pl"/><MiningField name="pw"/></MiningSchema>
      <Node id="1" score="setosa" defaultChild="3">
        <True/>
        <ScoreDistribution value="setosa" recordCount="50" confidence="0.3"/>
        <ScoreDistribution value="versicolor" recordCount="50" confidence="0.3"/>
        <ScoreDistribution value="virginica" recordCount="50" confidence="0.4"/>
        <Node id="2" score="setosa">
          <CompoundPredicate booleanOperator="surrogate">
            <SimplePredicate field="pl" operator="lessThan" value="2.45"/>
            <SimplePredicate field="pw" operator="lessThan" value="0.8"/>
          </CompoundPredicate>
          <ScoreDistribution value="setosa" recordCount="50" confidence="1"/>
        </Node>
        <Node id="3" score="versicolor" defaultChild="6">
          <CompoundPredicate booleanOperator="surrogate">
            <SimplePredicate field="pl" operator="greaterOrEqual" value="2.45"/>
            <SimplePredicate field="pw" operator="greaterOrEqual" value="0.8"/>
          </CompoundPredicate>
          <ScoreDistribution value="versicolor" recordCount="50" confidence="0.5"/>
          <ScoreDistribution value="virginica" recordCount="50" confidence="0.5"/>
          <Node id="6" score="versicolor">
            <SimplePredicate field="pw" operator="lessThan" value="1.75"/>
            <ScoreDistribution value="versicolor" recordCount="49" confidence="0.9"/>
            <ScoreDistribution value="virginica" recordCount="5" confidence="0.1"/>
          </Node>
          <Node id="7" score="virginica">
            <SimplePredicate field="pw" operator="greaterOrEqual" value="1.75"/>
            <ScoreDistribution value="versicolor" recordCount="1" confidence="0.02"/>
            <ScoreDistribution value="virginica" recordCount="45" confidence="0.98"/>
          </Node>
        </Node>
      </Node>
    </TreeModel>`,
  );
}

test("TreeModel classification: labels, probabilities from record counts, surrogates", () => {
  const t = read(irisTree('missingValueStrategy="none"'));
  assert.deepEqual([...t.result.probabilities!.keys()], ["setosa", "versicolor", "virginica"]);
  assert.deepEqual(t.score({ pl: 1.4, pw: 0.2 }), { predicted: "setosa", p_setosa: 1, p_versicolor: 0, p_virginica: 0, "confidence_setosa": 1, confidence_versicolor: 0, confidence_virginica: 0 });
  const r = t.score({ pl: 4.5, pw: 1.5 });
  assert.equal(r.predicted, "versicolor");
  assert.equal(r.p_versicolor, 49 / 54);
  assert.equal(r.p_virginica, 5 / 54);
  // pl missing: the surrogate decides with pw (one missing level, no penalty given: 1).
  assert.equal(t.score({ pl: null, pw: 2 }).predicted, "virginica");
  assert.equal(t.score({ pl: null, pw: 2 }).confidence_virginica, 0.98);
  // The predicted category's confidence, when the Output asks for it.
  const c = read(irisTree('missingValueStrategy="none"').replace("</MiningSchema>", '</MiningSchema><Output><OutputField name="c" feature="confidence"/></Output>'));
  assert.equal(c.score({ pl: 4.5, pw: 1.5 }).confidence, 0.9);
  assert.equal(c.score({ pl: 1, pw: 0.1 }).confidence, 1);
});

test("TreeModel missingValueStrategy: none, lastPrediction, nullPrediction, defaultChild with missingValuePenalty", () => {
  // Both fields missing at the first level: every child's predicate is UNKNOWN.
  const none = read(irisTree('missingValueStrategy="none" noTrueChildStrategy="returnLastPrediction"'));
  assert.equal(none.score({}).predicted, "setosa");
  assert.equal(read(irisTree('missingValueStrategy="none"')).score({}).predicted, null);
  const last = read(irisTree('missingValueStrategy="lastPrediction"'));
  assert.deepEqual(last.score({ pl: 3 }), { predicted: "versicolor", p_setosa: 0, p_versicolor: 0.5, p_virginica: 0.5, confidence_setosa: 0, confidence_versicolor: 0.5, confidence_virginica: 0.5 });
  assert.equal(read(irisTree('missingValueStrategy="nullPrediction"')).score({ pl: 3 }).predicted, null);
  const dc = read(irisTree('missingValueStrategy="defaultChild" missingValuePenalty="0.8"'));
  // Root's children UNKNOWN: default child 3, then 6 (pw missing again): two missing levels.
  const r = dc.score({});
  assert.equal(r.predicted, "versicolor");
  assert.equal(r.p_versicolor, 49 / 54);
  assert.equal(r.confidence_versicolor, 0.9 * Math.pow(0.8, 2));
});

const ABC_DICT = `
  <DataField name="K" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/><Value value="c"/></DataField>
  <DataField name="x" optype="continuous" dataType="double"/>
  <DataField name="y" optype="continuous" dataType="double"/>`;

/**
 * A three-class tree with Node recordCounts, class record counts and confidences:
 *
 *   1 (30) True                a 10 b 10 c 10   conf .3 .3 .4
 *     2 (12) x < 0             a  8 b  3 c  1   conf .6 .3 .1
 *       4 (7) y < 0            a  6 b  1 c  0   conf .8 .2 0
 *       5 (5) y < 10           a  2 b  2 c  1   conf .4 .4 .2
 *     3 (10) x < 5             a  1 b  2 c  7   conf .1 .2 .7
 *     6 (8) True               a  1 b  6 c  2   conf .1 .7 .2
 *
 * x missing: 2 and 3 are UNKNOWN, 6 is the first TRUE child: the candidates are 2, 3, 6.
 */
function abcTree(attrs: string, confidences = true): string {
  const sd = (a: number, b: number, c: number, conf: number[]): string =>
    [a, b, c].map((n, i) => `<ScoreDistribution value="${"abc"[i]}" recordCount="${n}"${confidences ? ` confidence="${conf[i]}"` : ""}/>`).join("");
  return doc(
    ABC_DICT,
    `<TreeModel modelName="t" functionName="classification" ${attrs}>
      <MiningSchema><MiningField name="K" usageType="target"/><MiningField name="x"/><MiningField name="y"/></MiningSchema>
      <Node id="1" score="a" recordCount="30"><True/>${sd(10, 10, 10, [0.3, 0.3, 0.4])}
        <Node id="2" score="a" recordCount="12"><SimplePredicate field="x" operator="lessThan" value="0"/>${sd(8, 3, 1, [0.6, 0.3, 0.1])}
          <Node id="4" score="a" recordCount="7"><SimplePredicate field="y" operator="lessThan" value="0"/>${sd(6, 1, 0, [0.8, 0.2, 0])}</Node>
          <Node id="5" score="b" recordCount="5"><SimplePredicate field="y" operator="lessThan" value="10"/>${sd(2, 2, 1, [0.4, 0.4, 0.2])}</Node>
        </Node>
        <Node id="3" score="c" recordCount="10"><SimplePredicate field="x" operator="lessThan" value="5"/>${sd(1, 2, 7, [0.1, 0.2, 0.7])}</Node>
        <Node id="6" score="b" recordCount="8"><True/>${sd(1, 6, 2, [0.1, 0.7, 0.2])}</Node>
      </Node>
    </TreeModel>`,
  );
}

/** The label and the three probabilities of a scored row. */
const probs = (r: Record<string, unknown>): unknown[] => [r.predicted, r.p_a, r.p_b, r.p_c];

test("TreeModel aggregateNodes: the record counts of every leaf reached, summed per class", () => {
  const t = read(abcTree('missingValueStrategy="aggregateNodes"', false));
  // x, y missing: candidates 2, 3, 6; under 2, 4 and 5 are UNKNOWN: leaves 4, 5, 3, 6:
  // a 6+2+1+1 = 10, b 1+2+2+6 = 11, c 0+1+7+2 = 10, total 31.
  assert.deepEqual(probs(t.score({})), ["b", 10 / 31, 11 / 31, 10 / 31]);
  // x missing, y = 1: under 2 only 5 (TRUE, no UNKNOWN before it): leaves 5, 3, 6: a 4, b 10, c 10 (tie: the first class, b).
  assert.deepEqual(probs(t.score({ y: 1 })), ["b", 4 / 24, 10 / 24, 10 / 24]);
  // x missing, y = 20: 2 has no TRUE and no UNKNOWN child: returnNullPrediction, nothing from 2; leaves 3, 6: a 2, b 8, c 9.
  assert.deepEqual(probs(t.score({ y: 20 })), ["c", 2 / 19, 8 / 19, 9 / 19]);
  // x = -1: 2 is TRUE (an ordinary step); y missing there: leaves 4, 5: a 8, b 3, c 1.
  assert.deepEqual(probs(t.score({ x: -1 })), ["a", 8 / 12, 3 / 12, 1 / 12]);
  // x = 3, y missing: 2 FALSE, 3 TRUE before any UNKNOWN: the ordinary walk to leaf 3 (its own score and distribution).
  assert.deepEqual(probs(t.score({ x: 3 })), ["c", 0.1, 0.2, 0.7]);
  // x = -1, y = 20: the ordinary walk ends without a true child: no prediction.
  assert.deepEqual(probs(t.score({ x: -1, y: 20 })), [null, null, null, null]);

  // returnLastPrediction: node 2 itself is a leaf reached when none of its children is a candidate.
  const last = read(abcTree('missingValueStrategy="aggregateNodes" noTrueChildStrategy="returnLastPrediction"', false));
  // x missing, y = 20: node 2 (8, 3, 1) + 3 + 6: a 10, b 11, c 10.
  assert.deepEqual(probs(last.score({ y: 20 })), ["b", 10 / 31, 11 / 31, 10 / 31]);
  assert.deepEqual(probs(last.score({ x: -1, y: 20 })), ["a", 8 / 12, 3 / 12, 1 / 12]);

  // The confidences of an aggregated row are its probabilities; missingValuePenalty is not applied;
  // entityId is missing where leaves are aggregated.
  const c = read(abcTree('missingValueStrategy="aggregateNodes" missingValuePenalty="0.5"').replace("</MiningSchema>", '</MiningSchema><Output><OutputField name="node" feature="entityId"/></Output>'));
  const r = c.score({ x: -1 });
  assert.deepEqual([r.confidence_a, r.confidence_b, r.confidence_c, r.entityId], [8 / 12, 3 / 12, 1 / 12, null]);
  const o = c.score({ x: 3 });
  assert.deepEqual([o.predicted, o.confidence_c, o.entityId], ["c", 0.7, "3"]);
});

test("TreeModel weightedConfidence: the candidates' confidences weighted by their share of the records, recursively", () => {
  const t = read(abcTree('missingValueStrategy="weightedConfidence" missingValuePenalty="0.5"'));
  const near = (a: unknown, b: number): void => assert.ok(Math.abs((a as number) - b) < 1e-12, `${String(a)} is not ${b}`);
  // x = -1, y missing: under 2 (12 records), 4 (7) and 5 (5) are UNKNOWN:
  //   confidences a 7/12·0.8 + 5/12·0.4 = 7.6/12, b 7/12·0.2 + 5/12·0.4 = 3.4/12, c 5/12·0.2 = 1/12 → a;
  //   probabilities a 7/12·6/7 + 5/12·0.4 = 8/12, b 7/12·1/7 + 5/12·0.4 = 3/12, c 5/12·0.2 = 1/12.
  let r = t.score({ x: -1 });
  assert.equal(r.predicted, "a");
  near(r.confidence_a, 7.6 / 12);
  near(r.confidence_b, 3.4 / 12);
  near(r.confidence_c, 1 / 12);
  near(r.p_a, 8 / 12);
  near(r.p_b, 3 / 12);
  near(r.p_c, 1 / 12);
  // x, y missing: two levels of UNKNOWN. Weights: 4: 12/30·7/12 = 7/30, 5: 12/30·5/12 = 5/30, 3: 10/30, 6: 8/30:
  //   confidences a (7·0.8 + 5·0.4 + 10·0.1 + 8·0.1)/30 = 9.4/30, b (7·0.2 + 5·0.4 + 10·0.2 + 8·0.7)/30 = 11/30,
  //   c (5·0.2 + 10·0.7 + 8·0.2)/30 = 9.6/30 → b;
  //   probabilities a (6 + 2 + 1 + 8/9)/30, b (1 + 2 + 2 + 48/9)/30, c (1 + 7 + 16/9)/30.
  r = t.score({});
  assert.equal(r.predicted, "b");
  near(r.confidence_a, 9.4 / 30);
  near(r.confidence_b, 11 / 30);
  near(r.confidence_c, 9.6 / 30);
  near(r.p_a, (9 + 8 / 9) / 30);
  near(r.p_b, (5 + 48 / 9) / 30);
  near(r.p_c, (8 + 16 / 9) / 30);
  // No UNKNOWN candidate: the ordinary walk (leaf 5), without missingValuePenalty.
  r = t.score({ x: -1, y: 1 });
  assert.deepEqual([r.predicted, r.p_a, r.confidence_a], ["b", 0.4, 0.4]);
  // Without ScoreDistribution@confidence the probabilities are weighted: x = -1, y missing gives a 8/12, b 3/12, c 1/12 → a.
  const p = read(abcTree('missingValueStrategy="weightedConfidence"', false));
  r = p.score({ x: -1 });
  assert.equal(r.predicted, "a");
  near(r.p_b, 3 / 12);
});

test("TreeModel aggregateNodes / weightedConfidence: what is refused", () => {
  const fails = (xml: string, message: string): void => {
    assert.throws(() => read(xml), (e: Error) => e.message === `test.pmml: TreeModel 't': ${message}`);
  };
  const regression = doc(
    `<DataField name="v" optype="continuous" dataType="double"/><DataField name="x" optype="continuous" dataType="double"/>`,
    `<TreeModel modelName="t" functionName="regression" missingValueStrategy="STRATEGY">
      <MiningSchema><MiningField name="v" usageType="target"/><MiningField name="x"/></MiningSchema>
      <Node score="1" recordCount="2"><True/><Node score="2" recordCount="1"><SimplePredicate field="x" operator="lessThan" value="0"/></Node></Node>
    </TreeModel>`,
  );
  for (const s of ["aggregateNodes", "weightedConfidence"]) fails(regression.replace("STRATEGY", s), `missingValueStrategy="${s}" is supported for classification trees only`);
  // weightedConfidence without Node@recordCount on a child (node 5).
  assert.throws(() => read(abcTree('missingValueStrategy="weightedConfidence"').replace('<Node id="5" score="b" recordCount="5">', '<Node id="5" score="b">')), /weightedConfidence" needs recordCount on every Node with children/);
  // aggregateNodes with a ScoreDistribution without recordCount, and with a scored Node without ScoreDistribution.
  assert.throws(() => read(abcTree('missingValueStrategy="aggregateNodes"', false).replace('<ScoreDistribution value="a" recordCount="6"/>', '<ScoreDistribution value="a" probability="0.9"/>')), /aggregateNodes" needs a valid recordCount/);
  assert.throws(() => read(abcTree('missingValueStrategy="aggregateNodes"', false).replace(/(<Node id="6"[^>]*><True\/>)<ScoreDistribution[^]*?(<\/Node>)/, "$1$2")), /aggregateNodes" needs a ScoreDistribution with recordCount on every scored Node/);
});

test("TreeModel regression: multi-way splits, set predicates, xor, isMissing, noTrueChildStrategy", () => {
  const xml = doc(
    `<DataField name="y" optype="continuous" dataType="double"/>
     <DataField name="color" optype="categorical" dataType="string"/>
     <DataField name="n" optype="continuous" dataType="integer"/>
     <DataField name="b" optype="categorical" dataType="boolean"/>`,
    `<TreeModel functionName="regression" splitCharacteristic="multiSplit" noTrueChildStrategy="returnLastPrediction">
      <MiningSchema><MiningField name="y" usageType="target"/><MiningField name="color"/><MiningField name="n"/><MiningField name="b"/></MiningSchema>
      <Node score="0">
        <True/>
        <Node score="1"><SimpleSetPredicate field="color" booleanOperator="isIn"><Array type="string" n="2">red "dark blue"</Array></SimpleSetPredicate></Node>
        <Node score="2"><SimplePredicate field="color" operator="equal" value="green"/>
          <Node score="21"><CompoundPredicate booleanOperator="xor"><SimplePredicate field="n" operator="greaterThan" value="2.5"/><SimplePredicate field="b" operator="equal" value="true"/></CompoundPredicate></Node>
          <Node score="22"><SimplePredicate field="n" operator="isMissing"/></Node>
        </Node>
        <Node score="3"><SimpleSetPredicate field="n" booleanOperator="isNotIn"><Array type="int">1 2 3</Array></SimpleSetPredicate></Node>
        <Node score="4"><False/></Node>
      </Node>
    </TreeModel>`,
  );
  const t = read(xml);
  assert.equal(t.result.functionName, "regression");
  assert.equal(t.score({ color: "dark blue" }).predicted, 1);
  assert.equal(t.score({ color: "green", n: 3, b: false }).predicted, 21);
  assert.equal(t.score({ color: "green", n: 3, b: true }).predicted, 2); // xor false, n not missing: last prediction
  assert.equal(t.score({ color: "green", b: true }).predicted, 22); // xor UNKNOWN (none: false), then isMissing
  assert.equal(t.score({ color: "blue", n: 7 }).predicted, 3);
  assert.equal(t.score({ color: "blue", n: 2 }).predicted, 0);
  assert.equal(t.score({ n: 2 }).predicted, 0);
});

test("TreeModel: x-mathContext float gives float32 scores; float fields compare with float32 thresholds", () => {
  const xml = doc(
    `<DataField name="y" optype="continuous" dataType="float"/><DataField name="x" optype="continuous" dataType="float"/>`,
    `<TreeModel functionName="regression" x-mathContext="float" noTrueChildStrategy="returnLastPrediction">
      <MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/></MiningSchema>
      <Node score="0.1"><True/>
        <Node score="0.3"><SimplePredicate field="x" operator="lessOrEqual" value="0.7"/></Node>
      </Node>
    </TreeModel>`,
  );
  const t = read(xml);
  // 0.7 as a float is 0.699999988079071: the float32 input 0.7 is equal to it, hence lessOrEqual.
  assert.equal(t.score({ x: Math.fround(0.7) }).predicted, Math.fround(0.3));
  assert.equal(t.score({ x: Math.fround(0.70001) }).predicted, Math.fround(0.1));
});

test("TreeModel: entityId, from Node@id or the node's position", () => {
  const xml = irisTree('missingValueStrategy="none"').replace("</MiningSchema>", '</MiningSchema><Output><OutputField name="node" feature="entityId"/></Output>').replace('<Node id="7" ', "<Node ");
  const t = read(xml);
  assert.equal(t.score({ pl: 1, pw: 0.1 }).entityId, "2");
  assert.equal(t.score({ pl: 5, pw: 1 }).entityId, "6");
  assert.equal(t.score({ pl: 5, pw: 2 }).entityId, "5"); // no id: the fifth node in document order
});

test("TreeModel classification: probabilities given as such, integer targets, nodes without ScoreDistribution", () => {
  const xml = doc(
    `<DataField name="c" optype="categorical" dataType="integer"><Value value="0"/><Value value="1"/></DataField><DataField name="x" optype="continuous" dataType="double"/>`,
    `<TreeModel functionName="classification">
      <MiningSchema><MiningField name="c" usageType="target"/><MiningField name="x"/></MiningSchema>
      <Node score="0"><True/>
        <Node score="1"><SimplePredicate field="x" operator="greaterThan" value="0"/>
          <ScoreDistribution value="1" recordCount="3" probability="0.7"/><ScoreDistribution value="0" recordCount="1" probability="0.2"/></Node>
        <Node score="0"><True/><ScoreDistribution value="0" recordCount="5" probability="1"/></Node>
      </Node>
    </TreeModel>`,
  );
  const t = read(xml);
  // The probabilities are divided by their sum (0.7 + 0.2, in document order) as they do not sum to 1.
  const r = t.score({ x: 1 });
  assert.equal(r.predicted, 1);
  assert.equal(r.p_1, 0.7 / (0.7 + 0.2));
  assert.equal(r.p_0, 0.2 / (0.7 + 0.2));
  assert.deepEqual(t.score({ x: -1 }), { predicted: 0, p_0: 1, p_1: 0 });
  // Without distributions there are no probabilities, only the labels.
  const plain = read(xml.replace(/<ScoreDistribution[^>]*\/>/g, ""));
  assert.equal(plain.result.probabilities, undefined);
  assert.deepEqual(plain.score({ x: 1 }), { predicted: 1 });
});

test("TreeModel: a tree that is only its root (it reads no field)", () => {
  const xml = doc(
    `<DataField name="y" optype="continuous" dataType="double"/><DataField name="x" optype="continuous" dataType="double"/>`,
    `<TreeModel functionName="regression"><MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/></MiningSchema><Node score="1.5"><True/></Node></TreeModel>`,
  );
  assert.equal(read(xml).score({}).predicted, 1.5);
});
