/**
 * PMML TreeModel, through the treeEnsemble op's PMML tree form (src/ir/ops/tree-types.ts).
 *
 * - Predicates: SimplePredicate (the six comparisons, isMissing, isNotMissing), SimpleSetPredicate
 *   (isIn, isNotIn), CompoundPredicate (and, or, xor, surrogate), True, False. A predicate's value is
 *   read as the field's type: a number for numeric fields (rounded to float32 for a float field, whose
 *   values are float32, so that the comparison is PMML's comparison of two floats), a string for
 *   string fields, a boolean for boolean fields, a date, time or dateTime (the `temporal` op's number)
 *   for such fields.
 * - Nodes: any number of children (splitCharacteristic changes nothing: the first child whose
 *   predicate is true is taken), Node@defaultChild, missingValueStrategy none / lastPrediction /
 *   nullPrediction / defaultChild (with missingValuePenalty); noTrueChildStrategy returnNullPrediction /
 *   returnLastPrediction.
 * - missingValueStrategy aggregateNodes and weightedConfidence (classification only; one tree per
 *   treeEnsemble step: the MiningModel reader reads such a segment as a model of its own): the op's rules (PmmlTree in
 *   src/ir/ops/tree-types.ts: every candidate child, UNKNOWN ones before the first TRUE one and that
 *   one, is followed). aggregateNodes sums the ScoreDistribution@recordCount of the leaves reached
 *   (every scored Node needs them); weightedConfidence weights the candidates' confidences
 *   (ScoreDistribution@confidence, else the probabilities) by Node@recordCount / the parent's
 *   Node@recordCount (every Node with children and its children need one). missingValuePenalty is
 *   not applied there, and entityId is missing for a row that mixes several leaves.
 * - Regression: the node's score (float32 with x-mathContext="float").
 * - Classification: the node's score is the predicted label; the probabilities are the node's
 *   ScoreDistribution as jpmml-evaluator computes them: the `probability` attributes when the first
 *   ScoreDistribution has one, else the record counts, divided by their sum (in document order) unless
 *   the sum is 1; categories a node does not list have probability 0. ScoreDistribution@confidence
 *   gives the confidences (times missingValuePenalty per missing level). When some scored node has no
 *   ScoreDistribution the model has no probabilities (jpmml-evaluator gives a plain vote there).
 * - entityId (Node@id, or the node's 1-based position in document order when it has none): a second
 *   walk of the same tree whose labels are the node ids, made only when the model's Output asks for it.
 *
 * The pieces (features, labels, one tree) are exported for the MiningModel reader, which puts the trees
 * of a segmentation into one treeEnsemble step when its combination rule is one the op aggregates.
 */
import type { PmmlNode, PmmlPredicate, PmmlTree, TreeEnsembleParams, TreeLabels, TreeLeaf, TreeOutput } from "../../../src/ir/ops/tree-types.js";
import type { Expr } from "../../../src/ir/ops/expr.js";
import type { LinearModelParams } from "../../../src/ir/ops/linear-model.js";
import type { Step } from "../../../src/ir/pipeline.js";
import { describeType, nonNull } from "../../../src/ir/types.js";
import type { TemporalKind } from "../../../src/ir/ops/temporal.js";
import { parseTemporalValue, temporalKindOf, withTemporal } from "../fields.js";
import type { ModelReader, ModelResult, ModelScope } from "../model.js";
import { child, children, parseArray, type XmlElement } from "../xml.js";

const PREDICATES = ["SimplePredicate", "CompoundPredicate", "SimpleSetPredicate", "True", "False"];
const COMPARISONS = new Set(["equal", "notEqual", "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual"]);

// ------------------------------------------------------------------------------------ values

/** A number as PMML writes it (also NaN, INF, -INF, Infinity); null when it is not one. */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (t === "NaN") return NaN;
  const inf = /^([+-]?)(INF|Inf|inf|Infinity)$/.exec(t);
  if (inf !== null) return inf[1] === "-" ? -Infinity : Infinity;
  return null;
}

