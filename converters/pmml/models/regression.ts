/**
 * PMML RegressionModel, through the `linearModel` op (and `expr` for powers and interaction terms,
 * `oneHot` for categorical predictors). The model readers' example.
 *
 * Each RegressionTable is one raw score: Σ coefficient · x^exponent over its NumericPredictors, plus
 * the coefficient of each CategoricalPredictor whose value the field has, plus coefficient · Π fields
 * over its PredictorTerms, plus the intercept (jpmml-evaluator's semantics, which follow the spec):
 * - a missing NumericPredictor or PredictorTerm field makes the table, and the prediction, missing
 *   (then Targets gives the default value or the prior probabilities); a missing CategoricalPredictor
 *   field adds nothing;
 * - regression (one table): the normalizationMethod's inverse link: none, softmax and logit (the
 *   logistic function), exp, probit, cloglog, loglog, cauchit; simplemax is refused;
 * - classification, categorical target, two tables: none clamps the first table's score to [0, 1],
 *   logit, probit, cloglog, loglog and cauchit apply the link to it; the second category gets the
 *   rest; softmax is the binary logistic when the second table is empty (no predictors, intercept 0),
 *   else a softmax; simplemax divides by the sum;
 * - more tables: none keeps the scores and gives the last category the rest, softmax and simplemax
 *   normalise; the links are refused (the spec applies them to each score alone, jpmml-evaluator also
 *   divides by the sum);
 * - ordinal target: the links (none: clamp to [0, 1]) give cumulative probabilities of all tables but
 *   the last, whose probabilities are their differences;
 * - the predicted category: the first most probable, in table order;
 * - x-mathContext="float": scores and probabilities in float32.
 */
import type { ExprKind } from "../../../src/ir/ops/expr.js";
import type { Link, LinearModelParams, LinearTransform } from "../../../src/ir/ops/linear-model.js";
import type { OneHotParams } from "../../../src/ir/ops/one-hot.js";
import { apply, constNode, envOf, materialize, nodeKind, readExpression, type Node } from "../expressions.js";
import { labelOf, labelTypeOf, parseNumber, parseValue, sameCategory } from "../fields.js";
import type { ModelReader, ModelResult, ModelScope } from "../model.js";
import { children, type XmlElement } from "../xml.js";

type SimpleLink = "logit" | "probit" | "cloglog" | "loglog" | "cauchit";
const LINKS: Record<string, SimpleLink> = { logit: "logit", probit: "probit", cloglog: "cloglog", loglog: "loglog", cauchit: "cauchit" };

interface Feature {
  key: string;
  /** The column (a number, or a vector for a one-hot of a categorical field). */
  column: string;
  /** Its width. */
  width: number;
}

/** Collects the model's features (shared by its tables) and each table's weights on them. */
class Features {
  readonly list: Feature[] = [];
  private readonly byKey = new Map<string, Feature>();
  /** Categorical fields: the values seen, in order. */
  private readonly categories = new Map<string, { field: string; kind: ExprKind; values: (string | number | boolean)[]; where: XmlElement }>();

  constructor(private readonly scope: ModelScope) {}

  numeric(key: string, make: () => string): string {
    let f = this.byKey.get(key);
    if (f === undefined) {
      f = { key, column: make(), width: 1 };
      this.byKey.set(key, f);
      this.list.push(f);
    }
    return key;
  }

  /** Registers a categorical value; returns its key. */
  category(field: string, text: string, where: XmlElement): string | null {
    let c = this.categories.get(field);
    if (c === undefined) {
      const column = this.scope.column(field, where);
      const kind = nodeKind({ op: "col", column }, this.scope.builder, where);
      c = { field, kind, values: [], where };
      this.categories.set(field, c);
    }
    const v = parseValue(c.kind, text);
    // A value not of the field's type never matches (its coefficient never counts).
    if (v === null || (typeof v === "number" && Number.isNaN(v))) return null;
    if (!c.values.some((x) => x === v)) c.values.push(v);
    return `cat:${field}:${typeof v}:${String(v)}`;
  }

  /** Makes the categorical features (one-hot vectors, or indicators for booleans). */
  finishCategories(): void {
    for (const c of this.categories.values()) {
      const column = this.scope.column(c.field, c.where);
      if (c.kind === "boolean") {
        for (const v of c.values) {
          const key = `cat:${c.field}:boolean:${String(v)}`;
          const node: Node = { op: "apply", fn: "if", args: [apply("equal", { op: "col", column }, constNode("boolean", v as boolean)), constNode("double", 1), constNode("double", 0)], mapMissingTo: constNode("double", 0) };
          this.numeric(key, () => materialize(node, this.scope.builder, `${c.field}=${String(v)}`, c.where));
        }
        continue;
      }
      const params: OneHotParams = {
        categories: c.kind === "string" ? { kind: "string", values: c.values as string[] } : { kind: "number", values: c.values as number[], match: "exact" },
        dropLast: false,
        handleInvalid: "zeros",
        missing: "fill",
        fillValue: 0,
      };
      const vec = this.scope.builder.add("oneHot", [column], [`${c.field}(indicators)`], params, c.where)[0]!;
      const f: Feature = { key: `onehot:${c.field}`, column: vec, width: c.values.length };
      this.list.push(f);
      c.values.forEach((v, i) => this.byKey.set(`cat:${c.field}:${typeof v}:${String(v)}`, { key: `onehot:${c.field}`, column: vec, width: -1 - i }));
    }
  }

