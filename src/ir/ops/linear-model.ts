/**
 * linearModel: linear and generalised linear models, regression and classification.
 *
 *   raw_k    = Σ_j coefficients[k][j] · x_j + intercepts[k]  (+ offset, + the offset column)
 *   values   = transform(raw)                                (a link per score, softmax, cumulative, ...)
 *   label    = labels[decision(raw or values)]
 *
 * The features x are the inputs concatenated (numbers and vectors, as vectorAssemble). Every format's
 * variant is a choice of transform, decision and outputs:
 *
 * - PMML RegressionModel: one row per RegressionTable. Regression: transform `link` with the
 *   normalizationMethod's function (none identity, exp, softmax/logit logit, probit, cloglog, loglog,
 *   cauchit). Classification, two categories (normalization none, logit, probit, cloglog, loglog, cauchit,
 *   and JPMML's softmax with a default second table): `binary` with position 0 (the first category's
 *   probability is f(y0), the second's 1 - f(y0); none is `clamp01`). More categories: `softmax`,
 *   `simplemax`, `residualLast` (none), or `link` (each score on its own). Ordinal targets: `cumulative`.
 *   Label: argmax of the values.
 * - PMML GeneralRegressionModel: regression/generalLinear `link` identity; generalizedLinear `link` with
 *   its linkFunction (cloglog, identity, log = exp, logc, logit, loglog, negbin, oddspower, power, probit),
 *   offsetValue (`offset`) or offsetVariable (`offsetColumn`), trialsValue/trialsVariable (`trials`,
 *   `trialsColumn`); a binary generalizedLinear classifier is `binary` position 0; multinomialLogistic is
 *   `softmax` with a zero row for the reference category; ordinalMultinomial is `cumulative` with its
 *   cumulativeLinkFunction (logit, probit, cloglog, loglog, cauchit), one row per threshold.
 * - ONNX LinearRegressor: `link` identity (PROBIT: `onnxProbit`). LinearClassifier: `float32`, label by
 *   argmax of the raw scores; post_transform NONE `link` identity, LOGISTIC `link` logit, SOFTMAX
 *   `softmax`, SOFTMAX_ZERO `softmaxZero`, PROBIT `link` onnxProbit; the binary shape (one coefficient row,
 *   two labels) is `binary` position 1 with identity (NONE, SOFTMAX, SOFTMAX_ZERO) or logit (LOGISTIC),
 *   and the label decision `threshold` on raw score 0 at 0 (with PROBIT ONNX Runtime writes an undefined
 *   second column: the reader refuses it).
 * - Spark LogisticRegression: binomial is one row, output `rawNegPos` ([-m, m]), `binary` position 1 with
 *   logit, decision `threshold` on the raw score at log(t / (1 - t)) (±Infinity for t = 0 or 1);
 *   multinomial is `softmax`, decision `argmax` of raw, or `argmaxScaled` with the thresholds.
 *   LinearRegression: `link` identity. GeneralizedLinearRegression: `link` with the family's link
 *   (identity, log = exp, logit, probit, cloglog, inverse, sqrt = power 0.5, power), `clamp` with the
 *   family's projection of mu (binomial [1e-16, 1 - 1e-16], poisson/gamma/tweedie [1e-16, MAX_VALUE],
 *   gaussian [-MAX_VALUE, MAX_VALUE]), output `raw` 0 as the link prediction. LinearSVC: one row,
 *   `rawNegPos`, decision `threshold` on the raw score at the model's threshold.
 * - MLeap: as Spark; its binary logistic regression may decide on the probability instead (`threshold`
 *   of "values" index 1).
 */
import { defineOp, type LowerContext } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { erfc } from "../../pfa/lib/m.special.js";
import { DOUBLE, describeType, isNumeric, nullable, type IRType, vector } from "../types.js";
import { ARRAY_DOUBLE, asDoubleExpr, doubleLiteral, ieeeGreater, pick } from "./common.js";
import {
  SharedValues,
  argmaxDecision,
  checkArgmaxDecision,
  checkFinite,
  checkLabels,
  decisionReadsValues,
  evaluateOrMissing,
  featureWidths,
  gatherFeatures,
  labelIRType,
  labelsCell,
  lowerArgmaxDecision,
  lowerElement,
  lowerFeatures,
  lowerRoundFloat32,
  maybeNullable,
  outputsNullable,
  pfaPow,
  randomCoef,
  randomFeatureInputs,
  randomLabels,
  randomOutputs,
  randomThresholds,
  thresholdsCell,
  type ArgmaxDecision,
  type LabelType,
  type MissingMode,
  type ScoreOutput,
} from "./model-util.js";

