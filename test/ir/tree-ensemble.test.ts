/**
 * treeEnsemble: the property test (random trees up to depth 4, every flavor) and hand-checked cases
 * for each format's variant, scored by the reference evaluator and by the engine running the PFA.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { treeEnsemble, type TreeEnsembleParams } from "../../src/ir/ops/tree-ensemble.js";
import type { BinaryNode, PmmlNode, PmmlTree } from "../../src/ir/ops/tree-types.js";
import { DOUBLE, STRING, nullable, vector, type IRType } from "../../src/ir/types.js";
import { checkComputedOnce } from "./model-ops-harness.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = treeEnsemble as OpDef<unknown>;

function cases(params: TreeEnsembleParams, inputs: IRType[], rows: { inputs: unknown[]; expected: unknown[] | typeof REFUSED }[], rtol?: number): void {
  checkCases(op, params, inputs, rows, rtol === undefined ? {} : { rtol });
}

/** A stump on feature 0: `x <test> t` goes to `yes`, else `no`. */
function stump(test: "<=" | "<" | ">=" | ">" | "==" | "!=", t: number, yes: number[], no: number[], missing?: "compare" | "true" | "false"): { kind: "binary"; nodes: BinaryNode[] } {
  const split: BinaryNode = { feature: 0, test, threshold: t, ifTrue: 1, ifFalse: 2 };
  if (missing !== undefined) split.missing = missing;
  return { kind: "binary", nodes: [split, { leaf: { values: yes } }, { leaf: { values: no } }] };
}

test("treeEnsemble: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(op, 20261126, 400, 8);
});

test("treeEnsemble: property, a second seed", () => {
  checkOpProperty(op, 7, 300, 8);
});

test("ONNX regressor: BRANCH_LEQ 0.5, leaves 1 / 3, base 0.25, and NaN routing (measured against onnxruntime)", () => {
  const onnx = (test: "<=" | "!=" | ">", missing: "compare" | "true"): TreeEnsembleParams => ({
    trees: [stump(test, 0.5, [1], [3], missing)],
    width: 1,
    aggregation: "sum",
    base: [0.25],
    float32: { compare: true, arithmetic: true, output: true },
    outputs: ["value"],
  });
  cases(onnx("<=", "compare"), [vector(1)], [
    { inputs: [[0.5]], expected: [1.25] },
    { inputs: [[0.75]], expected: [3.25] },
    { inputs: [[NaN]], expected: [3.25] },
  ]);
  cases(onnx("<=", "true"), [vector(1)], [{ inputs: [[NaN]], expected: [1.25] }]);
  // NaN != t holds: BRANCH_NEQ sends NaN to the true branch even without missing_value_tracks_true.
  cases(onnx("!=", "compare"), [vector(1)], [{ inputs: [[NaN]], expected: [1.25] }]);
  cases(onnx(">", "compare"), [vector(1)], [{ inputs: [[NaN]], expected: [3.25] }]);
});

test("ONNX: thresholds compare in float32", () => {
  const t = Math.fround(0.1); // 0.10000000149011612
  const x = 0.1000000016; // above t as a double, t once rounded to float32
  const params = (f32: boolean): TreeEnsembleParams => ({ trees: [stump("<=", t, [1], [2])], width: 1, aggregation: "sum", float32: { compare: f32 }, outputs: ["value"] });
  cases(params(true), [vector(1)], [{ inputs: [[x]], expected: [1] }]);
  cases(params(false), [vector(1)], [{ inputs: [[x]], expected: [2] }]);
});

test("ONNX binary classifier: one weight per leaf, [1-s, s] and label s > 0.5; mixed weights: [σ(-s), σ(s)] and s > 0", () => {
  const positive: TreeEnsembleParams = {
    trees: [stump("<", 0, [0.25], [0.5]), stump("<", 1, [0.125], [0.375])],
    width: 1,
    aggregation: "sum",
    expand: "complement",
    float32: { compare: true, arithmetic: true, output: true },
    labels: { values: [0, 1], type: "long", rule: { kind: "threshold", of: "raw", slot: 1, threshold: 0.5 } },
    outputs: ["label", "scores"],
  };
  cases(positive, [vector(1)], [
    { inputs: [[2]], expected: [1, [0.125, 0.875]] },
    { inputs: [[0.5]], expected: [1, [0.375, 0.625]] },
    { inputs: [[-1]], expected: [0, [0.625, 0.375]] },
  ]);
  const mixed: TreeEnsembleParams = { ...positive, trees: [stump("<", 0, [-1], [1])], expand: "negate", transform: "onnxLogistic", labels: { values: ["no", "yes"], type: "string", rule: { kind: "threshold", of: "raw", slot: 1, threshold: 0 } } };
  const s1 = 1 / (1 + Math.exp(-1));
  cases(mixed, [vector(1)], [
    { inputs: [[3]], expected: ["yes", [1 - s1, s1]] },
    { inputs: [[-3]], expected: ["no", [s1, 1 - s1]] },
  ], 1e-6);
});