  /** The weight row of one table over all features. */
  row(weights: Map<string, number>): number[] {
    const offsets = new Map<Feature, number>();
    let total = 0;
    for (const f of this.list) {
      offsets.set(f, total);
      total += f.width;
    }
    const row = new Array<number>(total).fill(0);
    for (const [key, w] of weights) {
      const f = this.byKey.get(key)!;
      if (f.width < 0) {
        const vec = this.list.find((x) => x.key === f.key)!;
        row[offsets.get(vec)! + (-1 - f.width)] = w;
      } else row[offsets.get(f)!] = w;
    }
    return row;
  }
}

function number(e: XmlElement, attr: string, scope: ModelScope, fallback?: number): number {
  const text = e.attrs[attr];
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    return scope.fail(e, `${attr} is required`);
  }
  const x = parseNumber(text);
  if (x === null) scope.fail(e, `${attr}="${text}" is not a number`);
  return x;
}

/** One table's weights (by feature key) and intercept. */
function readTable(table: XmlElement, features: Features, scope: ModelScope): { weights: Map<string, number>; intercept: number; empty: boolean } {
  const weights = new Map<string, number>();
  const add = (key: string, w: number) => weights.set(key, (weights.get(key) ?? 0) + w);
  const numerics = children(table, "NumericPredictor");
  for (const p of numerics) {
    const name = p.attrs.name ?? p.attrs.field;
    if (name === undefined) scope.fail(p, "a NumericPredictor needs a name");
    const coefficient = number(p, "coefficient", scope);
    const exponentText = p.attrs.exponent ?? "1";
    const exponent = parseNumber(exponentText);
    if (exponent === null || !Number.isInteger(exponent)) scope.fail(p, `exponent="${exponentText}" is not an integer`);
    const key = features.numeric(`num:${name}:${exponent}`, () => {
      const column = scope.column(name, p);
      if (exponent === 1) {
        const k = nodeKind({ op: "col", column }, scope.builder, p);
        if (k === "string" || k === "boolean") scope.fail(p, `the field "${name}" is not a number`);
        return column;
      }
      return materialize(apply("pow", { op: "col", column }, constNode("double", exponent)), scope.builder, `${name}^${exponent}`, p);
    });
    add(key, coefficient);
  }
  // A field's CategoricalPredictors: the first that matches counts (a value listed twice counts once).
  const seen = new Set<string>();
  for (const p of children(table, "CategoricalPredictor")) {
    const name = p.attrs.name ?? p.attrs.field;
    if (name === undefined || p.attrs.value === undefined) scope.fail(p, "a CategoricalPredictor needs a name and a value");
    const coefficient = number(p, "coefficient", scope);
    const key = features.category(name, p.attrs.value, p);
    if (key === null || seen.has(key)) continue;
    seen.add(key);
    add(key, coefficient);
  }
  const terms = children(table, "PredictorTerm");
  terms.forEach((t, i) => {
    const coefficient = number(t, "coefficient", scope);
    const refs = children(t, "FieldRef");
    if (refs.length === 0) scope.fail(t, "a PredictorTerm needs FieldRefs");
    const name = t.attrs.name ?? refs.map((r) => r.attrs.field).join("*");
    const nodes = refs.map((r) => readExpression(r, envOf(scope), name));
    const key = features.numeric(`term:${refs.map((r) => `${r.attrs.field}|${r.attrs.mapMissingTo ?? ""}`).join(",")}`, () => {
      const product = nodes.length === 1 ? nodes[0]! : nodes.slice(1).reduce((acc, n) => apply("*", acc, n), nodes[0]!);
      const k = nodeKind(product, scope.builder, t);
      if (k === "string" || k === "boolean") scope.fail(t, "a PredictorTerm multiplies numbers");
      return materialize(product, scope.builder, name, t, k === "double" ? undefined : "double");
    });
    void i;
    add(key, coefficient);
  });
  const intercept = number(table, "intercept", scope, 0);
  return { weights, intercept, empty: numerics.length === 0 && children(table, "CategoricalPredictor").length === 0 && terms.length === 0 && intercept === 0 };
}

