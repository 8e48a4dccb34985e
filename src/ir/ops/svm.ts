/**
 * svm: support vector machines. The kernel of the features (numbers and vectors, concatenated) with
 * every support vector is computed once; each machine's decision value is
 *
 *   f_m = Σ_k coefficients_m[k] · K(x, supportVectors[vectors_m[k]]) + intercept_m
 *
 * and the mode turns the decision values into the outputs. Kernels (PMML, ONNX and PFA's m.kernel.*
 * agree): linear x·y; poly (γ x·y + coef0)^degree; rbf exp(-γ ‖x - y‖²); sigmoid tanh(γ x·y + coef0).
 *
 * - PMML SupportVectorMachineModel, svmRepresentation SupportVectors: one machine per
 *   SupportVectorMachine (its Coefficients, absoluteValue the intercept). svmRepresentation
 *   Coefficients (a linear machine on the fields) is one support vector holding the coefficients, with
 *   coefficient 1 and the linear kernel. Regression: mode `regression`. OneAgainstAll: `oneVsAll`, the
 *   class whose machine has the smallest decision value wins (maxWins: the largest). OneAgainstOne:
 *   `oneVsOne` with rule `below` (f < threshold votes for the machine's first class, its
 *   targetCategory; otherwise its alternateTargetCategory) and ties broken as JPMML does (`firstVoted`:
 *   the tied class that received a vote first). A single machine with alternateBinaryTargetCategory:
 *   `binaryRounded` (Java's Math.round of f: 1 is the targetCategory, labels[0]; 0 the alternate,
 *   labels[1]; anything else refuses the row).
 * - ONNX SVMClassifier, SVC mode: one machine per pair of classes i < j in ONNX's order (the support
 *   vectors of class i with coefficients[j - 1], then those of class j with coefficients[i]; intercept
 *   rho[pair]); `oneVsOne` with rule `above` (f > 0 votes for i), ties `lowestIndex`; float32; the
 *   scores output is the decision values ([-f, f] for two classes: `decisionsNegPos`). With prob_a and
 *   prob_b: `platt` gives libsvm's pairwise Platt probabilities r = clip(1 - σ(f·A + B), 1e-7, 1 - 1e-7)
 *   coupled by Wu, Lin and Weng's iteration (ONNX Runtime's multiclass_probability); the label stays
 *   the vote winner. LINEAR mode (no support vectors): `onnxLinear`, one machine per class (a support
 *   vector holding the class's coefficients, coefficient 1, intercept rho[0]); the label is the argmax,
 *   or for two classes ONNX Runtime's rule (labels[1] when the weights are all nonnegative and the best
 *   score is at least 0.5, or they are not and it is above 0; else the argmax).
 * - ONNX SVMRegressor: `regression`, or `oneClass` (f > 0 ? 1 : -1).
 * - Spark LinearSVC and MLeap's linear SVMs are linearModel.
 */
import { defineOp, type LowerContext } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, type IRType, vector } from "../types.js";
import { ARRAY_DOUBLE, MissingValueError, doubleLiteral, ieeeGreater, pick } from "./common.js";
import {
  SharedValues,
  argmaxFirst,
  argminFirst,
  checkFinite,
  checkLabels,
  evaluateOrMissing,
  featureWidths,
  gatherFeatures,
  labelIRType,
  labelsCell,
  letChain,
  lowerArgmax,
  lowerArgmin,
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
  type LabelType,
  type MissingMode,
} from "./model-util.js";

export type SvmKernel =
  | { kind: "linear" }
  | { kind: "poly"; gamma: number; coef0: number; degree: number }
  | { kind: "rbf"; gamma: number }
  | { kind: "sigmoid"; gamma: number; coef0: number };

export interface SvmMachine {
  /** Indexes into supportVectors. */
  vectors: number[];
  /** One coefficient per vector. */
  coefficients: number[];
  intercept: number;
  /** oneVsOne: the two classes (indexes into labels) the machine decides between. */
  classes?: [number, number];
  /** oneVsOne: the decision threshold (PMML's machine or model threshold; 0 for ONNX). */
  threshold?: number;
}

export type SvmMode =
  /** One machine: its decision value is the prediction. */
  | { kind: "regression" }
  /** ONNX one_class: 1 when f > 0, else -1. */
  | { kind: "oneClass" }
  /** One machine per class; the smallest decision value wins, or the largest with maxWins. */
  | { kind: "oneVsAll"; maxWins: boolean }
  /**
   * Machines between pairs of classes; each votes for classes[0] when f < threshold (`below`, PMML)
   * or f > threshold (`above`, ONNX), else for classes[1]. The most votes win; ties go to the lowest
   * class index (libsvm, ONNX) or to the tied class that received a vote first (JPMML).
   */
  | { kind: "oneVsOne"; rule: "below" | "above"; ties: "lowestIndex" | "firstVoted"; platt?: { a: number[]; b: number[] } }
  /** PMML alternateBinaryTargetCategory: Math.round(f) = 1 gives labels[0], 0 gives labels[1], anything else refuses the row. */
  | { kind: "binaryRounded" }
  /** ONNX SVMClassifier LINEAR mode: one machine per class, argmax, and ONNX Runtime's two-class rule. */
  | { kind: "onnxLinear"; weightsAllNonNegative: boolean };

