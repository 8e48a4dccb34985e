/**
 * The parameters of the treeEnsemble op (src/ir/ops/tree-ensemble.ts) and their checks.
 *
 * One op covers decision trees, random forests and boosted trees of the four formats. A model is
 * evaluated in stages, each a parameter that a reader fills from its format:
 *
 *  1. every tree is walked to a leaf: a value vector of `width` numbers, optionally a label (an index
 *     into `labels.values`) and confidences; a PMML tree may also give no prediction at all;
 *  2. leaves are optionally normalized to sum 1 (`normalizeLeaves`);
 *  3. the trees' vectors are aggregated (`aggregation`, with `weights`); a tree without a prediction
 *     is handled by `missingTree`;
 *  4. `base` is added (ONNX base_values), and a one-slot result may be expanded to two (`expand`):
 *     this is the `raw` output;
 *  5. `transform` maps raw to `scores` (probabilities, ONNX's post_transform);
 *  6. `labels.rule` picks the predicted label.
 *
 * Trees come in two forms, both filled directly by readers:
 *  - `binary`: a node table of binary numeric splits (ONNX TreeEnsemble*, Spark trees, XGBoost and
 *    LightGBM), where a missing feature (null or NaN) follows a per-node rule;
 *  - `pmml`: PMML TreeModel nodes with predicates, several children (the first child whose predicate
 *    is true is taken), three-valued logic for missing values, missingValueStrategy and
 *    noTrueChildStrategy.
 *
 * Features: a split's `feature` indexes the op's input columns flattened in order: a scalar column
 * (number, boolean, string) is one feature, a vector column of size n is n features. A vector of
 * unknown size may only be the last input column (a row whose vector is too short for the features
 * the trees use is refused, as onnxruntime does).
 *
 * How readers fill it:
 *  - ONNX TreeEnsembleRegressor: binary trees (BRANCH_* → test, missing_value_tracks_true → missing
 *    "true" else "compare"), float32 {compare, arithmetic, output} for float inputs ({output} only for
 *    double inputs), aggregation from aggregate_function, base = base_values, transform: onnxProbit for
 *    one target (onnxruntime ignores the others there), any onnx* transform for several targets.
 *  - ONNX TreeEnsembleClassifier: aggregation "sum" always; several classes: width = classes, base =
 *    base_values (0 where absent), transform onnx*, label argmax of raw. Two labels with every weight on
 *    one class id: width 1; all weights ≥ 0: expand "complement", transform "none", label threshold
 *    0.5 on raw slot 1; mixed signs: expand "negate", transform "onnxLogistic" (LOGISTIC) or "none",
 *    label threshold 0 on raw slot 1 (tree_ensemble_aggregator.h, ml_common.h write_scores).
 *  - ONNX TreeEnsemble (ai.onnx.ml 5): BRANCH_MEMBER → "in" with its set; no base values, no labels.
 *  - Spark / MLeap: "<=" splits and categorical "in" sets, missing "compare"; DT classifier: leaves =
 *    impurity counts, transform "normalize", label argmax of raw (or "leaf"); RF classifier: the same
 *    with normalizeLeaves; RF regressor: "average"; GBT: weights = tree weights, "sum", and for the
 *    classifier expand "negate" + transform "sparkGbt" + argmax of raw; `thresholds` for Spark's param.
 *  - PMML TreeModel: pmml trees, label rule "leaf" (Node@score), values from ScoreDistribution
 *    (probabilities, or record counts with normalizeLeaves), confidences; regression: values [score].
 *  - PMML MiningModel of trees: sum / average / weightedAverage / median / weightedMedian / max with
 *    Segment@weight; majorityVote → "vote" with transform "normalize" and ties "firstVote";
 *    Targets@rescaleConstant → base; x-mathContext="float" → float32 {compare, arithmetic}. XGBoost's
 *    own scorer adds base_score before the trees: a constant first tree reproduces that order exactly.
 */
import { describeType, isNumeric, nonNull, type IRType } from "../types.js";

/** What a tree gives at the node it ends in. */
export interface TreeLeaf {
  /**
   * `width` numbers: the regression value(s); per-class votes, record counts or probabilities (PMML
   * ScoreDistribution, Spark impurity stats, ONNX class weights); a boosting margin.
   */
  values: number[];
  /** The node's own predicted label, an index into `labels.values` (PMML Node@score of a classifier, Spark leaf prediction). */
  label?: number;
  /** PMML ScoreDistribution@confidence per class (`width` numbers; 0 where absent). */
  confidences?: number[];
  /**
   * PMML ScoreDistribution@recordCount per class (`width` numbers; 0 for a class the node does not
   * list): what missingValueStrategy="aggregateNodes" sums.
   */
  recordCounts?: number[];
}