/**
 * An inverse link function: the model's value from a linear predictor eta.
 * - identity: eta; exp: e^eta (the log link); logit: 1 / (1 + e^-eta); probit: Φ(eta);
 * - cloglog: 1 - exp(-exp(eta)); loglog: exp(-exp(-eta)) (PMML's, not PFA's m.link.loglog);
 *   cauchit: 1/2 + atan(eta) / π; logc: 1 - e^eta; inverse: 1 / eta;
 * - power(p): eta^(1/p), e^eta when p = 0; negbin(c): 1 / (c (e^-eta - 1));
 *   oddspower(d): 1 / (1 + (1 + d eta)^(-1/d)), logit when d = 0;
 * - clamp01: eta limited to [0, 1] (PMML's normalizationMethod none for probabilities);
 * - onnxProbit: ONNX Runtime's PROBIT post_transform, √2 · erfinv(2 eta - 1) with Winitzki's
 *   approximation of erfinv (a = 0.147), which is what ONNX Runtime computes.
 */
export type Link =
  | { fn: "identity" | "exp" | "logit" | "probit" | "cloglog" | "loglog" | "cauchit" | "logc" | "inverse" | "clamp01" | "onnxProbit" }
  | { fn: "power"; p: number }
  | { fn: "negbin"; c: number }
  | { fn: "oddspower"; d: number };

/** How the raw scores (K of them) become the model's values (C of them). */
export type LinearTransform =
  /** Each score through the inverse link (C = K): regression, independent per-class links. */
  | { kind: "link"; link: Link }
  /** exp(raw - max) / Σ exp(raw - max) (C = K). */
  | { kind: "softmax" }
  /** raw / Σ raw (C = K). */
  | { kind: "simplemax" }
  /** ONNX SOFTMAX_ZERO: scores with |s| ≤ 1e-7 (float32) stay s·e^-max, the others exp(s - max); all divided by the sum of the exponentiated ones (C = K). */
  | { kind: "softmaxZero" }
  /** PMML multinomial with normalization none: the first K - 1 scores as they are, the last 1 - their sum (C = K ≥ 2). */
  | { kind: "residualLast" }
  /**
   * Two classes from one score: p = link(raw[scoreIndex]) is the probability of class `position`, the
   * other class gets 1 - p (C = 2).
   */
  | { kind: "binary"; link: Link; position: 0 | 1; scoreIndex?: number }
  /** Ordinal: c_k = link(raw_k) are cumulative probabilities; values = [c_0, c_1 - c_0, ..., 1 - c_{K-1}] (C = K + 1). */
  | { kind: "cumulative"; link: Link };

/** How the label is chosen: argmax (of the raw scores or the values) or argmaxScaled, or a threshold. */
export type LinearDecision =
  | ArgmaxDecision
  /** labels[1] when raw[index] (or values[index]) > threshold, else labels[0] (threshold may be ±Infinity). */
  | { kind: "threshold"; of: "raw" | "values"; index: number; threshold: number };

/** One output column: raw scores, values or label, or Spark's binary rawPrediction [-raw_0, raw_0] (vector 2). */
export type LinearOutput = ScoreOutput | { kind: "rawNegPos" };

export interface LinearModelParams {
  /** One row of feature weights per raw score (K rows of F, F the total width of the feature inputs). */
  coefficients: number[][];
  /** One intercept per raw score. */
  intercepts: number[];
  /** A constant added to every raw score (PMML offsetValue). */
  offset?: number;
  /** When true, the input after the features is a number added to every raw score (PMML offsetVariable, Spark offsetCol). */
  offsetColumn?: boolean;
  /** A constant multiplying each value after the link (PMML trialsValue); only with transform `link`. */
  trials?: number;
  /** When true, the last input is a number multiplying each value after the link (PMML trialsVariable). */
  trialsColumn?: boolean;
  /** Limits each value of a `link` transform to [min, max] (Spark GLM's family projection); NaN stays NaN. */
  clamp?: { min: number; max: number };
  transform: LinearTransform;
  /** Class labels, indexed by the decision; required with a label output. */
  labels?: (string | number)[];
  labelType?: LabelType;
  decision?: LinearDecision;
  /**
   * ONNX Runtime computes in float32: features, raw scores and values are rounded to float32 (the sums
   * themselves are exact double sums of the float32 products, within a float32 ulp of ONNX's GEMM).
   */
  float32?: boolean;
  /** A missing input (feature, offset or trials): the row is refused, or every output is missing. */
  missing: MissingMode;
  outputs: LinearOutput[];
}

