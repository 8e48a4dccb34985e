/**
 * The reference evaluation of treeEnsemble, written from the formats' documented behaviour (PMML 4.4
 * TreeModel and Segmentation as jpmml-evaluator implements them; onnxruntime's TreeEnsemble kernels
 * and ml_common.h post-transforms; Spark's tree models), never from the PFA the op lowers to.
 */
import type { IRType } from "../types.js";
import { MissingValueError } from "./common.js";
import {
  featureSlot,
  type BinaryTree,
  type FeatureLayout,
  type PmmlNode,
  type PmmlPredicate,
  type PmmlTree,
  type TreeEnsembleParams,
  type TreeInfo,
  type TreeLeaf,
} from "./tree-types.js";

/** A feature's value: a number (booleans are 1 / 0), a string, or null when missing. */
type Getter = (f: number) => number | string | null;

function makeGetter(layout: FeatureLayout, inputs: readonly unknown[], types: readonly IRType[]): Getter {
  return (f) => {
    const s = featureSlot(layout, types, f)!;
    const v = inputs[s.column];
    if (v === null || v === undefined) return null;
    if (s.element !== null) {
      const arr = v as number[];
      if (s.element >= arr.length) throw new MissingValueError(`treeEnsemble: feature ${f} is beyond the end of the input vector (length ${arr.length})`);
      return arr[s.element]!;
    }
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "bigint") return Number(v);
    return v as number | string;
  };
}

const fround = Math.fround;
const same = (x: number): number => x;

// ---------------------------------------------------------------- binary trees

function walkBinary(tree: BinaryTree, get: Getter, f32: boolean): TreeLeaf {
  let i = 0;
  for (;;) {
    const node = tree.nodes[i]!;
    if ("leaf" in node) return node.leaf;
    const raw = get(node.feature);
    let v = raw === null ? NaN : (raw as number);
    if (f32) v = fround(v);
    let go: boolean;
    if (Number.isNaN(v) && node.missing !== undefined && node.missing !== "compare") {
      go = node.missing === "true";
    } else if (node.test === "in" || node.test === "notIn") {
      const found = node.set!.some((s) => (f32 ? fround(s) : s) === v);
      go = node.test === "in" ? found : !found;
    } else {
      const t = f32 ? fround(node.threshold!) : node.threshold!;
      switch (node.test) {
        case "<=":
          go = v <= t;
          break;
        case "<":
          go = v < t;
          break;
        case ">=":
          go = v >= t;
          break;
        case ">":
          go = v > t;
          break;
        case "==":
          go = v === t;
          break;
        default:
          go = v !== t;
      }
    }
    i = go ? node.ifTrue : node.ifFalse;
  }
}

// ---------------------------------------------------------------- PMML trees

/** A number for comparisons: booleans are 1 / 0, and float32 when the model compares in float32. */
function num(v: number | string | boolean, f32: boolean): number {
  const x = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
  return f32 ? fround(x) : x;
}

/** PMML three-valued predicate: true, false or null (UNKNOWN); `alternative` when a surrogate decided by a later predicate. */
function predicate(p: PmmlPredicate, get: Getter, f32: boolean): { value: boolean | null; alternative: boolean } {
  switch (p.op) {
    case "true":
      return { value: true, alternative: false };
    case "false":
      return { value: false, alternative: false };
    case "isMissing":
      return { value: get(p.feature) === null, alternative: false };
    case "isNotMissing":
      return { value: get(p.feature) !== null, alternative: false };
    case "isIn":
    case "isNotIn": {
      const x = get(p.feature);
      if (x === null) return { value: null, alternative: false };
      const found = typeof x === "string" ? p.values.some((v) => v === x) : p.values.some((v) => num(v, f32) === (f32 ? fround(x) : x));
      return { value: p.op === "isIn" ? found : !found, alternative: false };
    }
    case "and":
    case "or":
    case "xor":
    case "surrogate": {
      const results = p.predicates.map((q) => predicate(q, get, f32).value);
      if (p.op === "surrogate") {
        const i = results.findIndex((r) => r !== null);
        return i < 0 ? { value: null, alternative: false } : { value: results[i]!, alternative: i > 0 };
      }
      if (p.op === "and") return { value: results.includes(false) ? false : results.includes(null) ? null : true, alternative: false };
      if (p.op === "or") return { value: results.includes(true) ? true : results.includes(null) ? null : false, alternative: false };
      return { value: results.includes(null) ? null : results.filter((r) => r === true).length % 2 === 1, alternative: false };
    }
    default: {
      const x = get(p.feature);
      if (x === null) return { value: null, alternative: false };
      if (typeof x === "string") {
        const eq = x === p.value;
        return { value: p.op === "equal" ? eq : p.op === "notEqual" ? !eq : null, alternative: false };
      }
      const a = f32 ? fround(x) : x;
      const b = num(p.value, f32);
      let r: boolean;
      switch (p.op) {
        case "equal":
          r = a === b;
          break;
        case "notEqual":
          r = a !== b;
          break;
        case "lessThan":
          r = a < b;
          break;
        case "lessOrEqual":
          r = a <= b;
          break;
        case "greaterThan":
          r = a > b;
          break;
        default:
          r = a >= b;
      }
      return { value: r, alternative: false };
    }
  }
}

