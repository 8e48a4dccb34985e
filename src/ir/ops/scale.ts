/**
 * scale: an affine map per element of a number or a vector, y = ((x − shift) / divisor) · factor + offset,
 * each part optional, with fixed outputs for constant features and an optional clamp. It covers
 *
 * - Spark StandardScalerModel: shift = mean (withMean), factor = 1/std, 0 where std is 0 (withStd):
 *   Spark 3.x computes (x − mean)·factor, so NaN stays NaN; Spark 2.x and MLeap's standard_scaler with
 *   both mean and std give 0 where std is 0 whatever x is (`constant` 0, `constantNaN` "replace");
 * - Spark MinMaxScalerModel: 3.x shift = originalMin, factor = (max − min)/range, offset = min;
 *   2.x (and MLeap min_max_scaler) shift = originalMin, divisor = range, factor = max − min, offset = min;
 *   constant features (Spark 3.x: where the factor is 0; 2.x: range 0) give `constant` (min + max)/2 in
 *   3.x, 0.5·(max − min) + min in 2.x; NaN passes through (`constantNaN` "keep");
 * - Spark MaxAbsScalerModel: 3.x factor = 1/maxAbs (1 where maxAbs is 0); 2.x divisor = maxAbs (1 where 0);
 *   MLeap's max_abs_scaler divides and clamps to [−1, 1] (`clip`);
 * - ONNX Scaler: shift = offset, factor = scale, in float32 (`float32`: "steps" for float and integer
 *   inputs, "result" for double inputs, as onnxruntime computes);
 * - PMML has no such element (NormContinuous is its own op) but a reader may use it for linear norms.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, type IRType, nullable, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import {
  type MissingPolicy,
  type Real,
  ARRAY_DOUBLE,
  asDoubleExpr,
  checkBroadcast,
  checkMissingPolicy,
  doubleData,
  doubleExpr,
  evaluateWithMissing,
  f32,
  f32Expr,
  ieeeLess,
  lengthGuard,
  lowerWithMissing,
  num,
  numberOrVector,
  outputWithMissing,
  randomDouble,
  randomInt,
  randomNumberOf,
  randomNumericType,
  real,
  reals,
  toReal,
} from "./feature-util.js";

export interface ScaleParams {
  /** Subtracted first, per element (or one value for all); null: nothing is subtracted. */
  shift: Real[] | null;
  /** Then divided by (Spark 2.x MinMaxScaler and MaxAbsScaler divide); null: no division. */
  divisor: Real[] | null;
  /** Then multiplied by; null: no multiplication. */
  factor: Real[] | null;
  /** Then added; null: nothing is added. */
  offset: Real[] | null;
  /**
   * Per element, a fixed output instead of the formula (null for the formula): MinMaxScaler's constant
   * features, MLeap StandardScaler's zero standard deviations. Null: the formula everywhere.
   */
  constant: (Real | null)[] | null;
  /** Where `constant` applies: whether a NaN input stays NaN ("keep": Spark and MLeap MinMaxScaler) or gets the constant ("replace": MLeap StandardScaler). */
  constantNaN: "keep" | "replace";
  /** Clamp the result into [low, high] (MLeap MaxAbsScaler: [−1, 1]); NaN stays NaN. Null: no clamp. */
  clip: [Real, Real] | null;
  /**
   * float32 arithmetic, as onnxruntime's Scaler: "none" (doubles), "steps" (the input, the parameters
   * and every intermediate result rounded to float32: ONNX float and integer inputs), "result" (double
   * arithmetic on float32 parameters, the result rounded to float32: ONNX double inputs).
   */
  float32: "none" | "steps" | "result";
  /** A missing input: an error (Spark and MLeap raise on a null vector) or a missing output. */
  missing: MissingPolicy;
}

interface Resolved {
  shift: number[] | null;
  divisor: number[] | null;
  factor: number[] | null;
  offset: number[] | null;
  constant: (number | null)[] | null;
  keepNaN: boolean;
  clip: [number, number] | null;
  float32: "none" | "steps" | "result";
  /** The number of elements the parameters describe (1 when all are single values). */
  width: number;
}