test("ONNX multi-class: argmax of the raw scores, first maximum wins; softmax in float32", () => {
  const params: TreeEnsembleParams = {
    trees: [stump("<=", 0, [1, 0, 1], [0, 2, 0])],
    width: 3,
    aggregation: "sum",
    transform: "onnxSoftmax",
    float32: { compare: true, arithmetic: true, output: true },
    labels: { values: ["a", "b", "c"], type: "string", rule: { kind: "argmax", of: "raw" } },
    outputs: ["label", "scores"],
  };
  const e = Math.E;
  cases(params, [vector(1)], [
    { inputs: [[-1]], expected: ["a", [e / (2 * e + 1), 1 / (2 * e + 1), e / (2 * e + 1)]] },
    { inputs: [[1]], expected: ["b", [1 / (e * e + 2), (e * e) / (e * e + 2), 1 / (e * e + 2)]] },
  ], 1e-6);
});

test("ONNX PROBIT: Winitzki's inverse normal approximation", () => {
  const params: TreeEnsembleParams = { trees: [stump("<=", 0, [0.8], [0.5])], width: 1, aggregation: "sum", transform: "onnxProbit", float32: { compare: true, arithmetic: true, output: true }, outputs: ["scores"] };
  // Φ⁻¹(0.8) = 0.8416212; the approximation is within 2e-3.
  cases(params, [vector(1)], [{ inputs: [[-1]], expected: [[0.8416212]] }], 2e-3);
  cases(params, [vector(1)], [{ inputs: [[1]], expected: [[0]] }], 1e-6);
});

test("ONNX aggregate functions: AVERAGE, MIN, MAX over three trees", () => {
  const trees = [stump("<=", 0, [1], [2]), stump("<=", 0, [4], [8]), stump("<=", 0, [-2], [5])];
  const p = (aggregation: "average" | "min" | "max"): TreeEnsembleParams => ({ trees, width: 1, aggregation, base: [1], outputs: ["value"] });
  cases(p("average"), [vector(1)], [{ inputs: [[0]], expected: [2] }, { inputs: [[1]], expected: [6] }]);
  cases(p("min"), [vector(1)], [{ inputs: [[0]], expected: [-1] }, { inputs: [[1]], expected: [3] }]);
  cases(p("max"), [vector(1)], [{ inputs: [[0]], expected: [5] }, { inputs: [[1]], expected: [9] }]);
});

test("Spark decision tree: a categorical split goes left when the category is in the left set", () => {
  const params: TreeEnsembleParams = {
    trees: [{ kind: "binary", nodes: [{ feature: 1, test: "in", set: [0, 2], ifTrue: 1, ifFalse: 2 }, { leaf: { values: [10] } }, { leaf: { values: [20] } }] }],
    width: 1,
    aggregation: "sum",
    outputs: ["value"],
  };
  cases(params, [vector(2)], [
    { inputs: [[5, 0]], expected: [10] },
    { inputs: [[5, 1]], expected: [20] },
    { inputs: [[5, 2]], expected: [10] },
    { inputs: [[5, NaN]], expected: [20] },
  ]);
});

test("Spark random forest classifier: normalized leaf counts summed, probability raw / Σraw, argmax raw", () => {
  const params: TreeEnsembleParams = {
    trees: [stump("<=", 0, [3, 1], [1, 3]), stump("<=", 5, [0, 2], [2, 0])],
    width: 2,
    normalizeLeaves: true,
    aggregation: "sum",
    transform: "normalize",
    labels: { values: [0, 1], type: "double", rule: { kind: "argmax", of: "raw" } },
    outputs: ["raw", "scores", "label"],
  };
  cases(params, [vector(1)], [
    { inputs: [[0]], expected: [[0.75, 1.25], [0.375, 0.625], 1] },
    { inputs: [[9]], expected: [[1.25, 0.75], [0.625, 0.375], 0] },
  ]);
});