/** Whether the model computes in float32 (x-mathContext="float"). */
export function isFloatContext(model: XmlElement): boolean {
  const m = model.attrs["x-mathContext"];
  return m === "float";
}

// ------------------------------------------------------------------------------------ features

/**
 * The treeEnsemble step's input columns: each field a tree reads is one column, hence one feature
 * (its index here).
 */
export class TreeFeatures {
  readonly columns: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(readonly scope: ModelScope) {}

  /** The feature of a field, as `scope` (the tree's own scope) resolves it. */
  feature(field: string, where: XmlElement, scope: ModelScope = this.scope): { index: number; kind: string } {
    const column = scope.column(field, where);
    const t = nonNull(scope.typeOf(column));
    if (!["double", "float", "int", "long", "string", "enum", "boolean"].includes(t.kind)) {
      scope.fail(where, `field "${field}" is a ${describeType(t)}, which a tree predicate cannot test`);
    }
    let i = this.index.get(column);
    if (i === undefined) {
      i = this.columns.length;
      this.columns.push(column);
      this.index.set(column, i);
    }
    return { index: i, kind: t.kind };
  }
}

/** A predicate value as the field's type compares it. */
function predicateValue(raw: string, kind: string, where: XmlElement, scope: ModelScope): number | string | boolean {
  if (kind === "string" || kind === "enum") return raw;
  if (kind === "boolean") {
    const t = raw.trim().toLowerCase();
    if (t === "true" || t === "1") return true;
    if (t === "false" || t === "0") return false;
    return scope.fail(where, `value "${raw}" is not a boolean`);
  }
  const n = parseNumber(raw);
  if (n === null) return scope.fail(where, `value "${raw}" is not a number (the field is numeric)`);
  return kind === "float" ? Math.fround(n) : n;
}

/** A predicate value of a date, time or dateTime field: the `temporal` op's number for its ISO text. */
function temporalValue(kind: TemporalKind, raw: string, where: XmlElement, scope: ModelScope): number {
  const v = parseTemporalValue(kind, raw);
  if (v === null) return scope.fail(where, `value "${raw}" is not a ${kind} (the field is a ${kind})`);
  return v;
}

/** A PMML predicate element as the op's predicate; its fields become features. */
export function treePredicate(e: XmlElement, scope: ModelScope, features: TreeFeatures): PmmlPredicate {
  switch (e.name) {
    case "True":
      return { op: "true" };
    case "False":
      return { op: "false" };
    case "SimplePredicate": {
      const field = e.attrs.field;
      const op = e.attrs.operator;
      if (field === undefined || op === undefined) return scope.fail(e, "SimplePredicate needs field and operator");
      const temporal = temporalKindOf(scope.field(field)?.dataType);
      const f = temporal === null ? features.feature(field, e, scope) : withTemporal(() => features.feature(field, e, scope));
      if (op === "isMissing" || op === "isNotMissing") return { op, feature: f.index };
      if (!COMPARISONS.has(op)) return scope.fail(e, `operator="${op}" is not supported`);
      const value = e.attrs.value;
      if (value === undefined) return scope.fail(e, `operator="${op}" needs a value`);
      if ((f.kind === "string" || f.kind === "enum") && op !== "equal" && op !== "notEqual") {
        return scope.fail(e, `operator="${op}" on the string field "${field}" is not supported`);
      }
      return { op: op as "equal", feature: f.index, value: temporal === null ? predicateValue(value, f.kind, e, scope) : temporalValue(temporal, value, e, scope) };
    }
    case "SimpleSetPredicate": {
      const field = e.attrs.field;
      const op = e.attrs.booleanOperator;
      if (field === undefined) return scope.fail(e, "SimpleSetPredicate needs a field");
      if (op !== "isIn" && op !== "isNotIn") return scope.fail(e, `booleanOperator="${op ?? ""}" is not supported`);
      const array = child(e, "Array");
      if (array === undefined) return scope.fail(e, "SimpleSetPredicate needs an Array");
      const temporal = temporalKindOf(scope.field(field)?.dataType);
      const f = temporal === null ? features.feature(field, e, scope) : withTemporal(() => features.feature(field, e, scope));
      return { op, feature: f.index, values: parseArray(array).map((v) => (temporal === null ? predicateValue(v, f.kind, e, scope) : temporalValue(temporal, v, e, scope))) };
    }
    case "CompoundPredicate": {
      const op = e.attrs.booleanOperator;
      if (op !== "and" && op !== "or" && op !== "xor" && op !== "surrogate") return scope.fail(e, `booleanOperator="${op ?? ""}" is not supported`);
      const parts = e.children.filter((c) => PREDICATES.includes(c.name)).map((c) => treePredicate(c, scope, features));
      if (parts.length === 0) return scope.fail(e, "a CompoundPredicate needs predicates");
      // One predicate decides alone, whatever the operator (the op wants two or more).
      if (parts.length === 1) return parts[0]!;
      return { op, predicates: parts };
    }
    default:
      return scope.fail(e, `predicate ${e.name} is not supported`);
  }
}