function resolve(p: ScaleParams, size: number | null | "number"): Resolved {
  if (p.float32 !== "none" && p.float32 !== "steps" && p.float32 !== "result") throw new Error(`scale: float32 must be "none", "steps" or "result", found ${JSON.stringify(p.float32)}`);
  if (p.constantNaN !== "keep" && p.constantNaN !== "replace") throw new Error(`scale: constantNaN must be "keep" or "replace", found ${JSON.stringify(p.constantNaN)}`);
  const round = p.float32 === "none" ? (x: number) => x : f32;
  const part = (name: "shift" | "divisor" | "factor" | "offset"): number[] | null => {
    const v = p[name];
    if (v === null || v === undefined) return null;
    const xs = reals(v, `scale: ${name}`).map(round);
    checkBroadcast("scale", name, xs, size);
    return xs;
  };
  const r: Resolved = {
    shift: part("shift"),
    divisor: part("divisor"),
    factor: part("factor"),
    offset: part("offset"),
    constant: null,
    keepNaN: p.constantNaN === "keep",
    clip: null,
    float32: p.float32,
    width: 1,
  };
  if (p.constant !== null && p.constant !== undefined) {
    if (!Array.isArray(p.constant)) throw new Error("scale: constant must be an array");
    r.constant = p.constant.map((c, i) => (c === null ? null : round(real(c, `scale: constant[${i}]`))));
    checkBroadcast("scale", "constant", r.constant as number[], size);
  }
  if (p.clip !== null && p.clip !== undefined) {
    if (!Array.isArray(p.clip) || p.clip.length !== 2) throw new Error("scale: clip must be [low, high]");
    const lo = real(p.clip[0], "scale: clip low");
    const hi = real(p.clip[1], "scale: clip high");
    if (!(lo <= hi)) throw new Error(`scale: clip [${lo}, ${hi}] is empty`);
    r.clip = [lo, hi];
  }
  const lengths = [r.shift, r.divisor, r.factor, r.offset, r.constant].filter((a) => a !== null).map((a) => a!.length);
  const wide = lengths.filter((n) => n > 1);
  if (wide.some((n) => n !== wide[0])) throw new Error(`scale: the per-element parameters have different lengths (${wide.join(", ")})`);
  r.width = wide[0] ?? 1;
  return r;
}

function at(xs: readonly (number | null)[], i: number): number | null {
  return xs.length === 1 ? xs[0]! : xs[i]!;
}

/** The reference formula for element i. */
function scaleOne(r: Resolved, x: number, i: number): number {
  const c = r.constant === null ? null : at(r.constant, i);
  if (c !== null) return r.keepNaN && Number.isNaN(x) ? NaN : c;
  const steps = r.float32 === "steps";
  const round = steps ? f32 : (v: number) => v;
  let y = round(x);
  if (r.shift !== null) y = round(y - at(r.shift, i)!);
  if (r.divisor !== null) y = round(y / at(r.divisor, i)!);
  if (r.factor !== null) y = round(y * at(r.factor, i)!);
  if (r.offset !== null) y = round(y + at(r.offset, i)!);
  if (r.float32 === "result") y = f32(y);
  if (r.clip !== null) y = y < r.clip[0] ? r.clip[0] : y > r.clip[1] ? r.clip[1] : y;
  return y;
}

