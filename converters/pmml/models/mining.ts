/**
 * PMML MiningModel: a Segmentation of models combined by its multipleModelMethod, as PMML 4.4 and
 * jpmml-evaluator define it.
 *
 * - Segments of TreeModels only, every predicate <True/>, with a rule the treeEnsemble op aggregates
 *   (regression: sum, weightedSum, average, weightedAverage, median, weightedMedian, max;
 *   classification: majorityVote, weightedMajorityVote, and average / weightedAverage of the trees'
 *   probabilities): one treeEnsemble step holds every tree (the trees are first read one by one in
 *   their own scopes, for their MiningSchema and LocalTransformations, then joined). float32 with
 *   x-mathContext="float" (XGBoost), Segment@weight, missingPredictionTreatment and missingThreshold.
 * - Any other models (and trees the op cannot join): each segment is read in its own scope
 *   (ModelScope.nested), then combined by `expr` steps: the numeric rules, average of probabilities,
 *   votes (a tie goes to the category voted for first, as jpmml-evaluator's vote map does),
 *   selectFirst (with the segments' predicates), modelChain (flattened: each segment's Output fields are
 *   fields for the next ones; the last segment gives the result). As in jpmml-evaluator, the OutputFields
 *   of a modelChain's last segment and of a selectFirst's selected segment are results of the MiningModel
 *   too (carried over to the document reader through output.ts's carriedOutputs).
 * - missingPredictionTreatment (default "continue"): a segment without a prediction makes the result
 *   missing ("returnMissing"; "continue" for the numeric and probability rules), is left out
 *   ("skipSegment", unless the weight of such segments exceeds missingThreshold of the total), or
 *   counts as a vote for "missing" ("continue" with votes: the result is missing when "missing" gets
 *   more votes than any category).
 *
 * Refused: selectAll and (x-)multiModelChain (several results per row), Segmentation
 * LocalTransformations (jpmml-evaluator refuses them too), segment predicates other than True except
 * with selectFirst, max and median of classifications.
 */
import type { Expr, ExprKind } from "../../../src/ir/ops/expr.js";
import type { Aggregation, TreeEnsembleParams, TreeLeaf, TreeOutput } from "../../../src/ir/ops/tree-types.js";
import type { Step } from "../../../src/ir/pipeline.js";
import { nonNull } from "../../../src/ir/types.js";
import { MODEL_ELEMENTS, type ModelReader, type ModelResult, type ModelScope } from "../model.js";
import { carriedOutputs, resultFields } from "../output.js";
import { child, children, type XmlElement } from "../xml.js";
import { CategorySet, TreeFeatures, collectTree, isFloatContext, labelKind, layoutLeaves, parseNumber, vectorElements, type TreeCollector } from "./tree.js";

const PREDICATES = ["SimplePredicate", "CompoundPredicate", "SimpleSetPredicate", "True", "False"];
const MODELS: ReadonlySet<string> = new Set(MODEL_ELEMENTS);

type Method =
  | "sum"
  | "weightedSum"
  | "average"
  | "weightedAverage"
  | "median"
  | "weightedMedian"
  | "max"
  | "majorityVote"
  | "weightedMajorityVote"
  | "selectFirst"
  | "selectAll"
  | "modelChain"
  | "multiModelChain";

const METHODS: Record<string, Method> = {
  sum: "sum",
  weightedSum: "weightedSum",
  "x-weightedSum": "weightedSum",
  average: "average",
  weightedAverage: "weightedAverage",
  median: "median",
  weightedMedian: "weightedMedian",
  "x-weightedMedian": "weightedMedian",
  max: "max",
  majorityVote: "majorityVote",
  weightedMajorityVote: "weightedMajorityVote",
  selectFirst: "selectFirst",
  selectAll: "selectAll",
  modelChain: "modelChain",
  multiModelChain: "multiModelChain",
  "x-multiModelChain": "multiModelChain",
};

type Treatment = "returnMissing" | "skipSegment" | "continue";

interface Segment {
  element: XmlElement;
  predicate: XmlElement;
  model: XmlElement;
  weight: number;
}

interface Segmentation {
  model: XmlElement;
  element: XmlElement;
  functionName: string;
  method: Method;
  /** As written (for messages). */
  methodName: string;
  treatment: Treatment;
  threshold: number;
  segments: Segment[];
  float: boolean;
}

