/**
 * nearestNeighbors: k-nearest-neighbour scoring over training instances (PMML NearestNeighborModel).
 * The features (numbers and vectors, concatenated: the KNNInputs) are compared with every training
 * instance by the comparison measure (comparison-measure.ts: PMML's distances with compare
 * functions, field weights and the missing-value adjustment, or its binary similarities); the k
 * nearest (smallest distances, or largest similarities) are kept, ties in instance order (JPMML's
 * stable sort).
 *
 * The prediction, from the neighbours' target values:
 * - continuous: `median` (the middle value, or the mean of the two middle values for an even k),
 *   `average` (Σ y / k), `weightedAverage` (Σ w·y / Σ w with w = 1 / (distance + threshold));
 * - categorical: `majorityVote` (most neighbours) or `weightedMajorityVote` (largest Σ w); ties go to
 *   the category with the most training instances, then to the smallest value (JPMML, after the spec);
 * - none (clustering): only the neighbours' ids and distances.
 * Outputs: the prediction, the id and the distance (affinity) of the neighbour of a given rank
 * (PMML's entityId and affinity OutputFields), all the neighbours' ids.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, arrayOf, type IRType } from "../types.js";
import { ARRAY_DOUBLE, MissingValueError, doubleLiteral, pick } from "./common.js";
import { binaryValues, checkMeasure, isSimilarity, lowerMeasureFcn, lowerNullableFeatures, measureValue, randomRowNear, rowFeatures, type MeasureSpec } from "./comparison-measure.js";
import {
  SharedValues,
  argmaxFirst,
  checkFinite,
  checkIds,
  checkLabels,
  evaluateOrMissing,
  featureWidths,
  gatherFeatures,
  labelIRType,
  lowerArgmax,
  lowerFeatures,
  maybeNullable,
  outputsNullable,
  randomCoef,
  randomFeatureInputs,
  randomLabels,
  randomOutputs,
  type LabelType,
  type MissingMode,
} from "./model-util.js";

export type NeighborTarget =
  | { kind: "continuous"; values: number[]; method: "median" | "average" | "weightedAverage" }
  | { kind: "categorical"; values: (string | number)[]; valueType: LabelType; method: "majorityVote" | "weightedMajorityVote" };

export type NeighborOutput =
  /** The prediction (double, or the target's valueType). */
  | { kind: "prediction" }
  /** The id of the neighbour of this rank (1 = the nearest). */
  | { kind: "neighborId"; rank: number }
  /** The distance (or similarity) of the neighbour of this rank. */
  | { kind: "neighborDistance"; rank: number }
  /** The ids of the k neighbours, nearest first. */
  | { kind: "neighborIds" };

/** The comparison measure (MeasureSpec); PMML's KNN models adjust for missing inputs (`adjustMissing`). */
export interface NearestNeighborsParams extends MeasureSpec {
  /** numberOfNeighbors. */
  k: number;
  /** The training instances' features, each as wide as the features. */
  instances: number[][];
  /** The target of each instance, and how the neighbours' targets make the prediction. */
  target?: NeighborTarget;
  /** Added to each distance before the weights 1 / (distance + threshold) (PMML's threshold, default 0.001). */
  threshold: number;
  /** The instances' ids (instanceIdVariable, or the 1-based row numbers as strings). */
  ids?: (string | number)[];
  idType?: LabelType;
  /** Without adjustMissing, a missing input refuses the row or makes every output missing. */
  missing: MissingMode;
  outputs: NeighborOutput[];
}

const NAME = "nearestNeighbors";

