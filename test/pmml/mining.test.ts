/**
 * The MiningModel reader, on small PMML documents written for these tests, through a small ModelScope
 * of the test's own: DataDictionary fields are nullable inputs, a nested model reads its fields from
 * its parent and makes its Output fields (predictedValue) visible to the segments after it. Each
 * document is read to an IR pipeline, scored by the reference evaluator and by the PFA engine running
 * the written PFA, and the values are checked by hand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileEvaluator } from "../../src/ir/evaluate.js";
import type { Expr } from "../../src/ir/ops/expr.js";
import type { Pipeline } from "../../src/ir/pipeline.js";
import { BOOLEAN, DOUBLE, FLOAT, INT, STRING, nullable, type IRType } from "../../src/ir/types.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { writePfa } from "../../src/writer/write.js";
import { PipelineBuilder } from "../../converters/pmml/builder.js";
import { prune, readDocument } from "../../converters/pmml/document.js";
import { MODEL_READERS } from "../../converters/pmml/models/index.js";
import type { FieldInfo, ModelResult, ModelScope } from "../../converters/pmml/model.js";
import { readMiningModel } from "../../converters/pmml/models/mining.js";
import { readTreeModel } from "../../converters/pmml/models/tree.js";
import { child, children, parseXml, type XmlElement } from "../../converters/pmml/xml.js";

const IR_TYPES: Record<string, IRType> = { double: DOUBLE, float: FLOAT, integer: INT, string: STRING, boolean: BOOLEAN };
const OPS: Record<string, string> = { lessThan: "lessThan", lessOrEqual: "lessOrEqual", greaterThan: "greaterThan", greaterOrEqual: "greaterOrEqual", equal: "equal", notEqual: "notEqual" };

function targetOf(model: XmlElement, fields: Map<string, FieldInfo>): FieldInfo | null {
  const name = children(child(model, "MiningSchema")!, "MiningField").find((m) => m.attrs.usageType === "target" || m.attrs.usageType === "predicted")?.attrs.name;
  return name === undefined ? null : (fields.get(name) ?? { name, dataType: "double", optype: "continuous", values: [] });
}

/** A scope over `columns` (field name to column), reading nested models in child scopes on the same builder. */
function makeScope(builder: PipelineBuilder, fields: Map<string, FieldInfo>, columns: Map<string, string>, model: XmlElement): ModelScope {
  const scope: ModelScope = {
    builder,
    file: "test.pmml",
    column(field, where) {
      const c = columns.get(field);
      if (c !== undefined) return c;
      const info = fields.get(field);
      if (info === undefined) return builder.fail(where, `field "${field}" is not defined`);
      builder.addInput(field, nullable(IR_TYPES[info.dataType]!));
      columns.set(field, field);
      return field;
    },
    field: (name) => fields.get(name),
    typeOf: (c) => builder.typeOf(c),
    target: targetOf(model, fields),
    predicate(p) {
      if (p.name !== "SimplePredicate") throw new Error("the test scope reads SimplePredicates only");
      const col = scope.column(p.attrs.field!, p);
      const t = builder.typeOf(col);
      const isString = (t.kind === "nullable" ? t.inner : t).kind === "string";
      const value: Expr = isString ? { op: "const", type: "string", value: p.attrs.value! } : { op: "const", type: "double", value: Number(p.attrs.value) };
      return { expr: { op: "apply", fn: OPS[p.attrs.operator!]!, args: [{ op: "input", index: 0 }, value] }, inputs: [col] };
    },
    nested(inner) {
      // The segment sees its parent's fields, and (for the segments after it) gives its Output fields.
      const sub = makeScope(builder, fields, columns, inner);
      const r = inner.name === "TreeModel" ? readTreeModel(inner, sub) : inner.name === "MiningModel" ? readMiningModel(inner, sub) : builder.fail(inner, "not in the test scope");
      const output = child(inner, "Output");
      for (const o of output === undefined ? [] : children(output, "OutputField")) {
        const feature = o.attrs.feature ?? "predictedValue";
        if (feature === "predictedValue") columns.set(o.attrs.name!, r.predicted);
        else if (feature === "probability") columns.set(o.attrs.name!, r.probabilities!.get(o.attrs.value!)!);
      }
      return r;
    },
    fail: (where, construct) => builder.fail(where, construct),
  };
  return scope;
}