// ------------------------------------------------------------------------------------ expressions

const input = (index: number): Expr => ({ op: "input", index });
const apply = (fn: string, ...args: Expr[]): Expr => ({ op: "apply", fn, args });
const dbl = (value: number): Expr => ({ op: "const", type: "double", value });
const missing = (type: ExprKind): Expr => ({ op: "const", type, value: null });
const bool = (value: boolean): Expr => ({ op: "const", type: "boolean", value });

/** Left-associated a ∘ b ∘ c ... */
function chain(fn: string, args: Expr[]): Expr {
  return args.reduce((acc, a) => apply(fn, acc, a));
}

function exprKind(scope: ModelScope, column: string, where: XmlElement): ExprKind {
  const k = nonNull(scope.typeOf(column)).kind;
  if (k === "double" || k === "float" || k === "int" || k === "long" || k === "string" || k === "boolean") return k;
  return scope.fail(where, `a segment gives a ${k}, which ${"the segmentation cannot combine"}`);
}

/** A constant of `kind` from PMML's text of a category. */
function category(kind: ExprKind, raw: string, scope: ModelScope, where: XmlElement): Expr {
  if (kind === "string") return { op: "const", type: "string", value: raw };
  if (kind === "boolean") return { op: "const", type: "boolean", value: raw === "true" || raw === "1" };
  const n = parseNumber(raw);
  if (n === null) return scope.fail(where, `category "${raw}" is not a number`);
  return { op: "const", type: kind, value: n };
}

class Exprs {
  constructor(
    private readonly scope: ModelScope,
    private readonly origin: XmlElement,
    private readonly float: boolean,
  ) {}

  /** One expr step over `inputs`; its column. */
  add(inputs: string[], hint: string, expr: Expr): string {
    const params: { expr: Expr; mathContext?: "float" } = { expr };
    if (this.float) params.mathContext = "float";
    const [c] = this.scope.builder.add("expr", inputs, [hint], params, this.origin);
    return c!;
  }

  /** `value` unless `guard` (a boolean column expression, never missing) holds: then missing. */
  guarded(columns: string[], hint: string, guard: Expr | null, value: Expr, kind: ExprKind): string {
    return this.add(columns, hint, guard === null ? value : apply("if", guard, missing(kind), value));
  }
}

// ------------------------------------------------------------------------------------ reading

function readSegmentation(model: XmlElement, scope: ModelScope): Segmentation {
  const functionName = model.attrs.functionName ?? "";
  const element = child(model, "Segmentation");
  if (element === undefined) return scope.fail(model, "a MiningModel needs a Segmentation");
  if (children(model, "Regression", "DecisionTree").length > 0) scope.fail(model, "embedded Regression and DecisionTree models (PMML 3) are not supported");
  if (child(element, "LocalTransformations") !== undefined) scope.fail(element, "LocalTransformations in a Segmentation are not supported");
  const methodName = element.attrs.multipleModelMethod ?? "";
  const method = METHODS[methodName];
  if (method === undefined) return scope.fail(element, `multipleModelMethod="${methodName}" is not supported`);
  const t = element.attrs.missingPredictionTreatment ?? "continue";
  if (t !== "returnMissing" && t !== "skipSegment" && t !== "continue") return scope.fail(element, `missingPredictionTreatment="${t}" is not supported`);
  let threshold = 1;
  if (element.attrs.missingThreshold !== undefined) {
    const v = parseNumber(element.attrs.missingThreshold);
    if (v === null || !(v >= 0 && v <= 1)) return scope.fail(element, `missingThreshold="${element.attrs.missingThreshold}" is not a number between 0 and 1`);
    threshold = v;
  }
  const segments = children(element, "Segment").map((s): Segment => {
    if (child(s, "VariableWeight") !== undefined) scope.fail(s, "VariableWeight is not supported");
    const predicate = s.children.find((c) => PREDICATES.includes(c.name));
    if (predicate === undefined) return scope.fail(s, "a Segment needs a predicate");
    const inner = s.children.find((c) => MODELS.has(c.name));
    if (inner === undefined) return scope.fail(s, "a Segment needs a model");
    let weight = 1;
    if (s.attrs.weight !== undefined) {
      const w = parseNumber(s.attrs.weight);
      if (w === null || !Number.isFinite(w)) return scope.fail(s, `weight="${s.attrs.weight}" is not a number`);
      weight = w;
    }
    return { element: s, predicate, model: inner, weight };
  });
  if (segments.length === 0) scope.fail(element, "a Segmentation needs at least one Segment");
  return { model, element, functionName, method, methodName, treatment: t, threshold, segments, float: isFloatContext(model) };
}