/**
 * The node a PMML tree ends in (null: no prediction) and the number of missing levels met on the way.
 * For aggregateNodes and weightedConfidence, a row that meets an UNKNOWN candidate gets a leaf made
 * from the leaves it mixes (`mixed`; see PmmlTree), with F the arithmetic's rounding.
 */
export function walkPmml(tree: PmmlTree, get: Getter, f32: boolean, F: (x: number) => number = same): { leaf: TreeLeaf | null; levels: number; mixed: boolean } {
  let levels = 0;
  const test = (n: PmmlNode): boolean | null => {
    const r = predicate(n.predicate, get, f32);
    if (r.alternative) levels++;
    return r.value;
  };
  if (test(tree.root) !== true) return { leaf: null, levels, mixed: false };
  if (tree.missingValueStrategy === "aggregateNodes" || tree.missingValueStrategy === "weightedConfidence") return walkMixing(tree, test, F);
  let node = tree.root;
  for (;;) {
    const children = node.children ?? [];
    if (children.length === 0) return { leaf: node.leaf ?? null, levels, mixed: false };
    let next: PmmlNode | null = null;
    for (const child of children) {
      const s = test(child);
      if (s === null) {
        const strategy = tree.missingValueStrategy;
        if (strategy === "nullPrediction") return { leaf: null, levels, mixed: false };
        if (strategy === "lastPrediction") return { leaf: node.leaf ?? null, levels, mixed: false };
        if (strategy === "defaultChild") {
          levels++;
          next = children[node.defaultChild!]!;
          break;
        }
        // "none": an unknown predicate counts as false.
      } else if (s) {
        next = child;
        break;
      }
    }
    if (next === null) return { leaf: tree.noTrueChildStrategy === "returnLastPrediction" ? (node.leaf ?? null) : null, levels, mixed: false };
    node = next;
  }
}