// ------------------------------------------------------------------------------------ labels

/** The label type of a classification's target, as treeEnsemble types its label output. */
export type LabelKind = TreeLabels["type"];

/** The categories of a classification, in the target's order, then in order of first appearance. */
export class CategorySet {
  readonly values: (string | number)[] = [];
  /** The categories as PMML writes them (for ModelResult.probabilities). */
  readonly names: string[] = [];
  private readonly keys = new Map<string, number>();

  constructor(
    readonly type: LabelKind,
    declared: readonly string[],
    private readonly scope: ModelScope,
    private readonly where: XmlElement,
  ) {
    for (const v of declared) this.index(v, where);
  }

  private key(raw: string, where: XmlElement): { key: string; value: string | number } {
    if (this.type === "string") return { key: raw, value: raw };
    const n = parseNumber(raw);
    if (n === null || !Number.isFinite(n)) return this.scope.fail(where, `category "${raw}" is not a number (the target is numeric)`);
    if ((this.type === "int" || this.type === "long") && !Number.isSafeInteger(n)) return this.scope.fail(where, `category "${raw}" is not an integer (the target is an integer)`);
    return { key: String(n), value: n };
  }

  /** The slot of a category, added when new. */
  index(raw: string, where: XmlElement = this.where): number {
    const { key, value } = this.key(raw, where);
    let i = this.keys.get(key);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.names.push(raw);
      this.keys.set(key, i);
    }
    return i;
  }

  get size(): number {
    return this.values.length;
  }
}

/** The label type of a target field's PMML dataType. */
export function labelKind(dataType: string | undefined, where: XmlElement, scope: ModelScope): LabelKind {
  switch (dataType ?? "string") {
    case "string":
      return "string";
    case "integer":
      return "int";
    case "long":
      return "long";
    case "float":
    case "double":
      return "double";
    default:
      return scope.fail(where, `a classification target of dataType="${dataType}" is not supported`);
  }
}

// ------------------------------------------------------------------------------------ one tree

/** A scored node's distribution, resolved to vectors once every tree has given its categories. */
interface Pending {
  leaf: TreeLeaf;
  /** Category slot and probability (already divided by the sum), in document order. */
  probabilities: [number, number][];
  confidences: [number, number][] | null;
  /** Category slot and ScoreDistribution@recordCount, when every ScoreDistribution of the node has one. */
  counts: [number, number][] | null;
}

/** What reading one TreeModel gives, before the leaves' vectors are laid out. */
export interface TreeRead {
  tree: PmmlTree;
  /** Classification: whether every scored node has a ScoreDistribution (else there are no probabilities). */
  hasDistributions: boolean;
  /** Whether some ScoreDistribution has a confidence. */
  hasConfidences: boolean;
  /** The node ids of the scored nodes, in the order of their leaves (for entityId). */
  leafIds: { leaf: TreeLeaf; id: string }[];
  pending: Pending[];
}