export type SvmOutput =
  /** The decision values (vector, one per machine), or one of them. */
  | { kind: "decisions"; index?: number }
  /** ONNX's two-class scores [-f, f] (vector 2). */
  | { kind: "decisionsNegPos" }
  /** oneVsOne: the votes per class (vector). */
  | { kind: "votes" }
  /** oneVsOne with platt: the class probabilities (vector), or one of them. */
  | { kind: "probabilities"; index?: number }
  /** regression / oneClass: the value (double). */
  | { kind: "value" }
  | { kind: "label" };

export interface SvmParams {
  kernel: SvmKernel;
  supportVectors: number[][];
  machines: SvmMachine[];
  mode: SvmMode;
  labels?: (string | number)[];
  labelType?: LabelType;
  /** ONNX Runtime computes in float32: features, support vectors' kernels and decision values are rounded to float32. */
  float32?: boolean;
  missing: MissingMode;
  outputs: SvmOutput[];
}

const NAME = "svm";

function checkParams(p: SvmParams, inputs: readonly IRType[]): void {
  if (inputs.length === 0) throw new Error(`${NAME}: no feature inputs`);
  const { total } = featureWidths(NAME, inputs);
  const k = p.kernel;
  if (!["linear", "poly", "rbf", "sigmoid"].includes(k.kind)) throw new Error(`${NAME}: unknown kernel "${String(k.kind)}"`);
  if (k.kind !== "linear") checkFinite(NAME, "kernel parameters", [k.gamma, ...(k.kind === "poly" ? [k.coef0, k.degree] : k.kind === "sigmoid" ? [k.coef0] : [])]);
  if (p.supportVectors.length === 0) throw new Error(`${NAME}: no support vectors`);
  for (const sv of p.supportVectors) {
    if (sv.length !== total) throw new Error(`${NAME}: support vectors must be ${total} wide (the features), found ${sv.length}`);
    checkFinite(NAME, "support vectors", sv);
  }
  if (p.machines.length === 0) throw new Error(`${NAME}: no machines`);
  for (const m of p.machines) {
    if (m.vectors.length === 0 || m.vectors.length !== m.coefficients.length) throw new Error(`${NAME}: each machine needs one coefficient per support vector, and at least one`);
    for (const v of m.vectors) if (!Number.isInteger(v) || v < 0 || v >= p.supportVectors.length) throw new Error(`${NAME}: support vector index ${v} is out of range`);
    checkFinite(NAME, "coefficients", [...m.coefficients, m.intercept, m.threshold ?? 0]);
  }
  const nl = p.labels?.length ?? 0;
  const mode = p.mode;
  const classes = (): void => {
    if (p.labels === undefined || p.labelType === undefined) throw new Error(`${NAME}: a classifier needs labels and labelType`);
    checkLabels(NAME, p.labels, p.labelType);
  };
  switch (mode.kind) {
    case "regression":
    case "oneClass":
      if (p.machines.length !== 1) throw new Error(`${NAME}: ${mode.kind} takes one machine`);
      break;
    case "oneVsAll":
    case "onnxLinear":
      classes();
      if (p.machines.length !== nl) throw new Error(`${NAME}: ${mode.kind} needs one machine per class (${nl})`);
      break;
    case "oneVsOne":
      classes();
      for (const m of p.machines) if (m.classes === undefined || m.classes.some((c) => !Number.isInteger(c) || c < 0 || c >= nl)) throw new Error(`${NAME}: oneVsOne machines need two class indexes`);
      if (mode.platt !== undefined) {
        if (mode.platt.a.length !== p.machines.length || mode.platt.b.length !== p.machines.length) throw new Error(`${NAME}: Platt scaling needs one A and one B per machine`);
        checkFinite(NAME, "Platt parameters", [...mode.platt.a, ...mode.platt.b]);
        // the pairwise coupling reads the machines as libsvm orders them: (0, 1), (0, 2), ..., (1, 2), ...
        let m = 0;
        for (let i = 0; i < nl; i++)
          for (let j = i + 1; j < nl; j++, m++) {
            const c = p.machines[m]?.classes;
            if (c === undefined || c[0] !== i || c[1] !== j) throw new Error(`${NAME}: Platt probabilities need one machine per pair of classes, in libsvm's order`);
          }
        if (m !== p.machines.length) throw new Error(`${NAME}: Platt probabilities need one machine per pair of classes, in libsvm's order`);
      }
      break;
    case "binaryRounded":
      classes();
      if (p.machines.length !== 1 || nl !== 2) throw new Error(`${NAME}: binaryRounded takes one machine and two labels`);
      break;
    default:
      throw new Error(`${NAME}: unknown mode ${JSON.stringify(mode)}`);
  }
  if (p.outputs.length === 0) throw new Error(`${NAME}: no outputs`);
  for (const o of p.outputs) {
    switch (o.kind) {
      case "decisions":
        if (o.index !== undefined && (o.index < 0 || o.index >= p.machines.length)) throw new Error(`${NAME}: decision index ${o.index} is out of range`);
        break;
      case "decisionsNegPos":
        if (p.machines.length !== 1) throw new Error(`${NAME}: decisionsNegPos needs one machine`);
        break;
      case "votes":
        if (mode.kind !== "oneVsOne") throw new Error(`${NAME}: votes need oneVsOne`);
        break;
      case "probabilities":
        if (mode.kind !== "oneVsOne" || mode.platt === undefined) throw new Error(`${NAME}: probabilities need oneVsOne with Platt scaling`);
        if (o.index !== undefined && (o.index < 0 || o.index >= nl)) throw new Error(`${NAME}: probability index ${o.index} is out of range`);
        break;
      case "value":
        if (mode.kind !== "regression" && mode.kind !== "oneClass") throw new Error(`${NAME}: a value output needs regression or oneClass`);
        break;
      case "label":
        if (mode.kind === "regression" || mode.kind === "oneClass") throw new Error(`${NAME}: ${mode.kind} has no label`);
        break;
      default:
        throw new Error(`${NAME}: unknown output ${JSON.stringify(o)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reference evaluation

function dot(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

function kernelValue(k: SvmKernel, x: readonly number[], y: readonly number[]): number {
  switch (k.kind) {
    case "linear":
      return dot(x, y);
    case "poly":
      return pfaPow(k.gamma * dot(x, y) + k.coef0, k.degree);
    case "rbf": {
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const d = x[i]! - y[i]!;
        s += d * d;
      }
      return Math.exp(-k.gamma * s);
    }
    case "sigmoid":
      return Math.tanh(k.gamma * dot(x, y) + k.coef0);
  }
}

/** libsvm's multiclass_probability (Wu, Lin and Weng's second method), r[i][j] the pairwise probabilities. */
export function coupleProbabilities(k: number, r: readonly (readonly number[])[]): number[] {
  const maxIter = Math.max(100, k);
  const eps = 0.005 / k;
  const q: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const qp = new Array<number>(k).fill(0);
  const p = new Array<number>(k).fill(1 / k);
  for (let t = 0; t < k; t++) {
    for (let j = 0; j < t; j++) {
      q[t]![t] = q[t]![t]! + r[j]![t]! * r[j]![t]!;
      q[t]![j] = q[j]![t]!;
    }
    for (let j = t + 1; j < k; j++) {
      q[t]![t] = q[t]![t]! + r[j]![t]! * r[j]![t]!;
      q[t]![j] = -r[j]![t]! * r[t]![j]!;
    }
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += q[t]![j]! * p[j]!;
      qp[t] = s;
      pQp += p[t]! * s;
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) {
      const e = Math.abs(qp[t]! - pQp);
      if (e > maxError) maxError = e;
    }
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-qp[t]! + pQp) / q[t]![t]!;
      p[t] = p[t]! + diff;
      pQp = (pQp + diff * (diff * q[t]![t]! + 2 * qp[t]!)) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        qp[j] = (qp[j]! + diff * q[t]![j]!) / (1 + diff);
        p[j] = p[j]! / (1 + diff);
      }
    }
  }
  return p;
}

/** The pairwise Platt probabilities r[i][j] (machines in libsvm's pair order). */
function plattPairs(k: number, decisions: readonly number[], platt: { a: number[]; b: number[] }): number[][] {
  const r: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let m = 0;
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++, m++) {
      const v = 1 - 1 / (1 + Math.exp(-(decisions[m]! * platt.a[m]! + platt.b[m]!)));
      const c = Math.min(Math.max(v, 1e-7), 1 - 1e-7);
      r[i]![j] = c;
      r[j]![i] = 1 - c;
    }
  return r;
}

/** Votes per class, and each class's first voting machine (-1 when none). */
function vote(p: SvmParams, rule: "below" | "above", decisions: readonly number[]): { votes: number[]; first: number[] } {
  const k = p.labels!.length;
  const votes = new Array<number>(k).fill(0);
  const first = new Array<number>(k).fill(-1);
  p.machines.forEach((m, i) => {
    const t = m.threshold ?? 0;
    const f = decisions[i]!;
    const c = (rule === "below" ? f < t : f > t) ? m.classes![0] : m.classes![1];
    votes[c] = votes[c]! + 1;
    if (first[c] === -1) first[c] = i;
  });
  return { votes, first };
}

// ---------------------------------------------------------------------------------------------
// Lowering

/** PFA for the kernel of two array symbols. */
function lowerKernel(k: SvmKernel, x: string, y: string): JsonValue {
  switch (k.kind) {
    case "linear":
      return { "m.kernel.linear": [x, y] };
    case "poly":
      return { "m.kernel.poly": [x, y, doubleLiteral(k.gamma), doubleLiteral(k.coef0), doubleLiteral(k.degree)] };
    case "rbf":
      return { "m.kernel.rbf": [x, y, doubleLiteral(k.gamma)] };
    case "sigmoid":
      return { "m.kernel.sigmoid": [x, y, doubleLiteral(k.gamma), doubleLiteral(k.coef0)] };
  }
}

/** The user function coupling pairwise probabilities (array of rows) into class probabilities, as libsvm does. */
function couplingFcn(ctx: LowerContext, k: number): string {
  const sym = (h: string): string => ctx.symbol(h);
  const at = (a: JsonValue, ...path: JsonValue[]): JsonValue => ({ attr: a, path });
  const fcn2 = (ta: JsonValue, tb: JsonValue, ret: JsonValue, body: (a: string, b: string) => JsonValue): JsonValue => {
    const a = sym("a");
    const b = sym("b");
    return { params: [{ [a]: ta }, { [b]: tb }], ret, do: body(a, b) };
  };
  const [r, q, qp, p, iter, pQp, maxError, done] = ["r", "q", "qp", "p", "iter", "pQp", "maxError", "done"].map(sym) as [string, string, string, string, string, string, string, string];
  const loop = (body: (t: string) => JsonValue[]): JsonValue => {
    const t = sym("t");
    return { for: { [t]: 0 }, while: { "<": [t, k] }, step: { [t]: { "+": [t, 1] } }, do: body(t) };
  };
  // q[t][t] = Σ_{j≠t} r[j][t]²; q[t][j] = -r[j][t] r[t][j]
  const qInit: JsonValue = {
    "a.mapWithIndex": [
      r,
      fcn2("int", ARRAY_DOUBLE, ARRAY_DOUBLE, (t, row) => ({
        "a.mapWithIndex": [
          row,
          fcn2("int", "double", "double", (j) => ({
            if: { "==": [t, j] },
            then: { "a.sum": { "a.mapWithIndex": [r, fcn2("int", ARRAY_DOUBLE, "double", (i, other) => ({ if: { "==": [i, t] }, then: doubleLiteral(0), else: { "*": [at(other, t), at(other, t)] } }))] } },
            else: { "u-": { "*": [at(r, j, t), at(r, t, j)] } },
          })),
        ],
      })),
    ],
  };
  const body: JsonValue[] = [
    { let: { [q]: qInit } },
    { let: { [p]: { new: Array.from({ length: k }, () => doubleLiteral(1 / k)), type: ARRAY_DOUBLE } } },
    { let: { [qp]: { new: Array.from({ length: k }, () => doubleLiteral(0)), type: ARRAY_DOUBLE } } },
    { let: { [pQp]: doubleLiteral(0), [maxError]: doubleLiteral(0), [iter]: 0, [done]: false } },
    {
      while: { "&&": [{ "<": [iter, Math.max(100, k)] }, { "!": done }] },
      do: [
        { set: { [pQp]: doubleLiteral(0) } },
        loop((t): JsonValue[] => {
          const s = sym("s");
          return [
            { let: { [s]: { "a.sum": { "a.zipmap": [at(q, t), p, fcn2("double", "double", "double", (x, y) => ({ "*": [x, y] }))] } } } },
            { set: { [qp]: { attr: qp, path: [t], to: s } } },
            { set: { [pQp]: { "+": [pQp, { "*": [at(p, t), s] }] } } },
          ];
        }),
        { set: { [maxError]: doubleLiteral(0) } },
        loop((t): JsonValue[] => {
          const e = sym("e");
          return [{ let: { [e]: { "m.abs": { "-": [at(qp, t), pQp] } } } }, { if: ieeeGreater(e, maxError), then: { set: { [maxError]: e } } }];
        }),
        {
          if: { "<": [maxError, doubleLiteral(0.005 / k)] },
          then: { set: { [done]: true } },
          else: loop((t): JsonValue[] => {
            const diff = sym("diff");
            const qtt = at(q, t, t);
            const x = sym("x");
            const scale = (v: string): JsonValue => ({ "/": [v, { "+": [doubleLiteral(1), diff] }] });
            return [
              { let: { [diff]: { "/": [{ "+": [{ "u-": at(qp, t) }, pQp] }, qtt] } } },
              { set: { [p]: { attr: p, path: [t], to: { "+": [at(p, t), diff] } } } },
              { set: { [pQp]: { "/": [{ "/": [{ "+": [pQp, { "*": [diff, { "+": [{ "*": [diff, qtt] }, { "*": [doubleLiteral(2), at(qp, t)] }] }] }] }, { "+": [doubleLiteral(1), diff] }] }, { "+": [doubleLiteral(1), diff] }] } } },
              { set: { [qp]: { "a.zipmap": [qp, at(q, t), fcn2("double", "double", "double", (x, y) => ({ "/": [{ "+": [x, { "*": [diff, y] }] }, { "+": [doubleLiteral(1), diff] }] }))] } } },
              { set: { [p]: { "a.map": [p, { params: [{ [x]: "double" }], ret: "double", do: scale(x) }] } } },
            ];
          }),
        },
        { set: { [iter]: { "+": [iter, 1] } } },
      ],
    },
    p,
  ];
  return ctx.fcn("coupleProbabilities", { params: [{ [r]: { type: "array", items: ARRAY_DOUBLE } }], ret: ARRAY_DOUBLE, do: body });
}

export const svm = defineOp<SvmParams>({
  name: NAME,
  summary: "support vector machine: kernels, decision values, votes, label",
  outputTypes(p, inputs) {
    checkParams(p, inputs);
    const isNull = outputsNullable(p.missing, inputs);
    const nl = p.labels?.length ?? 0;
    return p.outputs.map((o): IRType => {
      let t: IRType;
      switch (o.kind) {
        case "decisions":
          t = o.index === undefined ? vector(p.machines.length) : DOUBLE;
          break;
        case "decisionsNegPos":
          t = vector(2);
          break;
        case "votes":
          t = vector(nl);
          break;
        case "probabilities":
          t = o.index === undefined ? vector(nl) : DOUBLE;
          break;
        case "value":
          t = DOUBLE;
          break;
        case "label":
          t = labelIRType(p.labelType!);
          break;
      }
      return maybeNullable(t, isNull);
    });
  },
  evaluate(p, values) {
    return evaluateOrMissing(NAME, p.missing, values, p.outputs.length, () => {
      const r32 = p.float32 ? Math.fround : (x: number) => x;
      const x = gatherFeatures(values)!.map(r32);
      const kernels = p.supportVectors.map((sv) => r32(kernelValue(p.kernel, x, sv)));
      const decisions = p.machines.map((m) => {
        let s = 0;
        m.coefficients.forEach((c, i) => (s += c * kernels[m.vectors[i]!]!));
        return r32(s + m.intercept);
      });
      const mode = p.mode;
      let label: unknown = null;
      let votes: number[] = [];
      let probabilities: number[] = [];
      switch (mode.kind) {
        case "oneVsAll":
          label = p.labels![mode.maxWins ? argmaxFirst(decisions) : argminFirst(decisions)];
          break;
        case "onnxLinear": {
          const best = argmaxFirst(decisions);
          const w = decisions[best]!;
          label = p.labels!.length === 2 && ((mode.weightsAllNonNegative && w >= 0.5) || (!mode.weightsAllNonNegative && w > 0)) ? p.labels![1] : p.labels![best];
          break;
        }
        case "oneVsOne": {
          const v = vote(p, mode.rule, decisions);
          votes = v.votes;
          const key = mode.ties === "lowestIndex" ? votes : votes.map((n, c) => n * (p.machines.length + 1) - v.first[c]!);
          label = p.labels![argmaxFirst(key)];
          if (mode.platt !== undefined) probabilities = coupleProbabilities(p.labels!.length, plattPairs(p.labels!.length, decisions, mode.platt));
          break;
        }
        case "binaryRounded": {
          if (!p.outputs.some((o) => o.kind === "label")) break;
          const r = Math.floor(decisions[0]! + 0.5);
          if (r === 1) label = p.labels![0];
          else if (r === 0) label = p.labels![1];
          else throw new MissingValueError(`${NAME}: the decision value ${decisions[0]} does not round to 0 or 1`);
          break;
        }
        default:
          break;
      }
      return p.outputs.map((o) => {
        switch (o.kind) {
          case "decisions":
            return o.index === undefined ? decisions : decisions[o.index]!;
          case "decisionsNegPos":
            return [-decisions[0]!, decisions[0]!];
          case "votes":
            return votes;
          case "probabilities":
            return o.index === undefined ? probabilities : probabilities[o.index]!;
          case "value":
            return mode.kind === "oneClass" ? (decisions[0]! > 0 ? 1 : -1) : decisions[0]!;
          case "label":
            return label;
        }
      });
    });
  },
  lower(p, inputs, types, ctx) {
    const nl = p.labels?.length ?? 0;
    const mode = p.mode;
    const supportVectors = ctx.cell("supportVectors", { type: "array", items: ARRAY_DOUBLE }, p.supportVectors);
    const machineType = ctx.typeName("Machine");
    const machines = ctx.cell(
      "machines",
      {
        type: "array",
        items: {
          type: "record",
          name: machineType,
          fields: [
            { name: "vectors", type: { type: "array", items: "int" } },
            { name: "coefficients", type: ARRAY_DOUBLE },
            { name: "intercept", type: "double" },
            { name: "classes", type: { type: "array", items: "int" } },
            { name: "threshold", type: "double" },
          ],
        },
      },
      p.machines.map((m) => ({ vectors: m.vectors, coefficients: m.coefficients, intercept: m.intercept, classes: m.classes ?? [], threshold: m.threshold ?? 0 })),
    );
    const labels = nl > 0 ? labelsCell(ctx, p.labels!, p.labelType!) : null;
    const platt = mode.kind === "oneVsOne" && mode.platt !== undefined ? ctx.cell("platt", { type: "record", name: ctx.typeName("Platt"), fields: [{ name: "a", type: ARRAY_DOUBLE }, { name: "b", type: ARRAY_DOUBLE }] }, { a: mode.platt.a, b: mode.platt.b }) : null;
    const couple = platt !== null ? couplingFcn(ctx, nl) : null;

    const round = (e: JsonValue): JsonValue => (p.float32 ? lowerRoundFloat32(ctx, e) : e);

    // the model once per row: the kernels and the machines' decision values, then the votes and the
    // probabilities where an output reads them
    const shared = new SharedValues(ctx, NAME, p.missing, inputs, types);
    const decisions = shared.fromInputs("decisions", (xs) =>
      letChain(
        ctx,
        [
          ["features", () => round(lowerFeatures(xs, types))],
          [
            "kernels",
            (prev) => {
              const sv = ctx.symbol("sv");
              return round({ "a.map": [{ cell: supportVectors }, { params: [{ [sv]: ARRAY_DOUBLE }], ret: "double", do: lowerKernel(p.kernel, prev[0]!, sv) }] });
            },
          ],
          [
            "decisions",
            (prev) => {
              const m = ctx.symbol("machine");
              const c = ctx.symbol("c");
              const i = ctx.symbol("i");
              const terms: JsonValue = { "a.zipmap": [{ attr: m, path: [["coefficients"]] }, { attr: m, path: [["vectors"]] }, { params: [{ [c]: "double" }, { [i]: "int" }], ret: "double", do: { "*": [c, { attr: prev[1]!, path: [i] }] } }] };
              return round({ "a.map": [{ cell: machines }, { params: [{ [m]: machineType }], ret: "double", do: { "+": [{ "a.sum": terms }, { attr: m, path: [["intercept"]] }] } }] });
            },
          ],
        ],
        (syms) => syms[2]!,
      ),
    );
    // oneVsOne: the class each machine votes for, and the votes per class
    const winners =
      mode.kind === "oneVsOne" && p.outputs.some((o) => o.kind === "votes" || o.kind === "label")
        ? shared.from("winners", [decisions], ([dec]): JsonValue => {
            const f = ctx.symbol("f");
            const m = ctx.symbol("machine");
            const t: JsonValue = { attr: m, path: [["threshold"]] };
            const cond: JsonValue = mode.rule === "below" ? { "<": [f, t] } : ieeeGreater(f, t);
            return { "a.zipmap": [dec!, { cell: machines }, { params: [{ [f]: "double" }, { [m]: machineType }], ret: "int", do: { if: cond, then: { attr: m, path: [["classes"], 0] }, else: { attr: m, path: [["classes"], 1] } } }] };
          })
        : null;
    const votes = winners !== null
      ? shared.from("votes", [winners], ([w]): JsonValue => {
          const c = ctx.symbol("class");
          const l = ctx.symbol("label");
          return { "a.mapWithIndex": [{ cell: labels! }, { params: [{ [c]: "int" }, { [l]: p.labelType! }], ret: "double", do: { "cast.double": { "a.count": [w!, c] } } }] };
        })
      : null;
    const probabilities = p.outputs.some((o) => o.kind === "probabilities")
      ? shared.from("probabilities", [decisions], ([dec]): JsonValue => {
          // r[i][j] for i < j from machine (i, j) in libsvm's order; r[j][i] = 1 - r[i][j]
          const i = ctx.symbol("i");
          const j = ctx.symbol("j");
          const row = ctx.symbol("row");
          const v = ctx.symbol("v");
          const pairIndex = (a: JsonValue, b: JsonValue): JsonValue => ({ "-": [{ "+": [{ "-": [{ "*": [a, nl] }, { "//": [{ "*": [a, { "+": [a, 1] }] }, 2] }] }, b] }, { "+": [a, 1] }] });
          const platted = (m: JsonValue): JsonValue => ({
            do: [
              { let: { [v]: { "-": [doubleLiteral(1), { "m.link.logit": { "+": [{ "*": [{ attr: dec!, path: [m] }, { cell: platt!, path: [["a"], m] }] }, { cell: platt!, path: [["b"], m] }] } }] } } },
              { if: { "<": [v, doubleLiteral(1e-7)] }, then: doubleLiteral(1e-7), else: { if: ieeeGreater(v, doubleLiteral(1 - 1e-7)), then: doubleLiteral(1 - 1e-7), else: v } },
            ],
          });
          const pairwise: JsonValue = {
            "a.mapWithIndex": [
              { cell: labels! },
              {
                params: [{ [i]: "int" }, { [row]: p.labelType! }],
                ret: ARRAY_DOUBLE,
                do: {
                  "a.mapWithIndex": [
                    { cell: labels! },
                    {
                      params: [{ [j]: "int" }, { [ctx.symbol("label")]: p.labelType! }],
                      ret: "double",
                      do: { cond: [{ if: { "<": [i, j] }, then: platted(pairIndex(i, j)) }, { if: { ">": [i, j] }, then: { "-": [doubleLiteral(1), platted(pairIndex(j, i))] } }], else: doubleLiteral(0) },
                    },
                  ],
                },
              },
            ],
          };
          return { [couple!]: [pairwise] };
        })
      : null;

    const label = (): JsonValue => {
      switch (mode.kind) {
        case "oneVsAll":
          return shared.output([decisions], ([dec]) => ({ cell: labels!, path: [mode.maxWins ? lowerArgmax(ctx, dec!) : lowerArgmin(ctx, dec!)] }));
        case "onnxLinear":
          return shared.output([decisions], ([dec]): JsonValue => {
            const best = ctx.symbol("best");
            const w = ctx.symbol("score");
            const pos = mode.weightsAllNonNegative ? { ">=": [w, doubleLiteral(0.5)] } : ieeeGreater(w, doubleLiteral(0));
            const index: JsonValue = { do: [{ let: { [best]: lowerArgmax(ctx, dec!) } }, { let: { [w]: { attr: dec!, path: [best] } } }, nl === 2 ? { if: pos, then: 1, else: best } : best] };
            return { cell: labels!, path: [index] };
          });
        case "oneVsOne":
          if (mode.ties === "lowestIndex") return shared.output([votes!], ([v]) => ({ cell: labels!, path: [lowerArgmax(ctx, v!)] }));
          // most votes; among equals, the class whose first vote came first
          return shared.output([votes!, winners!], ([v, w]): JsonValue => {
            const c = ctx.symbol("class");
            const n = ctx.symbol("n");
            const key: JsonValue = {
              "a.mapWithIndex": [v!, { params: [{ [c]: "int" }, { [n]: "double" }], ret: "double", do: { "-": [{ "*": [n, doubleLiteral(p.machines.length + 1)] }, { "cast.double": { "a.index": [w!, c] } }] } }],
            };
            return { cell: labels!, path: [lowerArgmax(ctx, key)] };
          });
        default:
          // binaryRounded
          return shared.output([decisions], ([dec]): JsonValue => {
            const r = ctx.symbol("rounded");
            return {
              do: [
                { let: { [r]: { "m.floor": { "+": [{ attr: dec!, path: [0] }, doubleLiteral(0.5)] } } } },
                { if: { "==": [r, doubleLiteral(1)] }, then: { cell: labels!, path: [0] }, else: { if: { "==": [r, doubleLiteral(0)] }, then: { cell: labels!, path: [1] }, else: { error: `${NAME}: the decision value does not round to 0 or 1` } } },
              ],
            };
          });
      }
    };
    return p.outputs.map((o): JsonValue => {
      switch (o.kind) {
        case "decisions":
          return shared.output([decisions], ([dec]) => lowerElement(dec!, o.index));
        case "decisionsNegPos":
          return shared.output([decisions], ([dec]): JsonValue => ({ new: [{ "u-": { attr: dec!, path: [0] } }, { attr: dec!, path: [0] }], type: ARRAY_DOUBLE }));
        case "votes":
          return shared.output([votes!], ([v]) => v!);
        case "probabilities":
          return shared.output([probabilities!], ([pr]) => lowerElement(pr!, o.index));
        case "value":
          return shared.output([decisions], ([dec]): JsonValue => {
            if (mode.kind !== "oneClass") return { attr: dec!, path: [0] };
            const f = ctx.symbol("f");
            return { do: [{ let: { [f]: { attr: dec!, path: [0] } } }, { if: ieeeGreater(f, doubleLiteral(0)), then: doubleLiteral(1), else: doubleLiteral(-1) }] };
          });
        case "label":
          return label();
      }
    });
  },
  arbitrary(random) {
    const inputs = randomFeatureInputs(random, 4);
    const total = featureWidths(NAME, inputs).total;
    const kernel = pick(random, [
      { kind: "linear" },
      { kind: "poly", gamma: pick(random, [0.5, 1]), coef0: pick(random, [0, 1]), degree: pick(random, [2, 3]) },
      { kind: "rbf", gamma: pick(random, [0.1, 0.5, 1]) },
      { kind: "rbf", gamma: 0.25 },
      { kind: "sigmoid", gamma: 0.3, coef0: pick(random, [0, -0.5]) },
    ] as SvmKernel[]);
    const modeKind = pick(random, ["regression", "oneClass", "oneVsAll", "oneVsOne", "oneVsOne", "oneVsOne", "binaryRounded", "onnxLinear"] as const);
    const nClasses = modeKind === "binaryRounded" ? 2 : 2 + Math.floor(random() * 3);
    const nsv = 1 + Math.floor(random() * 5);
    const supportVectors = Array.from({ length: nsv }, () => Array.from({ length: total }, () => randomCoef(random, 2)));
    const machine = (): SvmMachine => {
      const n = 1 + Math.floor(random() * nsv);
      const vectors = Array.from({ length: n }, () => Math.floor(random() * nsv));
      return { vectors, coefficients: vectors.map(() => randomCoef(random, 2)), intercept: randomCoef(random, 1) };
    };
    let machines: SvmMachine[];
    let mode: SvmMode;
    switch (modeKind) {
      case "regression":
      case "oneClass":
      case "binaryRounded":
        machines = [machine()];
        mode = { kind: modeKind };
        if (modeKind === "binaryRounded") machines[0]!.intercept = pick(random, [0, 0.5, 1]);
        break;
      case "oneVsAll":
        machines = Array.from({ length: nClasses }, machine);
        mode = { kind: modeKind, maxWins: random() < 0.5 };
        break;
      case "onnxLinear":
        machines = Array.from({ length: nClasses }, machine);
        mode = { kind: modeKind, weightsAllNonNegative: random() < 0.5 };
        break;
      default: {
        machines = [];
        for (let i = 0; i < nClasses; i++)
          for (let j = i + 1; j < nClasses; j++) machines.push({ ...machine(), classes: random() < 0.8 ? [i, j] : [j, i], threshold: pick(random, [0, 0, 0.5, -0.25]) });
        const withPlatt = random() < 0.4;
        if (withPlatt) machines.forEach((m, idx) => (m.classes = pairOf(nClasses, idx)));
        mode = {
          kind: "oneVsOne",
          rule: pick(random, ["below", "above"] as const),
          ties: pick(random, ["lowestIndex", "firstVoted"] as const),
          ...(withPlatt ? { platt: { a: machines.map(() => randomCoef(random, 3)), b: machines.map(() => randomCoef(random, 1)) } } : {}),
        };
      }
    }
    const p: SvmParams = { kernel, supportVectors, machines, mode, float32: random() < 0.25, missing: pick(random, ["error", "null"] as const), outputs: [] };
    const classifier = modeKind !== "regression" && modeKind !== "oneClass";
    if (classifier) Object.assign(p, randomLabels(random, nClasses));
    const outs: SvmOutput[] = [{ kind: "decisions" }, { kind: "decisions", index: Math.floor(random() * machines.length) }];
    if (machines.length === 1) outs.push({ kind: "decisionsNegPos" });
    if (classifier) outs.push({ kind: "label" }, { kind: "label" });
    else outs.push({ kind: "value" }, { kind: "value" });
    if (mode.kind === "oneVsOne") outs.push({ kind: "votes" });
    if (mode.kind === "oneVsOne" && mode.platt !== undefined) outs.push({ kind: "probabilities" }, { kind: "probabilities", index: 0 }, { kind: "probabilities" });
    p.outputs = randomOutputs(random, outs);
    return { params: p, inputs };
  },
});

/** The classes of libsvm's pair number m among k classes: (0, 1), (0, 2), ..., (1, 2), ... */
function pairOf(k: number, m: number): [number, number] {
  let n = 0;
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++, n++) if (n === m) return [i, j];
  throw new Error(`${NAME}: pair ${m} out of range`);
}