/** The first index of the largest number (ties: the first). */
function firstMax(v: number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/**
 * aggregateNodes and weightedConfidence (see PmmlTree), from a root whose predicate is TRUE: the
 * leaves reached, each with its weight (the product of the recordCount ratios along its path, in
 * float32 when F rounds), in depth-first document order. missingValuePenalty is not applied.
 */
function walkMixing(tree: PmmlTree, test: (n: PmmlNode) => boolean | null, F: (x: number) => number): { leaf: TreeLeaf | null; levels: number; mixed: boolean } {
  const reached: { leaf: TreeLeaf; weight: number }[] = [];
  let mixed = false;
  const weighted = tree.missingValueStrategy === "weightedConfidence";
  const visit = (node: PmmlNode, weight: number): void => {
    const children = node.children ?? [];
    if (children.length === 0) {
      if (node.leaf !== undefined) reached.push({ leaf: node.leaf, weight });
      return;
    }
    const candidates: PmmlNode[] = [];
    let unknown = false;
    for (const child of children) {
      const s = test(child);
      if (s === false) continue;
      candidates.push(child);
      if (s === null) unknown = true;
      else break;
    }
    if (!unknown) {
      if (candidates.length === 1) visit(candidates[0]!, weight);
      else if (tree.noTrueChildStrategy === "returnLastPrediction" && node.leaf !== undefined) reached.push({ leaf: node.leaf, weight });
      return;
    }
    mixed = true;
    for (const c of candidates) visit(c, weighted ? F(weight * F(F(c.recordCount!) / F(node.recordCount!))) : weight);
  };
  visit(tree.root, 1);
  if (!mixed) return { leaf: reached.length === 0 ? null : reached[0]!.leaf, levels: 0, mixed };
  if (reached.length === 0) return { leaf: null, levels: 0, mixed };
  const width = reached[0]!.leaf.values.length;
  if (!weighted) {
    const sums = new Array<number>(width).fill(0);
    for (const { leaf } of reached) leaf.recordCounts!.forEach((c, k) => (sums[k] = F(sums[k]! + F(c))));
    let total = 0;
    for (const x of sums) total = F(total + x);
    if (total === 0) return { leaf: null, levels: 0, mixed };
    const probabilities = sums.map((x) => F(x / total));
    return { leaf: { values: probabilities, label: firstMax(sums), confidences: probabilities.slice() }, levels: 0, mixed };
  }
  const values = new Array<number>(width).fill(0);
  const confidences = new Array<number>(width).fill(0);
  for (const { leaf, weight } of reached) {
    leaf.values.forEach((v, k) => (values[k] = F(values[k]! + F(weight * F(v)))));
    (leaf.confidences ?? leaf.values).forEach((c, k) => (confidences[k] = F(confidences[k]! + F(weight * F(c)))));
  }
  return { leaf: { values, label: firstMax(confidences), confidences }, levels: 0, mixed };
}

// ---------------------------------------------------------------- aggregation and transforms

/** onnxruntime's ComputeLogistic in float32. */
export function onnxLogistic(val: number): number {
  const x = fround(val);
  const v = fround(1 / fround(1 + fround(Math.exp(-Math.abs(x)))));
  return x < 0 ? fround(1 - v) : v;
}

/** onnxruntime's ComputeProbit: sqrt(2) · ErfInv(2x − 1), Winitzki's approximation (a = 0.147), in float32. */
export function onnxProbit(val: number): number {
  const x0 = fround(fround(2 * fround(val)) - 1);
  const sgn = x0 < 0 ? -1 : 1;
  const x = fround(fround(1 - x0) * fround(1 + x0));
  const log = fround(Math.log(x));
  const v = fround(fround(2 / fround(fround(3.14159) * fround(0.147))) + fround(fround(0.5) * log));
  const v2 = fround(fround(1 / fround(0.147)) * log);
  const v3 = fround(-v + fround(Math.sqrt(fround(fround(v * v) - v2))));
  const r = fround(sgn * fround(Math.sqrt(v3)));
  return fround(fround(Math.SQRT2) * r);
}

const FLT_MAX = 3.4028234663852886e38;

function onnxSoftmax(values: number[], zero: boolean): number[] {
  const xs = values.map(fround);
  let vmax = -FLT_MAX;
  for (const x of xs) if (x > vmax) vmax = x;
  let sum = 0;
  const eps = fround(0.0000001);
  if (zero) {
    const expNegMax = fround(Math.exp(-vmax));
    const out = xs.map((x) => {
      if (x > eps || x < -eps) {
        const e = fround(Math.exp(fround(x - vmax)));
        sum = fround(sum + e);
        return e;
      }
      return fround(x * expNegMax);
    });
    return out.map((e) => fround(e / sum));
  }
  const out = xs.map((x) => {
    const e = fround(Math.exp(fround(x - vmax)));
    sum = fround(sum + e);
    return e;
  });
  return out.map((e) => fround(e / sum));
}

export function applyTransform(t: TreeEnsembleParams["transform"], raw: number[], F: (x: number) => number): number[] {
  switch (t ?? "none") {
    case "none":
      return raw.slice();
    case "logistic":
      return raw.map((x) => F(1 / F(1 + F(Math.exp(-x)))));
    case "softmax": {
      let max = -Infinity;
      for (const x of raw) max = Math.max(max, x);
      let sum = 0;
      const e = raw.map((x) => {
        const y = F(Math.exp(F(x - max)));
        sum = F(sum + y);
        return y;
      });
      return e.map((y) => F(y / sum));
    }
    case "normalize": {
      let sum = 0;
      for (const x of raw) sum = F(sum + x);
      return sum === 0 ? raw.slice() : raw.map((x) => F(x / sum));
    }
    case "sparkGbt": {
      const p0 = F(1 / F(1 + F(Math.exp(F(-2 * raw[0]!)))));
      return [p0, F(1 - p0)];
    }
    case "onnxLogistic":
      return raw.map(onnxLogistic);
    case "onnxSoftmax":
      return onnxSoftmax(raw, false);
    case "onnxSoftmaxZero":
      return onnxSoftmax(raw, true);
    case "onnxProbit":
      return raw.map(onnxProbit);
  }
}

function median(values: number[], F: (x: number) => number): number {
  const s = values.slice().sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : F((s[n / 2 - 1]! + s[n / 2]!) / 2);
}

function weightedMedian(values: number[], weights: number[]): number {
  const order = values.map((v, i) => ({ v, w: weights[i]! })).sort((a, b) => a.v - b.v);
  const total = weights.reduce((a, b) => a + b, 0);
  const half = 0.5 * total;
  let run = 0;
  for (const e of order) {
    run += e.w;
    if (run >= half) return e.v;
  }
  return order[order.length - 1]!.v;
}

interface TreeResult {
  values: number[];
  label: number | undefined;
}

/** The aggregate vector (before base), or null when the ensemble gives no prediction; `firstVotes` gets, per label, the index of the first (kept) tree voting for it. */
function aggregate(p: TreeEnsembleParams, results: (TreeResult | null)[], F: (x: number) => number, firstVotes: number[]): number[] | null {
  const allWeights = p.weights ?? p.trees.map(() => 1);
  const kept: TreeResult[] = [];
  const weights: number[] = [];
  const treatment = p.missingTree?.treatment ?? "returnMissing";
  const total = allWeights.reduce((a, b) => a + b, 0);
  let missingWeight = 0;
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (r === null) {
      if (treatment === "returnMissing") return null;
      missingWeight += allWeights[i]!;
      if (missingWeight / total > (p.missingTree?.threshold ?? 1)) return null;
      continue;
    }
    kept.push(r);
    weights.push(allWeights[i]!);
  }
  if (kept.length === 0) return null;
  const W = p.width;
  const zeros = (): number[] => new Array<number>(W).fill(0);
  switch (p.aggregation) {
    case "sum": {
      const acc = zeros();
      kept.forEach((r, t) => r.values.forEach((v, k) => (acc[k] = F(acc[k]! + F(weights[t]! * v)))));
      return acc;
    }
    case "average": {
      const acc = zeros();
      kept.forEach((r) => r.values.forEach((v, k) => (acc[k] = F(acc[k]! + v))));
      return acc.map((s) => F(s / kept.length));
    }
    case "weightedAverage": {
      const acc = zeros();
      let wsum = 0;
      kept.forEach((r, t) => {
        wsum = F(wsum + weights[t]!);
        r.values.forEach((v, k) => (acc[k] = F(acc[k]! + F(weights[t]! * v))));
      });
      return acc.map((s) => F(s / wsum));
    }
    case "min":
    case "max": {
      const acc = kept[0]!.values.slice();
      for (let t = 1; t < kept.length; t++) {
        kept[t]!.values.forEach((v, k) => {
          const cur = acc[k]!;
          acc[k] = (p.aggregation === "min" ? v < cur : v > cur) ? v : cur;
        });
      }
      return acc;
    }
    case "median":
      return [median(kept.map((r) => r.values[0]!), F)];
    case "weightedMedian":
      return [weightedMedian(kept.map((r) => r.values[0]!), weights)];
    case "vote": {
      const acc = zeros();
      kept.forEach((r, t) => {
        acc[r.label!] = F(acc[r.label!]! + weights[t]!);
        if (firstVotes[r.label!] === undefined) firstVotes[r.label!] = t;
      });
      return acc;
    }
  }
}