/** A comparison of a binary split: `feature <test> threshold`, or membership of `set`. */
export type BinaryTest = "<=" | "<" | ">=" | ">" | "==" | "!=" | "in" | "notIn";

export interface BinarySplit {
  feature: number;
  test: BinaryTest;
  /** The threshold of a comparison (ONNX nodes_values, Spark threshold, XGBoost split condition). */
  threshold?: number;
  /** The values of an `in` / `notIn` test (Spark categorical splits: the left categories). */
  set?: number[];
  /** Index of the node taken when the test holds. */
  ifTrue: number;
  /** Index of the node taken when it does not. */
  ifFalse: number;
  /**
   * Where a missing feature (null, or NaN) goes:
   *  - "compare" (default): the comparison is made with NaN as IEEE 754 says: every comparison and `in`
   *    is false, `!=` and `notIn` are true (ONNX with missing_value_tracks_true = 0, Spark);
   *  - "true": the true branch (ONNX missing_value_tracks_true = 1, XGBoost default left when the
   *    test is the left branch);
   *  - "false": the false branch (XGBoost / LightGBM default direction on the other side).
   */
  missing?: "compare" | "true" | "false";
}

export type BinaryNode = { leaf: TreeLeaf } | BinarySplit;

/** A binary tree as a node table; node 0 is the root; every node but the root has exactly one parent. */
export interface BinaryTree {
  kind: "binary";
  nodes: BinaryNode[];
}

/** PMML predicates with PMML's own operator names; `feature` indexes the flattened inputs. */
export type PmmlPredicate =
  | { op: "true" }
  | { op: "false" }
  | { op: "equal" | "notEqual" | "lessThan" | "lessOrEqual" | "greaterThan" | "greaterOrEqual"; feature: number; value: number | string | boolean }
  | { op: "isMissing" | "isNotMissing"; feature: number }
  | { op: "isIn" | "isNotIn"; feature: number; values: (number | string | boolean)[] }
  | { op: "and" | "or" | "xor" | "surrogate"; predicates: PmmlPredicate[] };

export interface PmmlNode {
  predicate: PmmlPredicate;
  /** The node's prediction (Node@score with its ScoreDistribution); absent when the node has no score. */
  leaf?: TreeLeaf;
  /** Children in document order (the first whose predicate is true is taken). */
  children?: PmmlNode[];
  /** Node@defaultChild, as an index into `children`. */
  defaultChild?: number;
  /** Node@recordCount: the weights of missingValueStrategy="weightedConfidence". */
  recordCount?: number;
}

/**
 * A PMML TreeModel. Values are missing when null (NaN is an ordinary value that compares as IEEE 754
 * says). A simple predicate on a missing value is UNKNOWN; compound predicates use three-valued logic
 * (surrogate: the first known result). A child whose predicate is UNKNOWN triggers
 * `missingValueStrategy`: "none" treats it as false; "lastPrediction" returns the parent's prediction;
 * "nullPrediction" returns no prediction; "defaultChild" continues with the parent's default child
 * (without testing its predicate) and counts one missing level. When no child is true,
 * `noTrueChildStrategy` returns no prediction or the parent's prediction (if it has a score). A root
 * whose predicate is not true gives no prediction.
 *
 * "aggregateNodes" and "weightedConfidence" (PMML 4.4; classification trees only, one tree per op, no
 * normalizeLeaves) mix several leaves. The *candidates* of a node with children are the children
 * whose predicate is UNKNOWN that come before the first TRUE child, plus that first TRUE child (if
 * any), in document order. When no candidate is UNKNOWN the walk is the ordinary one (the first TRUE
 * child; none: noTrueChildStrategy). When some candidate is UNKNOWN, every candidate is followed,
 * recursively with the same rule at every level; a node with children none of which is a candidate
 * contributes itself when noTrueChildStrategy is returnLastPrediction (if it has a score), else
 * nothing; a node without children contributes itself (if it has a score). The row's result is then:
 *  - "aggregateNodes": the sum, per class, of the contributed leaves' `recordCounts` (every scored
 *    node needs them); the label is the class of the largest sum (ties: the first class), and both
 *    `values` and `confidences` are sum / total. No leaf, or a total of 0: no prediction.
 *  - "weightedConfidence": each contributed leaf is weighted by the product, along its path from the
 *    first node with an UNKNOWN candidate, of candidate.recordCount / parent.recordCount (every node
 *    with children and its children need `recordCount`, the parent's positive; a TRUE child followed
 *    alone keeps its parent's weight). `confidences` = Σ weight × the leaf's confidences (its `values`
 *    when it has none), `values` = Σ weight × the leaf's values, summed in depth-first document
 *    order; this is PMML's recursive rule (a node's vector is the weighted sum of its candidates'
 *    vectors) with the products formed along the path. The label is the class of the largest
 *    weighted confidence (ties: the first class). No leaf contributed: no prediction.
 * With float32 arithmetic every product, sum and quotient is rounded to float32. missingValuePenalty
 * is not applied for these two strategies.
 */