/**
 * Reads one TreeModel's nodes into the op's PMML tree. `labels` is null for regression. With
 * `float`, scores and probabilities are float32 values computed as jpmml-evaluator's float math
 * context does.
 */
export function readTree(model: XmlElement, scope: ModelScope, features: TreeFeatures, labels: CategorySet | null, float: boolean): TreeRead {
  const strategy = model.attrs.missingValueStrategy ?? "none";
  const mixing = strategy === "weightedConfidence" || strategy === "aggregateNodes";
  if (mixing && labels === null) scope.fail(model, `missingValueStrategy="${strategy}" is supported for classification trees only`);
  if (!["none", "lastPrediction", "nullPrediction", "defaultChild", "weightedConfidence", "aggregateNodes"].includes(strategy)) scope.fail(model, `missingValueStrategy="${strategy}" is not supported`);
  const noTrue = model.attrs.noTrueChildStrategy ?? "returnNullPrediction";
  if (noTrue !== "returnNullPrediction" && noTrue !== "returnLastPrediction") scope.fail(model, `noTrueChildStrategy="${noTrue}" is not supported`);
  let penalty = 1;
  if (model.attrs.missingValuePenalty !== undefined) {
    const p = parseNumber(model.attrs.missingValuePenalty);
    if (p === null || !(p >= 0 && p <= 1)) scope.fail(model, `missingValuePenalty="${model.attrs.missingValuePenalty}" is not a number between 0 and 1`);
    penalty = p;
  }
  const root = child(model, "Node");
  if (root === undefined) return scope.fail(model, "a TreeModel needs a Node");
  const F = float ? Math.fround : (x: number): number => x;
  const read: TreeRead = { tree: null as unknown as PmmlTree, hasDistributions: true, hasConfidences: false, leafIds: [], pending: [] };
  let position = 0;

  const readNode = (e: XmlElement): PmmlNode => {
    position++;
    const id = e.attrs.id ?? String(position);
    let predicate: PmmlPredicate | null = null;
    const distributions: XmlElement[] = [];
    const kids: XmlElement[] = [];
    for (const c of e.children) {
      if (PREDICATES.includes(c.name)) {
        if (predicate !== null) scope.fail(c, "a Node has two predicates");
        predicate = treePredicate(c, scope, features);
      } else if (c.name === "ScoreDistribution") distributions.push(c);
      else if (c.name === "Node") kids.push(c);
      else if (c.name === "Partition" || c.name === "Extension") continue;
      else scope.fail(c, `a Node's ${c.name} is not supported`);
    }
    if (predicate === null) return scope.fail(e, "a Node needs a predicate");
    const node: PmmlNode = { predicate };
    if (e.attrs.recordCount !== undefined) {
      const rc = parseNumber(e.attrs.recordCount);
      if (rc === null || !Number.isFinite(rc) || rc < 0) scope.fail(e, `recordCount="${e.attrs.recordCount}" is not a non-negative number`);
      node.recordCount = rc;
    }
    const score = e.attrs.score;
    if (score !== undefined) {
      if (labels === null) {
        const v = parseNumber(score);
        if (v === null || !Number.isFinite(v)) scope.fail(e, `score="${score}" is not a number (regression)`);
        node.leaf = { values: [F(v)] };
      } else {
        const leaf: TreeLeaf = { values: [], label: labels.index(score, e) };
        node.leaf = leaf;
        if (distributions.length > 0) read.pending.push(distribution(leaf, distributions));
        else if (strategy === "aggregateNodes") scope.fail(e, 'missingValueStrategy="aggregateNodes" needs a ScoreDistribution with recordCount on every scored Node');
      }
      read.leafIds.push({ leaf: node.leaf, id });
    } else if (labels !== null && distributions.length > 0 && kids.length === 0) {
      scope.fail(e, "a leaf Node with a ScoreDistribution but no score is not supported");
    }
    if (kids.length > 0) {
      node.children = kids.map(readNode);
      if (strategy === "weightedConfidence" && !(node.recordCount !== undefined && node.recordCount > 0 && node.children.every((k) => k.recordCount !== undefined))) {
        scope.fail(e, 'missingValueStrategy="weightedConfidence" needs recordCount on every Node with children (positive) and on its children');
      }
      const dc = e.attrs.defaultChild;
      if (dc !== undefined) {
        const i = kids.findIndex((k) => k.attrs.id === dc);
        if (i < 0) scope.fail(e, `defaultChild="${dc}" is not the id of a child Node`);
        node.defaultChild = i;
      } else if (strategy === "defaultChild") {
        scope.fail(e, 'missingValueStrategy="defaultChild" needs defaultChild on every Node with children');
      }
    }
    // A scored node where the walk may end without a ScoreDistribution: jpmml-evaluator gives a plain
    // vote there, without probabilities.
    if (node.leaf !== undefined && distributions.length === 0 && labels !== null && mayEndHere(node)) read.hasDistributions = false;
    return node;
  };

  const mayEndHere = (n: PmmlNode): boolean => {
    const cs = n.children ?? [];
    if (cs.length === 0) return true;
    const decided = (p: PmmlPredicate): boolean => p.op === "true" || p.op === "false";
    if (noTrue === "returnLastPrediction" && cs[cs.length - 1]!.predicate.op !== "true") return true;
    return strategy === "lastPrediction" && !cs.every((c) => decided(c.predicate));
  };

  const distribution = (leaf: TreeLeaf, ds: XmlElement[]): Pending => {
    const withProbability = ds[0]!.attrs.probability !== undefined;
    const values: [number, number][] = [];
    let counts: [number, number][] | null = [];
    let confidences: [number, number][] | null = null;
    let sum = 0;
    for (const d of ds) {
      const category = d.attrs.value;
      if (category === undefined) scope.fail(d, "a ScoreDistribution needs a value");
      const attr = withProbability ? "probability" : "recordCount";
      const raw = d.attrs[attr];
      if (raw === undefined) scope.fail(d, `${attr} is missing (${withProbability ? "the first ScoreDistribution of the Node has a probability" : "a ScoreDistribution needs a recordCount"})`);
      const v = parseNumber(raw);
      if (v === null || !Number.isFinite(v) || v < 0 || (withProbability && v > 1)) scope.fail(d, `${attr}="${raw}" is not valid`);
      const x = F(v);
      sum = F(sum + x);
      const slot = labels!.index(category, d);
      values.push([slot, x]);
      const rc = d.attrs.recordCount === undefined ? null : parseNumber(d.attrs.recordCount);
      if (strategy === "aggregateNodes" && (rc === null || !Number.isFinite(rc) || rc < 0)) {
        scope.fail(d, `missingValueStrategy="aggregateNodes" needs a valid recordCount on every ScoreDistribution (found ${d.attrs.recordCount === undefined ? "none" : `"${d.attrs.recordCount}"`})`);
      }
      if (rc === null || !Number.isFinite(rc) || rc < 0) counts = null;
      else counts?.push([slot, rc]);
      if (d.attrs.confidence !== undefined) {
        const c = parseNumber(d.attrs.confidence);
        if (c === null || !Number.isFinite(c)) scope.fail(d, `confidence="${d.attrs.confidence}" is not a number`);
        (confidences ??= []).push([slot, F(c)]);
        read.hasConfidences = true;
      }
    }
    // jpmml-evaluator divides by the sum unless it is 1 (a zero sum is an error there, at that node).
    const probabilities = sum === 1 || sum === 0 ? values : values.map(([s, x]): [number, number] => [s, F(x / sum)]);
    return { leaf, probabilities, confidences, counts };
  };

  const rootNode = readNode(root);
  read.tree = {
    kind: "pmml",
    root: rootNode,
    missingValueStrategy: strategy as PmmlTree["missingValueStrategy"],
    noTrueChildStrategy: noTrue,
  };
  if (penalty !== 1) read.tree.missingValuePenalty = penalty;
  return read;
}