/** Everything the op computes for one row (null where the ensemble gives no prediction). */
export interface TreeEnsembleResult {
  raw: number[] | null;
  scores: number[] | null;
  label: string | number | null;
  confidence: number[] | null;
}

export function evaluateEnsemble(p: TreeEnsembleParams, info: TreeInfo, inputs: readonly unknown[], types: readonly IRType[]): TreeEnsembleResult {
  // A vector of unknown size must hold every feature the trees use (onnxruntime checks this before any walk).
  const open = info.layout.openFrom;
  if (open !== null && info.maxFeature >= open) {
    const v = inputs[inputs.length - 1];
    if (v !== null && v !== undefined && (v as unknown[]).length < info.maxFeature - open + 1) {
      throw new MissingValueError(`treeEnsemble: the input vector has ${(v as unknown[]).length} features, the trees use ${info.maxFeature - open + 1}`);
    }
  }
  const get = makeGetter(info.layout, inputs, types);
  const f32c = p.float32?.compare === true;
  const F = p.float32?.arithmetic === true ? fround : same;
  let single: { leaf: TreeLeaf | null; levels: number; mixed: boolean } | null = null;
  const results: (TreeResult | null)[] = p.trees.map((tree) => {
    let leaf: TreeLeaf | null;
    if (tree.kind === "binary") {
      leaf = walkBinary(tree, get, f32c);
    } else {
      single = walkPmml(tree, get, f32c, F);
      leaf = single.leaf;
    }
    if (leaf === null) return null;
    let values = leaf.values.map(F);
    if (p.normalizeLeaves === true) {
      let sum = 0;
      for (const v of values) sum = F(sum + v);
      if (sum !== 0) values = values.map((v) => F(v / sum));
    }
    return { values, label: leaf.label };
  });
  const missing: TreeEnsembleResult = { raw: null, scores: null, label: null, confidence: null };
  const firstVotes: number[] = [];
  const agg = aggregate(p, results, F, firstVotes);
  if (agg === null) return missing;
  let raw = p.base === undefined ? agg : agg.map((v, k) => F(v + F(p.base![k]!)));
  if (p.expand === "complement") raw = [F(1 - raw[0]!), raw[0]!];
  else if (p.expand === "negate") raw = [-raw[0]!, raw[0]!];
  const scores = applyTransform(p.transform, raw, F);
  let label: string | number | null = null;
  if (p.labels !== undefined) {
    const rule = p.labels.rule;
    if (rule.kind === "leaf") {
      label = p.labels.values[results[0]!.label!]!;
    } else {
      const base = rule.of === "raw" ? raw : scores;
      if (rule.kind === "threshold") {
        label = p.labels.values[base[rule.slot]! > rule.threshold ? 1 : 0]!;
      } else {
        const th = rule.thresholds;
        const v = th === undefined ? base : base.map((x, i) => (th[i] === 0 ? Infinity : x / th[i]!));
        let best = 0;
        const first = (i: number): number => firstVotes[i] ?? Infinity;
        for (let i = 1; i < v.length; i++) if (v[i]! > v[best]! || (rule.ties === "firstVote" && v[i] === v[best] && first(i) < first(best))) best = i;
        label = p.labels.values[best]!;
      }
    }
  }
  let confidence: number[] | null = null;
  if (info.confidences) {
    const s = single as { leaf: TreeLeaf | null; levels: number; mixed: boolean } | null;
    const tree = p.trees[0]!;
    // aggregateNodes and weightedConfidence: no penalty (walkMixing counts no levels).
    const penalty = tree.kind === "pmml" ? (tree.missingValuePenalty ?? 1) : 1;
    const factor = s!.levels > 0 ? Math.pow(penalty, s!.levels) : 1;
    confidence = (s!.leaf!.confidences ?? new Array<number>(p.width).fill(0)).map((c) => F(F(c) * factor));
  }
  const out = p.float32?.output === true ? fround : same;
  return { raw: raw.map(out), scores: scores.map(out), label, confidence };
}