const NAME = "linearModel";

/** The number of values the transform makes from K raw scores. */
function valueCount(t: LinearTransform, k: number): number {
  return t.kind === "binary" ? 2 : t.kind === "cumulative" ? k + 1 : k;
}

function checkLink(link: Link): void {
  const known = ["identity", "exp", "logit", "probit", "cloglog", "loglog", "cauchit", "logc", "inverse", "clamp01", "onnxProbit", "power", "negbin", "oddspower"];
  if (!known.includes(link.fn)) throw new Error(`${NAME}: unknown link function "${String(link.fn)}"`);
  if (link.fn === "power") checkFinite(NAME, "the power link's parameter", [link.p]);
  if (link.fn === "negbin") checkFinite(NAME, "the negbin link's parameter", [link.c]);
  if (link.fn === "oddspower") checkFinite(NAME, "the oddspower link's parameter", [link.d]);
}

/** Splits the inputs into features and the optional offset and trials columns. */
function splitInputs<T>(p: LinearModelParams, inputs: readonly T[]): { features: T[]; offset: T | null; trials: T | null } {
  const n = inputs.length - (p.offsetColumn ? 1 : 0) - (p.trialsColumn ? 1 : 0);
  return { features: inputs.slice(0, n), offset: p.offsetColumn ? inputs[n]! : null, trials: p.trialsColumn ? inputs[inputs.length - 1]! : null };
}

function checkParams(p: LinearModelParams, inputs: readonly IRType[]): { k: number; c: number } {
  const k = p.coefficients.length;
  if (k === 0) throw new Error(`${NAME}: no coefficient rows`);
  if (p.intercepts.length !== k) throw new Error(`${NAME}: ${k} coefficient rows but ${p.intercepts.length} intercepts`);
  const split = splitInputs(p, inputs);
  if (split.features.length === 0) throw new Error(`${NAME}: no feature inputs`);
  const { total } = featureWidths(NAME, split.features);
  p.coefficients.forEach((row, i) => {
    if (row.length !== total) throw new Error(`${NAME}: coefficient row ${i} has ${row.length} weights, the features are ${total} wide`);
    checkFinite(NAME, "coefficients", row);
  });
  checkFinite(NAME, "intercepts", p.intercepts);
  if (p.offset !== undefined) checkFinite(NAME, "the offset", [p.offset]);
  if (p.trials !== undefined) checkFinite(NAME, "trials", [p.trials]);
  for (const extra of [split.offset, split.trials]) if (extra !== null && !isNumeric(extra)) throw new Error(`${NAME}: offset and trials columns must be numbers, found ${describeType(extra)}`);
  const t = p.transform;
  switch (t.kind) {
    case "link":
    case "cumulative":
      checkLink(t.link);
      break;
    case "binary":
      checkLink(t.link);
      if (t.position !== 0 && t.position !== 1) throw new Error(`${NAME}: binary position must be 0 or 1`);
      if ((t.scoreIndex ?? 0) < 0 || (t.scoreIndex ?? 0) >= k) throw new Error(`${NAME}: binary scoreIndex ${t.scoreIndex} is not a raw score`);
      break;
    case "residualLast":
      if (k < 2) throw new Error(`${NAME}: residualLast needs at least 2 scores`);
      break;
    case "softmax":
    case "simplemax":
    case "softmaxZero":
      break;
    default:
      throw new Error(`${NAME}: unknown transform ${JSON.stringify(t)}`);
  }
  if ((p.trials !== undefined || p.trialsColumn || p.clamp !== undefined) && t.kind !== "link") throw new Error(`${NAME}: trials and clamp apply only to a link transform`);
  if (p.clamp !== undefined) {
    checkFinite(NAME, "clamp limits", [p.clamp.min, p.clamp.max]);
    if (!(p.clamp.min <= p.clamp.max)) throw new Error(`${NAME}: clamp min exceeds max`);
  }
  const c = valueCount(t, k);
  const d = p.decision;
  if (d?.kind === "threshold") {
    if (p.labels === undefined || p.labelType === undefined) throw new Error(`${NAME}: a decision needs labels and labelType`);
    checkLabels(NAME, p.labels, p.labelType);
    if (p.labels.length !== 2) throw new Error(`${NAME}: a threshold decision needs 2 labels`);
    const n = d.of === "raw" ? k : c;
    if (!Number.isInteger(d.index) || d.index < 0 || d.index >= n) throw new Error(`${NAME}: threshold index ${d.index} is out of range`);
    if (Number.isNaN(d.threshold)) throw new Error(`${NAME}: the threshold is NaN`);
  } else if (d !== undefined) checkArgmaxDecision(NAME, d, p.labels, p.labelType, { raw: k, values: c });
  if (p.outputs.length === 0) throw new Error(`${NAME}: no outputs`);
  for (const o of p.outputs) {
    if (o.kind === "label" && d === undefined) throw new Error(`${NAME}: a label output needs a decision`);
    if (o.kind === "raw" && o.index !== undefined && (o.index < 0 || o.index >= k)) throw new Error(`${NAME}: raw index ${o.index} is out of range`);
    if (o.kind === "values" && o.index !== undefined && (o.index < 0 || o.index >= c)) throw new Error(`${NAME}: values index ${o.index} is out of range`);
  }
  return { k, c };
}

