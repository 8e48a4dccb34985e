/**
 * Pieces the model ops (linearModel, naiveBayes, cluster, svm, neuralNetwork, nearestNeighbors) share:
 * the feature vector they read (numbers and vectors, concatenated, as in vectorAssemble), what a
 * missing input does, the values a step's outputs share (the model computed once per row), argmax in
 * the source formats' sense, the label decisions and outputs of scoring models, class labels, float32
 * rounding, and random parameters for property tests.
 */
import type { LowerContext } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, INT, LONG, STRING, describeType, isNumeric, nonNull, nullable, type IRType, vector } from "../types.js";
import { ARRAY_DOUBLE, MissingValueError, asDoubleExpr, doubleLiteral, ieeeLess, pick } from "./common.js";

/** What a missing input does: the row is refused (the source raises an error), or every output is missing. */
export type MissingMode = "error" | "null";

/** The type of a class label column. */
export type LabelType = "string" | "double" | "int" | "long";

// ---------------------------------------------------------------------------------------------
// Feature vectors

/**
 * The width of each feature input (numbers 1, vectors their size) and the total; throws when an input
 * is neither, or a vector's size is unknown.
 */
export function featureWidths(opName: string, inputs: readonly IRType[]): { widths: number[]; total: number } {
  const widths = inputs.map((t) => {
    const n = nonNull(t);
    if (n.kind === "vector") {
      if (n.size === null) throw new Error(`${opName}: the feature vector's size must be known`);
      return n.size;
    }
    if (isNumeric(n)) return 1;
    throw new Error(`${opName} takes numbers and vectors as features, found ${describeType(t)}`);
  });
  return { widths, total: widths.reduce((a, b) => a + b, 0) };
}

/** The concatenated features of a row, or null when one of the inputs is missing. */
export function gatherFeatures(values: readonly unknown[]): number[] | null {
  const out: number[] = [];
  for (const v of values) {
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) for (const x of v as number[]) out.push(x);
    else out.push(Number(v));
  }
  return out;
}

/** The features as one PFA array(double) expression, from non-null expressions of the inputs. */
export function lowerFeatures(exprs: readonly JsonValue[], types: readonly IRType[]): JsonValue {
  if (exprs.length === 1 && nonNull(types[0]!).kind === "vector") return exprs[0]!;
  if (types.every((t) => nonNull(t).kind !== "vector")) return { new: exprs.map((e, i) => asDoubleExpr(e, types[i]!)), type: ARRAY_DOUBLE };
  const parts = exprs.map((e, i) => (nonNull(types[i]!).kind === "vector" ? e : { new: [asDoubleExpr(e, types[i]!)], type: ARRAY_DOUBLE }));
  return { "a.flatten": { new: parts, type: { type: "array", items: ARRAY_DOUBLE } } };
}

/** Whether the outputs may be missing: some input may be, and a missing input makes the outputs missing. */
export function outputsNullable(missing: MissingMode, inputs: readonly IRType[]): boolean {
  return missing === "null" && inputs.some((t) => t.kind === "nullable");
}

/** The output type, nullable when the outputs may be missing. */
export function maybeNullable(t: IRType, isNullable: boolean): IRType {
  return isNullable ? nullable(t) : t;
}

/**
 * The reference evaluation's missing-value rule: with a missing input, throws (mode "error") or
 * returns `count` missing outputs; otherwise computes.
 */
export function evaluateOrMissing(opName: string, missing: MissingMode, values: readonly unknown[], count: number, compute: () => unknown[]): unknown[] {
  if (values.some((v) => v === null || v === undefined)) {
    if (missing === "error") throw new MissingValueError(`${opName}: a missing input`);
    return Array.from({ length: count }, () => null);
  }
  return compute();
}

/**
 * PFA for one output that reads the inputs: `body` gets non-null expressions of every input; nullable
 * inputs are unwrapped with `ifnotnull`, and a missing one raises an error or gives null.
 */