/** Lays out the leaves' vectors once the label set is complete (width = labels.size, or 1). */
export function layoutLeaves(read: TreeRead, width: number): void {
  const filled = new Set<TreeLeaf>();
  for (const p of read.pending) {
    const values = new Array<number>(width).fill(0);
    for (const [slot, x] of p.probabilities) values[slot] = x;
    p.leaf.values = values;
    if (p.counts !== null && (read.tree.missingValueStrategy === "aggregateNodes")) {
      const counts = new Array<number>(width).fill(0);
      for (const [slot, x] of p.counts) counts[slot] += x;
      p.leaf.recordCounts = counts;
    }
    if (read.hasConfidences) {
      const conf = new Array<number>(width).fill(0);
      for (const [slot, c] of p.confidences ?? []) conf[slot] = c;
      p.leaf.confidences = conf;
    }
    filled.add(p.leaf);
  }
  for (const { leaf } of read.leafIds) {
    if (filled.has(leaf) || leaf.label === undefined) continue;
    leaf.values = new Array<number>(width).fill(0);
    if (read.hasConfidences) leaf.confidences = new Array<number>(width).fill(0);
  }
}

// ------------------------------------------------------------------------------------ scalars of a vector

/**
 * The elements of a vector column as scalar columns: an identity linearModel (each output is
 * 1·x_k plus zeros, which is x_k exactly for the finite values trees give).
 */