// ---------------------------------------------------------------------------------------------
// Reference evaluation

const FLOAT_1E7 = Math.fround(1e-7);

/** The inverse link of one linear predictor. */
export function applyLink(link: Link, x: number): number {
  switch (link.fn) {
    case "identity":
      return x;
    case "exp":
      return Math.exp(x);
    case "logit":
      return 1 / (1 + Math.exp(-x));
    case "probit":
      return 0.5 * erfc(-x / Math.SQRT2);
    case "cloglog":
      return -Math.expm1(-Math.exp(x));
    case "loglog":
      return Math.exp(-Math.exp(-x));
    case "cauchit":
      return 0.5 + Math.atan(x) / Math.PI;
    case "logc":
      return 1 - Math.exp(x);
    case "inverse":
      return 1 / x;
    case "clamp01":
      return x < 0 ? 0 : x > 1 ? 1 : x;
    case "onnxProbit": {
      const t = 2 * x - 1;
      const sgn = t < 0 ? -1 : 1;
      const l = Math.log((1 - t) * (1 + t));
      const v = 2 / (3.14159 * 0.147) + 0.5 * l;
      const v2 = l / 0.147;
      return 1.41421356 * (sgn * Math.sqrt(-v + Math.sqrt(v * v - v2)));
    }
    case "power":
      return link.p === 0 ? Math.exp(x) : pfaPow(x, 1 / link.p);
    case "negbin":
      return 1 / (link.c * (Math.exp(-x) - 1));
    case "oddspower":
      return link.d === 0 ? 1 / (1 + Math.exp(-x)) : 1 / (1 + pfaPow(1 + link.d * x, -1 / link.d));
  }
}

function applyTransform(t: LinearTransform, raw: readonly number[]): number[] {
  switch (t.kind) {
    case "link":
      return raw.map((x) => applyLink(t.link, x));
    case "softmax": {
      let max = -Infinity;
      for (const x of raw) max = Math.max(max, x);
      const e = raw.map((x) => Math.exp(x - max));
      let sum = 0;
      for (const x of e) sum += x;
      return e.map((x) => x / sum);
    }
    case "simplemax": {
      let sum = 0;
      for (const x of raw) sum += x;
      return raw.map((x) => x / sum);
    }
    case "softmaxZero": {
      let max = -Infinity;
      for (const x of raw) max = Math.max(max, x);
      const expNegMax = Math.exp(-max);
      const big = (x: number): boolean => x > FLOAT_1E7 || x < -FLOAT_1E7;
      let sum = 0;
      for (const x of raw) sum += big(x) ? Math.exp(x - max) : 0;
      return raw.map((x) => (big(x) ? Math.exp(x - max) : x * expNegMax) / sum);
    }
    case "residualLast": {
      const head = raw.slice(0, raw.length - 1);
      let sum = 0;
      for (const x of head) sum += x;
      return [...head, 1 - sum];
    }
    case "binary": {
      const p = applyLink(t.link, raw[t.scoreIndex ?? 0]!);
      return t.position === 1 ? [1 - p, p] : [p, 1 - p];
    }
    case "cumulative": {
      const c = raw.map((x) => applyLink(t.link, x));
      const out: number[] = [];
      for (let i = 0; i <= c.length; i++) out.push((i < c.length ? c[i]! : 1) - (i > 0 ? c[i - 1]! : 0));
      return out;
    }
  }
}

