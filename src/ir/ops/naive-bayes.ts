/**
 * naiveBayes: naive Bayes classifiers. The raw scores are per-class log-likelihoods (prior included);
 * the probabilities are their softmax; the label is an argmax.
 *
 * Spark NaiveBayes / MLeap naive_bayes (inputs: the features, numbers and vectors concatenated; `pi`
 * the log priors, `theta` per class and feature):
 * - multinomial: raw = θ·x + π;
 * - complement (Spark 3.0+): p = θ·x, raw = p - logsumexp(p) (π unused);
 * - bernoulli: raw = (θ - n)·x + π + Σ n, with n = log1p(-e^θ);
 * - gaussian (Spark 3.0+; θ the means, `sigma` the variances): raw_c = π_c - (Σ_j (x_j - θ_cj)² / σ_cj
 *   + Σ_j ln σ_cj) / 2.
 * Spark refuses negative features (multinomial, complement) and features other than 0 and 1
 * (bernoulli): `validate`. The label is argmax of raw (Spark's raw2prediction), or with thresholds the
 * argmax of probability / threshold (a zero threshold making +∞).
 *
 * PMML NaiveBayesModel (`model: "pmml"`; one input column per BayesInput, in order): score_c =
 * ln(prior count_c) + Σ over the inputs of ln P(x | c), where a discrete input (PairCounts) gives
 * P = count(x, c) / Σ_v count(v, c), or the model's threshold when the count is 0, and a continuous one
 * (TargetValueStats with GaussianDistribution) gives P = max(N(x; mean_c, variance_c), threshold) with
 * N(x) = exp(-(x - m)² / (2v)) / sqrt(2πv) (`floor: "below"`, the default: current JPMML), or with
 * `floor: "zero"` P = N(x) unless N(x) is exactly 0 (underflow), which takes the threshold (R's e1071
 * predict, whose eps is 0, and the 2014 JPMML, for R's pre-4.2 Extension form). A missing input, or a value without PairCounts, adds nothing
 * (JPMML's NaiveBayesModelEvaluator). The probabilities are the softmax of the scores; the label their
 * argmax. Inputs discretised by a BayesInput's DerivedField come from a separate step.
 */