export function vectorElements(scope: ModelScope, vectorColumn: string, width: number, hints: string[], origin: XmlElement | string): string[] {
  const params: LinearModelParams = {
    coefficients: Array.from({ length: width }, (_, k) => Array.from({ length: width }, (_, j) => (j === k ? 1 : 0))),
    intercepts: new Array<number>(width).fill(0),
    transform: { kind: "link", link: { fn: "identity" } },
    missing: "null",
    outputs: hints.map((_, k) => ({ kind: "values", index: k })),
  };
  return scope.builder.add("linearModel", [vectorColumn], hints, params, origin);
}

// ------------------------------------------------------------------------------------ the reader

/** Whether the model's Output asks for a feature. */
export function outputAsks(model: XmlElement, feature: string): boolean {
  const output = child(model, "Output");
  return output !== undefined && children(output, "OutputField").some((o) => (o.attrs.feature ?? "predictedValue") === feature);
}

/** The entity ids of a single tree: a second walk whose labels are the ids of the nodes reached. */
function entityIds(read: TreeRead, scope: ModelScope, features: TreeFeatures, model: XmlElement): string {
  const ids: string[] = [];
  const idIndex = new Map<string, number>();
  const relabel = new Map<TreeLeaf, TreeLeaf>();
  for (const { leaf, id } of read.leafIds) {
    let i = idIndex.get(id);
    if (i === undefined) {
      i = ids.length;
      ids.push(id);
      idIndex.set(id, i);
    }
    relabel.set(leaf, { values: [0], label: i });
  }
  const copy = (n: PmmlNode): PmmlNode => {
    const out: PmmlNode = { predicate: n.predicate };
    if (n.leaf !== undefined) out.leaf = relabel.get(n.leaf)!;
    if (n.children !== undefined) out.children = n.children.map(copy);
    if (n.defaultChild !== undefined) out.defaultChild = n.defaultChild;
    return out;
  };
  const tree: PmmlTree = { ...read.tree, root: copy(read.tree.root) };
  if (tree.missingValueStrategy === "aggregateNodes" || tree.missingValueStrategy === "weightedConfidence") {
    // A row that mixes leaves (an UNKNOWN candidate) has no entity: exactly where nullPrediction stops.
    tree.missingValueStrategy = "nullPrediction";
    delete tree.missingValuePenalty;
  }
  const params: TreeEnsembleParams = {
    trees: [tree],
    width: 1,
    aggregation: "sum",
    labels: { values: ids, type: "string", rule: { kind: "leaf" } },
    outputs: ["label"],
  };
  const [col] = scope.builder.add("treeEnsemble", features.columns.slice(), ["entityId"], params, model);
  return col!;
}