function decide(d: LinearDecision, raw: readonly number[], values: readonly number[]): number {
  if (d.kind === "threshold") return (d.of === "raw" ? raw : values)[d.index]! > d.threshold ? 1 : 0;
  return argmaxDecision(d, raw, values);
}

// ---------------------------------------------------------------------------------------------
// Lowering

/** PFA for the inverse link of the double symbol `x`. */
export function lowerLink(ctx: LowerContext, link: Link, x: string): JsonValue {
  const one = doubleLiteral(1);
  switch (link.fn) {
    case "identity":
      return x;
    case "exp":
      return { "m.exp": x };
    case "logit":
      return { "m.link.logit": x };
    case "probit":
      return { "m.link.probit": x };
    case "cloglog":
      return { "m.link.cloglog": x };
    case "loglog":
      // PMML's loglog is exp(-exp(-eta)); PFA's m.link.loglog(y) is exp(-exp(y))
      return { "m.link.loglog": { "u-": x } };
    case "cauchit":
      return { "m.link.cauchit": x };
    case "logc":
      return { "-": [one, { "m.exp": x }] };
    case "inverse":
      return { "/": [one, x] };
    case "clamp01":
      return { if: { "<": [x, doubleLiteral(0)] }, then: doubleLiteral(0), else: { if: ieeeGreater(x, one), then: one, else: x } };
    case "onnxProbit": {
      // √2 · erfinv(2x - 1), erfinv by Winitzki's approximation (a = 0.147) as ONNX Runtime computes it
      const t = ctx.symbol("t");
      const l = ctx.symbol("l");
      const v = ctx.symbol("v");
      const v2 = ctx.symbol("v2");
      return {
        do: [
          { let: { [t]: { "-": [{ "*": [doubleLiteral(2), x] }, one] } } },
          { let: { [l]: { "m.ln": { "*": [{ "-": [one, t] }, { "+": [one, t] }] } } } },
          { let: { [v]: { "+": [doubleLiteral(2 / (3.14159 * 0.147)), { "*": [doubleLiteral(0.5), l] }] }, [v2]: { "/": [l, doubleLiteral(0.147)] } } },
          { "*": [doubleLiteral(1.41421356), { "*": [{ if: { "<": [t, doubleLiteral(0)] }, then: doubleLiteral(-1), else: one }, { "m.sqrt": { "+": [{ "u-": v }, { "m.sqrt": { "-": [{ "*": [v, v] }, v2] } }] } }] }] },
        ],
      };
    }
    case "power":
      return link.p === 0 ? { "m.exp": x } : { "**": [x, doubleLiteral(1 / link.p)] };
    case "negbin":
      return { "/": [one, { "*": [doubleLiteral(link.c), { "-": [{ "m.exp": { "u-": x } }, one] }] }] };
    case "oddspower":
      return link.d === 0 ? { "m.link.logit": x } : { "/": [one, { "+": [one, { "**": [{ "+": [one, { "*": [doubleLiteral(link.d), x] }] }, doubleLiteral(-1 / link.d)] }] }] };
  }
}

/** The PFA library function that applies the inverse link to a whole array, where there is one. */
const ARRAY_LINKS: Partial<Record<Link["fn"], string>> = { logit: "m.link.logit", probit: "m.link.probit", cloglog: "m.link.cloglog", cauchit: "m.link.cauchit" };

/** A function (double) -> double applying the link (then `post`), as an inline fcn definition. */
function linkFcn(ctx: LowerContext, link: Link, post?: (y: JsonValue) => JsonValue): JsonValue {
  const v = ctx.symbol("eta");
  const body = lowerLink(ctx, link, v);
  return { params: [{ [v]: "double" }], ret: "double", do: post ? post(body) : body };
}

/** An array(double) expression mapped element by element through the link. */
function lowerArrayLink(ctx: LowerContext, link: Link, arr: JsonValue): JsonValue {
  if (link.fn === "identity") return arr;
  const lib = ARRAY_LINKS[link.fn];
  if (lib !== undefined) return { [lib]: arr };
  return { "a.map": [arr, linkFcn(ctx, link)] };
}