function allTrue(seg: Segmentation): boolean {
  return seg.segments.every((s) => s.predicate.name === "True");
}

export const readMiningModel: ModelReader = (model, scope) => {
  const seg = readSegmentation(model, scope);
  switch (seg.method) {
    case "selectAll":
      return scope.fail(seg.element, 'multipleModelMethod="selectAll" is not supported (it gives several results per row)');
    case "multiModelChain":
      return scope.fail(seg.element, `multipleModelMethod="${seg.methodName}" is not supported (it gives several results per row)`);
    case "modelChain":
      return modelChain(seg, scope);
    case "selectFirst":
      return selectFirst(seg, scope);
    default:
      return combine(seg, scope);
  }
};

// ------------------------------------------------------------------------------------ modelChain

function modelChain(seg: Segmentation, scope: ModelScope): ModelResult {
  if (!allTrue(seg)) scope.fail(seg.element, 'modelChain with Segment predicates other than True is not supported');
  const results = seg.segments.map((s) => scope.nested(s.model));
  const last = results[results.length - 1]!;
  if ((seg.segments[seg.segments.length - 1]!.model.attrs.functionName ?? "") !== seg.functionName) {
    scope.fail(seg.segments[seg.segments.length - 1]!.model, `the last model of a modelChain must have the MiningModel's functionName "${seg.functionName}"`);
  }
  // returnMissing: an earlier segment without a prediction makes the result missing.
  const earlier = results.slice(0, -1).map((r) => r.predicted).filter((c) => scope.typeOf(c).kind === "nullable");
  // The last segment's OutputFields are results of the MiningModel too (as in jpmml-evaluator).
  const finals = resultFields.get(last) ?? [];
  if (seg.treatment !== "returnMissing" || earlier.length === 0) {
    const same: ModelResult = { ...last, functionName: seg.functionName };
    carriedOutputs.set(same, finals);
    return same;
  }
  const ex = new Exprs(scope, seg.model, false);
  const guard = chain("or", earlier.map((_, i) => apply("isMissing", input(i))));
  const guardCol = ex.add(earlier, "segment missing", guard);
  const wrap = (column: string): string => {
    const kind = exprKind(scope, column, seg.model);
    return ex.add([guardCol, column], column, apply("if", input(0), missing(kind), input(1)));
  };
  const out: ModelResult = { functionName: seg.functionName, predicted: wrap(last.predicted), features: new Map() };
  if (last.probabilities !== undefined) out.probabilities = new Map([...last.probabilities].map(([c, col]) => [c, wrap(col)]));
  for (const [f, col] of last.features) out.features.set(f, wrap(col));
  carriedOutputs.set(out, finals.map((f) => ({ name: f.name, column: () => wrap(f.column()) })));
  return out;
}

// ------------------------------------------------------------------------------------ selectFirst

