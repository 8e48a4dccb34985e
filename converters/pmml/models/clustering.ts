/**
 * PMML ClusteringModel (modelClass "centerBased") through the `cluster` op.
 *
 * - ComparisonMeasure: the distances euclidean, squaredEuclidean, chebychev, cityBlock, minkowski
 *   (p-parameter) and the binary similarities simpleMatching, jaccard, tanimoto, binarySimilarity (its
 *   c/d parameters); the measure's compareFunction (absDiff, delta, equal) for the fields that name none.
 * - ClusteringFields (those with isCenterField="false" take no part): compareFunction, similarityScale
 *   (gaussSim), fieldWeight. MissingValueWeights: the weights of the missing-value adjustment, which
 *   distance measures always apply (a missing input is skipped and the distance scaled up, as
 *   jpmml-evaluator's MeasureUtil does); a similarity measure refuses a row with a missing input.
 * - The prediction is the winning cluster's id: Cluster@id, or its 1-based position (jpmml-evaluator's
 *   entity registry), as a string.
 *
 * Features: "entityId" and "clusterId" (the winner's id), "affinity" (the winner's distance or
 * similarity), "affinity:<id>" (that of the cluster with this id), "predictedDisplayValue" (the
 * winner's name; missing for a cluster without one).
 *
 * Refused: modelClass "distributionBased", CenterFields, compareFunction "table", a measure-level
 * gaussSim (it needs a per-field similarityScale), fields that are not numbers.
 *
 * `readComparisonMeasure` is shared with the NearestNeighborModel reader.
 */
import type { ClusterOutput, ClusterParams } from "../../../src/ir/ops/cluster.js";
import type { CompareFunction, ComparisonMeasure, MeasureSpec } from "../../../src/ir/ops/comparison-measure.js";
import type { ModelReader, ModelScope } from "../model.js";
import { child, children, parseArray, type XmlElement } from "../xml.js";
import { parseNumber } from "../fields.js";
import { LazyFeatures, need, numberAttr } from "./ruleset.js";

const DISTANCES = ["euclidean", "squaredEuclidean", "chebychev", "cityBlock", "minkowski"];
const SIMILARITIES = ["simpleMatching", "jaccard", "tanimoto", "binarySimilarity"];
const COMPARES = ["absDiff", "gaussSim", "delta", "equal"];

/** One field compared by the measure (a ClusteringField or a KNNInput). */
export interface ComparedField {
  element: XmlElement;
  field: string;
}

/**
 * A ComparisonMeasure and its fields' compare functions, similarity scales and weights, as the IR's
 * MeasureSpec. `missingWeights` (MissingValueWeights) apply to distance measures.
 */
export function readComparisonMeasure(measureElement: XmlElement, fields: readonly ComparedField[], scope: ModelScope, missingWeights?: number[]): MeasureSpec {
  const kind = measureElement.attrs.kind;
  const m = measureElement.children.find((c) => DISTANCES.includes(c.name) || SIMILARITIES.includes(c.name));
  if (m === undefined) {
    const other = measureElement.children.find((c) => c.name !== "Extension");
    return scope.fail(measureElement, other === undefined ? "has no measure" : `the measure ${other.name} is not supported`);
  }
  let measure: ComparisonMeasure;
  if (m.name === "minkowski") {
    const p = numberAttr(m, "p-parameter", undefined, scope);
    if (p === undefined) return scope.fail(m, "has no p-parameter");
    measure = { kind: "minkowski", p };
  } else if (m.name === "binarySimilarity") {
    const get = (a: string): number => {
      const v = numberAttr(m, a, undefined, scope);
      if (v === undefined) return scope.fail(m, `has no ${a}`);
      return v;
    };
    measure = {
      kind: "binarySimilarity",
      c00: get("c00-parameter"),
      c01: get("c01-parameter"),
      c10: get("c10-parameter"),
      c11: get("c11-parameter"),
      d00: get("d00-parameter"),
      d01: get("d01-parameter"),
      d10: get("d10-parameter"),
      d11: get("d11-parameter"),
    };
  } else measure = { kind: m.name } as ComparisonMeasure;
  const similarity = SIMILARITIES.includes(m.name);
  if (kind !== undefined && kind !== (similarity ? "similarity" : "distance")) scope.fail(measureElement, `kind="${kind}" does not fit the measure ${m.name}`);
  if (similarity) {
    for (const f of fields) {
      const c = f.element.attrs.compareFunction;
      if (c !== undefined && c !== "absDiff") scope.fail(f.element, `compareFunction="${c}" does not apply to the similarity measure ${m.name}`);
      const w = numberAttr(f.element, "fieldWeight", 1, scope);
      if (w !== 1) scope.fail(f.element, `fieldWeight="${f.element.attrs.fieldWeight}" does not apply to the similarity measure ${m.name}`);
    }
    return { measure };
  }
  const base = measureElement.attrs.compareFunction ?? "absDiff";
  if (base === "gaussSim") scope.fail(measureElement, 'compareFunction="gaussSim" needs a similarityScale, which only a field can give');
  if (!COMPARES.includes(base)) scope.fail(measureElement, `compareFunction="${base}" is not supported`);
  const compare = fields.map((f) => {
    const c = f.element.attrs.compareFunction ?? base;
    if (!COMPARES.includes(c)) scope.fail(f.element, `compareFunction="${c}" is not supported`);
    return c as CompareFunction;
  });
  const scales = fields.map((f, i) => {
    const s = numberAttr(f.element, "similarityScale", undefined, scope);
    if (compare[i] === "gaussSim" && s === undefined) scope.fail(f.element, 'compareFunction="gaussSim" needs a similarityScale');
    return s ?? 1;
  });
  const weights = fields.map((f) => numberAttr(f.element, "fieldWeight", 1, scope));
  const spec: MeasureSpec = { measure, adjustMissing: true };
  if (compare.some((c) => c !== "absDiff")) spec.compare = compare.every((c) => c === compare[0]) ? compare[0]! : compare;
  if (compare.includes("gaussSim")) spec.similarityScales = scales;
  if (weights.some((w) => w !== 1)) spec.fieldWeights = weights;
  if (missingWeights !== undefined) spec.missingWeights = missingWeights;
  return spec;
}