import { defineOp, type LowerContext } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, STRING, describeType, isNumeric, nonNull, nullable, type IRType, vector } from "../types.js";
import { ARRAY_DOUBLE, MissingValueError, doubleLiteral, pick } from "./common.js";
import {
  SharedValues,
  argmaxDecision,
  checkArgmaxDecision,
  checkFinite,
  decisionReadsValues,
  evaluateOrMissing,
  featureWidths,
  gatherFeatures,
  labelIRType,
  labelsCell,
  letChain,
  lowerArgmaxDecision,
  lowerElement,
  lowerFeatures,
  maybeNullable,
  outputsNullable,
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

/** One PMML BayesInput. */
export type PmmlBayesInput =
  /** PairCounts: the input's values and, per value, one count per class (null: the class is not listed for that value). */
  | { kind: "discrete"; values: (string | number)[]; counts: (number | null)[][] }
  /** TargetValueStats with a GaussianDistribution per class. */
  | { kind: "gaussian"; means: number[]; variances: number[]; floor?: GaussianFloor };

/**
 * Which densities of a Gaussian input take the model's threshold: "below" (the default) those below it,
 * "zero" only those that are exactly 0.
 */
export type GaussianFloor = "below" | "zero";

export type NaiveBayesModel =
  | { kind: "multinomial" | "complement" | "bernoulli"; pi: number[]; theta: number[][]; validate?: boolean }
  | { kind: "gaussian"; pi: number[]; theta: number[][]; sigma: number[][] }
  | { kind: "pmml"; priorCounts: number[]; inputs: PmmlBayesInput[]; threshold: number };

/** The label: argmax of the per-class log scores or of the probabilities, or Spark's argmaxScaled. */
export type NaiveBayesDecision = ArgmaxDecision<"probabilities">;

/** The per-class log scores (raw), the class probabilities, each a vector or one of them, or the label. */
export type NaiveBayesOutput = ScoreOutput<"probabilities">;

export interface NaiveBayesParams {
  model: NaiveBayesModel;
  labels?: (string | number)[];
  labelType?: LabelType;
  decision?: NaiveBayesDecision;
  /** Spark models: a missing input refuses the row or makes every output missing (PMML ignores missing inputs). */
  missing: MissingMode;
  outputs: NaiveBayesOutput[];
}

const NAME = "naiveBayes";

function classCount(m: NaiveBayesModel): number {
  return m.kind === "pmml" ? m.priorCounts.length : m.pi.length;
}

/** log1p(-e^θ) for each θ (Spark's negTheta). */
function negTheta(theta: readonly number[][]): number[][] {
  return theta.map((row) => row.map((t) => Math.log1p(-Math.exp(t))));
}

/** P(value | class) tables of a discrete PMML input: one row per value, one probability per class (1 where the class is not listed). */
function discreteProbabilities(input: Extract<PmmlBayesInput, { kind: "discrete" }>, threshold: number, k: number): number[][] {
  const sums = Array.from({ length: k }, (_, c) => {
    let s = 0;
    for (const row of input.counts) if (row[c] !== null && row[c] !== undefined) s += row[c];
    return s;
  });
  return input.counts.map((row) => row.map((count, c) => (count === null ? 1 : count === 0 ? threshold : count / sums[c]!)));
}

function checkParams(p: NaiveBayesParams, inputs: readonly IRType[]): number {
  const m = p.model;
  const k = classCount(m);
  if (k === 0) throw new Error(`${NAME}: no classes`);
  if (m.kind === "pmml") {
    if (inputs.length !== m.inputs.length) throw new Error(`${NAME}: ${m.inputs.length} BayesInputs but ${inputs.length} input columns`);
    checkFinite(NAME, "prior counts", m.priorCounts);
    if (m.priorCounts.some((c) => c < 0)) throw new Error(`${NAME}: prior counts must not be negative`);
    checkFinite(NAME, "the threshold", [m.threshold]);
    if (m.threshold < 0) throw new Error(`${NAME}: the threshold must not be negative`);
    m.inputs.forEach((input, i) => {
      const t = nonNull(inputs[i]!);
      if (input.kind === "discrete") {
        if (t.kind !== "string" && !isNumeric(t)) throw new Error(`${NAME}: discrete input ${i} must be a string or a number, found ${describeType(inputs[i]!)}`);
        if (input.values.length !== input.counts.length) throw new Error(`${NAME}: discrete input ${i} has ${input.values.length} values but ${input.counts.length} count rows`);
        for (const v of input.values) if ((t.kind === "string") !== (typeof v === "string")) throw new Error(`${NAME}: discrete input ${i}'s value ${JSON.stringify(v)} does not fit ${describeType(t)}`);
        for (const row of input.counts) {
          if (row.length !== k) throw new Error(`${NAME}: discrete input ${i} needs ${k} counts per value`);
          for (const c of row) if (c !== null && !(Number.isFinite(c) && c >= 0)) throw new Error(`${NAME}: counts must be finite and not negative`);
        }
      } else if (input.kind === "gaussian") {
        if (!isNumeric(t)) throw new Error(`${NAME}: Gaussian input ${i} must be a number, found ${describeType(inputs[i]!)}`);
        if (input.means.length !== k || input.variances.length !== k) throw new Error(`${NAME}: Gaussian input ${i} needs ${k} means and variances`);
        checkFinite(NAME, "means and variances", [...input.means, ...input.variances]);
        if (input.variances.some((v) => !(v > 0))) throw new Error(`${NAME}: variances must be positive`);
        if (input.floor !== undefined && input.floor !== "below" && input.floor !== "zero") throw new Error(`${NAME}: Gaussian input ${i}'s floor must be "below" or "zero", found ${JSON.stringify(input.floor)}`);
      } else throw new Error(`${NAME}: unknown BayesInput ${JSON.stringify(input)}`);
    });
  } else {
    if (inputs.length === 0) throw new Error(`${NAME}: no feature inputs`);
    const { total } = featureWidths(NAME, inputs);
    if (!["multinomial", "complement", "bernoulli", "gaussian"].includes(m.kind)) throw new Error(`${NAME}: unknown model type "${String(m.kind)}"`);
    checkFinite(NAME, "pi", m.pi);
    if (m.theta.length !== k) throw new Error(`${NAME}: ${m.theta.length} theta rows for ${k} classes`);
    for (const row of m.theta) {
      if (row.length !== total) throw new Error(`${NAME}: theta rows must be ${total} wide`);
      checkFinite(NAME, "theta", row);
    }
    if (m.kind === "bernoulli") for (const row of negTheta(m.theta)) checkFinite(NAME, "log1p(-exp(theta)) (theta must be negative)", row);
    if (m.kind === "gaussian") {
      if (m.sigma.length !== k || m.sigma.some((r) => r.length !== total)) throw new Error(`${NAME}: sigma must be ${k} rows of ${total}`);
      for (const row of m.sigma) {
        checkFinite(NAME, "sigma", row);
        if (row.some((v) => !(v > 0))) throw new Error(`${NAME}: variances must be positive`);
      }
    }
  }
  const d = p.decision;
  if (d !== undefined) checkArgmaxDecision(NAME, d, p.labels, p.labelType, { raw: k, values: k });
  if (p.outputs.length === 0) throw new Error(`${NAME}: no outputs`);
  for (const o of p.outputs) {
    if (!["raw", "probabilities", "label"].includes(o.kind)) throw new Error(`${NAME}: unknown output ${JSON.stringify(o)}`);
    if (o.kind === "label" && d === undefined) throw new Error(`${NAME}: a label output needs a decision`);
    if (o.kind !== "label" && o.index !== undefined && (o.index < 0 || o.index >= k)) throw new Error(`${NAME}: output index ${o.index} is out of range`);
  }
  return k;
}

// ---------------------------------------------------------------------------------------------
// Reference evaluation

function softmax(raw: readonly number[]): number[] {
  let max = -Infinity;
  for (const x of raw) max = Math.max(max, x);
  const e = raw.map((x) => Math.exp(x - max));
  let s = 0;
  for (const x of e) s += x;
  return e.map((x) => x / s);
}

function dotPlus(row: readonly number[], x: readonly number[], c: number): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += row[j]! * x[j]!;
  return s + c;
}