interface Read {
  result: ModelResult;
  pipeline: Pipeline;
  score(row: Record<string, unknown>): Record<string, unknown>;
}

function read(xml: string): Read {
  const doc = parseXml(xml);
  const model = child(doc, "MiningModel")!;
  const fields = new Map<string, FieldInfo>();
  for (const f of children(child(doc, "DataDictionary")!, "DataField")) {
    fields.set(f.attrs.name!, { name: f.attrs.name!, dataType: f.attrs.dataType!, optype: f.attrs.optype!, values: children(f, "Value").map((v) => v.attrs.value!) });
  }
  const builder = new PipelineBuilder("test.pmml");
  const scope = makeScope(builder, fields, new Map(), model);
  const result = readMiningModel(model, scope);
  const outputs = [{ column: result.predicted, name: "predicted" }];
  for (const [c, col] of result.probabilities ?? []) outputs.push({ column: col, name: `p_${c}` });
  // As the document reader does: the steps no output needs (a segment's own tree, once joined) go.
  const pipeline = prune(builder.build("t", outputs, {}));
  const evaluate = compileEvaluator(pipeline);
  const engine = PFAEngine.fromJson(writePfa(pipeline));
  return {
    result,
    pipeline,
    score(row) {
      const full = Object.fromEntries(pipeline.inputs.map((f) => [f.name, row[f.name] ?? null]));
      const ref = evaluate(full);
      const pfa = engine.action(full) as Record<string, unknown>;
      assert.deepEqual(pfa, ref, `PFA and the reference evaluator differ on ${JSON.stringify(row)}`);
      return ref;
    },
  };
}

const ensembles = (p: Pipeline): number => p.steps.filter((s) => s.op === "treeEnsemble").length;

function doc(dictionary: string, model: string): string {
  return `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><DataDictionary>${dictionary}</DataDictionary>${model}</PMML>`;
}

/** A regression stump: `low` when x < t, else `high`. */
function stump(t: number, low: number, high: number, extra = ""): string {
  return `<TreeModel functionName="regression" ${extra}><MiningSchema><MiningField name="x"/></MiningSchema>
    <Node score="${high}"><True/><Node score="${low}"><SimplePredicate field="x" operator="lessThan" value="${t}"/></Node>
    <Node score="${high}"><SimplePredicate field="x" operator="greaterOrEqual" value="${t}"/></Node></Node></TreeModel>`;
}

function regression(method: string, weights: number[], attrs = "", treeAttrs = ""): string {
  const trees = [stump(1, 1, 10, treeAttrs), stump(2, 2, 20, treeAttrs), stump(3, 4, 40, treeAttrs)];
  return doc(
    `<DataField name="y" optype="continuous" dataType="double"/><DataField name="x" optype="continuous" dataType="double"/>`,
    `<MiningModel functionName="regression" ${attrs}><MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/></MiningSchema>
      <Segmentation multipleModelMethod="${method}">${trees.map((t, i) => `<Segment weight="${weights[i]}"><True/>${t}</Segment>`).join("")}</Segmentation></MiningModel>`,
  );
}

test("MiningModel of regression trees: one treeEnsemble step for each numeric rule", () => {
  const w = [1, 2, 0.5];
  // x = 2.5: the trees give 10, 20, 4.
  const cases: [string, number][] = [
    ["sum", 10 + 20 + 4],
    ["x-weightedSum", 10 * 1 + 20 * 2 + 4 * 0.5],
    ["average", (10 + 20 + 4) / 3],
    ["weightedAverage", (10 * 1 + 20 * 2 + 4 * 0.5) / 3.5],
    ["median", 10],
    ["max", 20],
    // Sorted 4 (0.5), 10 (1), 20 (2): half of 3.5 is reached at 20.
    ["weightedMedian", 20],
  ];
  for (const [method, expected] of cases) {
    const r = read(regression(method, w));
    assert.equal(ensembles(r.pipeline), 1, method);
    assert.equal(r.score({ x: 2.5 }).predicted, expected, method);
  }
});

test("MiningModel: missingPredictionTreatment with trees that give no prediction", () => {
  // A missing x: every stump gives no prediction (no child is true, returnNullPrediction).
  assert.equal(read(regression("sum", [1, 1, 1])).score({}).predicted, null);
  const xml = regression("sum", [1, 1, 1], "").replace("<Segmentation ", '<Segmentation missingPredictionTreatment="skipSegment" ');
  assert.equal(read(xml).score({ x: 2.5 }).predicted, 34);
  assert.equal(read(xml).score({}).predicted, null); // no tree left
});