/** The values from the raw scores (symbol `raw`), as PFA. */
function lowerTransform(ctx: LowerContext, p: LinearModelParams, raw: string, trials: JsonValue | null): JsonValue {
  const t = p.transform;
  const arr = (items: JsonValue[]): JsonValue => ({ new: items, type: ARRAY_DOUBLE });
  switch (t.kind) {
    case "link": {
      const scale: JsonValue | null = trials ?? (p.trials !== undefined ? doubleLiteral(p.trials) : null);
      if (scale === null && p.clamp === undefined) return lowerArrayLink(ctx, t.link, raw);
      const clamp = p.clamp;
      return {
        "a.map": [
          raw,
          linkFcn(ctx, t.link, (y) => {
            let out = y;
            if (clamp !== undefined) {
              const s = ctx.symbol("mu");
              out = { do: [{ let: { [s]: out } }, { if: { "<": [s, doubleLiteral(clamp.min)] }, then: doubleLiteral(clamp.min), else: { if: ieeeGreater(s, doubleLiteral(clamp.max)), then: doubleLiteral(clamp.max), else: s } }] };
            }
            return scale === null ? out : { "*": [out, scale] };
          }),
        ],
      };
    }
    case "softmax":
      return { "m.link.softmax": raw };
    case "simplemax": {
      const s = ctx.symbol("sum");
      const v = ctx.symbol("v");
      return { do: [{ let: { [s]: { "a.sum": raw } } }, { "a.map": [raw, { params: [{ [v]: "double" }], ret: "double", do: { "/": [v, s] } }] }] };
    }
    case "softmaxZero": {
      const max = ctx.symbol("max");
      const expNegMax = ctx.symbol("expNegMax");
      const sum = ctx.symbol("sum");
      const big = (v: string): JsonValue => ({ "||": [{ ">": [v, doubleLiteral(FLOAT_1E7)] }, { "<": [v, doubleLiteral(-FLOAT_1E7)] }] });
      const v1 = ctx.symbol("v");
      const v2 = ctx.symbol("v");
      return {
        do: [
          { let: { [max]: { "a.max": raw } } },
          { let: { [expNegMax]: { "m.exp": { "u-": max } } } },
          { let: { [sum]: { "a.sum": { "a.map": [raw, { params: [{ [v1]: "double" }], ret: "double", do: { if: big(v1), then: { "m.exp": { "-": [v1, max] } }, else: doubleLiteral(0) } }] } } } },
          { "a.map": [raw, { params: [{ [v2]: "double" }], ret: "double", do: { "/": [{ if: big(v2), then: { "m.exp": { "-": [v2, max] } }, else: { "*": [v2, expNegMax] } }, sum] } }] },
        ],
      };
    }
    case "residualLast": {
      const head = ctx.symbol("head");
      const k = p.coefficients.length;
      return { do: [{ let: { [head]: { "a.subseq": [raw, 0, k - 1] } } }, { "a.append": [head, { "-": [doubleLiteral(1), { "a.sum": head }] }] }] };
    }
    case "binary": {
      const s = ctx.symbol("p");
      const score = { attr: raw, path: [t.scoreIndex ?? 0] };
      const eta = ctx.symbol("eta");
      const rest = { "-": [doubleLiteral(1), s] };
      return { do: [{ let: { [eta]: score } }, { let: { [s]: lowerLink(ctx, t.link, eta) } }, arr(t.position === 1 ? [rest, s] : [s, rest])] };
    }
    case "cumulative": {
      const c = ctx.symbol("cumulative");
      const a = ctx.symbol("a");
      const b = ctx.symbol("b");
      return {
        do: [
          { let: { [c]: lowerArrayLink(ctx, t.link, raw) } },
          { "a.zipmap": [{ "a.append": [c, doubleLiteral(1)] }, { "a.insert": [c, 0, doubleLiteral(0)] }, { params: [{ [a]: "double" }, { [b]: "double" }], ret: "double", do: { "-": [a, b] } }] },
        ],
      };
    }
  }
}