function selectFirst(seg: Segmentation, scope: ModelScope): ModelResult {
  if (seg.treatment === "skipSegment" && seg.threshold !== 1) scope.fail(seg.element, "missingThreshold with selectFirst is not supported");
  const ex = new Exprs(scope, seg.model, false);
  // The segments up to the first whose predicate is True (the later ones are never selected).
  const upTo = seg.segments.findIndex((s) => s.predicate.name === "True");
  const used = upTo < 0 ? seg.segments : seg.segments.slice(0, upTo + 1);
  const results = used.map((s) => scope.nested(s.model));
  // Whether each segment is selected, as a column that is never missing (null: always): its predicate
  // holds (UNKNOWN: it does not) and, with skipSegment, it gives a prediction.
  const appliesCols = used.map((s, i): string | null => {
    const r = results[i]!;
    const skip = seg.treatment === "skipSegment" && scope.typeOf(r.predicted).kind === "nullable";
    if (s.predicate.name === "True") return skip ? ex.add([r.predicted], `segment ${i + 1} selected`, apply("isNotMissing", input(0))) : null;
    const p = scope.predicate(s.predicate);
    const test = ex.add(p.inputs, `segment ${i + 1} applies`, p.expr);
    const holds = apply("if", apply("isMissing", input(0)), bool(false), input(0));
    return ex.add(skip ? [test, r.predicted] : [test], `segment ${i + 1} selected`, skip ? apply("and", holds, apply("isNotMissing", input(1))) : holds);
  });
  const select = (columns: (string | null)[], hint: string, kind: ExprKind, absent: Expr = dbl(0)): string => {
    // if(applies_1, v_1, if(applies_2, v_2, ... missing)); a missing column (null) gives `absent`.
    const inputs: string[] = [];
    const ref = (c: string): Expr => {
      let i = inputs.indexOf(c);
      if (i < 0) {
        i = inputs.length;
        inputs.push(c);
      }
      return input(i);
    };
    let e: Expr = missing(kind);
    for (let i = columns.length - 1; i >= 0; i--) {
      const v = columns[i] === null ? absent : ref(columns[i]!);
      const a = appliesCols[i];
      e = a === null ? v : apply("if", ref(a), v, e);
    }
    return ex.add(inputs, hint, e);
  };
  const kinds = results.map((r) => exprKind(scope, r.predicted, seg.model));
  if (!kinds.every((k) => k === kinds[0])) scope.fail(seg.element, `the segments' predictions differ in type (${kinds.join(", ")})`);
  const out: ModelResult = { functionName: seg.functionName, predicted: select(results.map((r) => r.predicted), scope.target?.name ?? "prediction", kinds[0]!), features: new Map() };
  if (results.every((r) => r.probabilities !== undefined)) {
    const cats = categoriesOf(seg, scope, results);
    out.probabilities = new Map(cats.map((c) => [c, select(results.map((r) => r.probabilities!.get(c) ?? null), `probability(${c})`, "double")]));
  }
  // The selected segment's OutputFields are results of the MiningModel too (as in jpmml-evaluator):
  // each is that segment's field, missing when the segment selected has none of that name.
  const segmentFinals = results.map((r) => resultFields.get(r) ?? []);
  const names = [...new Set(segmentFinals.flatMap((fs) => fs.map((f) => f.name)))];
  carriedOutputs.set(
    out,
    names.map((name) => ({
      name,
      column: () => {
        const columns = segmentFinals.map((fs) => fs.find((f) => f.name === name)?.column() ?? null);
        const present = columns.filter((c): c is string => c !== null);
        const fieldKinds = present.map((c) => exprKind(scope, c, seg.model));
        if (!fieldKinds.every((k) => k === fieldKinds[0])) scope.fail(seg.element, `the segments' output fields "${name}" differ in type (${fieldKinds.join(", ")})`);
        if (present.length === columns.length && appliesCols.every((a) => a === null) && columns.length === 1) return columns[0]!;
        return select(columns, name, fieldKinds[0]!, missing(fieldKinds[0]!));
      },
    })),
  );
  return out;
}

/** The categories of a classification: the target's values, then those the segments give. */
function categoriesOf(seg: Segmentation, scope: ModelScope, results: ModelResult[]): string[] {
  const out = [...(scope.target?.values ?? [])];
  for (const r of results) for (const c of r.probabilities?.keys() ?? []) if (!out.includes(c)) out.push(c);
  if (out.length === 0) scope.fail(seg.element, "the categories of the classification are unknown (no target values)");
  return out;
}

// ------------------------------------------------------------------------------------ combinations

const TREE_AGGREGATIONS: Partial<Record<Method, Aggregation>> = {
  sum: "sum",
  weightedSum: "sum",
  average: "average",
  weightedAverage: "weightedAverage",
  median: "median",
  weightedMedian: "weightedMedian",
  max: "max",
  majorityVote: "vote",
  weightedMajorityVote: "vote",
};

const WEIGHTED = new Set<Method>(["weightedSum", "weightedAverage", "weightedMedian", "weightedMajorityVote"]);