function gaussianDensity(x: number, mean: number, variance: number): number {
  const d = x - mean;
  return Math.exp(-(d * d) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
}

function sparkRaw(m: Exclude<NaiveBayesModel, { kind: "pmml" }>, x: readonly number[]): number[] {
  switch (m.kind) {
    case "multinomial":
      return m.theta.map((row, c) => dotPlus(row, x, m.pi[c]!));
    case "complement": {
      const p = m.theta.map((row) => dotPlus(row, x, 0));
      let max = -Infinity;
      for (const v of p) max = Math.max(max, v);
      let sum = 0;
      for (const v of p) sum += Math.exp(v - max);
      const lse = Math.log(sum) + max;
      return p.map((v) => v - lse);
    }
    case "bernoulli": {
      const n = negTheta(m.theta);
      return m.theta.map((row, c) => {
        const coef = row.map((t, j) => t - n[c]![j]!);
        let ns = 0;
        for (const v of n[c]!) ns += v;
        return dotPlus(coef, x, m.pi[c]!) + ns;
      });
    }
    case "gaussian":
      return m.theta.map((means, c) => {
        let s = 0;
        for (let j = 0; j < x.length; j++) {
          const d = x[j]! - means[j]!;
          s += (d * d) / m.sigma[c]![j]!;
        }
        let logVarSum = 0;
        for (const v of m.sigma[c]!) logVarSum += Math.log(v);
        return m.pi[c]! - (s + logVarSum) / 2;
      });
  }
}

function pmmlRaw(m: Extract<NaiveBayesModel, { kind: "pmml" }>, values: readonly unknown[]): number[] {
  const k = m.priorCounts.length;
  const score = m.priorCounts.map((c) => 0 + Math.log(c));
  m.inputs.forEach((input, i) => {
    const v = values[i];
    if (v === null || v === undefined) return;
    if (input.kind === "discrete") {
      const row = input.values.findIndex((u) => (typeof u === "string" ? u === v : u === Number(v)));
      if (row < 0) return;
      const probs = discreteProbabilities(input, m.threshold, k)[row]!;
      for (let c = 0; c < k; c++) score[c]! += Math.log(probs[c]!);
    } else {
      for (let c = 0; c < k; c++) {
        const pdf = gaussianDensity(Number(v), input.means[c]!, input.variances[c]!);
        const floored = input.floor === "zero" ? pdf === 0 : pdf < m.threshold;
        score[c]! += Math.log(floored ? m.threshold : pdf);
      }
    }
  });
  return score;
}

// ---------------------------------------------------------------------------------------------
// Lowering

const MATRIX = { type: "array", items: ARRAY_DOUBLE };

function plusFcn(ctx: LowerContext): JsonValue {
  const a = ctx.symbol("a");
  const b = ctx.symbol("b");
  return { params: [{ [a]: "double" }, { [b]: "double" }], ret: "double", do: { "+": [a, b] } };
}

/** A record cell {coeff, const} for model.reg.linear. */
function linearCell(ctx: LowerContext, hint: string, coeff: number[][], constant: number[]): string {
  return ctx.cell(
    hint,
    {
      type: "record",
      name: ctx.typeName("NaiveBayesLinear"),
      fields: [
        { name: "coeff", type: MATRIX },
        { name: "const", type: ARRAY_DOUBLE },
      ],
    },
    { coeff, const: constant },
  );
}

export const naiveBayes = defineOp<NaiveBayesParams>({
  name: NAME,
  summary: "naive Bayes classifier: per-class log-likelihoods, probabilities, label",
  outputTypes(p, inputs) {
    const k = checkParams(p, inputs);
    const isNull = p.model.kind !== "pmml" && outputsNullable(p.missing, inputs);
    return p.outputs.map((o) => maybeNullable(o.kind === "label" ? labelIRType(p.labelType!) : o.index === undefined ? vector(k) : DOUBLE, isNull));
  },
  evaluate(p, values) {
    const m = p.model;
    const finish = (raw: number[]): unknown[] => {
      const probs = softmax(raw);
      const d = p.decision;
      const label = d === undefined ? null : p.labels![argmaxDecision(d, raw, probs)]!;
      return p.outputs.map((o) => (o.kind === "label" ? label : o.kind === "raw" ? (o.index === undefined ? raw : raw[o.index]!) : o.index === undefined ? probs : probs[o.index]!));
    };
    if (m.kind === "pmml") return finish(pmmlRaw(m, values));
    return evaluateOrMissing(NAME, p.missing, values, p.outputs.length, () => {
      const x = gatherFeatures(values)!;
      if ((m.kind === "multinomial" || m.kind === "complement") && m.validate && x.some((v) => !(v >= 0))) throw new MissingValueError(`${NAME}: ${m.kind} naive Bayes needs nonnegative features`);
      if (m.kind === "bernoulli" && m.validate && x.some((v) => v !== 0 && v !== 1)) throw new MissingValueError(`${NAME}: Bernoulli naive Bayes needs features of 0 or 1`);
      return finish(sparkRaw(m, x));
    });
  },
  lower(p, inputs, types, ctx) {
    const m = p.model;
    const k = classCount(m);
    const labels = p.decision !== undefined ? labelsCell(ctx, p.labels!, p.labelType!) : null;
    const thresholds = thresholdsCell(ctx, p.decision);

    /** The raw scores of the features symbol x (Spark models). */
    let sparkRawExpr: ((x: string) => JsonValue) | null = null;
    if (m.kind === "multinomial") {
      const cell = linearCell(ctx, "naiveBayes", m.theta, m.pi);
      sparkRawExpr = (x) => ({ "model.reg.linear": [x, { cell }] });
    } else if (m.kind === "complement") {
      const cell = linearCell(ctx, "naiveBayes", m.theta, m.pi.map(() => 0));
      sparkRawExpr = (x): JsonValue => {
        const pr = ctx.symbol("p");
        const max = ctx.symbol("max");
        const lse = ctx.symbol("logSumExp");
        const v = ctx.symbol("v");
        const w = ctx.symbol("v");
        return {
          do: [
            { let: { [pr]: { "model.reg.linear": [x, { cell }] } } },
            { let: { [max]: { "a.max": pr } } },
            { let: { [lse]: { "+": [{ "m.ln": { "a.sum": { "a.map": [pr, { params: [{ [v]: "double" }], ret: "double", do: { "m.exp": { "-": [v, max] } } }] } } }, max] } } },
            { "a.map": [pr, { params: [{ [w]: "double" }], ret: "double", do: { "-": [w, lse] } }] },
          ],
        };
      };
    } else if (m.kind === "bernoulli") {
      const n = negTheta(m.theta);
      const cell = linearCell(
        ctx,
        "naiveBayes",
        m.theta.map((row, c) => row.map((t, j) => t - n[c]![j]!)),
        m.pi,
      );
      const negSum = ctx.cell(
        "negThetaSum",
        ARRAY_DOUBLE,
        n.map((row) => row.reduce((a, b) => a + b, 0)),
      );
      sparkRawExpr = (x) => ({ "a.zipmap": [{ "model.reg.linear": [x, { cell }] }, { cell: negSum }, plusFcn(ctx)] });
    } else if (m.kind === "gaussian") {
      const classType = ctx.typeName("GaussianClass");
      const cell = ctx.cell(
        "naiveBayes",
        {
          type: "array",
          items: {
            type: "record",
            name: classType,
            fields: [
              { name: "logPrior", type: "double" },
              { name: "means", type: ARRAY_DOUBLE },
              { name: "variances", type: ARRAY_DOUBLE },
              { name: "logVarianceSum", type: "double" },
            ],
          },
        },
        m.theta.map((means, c) => ({ logPrior: m.pi[c]!, means, variances: m.sigma[c]!, logVarianceSum: m.sigma[c]!.reduce((a, v) => a + Math.log(v), 0) })),
      );
      sparkRawExpr = (x): JsonValue => {
        const cls = ctx.symbol("class");
        const [xi, mu, v] = [ctx.symbol("xi"), ctx.symbol("mean"), ctx.symbol("variance")];
        const d = ctx.symbol("d");
        const s: JsonValue = { "a.sum": { "a.zipmap": [x, { attr: cls, path: [["means"]] }, { attr: cls, path: [["variances"]] }, { params: [{ [xi]: "double" }, { [mu]: "double" }, { [v]: "double" }], ret: "double", do: { do: [{ let: { [d]: { "-": [xi, mu] } } }, { "/": [{ "*": [d, d] }, v] }] } }] } };
        return {
          "a.map": [
            { cell },
            { params: [{ [cls]: classType }], ret: "double", do: { "-": [{ attr: cls, path: [["logPrior"]] }, { "/": [{ "+": [s, { attr: cls, path: [["logVarianceSum"]] }] }, doubleLiteral(2)] }] } },
          ],
        };
      };
    }

    /** PMML: cells per input (made once), then the scores of the input expressions. */
    const pmmlCells =
      m.kind === "pmml"
        ? {
            priors: ctx.cell("priorCounts", ARRAY_DOUBLE, m.priorCounts),
            inputs: m.inputs.map((input, i) => {
              const t = nonNull(types[i]!);
              if (input.kind === "discrete")
                return {
                  values: ctx.cell(`input${i + 1}Values`, { type: "array", items: t.kind === "string" ? "string" : "double" }, input.values),
                  probabilities: ctx.cell(`input${i + 1}Probabilities`, MATRIX, discreteProbabilities(input, m.threshold, k)),
                };
              const statsType = ctx.typeName("GaussianStats");
              return {
                stats: ctx.cell(
                  `input${i + 1}Gaussian`,
                  {
                    type: "array",
                    items: {
                      type: "record",
                      name: statsType,
                      fields: [
                        { name: "mean", type: "double" },
                        { name: "variance", type: "double" },
                      ],
                    },
                  },
                  input.means.map((mean, c) => ({ mean, variance: input.variances[c]! })),
                ),
                statsType,
              };
            }),
          }
        : null;
    const lnFcn = (): JsonValue => {
      const v = ctx.symbol("p");
      return { params: [{ [v]: "double" }], ret: "double", do: { "m.ln": v } };
    };
    const pmmlRawExpr = (xs: JsonValue[]): JsonValue => {
      const pm = m as Extract<NaiveBayesModel, { kind: "pmml" }>;
      const cells = pmmlCells!;
      const zeros: JsonValue = { new: Array.from({ length: k }, () => doubleLiteral(0)), type: ARRAY_DOUBLE };
      const steps: [string, (prev: string[]) => JsonValue][] = [["score", () => ({ "a.map": [{ cell: cells.priors }, lnFcn()] })]];
      pm.inputs.forEach((input, i) => {
        const t = types[i]!;
        const c = cells.inputs[i]!;
        const present = (x: JsonValue): JsonValue => {
          if (input.kind === "discrete") {
            const row = ctx.symbol("row");
            const key = nonNull(t).kind === "string" || nonNull(t).kind === "double" ? x : { "cast.double": x };
            return {
              do: [{ let: { [row]: { "a.index": [{ cell: c.values! }, key] } } }, { if: { ">=": [row, 0] }, then: { "a.map": [{ cell: c.probabilities!, path: [row] }, lnFcn()] }, else: zeros }],
            };
          }
          const [xv, st, d, pdf] = [ctx.symbol("x"), ctx.symbol("stats"), ctx.symbol("d"), ctx.symbol("pdf")];
          const variance: JsonValue = { attr: st, path: [["variance"]] };
          const density: JsonValue = {
            do: [
              { let: { [d]: { "-": [xv, { attr: st, path: [["mean"]] }] } } },
              { let: { [pdf]: { "/": [{ "m.exp": { "/": [{ "u-": { "*": [d, d] } }, { "*": [doubleLiteral(2), variance] }] } }, { "m.sqrt": { "*": [doubleLiteral(2 * Math.PI), variance] } }] } } },
              { "m.ln": { if: input.floor === "zero" ? { "==": [pdf, doubleLiteral(0)] } : { "<": [pdf, doubleLiteral(pm.threshold)] }, then: doubleLiteral(pm.threshold), else: pdf } },
            ],
          };
          return {
            do: [{ let: { [xv]: nonNull(t).kind === "double" ? x : { "cast.double": x } } }, { "a.map": [{ cell: c.stats! }, { params: [{ [st]: c.statsType! }], ret: "double", do: density }] }],
          };
        };
        steps.push([
          "score",
          (prev) => {
            let contribution: JsonValue;
            if (t.kind === "nullable") {
              const s = ctx.symbol("x");
              contribution = { ifnotnull: { [s]: xs[i]! }, then: present(s), else: zeros };
            } else contribution = present(xs[i]!);
            return { "a.zipmap": [prev[prev.length - 1]!, contribution, plusFcn(ctx)] };
          },
        ]);
      });
      return letChain(ctx, steps, (syms) => syms[syms.length - 1]!);
    };

    // the model once per row: the per-class log scores, then the probabilities where an output reads them
    const shared = new SharedValues(ctx, NAME, p.missing, inputs, types);
    const sparkRaw = (xs: JsonValue[]): JsonValue => {
      const steps: [string, (prev: string[]) => JsonValue][] = [["features", () => lowerFeatures(xs, types)]];
      if ((m.kind === "multinomial" || m.kind === "complement" || m.kind === "bernoulli") && m.validate) {
        const v = ctx.symbol("v");
        const bad: JsonValue = m.kind === "bernoulli" ? { "&&": [{ "!=": [v, doubleLiteral(0)] }, { "!=": [v, doubleLiteral(1)] }] } : { "!": { ">=": [v, doubleLiteral(0)] } };
        steps.push([
          "features",
          (prev) => ({
            do: [
              { if: { "a.any": [prev[0]!, { params: [{ [v]: "double" }], ret: "boolean", do: bad }] }, then: { error: m.kind === "bernoulli" ? `${NAME}: Bernoulli naive Bayes needs features of 0 or 1` : `${NAME}: ${m.kind} naive Bayes needs nonnegative features` } },
              prev[0]!,
            ],
          }),
        ]);
      }
      return letChain(ctx, steps, (syms) => sparkRawExpr!(syms[syms.length - 1]!));
    };
    // PMML models read missing inputs themselves
    const raw = m.kind === "pmml" ? shared.bind("logScores", pmmlRawExpr([...inputs])) : shared.fromInputs("logScores", sparkRaw);
    const d = p.decision;
    const readsProbs = (o: NaiveBayesOutput): boolean => o.kind === "probabilities" || (o.kind === "label" && decisionReadsValues(d!));
    const probs = p.outputs.some(readsProbs) ? shared.from("probabilities", [raw], ([r]) => ({ "m.link.softmax": r! })) : null;

    return p.outputs.map((o) => {
      switch (o.kind) {
        case "raw":
          return shared.output([raw], ([r]) => lowerElement(r!, o.index));
        case "probabilities":
          return shared.output([probs!], ([pr]) => lowerElement(pr!, o.index));
        case "label":
          return shared.output(probs === null ? [raw] : [raw, probs], ([r, pr]) => ({ cell: labels!, path: [lowerArgmaxDecision(ctx, d!, thresholds, r!, pr ?? r!)] }));
      }
    });
  },
  arbitrary(random) {
    const kind = pick(random, ["multinomial", "complement", "bernoulli", "gaussian", "pmml", "pmml"] as const);
    const k = 2 + Math.floor(random() * 3);
    const logProb = (): number => Math.log(0.05 + random() * 0.9);
    let model: NaiveBayesModel;
    let inputs: IRType[];
    if (kind === "pmml") {
      const n = 1 + Math.floor(random() * 3);
      const bayesInputs: PmmlBayesInput[] = [];
      inputs = [];
      for (let i = 0; i < n; i++) {
        if (random() < 0.5) {
          const isString = random() < 0.6;
          const values = isString ? ["a", "b", "setosa", "x y"].slice(0, 2 + Math.floor(random() * 3)) : [1, 2, 3, 4.5].slice(0, 2 + Math.floor(random() * 3));
          bayesInputs.push({ kind: "discrete", values, counts: values.map(() => Array.from({ length: k }, () => (random() < 0.15 ? 0 : random() < 0.05 ? null : Math.floor(random() * 20)))) });
          const t = isString ? STRING : pick(random, [DOUBLE, { kind: "int" } as IRType]);
          inputs.push(random() < 0.4 ? nullable(t) : t);
          if (!isString && t.kind === "int") (bayesInputs[i] as { values: number[] }).values = [1, 2, 3, 5];
          if (!isString && t.kind === "int") (bayesInputs[i] as { counts: (number | null)[][] }).counts = [1, 2, 3, 5].map(() => Array.from({ length: k }, () => Math.floor(random() * 20)));
        } else {
          const floor = pick(random, [undefined, "below", "zero"] as const);
          bayesInputs.push({
            kind: "gaussian",
            means: Array.from({ length: k }, () => randomCoef(random, 3)),
            variances: Array.from({ length: k }, () => pick(random, [0.25, 1, 2.5, 1e-3])),
            ...(floor === undefined ? {} : { floor }),
          });
          inputs.push(random() < 0.4 ? nullable(DOUBLE) : DOUBLE);
        }
      }
      model = { kind: "pmml", priorCounts: Array.from({ length: k }, () => (random() < 0.1 ? 0 : 1 + Math.floor(random() * 50))), inputs: bayesInputs, threshold: pick(random, [0, 0.001, 1e-9]) };
    } else {
      inputs = randomFeatureInputs(random, 4);
      const total = featureWidths(NAME, inputs).total;
      const pi = Array.from({ length: k }, logProb);
      const theta = Array.from({ length: k }, () => Array.from({ length: total }, () => (kind === "gaussian" ? randomCoef(random, 3) : logProb())));
      model =
        kind === "gaussian"
          ? { kind, pi, theta, sigma: Array.from({ length: k }, () => Array.from({ length: total }, () => pick(random, [0.5, 1, 2, 0.01]))) }
          : { kind, pi, theta, validate: random() < 0.5 };
    }
    const p: NaiveBayesParams = { model, missing: pick(random, ["error", "null"] as const), outputs: [] };
    const dk = pick(random, ["argmax", "argmax", "argmaxScaled", "none"] as const);
    if (dk === "argmax") p.decision = { kind: "argmax", of: pick(random, ["raw", "probabilities"] as const) };
    if (dk === "argmaxScaled") p.decision = { kind: "argmaxScaled", thresholds: randomThresholds(random, k) };
    if (p.decision !== undefined) Object.assign(p, randomLabels(random, k));
    const outs: NaiveBayesOutput[] = [{ kind: "raw" }, { kind: "probabilities" }, { kind: "probabilities", index: Math.floor(random() * k) }, { kind: "raw", index: Math.floor(random() * k) }];
    if (p.decision !== undefined) outs.push({ kind: "label" }, { kind: "label" });
    p.outputs = randomOutputs(random, outs);
    return { params: p, inputs };
  },
  arbitraryInputs(p, inputs, random) {
    const m = p.model;
    if (m.kind === "pmml") {
      return inputs.map((t, i) => {
        if (t.kind === "nullable" && random() < 0.25) return null;
        const input = m.inputs[i]!;
        if (input.kind === "discrete") {
          const v = random() < 0.85 ? pick(random, input.values) : nonNull(t).kind === "string" ? "unseen" : 99;
          return nonNull(t).kind === "int" && typeof v === "number" ? Math.round(v) : v;
        }
        return pick(random, input.means) + randomCoef(random, 2);
      });
    }
    // Spark: counts for multinomial/complement, 0/1 for Bernoulli (sometimes not, to exercise validation)
    const value = (): number =>
      m.kind === "bernoulli" ? (random() < 0.95 ? (random() < 0.5 ? 0 : 1) : 0.5) : m.kind === "gaussian" ? randomCoef(random, 3) : random() < 0.95 ? Math.floor(random() * 5) : -1;
    return inputs.map((t) => {
      if (t.kind === "nullable" && random() < 0.15) return null;
      const n = nonNull(t);
      return n.kind === "vector" ? Array.from({ length: n.size ?? 0 }, value) : value();
    });
  },
});