export interface PmmlTree {
  kind: "pmml";
  root: PmmlNode;
  missingValueStrategy: "none" | "lastPrediction" | "nullPrediction" | "defaultChild" | "weightedConfidence" | "aggregateNodes";
  noTrueChildStrategy: "returnNullPrediction" | "returnLastPrediction";
  /**
   * Multiplies the confidences once per missing level: each defaultChild taken and each node whose
   * surrogate predicate was decided by an alternative (jpmml-evaluator). Default 1.
   */
  missingValuePenalty?: number;
}

export type Tree = BinaryTree | PmmlTree;

/**
 * How the trees' value vectors combine (`weights` default to 1):
 *  - "sum": Σ w·v (ONNX SUM and every classifier, Spark GBT with its tree weights, PMML sum / x-weightedSum);
 *  - "average": Σ v / n (ONNX AVERAGE, Spark random forest regression, PMML average);
 *  - "weightedAverage": Σ w·v / Σ w (PMML weightedAverage);
 *  - "min", "max": per slot (ONNX MIN / MAX, PMML max of a regression; PMML's max and median of a
 *    classification pick whole models, which this op does not express: readers refuse them);
 *  - "median": of one-slot values, the mean of the two middle ones for an even count; "weightedMedian":
 *    the first value, in ascending order, at which the running weight reaches half the total (PMML);
 *  - "vote": each tree adds its weight to the slot of its leaf's label (PMML majorityVote and
 *    weightedMajorityVote; `width` is then the number of labels).
 */
export type Aggregation = "sum" | "average" | "weightedAverage" | "min" | "max" | "median" | "weightedMedian" | "vote";

/**
 * From raw to scores:
 *  - "none";
 *  - "logistic": 1/(1+e^-x) per slot; "softmax": e^(x-max)/Σ e^(x-max); "normalize": x/Σx (unchanged
 *    when Σx = 0; Spark's probability from raw counts, PMML vote fractions);
 *  - "sparkGbt": Spark GBTClassificationModel's probability from raw = [-m, m]: p0 = 1/(1+e^(-2·raw0)), p1 = 1-p0;
 *  - "onnxLogistic", "onnxSoftmax", "onnxSoftmaxZero", "onnxProbit": onnxruntime's post_transform in
 *    float32 arithmetic (ml_common.h), whatever the model's precision.
 */
export type Transform = "none" | "logistic" | "softmax" | "normalize" | "sparkGbt" | "onnxLogistic" | "onnxSoftmax" | "onnxSoftmaxZero" | "onnxProbit";

/**
 * How the label is chosen:
 *  - "argmax": the first maximum of raw or scores (after expansion); with `thresholds` (Spark), of
 *    scores[i]/thresholds[i] where a zero threshold counts as +infinity; with `ties: "firstVote"`
 *    (vote aggregation only), a tie goes to the label whose first vote came from the earliest tree
 *    (jpmml-evaluator's majority vote: the first label entered in its vote map);
 *  - "threshold": labels[1] when raw/scores[slot] > threshold, else labels[0] (ONNX binary classifiers);
 *  - "leaf": the label of the leaf reached (one tree only: PMML TreeModel, Spark tree leaf prediction).
 */
export type LabelRule =
  | { kind: "argmax"; of: "raw" | "scores"; thresholds?: number[]; ties?: "first" | "firstVote" }
  | { kind: "threshold"; of: "raw" | "scores"; slot: number; threshold: number }
  | { kind: "leaf" };

export interface TreeLabels {
  /** The class labels, in slot order. */
  values: (string | number)[];
  /** The type of the label output. */
  type: "string" | "double" | "int" | "long";
  rule: LabelRule;
}

/**
 * The outputs, in order: "value" (raw slot 0 as a double: the regression prediction), "raw",
 * "scores", "label", "confidence" (PMML confidences of the leaf, after missingValuePenalty; one PMML
 * tree only). Vectors are doubles; all are missing (nullable) when a PMML tree may give no prediction.
 */
export type TreeOutput = "value" | "raw" | "scores" | "label" | "confidence";