function combine(seg: Segmentation, scope: ModelScope): ModelResult {
  if (!allTrue(seg)) scope.fail(seg.element, `multipleModelMethod="${seg.methodName}" with Segment predicates other than True is not supported`);
  const fn = seg.functionName;
  if (fn === "classification" && (seg.method === "max" || seg.method === "median")) scope.fail(seg.element, `multipleModelMethod="${seg.methodName}" of a classification is not supported`);
  if (fn !== "classification" && fn !== "regression" && !(fn === "clustering" && (seg.method === "majorityVote" || seg.method === "weightedMajorityVote"))) {
    scope.fail(seg.model, `functionName="${fn}" with multipleModelMethod="${seg.methodName}" is not supported`);
  }
  // Trees that mix leaves for a missing value (aggregateNodes, weightedConfidence) are each read as a
  // model of their own: the ensemble op walks such a tree alone.
  const mixing = (m: XmlElement): boolean => m.attrs.missingValueStrategy === "aggregateNodes" || m.attrs.missingValueStrategy === "weightedConfidence";
  const trees = seg.segments.every((s) => s.model.name === "TreeModel" && !mixing(s.model)) && (fn === "regression" || fn === "classification");
  if (!trees) return combineColumns(seg, scope, seg.segments.map((s) => scope.nested(s.model)));

  const target = scope.target;
  const c: TreeCollector = {
    expect: null,
    features: new TreeFeatures(scope),
    labels: fn === "classification" ? new CategorySet(labelKind(target?.dataType, seg.model, scope), target?.values ?? [], scope, seg.model) : null,
    trees: [],
  };
  const results = seg.segments.map((s) => collectTree(c, s.model, () => scope.nested(s.model)));
  const joined = joinTrees(seg, scope, c, results);
  return joined ?? combineColumns(seg, scope, results);
}

/** The trees as one treeEnsemble step, or null when the op cannot aggregate them as the segmentation does. */
function joinTrees(seg: Segmentation, scope: ModelScope, c: TreeCollector, results: ModelResult[]): ModelResult | null {
  const aggregation = TREE_AGGREGATIONS[seg.method];
  if (aggregation === undefined || c.trees.length !== seg.segments.length) return null;
  // Each tree's own steps must feed nothing but the segmentation (no Targets or Output of the segment).
  if (c.trees.some((t, i) => t.model !== seg.segments[i]!.model || results[i]!.predicted !== t.result.predicted)) return null;
  // A tree's Targets or Output would apply to that tree alone.
  if (c.trees.some((t) => child(t.model, "Targets") !== undefined || child(t.model, "Output") !== undefined)) return null;
  const own = new Set<Step>();
  const produced = new Set<string>();
  for (const t of c.trees) {
    for (const s of t.steps) {
      own.add(s);
      for (const o of s.outputs) produced.add(o.name);
    }
  }
  if (scope.builder.steps.some((s) => !own.has(s) && s.inputs.some((i) => produced.has(i)))) return null;
  if (c.trees.some((t) => isFloatContext(t.model) !== seg.float)) return null;
  const labels = c.labels;
  const vote = aggregation === "vote";
  const probabilities = labels !== null && !vote;
  if (probabilities && !c.trees.every((t) => t.read.hasDistributions && t.read.pending.length > 0)) return null;

  // One ensemble: the trees' own steps stay unused (the document reader prunes unused steps).
  const width = labels === null ? 1 : labels.size;
  if (labels !== null) {
    for (const t of c.trees) {
      layoutLeaves(t.read, width);
      if (vote) for (const { leaf } of t.read.leafIds) stripLeaf(leaf, width);
    }
  }
  const weights = WEIGHTED.has(seg.method) ? seg.segments.map((s) => s.weight) : undefined;
  const mayBeMissing = c.trees.some((t) => t.mayBeMissing);
  // "continue" with votes: "missing" is a category of its own (below).
  const continueVote = vote && seg.treatment === "continue" && mayBeMissing;
  const params: TreeEnsembleParams = { trees: c.trees.map((t) => t.read.tree), width, aggregation, outputs: [] };
  if (weights !== undefined) params.weights = weights;
  if (mayBeMissing) {
    params.missingTree = seg.treatment === "skipSegment" || continueVote ? { treatment: "skip", threshold: seg.threshold } : { treatment: "returnMissing" };
  }
  if (seg.float) params.float32 = { arithmetic: true };
  const name = seg.model.attrs.modelName ?? "MiningModel";
  if (labels === null) {
    params.outputs = ["value"];
    const [value] = scope.builder.add("treeEnsemble", c.features.columns.slice(), [scope.target?.name ?? name], params, seg.model);
    return { functionName: seg.functionName, predicted: value!, features: new Map() };
  }
  params.labels = { values: labels.values.slice(), type: labels.type, rule: vote ? { kind: "argmax", of: "raw", ties: "firstVote" } : { kind: "argmax", of: "raw" } };
  if (vote) params.transform = "normalize";
  const outputs: TreeOutput[] = ["label", "scores"];
  if (continueVote) outputs.push("raw");
  params.outputs = outputs;
  const cols = scope.builder.add("treeEnsemble", c.features.columns.slice(), [scope.target?.name ?? name, `${name} probabilities`, ...(continueVote ? [`${name} votes`] : [])], params, seg.model);
  let label = cols[0]!;
  let probs = vectorElements(scope, cols[1]!, width, labels.names.map((n) => `probability(${n})`), seg.model);
  if (continueVote) {
    // Missing when the trees without a prediction outweigh every category (or their share exceeds
    // missingThreshold, or no tree gave one: the ensemble's own "skip").
    const votes = vectorElements(scope, cols[2]!, width, labels.names.map((n) => `votes(${n})`), seg.model);
    const total = (weights ?? seg.segments.map(() => 1)).reduce((a, b) => a + b, 0);
    const ex = new Exprs(scope, seg.model, false);
    const all = votes.map((_, i) => input(i));
    const guard = ex.add(votes, "missing wins", apply("greaterThan", apply("-", dbl(total), chain("+", all)), all.length === 1 ? all[0]! : apply("max", ...all)));
    const wrap = (col: string, kind: ExprKind): string => ex.add([guard, col], col, apply("if", input(0), missing(kind), input(1)));
    label = wrap(label, labels.type === "string" ? "string" : labels.type);
    probs = probs.map((p) => wrap(p, "double"));
  }
  return { functionName: seg.functionName, predicted: label, probabilities: new Map(labels.names.map((n, k) => [n, probs[k]!])), features: new Map() };
}