// ------------------------------------------------------------------------------------ segmentations of trees

/** One tree of a segmentation, read in its own scope (MiningSchema, LocalTransformations) by readTreeModel. */
export interface CollectedTree {
  model: XmlElement;
  read: TreeRead;
  /** The steps of this tree alone (left unused when the trees become one ensemble: the document reader prunes them). */
  steps: Step[];
  result: ModelResult;
  /** Whether this tree alone may give no prediction. */
  mayBeMissing: boolean;
}

/**
 * Set by the MiningModel reader while the core reads one tree segment (ModelScope.nested): the tree
 * then takes its features and categories from the segmentation's shared tables, and records what it
 * read, so that the MiningModel reader can put all the trees into one treeEnsemble step.
 */
export interface TreeCollector {
  /** The TreeModel element expected next. */
  expect: XmlElement | null;
  features: TreeFeatures;
  /** Classification: the categories, shared by every tree. */
  labels: CategorySet | null;
  trees: CollectedTree[];
}

let collector: TreeCollector | null = null;

/** Runs `body` (a ModelScope.nested call on `tree`) with `c` collecting the tree. */
export function collectTree<T>(c: TreeCollector, tree: XmlElement, body: () => T): T {
  const previous = collector;
  collector = c;
  c.expect = tree;
  try {
    return body();
  } finally {
    collector = previous;
    c.expect = null;
  }
}

export const readTreeModel: ModelReader = (model, scope) => {
  const c = collector !== null && collector.expect === model ? collector : null;
  if (c !== null) collector = null; // nothing below reads another tree, but be safe
  try {
    if (c === null) return readSingleTreeWith(model, scope, null).result;
    const { result, read, mayBeMissing, steps } = readSingleTreeWith(model, scope, c);
    c.trees.push({ model, read, steps, result, mayBeMissing });
    return result;
  } finally {
    if (c !== null) collector = c;
  }
};

function readSingleTreeWith(model: XmlElement, scope: ModelScope, c: TreeCollector | null): { result: ModelResult; read: TreeRead; mayBeMissing: boolean; steps: Step[] } {
  const functionName = model.attrs.functionName ?? "";
  if (functionName !== "regression" && functionName !== "classification") scope.fail(model, `functionName="${functionName}" is not supported for a TreeModel`);
  const float = isFloatContext(model);
  const features = c?.features ?? new TreeFeatures(scope);
  const target = scope.target;
  let labels: CategorySet | null = null;
  if (functionName === "classification") {
    labels = c?.labels ?? new CategorySet(labelKind(target?.dataType, model, scope), target?.values ?? [], scope, model);
    if (c !== null && c.labels === null) scope.fail(model, "a classification tree in a regression segmentation is not supported");
  } else if (c !== null && c.labels !== null) {
    scope.fail(model, "a regression tree in a classification segmentation is not supported");
  }
  const strategy = model.attrs.missingValueStrategy;
  if (c !== null && (strategy === "aggregateNodes" || strategy === "weightedConfidence")) {
    scope.fail(model, `missingValueStrategy="${strategy}" is supported for a TreeModel of its own only, not for a segment of a MiningModel`);
  }
  const read = readTree(model, scope, features, labels, float);
  // The tree's own steps (its fields' steps, made while reading it, come before).
  const first = scope.builder.steps.length;
  const r = buildSingleTree(model, scope, features, labels, read, float, functionName, c === null);
  return { result: r.result, read, mayBeMissing: r.mayBeMissing, steps: scope.builder.steps.slice(first) };
}

