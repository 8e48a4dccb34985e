/**
 * PMML NaiveBayesModel through the `naiveBayes` op (model "pmml"): the classes and their prior counts
 * from BayesOutput, one op input per BayesInput (BayesInputs, and the BayesInputs that R's pmml package
 * puts inside an Extension of BayesInputs, after them, as jpmml-evaluator reads them):
 *
 * - PairCounts (a discrete input): the counts of each value per class; the value is the field's own, or
 *   that of the BayesInput's DerivedField (a Discretize of the field, as its own step);
 * - TargetValueStats with a GaussianDistribution per class (a continuous input).
 *
 * The op computes ln(prior) + Σ ln P(x | class), with the model's threshold for zero counts and for
 * densities below it (for the Gaussian inputs of the pre-4.2 Extension form, written by R, whose
 * predict floors only a density of exactly 0, as the 2014 JPMML did: floor "zero"); missing inputs and values without PairCounts add nothing; probabilities are the
 * softmax, the prediction their first maximum (classes in BayesOutput order). Refused: other
 * distributions (Poisson, uniform, ...), a class in a BayesInput that BayesOutput does not list.
 */
import type { NaiveBayesOutput, NaiveBayesParams, PmmlBayesInput } from "../../../src/ir/ops/naive-bayes.js";
import { exprKindOf, parseValue, sameCategory } from "../fields.js";
import { envOf } from "../expressions.js";
import type { ModelReader } from "../model.js";
import { computeDerived } from "../transforms.js";
import { child, children, type XmlElement } from "../xml.js";
import { need, numberAttr, parseLabel, targetLabelType } from "./ruleset.js";

/** BayesInputs, then those inside BayesInputs' Extensions (R's pmml package before PMML 4.2), marked. */
function bayesInputs(container: XmlElement): { input: XmlElement; extension: boolean }[] {
  const own = children(container, "BayesInput").map((input) => ({ input, extension: false }));
  const extended = children(container, "Extension").flatMap((x) => children(x, "BayesInput").map((input) => ({ input, extension: true })));
  return [...own, ...extended];
}

export const readNaiveBayesModel: ModelReader = (model, scope) => {
  if (model.attrs.functionName !== "classification") scope.fail(model, `functionName="${model.attrs.functionName ?? ""}" is not supported (naive Bayes is a classifier)`);
  const threshold = numberAttr(model, "threshold", undefined, scope);
  if (threshold === undefined) return scope.fail(model, "has no threshold");
  const output = need(model, "BayesOutput", scope);
  const outField = output.attrs.fieldName ?? output.attrs.field;
  if (scope.target !== null && outField !== undefined && outField !== scope.target.name) scope.fail(output, `fieldName="${outField}" is not the model's target (${scope.target.name})`);
  const priorCounts = children(need(output, "TargetValueCounts", scope), "TargetValueCount");
  if (priorCounts.length === 0) scope.fail(output, "has no TargetValueCount");
  const categories = priorCounts.map((c) => c.attrs.value ?? scope.fail(c, "has no value"));
  const priors = priorCounts.map((c) => numberAttr(c, "count", undefined, scope) ?? scope.fail(c, "has no count"));
  const labelType = targetLabelType(scope);
  const labels = priorCounts.map((c, i) => parseLabel(categories[i]!, c, scope));
  if (new Set(labels).size !== labels.length) scope.fail(output, "lists a class twice");
  /** The class index of a category as written in a BayesInput. */
  const classOf = (text: string | undefined, where: XmlElement): number => {
    if (text === undefined) return scope.fail(where, "has no value");
    const i = categories.findIndex((c) => sameCategory(scope.target, c, text));
    if (i < 0) return scope.fail(where, `the class "${text}" is not in BayesOutput`);
    return i;
  };

  const columns: string[] = [];
  const inputs: PmmlBayesInput[] = [];
  for (const { input: b, extension } of bayesInputs(need(model, "BayesInputs", scope))) {
    const field = b.attrs.fieldName ?? b.attrs.field;
    if (field === undefined) return scope.fail(b, "has no fieldName");
    const stats = child(b, "TargetValueStats");
    if (stats !== undefined) {
      const means: (number | null)[] = priors.map(() => null);
      const variances: (number | null)[] = priors.map(() => null);
      for (const s of children(stats, "TargetValueStat")) {
        const c = classOf(s.attrs.value, s);
        const dist = s.children.find((x) => x.name !== "Extension");
        if (dist === undefined) return scope.fail(s, "has no distribution");
        if (dist.name !== "GaussianDistribution") return scope.fail(dist, `${dist.name} is not supported (only GaussianDistribution)`);
        if (means[c] !== null) scope.fail(s, `the class "${s.attrs.value}" is listed twice`);
        means[c] = numberAttr(dist, "mean", undefined, scope) ?? scope.fail(dist, "has no mean");
        variances[c] = numberAttr(dist, "variance", undefined, scope) ?? scope.fail(dist, "has no variance");
      }
      if (means.some((m) => m === null)) scope.fail(stats, "does not give a distribution for every class");
      columns.push(scope.column(field, b));
      inputs.push({ kind: "gaussian", means: means as number[], variances: variances as number[], ...(extension ? { floor: "zero" as const } : {}) });
      continue;
    }
    const derived = child(b, "DerivedField");
    // the DerivedField of a BayesInput (a Discretize of the field) need not be named
    const named = derived === undefined || derived.attrs.name !== undefined ? derived : { ...derived, attrs: { ...derived.attrs, name: `${field} (discretized)` } };
    const column = named === undefined ? scope.column(field, b) : computeDerived(named, envOf(scope));
    const kind = exprKindOf(scope.typeOf(column));
    if (kind === null || kind === "boolean") return scope.fail(derived ?? b, "a discrete input must be a string or a number");
    const values: (string | number)[] = [];
    const counts: (number | null)[][] = [];
    for (const pc of children(b, "PairCounts")) {
      const text = pc.attrs.value;
      if (text === undefined) return scope.fail(pc, "has no value");
      const v = parseValue(kind, text);
      // a value that is not of the field's type never matches an input
      if (v === null || typeof v === "boolean" || (typeof v === "number" && Number.isNaN(v))) continue;
      const row: (number | null)[] = priors.map(() => null);
      for (const tc of children(need(pc, "TargetValueCounts", scope), "TargetValueCount")) {
        const c = classOf(tc.attrs.value, tc);
        if (row[c] !== null) scope.fail(tc, `the class "${tc.attrs.value}" is listed twice`);
        row[c] = numberAttr(tc, "count", undefined, scope) ?? scope.fail(tc, "has no count");
      }
      values.push(v);
      counts.push(row);
    }
    columns.push(column);
    inputs.push({ kind: "discrete", values, counts });
  }
  if (inputs.length === 0) scope.fail(model, "has no BayesInput");

  const outputs: NaiveBayesOutput[] = [{ kind: "label" }, ...labels.map((_l, index): NaiveBayesOutput => ({ kind: "probabilities", index }))];
  const params: NaiveBayesParams = {
    model: { kind: "pmml", priorCounts: priors, inputs, threshold },
    labels,
    labelType,
    decision: { kind: "argmax", of: "probabilities" },
    missing: "null",
    outputs,
  };
  const [predicted, ...probs] = scope.builder.add("naiveBayes", columns, ["prediction", ...categories.map((c) => `probability(${c})`)], params, model);
  const probabilities = new Map<string, string>(categories.map((c, i) => [c, probs[i]!]));
  return { functionName: "classification", predicted: predicted!, probabilities, features: new Map() };
};