export const readRegressionModel: ModelReader = (model, scope): ModelResult => {
  const functionName = model.attrs.functionName;
  if (functionName !== "regression" && functionName !== "classification") scope.fail(model, `functionName="${functionName ?? ""}" is not supported`);
  const method = model.attrs.normalizationMethod ?? "none";
  const tables = children(model, "RegressionTable");
  if (tables.length === 0) scope.fail(model, "a RegressionModel needs a RegressionTable");
  const mathContext = model.attrs["x-mathContext"] ?? "double";
  if (mathContext !== "double" && mathContext !== "float") scope.fail(model, `x-mathContext="${mathContext}" is not supported`);
  const features = new Features(scope);
  const read = tables.map((t) => readTable(t, features, scope));
  features.finishCategories();
  if (features.list.length === 0) {
    // Intercepts only: a constant feature of weight 0 keeps the op's shape.
    features.numeric("const", () => materialize(constNode("double", 0), scope.builder, "zero", model));
  }
  const target = scope.target;
  const base = (transform: LinearTransform, rows: typeof read): Omit<LinearModelParams, "outputs"> => ({
    coefficients: rows.map((r) => features.row(r.weights)),
    intercepts: rows.map((r) => r.intercept),
    transform,
    missing: "null",
    ...(mathContext === "float" ? { float32: true } : {}),
  });
  const inputs = features.list.map((f) => f.column);
  const origin = model;

  if (functionName === "regression") {
    if (tables.length !== 1) scope.fail(model, `a regression model takes one RegressionTable, found ${tables.length}`);
    let link: Link;
    if (method === "none") link = { fn: "identity" };
    else if (method === "softmax" || method === "logit") link = { fn: "logit" };
    else if (method === "exp") link = { fn: "exp" };
    else if (LINKS[method] !== undefined) link = { fn: LINKS[method]! };
    else return scope.fail(model, `normalizationMethod="${method}" is not supported for regression`);
    const params: LinearModelParams = { ...base({ kind: "link", link }, read), outputs: [{ kind: "values", index: 0 }] };
    const [predicted] = scope.builder.add("linearModel", inputs, [target?.name ?? "prediction"], params, origin);
    return { functionName, predicted: predicted!, features: new Map() };
  }

  // Classification.
  if (tables.length < 2) scope.fail(model, "a classification model needs two or more RegressionTables");
  const categories = tables.map((t) => {
    const c = t.attrs.targetCategory;
    if (c === undefined) scope.fail(t, "a classification RegressionTable needs a targetCategory");
    return c;
  });
  const labelType = labelTypeOf(target);
  const labels = categories.map((c, i): string | number => {
    const l = labelOf(target, c);
    if (l === null) return scope.fail(tables[i]!, `targetCategory="${c}" is not a value of the target's type (${target?.dataType})`);
    return l;
  });
  const ordinal = target?.optype === "ordinal";
  let transform: LinearTransform;
  let rows = read;
  const k = tables.length;
  if (ordinal) {
    if (method === "softmax" || method === "simplemax" || method === "exp") scope.fail(model, `normalizationMethod="${method}" is not supported for an ordinal target`);
    const link: Link = method === "none" ? { fn: "clamp01" } : LINKS[method] !== undefined ? { fn: LINKS[method]! } : scope.fail(model, `normalizationMethod="${method}" is not supported`);
    transform = { kind: "cumulative", link };
    rows = read.slice(0, k - 1);
  } else if (method === "none") transform = k === 2 ? { kind: "binary", link: { fn: "clamp01" }, position: 0 } : { kind: "residualLast" };
  else if (method === "softmax") transform = k === 2 && read[1]!.empty ? { kind: "binary", link: { fn: "logit" }, position: 0 } : { kind: "softmax" };
  else if (method === "simplemax") transform = { kind: "simplemax" };
  else if (LINKS[method] !== undefined) {
    // More categories: the spec applies the link to each score alone, jpmml-evaluator then divides by
    // their sum; with no reference to follow, the model is refused.
    if (k !== 2) scope.fail(model, `normalizationMethod="${method}" with ${k} categories is not supported (the PMML specification and jpmml-evaluator disagree on it)`);
    transform = { kind: "binary", link: { fn: LINKS[method]! }, position: 0 };
  }
  else return scope.fail(model, `normalizationMethod="${method}" is not supported for classification`);
  if (transform.kind === "binary") rows = read.slice(0, 1);

  const outputs: LinearModelParams["outputs"] = [{ kind: "label" }, ...categories.map((_c, i) => ({ kind: "values" as const, index: i }))];
  const params: LinearModelParams = { ...base(transform, rows), labels, labelType, decision: { kind: "argmax", of: "values" }, outputs };
  const names = [target?.name ?? "prediction", ...categories.map((c) => `probability(${c})`)];
  const columns = scope.builder.add("linearModel", inputs, names, params, origin);
  // Probabilities in the target's category order when it lists them all, else in table order.
  const order = categories.map((_c, i) => i);
  const declared = target?.values ?? [];
  if (declared.length === categories.length && categories.every((c) => declared.some((d) => sameCategory(target, c, d)))) {
    order.sort((a, b) => declared.findIndex((d) => sameCategory(target, categories[a]!, d)) - declared.findIndex((d) => sameCategory(target, categories[b]!, d)));
  }
  const probabilities = new Map<string, string>(order.map((i) => [categories[i]!, columns[i + 1]!]));
  return { functionName, predicted: columns[0]!, probabilities, features: new Map() };
};
