/**
 * cluster: centre-based clustering. The features (numbers and vectors, concatenated) are compared with
 * each cluster centre; the winner is the centre at the smallest distance (or the largest similarity).
 *
 * - Spark KMeans, MLeap k_means: measure squaredEuclidean (Spark's distanceMeasure "euclidean"; the
 *   nearest centre is the same) or cosine (Spark 2.4+), output `index` (Spark's int prediction).
 * - PMML ClusteringModel (modelClass centerBased): ComparisonMeasure euclidean, squaredEuclidean,
 *   chebychev, cityBlock, minkowski(p-parameter) with each ClusteringField's compareFunction (absDiff,
 *   gaussSim with its similarityScale, delta, equal; the measure's compareFunction for fields without
 *   one), fieldWeight, and MissingValueWeights (`adjustMissing`); similarity measures simpleMatching,
 *   jaccard, tanimoto, binarySimilarity (its c/d parameters) over 0/1 values. Outputs: the cluster's id
 *   (predictedValue: Cluster@id, or its 1-based position, as `ids`), entityId, affinity/clusterAffinity.
 *   compareFunction "table" is not expressible here (the reader refuses it).
 *
 * The measures are those of comparison-measure.ts; a value other than 0 or 1 under a similarity
 * measure refuses the row.
 * Ties go to the first cluster; a NaN affinity never wins unless it is the first.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, INT, type IRType, vector } from "../types.js";
import { ARRAY_DOUBLE, MissingValueError, pick } from "./common.js";
import { binaryValues, checkMeasure, isSimilarity, lowerMeasureFcn, lowerNullableFeatures, measureValue, randomRowNear, rowFeatures, type ComparisonMeasure, type MeasureSpec } from "./comparison-measure.js";
import {
  SharedValues,
  argmaxFirst,
  argminFirst,
  checkFinite,
  checkIds,
  evaluateOrMissing,
  featureWidths,
  gatherFeatures,
  labelIRType,
  letChain,
  lowerArgmax,
  lowerArgmin,
  lowerFeatures,
  maybeNullable,
  outputsNullable,
  randomCoef,
  randomFeatureInputs,
  randomLabels,
  randomOutputs,
  type LabelType,
  type MissingMode,
  type Shared,
} from "./model-util.js";

export type ClusterOutput =
  /** The winner's 0-based position (int). */
  | { kind: "index" }
  /** The winner's id (idType): PMML's predictedValue / entityId. */
  | { kind: "id" }
  /** The winner's distance or similarity (double). */
  | { kind: "affinity" }
  /** Every cluster's distance or similarity (vector K). */
  | { kind: "affinities" };

export type { CompareFunction, ComparisonMeasure } from "./comparison-measure.js";
/** The measure of a clustering model (the shared comparison measures). */
export type ClusterMeasure = ComparisonMeasure;

/**
 * The comparison measure (MeasureSpec: measure, compare functions, scales, field weights; with
 * adjustMissing, PMML's missing-value rule: without it, a missing input follows `missing`).
 */
export interface ClusterParams extends MeasureSpec {
  /** One centre per cluster, each as wide as the features. */
  centers: number[][];
  /** Cluster ids for the `id` output (PMML Cluster@id or the 1-based position). */
  ids?: (string | number)[];
  idType?: LabelType;
  missing: MissingMode;
  outputs: ClusterOutput[];
}

const NAME = "cluster";

function checkParams(p: ClusterParams, inputs: readonly IRType[]): number {
  const k = p.centers.length;
  if (k === 0) throw new Error(`${NAME}: no clusters`);
  const { total } = featureWidths(NAME, inputs);
  if (inputs.length === 0) throw new Error(`${NAME}: no feature inputs`);
  p.centers.forEach((c, i) => {
    if (c.length !== total) throw new Error(`${NAME}: centre ${i} has ${c.length} coordinates, the features are ${total} wide`);
    checkFinite(NAME, "centres", c);
  });
  checkMeasure(NAME, p, total, p.centers);
  checkIds(NAME, p.ids, p.idType, k, "clusters");
  if (p.outputs.length === 0) throw new Error(`${NAME}: no outputs`);
  for (const o of p.outputs) {
    if (!["index", "id", "affinity", "affinities"].includes(o.kind)) throw new Error(`${NAME}: unknown output ${JSON.stringify(o)}`);
    if (o.kind === "id" && p.ids === undefined) throw new Error(`${NAME}: an id output needs ids`);
  }
  return k;
}