export const scale = defineOp<ScaleParams>({
  name: "scale",
  summary: "affine map per element: ((x − shift) / divisor) · factor + offset (standard, min-max, max-abs scalers; ONNX Scaler)",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`scale takes one column, found ${inputs.length}`);
    const t = inputs[0]!;
    checkMissingPolicy(params.missing, "scale");
    const size = numberOrVector("scale", t);
    const r = resolve(params, size);
    const out = size === "number" ? DOUBLE : vector(size ?? (r.width > 1 ? r.width : null));
    return [outputWithMissing(out, t, params.missing)];
  },
  evaluate(params, inputs, types) {
    const t = types[0]!;
    const size = numberOrVector("scale", t);
    const r = resolve(params, size);
    return [
      evaluateWithMissing("scale", inputs[0], params.missing, (v) => {
        if (!Array.isArray(v)) return scaleOne(r, num(v), 0);
        const xs = v as number[];
        if (r.width > 1 && xs.length !== r.width) throw new MissingValueError(`scale: a vector of ${xs.length} elements, expected ${r.width}`);
        return xs.map((x, i) => scaleOne(r, x, i));
      }),
    ];
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const size = numberOrVector("scale", t);
    const r = resolve(params, size);
    const i = ctx.symbol("i");
    const x = ctx.symbol("x");
    // A parameter's value for element i: a literal when one value serves all, else the cell's element.
    const param = (hint: string, xs: readonly number[] | null): ((idx: JsonValue) => JsonValue) | null => {
      if (xs === null) return null;
      if (xs.length === 1) return () => doubleExpr(xs[0]!);
      const cell = ctx.cell(`scale_${hint}`, ARRAY_DOUBLE, xs.map(doubleData));
      return (idx) => ({ cell, path: [idx] });
    };
    const shift = param("shift", r.shift);
    const divisor = param("divisor", r.divisor);
    const factor = param("factor", r.factor);
    const offset = param("offset", r.offset);
    let constant: ((idx: JsonValue) => JsonValue) | null = null;
    if (r.constant !== null) {
      const cs = r.constant;
      if (cs.length === 1) constant = cs[0] === null ? null : () => doubleExpr(cs[0]!);
      else {
        const cell = ctx.cell("scale_constant", { type: "array", items: ["null", "double"] }, cs.map((c) => (c === null ? null : { double: doubleData(c) })));
        constant = (idx) => ({ cell, path: [idx] });
      }
    }
    const steps = r.float32 === "steps";
    const round = (e: JsonValue): JsonValue => (steps ? f32Expr(e) : e);
    // The body for one element, as an expression of the element `v` (a double) and its index `idx`.
    const body = (v: JsonValue, idx: JsonValue): JsonValue => {
      let y: JsonValue = round(v);
      if (shift !== null) y = round({ "-": [y, shift(idx)] });
      if (divisor !== null) y = round({ "/": [y, divisor(idx)] });
      if (factor !== null) y = round({ "*": [y, factor(idx)] });
      if (offset !== null) y = round({ "+": [y, offset(idx)] });
      if (r.float32 === "result") y = f32Expr(y);
      if (r.float32 !== "none") y = { "cast.double": y };
      if (r.clip !== null) {
        const yv = ctx.symbol("y");
        const [lo, hi] = r.clip;
        y = {
          do: [
            { let: { [yv]: y } },
            { cond: [{ if: { "<": [yv, doubleExpr(lo)] }, then: doubleExpr(lo) }, { if: ieeeLess(doubleExpr(hi), yv, true), then: doubleExpr(hi) }], else: yv },
          ],
        };
      }
      if (constant !== null) {
        if (r.constant!.length === 1) {
          const c = constant(idx);
          return r.keepNaN ? { if: { "impute.isnan": v }, then: v, else: c } : c;
        }
        const c = ctx.symbol("c");
        return { ifnotnull: { [c]: constant(idx) }, then: r.keepNaN ? { if: { "impute.isnan": v }, then: v, else: c } : c, else: y };
      }
      return y;
    };
    return [
      lowerWithMissing("scale", inputs[0]!, t, params.missing, ctx, (v) => {
        if (size === "number") return body(asDoubleExpr(v, t), 0);
        const mapped: JsonValue = { "a.mapWithIndex": [v, { params: [{ [i]: "int" }, { [x]: "double" }], ret: "double", do: [body(x, i)] }] };
        return size === null && r.width > 1 ? lengthGuard(v, r.width, `scale: the input vector does not have ${r.width} elements`, mapped) : mapped;
      }),
    ];
  },
  arbitrary(random) {
    const isVector = random() < 0.7;
    const n = randomInt(random, 1, 4);
    const knownSize = random() < 0.85;
    let input: IRType = isVector ? vector(knownSize ? n : null) : randomNumericType(random);
    if (random() < 0.3) input = nullable(input);
    const width = isVector && (knownSize || random() < 0.5) ? n : 1;
    const values = (f: () => number): Real[] => Array.from({ length: random() < 0.3 ? 1 : width }, () => toReal(f()));
    const maybe = (f: () => number, p = 0.6): Real[] | null => (random() < p ? values(f) : null);
    const nonZero = () => {
      const x = randomDouble(random);
      return x === 0 ? 1 : x;
    };
    const float32 = pick(random, ["none", "none", "steps", "result"] as const);
    const params: ScaleParams = {
      shift: maybe(() => randomDouble(random)),
      divisor: maybe(nonZero, 0.3),
      factor: maybe(() => (random() < 0.1 ? 0 : randomDouble(random))),
      offset: maybe(() => randomDouble(random), 0.4),
      constant: random() < 0.25 ? Array.from({ length: random() < 0.3 ? 1 : width }, () => (random() < 0.5 ? null : randomDouble(random))) : null,
      constantNaN: pick(random, ["keep", "replace"] as const),
      clip: random() < 0.2 ? [-1, 1] : null,
      float32,
      missing: pick(random, ["error", "propagate"] as const),
    };
    return { params, inputs: [input] };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.15) return [null];
    const size = numberOrVector("scale", t);
    const anchors = params.shift === null ? [0] : reals(params.shift, "shift");
    if (size === "number") return [randomNumberOf(t, random, anchors)];
    const width = Math.max(
      1,
      ...[params.shift, params.divisor, params.factor, params.offset, params.constant].map((a) => (a === null ? 1 : a.length)),
    );
    const n = size ?? width;
    return [Array.from({ length: n }, () => randomNumberOf(DOUBLE, random, anchors))];
  },
});