function checkParams(p: NearestNeighborsParams, inputs: readonly IRType[]): void {
  if (inputs.length === 0) throw new Error(`${NAME}: no feature inputs`);
  const { total } = featureWidths(NAME, inputs);
  const n = p.instances.length;
  if (n === 0) throw new Error(`${NAME}: no training instances`);
  if (!Number.isInteger(p.k) || p.k < 1 || p.k > n) throw new Error(`${NAME}: numberOfNeighbors ${p.k} must be between 1 and the number of instances (${n})`);
  for (const row of p.instances) {
    if (row.length !== total) throw new Error(`${NAME}: instances must be ${total} wide (the features), found ${row.length}`);
    checkFinite(NAME, "instances", row);
  }
  checkMeasure(NAME, p, total, p.instances);
  checkFinite(NAME, "the threshold", [p.threshold]);
  const t = p.target;
  if (t !== undefined) {
    if (t.values.length !== n) throw new Error(`${NAME}: ${t.values.length} target values for ${n} instances`);
    if (t.kind === "continuous") {
      checkFinite(NAME, "target values", t.values);
      if (!["median", "average", "weightedAverage"].includes(t.method)) throw new Error(`${NAME}: unknown continuous scoring method "${t.method}"`);
    } else if (t.kind === "categorical") {
      checkLabels(NAME, t.values, t.valueType);
      if (!["majorityVote", "weightedMajorityVote"].includes(t.method)) throw new Error(`${NAME}: unknown categorical scoring method "${t.method}"`);
    } else throw new Error(`${NAME}: unknown target ${JSON.stringify(t)}`);
    if ((t.method === "weightedAverage" || t.method === "weightedMajorityVote") && isSimilarity(p.measure)) throw new Error(`${NAME}: weighted scoring needs a distance measure`);
  }
  checkIds(NAME, p.ids, p.idType, n, "instances");
  if (p.outputs.length === 0) throw new Error(`${NAME}: no outputs`);
  for (const o of p.outputs) {
    if (o.kind === "prediction" && t === undefined) throw new Error(`${NAME}: a prediction needs a target`);
    if ((o.kind === "neighborId" || o.kind === "neighborIds") && p.ids === undefined) throw new Error(`${NAME}: neighbour ids need ids`);
    if ((o.kind === "neighborId" || o.kind === "neighborDistance") && (!Number.isInteger(o.rank) || o.rank < 1 || o.rank > p.k)) throw new Error(`${NAME}: rank ${o.rank} is not between 1 and k (${p.k})`);
    if (!["prediction", "neighborId", "neighborDistance", "neighborIds"].includes(o.kind)) throw new Error(`${NAME}: unknown output ${JSON.stringify(o)}`);
  }
}

