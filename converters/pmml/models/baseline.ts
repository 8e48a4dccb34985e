/**
 * PMML BaselineModel: the z-value test of one field against a Gaussian baseline (PMML 4.4 "Baseline
 * Models"): TestDistributions with testStatistic="zValue" and a Baseline GaussianDistribution
 * (mean μ, variance σ²) give z = (x − μ) / σ for the field's value x (missing when x is). Neither
 * jpmml-evaluator nor pmml4s scores Baseline models; this is the specification's formula, as Titus (the
 * Hadrian PMML converter) also wrote it.
 *
 * Refused: the other test statistics (CUSUM, chiSquare*, scalarProduct, ...) and distributions.
 */
import type { ModelReader } from "../model.js";

import { addExpr, call, dbl, ExprInputs, need, numberAttr } from "./ruleset.js";

export const readBaselineModel: ModelReader = (model, scope) => {
  const tests = need(model, "TestDistributions", scope);
  const statistic = tests.attrs.testStatistic;
  if (statistic !== "zValue") return scope.fail(tests, `testStatistic="${statistic ?? ""}" is not supported (only zValue)`);
  const field = tests.attrs.field;
  if (field === undefined) return scope.fail(tests, "has no field");
  if (tests.attrs.weightField !== undefined) scope.fail(tests, "weightField is not supported");
  const baseline = need(tests, "Baseline", scope);
  const dist = baseline.children.find((c) => c.name !== "Extension");
  if (dist === undefined) return scope.fail(baseline, "has no distribution");
  if (dist.name !== "GaussianDistribution") return scope.fail(dist, `${dist.name} is not supported for a zValue test (only GaussianDistribution)`);
  const mean = numberAttr(dist, "mean", undefined, scope);
  const variance = numberAttr(dist, "variance", undefined, scope);
  if (mean === undefined || variance === undefined) return scope.fail(dist, "needs a mean and a variance");
  if (!(variance > 0) || !Number.isFinite(variance) || !Number.isFinite(mean)) scope.fail(dist, "needs a finite mean and a positive variance");
  const x = new ExprInputs();
  const z = call("/", call("-", x.input(scope.column(field, tests)), dbl(mean)), dbl(Math.sqrt(variance)));
  return { functionName: "regression", predicted: addExpr(scope, x, z, "zValue", tests, "double"), features: new Map() };
};