test("MiningModel: x-mathContext float sums leaves in float32", () => {
  const xml = regression("sum", [1, 1, 1], 'x-mathContext="float"', 'x-mathContext="float"').replaceAll('score="10"', 'score="0.1"').replaceAll('score="20"', 'score="0.2"');
  const r = read(xml);
  assert.equal(ensembles(r.pipeline), 1);
  const f = Math.fround;
  // The first two stumps give 0.1 and 0.2 at x = 2.5 (their high leaves: the replacements hit both).
  assert.equal(r.score({ x: 2.5 }).predicted, f(f(f(0.1) + f(0.2)) + f(4)));
});

/** A classification stump voting `low` when x < t, else `high`, with record counts. */
function classStump(t: number, low: string, high: string, counts: string): string {
  const sd = (cs: number[]): string => ["a", "b", "c"].map((c, i) => `<ScoreDistribution value="${c}" recordCount="${cs[i]}"/>`).join("");
  const [l, h] = counts.split("|").map((x) => x.split(",").map(Number)) as [number[], number[]];
  return `<TreeModel functionName="classification"><MiningSchema><MiningField name="x"/></MiningSchema>
    <Node score="${high}"><True/><Node score="${low}"><SimplePredicate field="x" operator="lessThan" value="${t}"/>${sd(l)}</Node>
    <Node score="${high}"><True/>${sd(h)}</Node></Node></TreeModel>`;
}

function classification(method: string, trees: string[], attrs = ""): string {
  return doc(
    `<DataField name="y" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/><Value value="c"/></DataField><DataField name="x" optype="continuous" dataType="double"/>`,
    `<MiningModel functionName="classification"><MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/></MiningSchema>
      <Segmentation multipleModelMethod="${method}" ${attrs}>${trees.map((t) => `<Segment><True/>${t}</Segment>`).join("")}</Segmentation></MiningModel>`,
  );
}

test("MiningModel of classification trees: majorityVote (ties to the first voted), average of probabilities", () => {
  const trees = [classStump(1, "a", "c", "3,1,0|0,1,3"), classStump(2, "b", "c", "0,4,0|1,0,3"), classStump(3, "b", "a", "1,3,0|2,1,1"), classStump(4, "a", "b", "1,0,0|0,1,0")];
  const vote = read(classification("majorityVote", trees));
  assert.equal(ensembles(vote.pipeline), 1);
  // x = 2.5: c, c, b, a: c wins.
  assert.deepEqual(vote.score({ x: 2.5 }), { predicted: "c", p_a: 0.25, p_b: 0.25, p_c: 0.5 });
  // x = 3.5: c, c, a, a: a tie, c was voted for first.
  assert.deepEqual(vote.score({ x: 3.5 }), { predicted: "c", p_a: 0.5, p_b: 0, p_c: 0.5 });
  // x = 0: a, b, b, a: a tie, a first.
  assert.equal(vote.score({ x: 0 }).predicted, "a");
  const avg = read(classification("average", trees.slice(0, 3)));
  assert.equal(ensembles(avg.pipeline), 1);
  // x = 2.5: [0, .25, .75], [.25, 0, .75], [.25, .75, 0].
  const r = avg.score({ x: 2.5 });
  assert.equal(r.predicted, "c");
  assert.equal(r.p_a, (0 + 0.25 + 0.25) / 3);
  assert.equal(r.p_c, (0.75 + 0.75 + 0) / 3);
});