/** The categories in tie-break order: most training instances first, then the smallest value. */
function categoryOrder(values: readonly (string | number)[]): (string | number)[] {
  const counts = new Map<string | number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Reference evaluation

/** The k nearest instances' indexes, nearest first; ties keep the instances' order (a NaN is never nearer). */
function nearest(p: NearestNeighborsParams, affinities: readonly number[]): number[] {
  const sim = isSimilarity(p.measure);
  const key = (i: number): number => (sim ? -affinities[i]! : affinities[i]!);
  const order: number[] = [];
  for (let i = 0; i < affinities.length; i++) {
    // insert before the first kept instance it is strictly nearer than
    let pos = order.length;
    for (let j = 0; j < order.length; j++)
      if (key(i) < key(order[j]!)) {
        pos = j;
        break;
      }
    order.splice(pos, 0, i);
  }
  return order.slice(0, p.k);
}

function predict(p: NearestNeighborsParams, neighbors: readonly number[], affinities: readonly number[]): unknown {
  const t = p.target!;
  const weights = neighbors.map((i) => 1 / (affinities[i]! + p.threshold));
  if (t.kind === "continuous") {
    const ys = neighbors.map((i) => t.values[i]!);
    switch (t.method) {
      case "average": {
        let s = 0;
        for (const y of ys) s += y;
        return s / ys.length;
      }
      case "weightedAverage": {
        let s = 0;
        let w = 0;
        ys.forEach((y, j) => {
          s += y * weights[j]!;
          w += weights[j]!;
        });
        return s / w;
      }
      case "median": {
        const sorted = [...ys].sort((a, b) => a - b);
        const m = sorted.length >> 1;
        return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
      }
    }
  }
  const order = categoryOrder(t.values);
  const votes = order.map((c) => {
    let v = 0;
    neighbors.forEach((i, j) => {
      if (t.values[i] === c) v += t.method === "majorityVote" ? 1 : weights[j]!;
    });
    return v;
  });
  return order[argmaxFirst(votes)];
}

export const nearestNeighbors = defineOp<NearestNeighborsParams>({
  name: NAME,
  summary: "k nearest neighbours: prediction from the neighbours' targets, their ids and distances",
  outputTypes(p, inputs) {
    checkParams(p, inputs);
    const isNull = !p.adjustMissing && outputsNullable(p.missing, inputs);
    return p.outputs.map((o) => {
      let t: IRType;
      switch (o.kind) {
        case "prediction":
          t = p.target!.kind === "continuous" ? DOUBLE : labelIRType(p.target!.valueType);
          break;
        case "neighborId":
          t = labelIRType(p.idType!);
          break;
        case "neighborDistance":
          t = DOUBLE;
          break;
        case "neighborIds":
          t = arrayOf(labelIRType(p.idType!));
          break;
      }
      return maybeNullable(t, isNull);
    });
  },
  evaluate(p, values, types) {
    const compute = (x: (number | null)[]): unknown[] => {
      if (isSimilarity(p.measure) && !binaryValues(x)) throw new MissingValueError(`${NAME}: a ${p.measure.kind} model needs values of 0 or 1`);
      const affinities = p.instances.map((row) => measureValue(p, x, row));
      const neighbors = nearest(p, affinities);
      return p.outputs.map((o) => {
        switch (o.kind) {
          case "prediction":
            return predict(p, neighbors, affinities);
          case "neighborId":
            return p.ids![neighbors[o.rank - 1]!];
          case "neighborDistance":
            return affinities[neighbors[o.rank - 1]!];
          case "neighborIds":
            return neighbors.map((i) => p.ids![i]);
        }
      });
    };
    if (p.adjustMissing) return compute(rowFeatures(values, types));
    return evaluateOrMissing(NAME, p.missing, values, p.outputs.length, () => compute(gatherFeatures(values)!));
  },
  lower(p, inputs, types, ctx) {
    const { total } = featureWidths(NAME, types);
    const sim = isSimilarity(p.measure);
    const t = p.target;
    const instanceType = ctx.typeName("Instance");
    const fields: JsonValue[] = [{ name: "features", type: ARRAY_DOUBLE }];
    if (t !== undefined) fields.push({ name: "target", type: t.kind === "continuous" ? "double" : t.valueType });
    if (p.ids !== undefined) fields.push({ name: "id", type: p.idType! });
    const instances = ctx.cell(
      "instances",
      { type: "array", items: { type: "record", name: instanceType, fields } },
      p.instances.map((features, i): JsonValue => {
        const r: Record<string, JsonValue> = { features };
        if (t !== undefined) r.target = t.values[i]!;
        if (p.ids !== undefined) r.id = p.ids[i]!;
        return r;
      }),
    );
    const categories = t?.kind === "categorical" ? ctx.cell("categories", { type: "array", items: t.valueType }, categoryOrder(t.values)) : null;
    const measure = lowerMeasureFcn(ctx, NAME, p, total);
    const xType = p.adjustMissing ? { type: "array", items: ["null", "double"] } : ARRAY_DOUBLE;

    // the model once per row: the features, the k nearest instances, and their distances where an output reads them
    const shared = new SharedValues(ctx, NAME, p.missing, inputs, types);
    const features = p.adjustMissing ? shared.bind("features", lowerNullableFeatures(ctx, inputs, types)) : shared.fromInputs("features", (xs) => lowerFeatures(xs, types));
    // model.neighbor.nearestK keeps ties in the instances' order; similarities are negated so that the nearest are the most similar
    const neighbors = shared.from("neighbors", [features], ([x]): JsonValue => {
      const a = ctx.symbol("x");
      const b = ctx.symbol("instance");
      const d: JsonValue = { [measure]: [a, { attr: b, path: [["features"]] }] };
      return { "model.neighbor.nearestK": [p.k, x!, { cell: instances }, { params: [{ [a]: xType }, { [b]: instanceType }], ret: "double", do: sim ? { "u-": d } : d }] };
    });
    const weighted = t !== undefined && (t.method === "weightedAverage" || t.method === "weightedMajorityVote");
    const needDistances = p.outputs.some((o) => o.kind === "neighborDistance" || (o.kind === "prediction" && weighted));
    const distances = needDistances
      ? shared.from("distances", [features, neighbors], ([x, ns]): JsonValue => {
          const n = ctx.symbol("neighbor");
          return { "a.map": [ns!, { params: [{ [n]: instanceType }], ret: "double", do: { [measure]: [x!, { attr: n, path: [["features"]] }] } }] };
        })
      : null;

    const prediction = (neighbors: string, distances: string | undefined): JsonValue => {
      const steps: JsonValue[] = [];
      let weights = "";
      if (weighted) {
        weights = ctx.symbol("weights");
        const dist = ctx.symbol("distance");
        steps.push({ let: { [weights]: { "a.map": [distances!, { params: [{ [dist]: "double" }], ret: "double", do: { "/": [doubleLiteral(1), { "+": [dist, doubleLiteral(p.threshold)] }] } }] } } });
      }
      const n = ctx.symbol("neighbor");
      const targets: JsonValue = { "a.map": [neighbors, { params: [{ [n]: instanceType }], ret: t!.kind === "continuous" ? "double" : (t as { valueType: string }).valueType, do: { attr: n, path: [["target"]] } }] };
      const ys = ctx.symbol("targets");
      steps.push({ let: { [ys]: targets } });
      let result: JsonValue;
      if (t!.kind === "continuous") {
        if (t!.method === "average") result = { "/": [{ "a.sum": ys }, doubleLiteral(p.k)] };
        else if (t!.method === "weightedAverage") {
          const [a, b] = [ctx.symbol("y"), ctx.symbol("w")];
          result = { "/": [{ "a.sum": { "a.zipmap": [ys, weights, { params: [{ [a]: "double" }, { [b]: "double" }], ret: "double", do: { "*": [a, b] } }] } }, { "a.sum": weights }] };
        } else {
          const sorted = ctx.symbol("sorted");
          const m = p.k >> 1;
          steps.push({ let: { [sorted]: { "a.sort": ys } } });
          result = p.k % 2 === 1 ? { attr: sorted, path: [m] } : { "/": [{ "+": [{ attr: sorted, path: [m - 1] }, { attr: sorted, path: [m] }] }, doubleLiteral(2)] };
        }
      } else {
        const tt = t as Extract<NeighborTarget, { kind: "categorical" }>;
        const c = ctx.symbol("category");
        const [y, w] = [ctx.symbol("y"), ctx.symbol("w")];
        const votes: JsonValue =
          tt.method === "majorityVote"
            ? { "a.map": [{ cell: categories! }, { params: [{ [c]: tt.valueType }], ret: "double", do: { "cast.double": { "a.count": [ys, c] } } }] }
            : {
                "a.map": [
                  { cell: categories! },
                  {
                    params: [{ [c]: tt.valueType }],
                    ret: "double",
                    do: { "a.sum": { "a.zipmap": [ys, weights, { params: [{ [y]: tt.valueType }, { [w]: "double" }], ret: "double", do: { if: { "==": [y, c] }, then: w, else: doubleLiteral(0) } }] } },
                  },
                ],
              };
        result = { cell: categories!, path: [lowerArgmax(ctx, votes)] };
      }
      return { do: [...steps, result] };
    };

    return p.outputs.map((o) => {
      switch (o.kind) {
        case "neighborId":
          return shared.output([neighbors], ([ns]) => ({ attr: ns!, path: [o.rank - 1, ["id"]] }));
        case "neighborIds":
          return shared.output([neighbors], ([ns]): JsonValue => {
            const n = ctx.symbol("neighbor");
            return { "a.map": [ns!, { params: [{ [n]: instanceType }], ret: p.idType!, do: { attr: n, path: [["id"]] } }] };
          });
        case "neighborDistance":
          return shared.output([distances!], ([ds]) => ({ attr: ds!, path: [o.rank - 1] }));
        case "prediction":
          return shared.output(weighted ? [neighbors, distances!] : [neighbors], ([ns, ds]) => prediction(ns!, ds));
      }
    });
  },
  arbitrary(random) {
    const inputs = randomFeatureInputs(random, 3, 0.3);
    const total = featureWidths(NAME, inputs).total;
    const measure = pick(random, [
      { kind: "euclidean" },
      { kind: "squaredEuclidean" },
      { kind: "cityBlock" },
      { kind: "chebychev" },
      { kind: "minkowski", p: 3 },
      { kind: "jaccard" },
      { kind: "simpleMatching" },
    ] as MeasureSpec["measure"][]);
    const sim = isSimilarity(measure);
    const n = 1 + Math.floor(random() * 6);
    // integral coordinates make ties between instances common
    const instances = Array.from({ length: n }, () => Array.from({ length: total }, () => (sim ? (random() < 0.5 ? 0 : 1) : random() < 0.5 ? Math.round(random() * 4 - 2) : randomCoef(random, 2))));
    const p: NearestNeighborsParams = { k: 1 + Math.floor(random() * n), instances, measure, threshold: pick(random, [0.001, 0.5]), missing: pick(random, ["error", "null"] as const), outputs: [] };
    if (!sim && random() < 0.5) p.adjustMissing = true;
    if (!sim && random() < 0.3) {
      p.compare = Array.from({ length: total }, () => pick(random, ["absDiff", "delta", "gaussSim"] as const));
      p.similarityScales = Array.from({ length: total }, () => 1.5);
      p.fieldWeights = Array.from({ length: total }, () => pick(random, [1, 2]));
    }
    const tk = pick(random, ["continuous", "categorical", "none"] as const);
    if (tk === "continuous") p.target = { kind: "continuous", values: instances.map(() => randomCoef(random, 5)), method: pick(random, sim ? (["median", "average"] as const) : (["median", "average", "weightedAverage"] as const)) };
    if (tk === "categorical") {
      const l = randomLabels(random, 3);
      p.target = { kind: "categorical", values: instances.map(() => pick(random, l.labels)), valueType: l.labelType, method: sim ? "majorityVote" : pick(random, ["majorityVote", "weightedMajorityVote"] as const) };
    }
    if (random() < 0.7) {
      const l = randomLabels(random, n);
      p.ids = l.labels;
      p.idType = l.labelType;
    }
    const outs: NeighborOutput[] = [{ kind: "neighborDistance", rank: 1 + Math.floor(random() * p.k) }];
    if (p.target !== undefined) outs.push({ kind: "prediction" }, { kind: "prediction" }, { kind: "prediction" });
    if (p.ids !== undefined) outs.push({ kind: "neighborId", rank: 1 }, { kind: "neighborIds" });
    p.outputs = randomOutputs(random, outs);
    return { params: p, inputs };
  },
  arbitraryInputs(p, inputs, random) {
    // near an instance
    return randomRowNear(p.measure, pick(random, p.instances), inputs, random, (c) => (random() < 0.4 ? c : random() < 0.5 ? Math.round(c + random() * 2 - 1) : c + randomCoef(random, 1)));
  },
});