export interface TreeEnsembleParams {
  trees: Tree[];
  /** Per tree (see Aggregation); default 1. */
  weights?: number[];
  /** The number of slots of every leaf's value vector. */
  width: number;
  /** Divide each leaf's vector by its sum before aggregating (Spark random forest classifier); a zero sum leaves it unchanged. */
  normalizeLeaves?: boolean;
  aggregation: Aggregation;
  /**
   * A tree that gives no prediction (PMML): "returnMissing" (default; PMML returnMissing, and
   * "continue" for value and probability aggregations) makes every output missing; "skip" leaves it out
   * (PMML skipSegment), unless the weight of such trees exceeds `threshold` × the total (default 1).
   * When no tree is left, every output is missing.
   */
  missingTree?: { treatment: "returnMissing" | "skip"; threshold?: number };
  /** Added to the aggregate, per slot (ONNX base_values). */
  base?: number[];
  /** A one-slot aggregate s becomes two slots: "complement" [1-s, s], "negate" [-s, s] (ONNX binary classifiers, Spark GBT raw). */
  expand?: "complement" | "negate";
  transform?: Transform;
  labels?: TreeLabels;
  /**
   * float32 fidelity: `compare`: features (and thresholds) are rounded to float32 before comparing
   * (ONNX float tensors, PMML x-mathContext="float"); `arithmetic`: leaf values are rounded to float32
   * and every sum, product, division and transform is rounded to float32, tree after tree in order
   * (onnxruntime's float accumulation, jpmml-evaluator's float math context); `output`: value, raw and
   * scores are rounded to float32 at the end (ONNX's float output tensors).
   */
  float32?: { compare?: boolean; arithmetic?: boolean; output?: boolean };
  outputs: TreeOutput[];
}

/** One feature: where it comes from and how it compares. */
export interface FeatureSlot {
  column: number;
  /** The element of a vector column, or null for a scalar column. */
  element: number | null;
  /** "number" (double, float, int, long, vector elements), "boolean" (compared as 1 / 0) or "string". */
  kind: "number" | "boolean" | "string";
  nullable: boolean;
  /** The column's non-null IR kind. */
  irKind: string;
}

export interface FeatureLayout {
  slots: FeatureSlot[];
  /** True when the last column is a vector of unknown size: features from `openFrom` on are its elements. */
  openFrom: number | null;
}

export function featureLayout(inputs: readonly IRType[]): FeatureLayout {
  const slots: FeatureSlot[] = [];
  let openFrom: number | null = null;
  inputs.forEach((t, column) => {
    const n = nonNull(t);
    const nullable = t.kind === "nullable";
    if (n.kind === "vector") {
      if (n.size === null) {
        if (column !== inputs.length - 1) throw new Error("treeEnsemble: a vector of unknown size must be the last input column");
        openFrom = slots.length;
        return;
      }
      for (let k = 0; k < n.size; k++) slots.push({ column, element: k, kind: "number", nullable, irKind: "vector" });
    } else if (isNumeric(n)) {
      slots.push({ column, element: null, kind: "number", nullable, irKind: n.kind });
    } else if (n.kind === "boolean") {
      slots.push({ column, element: null, kind: "boolean", nullable, irKind: n.kind });
    } else if (n.kind === "string" || n.kind === "enum") {
      slots.push({ column, element: null, kind: "string", nullable, irKind: n.kind });
    } else {
      throw new Error(`treeEnsemble takes numbers, booleans, strings and vectors, found ${describeType(t)}`);
    }
  });
  return { slots, openFrom };
}

/** The slot of feature `f` (elements of an open vector are created on demand). */
export function featureSlot(layout: FeatureLayout, inputs: readonly IRType[], f: number): FeatureSlot | undefined {
  if (f < layout.slots.length) return layout.slots[f];
  if (layout.openFrom === null || !Number.isInteger(f) || f < 0) return undefined;
  const column = inputs.length - 1;
  return { column, element: f - layout.openFrom, kind: "number", nullable: inputs[column]!.kind === "nullable", irKind: "vector" };
}

const COMPARISONS = new Set(["equal", "notEqual", "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual"]);
const COMPOUNDS = new Set(["and", "or", "xor", "surrogate"]);
const BINARY_TESTS = new Set(["<=", "<", ">=", ">", "==", "!=", "in", "notIn"]);
const AGGREGATIONS = new Set(["sum", "average", "weightedAverage", "min", "max", "median", "weightedMedian", "vote"]);
const TRANSFORMS = new Set(["none", "logistic", "softmax", "normalize", "sparkGbt", "onnxLogistic", "onnxSoftmax", "onnxSoftmaxZero", "onnxProbit"]);
const OUTPUTS = new Set(["value", "raw", "scores", "label", "confidence"]);