test("MiningModel: majorityVote with missingPredictionTreatment continue counts missing as a vote", () => {
  // The third tree gives no prediction when z is missing; two trees always vote.
  const maybe = `<TreeModel functionName="classification"><MiningSchema><MiningField name="z"/></MiningSchema>
    <Node><True/><Node score="b"><SimplePredicate field="z" operator="greaterThan" value="0"/></Node><Node score="a"><SimplePredicate field="z" operator="lessOrEqual" value="0"/></Node></Node></TreeModel>`;
  const trees = [classStump(1, "a", "c", "1,0,0|0,0,1"), classStump(2, "b", "c", "0,1,0|0,0,1"), maybe, maybe];
  const xml = classification("majorityVote", trees).replace('<DataField name="x"', '<DataField name="z" optype="continuous" dataType="double"/><DataField name="x"');
  const r = read(xml);
  // x = 0: a, b and two missing votes: "missing" wins: no prediction.
  assert.deepEqual(r.score({ x: 0 }), { predicted: null, p_a: null, p_b: null, p_c: null });
  // x = 5: c, c and two missing: a tie is not a win for "missing": c, with the votes of the others.
  assert.deepEqual(r.score({ x: 5 }), { predicted: "c", p_a: 0, p_b: 0, p_c: 1 });
  assert.deepEqual(r.score({ x: 5, z: 1 }), { predicted: "c", p_a: 0, p_b: 0.5, p_c: 0.5 }); // c, c, b, b: c first
  // returnMissing: any missing vote makes the result missing.
  const rm = read(xml.replace('<Segmentation multipleModelMethod="majorityVote" ', '<Segmentation multipleModelMethod="majorityVote" missingPredictionTreatment="returnMissing" '));
  assert.equal(rm.score({ x: 5 }).predicted, null);
});

test("MiningModel selectFirst: the first segment whose predicate holds", () => {
  const xml = doc(
    `<DataField name="y" optype="continuous" dataType="double"/><DataField name="x" optype="continuous" dataType="double"/><DataField name="g" optype="categorical" dataType="string"/>`,
    `<MiningModel functionName="regression"><MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/><MiningField name="g"/></MiningSchema>
      <Segmentation multipleModelMethod="selectFirst">
        <Segment><SimplePredicate field="g" operator="equal" value="m"/>${stump(1, 1, 10)}</Segment>
        <Segment><SimplePredicate field="x" operator="greaterThan" value="5"/>${stump(2, 2, 20)}</Segment>
      </Segmentation></MiningModel>`,
  );
  const r = read(xml);
  assert.equal(r.score({ g: "m", x: 7 }).predicted, 10);
  assert.equal(r.score({ g: "f", x: 7 }).predicted, 20);
  assert.equal(r.score({ x: 7 }).predicted, 20); // g missing: UNKNOWN, not selected
  assert.equal(r.score({ g: "f", x: 1 }).predicted, null);
});

test("MiningModel modelChain: a segment's output field is an input of the next; nested MiningModels", () => {
  const xml = doc(
    `<DataField name="y" optype="continuous" dataType="double"/><DataField name="x" optype="continuous" dataType="double"/>`,
    `<MiningModel functionName="regression"><MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/></MiningSchema>
      <Segmentation multipleModelMethod="modelChain">
        <Segment><True/><MiningModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema>
          <Output><OutputField name="s" optype="continuous" dataType="double" feature="predictedValue"/></Output>
          <Segmentation multipleModelMethod="sum"><Segment><True/>${stump(1, 1, 10)}</Segment><Segment><True/>${stump(2, 2, 20)}</Segment></Segmentation></MiningModel></Segment>
        <Segment><True/><TreeModel functionName="regression" noTrueChildStrategy="returnLastPrediction"><MiningSchema><MiningField name="s"/></MiningSchema>
          <Node score="0"><True/><Node score="100"><SimplePredicate field="s" operator="greaterThan" value="15"/></Node></Node></TreeModel></Segment>
      </Segmentation></MiningModel>`,
  );
  const r = read(xml);
  assert.equal(r.score({ x: 0 }).predicted, 0); // s = 3
  assert.equal(r.score({ x: 1.5 }).predicted, 0); // s = 12, no true child
  assert.equal(r.score({ x: 5 }).predicted, 100); // s = 30
});

test("MiningModel: refusals name the element and the construct", () => {
  assert.throws(() => read(regression("selectAll", [1, 1, 1])), /test\.pmml: Segmentation: multipleModelMethod="selectAll" is not supported/);
  assert.throws(() => read(classification("max", [classStump(1, "a", "c", "1,0,0|0,0,1")])), /multipleModelMethod="max" of a classification is not supported/);
  assert.throws(() => read(regression("sum", [1, 1, 1]).replace("<Segmentation ", "<Segmentation missingPredictionTreatment=\"sometimes\" ")), /missingPredictionTreatment="sometimes" is not supported/);
});

/** The same segmentation with an Output in every tree segment: the trees cannot join, expr steps combine them. */
function withOutputs(xml: string): string {
  let n = 0;
  return xml.replace(/<TreeModel([^>]*)><MiningSchema>(.*?)<\/MiningSchema>/gs, (_m, attrs: string, schema: string) => `<TreeModel${attrs}><MiningSchema>${schema}</MiningSchema><Output><OutputField name="out${++n}" feature="predictedValue"/></Output>`);
}