export function withInputs(ctx: LowerContext, opName: string, missing: MissingMode, inputs: readonly JsonValue[], types: readonly IRType[], body: (xs: JsonValue[]) => JsonValue): JsonValue {
  const bindings: Record<string, JsonValue> = {};
  const xs = inputs.map((x, i) => {
    if (types[i]!.kind !== "nullable") return x;
    const s = ctx.symbol("x");
    bindings[s] = x;
    return s;
  });
  if (Object.keys(bindings).length === 0) return body(xs);
  return { ifnotnull: bindings, then: body(xs), else: missing === "error" ? { error: `${opName}: a missing input` } : null };
}

/** A `do` block that binds each expression to a fresh symbol in turn; `last` builds the result from the symbols. */
export function letChain(ctx: LowerContext, steps: readonly (readonly [hint: string, expr: (prev: string[]) => JsonValue])[], last: (syms: string[]) => JsonValue): JsonValue {
  const syms: string[] = [];
  const body: JsonValue[] = [];
  for (const [hint, expr] of steps) {
    const e = expr(syms);
    // a symbol needs no new name
    if (typeof e === "string") {
      syms.push(e);
      continue;
    }
    const s = ctx.symbol(hint);
    body.push({ let: { [s]: e } });
    syms.push(s);
  }
  const result = last(syms);
  // `let v = e; v` is just `e`
  const lastLet = body[body.length - 1] as { let?: Record<string, JsonValue> } | undefined;
  if (syms.length > 0 && result === syms[syms.length - 1] && lastLet?.let !== undefined && result in lastLet.let) {
    const final = body.pop() as { let: Record<string, JsonValue> };
    body.push(final.let[result]!);
  } else body.push(result);
  // a `do` at the end of a `do` is the same block (every symbol is unique)
  const tail = body[body.length - 1] as { do?: JsonValue } | null;
  if (body.length > 1 && tail !== null && typeof tail === "object" && !Array.isArray(tail) && Object.keys(tail).length === 1 && Array.isArray(tail.do)) {
    body.pop();
    body.push(...tail.do);
  }
  return body.length === 1 ? body[0]! : { do: body };
}

// ---------------------------------------------------------------------------------------------
// Values the outputs share

/** A value a step's outputs share, bound once per row by `ctx.let`. */
export interface Shared {
  readonly sym: string;
  /** Whether it is missing (null) for a row with a missing input (missing mode "null"): whoever reads it unwraps it. */
  readonly nullable: boolean;
}

/**
 * The model computed once per row: the values several outputs need (raw scores, values, distances) are
 * bound with `ctx.let` before the step's outputs, and each output is derived from them. With missing
 * mode "null" and a nullable input, the first value is missing when an input is, and everything
 * derived from it is missing too; with mode "error" a missing input raises the error where the first
 * value is computed. The symbols are visible in the outputs and their inline functions, never inside a
 * `ctx.fcn` user function.
 */
export class SharedValues {
  constructor(
    private readonly ctx: LowerContext,
    private readonly opName: string,
    private readonly missing: MissingMode,
    private readonly inputs: readonly JsonValue[],
    private readonly types: readonly IRType[],
  ) {}

  /** Binds an expression that is never missing (it reads no nullable input, or handles missing ones itself). */
  bind(hint: string, expr: JsonValue): Shared {
    return { sym: this.let(hint, expr), nullable: false };
  }

  /** Binds `body(xs)`, xs the non-null inputs; a missing input raises the error or makes the value missing. */
  fromInputs(hint: string, body: (xs: JsonValue[]) => JsonValue): Shared {
    return { sym: this.let(hint, withInputs(this.ctx, this.opName, this.missing, this.inputs, this.types, body)), nullable: outputsNullable(this.missing, this.types) };
  }