/** Whether a PMML tree's missingValueStrategy mixes several leaves (aggregateNodes, weightedConfidence). */
export function isMixing(t: PmmlTree): boolean {
  return t.missingValueStrategy === "aggregateNodes" || t.missingValueStrategy === "weightedConfidence";
}

export type PmmlComparison = Extract<PmmlPredicate, { value: unknown }>;

export function isComparison(p: PmmlPredicate): p is PmmlComparison {
  return COMPARISONS.has(p.op);
}

export function isCompound(p: PmmlPredicate): p is Extract<PmmlPredicate, { predicates: PmmlPredicate[] }> {
  return COMPOUNDS.has(p.op);
}

/** Facts about valid params that typing and lowering need. */
export interface TreeInfo {
  layout: FeatureLayout;
  kind: "binary" | "pmml";
  /** Width after expansion (raw and scores). */
  rawWidth: number;
  /** Whether a PMML tree may give no prediction (the outputs are then nullable). */
  mayBeMissing: boolean;
  /** Whether leaves must carry labels (vote aggregation, leaf rule). */
  leafLabels: boolean;
  /** Whether leaves carry confidences (confidence output). */
  confidences: boolean;
  /** The largest feature index used, or -1. */
  maxFeature: number;
  /** The deepest nesting of compound predicates (0 when there are none). */
  compoundDepth: number;
}