test("MiningModel: combining the segments' columns agrees with the joined trees", () => {
  const w = [1, 2, 0.5];
  const xs = [null, 0, 1, 1.5, 2, 2.5, 3, 3.5];
  for (const method of ["sum", "x-weightedSum", "average", "weightedAverage", "median", "max"]) {
    for (const treatment of ["", 'missingPredictionTreatment="skipSegment"', 'missingPredictionTreatment="returnMissing"']) {
      const xml = regression(method, w).replace("<Segmentation ", `<Segmentation ${treatment} `);
      const joined = read(xml);
      const split = read(withOutputs(xml));
      assert.equal(ensembles(joined.pipeline), 1);
      assert.equal(ensembles(split.pipeline), 3, method);
      for (const x of xs) assert.deepEqual(split.score({ x }), joined.score({ x }), `${method} ${treatment} x=${x}`);
    }
  }
  const maybe = `<TreeModel functionName="classification"><MiningSchema><MiningField name="z"/></MiningSchema>
    <Node><True/><Node score="b"><SimplePredicate field="z" operator="greaterThan" value="0"/></Node><Node score="a"><SimplePredicate field="z" operator="lessOrEqual" value="0"/></Node></Node></TreeModel>`;
  const trees = [classStump(1, "a", "c", "3,1,0|0,1,3"), classStump(2, "b", "c", "0,4,0|1,0,3"), maybe, classStump(3, "b", "a", "1,3,0|2,1,1"), maybe];
  for (const method of ["majorityVote", "weightedMajorityVote"]) {
    for (const treatment of ["", 'missingPredictionTreatment="skipSegment" missingThreshold="0.3"', 'missingPredictionTreatment="returnMissing"']) {
      let i = 0;
      const xml = classification(method, trees, treatment)
        .replace('<DataField name="x"', '<DataField name="z" optype="continuous" dataType="double"/><DataField name="x"')
        .replace(/<Segment>/g, () => `<Segment weight="${[1, 2, 0.5, 1, 1.5][i++]}">`);
      const joined = read(xml);
      const split = read(withOutputs(xml));
      assert.equal(ensembles(joined.pipeline), 1);
      for (const x of xs) for (const z of [null, -1, 1]) assert.deepEqual(split.score({ x, z }), joined.score({ x, z }), `${method} ${treatment} x=${x} z=${z}`);
    }
  }
  const withProbabilities = trees.filter((t) => t !== maybe);
  for (const method of ["average", "weightedAverage"]) {
    let i = 0;
    const xml = classification(method, withProbabilities).replace(/<Segment>/g, () => `<Segment weight="${[1, 2, 0.5][i++]}">`);
    const joined = read(xml);
    const split = read(withOutputs(xml));
    assert.equal(ensembles(joined.pipeline), 1);
    for (const x of xs) assert.deepEqual(split.score({ x }), joined.score({ x }), `${method} x=${x}`);
  }
});

/** A classification tree on `field`: "a" (P(a) = pa) when field < t, else "b" (P(a) = pb); its Output gives P(a). */
function probabilityTree(field: string, t: number, pa: number, pb: number): string {
  const dist = (p: number) => `<ScoreDistribution value="a" recordCount="${p * 100}"/><ScoreDistribution value="b" recordCount="${100 - p * 100}"/>`;
  return `<TreeModel functionName="classification"><MiningSchema><MiningField name="y" usageType="target"/><MiningField name="${field}"/></MiningSchema>
    <Output><OutputField name="probability(a)" optype="continuous" dataType="double" feature="probability" value="a"/></Output>
    <Node><True/><Node score="a"><SimplePredicate field="${field}" operator="lessThan" value="${t}"/>${dist(pa)}</Node>
    <Node score="b"><SimplePredicate field="${field}" operator="greaterOrEqual" value="${t}"/>${dist(pb)}</Node></Node></TreeModel>`;
}