/** A vote needs only the leaf's label: its values are zeros of the ensemble's width. */
function stripLeaf(leaf: TreeLeaf, width: number): void {
  leaf.values = new Array<number>(width).fill(0);
  delete leaf.confidences;
}

// ------------------------------------------------------------------------------------ combining columns

/** Combines the segments' own results (each read in its own scope) with expr steps. */
function combineColumns(seg: Segmentation, scope: ModelScope, results: ModelResult[]): ModelResult {
  const m = seg.method;
  if (m === "majorityVote" || m === "weightedMajorityVote") return vote(seg, scope, results);
  if (seg.functionName === "classification") return averageProbabilities(seg, scope, results);
  return numeric(seg, scope, results);
}

/** Regression: sum, weightedSum, average, weightedAverage, median, max of the segments' values. */
function numeric(seg: Segmentation, scope: ModelScope, results: ModelResult[]): ModelResult {
  const m = seg.method;
  if (m === "weightedMedian") scope.fail(seg.element, `multipleModelMethod="${seg.methodName}" of models other than trees is not supported`);
  const ex = new Exprs(scope, seg.model, seg.float);
  const cols = results.map((r) => r.predicted);
  cols.forEach((col) => {
    const k = exprKind(scope, col, seg.model);
    if (k === "string" || k === "boolean") scope.fail(seg.element, `multipleModelMethod="${seg.methodName}" combines numbers, a segment gives a ${k}`);
  });
  const weights = WEIGHTED.has(m) ? seg.segments.map((s) => s.weight) : seg.segments.map(() => 1);
  const W = weights.reduce((a, b) => a + b, 0);
  // jpmml-evaluator adds the segments' values as doubles (floats too), unless its math context is float.
  const v = cols.map((col, i) => (nonNull(scope.typeOf(col)).kind === "float" && !seg.float ? ({ op: "cast", type: "double", arg: input(i) } as Expr) : input(i)));
  const wv = v.map((x, i) => (WEIGHTED.has(m) ? apply("*", x, dbl(weights[i]!)) : x));
  const anyNullable = cols.some((c) => scope.typeOf(c).kind === "nullable");
  const skip = seg.treatment === "skipSegment" && anyNullable;
  let value: Expr;
  let guard: Expr | null = null;
  if (!skip) {
    // A segment without a prediction makes the result missing: "+", "*" and "/" give missing then.
    switch (m) {
      case "sum":
      case "weightedSum":
        value = chain("+", wv);
        break;
      case "average":
        value = apply("/", chain("+", v), dbl(v.length));
        break;
      case "weightedAverage":
        value = apply("/", chain("+", wv), dbl(W));
        break;
      default:
        // median, max: the built-ins pass over missing arguments, so test for them first.
        value = v.length === 1 ? v[0]! : apply(m, ...v);
        if (anyNullable) guard = chain("or", v.map((x) => apply("isMissing", x)));
    }
  } else {
    const missingWeight = chain("+", v.map((x, i) => apply("if", apply("isMissing", x), dbl(weights[i]!), dbl(0))));
    guard = apply("or", apply("greaterThan", apply("/", missingWeight, dbl(W)), dbl(seg.threshold)), chain("and", v.map((x) => apply("isMissing", x))));
    const present = (xs: Expr[]): Expr => (xs.length === 1 ? xs[0]! : apply("sum", ...xs));
    switch (m) {
      case "sum":
      case "weightedSum":
        value = present(wv);
        break;
      case "average":
        value = v.length === 1 ? v[0]! : apply("avg", ...v);
        break;
      case "weightedAverage":
        value = apply("/", present(wv), present(v.map((x, i) => apply("if", apply("isMissing", x), missing("double"), dbl(weights[i]!)))));
        break;
      default:
        value = v.length === 1 ? v[0]! : apply(m, ...v);
    }
  }
  const predicted = ex.guarded(cols, scope.target?.name ?? "prediction", guard, value, seg.float ? "float" : "double");
  return { functionName: seg.functionName, predicted, features: new Map() };
}