test("Spark GBT classifier: m = Σ w·tree, raw [-m, m], p0 = 1/(1+e^(2m)), prediction m > 0", () => {
  const params: TreeEnsembleParams = {
    trees: [stump("<=", 0, [-1], [1]), stump("<=", 0, [-0.5], [0.5])],
    weights: [1, 0.1],
    width: 1,
    aggregation: "sum",
    expand: "negate",
    transform: "sparkGbt",
    labels: { values: [0, 1], type: "double", rule: { kind: "argmax", of: "raw" } },
    outputs: ["raw", "scores", "label"],
  };
  const m = 1 + 0.1 * 0.5;
  const p0 = 1 / (1 + Math.exp(2 * m));
  cases(params, [vector(1)], [
    { inputs: [[1]], expected: [[-m, m], [p0, 1 - p0], 1] },
    { inputs: [[-1]], expected: [[m, -m], [1 - p0, p0], 0] },
  ]);
});

// ---------------------------------------------------------------- PMML

function pmmlTree(strategy: PmmlTree["missingValueStrategy"], noTrue: PmmlTree["noTrueChildStrategy"] = "returnNullPrediction"): PmmlTree {
  const child = (op: "lessThan" | "greaterOrEqual", values: number[], label: number, confidences: number[]): PmmlNode => ({ predicate: { op, feature: 0, value: 5 }, leaf: { values, label, confidences } });
  return {
    kind: "pmml",
    root: { predicate: { op: "true" }, leaf: { values: [0.5, 0.5], label: 0, confidences: [0.5, 0.5] }, children: [child("lessThan", [0.9, 0.1], 0, [0.9, 0.1]), child("greaterOrEqual", [0.2, 0.8], 1, [0.2, 0.8])], defaultChild: 1 },
    missingValueStrategy: strategy,
    noTrueChildStrategy: noTrue,
    missingValuePenalty: 0.8,
  };
}

const pmmlParams = (tree: PmmlTree): TreeEnsembleParams => ({
  trees: [tree],
  width: 2,
  aggregation: "sum",
  labels: { values: ["A", "B"], type: "string", rule: { kind: "leaf" } },
  outputs: ["label", "scores", "confidence"],
});

test("PMML defaultChild: a missing value follows the default child, and the penalty scales the confidences", () => {
  cases(pmmlParams(pmmlTree("defaultChild")), [nullable(DOUBLE)], [
    { inputs: [3], expected: ["A", [0.9, 0.1], [0.9, 0.1]] },
    { inputs: [7], expected: ["B", [0.2, 0.8], [0.2, 0.8]] },
    { inputs: [null], expected: ["B", [0.2, 0.8], [0.2 * 0.8, 0.8 * 0.8]] },
  ]);
});

test("PMML missing value strategies: lastPrediction, nullPrediction, none with both noTrueChildStrategy values", () => {
  cases(pmmlParams(pmmlTree("lastPrediction")), [nullable(DOUBLE)], [{ inputs: [null], expected: ["A", [0.5, 0.5], [0.5, 0.5]] }, { inputs: [7], expected: ["B", [0.2, 0.8], [0.2, 0.8]] }]);
  cases(pmmlParams(pmmlTree("nullPrediction")), [nullable(DOUBLE)], [{ inputs: [null], expected: [null, null, null] }, { inputs: [3], expected: ["A", [0.9, 0.1], [0.9, 0.1]] }]);
  cases(pmmlParams(pmmlTree("none")), [nullable(DOUBLE)], [{ inputs: [null], expected: [null, null, null] }]);
  cases(pmmlParams(pmmlTree("none", "returnLastPrediction")), [nullable(DOUBLE)], [{ inputs: [null], expected: ["A", [0.5, 0.5], [0.5, 0.5]] }]);
  // NaN is a value, not a missing one: NaN < 5 and NaN >= 5 are both false, so no child is true.
  cases(pmmlParams(pmmlTree("nullPrediction", "returnLastPrediction")), [nullable(DOUBLE)], [{ inputs: [NaN], expected: ["A", [0.5, 0.5], [0.5, 0.5]] }]);
});

/** pmmlTree with class record counts on the leaves and Node recordCounts (root 10, children 6 and 4). */
function countedTree(strategy: PmmlTree["missingValueStrategy"]): PmmlTree {
  const t = pmmlTree(strategy);
  t.root.recordCount = 10;
  t.root.leaf!.recordCounts = [5, 5];
  const [a, b] = t.root.children!;
  a!.recordCount = 6;
  a!.leaf!.recordCounts = [9, 1];
  b!.recordCount = 4;
  b!.leaf!.recordCounts = [2, 8];
  return t;
}