  /**
   * Binds `body` of shared values (unwrapped), missing when one of them is; with `readsInputs`, body
   * also gets the non-null inputs (as in fromInputs).
   */
  from(hint: string, deps: readonly Shared[], body: (vs: string[], xs: JsonValue[]) => JsonValue, readsInputs = false): Shared {
    const expr = readsInputs
      ? withInputs(this.ctx, this.opName, this.missing, this.inputs, this.types, (xs) => this.output(deps, (vs) => body(vs, xs)))
      : this.output(deps, (vs) => body(vs, []));
    return { sym: this.let(hint, expr), nullable: deps.some((d) => d.nullable) || (readsInputs && outputsNullable(this.missing, this.types)) };
  }

  /** An output expression of shared values (unwrapped), missing when one of them is. */
  output(deps: readonly Shared[], body: (vs: string[]) => JsonValue): JsonValue {
    const bindings: Record<string, JsonValue> = {};
    const vs = deps.map((d) => {
      if (!d.nullable) return d.sym;
      const s = this.ctx.symbol(d.sym);
      bindings[s] = d.sym;
      return s;
    });
    const then = body(vs);
    const unwrapped = Object.keys(bindings);
    if (unwrapped.length === 0) return then;
    // the value itself needs no unwrapping
    if (unwrapped.length === 1 && then === unwrapped[0]) return bindings[then]!;
    return { ifnotnull: bindings, then, else: null };
  }

  /** Binds with ctx.let; a symbol (an input, a shared value) needs no new name. */
  private let(hint: string, expr: JsonValue): string {
    return typeof expr === "string" ? expr : this.ctx.let(hint, expr);
  }
}

// ---------------------------------------------------------------------------------------------
// Argmax and labels

/** The index of the first maximum under `>` (a NaN never wins unless it comes first), as Spark, ONNX Runtime and JPMML scan. */
export function argmaxFirst(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

/** The index of the first minimum under `<` (a NaN never wins unless it comes first). */
export function argminFirst(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[best]!) best = i;
  return best;
}

/** An inline PFA function (double, double) -> boolean: `a < b` in the IEEE sense (false when either is NaN). */
export function lowerLessFcn(ctx: LowerContext): JsonValue {
  const a = ctx.symbol("a");
  const b = ctx.symbol("b");
  return { params: [{ [a]: "double" }, { [b]: "double" }], ret: "boolean", do: ieeeLess(a, b) };
}

/** PFA for argmaxFirst: `a.argmaxLT` with the IEEE `<`, which keeps the first of equal maxima and never moves to a NaN. */
export function lowerArgmax(ctx: LowerContext, arr: JsonValue): JsonValue {
  return { "a.argmaxLT": [arr, lowerLessFcn(ctx)] };
}

/** PFA for argminFirst: `a.argminLT` with the IEEE `<`. */
export function lowerArgmin(ctx: LowerContext, arr: JsonValue): JsonValue {
  return { "a.argminLT": [arr, lowerLessFcn(ctx)] };
}

export function labelIRType(t: LabelType): IRType {
  return t === "string" ? STRING : t === "int" ? INT : t === "long" ? LONG : DOUBLE;
}

/** Checks that labels fit their declared type. */
export function checkLabels(opName: string, labels: readonly (string | number)[], type: LabelType): void {
  for (const l of labels) {
    const ok = type === "string" ? typeof l === "string" : typeof l === "number" && (type === "double" || Number.isInteger(l));
    if (!ok) throw new Error(`${opName}: label ${JSON.stringify(l)} is not of type ${type}`);
    if (type === "int" && ((l as number) < -2147483648 || (l as number) > 2147483647)) throw new Error(`${opName}: label ${l} does not fit an int`);
    if (type === "double" && !Number.isFinite(l as number)) throw new Error(`${opName}: labels must be finite`);
  }
}

/** Checks optional ids (cluster or instance ids): an idType, one id per item, each of that type. */
export function checkIds(opName: string, ids: readonly (string | number)[] | undefined, idType: LabelType | undefined, n: number, items: string): void {
  if (ids === undefined) return;
  if (idType === undefined) throw new Error(`${opName}: ids need an idType`);
  if (ids.length !== n) throw new Error(`${opName}: ${ids.length} ids for ${n} ${items}`);
  checkLabels(opName, ids, idType);
}