/** The first maximum of `scores` (inputs 0..K-1), ties to the lower index: its label. */
function argmaxLabel(k: number, labels: Expr[], greater: (i: number, j: number) => Expr): Expr {
  let e: Expr = labels[k - 1]!;
  for (let i = k - 2; i >= 0; i--) {
    const conds: Expr[] = [];
    for (let j = 0; j < k; j++) if (j !== i) conds.push(greater(i, j));
    e = apply("if", conds.length === 1 ? conds[0]! : chain("and", conds), labels[i]!, e);
  }
  return e;
}

/** Classification: average or weightedAverage of the segments' probabilities; the label is their first maximum. */
function averageProbabilities(seg: Segmentation, scope: ModelScope, results: ModelResult[]): ModelResult {
  const m = seg.method;
  if (m !== "average" && m !== "weightedAverage") return scope.fail(seg.element, `multipleModelMethod="${seg.methodName}" of a classification is not supported`);
  if (!results.every((r) => r.probabilities !== undefined)) return scope.fail(seg.element, `multipleModelMethod="${seg.methodName}" needs every segment's probabilities, and a segment gives none`);
  const cats = categoriesOf(seg, scope, results);
  const weights = m === "weightedAverage" ? seg.segments.map((s) => s.weight) : seg.segments.map(() => 1);
  const W = weights.reduce((a, b) => a + b, 0);
  if (seg.treatment === "skipSegment" && results.some((r) => [...r.probabilities!.values()].some((c) => scope.typeOf(c).kind === "nullable"))) {
    scope.fail(seg.element, 'missingPredictionTreatment="skipSegment" with averaged probabilities of models other than trees is not supported');
  }
  const ex = new Exprs(scope, seg.model, seg.float);
  const probs = cats.map((cat) => {
    const cols: string[] = [];
    const terms = results.map((r, i) => {
      const col = r.probabilities!.get(cat);
      if (col === undefined) return dbl(0);
      cols.push(col);
      const x = input(cols.length - 1);
      return m === "weightedAverage" ? apply("*", x, dbl(weights[i]!)) : x;
    });
    return ex.add(cols, `probability(${cat})`, apply("/", chain("+", terms), dbl(W)));
  });
  const kind = labelExprKind(seg, scope);
  const labels = cats.map((cat) => category(kind, cat, scope, seg.element));
  const label = ex.add(probs, scope.target?.name ?? "prediction", argmaxLabel(cats.length, labels, (i, j) => apply(i < j ? "greaterOrEqual" : "greaterThan", input(i), input(j))));
  return { functionName: seg.functionName, predicted: label, probabilities: new Map(cats.map((c, k) => [c, probs[k]!])), features: new Map() };
}

function labelExprKind(seg: Segmentation, scope: ModelScope): ExprKind {
  const t = labelKind(scope.target?.dataType, seg.model, scope);
  return t === "string" ? "string" : t;
}