test("PMML aggregateNodes and weightedConfidence: every UNKNOWN candidate's leaf, mixed", () => {
  // x missing: both children are UNKNOWN candidates. aggregateNodes: [9, 1] + [2, 8] = [11, 9] → A, 11/20, 9/20.
  cases(pmmlParams(countedTree("aggregateNodes")), [nullable(DOUBLE)], [
    { inputs: [null], expected: ["A", [11 / 20, 9 / 20], [11 / 20, 9 / 20]] },
    { inputs: [7], expected: ["B", [0.2, 0.8], [0.2, 0.8]] },
  ]);
  // weightedConfidence: 6/10 · [0.9, 0.1] + 4/10 · [0.2, 0.8] = [0.62, 0.38] → A (no penalty); the ordinary walk elsewhere (no penalty either).
  const w = [0.6 * 0.9 + 0.4 * 0.2, 0.6 * 0.1 + 0.4 * 0.8];
  cases(pmmlParams(countedTree("weightedConfidence")), [nullable(DOUBLE)], [
    { inputs: [null], expected: ["A", w, w] },
    { inputs: [3], expected: ["A", [0.9, 0.1], [0.9, 0.1]] },
  ]);
  const types = [nullable(DOUBLE)];
  assert.throws(() => treeEnsemble.outputTypes(pmmlParams(pmmlTree("aggregateNodes")), types), /aggregateNodes" needs recordCounts/);
  assert.throws(() => treeEnsemble.outputTypes(pmmlParams(pmmlTree("weightedConfidence")), types), /weightedConfidence" needs a positive recordCount/);
  const regression: TreeEnsembleParams = { trees: [countedTree("aggregateNodes")], width: 2, aggregation: "sum", outputs: ["raw"] };
  assert.throws(() => treeEnsemble.outputTypes(regression, types), /aggregateNodes" is supported for classification trees only/);
  const two: TreeEnsembleParams = { ...pmmlParams(countedTree("aggregateNodes")), trees: [countedTree("aggregateNodes"), countedTree("aggregateNodes")], labels: { values: ["A", "B"], type: "string", rule: { kind: "argmax", of: "raw" } }, outputs: ["label"] };
  assert.throws(() => treeEnsemble.outputTypes(two, types), /is supported for a single tree only/);
});

test("PMML multi-way split on a string with isIn, a surrogate predicate, and a compound and", () => {
  const leaf = (v: number): { values: number[] } => ({ values: [v] });
  const tree: PmmlTree = {
    kind: "pmml",
    root: {
      predicate: { op: "true" },
      children: [
        { predicate: { op: "isIn", feature: 1, values: ["a", "b"] }, leaf: leaf(1) },
        { predicate: { op: "surrogate", predicates: [{ op: "lessThan", feature: 0, value: 0 }, { op: "equal", feature: 1, value: "c" }, { op: "false" }] }, leaf: leaf(2) },
        { predicate: { op: "and", predicates: [{ op: "isNotMissing", feature: 0 }, { op: "greaterThan", feature: 0, value: 10 }] }, leaf: leaf(3) },
        { predicate: { op: "true" }, leaf: leaf(4) },
      ],
    },
    missingValueStrategy: "none",
    noTrueChildStrategy: "returnNullPrediction",
  };
  const params: TreeEnsembleParams = { trees: [tree], width: 1, aggregation: "sum", outputs: ["value"] };
  cases(params, [nullable(DOUBLE), nullable(STRING)], [
    { inputs: [null, "b"], expected: [1] },
    { inputs: [-1, "z"], expected: [2] },
    { inputs: [null, "c"], expected: [2] }, // the surrogate's second predicate decides
    { inputs: [null, "z"], expected: [4] }, // surrogate false; "and" unknown counts as false
    { inputs: [null, null], expected: [4] }, // isIn on a missing string is unknown
    { inputs: [20, "z"], expected: [3] },
    { inputs: [5, "z"], expected: [4] },
  ]);
});

test("PMML segmentation: majority vote, weighted vote and weighted median", () => {
  const voter = (label: number): PmmlTree => ({ kind: "pmml", root: { predicate: { op: "true" }, leaf: { values: [label === 0 ? 1 : 0, label === 1 ? 1 : 0], label } }, missingValueStrategy: "none", noTrueChildStrategy: "returnNullPrediction" });
  const votes: TreeEnsembleParams = {
    trees: [voter(0), voter(1), voter(1)],
    width: 2,
    aggregation: "vote",
    transform: "normalize",
    labels: { values: ["a", "b"], type: "string", rule: { kind: "argmax", of: "raw" } },
    outputs: ["label", "scores"],
  };
  cases(votes, [DOUBLE], [{ inputs: [0], expected: ["b", [1 / 3, 2 / 3]] }]);
  cases({ ...votes, weights: [3, 1, 1] }, [DOUBLE], [{ inputs: [0], expected: ["a", [0.6, 0.4]] }]);
  // A 2-2 tie: the first label, or (jpmml-evaluator) the label voted for first.
  const tie = { ...votes, trees: [voter(1), voter(0), voter(0), voter(1)] };
  cases(tie, [DOUBLE], [{ inputs: [0], expected: ["a", [0.5, 0.5]] }]);
  cases({ ...tie, labels: { ...votes.labels!, rule: { kind: "argmax", of: "raw", ties: "firstVote" } } }, [DOUBLE], [{ inputs: [0], expected: ["b", [0.5, 0.5]] }]);
  const value = (v: number): PmmlTree => ({ kind: "pmml", root: { predicate: { op: "true" }, leaf: { values: [v] } }, missingValueStrategy: "none", noTrueChildStrategy: "returnNullPrediction" });
  cases({ trees: [value(1), value(5), value(3)], weights: [1, 1, 3], width: 1, aggregation: "weightedMedian", outputs: ["value"] }, [DOUBLE], [{ inputs: [0], expected: [3] }]);
  cases({ trees: [value(1), value(5), value(3), value(4)], width: 1, aggregation: "median", outputs: ["value"] }, [DOUBLE], [{ inputs: [0], expected: [3.5] }]);
});

test("PMML segmentation: a tree without a prediction makes the result missing, or is skipped", () => {
  const maybe: PmmlTree = {
    kind: "pmml",
    root: { predicate: { op: "true" }, children: [{ predicate: { op: "lessThan", feature: 0, value: 0 }, leaf: { values: [10] } }] },
    missingValueStrategy: "none",
    noTrueChildStrategy: "returnNullPrediction",
  };
  const always: PmmlTree = { kind: "pmml", root: { predicate: { op: "true" }, leaf: { values: [2] } }, missingValueStrategy: "none", noTrueChildStrategy: "returnNullPrediction" };
  const params: TreeEnsembleParams = { trees: [maybe, always], width: 1, aggregation: "average", outputs: ["value"] };
  cases(params, [DOUBLE], [{ inputs: [-1], expected: [6] }, { inputs: [1], expected: [null] }]);
  cases({ ...params, missingTree: { treatment: "skip" } }, [DOUBLE], [{ inputs: [1], expected: [2] }]);
  cases({ ...params, missingTree: { treatment: "skip", threshold: 0.4 } }, [DOUBLE], [{ inputs: [1], expected: [null] }]);
});

test("XGBoost-style PMML in float32: x < t or missing, sums in float32", () => {
  const t = Math.fround(0.3);
  const tree = (yes: number, no: number): PmmlTree => ({
    kind: "pmml",
    root: {
      predicate: { op: "true" },
      children: [
        { predicate: { op: "or", predicates: [{ op: "isMissing", feature: 0 }, { op: "lessThan", feature: 0, value: t }] }, leaf: { values: [yes] } },
        { predicate: { op: "true" }, leaf: { values: [no] } },
      ],
    },
    missingValueStrategy: "none",
    noTrueChildStrategy: "returnLastPrediction",
  });
  const params: TreeEnsembleParams = { trees: [tree(0.1, 0.2), tree(0.7, 0.4)], width: 1, aggregation: "sum", float32: { compare: true, arithmetic: true }, outputs: ["value"] };
  const f = Math.fround;
  cases(params, [nullable(DOUBLE)], [
    { inputs: [null], expected: [f(f(0.1) + f(0.7))] },
    { inputs: [0.3], expected: [f(f(0.2) + f(0.4))] }, // 0.3 rounds to t in float32: not below it
    { inputs: [0.29999999], expected: [f(f(0.1) + f(0.7))] },
  ]);
});

test("checks: bad params are refused with a clear message", () => {
  const base: TreeEnsembleParams = { trees: [stump("<=", 0, [1], [2])], width: 1, aggregation: "sum", outputs: ["value"] };
  assert.throws(() => treeEnsemble.outputTypes({ ...base, width: 2 }, [vector(1)]), /leaf needs 2 numbers/);
  assert.throws(() => treeEnsemble.outputTypes(base, [STRING]), /binary splits compare numbers/);
  assert.throws(() => treeEnsemble.outputTypes({ ...base, outputs: ["label"] }, [vector(1)]), /needs labels/);
  assert.throws(() => treeEnsemble.outputTypes({ ...base, trees: [{ kind: "binary", nodes: [{ feature: 3, test: "<=", threshold: 0, ifTrue: 1, ifFalse: 1 }, { leaf: { values: [1] } }] }] }, [vector(1)]), /feature 3 is not an input feature/);
  assert.throws(() => treeEnsemble.outputTypes({ ...base, trees: [{ kind: "binary", nodes: [{ feature: 0, test: "<=", ifTrue: 1, ifFalse: 2 }, { leaf: { values: [1] } }, { leaf: { values: [2] } }] }] }, [vector(1)]), /numeric threshold/);
  assert.throws(() => treeEnsemble.outputTypes({ ...base, trees: [{ kind: "binary", nodes: [{ feature: 0, test: "<=", threshold: 0, ifTrue: 1, ifFalse: 1 }, { leaf: { values: [1] } }] }] }, [vector(1)]), /2 parents/);
  assert.throws(() => treeEnsemble.outputTypes({ ...base, trees: [stump("<=", 0, [Infinity], [2])] }, [vector(1)]), /leaf needs 1 numbers/);
  assert.deepEqual(treeEnsemble.outputTypes(base, [vector(1)]), [DOUBLE]);
});

test("LightGBM writes x <= Infinity: non-finite thresholds route as IEEE 754 says", () => {
  const params = (t: number, missing?: "compare" | "true"): TreeEnsembleParams => ({ trees: [stump("<=", t, [1], [2], missing)], width: 1, aggregation: "sum", outputs: ["value"] });
  cases(params(Infinity), [vector(1)], [{ inputs: [[1e308]], expected: [1] }, { inputs: [[Infinity]], expected: [1] }, { inputs: [[NaN]], expected: [2] }]);
  cases(params(-Infinity), [vector(1)], [{ inputs: [[-1e308]], expected: [2] }]);
  cases(params(NaN), [vector(1)], [{ inputs: [[0]], expected: [2] }, { inputs: [[NaN]], expected: [2] }]);
  cases(params(NaN, "true"), [vector(1)], [{ inputs: [[NaN]], expected: [1] }]);
});

test("a vector of unknown size: rows too short are refused", () => {
  const params: TreeEnsembleParams = { trees: [{ kind: "binary", nodes: [{ feature: 2, test: "<=", threshold: 0, ifTrue: 1, ifFalse: 2 }, { leaf: { values: [1] } }, { leaf: { values: [2] } }] }], width: 1, aggregation: "sum", outputs: ["value"] };
  cases(params, [vector(null)], [
    { inputs: [[0, 0, -1]], expected: [1] },
    { inputs: [[0, 0, 1, 9]], expected: [2] },
    { inputs: [[0, 0]], expected: REFUSED },
  ]);
});

test("several outputs read one walk of the trees per row", () => {
  const params: TreeEnsembleParams = {
    trees: [stump("<=", 0.5, [3, 1], [1, 3]), { kind: "binary", nodes: [{ feature: 1, test: "<=", threshold: 0, ifTrue: 1, ifFalse: 2 }, { leaf: { values: [2, 2] } }, { leaf: { values: [0, 4] } }] }],
    width: 2,
    aggregation: "sum",
    normalizeLeaves: true,
    transform: "normalize",
    labels: { values: ["no", "yes"], type: "string", rule: { kind: "argmax", of: "raw" } },
    outputs: ["raw", "scores", "label", "value"],
  };
  checkComputedOnce(op, params, [DOUBLE, nullable(DOUBLE)], ["u.treeEnsemble"], [[0.25, 1], [1, null], [0.5, -1]]);
  // PMML trees that may give no prediction: every output is missing at once
  const pmml = pmmlParams(pmmlTree("nullPrediction"));
  checkComputedOnce(op, pmml, [nullable(DOUBLE)], ["u.treeEnsemble"], [[0.25], [null], [7]]);
});