/** A cell holding the labels; returns its name. */
export function labelsCell(ctx: LowerContext, labels: readonly (string | number)[], type: LabelType): string {
  return ctx.cell("labels", { type: "array", items: type }, labels as JsonValue[]);
}

// ---------------------------------------------------------------------------------------------
// Scoring models' label decisions and outputs (linearModel, naiveBayes, neuralNetwork)

/**
 * How a classifier picks its label from its raw scores or its values (`V`: what the op calls its
 * values, "values" or "probabilities"); the label is labels[index].
 */
export type ArgmaxDecision<V extends string = "values"> =
  /** The first maximum of the raw scores or of the values (a NaN never wins unless it comes first). */
  | { kind: "argmax"; of: "raw" | V }
  /** Spark's thresholds: the first maximum of values_i / thresholds_i, where a zero threshold makes +∞. */
  | { kind: "argmaxScaled"; thresholds: number[] };

/** An output of a scoring model: its raw scores, its values (`V`), each a vector or one element, or its label. */
export type ScoreOutput<V extends string = "values"> =
  /** The raw scores (vector), or one of them (double). */
  | { kind: "raw"; index?: number }
  /** The values (vector: probabilities, or a regression's values), or one of them (double). */
  | { kind: V; index?: number }
  /** The class label (labelType). */
  | { kind: "label" };

/** Whether the decision reads the values (else the raw scores). */
export function decisionReadsValues(d: ArgmaxDecision<string>): boolean {
  return d.kind === "argmaxScaled" || d.of !== "raw";
}

/** Checks an argmax decision: labels of their type, one per raw score or value as it reads, thresholds not negative. */
export function checkArgmaxDecision(opName: string, d: ArgmaxDecision<string>, labels: readonly (string | number)[] | undefined, labelType: LabelType | undefined, counts: { raw: number; values: number }): void {
  if (labels === undefined || labelType === undefined) throw new Error(`${opName}: a decision needs labels and labelType`);
  checkLabels(opName, labels, labelType);
  if (d.kind === "argmax") {
    const n = decisionReadsValues(d) ? counts.values : counts.raw;
    if (labels.length !== n) throw new Error(`${opName}: ${labels.length} labels for ${n} ${decisionReadsValues(d) ? "values" : "raw scores"}`);
  } else if (d.kind === "argmaxScaled") {
    if (d.thresholds.length !== counts.values || labels.length !== counts.values) throw new Error(`${opName}: argmaxScaled needs one threshold and one label per value (${counts.values})`);
    checkFinite(opName, "thresholds", d.thresholds);
    if (d.thresholds.some((t) => t < 0)) throw new Error(`${opName}: thresholds must not be negative`);
  } else throw new Error(`${opName}: unknown decision ${JSON.stringify(d)}`);
}

/** The reference evaluation of an argmax decision: the label's index. */
export function argmaxDecision(d: ArgmaxDecision<string>, raw: readonly number[], values: readonly number[]): number {
  if (d.kind === "argmax") return argmaxFirst(decisionReadsValues(d) ? values : raw);
  return argmaxFirst(values.map((v, i) => (d.thresholds[i] === 0 ? Infinity : v / d.thresholds[i]!)));
}

/** The cell of argmaxScaled's thresholds (null for other decisions); returns its name. */
export function thresholdsCell(ctx: LowerContext, d: { kind: string; thresholds?: number[] } | undefined): string | null {
  return d?.kind === "argmaxScaled" ? ctx.cell("thresholds", ARRAY_DOUBLE, d.thresholds!) : null;
}

/** PFA for the index an argmax decision picks, from array expressions (symbols) of the raw scores and values. */
export function lowerArgmaxDecision(ctx: LowerContext, d: ArgmaxDecision<string>, thresholds: string | null, raw: JsonValue, values: JsonValue): JsonValue {
  if (d.kind === "argmax") return lowerArgmax(ctx, decisionReadsValues(d) ? values : raw);
  const a = ctx.symbol("p");
  const b = ctx.symbol("t");
  const scaled: JsonValue = { params: [{ [a]: "double" }, { [b]: "double" }], ret: "double", do: { if: { "==": [b, doubleLiteral(0)] }, then: doubleLiteral(Infinity), else: { "/": [a, b] } } };
  return lowerArgmax(ctx, { "a.zipmap": [values, { cell: thresholds! }, scaled] });
}

