/**
 * PMML AnomalyDetectionModel (PMML 4.4 "Anomaly Detection Models"): an inner model read in its own
 * scope (`scope.nested`), and its prediction turned into the anomaly score, as pmml4s computes it
 * (jpmml-evaluator does not support the model):
 *
 * - iforest: the inner model (a MiningModel averaging isolation trees) gives the mean path length x;
 *   the score is 2^(−x / c(n)) with n = sampleDataSize and c(n) = 2 H(n − 1) − 2 (n − 1) / n, where
 *   H(i) = ln(i) + 0.57721566 (the specification's approximation of the harmonic number, Euler's
 *   constant to 8 places);
 * - ocsvm: the inner SupportVectorMachineModel's prediction is the score;
 * - clusterMeanDist: the inner ClusteringModel's winning cluster and its distance d; the score is
 *   d / MeanClusterDistances[winner].
 *
 * Refused: algorithmType "other", an iforest without sampleDataSize (or with one below 2).
 */
import type { ModelReader } from "../model.js";
import { MODEL_ELEMENTS } from "../model.js";
import { children, type XmlElement } from "../xml.js";
import { numberArray } from "./clustering.js";
import { addExpr, call, dbl, ExprInputs, need, numberAttr } from "./ruleset.js";

/** Euler's constant as the PMML specification and pmml4s write it in H(i) ≈ ln(i) + γ. */
const EULER = 0.57721566;

/** c(n): the average path length of an unsuccessful search in a binary search tree of n points. */
export function averagePathLength(n: number): number {
  return 2.0 * (Math.log(n - 1.0) + EULER) - (2.0 * (n - 1.0)) / n;
}

export const readAnomalyDetectionModel: ModelReader = (model, scope) => {
  const algorithm = model.attrs.algorithmType;
  const inner = model.children.find((c) => (MODEL_ELEMENTS as readonly string[]).includes(c.name));
  if (inner === undefined) return scope.fail(model, "has no model");
  const expect = (name: string): void => {
    if (inner.name !== name) scope.fail(inner, `algorithmType="${algorithm ?? ""}" needs a ${name}`);
  };
  switch (algorithm) {
    case "iforest": {
      const n = numberAttr(model, "sampleDataSize", undefined, scope);
      if (n === undefined) return scope.fail(model, "an isolation forest needs sampleDataSize");
      if (!(n >= 2)) scope.fail(model, `sampleDataSize="${model.attrs.sampleDataSize}" must be at least 2`);
      const result = scope.nested(inner);
      const x = new ExprInputs();
      const score = call("pow", dbl(2), call("/", x.input(result.predicted), dbl(-averagePathLength(n))));
      return { functionName: "regression", predicted: addExpr(scope, x, score, "anomalyScore", model, "double"), features: new Map() };
    }
    case "ocsvm": {
      expect("SupportVectorMachineModel");
      const result = scope.nested(inner);
      return { functionName: "regression", predicted: result.predicted, features: new Map() };
    }
    case "clusterMeanDist": {
      expect("ClusteringModel");
      const means = numberArray(need(need(model, "MeanClusterDistances", scope), "Array", scope), scope);
      const clusters = children(inner, "Cluster");
      if (means.length !== clusters.length) scope.fail(model, `MeanClusterDistances has ${means.length} values for ${clusters.length} clusters`);
      const result = scope.nested(inner);
      const affinity = result.features.get("affinity");
      if (affinity === undefined) return scope.fail(inner, "gives no affinity");
      const ids = clusters.map((c: XmlElement, i) => c.attrs.id ?? String(i + 1));
      const [mean] = scope.builder.add(
        "valueMap",
        [result.predicted],
        ["meanClusterDistance"],
        { rows: ids.map((id, i) => ({ keys: [id], value: means[i]! })), outputType: "double", defaultValue: null, mapMissingTo: null },
        model,
      );
      const x = new ExprInputs();
      return { functionName: "regression", predicted: addExpr(scope, x, call("/", x.input(affinity), x.input(mean!)), "anomalyScore", model, "double"), features: new Map() };
    }
    default:
      return scope.fail(model, `algorithmType="${algorithm ?? ""}" is not supported`);
  }
};
