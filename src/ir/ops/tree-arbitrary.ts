/**
 * Random treeEnsemble instances for the property tests, one "flavor" per source variant (ONNX
 * regressors and classifiers, Spark trees / forests / GBTs, PMML trees and segmented forests,
 * XGBoost-style float PMML), and rows that hit thresholds, their float32 neighbours, set members and
 * missing values.
 */
import { BOOLEAN, DOUBLE, FLOAT, INT, LONG, STRING, nonNull, nullable, vector, type IRType } from "../types.js";
import { pick } from "./common.js";
import {
  featureLayout,
  featureSlot,
  isComparison,
  isCompound,
  type Aggregation,
  type BinaryNode,
  type BinaryTest,
  type BinaryTree,
  type FeatureSlot,
  type PmmlNode,
  type PmmlPredicate,
  type PmmlTree,
  type TreeEnsembleParams,
  type TreeLeaf,
  type Transform,
} from "./tree-types.js";

type R = () => number;

const WORDS = ["a", "b", "c", "setosa", "versicolor"];
const STRING_LABELS = ["setosa", "versicolor", "virginica", "other"];

function int(random: R, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

/** A threshold: half-integers most of the time (rows can hit them), else an arbitrary double. */
function threshold(random: R, f32: boolean): number {
  if (random() < 0.03) return pick(random, [Infinity, -Infinity, NaN]);
  const t = random() < 0.6 ? Math.round((random() - 0.5) * 20) / 2 : (random() - 0.5) * 20;
  return f32 ? Math.fround(t) : t;
}

// ------------------------------------------------------------------ inputs

function binaryInputs(random: R): IRType[] {
  const r = random();
  if (r < 0.5) {
    const t = vector(int(random, 2, 5));
    return [random() < 0.2 ? nullable(t) : t];
  }
  if (r < 0.6) return [DOUBLE, vector(null)];
  const n = int(random, 1, 4);
  return Array.from({ length: n }, () => {
    const t = pick(random, [DOUBLE, DOUBLE, FLOAT, INT, LONG, BOOLEAN, vector(2)]);
    return random() < 0.3 ? nullable(t) : t;
  });
}

function pmmlInputs(random: R): IRType[] {
  const n = int(random, 1, 4);
  const cols = Array.from({ length: n }, () => {
    const t = pick(random, [DOUBLE, DOUBLE, INT, STRING, STRING, BOOLEAN, FLOAT]);
    return random() < 0.5 ? nullable(t) : t;
  });
  if (random() < 0.15) cols.push(random() < 0.5 ? vector(2) : nullable(vector(2)));
  return cols;
}

// ------------------------------------------------------------------ binary trees

interface BinaryOptions {
  tests: BinaryTest[];
  missing: ("compare" | "true" | "false")[];
  f32: boolean;
  leaf: () => TreeLeaf;
}

function binaryTree(random: R, features: number[], depth: number, o: BinaryOptions): BinaryTree {
  const nodes: BinaryNode[] = [];
  const build = (d: number): number => {
    const i = nodes.length;
    nodes.push({ leaf: { values: [] } });
    if (d === 0 || features.length === 0 || random() < 0.25) {
      nodes[i] = { leaf: o.leaf() };
      return i;
    }
    const test = pick(random, o.tests);
    const feature = pick(random, features);
    const missing = pick(random, o.missing);
    const split: BinaryNode =
      test === "in" || test === "notIn"
        ? { feature, test, set: Array.from({ length: int(random, 0, 3) }, () => int(random, 0, 4)), ifTrue: 0, ifFalse: 0 }
        : { feature, test, threshold: threshold(random, o.f32), ifTrue: 0, ifFalse: 0 };
    if (missing !== "compare" || random() < 0.5) (split as { missing?: string }).missing = missing;
    nodes[i] = split;
    (split as { ifTrue: number }).ifTrue = build(d - 1);
    (split as { ifFalse: number }).ifFalse = build(d - 1);
    return i;
  };
  build(depth);
  return { kind: "binary", nodes };
}

// ------------------------------------------------------------------ PMML trees

interface PmmlOptions {
  f32Style: boolean;
  leaf: () => TreeLeaf;
}

function pmmlPredicate(random: R, slots: Map<number, FeatureSlot>, depth: number): PmmlPredicate {
  const features = [...slots.keys()];
  const r = random();
  if (features.length === 0 || r < 0.05) return { op: random() < 0.7 ? "true" : "false" };
  if (depth > 0 && r < 0.2) {
    const op = pick(random, ["and", "or", "xor", "surrogate"] as const);
    return { op, predicates: Array.from({ length: int(random, 2, 3) }, () => pmmlPredicate(random, slots, depth - 1)) };
  }
  const feature = pick(random, features);
  const s = slots.get(feature)!;
  if (r < 0.28) return { op: random() < 0.5 ? "isMissing" : "isNotMissing", feature };
  if (s.kind === "string") {
    if (random() < 0.4) return { op: random() < 0.6 ? "isIn" : "isNotIn", feature, values: Array.from({ length: int(random, 1, 3) }, () => pick(random, WORDS)) };
    return { op: random() < 0.6 ? "equal" : "notEqual", feature, value: pick(random, WORDS) };
  }
  if (s.kind === "boolean") return { op: random() < 0.6 ? "equal" : "notEqual", feature, value: random() < 0.5 ? true : random() < 0.5 ? 1 : 0 };
  if (random() < 0.15) return { op: random() < 0.6 ? "isIn" : "isNotIn", feature, values: Array.from({ length: int(random, 1, 3) }, () => int(random, -2, 2)) };
  const op = pick(random, ["lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual", "equal", "notEqual"] as const);
  return { op, feature, value: threshold(random, false) };
}

function pmmlTree(random: R, slots: Map<number, FeatureSlot>, depth: number, o: PmmlOptions): PmmlTree {
  const missingValueStrategy = pick(random, ["none", "lastPrediction", "nullPrediction", "defaultChild"] as const);
  const noTrueChildStrategy = pick(random, ["returnNullPrediction", "returnLastPrediction"] as const);
  const numeric = [...slots.entries()].filter(([, s]) => s.kind !== "string").map(([f]) => f);
  const node = (d: number, predicate: PmmlPredicate): PmmlNode => {
    const n: PmmlNode = { predicate };
    if (random() < 0.75) n.leaf = o.leaf();
    if (d === 0 || random() < 0.25) {
      if (n.leaf === undefined && random() < 0.8) n.leaf = o.leaf();
      return n;
    }
    let preds: PmmlPredicate[];
    if (o.f32Style && numeric.length > 0) {
      // XGBoost / LightGBM style: x < t (or missing) / true.
      const feature = pick(random, numeric);
      const t = threshold(random, true);
      const less: PmmlPredicate = { op: "lessThan", feature, value: t };
      preds = [random() < 0.5 ? less : { op: "or", predicates: [{ op: "isMissing", feature }, less] }, { op: "true" }];
    } else {
      preds = Array.from({ length: int(random, 2, 3) }, () => pmmlPredicate(random, slots, 2));
      if (random() < 0.5) preds[preds.length - 1] = { op: "true" };
    }
    n.children = preds.map((q) => node(d - 1, q));
    if (missingValueStrategy === "defaultChild" || random() < 0.3) n.defaultChild = int(random, 0, preds.length - 1);
    return n;
  };
  const tree: PmmlTree = { kind: "pmml", root: node(depth, random() < 0.9 ? { op: "true" } : pmmlPredicate(random, slots, 1)), missingValueStrategy, noTrueChildStrategy };
  if (random() < 0.5) tree.missingValuePenalty = pick(random, [0.5, 0.8, 1]);
  return tree;
}

// ------------------------------------------------------------------ flavors

function regressionLeaf(random: R, f32: boolean): () => TreeLeaf {
  return () => {
    const v = Math.round((random() - 0.5) * 2000) / 100;
    return { values: [f32 ? Math.fround(v + random() / 7) : v] };
  };
}

function vectorLeaf(random: R, width: number, kind: "weights" | "counts" | "positive", labelled: boolean): () => TreeLeaf {
  return () => {
    const values: number[] = Array.from({ length: width }, (): number => (kind === "counts" ? int(random, 0, 6) : kind === "positive" ? Math.round(random() * 100) / 100 : Math.round((random() - 0.5) * 400) / 100));
    if (kind === "counts" && !values.some((v) => v !== 0)) values[0] = 1;
    const leaf: TreeLeaf = { values };
    if (labelled) {
      let best = 0;
      values.forEach((v, i) => {
        if (v > values[best]!) best = i;
      });
      leaf.label = random() < 0.8 ? best : int(random, 0, width - 1);
    }
    return leaf;
  };
}

function labelsOf(random: R, k: number): { values: (string | number)[]; type: "string" | "double" | "int" | "long" } {
  const type = pick(random, ["string", "double", "int", "long"] as const);
  if (type === "string") return { values: STRING_LABELS.slice(0, k), type };
  return { values: Array.from({ length: k }, (_, i) => (type === "double" ? i : i * 3 + 1)), type };
}

function numericFeatures(inputs: IRType[]): number[] {
  const layout = featureLayout(inputs);
  const out: number[] = [];
  layout.slots.forEach((s, f) => {
    if (s.kind !== "string") out.push(f);
  });
  if (layout.openFrom !== null) for (let k = 0; k < 3; k++) out.push(layout.openFrom + k);
  return out;
}

export function arbitraryTreeEnsemble(random: R): { params: TreeEnsembleParams; inputs: IRType[] } {
  const flavor = pick(random, ["onnxRegressor", "onnxClassifier", "onnxBinary", "sparkTree", "sparkForest", "sparkGbt", "pmmlTree", "pmmlForest", "pmmlFloat"] as const);
  const depth = int(random, 0, 4);
  if (flavor.startsWith("pmml")) {
    const inputs = pmmlInputs(random);
    const layout = featureLayout(inputs);
    const slots = new Map<number, FeatureSlot>();
    layout.slots.forEach((s, f) => slots.set(f, s));
    if (flavor === "pmmlFloat") {
      const f32 = { compare: true, arithmetic: true, output: random() < 0.5 };
      const trees = Array.from({ length: int(random, 1, 4) }, () => {
        const t = pmmlTree(random, slots, depth, { f32Style: true, leaf: regressionLeaf(random, true) });
        t.missingValueStrategy = pick(random, ["none", "defaultChild"] as const);
        t.noTrueChildStrategy = "returnLastPrediction";
        const fill = (n: PmmlNode): void => {
          if (n.children !== undefined && n.defaultChild === undefined) n.defaultChild = 0;
          n.children?.forEach(fill);
        };
        fill(t.root);
        return t;
      });
      const params: TreeEnsembleParams = { trees, width: 1, aggregation: "sum", float32: f32, outputs: ["value"] };
      if (random() < 0.5) params.base = [Math.fround(0.5)];
      if (random() < 0.4) {
        params.expand = "negate";
        params.transform = "logistic";
        params.outputs = ["scores", "value"];
      }
      return { params, inputs };
    }
    const single = flavor === "pmmlTree";
    const classify = random() < 0.6;
    const k = int(random, 2, 3);
    const width = classify ? k : 1;
    const counts = classify && random() < 0.4;
    const leaf = (): (() => TreeLeaf) => {
      if (!classify) return regressionLeaf(random, false);
      const base = vectorLeaf(random, k, counts ? "counts" : "positive", true);
      return () => {
        const l = base();
        if (single && random() < 0.6) l.confidences = l.values.map((v) => Math.round(v * 50) / 100);
        return l;
      };
    };
    const nTrees = single ? 1 : int(random, 2, 4);
    const trees = Array.from({ length: nTrees }, () => pmmlTree(random, slots, depth, { f32Style: false, leaf: leaf() }));
    let aggregation: Aggregation;
    if (single) aggregation = pick(random, ["sum", "average"] as const);
    else if (classify) aggregation = pick(random, ["average", "weightedAverage", "vote", "sum"] as const);
    else aggregation = pick(random, ["sum", "average", "weightedAverage", "median", "weightedMedian", "min", "max"] as const);
    const params: TreeEnsembleParams = { trees, width, aggregation, outputs: [] };
    if (random() < 0.5 || aggregation.startsWith("weighted") || aggregation === "vote") params.weights = trees.map(() => pick(random, [1, 0.5, 2, 0.25]));
    if (!single && random() < 0.5) params.missingTree = { treatment: "skip", threshold: pick(random, [0.3, 0.5, 1]) };
    if (counts && aggregation !== "vote") params.normalizeLeaves = random() < 0.7;
    if (single && classify && random() < 0.45) {
      // aggregateNodes / weightedConfidence: class record counts on the scored nodes, Node recordCounts.
      const t = trees[0] as PmmlTree;
      t.missingValueStrategy = pick(random, ["aggregateNodes", "weightedConfidence"] as const);
      const fill = (n: PmmlNode): void => {
        n.recordCount = n.children !== undefined ? int(random, 1, 20) : int(random, 0, 12);
        if (n.leaf !== undefined) n.leaf.recordCounts = Array.from({ length: k }, () => (random() < 0.2 ? 0 : int(random, 0, 9)));
        n.children?.forEach(fill);
      };
      fill(t.root);
      delete params.normalizeLeaves;
    }
    if (classify) {
      const l = labelsOf(random, k);
      params.labels = { ...l, rule: single && random() < 0.6 ? { kind: "leaf" } : { kind: "argmax", of: random() < 0.5 ? "raw" : "scores" } };
      if (aggregation === "vote" && random() < 0.6) params.labels.rule = { kind: "argmax", of: "raw", ties: "firstVote" };
      if (aggregation === "vote") params.transform = "normalize";
      params.outputs = pick(random, [["label"], ["label", "scores"], ["raw", "label"], ["scores"]] as TreeEnsembleParams["outputs"][]);
      if (single && random() < 0.4) params.outputs.push("confidence");
      if (random() < 0.2) params.float32 = { arithmetic: true };
    } else {
      params.outputs = random() < 0.7 ? ["value"] : ["raw", "value"];
      if (random() < 0.2) params.float32 = { compare: true, arithmetic: true };
    }
    return { params, inputs };
  }

  const inputs = binaryInputs(random);
  const features = numericFeatures(inputs);
  if (flavor.startsWith("onnx")) {
    const tests: BinaryTest[] = ["<=", "<", ">=", ">", "==", "!="];
    const modes = random() < 0.6 ? [pick(random, tests)] : tests;
    const doubleInput = random() < 0.25;
    const f32 = doubleInput ? { output: true } : { compare: true, arithmetic: true, output: true };
    const opts = (leaf: () => TreeLeaf): BinaryOptions => ({ tests: modes, missing: ["compare", "true"], f32: !doubleInput, leaf });
    const nTrees = int(random, 1, 5);
    if (flavor === "onnxRegressor") {
      const width = int(random, 1, 3);
      const leaf = width === 1 ? regressionLeaf(random, true) : vectorLeaf(random, width, "weights", false);
      const trees = Array.from({ length: nTrees }, () => binaryTree(random, features, depth, opts(leaf)));
      const aggregation = pick(random, ["sum", "average", "min", "max"] as const);
      const transform: Transform = width === 1 ? pick(random, ["none", "onnxProbit"] as const) : pick(random, ["none", "onnxLogistic", "onnxSoftmax", "onnxSoftmaxZero", "onnxProbit"] as const);
      const params: TreeEnsembleParams = { trees, width, aggregation, transform, float32: f32, outputs: width === 1 && random() < 0.5 ? ["value"] : ["scores"] };
      if (random() < 0.5) params.base = Array.from({ length: width }, () => Math.fround(random() - 0.5));
      return { params, inputs };
    }
    if (flavor === "onnxClassifier") {
      const width = int(random, 3, 4);
      const trees = Array.from({ length: nTrees }, () => binaryTree(random, features, depth, opts(vectorLeaf(random, width, random() < 0.5 ? "positive" : "weights", false))));
      const transform = pick(random, ["none", "onnxLogistic", "onnxSoftmax", "onnxSoftmaxZero", "onnxProbit"] as const);
      const params: TreeEnsembleParams = { trees, width, aggregation: "sum", transform, float32: f32, labels: { ...labelsOf(random, width), rule: { kind: "argmax", of: "raw" } }, outputs: ["label", "scores"] };
      if (random() < 0.4) params.base = Array.from({ length: width }, () => Math.fround(random() - 0.5));
      return { params, inputs };
    }
    // onnxBinary: one weight per leaf.
    const positive = random() < 0.5;
    const trees = Array.from({ length: nTrees }, () => binaryTree(random, features, depth, opts(() => ({ values: [Math.fround(positive ? random() / nTrees : random() - 0.5)] }))));
    const params: TreeEnsembleParams = {
      trees,
      width: 1,
      aggregation: "sum",
      expand: positive ? "complement" : "negate",
      transform: positive ? "none" : pick(random, ["none", "onnxLogistic"] as const),
      float32: f32,
      labels: { ...labelsOf(random, 2), rule: { kind: "threshold", of: "raw", slot: 1, threshold: positive ? 0.5 : 0 } },
      outputs: ["label", "scores"],
    };
    if (random() < 0.4) params.base = [Math.fround(random() - 0.5)];
    return { params, inputs };
  }

  // Spark: x <= t, categorical sets, NaN compares false.
  const opts = (leaf: () => TreeLeaf): BinaryOptions => ({ tests: ["<=", "<=", "in"], missing: ["compare"], f32: false, leaf });
  const classify = random() < 0.6;
  const k = int(random, 2, 3);
  const sparkLabels = { values: Array.from({ length: k }, (_, i) => i), type: "double" as const };
  if (flavor === "sparkTree") {
    if (classify) {
      const trees = [binaryTree(random, features, depth, opts(vectorLeaf(random, k, "counts", true)))];
      const rule = random() < 0.4 ? ({ kind: "leaf" } as const) : ({ kind: "argmax", of: "raw" } as const);
      return { params: { trees, width: k, aggregation: "sum", transform: "normalize", labels: { ...sparkLabels, rule }, outputs: ["raw", "scores", "label"] }, inputs };
    }
    return { params: { trees: [binaryTree(random, features, depth, opts(regressionLeaf(random, false)))], width: 1, aggregation: "sum", outputs: ["value"] }, inputs };
  }
  const nTrees = int(random, 2, 5);
  if (flavor === "sparkForest") {
    if (classify) {
      const trees = Array.from({ length: nTrees }, () => binaryTree(random, features, depth, opts(vectorLeaf(random, k, "counts", false))));
      const rule = random() < 0.7 ? ({ kind: "argmax", of: "raw" } as const) : ({ kind: "argmax", of: "scores", thresholds: Array.from({ length: k }, () => pick(random, [0, 0.2, 0.5, 1])) } as const);
      return { params: { trees, width: k, normalizeLeaves: true, aggregation: "sum", transform: "normalize", labels: { ...sparkLabels, rule }, outputs: ["raw", "scores", "label"] }, inputs };
    }
    const trees = Array.from({ length: nTrees }, () => binaryTree(random, features, depth, opts(regressionLeaf(random, false))));
    return { params: { trees, width: 1, aggregation: "average", outputs: ["value"] }, inputs };
  }
  const lr = pick(random, [0.1, 0.3, 0.05]);
  const weights = Array.from({ length: nTrees }, (_, i) => (i === 0 ? 1 : lr));
  const trees = Array.from({ length: nTrees }, () => binaryTree(random, features, depth, opts(regressionLeaf(random, false))));
  if (classify) {
    return {
      params: { trees, weights, width: 1, aggregation: "sum", expand: "negate", transform: "sparkGbt", labels: { values: [0, 1], type: "double", rule: { kind: "argmax", of: "raw" } }, outputs: ["raw", "scores", "label"] },
      inputs,
    };
  }
  return { params: { trees, weights, width: 1, aggregation: "sum", outputs: ["value"] }, inputs };
}

// ------------------------------------------------------------------ rows

/** Values worth hitting, per feature: thresholds, set members, compared strings. */
function interesting(params: TreeEnsembleParams): Map<number, (number | string)[]> {
  const out = new Map<number, (number | string)[]>();
  const add = (f: number, v: number | string | boolean): void => {
    const list = out.get(f) ?? [];
    list.push(typeof v === "boolean" ? (v ? 1 : 0) : v);
    out.set(f, list);
  };
  const scan = (p: PmmlPredicate): void => {
    if (isCompound(p)) return p.predicates.forEach(scan);
    if (p.op === "true" || p.op === "false" || p.op === "isMissing" || p.op === "isNotMissing") {
      if (p.op === "isMissing" || p.op === "isNotMissing") add(p.feature, 0);
      return;
    }
    if (p.op === "isIn" || p.op === "isNotIn") return p.values.forEach((v) => add(p.feature, v));
    if (isComparison(p)) add(p.feature, p.value);
  };
  const scanNode = (n: PmmlNode): void => {
    scan(n.predicate);
    n.children?.forEach(scanNode);
  };
  for (const t of params.trees) {
    if (t.kind === "pmml") scanNode(t.root);
    else for (const n of t.nodes) if (!("leaf" in n)) (n.set ?? [n.threshold!]).forEach((v) => add(n.feature, v));
  }
  return out;
}

/** The next float32 above or below x. */
function nextFloat(x: number, up: boolean): number {
  const b = new Float32Array([x]);
  const i = new Int32Array(b.buffer);
  if (x === 0) return up ? 1.401298464324817e-45 : -1.401298464324817e-45;
  i[0]! += (x > 0) === up ? 1 : -1;
  return b[0]!;
}

function numberNear(random: R, hits: number[] | undefined): number {
  const r = random();
  if (hits !== undefined && hits.length > 0 && r < 0.7) {
    const t = pick(random, hits);
    const s = random();
    if (s < 0.35) return t;
    if (s < 0.6) return nextFloat(Math.fround(t), random() < 0.5);
    if (s < 0.8) return t + (random() < 0.5 ? 1 : -1) * Math.abs(t || 1) * 2 ** -26 * random();
    return t + (random() - 0.5);
  }
  return Math.round((random() - 0.5) * 2000) / 100;
}

export function arbitraryTreeInputs(params: TreeEnsembleParams, inputs: readonly IRType[], random: R): unknown[] {
  const layout = featureLayout(inputs);
  const hits = interesting(params);
  const featureValue = (f: number, s: FeatureSlot, inVector: boolean): unknown => {
    const h = hits.get(f);
    const r = random();
    if (s.kind === "string") {
      if (r < 0.12 && s.nullable) return null;
      const words = (h ?? []).filter((v): v is string => typeof v === "string");
      return random() < 0.7 && words.length > 0 ? pick(random, words) : pick(random, WORDS);
    }
    if (r < 0.12) {
      if (s.nullable && !inVector) return null;
      if (s.irKind === "double" || s.irKind === "vector" || s.irKind === "float") return NaN;
    }
    const x = numberNear(random, h?.filter((v): v is number => typeof v === "number"));
    switch (s.irKind) {
      case "boolean":
        return random() < 0.5;
      case "int":
      case "long":
        return Math.round(x);
      case "float":
        return Math.fround(x);
      default:
        return x;
    }
  };
  return inputs.map((t, column) => {
    const n = nonNull(t);
    if (t.kind === "nullable" && random() < 0.1) return null;
    if (n.kind === "vector") {
      let size = n.size;
      if (size === null) {
        const first = layout.openFrom ?? 0;
        const need = Math.max(0, ...[...hits.keys(), 0].map((f) => f - first + 1));
        size = random() < 0.05 ? Math.max(0, need - 1) : need + int(random, 0, 2);
      }
      return Array.from({ length: size }, (_, k) => {
        const f = layout.openFrom !== null && n.size === null ? layout.openFrom + k : layout.slots.findIndex((s) => s.column === column && s.element === k);
        const s = featureSlot(layout, inputs, f)!;
        return featureValue(f, { ...s, nullable: false }, true) as number;
      });
    }
    const f = layout.slots.findIndex((s) => s.column === column);
    return featureValue(f, layout.slots[f]!, false);
  });
}