export const cluster = defineOp<ClusterParams>({
  name: NAME,
  summary: "centre-based clustering: the nearest cluster, its id and the distances",
  outputTypes(p, inputs) {
    const k = checkParams(p, inputs);
    const isNull = !p.adjustMissing && outputsNullable(p.missing, inputs);
    return p.outputs.map((o) => {
      const t: IRType = o.kind === "index" ? INT : o.kind === "id" ? labelIRType(p.idType!) : o.kind === "affinity" ? DOUBLE : vector(k);
      return maybeNullable(t, isNull);
    });
  },
  evaluate(p, values, types) {
    const compute = (x: (number | null)[]): unknown[] => {
      if (isSimilarity(p.measure) && !binaryValues(x)) throw new MissingValueError(`${NAME}: a ${p.measure.kind} model needs values of 0 or 1`);
      const affinities = p.centers.map((c) => measureValue(p, x, c));
      const best = isSimilarity(p.measure) ? argmaxFirst(affinities) : argminFirst(affinities);
      return p.outputs.map((o) => (o.kind === "index" ? best : o.kind === "id" ? p.ids![best] : o.kind === "affinity" ? affinities[best] : affinities));
    };
    if (p.adjustMissing) return compute(rowFeatures(values, types));
    return evaluateOrMissing(NAME, p.missing, values, p.outputs.length, () => compute(gatherFeatures(values)!));
  },
  lower(p, inputs, types, ctx) {
    const { total } = featureWidths(NAME, types);
    const clusterType = ctx.typeName("Cluster");
    const fields: JsonValue[] = [
      { name: "index", type: "int" },
      { name: "center", type: ARRAY_DOUBLE },
    ];
    if (p.ids !== undefined) fields.push({ name: "id", type: p.idType! });
    const clusters = ctx.cell(
      "clusters",
      { type: "array", items: { type: "record", name: clusterType, fields } },
      p.centers.map((c, i): JsonValue => (p.ids === undefined ? { index: i, center: c } : { index: i, center: c, id: p.ids[i]! })),
    );
    const fcn = lowerMeasureFcn(ctx, NAME, p, total);
    const similarity = isSimilarity(p.measure);

    // the model once per row: every cluster's affinity and the winner's index where an output reads
    // an affinity (or the measure is a similarity), else model.cluster.closest's winner
    const shared = new SharedValues(ctx, NAME, p.missing, inputs, types);
    const fromFeatures = (hint: string, body: (x: string) => JsonValue): Shared => {
      const withSymbol = (x: JsonValue): JsonValue => letChain(ctx, [["features", () => x]], ([s]) => body(s!));
      return p.adjustMissing ? shared.bind(hint, withSymbol(lowerNullableFeatures(ctx, inputs, types))) : shared.fromInputs(hint, (xs) => withSymbol(lowerFeatures(xs, types)));
    };
    if (similarity || p.outputs.some((o) => o.kind === "affinity" || o.kind === "affinities")) {
      const affinities = fromFeatures("affinities", (x): JsonValue => {
        const c = ctx.symbol("cluster");
        return { "a.map": [{ cell: clusters }, { params: [{ [c]: clusterType }], ret: "double", do: { [fcn]: [x, { attr: c, path: [["center"]] }] } }] };
      });
      const best = shared.from("winner", [affinities], ([a]) => (similarity ? lowerArgmax(ctx, a!) : lowerArgmin(ctx, a!)));
      return p.outputs.map((o) => {
        switch (o.kind) {
          case "index":
            return shared.output([best], ([b]) => b!);
          case "id":
            return shared.output([best], ([b]) => ({ cell: clusters, path: [b!, ["id"]] }));
          case "affinity":
            return shared.output([affinities, best], ([a, b]) => ({ attr: a!, path: [b!] }));
          case "affinities":
            return shared.output([affinities], ([a]) => a!);
        }
      });
    }
    const winner = fromFeatures("winner", (x): JsonValue => ({ "model.cluster.closest": [x, { cell: clusters }, { fcn }] }));
    return p.outputs.map((o) => shared.output([winner], ([w]) => ({ attr: w!, path: [[o.kind === "id" ? "id" : "index"]] })));
  },
  arbitrary(random) {
    const measure = pick(random, [
      { kind: "euclidean" },
      { kind: "squaredEuclidean" },
      { kind: "squaredEuclidean" },
      { kind: "chebychev" },
      { kind: "cityBlock" },
      { kind: "cosine" },
      { kind: "minkowski", p: pick(random, [1, 1.5, 3]) },
      { kind: "simpleMatching" },
      { kind: "jaccard" },
      { kind: "tanimoto" },
      { kind: "binarySimilarity", c00: 1, c01: 0, c10: 0, c11: 2, d00: 1, d01: 1, d10: 1, d11: 2 },
    ] as ClusterMeasure[]);
    const similarity = isSimilarity(measure);
    const inputs = randomFeatureInputs(random, 4, 0.3);
    const { total } = featureWidths(NAME, inputs);
    const k = 1 + Math.floor(random() * 4);
    const centers = Array.from({ length: k }, () => Array.from({ length: total }, () => (similarity ? (random() < 0.5 ? 0 : 1) : random() < 0.2 ? Math.round(random() * 4 - 2) : randomCoef(random, 3))));
    const p: ClusterParams = { centers, measure, missing: pick(random, ["error", "null"] as const), outputs: [] };
    if (!similarity && measure.kind !== "cosine") {
      if (random() < 0.4) {
        const all = ["absDiff", "gaussSim", "delta", "equal"] as const;
        p.compare = random() < 0.5 ? pick(random, all) : Array.from({ length: total }, () => pick(random, all));
        p.similarityScales = Array.from({ length: total }, () => pick(random, [0.5, 1, 2.5]));
      }
      if (random() < 0.3) p.fieldWeights = Array.from({ length: total }, () => pick(random, [1, 0.5, 2, 0]));
      if (random() < 0.4) {
        p.adjustMissing = true;
        if (random() < 0.5) p.missingWeights = Array.from({ length: total }, () => pick(random, [1, 2, 0.5]));
      }
    }
    if (random() < 0.6) Object.assign(p, { ids: randomLabels(random, k).labels }, { idType: "string" });
    if (p.ids !== undefined) {
      const l = randomLabels(random, k);
      p.ids = l.labels;
      p.idType = l.labelType;
    }
    const outs: ClusterOutput[] = [{ kind: "index" }, { kind: "affinity" }, { kind: "affinities" }];
    if (p.ids !== undefined) outs.push({ kind: "id" });
    p.outputs = randomOutputs(random, outs);
    return { params: p, inputs };
  },
  arbitraryInputs(p, inputs, random) {
    // near a centre (ties and equal coordinates for delta/equal)
    return randomRowNear(p.measure, pick(random, p.centers), inputs, random, (c) => {
      const r = random();
      return r < 0.3 ? c : r < 0.5 ? Math.round(c) : c + randomCoef(random, 2);
    });
  },
});