export const linearModel = defineOp<LinearModelParams>({
  name: NAME,
  summary: "linear or generalised linear model: raw scores, link or normalisation, probabilities, label",
  outputTypes(p, inputs) {
    const { k, c } = checkParams(p, inputs);
    const isNull = outputsNullable(p.missing, inputs);
    return p.outputs.map((o) => {
      let t: IRType;
      switch (o.kind) {
        case "raw":
          t = o.index === undefined ? vector(k) : DOUBLE;
          break;
        case "rawNegPos":
          t = vector(2);
          break;
        case "values":
          t = o.index === undefined ? vector(c) : DOUBLE;
          break;
        case "label":
          t = labelIRType(p.labelType!);
          break;
        default:
          throw new Error(`${NAME}: unknown output ${JSON.stringify(o)}`);
      }
      return maybeNullable(t, isNull);
    });
  },
  evaluate(p, values) {
    return evaluateOrMissing(NAME, p.missing, values, p.outputs.length, () => {
      const split = splitInputs(p, values);
      const r32 = p.float32 ? Math.fround : (x: number) => x;
      const x = gatherFeatures(split.features)!.map(r32);
      let raw = p.coefficients.map((row, k) => {
        let s = 0;
        for (let j = 0; j < x.length; j++) s += row[j]! * x[j]!;
        s += p.intercepts[k]!;
        if (p.offset !== undefined) s += p.offset;
        if (split.offset !== null) s += Number(split.offset);
        return s;
      });
      raw = raw.map(r32);
      let vals = applyTransform(p.transform, raw);
      if (p.transform.kind === "link") {
        const clamp = p.clamp;
        if (clamp !== undefined) vals = vals.map((v) => (v < clamp.min ? clamp.min : v > clamp.max ? clamp.max : v));
        const scale = split.trials !== null ? Number(split.trials) : p.trials;
        if (scale !== undefined) vals = vals.map((v) => v * scale);
      }
      vals = vals.map(r32);
      const label = p.decision === undefined ? null : p.labels![decide(p.decision, raw, vals)]!;
      return p.outputs.map((o) => {
        switch (o.kind) {
          case "raw":
            return o.index === undefined ? raw : raw[o.index]!;
          case "rawNegPos":
            return [-raw[0]!, raw[0]!];
          case "values":
            return o.index === undefined ? vals : vals[o.index]!;
          case "label":
            return label;
        }
      });
    });
  },
  lower(p, inputs, types, ctx) {
    const split = splitInputs(p, types);
    const nf = split.features.length;
    const model = ctx.cell(
      "linearModel",
      {
        type: "record",
        name: ctx.typeName("LinearModel"),
        fields: [
          { name: "coeff", type: { type: "array", items: ARRAY_DOUBLE } },
          { name: "const", type: ARRAY_DOUBLE },
        ],
      },
      { coeff: p.coefficients, const: p.intercepts },
    );
    const d = p.decision;
    const labels = d !== undefined ? labelsCell(ctx, p.labels!, p.labelType!) : null;
    const thresholds = thresholdsCell(ctx, d);
    const round = (e: JsonValue): JsonValue => (p.float32 ? lowerRoundFloat32(ctx, e) : e);

    // the model once per row: the raw scores, then the values where an output reads them
    const shared = new SharedValues(ctx, NAME, p.missing, inputs, types);
    const raw = shared.fromInputs("scores", (xs) => {
      let rawExpr: JsonValue = { "model.reg.linear": [round(lowerFeatures(xs.slice(0, nf), split.features)), { cell: model }] };
      const adds: JsonValue[] = [];
      if (p.offset !== undefined) adds.push(doubleLiteral(p.offset));
      if (p.offsetColumn) adds.push(asDoubleExpr(xs[nf]!, split.offset!));
      if (adds.length > 0) {
        const v = ctx.symbol("raw");
        const body = adds.reduce<JsonValue>((acc, a) => ({ "+": [acc, a] }), v);
        rawExpr = { "a.map": [rawExpr, { params: [{ [v]: "double" }], ret: "double", do: body }] };
      }
      return round(rawExpr);
    });
    const readsValues = (o: LinearOutput): boolean => o.kind === "values" || (o.kind === "label" && d !== undefined && (d.kind === "threshold" ? d.of === "values" : decisionReadsValues(d)));
    const values = p.outputs.some(readsValues)
      ? shared.from("values", [raw], ([r], xs) => round(lowerTransform(ctx, p, r!, p.trialsColumn ? asDoubleExpr(xs[xs.length - 1]!, split.trials!) : null)), p.trialsColumn === true)
      : null;

    return p.outputs.map((o) => {
      switch (o.kind) {
        case "raw":
          return shared.output([raw], ([r]) => lowerElement(r!, o.index));
        case "rawNegPos":
          return shared.output([raw], ([r]): JsonValue => ({ new: [{ "u-": { attr: r!, path: [0] } }, { attr: r!, path: [0] }], type: ARRAY_DOUBLE }));
        case "values":
          return shared.output([values!], ([v]) => lowerElement(v!, o.index));
        case "label": {
          const dd = d!;
          return shared.output(values === null ? [raw] : [raw, values], ([r, v]): JsonValue => {
            let index: JsonValue;
            if (dd.kind === "threshold") {
              const score = ctx.symbol("score");
              index = { do: [{ let: { [score]: { attr: dd.of === "raw" ? r! : v!, path: [dd.index] } } }, { if: ieeeGreater(score, doubleLiteral(dd.threshold)), then: 1, else: 0 }] };
            } else index = lowerArgmaxDecision(ctx, dd, thresholds, r!, v ?? r!);
            return { cell: labels!, path: [index] };
          });
        }
      }
    });
  },
  arbitrary(random) {
    const features = randomFeatureInputs(random, 4);
    const { total } = featureWidths(NAME, features);
    const randomLink = (): Link => {
      const fn = pick(random, ["identity", "exp", "logit", "probit", "cloglog", "loglog", "cauchit", "logc", "inverse", "clamp01", "onnxProbit", "power", "negbin", "oddspower"] as const);
      if (fn === "power") return { fn, p: pick(random, [0, 1, 2, 0.5, -1, 3]) };
      if (fn === "negbin") return { fn, c: pick(random, [0.5, 1, 2.5]) };
      if (fn === "oddspower") return { fn, d: pick(random, [0, 0.5, -0.5, 1]) };
      return { fn };
    };
    const kind = pick(random, ["link", "link", "softmax", "simplemax", "softmaxZero", "residualLast", "binary", "binary", "cumulative"] as const);
    let k = 1 + Math.floor(random() * 4);
    let transform: LinearTransform;
    switch (kind) {
      case "link":
        transform = { kind, link: randomLink() };
        break;
      case "binary":
        transform = { kind, link: randomLink(), position: pick(random, [0, 1] as const), scoreIndex: Math.floor(random() * k) };
        break;
      case "cumulative":
        transform = { kind, link: randomLink() };
        break;
      case "residualLast":
        k = Math.max(k, 2);
        transform = { kind };
        break;
      default:
        k = Math.max(k, 2);
        transform = { kind };
    }
    const coefficients = Array.from({ length: k }, () => Array.from({ length: total }, () => (random() < 0.1 ? 0 : randomCoef(random))));
    // ordinal thresholds increase
    const intercepts = Array.from({ length: k }, (_, i) => (kind === "cumulative" ? i - k / 2 + randomCoef(random, 0.4) : randomCoef(random)));
    const c = valueCount(transform, k);
    const p: LinearModelParams = { coefficients, intercepts, transform, missing: pick(random, ["error", "null"] as const), outputs: [] };
    const inputs = [...features];
    if (random() < 0.15) p.offset = randomCoef(random);
    if (random() < 0.15) {
      p.offsetColumn = true;
      inputs.push(pick(random, [DOUBLE, nullable(DOUBLE)]));
    }
    if (kind === "link" && random() < 0.2) p.trials = pick(random, [1, 3, 10]);
    if (kind === "link" && random() < 0.15) {
      p.trialsColumn = true;
      inputs.push(pick(random, [DOUBLE, nullable(DOUBLE)]));
    }
    if (kind === "link" && random() < 0.2) p.clamp = pick(random, [{ min: 1e-16, max: 1 - 1e-16 }, { min: 1e-16, max: Number.MAX_VALUE }, { min: -Number.MAX_VALUE, max: Number.MAX_VALUE }]);
    if (random() < 0.25) p.float32 = true;
    const dk = pick(random, ["argmax", "argmax", "argmaxScaled", "threshold", "none"] as const);
    if (dk === "argmax") {
      const of = pick(random, ["raw", "values"] as const);
      p.decision = { kind: "argmax", of };
      Object.assign(p, randomLabels(random, of === "raw" ? k : c));
    } else if (dk === "argmaxScaled") {
      p.decision = { kind: "argmaxScaled", thresholds: randomThresholds(random, c) };
      Object.assign(p, randomLabels(random, c));
    } else if (dk === "threshold") {
      const of = pick(random, ["raw", "values"] as const);
      const n = of === "raw" ? k : c;
      p.decision = { kind: "threshold", of, index: Math.floor(random() * n), threshold: pick(random, [0, 0.5, -0.3, 1.25, Infinity, -Infinity]) };
      Object.assign(p, randomLabels(random, 2));
    }
    const outs: LinearOutput[] = [{ kind: "values" }, { kind: "raw" }, { kind: "raw", index: Math.floor(random() * k) }, { kind: "values", index: Math.floor(random() * c) }, { kind: "rawNegPos" }];
    if (p.decision !== undefined) outs.push({ kind: "label" }, { kind: "label" });
    p.outputs = randomOutputs(random, outs);
    return { params: p, inputs };
  },
});