test("MiningModel: the OutputFields of a modelChain's last segment and of a selectFirst's selected segment are outputs of the pipeline", () => {
  const dictionary = `<DataField name="y" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField><DataField name="x" optype="continuous" dataType="double"/>`;
  const schema = `<MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/></MiningSchema>`;
  const score = (xml: string) => {
    const pipeline = readDocument(parseXml(xml), "test.pmml", MODEL_READERS, "test");
    const evaluate = compileEvaluator(pipeline);
    const engine = PFAEngine.fromJson(writePfa(pipeline));
    return {
      pipeline,
      /** The outputs for x (the PFA engine's record names "probability(a)" as "probability_a_"). */
      score(x: number) {
        const ref = evaluate({ x }) as Record<string, unknown>;
        const pfa = engine.action({ x }) as Record<string, unknown>;
        assert.deepEqual({ y: pfa.y, "probability(a)": pfa.probability_a_ }, ref);
        return ref;
      },
    };
  };
  // The first segment gives s (1 or 10, not a result of the whole model); the last reads it.
  const first = stump(1, 1, 10).replace("</MiningSchema>", `</MiningSchema><Output><OutputField name="s" optype="continuous" dataType="double" feature="predictedValue" isFinalResult="false"/></Output>`);
  const chain = score(
    doc(dictionary, `<MiningModel functionName="classification">${schema}<Segmentation multipleModelMethod="modelChain">
      <Segment><True/>${first}</Segment>
      <Segment><True/>${probabilityTree("s", 5, 0.75, 0.25)}</Segment></Segmentation></MiningModel>`),
  );
  assert.deepEqual([...chain.pipeline.outputs].sort(), ["probability(a)", "y"]);
  assert.deepEqual(chain.score(0), { y: "a", "probability(a)": 0.75 });
  assert.deepEqual(chain.score(2), { y: "b", "probability(a)": 0.25 });
  // selectFirst: the field of the segment selected (the first whose predicate holds).
  const select = score(
    doc(dictionary, `<MiningModel functionName="classification">${schema}<Segmentation multipleModelMethod="selectFirst">
      <Segment><SimplePredicate field="x" operator="lessThan" value="10"/>${probabilityTree("x", 1, 0.75, 0.25)}</Segment>
      <Segment><True/>${probabilityTree("x", 20, 0.5, 0.125)}</Segment></Segmentation></MiningModel>`),
  );
  assert.deepEqual([...select.pipeline.outputs].sort(), ["probability(a)", "y"]);
  assert.deepEqual(select.score(0), { y: "a", "probability(a)": 0.75 });
  assert.deepEqual(select.score(5), { y: "b", "probability(a)": 0.25 });
  assert.deepEqual(select.score(15), { y: "a", "probability(a)": 0.5 });
  assert.deepEqual(select.score(25), { y: "b", "probability(a)": 0.125 });
});

test("MiningModel: a segment tree with missingValueStrategy aggregateNodes is read as a model of its own", () => {
  const sd = (cs: number[]): string => ["a", "b", "c"].map((c, i) => `<ScoreDistribution value="${c}" recordCount="${cs[i]}"/>`).join("");
  const mixing = `<TreeModel functionName="classification" missingValueStrategy="aggregateNodes"><MiningSchema><MiningField name="x"/></MiningSchema>
    <Node score="a"><True/>${sd([4, 2, 3])}
      <Node score="a"><SimplePredicate field="x" operator="lessThan" value="1"/>${sd([3, 1, 0])}</Node>
      <Node score="c"><SimplePredicate field="x" operator="greaterOrEqual" value="1"/>${sd([1, 1, 3])}</Node></Node></TreeModel>`;
  const m = read(classification("average", [mixing, classStump(2, "b", "c", "0,4,0|1,0,3")]));
  assert.equal(ensembles(m.pipeline), 2, "each tree its own step");
  const close = (r: Record<string, unknown>, expected: number[]) => expected.forEach((p, i) => assert.ok(Math.abs((r[`p_${"abc"[i]}`] as number) - p) < 1e-15, `p_${"abc"[i]}`));
  // x missing: the first tree sums both leaves' counts (4, 2, 3) -> 4/9, 2/9, 3/9; the second takes its
  // True child (1, 0, 3) -> 1/4, 0, 3/4; the average favours c.
  const missing = m.score({ x: null });
  assert.equal(missing.predicted, "c");
  close(missing, [(4 / 9 + 0.25) / 2, 2 / 9 / 2, (3 / 9 + 0.75) / 2]);
  // x = 0: the ordinary walk, (3/4, 1/4, 0) and (0, 1, 0).
  const zero = m.score({ x: 0 });
  assert.equal(zero.predicted, "b");
  close(zero, [0.375, 0.625, 0]);
});
