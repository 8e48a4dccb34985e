/**
 * treeEnsemble: decision trees, random forests and gradient-boosted trees of every format: PMML
 * TreeModel and MiningModel-of-trees (predicates, missing-value strategies, multi-way splits,
 * ScoreDistribution), ONNX TreeEnsembleClassifier / TreeEnsembleRegressor (node modes, NaN routing,
 * float32 thresholds, aggregate functions, base values, post-transforms, binary label rules), Spark
 * and MLeap decision trees, random forests and GBTs, XGBoost and LightGBM (through PMML or ONNX).
 *
 * The parameters and their semantics are documented in tree-types.ts; the reference evaluation is in
 * tree-eval.ts, the PFA in tree-lower.ts, random instances in tree-arbitrary.ts.
 */
import { defineOp } from "../op.js";
import { DOUBLE, INT, LONG, STRING, nullable, vector, type IRType } from "../types.js";
import { arbitraryTreeEnsemble, arbitraryTreeInputs } from "./tree-arbitrary.js";
import { evaluateEnsemble } from "./tree-eval.js";
import { lowerEnsemble } from "./tree-lower.js";
import { checkParams, type TreeEnsembleParams, type TreeInfo } from "./tree-types.js";

export type { TreeEnsembleParams } from "./tree-types.js";

/** checkParams once per (params, input types): evaluate runs per row. */
const infoCache = new WeakMap<TreeEnsembleParams, { key: string; info: TreeInfo }>();

function infoOf(params: TreeEnsembleParams, inputs: readonly IRType[]): TreeInfo {
  const key = JSON.stringify(inputs);
  const hit = infoCache.get(params);
  if (hit !== undefined && hit.key === key) return hit.info;
  const info = checkParams(params, inputs);
  infoCache.set(params, { key, info });
  return info;
}

function labelType(params: TreeEnsembleParams): IRType {
  switch (params.labels?.type) {
    case "double":
      return DOUBLE;
    case "int":
      return INT;
    case "long":
      return LONG;
    default:
      return STRING;
  }
}

export const treeEnsemble = defineOp<TreeEnsembleParams>({
  name: "treeEnsemble",
  summary: "decision trees, random forests and boosted trees, with their aggregation, transform and label rule",
  outputTypes(params, inputs) {
    const info = infoOf(params, inputs);
    return params.outputs.map((o) => {
      const t = o === "value" ? DOUBLE : o === "label" ? labelType(params) : o === "confidence" ? vector(params.width) : vector(info.rawWidth);
      return info.mayBeMissing ? nullable(t) : t;
    });
  },
  evaluate(params, inputs, types) {
    const info = infoOf(params, types);
    const r = evaluateEnsemble(params, info, inputs, types);
    return params.outputs.map((o) => {
      switch (o) {
        case "value":
          return r.raw === null ? null : r.raw[0]!;
        case "raw":
          return r.raw;
        case "scores":
          return r.scores;
        case "label":
          return r.label;
        default:
          return r.confidence;
      }
    });
  },
  lower(params, inputs, types, ctx) {
    return lowerEnsemble(params, infoOf(params, types), inputs, types, ctx);
  },
  arbitrary(random) {
    return arbitraryTreeEnsemble(random);
  },
  arbitraryInputs(params, inputs, random) {
    return arbitraryTreeInputs(params, inputs, random);
  },
});