/** majorityVote and weightedMajorityVote of the segments' predictions. */
function vote(seg: Segmentation, scope: ModelScope, results: ModelResult[]): ModelResult {
  const S = results.length;
  const labelsOf = results.map((r) => r.predicted);
  const kinds = labelsOf.map((c) => exprKind(scope, c, seg.model));
  if (!kinds.every((k) => k === kinds[0])) scope.fail(seg.element, `the segments' predictions differ in type (${kinds.join(", ")})`);
  const kind = kinds[0]!;
  const declared = seg.functionName === "classification" ? [...(scope.target?.values ?? [])] : [];
  for (const r of results) for (const c of r.probabilities?.keys() ?? []) if (!declared.includes(c)) declared.push(c);
  if (declared.length === 0) {
    // One segment: its prediction is the vote's winner (with all of the vote when it has one).
    if (S === 1) return { functionName: seg.functionName, predicted: labelsOf[0]!, features: new Map() };
    return scope.fail(seg.element, `multipleModelMethod="${seg.methodName}": the categories voted for are unknown (no target values)`);
  }
  const weights = seg.method === "weightedMajorityVote" ? seg.segments.map((s) => s.weight) : seg.segments.map(() => 1);
  const W = weights.reduce((a, b) => a + b, 0);
  const ex = new Exprs(scope, seg.model, false);
  const consts = declared.map((c) => category(kind, c, scope, seg.element));
  const l = labelsOf.map((_, i) => input(i));
  // Per category: its (weighted) votes, and the first segment that voted for it (S if none).
  const counts = consts.map((c, k) =>
    ex.add(labelsOf, `votes(${declared[k]})`, chain("+", l.map((x, s) => apply("if", apply("isMissing", x), dbl(0), apply("if", apply("equal", x, c), dbl(weights[s]!), dbl(0)))))),
  );
  const firsts = consts.map((c, k) =>
    ex.add(labelsOf, `first vote(${declared[k]})`, S === 1 ? apply("if", apply("isMissing", l[0]!), dbl(1), apply("if", apply("equal", l[0]!, c), dbl(0), dbl(1))) : apply("min", ...l.map((x, s) => apply("if", apply("isMissing", x), dbl(S), apply("if", apply("equal", x, c), dbl(s), dbl(S)))))),
  );
  const K = declared.length;
  const missingWeight = chain("+", l.map((x, s) => apply("if", apply("isMissing", x), dbl(weights[s]!), dbl(0))));
  const anyNullable = labelsOf.some((c) => scope.typeOf(c).kind === "nullable");
  // Inputs: the labels (0..S-1), then the counts (S..S+K-1).
  const cnt = (k: number): Expr => input(S + k);
  const total = chain("+", consts.map((_, k) => cnt(k)));
  let guard: Expr | null = null;
  if (anyNullable) {
    const noVote = apply("equal", total, dbl(0));
    const share = apply("greaterThan", apply("/", missingWeight, dbl(W)), dbl(seg.threshold));
    if (seg.treatment === "returnMissing") guard = apply("greaterThan", missingWeight, dbl(0));
    else if (seg.treatment === "skipSegment") guard = apply("or", share, noVote);
    else guard = chain("or", [apply("greaterThan", missingWeight, K === 1 ? cnt(0) : apply("max", ...consts.map((_, k) => cnt(k)))), share, noVote]);
  }
  const guardCol = guard === null ? null : ex.add([...labelsOf, ...counts], "no vote", guard);
  const withGuard = (cols: string[], hint: string, value: Expr, valueKind: ExprKind): string =>
    guardCol === null ? ex.add(cols, hint, value) : ex.add([...cols, guardCol], hint, apply("if", input(cols.length), missing(valueKind), value));
  // The winner: the most votes; a tie goes to the category voted for first.
  const winner = argmaxLabel(
    K,
    consts,
    (i, j) => apply("or", apply("greaterThan", input(i), input(j)), apply("and", apply("equal", input(i), input(j)), apply("lessThan", input(K + i), input(K + j)))),
  );
  const predicted = withGuard([...counts, ...firsts], scope.target?.name ?? "prediction", winner, kind);
  const probabilities = new Map(
    declared.map((c, k) => [c, withGuard(counts, `probability(${c})`, apply("/", input(k), chain("+", counts.map((_, j) => input(j)))), "double")]),
  );
  return { functionName: seg.functionName, predicted, probabilities, features: new Map() };
}