/** An Array element of numbers. */
export function numberArray(e: XmlElement, scope: ModelScope): number[] {
  return parseArray(e).map((s) => {
    const v = parseNumber(s);
    if (v === null) return scope.fail(e, `"${s}" is not a number`);
    return v;
  });
}

export const readClusteringModel: ModelReader = (model, scope) => {
  if (model.attrs.functionName !== undefined && model.attrs.functionName !== "clustering") scope.fail(model, `functionName="${model.attrs.functionName}" is not supported`);
  const modelClass = model.attrs.modelClass ?? "centerBased";
  if (modelClass !== "centerBased") scope.fail(model, `modelClass="${modelClass}" is not supported`);
  const centerFields = child(model, "CenterFields");
  if (centerFields !== undefined) scope.fail(centerFields, "is not supported");

  const fieldElements = children(model, "ClusteringField").filter((f) => {
    const c = f.attrs.isCenterField ?? "true";
    if (c !== "true" && c !== "false") scope.fail(f, `isCenterField="${c}" is not a boolean`);
    return c === "true";
  });
  if (fieldElements.length === 0) scope.fail(model, "has no ClusteringField");
  const fields = fieldElements.map((element) => {
    const field = element.attrs.field;
    if (field === undefined) return scope.fail(element, "has no field");
    return { element, field };
  });
  const missingElement = child(model, "MissingValueWeights");
  let missingWeights: number[] | undefined;
  if (missingElement !== undefined) {
    missingWeights = numberArray(need(missingElement, "Array", scope), scope);
    if (missingWeights.length !== fields.length) scope.fail(missingElement, `has ${missingWeights.length} weights for ${fields.length} clustering fields`);
  }
  const spec = readComparisonMeasure(need(model, "ComparisonMeasure", scope), fields, scope, missingWeights);

  const clusters = children(model, "Cluster");
  if (clusters.length === 0) scope.fail(model, "has no Cluster");
  const centers = clusters.map((c) => {
    const array = child(c, "Array");
    if (array === undefined) return scope.fail(c, "has no centre (Array)");
    const v = numberArray(array, scope);
    if (v.length !== fields.length) scope.fail(c, `has ${v.length} coordinates for ${fields.length} clustering fields`);
    return v;
  });
  const ids = clusters.map((c, i) => c.attrs.id ?? String(i + 1));
  if (new Set(ids).size !== ids.length) scope.fail(model, "has clusters with the same id");

  const columns = fields.map((f) => scope.column(f.field, f.element));
  const similarity = spec.adjustMissing !== true;
  const params = (outputs: ClusterOutput[], centres: number[][], clusterIds?: string[]): ClusterParams => ({
    ...spec,
    centers: centres,
    ...(clusterIds === undefined ? {} : { ids: clusterIds, idType: "string" as const }),
    missing: similarity ? "error" : "null",
    outputs,
  });
  const [id] = scope.builder.add("cluster", columns, ["cluster"], params([{ kind: "id" }], centers, ids), model);
  let affinity: string | undefined;
  const features = new LazyFeatures((key) => {
    if (key === "entityId" || key === "clusterId") return id!;
    if (key === "affinity") return (affinity ??= scope.builder.add("cluster", columns, ["affinity"], params([{ kind: "affinity" }], centers, ids), model)[0]!);
    if (key.startsWith("affinity:")) {
      // the affinity of one cluster: the same measure against that centre alone
      const i = ids.indexOf(key.slice("affinity:".length));
      if (i < 0) return undefined;
      return scope.builder.add("cluster", columns, [`affinity(${ids[i]})`], params([{ kind: "affinity" }], [centers[i]!]), clusters[i]!)[0]!;
    }
    if (key === "predictedDisplayValue") {
      const names = clusters.map((c) => c.attrs.name ?? null);
      const rows = ids.map((k, i) => ({ keys: [k], value: names[i] }));
      return scope.builder.add("valueMap", [id!], ["clusterName"], { rows, outputType: "string", defaultValue: null, mapMissingTo: null }, model)[0]!;
    }
    return undefined;
  });
  return { functionName: "clustering", predicted: id!, features };
};