function buildSingleTree(
  model: XmlElement,
  scope: ModelScope,
  features: TreeFeatures,
  labels: CategorySet | null,
  read: TreeRead,
  float: boolean,
  functionName: string,
  entities: boolean,
): { result: ModelResult; mayBeMissing: boolean } {
  const target = scope.target;
  const name = model.attrs.modelName ?? "TreeModel";
  const features_ = new Map<string, string>();

  if (labels === null) {
    const params: TreeEnsembleParams = { trees: [read.tree], width: 1, aggregation: "sum", outputs: ["value"] };
    if (float) params.float32 = { arithmetic: true };
    const [value] = scope.builder.add("treeEnsemble", features.columns.slice(), [target?.name ?? name], params, model);
    if (entities && outputAsks(model, "entityId")) features_.set("entityId", entityIds(read, scope, features, model));
    return { result: { functionName, predicted: value!, features: features_ }, mayBeMissing: scope.typeOf(value!).kind === "nullable" };
  }

  if (labels.size === 0) scope.fail(model, "a classification TreeModel without categories (no scores and no target values) is not supported");
  const probabilities = read.hasDistributions && read.pending.length > 0;
  const mvs = read.tree.missingValueStrategy;
  if (!probabilities && (mvs === "aggregateNodes" || mvs === "weightedConfidence")) {
    scope.fail(model, `missingValueStrategy="${mvs}" needs a ScoreDistribution on every scored Node where the walk may end`);
  }
  const width = probabilities ? labels.size : 1;
  layoutLeaves(read, width);
  if (!probabilities) for (const { leaf } of read.leafIds) leaf.values = [0];
  const outputs: TreeOutput[] = ["label"];
  if (probabilities) outputs.push("scores");
  const confidences = probabilities && read.hasConfidences;
  if (confidences) outputs.push("confidence");
  const params: TreeEnsembleParams = {
    trees: [read.tree],
    width,
    aggregation: "sum",
    labels: { values: labels.values.slice(), type: labels.type, rule: { kind: "leaf" } },
    outputs,
  };
  if (float) params.float32 = { arithmetic: true };
  const hints = [target?.name ?? name, ...(probabilities ? [`${name} probabilities`] : []), ...(confidences ? [`${name} confidences`] : [])];
  const cols = scope.builder.add("treeEnsemble", features.columns.slice(), hints, params, model);
  const result: ModelResult = { functionName, predicted: cols[0]!, features: features_ };
  if (probabilities) {
    const scalars = vectorElements(scope, cols[1]!, width, labels.names.map((c) => `probability(${c})`), model);
    result.probabilities = new Map(labels.names.map((c, k) => [c, scalars[k]!]));
  }
  if (confidences) {
    const scalars = vectorElements(scope, cols[2]!, width, labels.names.map((c) => `confidence(${c})`), model);
    labels.names.forEach((c, k) => features_.set(`confidence:${c}`, scalars[k]!));
    if (entities && outputAsks(model, "confidence")) {
      // The predicted category's confidence.
      const kind = labels.type === "string" ? "string" : labels.type;
      let e: Expr = { op: "const", type: "double", value: null };
      for (let k = labels.size - 1; k >= 0; k--) {
        const test: Expr = { op: "apply", fn: "equal", args: [{ op: "input", index: 0 }, { op: "const", type: kind, value: labels.values[k]! }] };
        e = { op: "apply", fn: "if", args: [test, { op: "input", index: k + 1 }, e] };
      }
      const [winner] = scope.builder.add("expr", [cols[0]!, ...scalars], [`${name} confidence`], { expr: e }, model);
      features_.set("confidence", winner!);
    }
  }
  if (entities && outputAsks(model, "entityId")) features_.set("entityId", entityIds(read, scope, features, model));
  return { result, mayBeMissing: scope.typeOf(cols[0]!).kind === "nullable" };
}