/** A finite number (leaf values, weights, base values). */
function isNum(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** Any number, infinities and NaN included (thresholds: LightGBM writes `x <= Infinity`). */
function isAnyNum(x: unknown): x is number {
  return typeof x === "number";
}

function checkLeaf(leaf: TreeLeaf, width: number, where: string, labelCount: number | null): void {
  if (!Array.isArray(leaf.values) || leaf.values.length !== width || !leaf.values.every(isNum)) throw new Error(`${where}: a leaf needs ${width} numbers in "values"`);
  if (leaf.label !== undefined && (!Number.isInteger(leaf.label) || leaf.label < 0 || labelCount === null || leaf.label >= labelCount)) {
    throw new Error(`${where}: leaf label ${leaf.label} is not an index into labels.values`);
  }
  if (leaf.confidences !== undefined && (!Array.isArray(leaf.confidences) || leaf.confidences.length !== width || !leaf.confidences.every(isNum))) {
    throw new Error(`${where}: leaf confidences need ${width} numbers`);
  }
}

/** Checks params against the input types; throws an Error that says what does not fit. */
export function checkParams(p: TreeEnsembleParams, inputs: readonly IRType[]): TreeInfo {
  const layout = featureLayout(inputs);
  if (!Array.isArray(p.trees) || p.trees.length === 0) throw new Error("treeEnsemble needs at least one tree");
  if (!Number.isInteger(p.width) || p.width < 1) throw new Error(`treeEnsemble: width must be a positive integer, found ${p.width}`);
  const kind = p.trees[0]!.kind;
  if (kind !== "binary" && kind !== "pmml") throw new Error(`treeEnsemble: unknown tree kind "${String(kind)}"`);
  if (p.trees.some((t) => t.kind !== kind)) throw new Error("treeEnsemble: all trees must be of the same kind (binary or pmml)");
  if (!AGGREGATIONS.has(p.aggregation)) throw new Error(`treeEnsemble: unknown aggregation "${p.aggregation}"`);
  const transform = p.transform ?? "none";
  if (!TRANSFORMS.has(transform)) throw new Error(`treeEnsemble: unknown transform "${transform}"`);
  if (p.weights !== undefined && (p.weights.length !== p.trees.length || !p.weights.every((w) => isNum(w) && Number.isFinite(w)))) {
    throw new Error(`treeEnsemble: weights must hold ${p.trees.length} finite numbers, one per tree`);
  }
  if ((p.aggregation === "weightedAverage" || p.aggregation === "weightedMedian" || p.aggregation === "vote") && p.weights?.some((w) => w < 0)) {
    throw new Error(`treeEnsemble: ${p.aggregation} needs non-negative weights`);
  }
  if ((p.aggregation === "median" || p.aggregation === "weightedMedian") && p.width !== 1) throw new Error(`treeEnsemble: ${p.aggregation} needs width 1`);
  if (p.base !== undefined && (p.base.length !== p.width || !p.base.every(isNum))) throw new Error(`treeEnsemble: base must hold ${p.width} numbers`);
  if (p.expand !== undefined && p.expand !== "complement" && p.expand !== "negate") throw new Error(`treeEnsemble: unknown expand "${String(p.expand)}"`);
  if (p.expand !== undefined && p.width !== 1) throw new Error("treeEnsemble: expand needs width 1");
  const rawWidth = p.expand !== undefined ? 2 : p.width;
  if (transform === "sparkGbt" && rawWidth !== 2) throw new Error("treeEnsemble: the sparkGbt transform needs two raw slots");
  if (p.missingTree !== undefined) {
    if (p.missingTree.treatment !== "returnMissing" && p.missingTree.treatment !== "skip") throw new Error(`treeEnsemble: unknown missingTree treatment "${String(p.missingTree.treatment)}"`);
    if (p.missingTree.threshold !== undefined && !isNum(p.missingTree.threshold)) throw new Error("treeEnsemble: missingTree.threshold must be a number");
  }
  if (!Array.isArray(p.outputs) || p.outputs.length === 0) throw new Error("treeEnsemble needs at least one output");
  for (const o of p.outputs) if (!OUTPUTS.has(o)) throw new Error(`treeEnsemble: unknown output "${o}"`);

  const labelCount = p.labels?.values.length ?? null;
  const rule = p.labels?.rule;
  if (p.labels !== undefined) {
    const l = p.labels;
    if (!Array.isArray(l.values) || l.values.length === 0) throw new Error("treeEnsemble: labels.values must not be empty");
    if (l.type === "string") {
      if (!l.values.every((v) => typeof v === "string")) throw new Error("treeEnsemble: string labels must all be strings");
    } else if (l.type === "double" || l.type === "int" || l.type === "long") {
      if (!l.values.every(isNum)) throw new Error(`treeEnsemble: ${l.type} labels must all be numbers`);
      if (l.type !== "double" && !l.values.every((v) => Number.isSafeInteger(v))) throw new Error(`treeEnsemble: ${l.type} labels must be integers`);
      if (l.type === "int" && !l.values.every((v) => (v as number) >= -2147483648 && (v as number) <= 2147483647)) throw new Error("treeEnsemble: int labels out of range");
    } else {
      throw new Error(`treeEnsemble: unknown label type "${String(l.type)}"`);
    }
    if (rule === undefined) throw new Error("treeEnsemble: labels need a rule");
    if (rule.kind === "argmax") {
      if (rule.of !== "raw" && rule.of !== "scores") throw new Error("treeEnsemble: argmax of raw or scores");
      if (l.values.length !== rawWidth) throw new Error(`treeEnsemble: argmax needs one label per slot (${rawWidth}), found ${l.values.length}`);
      if (rule.thresholds !== undefined && (rule.thresholds.length !== rawWidth || !rule.thresholds.every((t) => isNum(t) && t >= 0))) {
        throw new Error(`treeEnsemble: thresholds must hold ${rawWidth} non-negative numbers`);
      }
      if (rule.ties !== undefined && rule.ties !== "first" && rule.ties !== "firstVote") throw new Error(`treeEnsemble: unknown ties rule "${String(rule.ties)}"`);
      if (rule.ties === "firstVote" && (p.aggregation !== "vote" || rule.thresholds !== undefined || p.expand !== undefined)) {
        throw new Error('treeEnsemble: ties "firstVote" needs the vote aggregation (without thresholds or expand)');
      }
    } else if (rule.kind === "threshold") {
      if (rule.of !== "raw" && rule.of !== "scores") throw new Error("treeEnsemble: threshold of raw or scores");
      if (!Number.isInteger(rule.slot) || rule.slot < 0 || rule.slot >= rawWidth) throw new Error(`treeEnsemble: threshold slot ${rule.slot} is not a raw slot`);
      if (!isNum(rule.threshold)) throw new Error("treeEnsemble: the label threshold must be a number");
      if (l.values.length !== 2) throw new Error("treeEnsemble: the threshold rule needs two labels [negative, positive]");
    } else if (rule.kind === "leaf") {
      if (p.trees.length !== 1) throw new Error("treeEnsemble: the leaf label rule needs exactly one tree");
    } else {
      throw new Error(`treeEnsemble: unknown label rule "${String((rule as { kind: unknown }).kind)}"`);
    }
  }
  if (p.outputs.includes("label") && p.labels === undefined) throw new Error("treeEnsemble: the label output needs labels");
  if (p.aggregation === "vote" && (labelCount === null || labelCount !== p.width)) throw new Error("treeEnsemble: vote needs labels, one per slot (width)");
  const leafLabels = p.aggregation === "vote" || rule?.kind === "leaf";
  const confidences = p.outputs.includes("confidence");
  if (confidences && (kind !== "pmml" || p.trees.length !== 1)) throw new Error("treeEnsemble: the confidence output needs exactly one PMML tree");

  let maxFeature = -1;
  let compoundDepth = 0;
  const useFeature = (f: number, where: string): FeatureSlot => {
    const s = Number.isInteger(f) ? featureSlot(layout, inputs, f) : undefined;
    if (s === undefined) throw new Error(`${where}: feature ${f} is not an input feature`);
    maxFeature = Math.max(maxFeature, f);
    return s;
  };
  const leafCheck = (leaf: TreeLeaf, where: string): void => {
    checkLeaf(leaf, p.width, where, labelCount);
    if (leafLabels && leaf.label === undefined) throw new Error(`${where}: a leaf has no label (needed by ${p.aggregation === "vote" ? "vote" : "the leaf label rule"})`);
  };
  let mayBeMissing = false;

  p.trees.forEach((tree, ti) => {
    const where = `tree ${ti}`;
    if (tree.kind === "binary") {
      const nodes = tree.nodes;
      if (!Array.isArray(nodes) || nodes.length === 0) throw new Error(`${where}: no nodes`);
      const parents = new Array<number>(nodes.length).fill(0);
      nodes.forEach((n, i) => {
        const w = `${where}, node ${i}`;
        if ("leaf" in n) {
          leafCheck(n.leaf, w);
          return;
        }
        if (!BINARY_TESTS.has(n.test)) throw new Error(`${w}: unknown test "${String(n.test)}"`);
        const s = useFeature(n.feature, w);
        if (s.kind === "string") throw new Error(`${w}: binary splits compare numbers, feature ${n.feature} is a string`);
        if (n.test === "in" || n.test === "notIn") {
          if (!Array.isArray(n.set) || !n.set.every(isAnyNum)) throw new Error(`${w}: an ${n.test} test needs a set of numbers`);
        } else if (!isAnyNum(n.threshold)) {
          throw new Error(`${w}: a ${n.test} test needs a numeric threshold`);
        }
        if (n.missing !== undefined && n.missing !== "compare" && n.missing !== "true" && n.missing !== "false") throw new Error(`${w}: unknown missing rule "${String(n.missing)}"`);
        for (const c of [n.ifTrue, n.ifFalse]) {
          if (!Number.isInteger(c) || c <= 0 || c >= nodes.length) throw new Error(`${w}: child ${c} is not a node of the tree (or is the root)`);
          parents[c]!++;
        }
      });
      parents.forEach((k, i) => {
        if (i > 0 && k !== 1) throw new Error(`${where}: node ${i} has ${k} parents; each node but the root needs exactly one`);
      });
      // One parent each and the root has none: the nodes reachable from the root form a tree (no cycle reaches the root).
    } else if (tree.kind === "pmml") {
      const mixing = isMixing(tree);
      if (mixing) {
        const mvs = `missingValueStrategy="${tree.missingValueStrategy}"`;
        if (p.labels === undefined || p.labels.values.length !== p.width) throw new Error(`${where}: ${mvs} is supported for classification trees only (labels, one per slot)`);
        if (p.trees.length !== 1) throw new Error(`${where}: ${mvs} is supported for a single tree only, not in an ensemble of several trees`);
        if (p.normalizeLeaves === true) throw new Error(`${where}: ${mvs} does not go with normalizeLeaves`);
      }
      if (!["none", "lastPrediction", "nullPrediction", "defaultChild", "weightedConfidence", "aggregateNodes"].includes(tree.missingValueStrategy)) throw new Error(`${where}: unknown missingValueStrategy "${String(tree.missingValueStrategy)}"`);
      if (tree.noTrueChildStrategy !== "returnNullPrediction" && tree.noTrueChildStrategy !== "returnLastPrediction") throw new Error(`${where}: unknown noTrueChildStrategy "${String(tree.noTrueChildStrategy)}"`);
      if (tree.missingValuePenalty !== undefined && !(isNum(tree.missingValuePenalty) && tree.missingValuePenalty >= 0 && tree.missingValuePenalty <= 1)) {
        throw new Error(`${where}: missingValuePenalty must be between 0 and 1`);
      }
      const checkPredicate = (pr: PmmlPredicate, w: string, depth: number): void => {
        if (pr === null || typeof pr !== "object") throw new Error(`${w}: a predicate must be an object`);
        if (pr.op === "true" || pr.op === "false") return;
        if (isCompound(pr)) {
          if (!Array.isArray(pr.predicates) || pr.predicates.length < 2) throw new Error(`${w}: a ${pr.op} predicate needs at least two predicates`);
          compoundDepth = Math.max(compoundDepth, depth + 1);
          pr.predicates.forEach((q) => checkPredicate(q, w, depth + 1));
          return;
        }
        if (pr.op === "isMissing" || pr.op === "isNotMissing") {
          useFeature(pr.feature, w);
          return;
        }
        if (isComparison(pr)) {
          const s = useFeature(pr.feature, w);
          checkValue(s, pr.value, w, pr.op);
          if (s.kind === "string" && pr.op !== "equal" && pr.op !== "notEqual") throw new Error(`${w}: ${pr.op} on the string feature ${pr.feature} is not supported`);
          return;
        }
        if (pr.op === "isIn" || pr.op === "isNotIn") {
          const s = useFeature(pr.feature, w);
          if (!Array.isArray(pr.values)) throw new Error(`${w}: ${pr.op} needs values`);
          for (const v of pr.values) checkValue(s, v, w, pr.op);
          return;
        }
        throw new Error(`${w}: unknown predicate "${String((pr as { op: unknown }).op)}"`);
      };
      let count = 0;
      const checkNode = (n: PmmlNode, w: string, isRoot: boolean): void => {
        if (++count > 10_000_000) throw new Error(`${where}: too many nodes`);
        checkPredicate(n.predicate, w, 0);
        if (n.leaf !== undefined) leafCheck(n.leaf, w);
        if (n.leaf?.recordCounts !== undefined && (!Array.isArray(n.leaf.recordCounts) || n.leaf.recordCounts.length !== p.width || !n.leaf.recordCounts.every((c) => isNum(c) && c >= 0))) {
          throw new Error(`${w}: leaf recordCounts need ${p.width} non-negative numbers`);
        }
        if (n.recordCount !== undefined && !(isNum(n.recordCount) && n.recordCount >= 0)) throw new Error(`${w}: recordCount must be a non-negative number`);
        if (tree.missingValueStrategy === "aggregateNodes" && n.leaf !== undefined && n.leaf.recordCounts === undefined) {
          throw new Error(`${w}: missingValueStrategy="aggregateNodes" needs recordCounts (ScoreDistribution@recordCount) on every scored node`);
        }
        const children = n.children ?? [];
        if (!Array.isArray(children)) throw new Error(`${w}: children must be an array`);
        if (n.defaultChild !== undefined && (!Number.isInteger(n.defaultChild) || n.defaultChild < 0 || n.defaultChild >= children.length)) {
          throw new Error(`${w}: defaultChild ${n.defaultChild} is not a child`);
        }
        if (children.length > 0 && tree.missingValueStrategy === "defaultChild" && n.defaultChild === undefined) {
          throw new Error(`${w}: missingValueStrategy="defaultChild" needs defaultChild on every node with children`);
        }
        if (tree.missingValueStrategy === "weightedConfidence" && children.length > 0) {
          if (!(n.recordCount !== undefined && n.recordCount > 0)) throw new Error(`${w}: missingValueStrategy="weightedConfidence" needs a positive recordCount on every node with children`);
          if (children.some((c) => c.recordCount === undefined)) throw new Error(`${w}: missingValueStrategy="weightedConfidence" needs recordCount on every child node`);
        }
        if (isRoot && n.predicate.op !== "true") mayBeMissing = true;
        // Mixing several leaves may find none (or a total of 0).
        if (mixing && children.length > 0) mayBeMissing = true;
        if (children.length === 0) {
          if (n.leaf === undefined) mayBeMissing = true;
        } else {
          const last = children[children.length - 1]!;
          if (last.predicate.op !== "true") {
            // No true child is possible: a null prediction, or this node's (perhaps absent) prediction.
            if (tree.noTrueChildStrategy === "returnNullPrediction" || n.leaf === undefined) mayBeMissing = true;
          }
          if (tree.missingValueStrategy === "nullPrediction") mayBeMissing = true;
          if (tree.missingValueStrategy === "lastPrediction" && n.leaf === undefined) mayBeMissing = true;
        }
        children.forEach((c, i) => checkNode(c, `${w}/${i}`, false));
      };
      checkNode(tree.root, `${where}, node root`, true);
    } else {
      throw new Error(`${where}: unknown tree kind`);
    }
  });
  if (p.missingTree?.treatment === "skip" && mayBeMissing) {
    // Skipping can leave no tree at all: still missing.
  }
  return { layout, kind, rawWidth, mayBeMissing, leafLabels, confidences, maxFeature, compoundDepth };
}

function checkValue(s: FeatureSlot, v: unknown, where: string, op: string): void {
  if (s.kind === "string") {
    if (typeof v !== "string") throw new Error(`${where}: ${op} compares a string feature with ${JSON.stringify(v)}; give a string`);
  } else if (!isAnyNum(v) && typeof v !== "boolean") {
    throw new Error(`${where}: ${op} compares a ${s.kind} feature with ${JSON.stringify(v)}; give a number`);
  }
}