/** PFA for a raw or values output: the whole vector, or one element. */
export function lowerElement(arr: string, index: number | undefined): JsonValue {
  return index === undefined ? arr : { attr: arr, path: [index] };
}

// ---------------------------------------------------------------------------------------------
// float32

/** PFA for an array(double) rounded element by element to float32 (still typed array(double)). */
export function lowerRoundFloat32(ctx: LowerContext, arr: JsonValue): JsonValue {
  const v = ctx.symbol("v");
  return { "a.map": [arr, { params: [{ [v]: "double" }], ret: "double", do: { "cast.double": { "cast.float": v } } }] };
}

/** x ** y as PFA computes it for doubles: Math.pow, except that zero (either sign) to a negative power is +∞. */
export function pfaPow(x: number, y: number): number {
  return x === 0 && y < 0 ? Infinity : Math.pow(x, y);
}

/** A matrix cell value: rows of doubles, checked finite. */
export function checkFinite(opName: string, what: string, xs: readonly number[]): void {
  for (const x of xs) if (typeof x !== "number" || !Number.isFinite(x)) throw new Error(`${opName}: ${what} must be finite numbers, found ${String(x)}`);
}

// ---------------------------------------------------------------------------------------------
// Property-test helpers

/** A random number with few digits, in [-scale, scale]. */
export function randomCoef(random: () => number, scale = 2): number {
  return Math.round((random() * 2 - 1) * scale * 100) / 100;
}

/** Random feature inputs of total width between 1 and `maxWidth`: numbers, ints and vectors, sometimes nullable. */
export function randomFeatureInputs(random: () => number, maxWidth = 4, nullableRate = 0.2): IRType[] {
  const target = 1 + Math.floor(random() * maxWidth);
  const out: IRType[] = [];
  let width = 0;
  while (width < target) {
    const left = target - width;
    const r = random();
    let t: IRType;
    if (r < 0.4 && left >= 1) {
      const n = 1 + Math.floor(random() * left);
      t = vector(n);
      width += n;
    } else {
      t = pick(random, [DOUBLE, DOUBLE, INT]);
      width += 1;
    }
    out.push(random() < nullableRate ? nullable(t) : t);
  }
  return out;
}

/** Spark-style thresholds: two decimals in [0, 1], sometimes 0 (which makes +∞). */
export function randomThresholds(random: () => number, n: number): number[] {
  return Array.from({ length: n }, () => (random() < 0.15 ? 0 : Math.round(random() * 100) / 100));
}

/** One to three outputs picked from `outs` (repeats allowed: two outputs may read the same value). */
export function randomOutputs<T>(random: () => number, outs: readonly T[]): T[] {
  const n = 1 + Math.floor(random() * 3);
  return Array.from({ length: n }, () => pick(random, outs));
}

/** Random labels of a random type. */
export function randomLabels(random: () => number, n: number): { labels: (string | number)[]; labelType: LabelType } {
  const labelType = pick(random, ["string", "double", "int", "long"] as const);
  const labels = Array.from({ length: n }, (_, i) => (labelType === "string" ? pick(random, ["a", "b", "setosa", "x y"]) + String(i) : labelType === "double" ? i + 0.5 : i * 3 - 1));
  return { labels, labelType };
}

/** A random value of a feature input type near the values of interest, with missing values where allowed. */
export function randomFeatureValue(t: IRType, random: () => number, near: () => number): unknown {
  if (t.kind === "nullable") return random() < 0.15 ? null : randomFeatureValue(t.inner, random, near);
  if (t.kind === "vector") return Array.from({ length: t.size ?? 0 }, () => near());
  if (t.kind === "int" || t.kind === "long") return Math.round(near());
  return near();
}
