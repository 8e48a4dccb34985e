/**
 * normalize: a vector divided by its norm; a vector whose norm is 0 comes out unchanged (every
 * format does this; a NaN norm is not 0, so it gives NaNs).
 *
 * - Spark Normalizer and MLeap normalizer: norm "p" with p (default 2): p = 1 is Σ|x|, p = 2 is
 *   √Σx² (summed in order), p = ∞ is max |x| (NaN elements skipped, as Spark's `value > max` loop
 *   does), any other p ≥ 1 is (Σ|x|^p)^(1/p); each element divided by the norm (form "divide").
 * - ONNX Normalizer, as onnxruntime computes it, in float32: L1 is norm "p", p = 1, form "divide";
 *   L2 is norm "p", p = 2, form "sqrtRatio" (sign(x)·√(x²/Σx²), the squares rounded to float32);
 *   MAX is norm "max": the largest element, SIGNED, not the largest absolute value (NaN skipped,
 *   starting from the lowest float), form "divide". The ONNX reference implementation uses max |x| for
 *   MAX (norm "p", p = ∞): the reader chooses.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { type IRType, describeType, nonNull, nullable, vector } from "../types.js";
import { pick } from "./common.js";
import {
  type MissingPolicy,
  type Real,
  checkMissingPolicy,
  doubleExpr,
  evaluateWithMissing,
  f32,
  f32Expr,
  ieeeLess,
  lowerWithMissing,
  outputWithMissing,
  randomDouble,
  randomInt,
  real,
} from "./feature-util.js";

export interface NormalizeParams {
  /** "p": the p-norm; "max": the largest element, signed (onnxruntime's MAX). */
  norm: "p" | "max";
  /** For norm "p": p ≥ 1, or "Infinity" (Spark's default is 2). Ignored for "max". */
  p: Real;
  /**
   * How each element is divided: "divide" x / norm (Spark, MLeap, onnxruntime's L1 and MAX);
   * "reciprocal" x · (1 / norm); "sqrtRatio" sign(x)·√(x² / Σx²) (onnxruntime's L2; needs p = 2).
   */
  form: "divide" | "reciprocal" | "sqrtRatio";
  /** onnxruntime's float32 arithmetic: every element, square, partial sum and result rounded to float32 (p must be 1 or 2, or norm "max"). */
  float32: boolean;
  /** A missing input: an error or a missing output. */
  missing: MissingPolicy;
}

const FLOAT_LOWEST = -3.4028234663852886e38;

function resolve(params: NormalizeParams): { p: number; maxSigned: boolean } {
  if (params.norm !== "p" && params.norm !== "max") throw new Error(`normalize: norm must be "p" or "max", found ${JSON.stringify(params.norm)}`);
  if (!["divide", "reciprocal", "sqrtRatio"].includes(params.form)) throw new Error(`normalize: form must be divide, reciprocal or sqrtRatio, found ${JSON.stringify(params.form)}`);
  checkMissingPolicy(params.missing, "normalize");
  const maxSigned = params.norm === "max";
  const p = maxSigned ? Infinity : real(params.p, "normalize: p");
  if (!maxSigned && !(p >= 1)) throw new Error(`normalize: p must be at least 1, found ${p}`);
  if (params.form === "sqrtRatio" && (maxSigned || p !== 2)) throw new Error('normalize: form "sqrtRatio" is the L2 norm (p = 2)');
  if (params.float32 && !maxSigned && p !== 1 && p !== 2) throw new Error(`normalize: float32 arithmetic is defined for p = 1, p = 2 and norm "max", found p = ${p}`);
  return { p, maxSigned };
}

function normalizeValues(params: NormalizeParams, xs: readonly number[]): number[] {
  const { p, maxSigned } = resolve(params);
  const r = params.float32 ? f32 : (v: number) => v;
  let norm: number;
  let squares: number[] | null = null;
  if (maxSigned) {
    norm = params.float32 ? FLOAT_LOWEST : -Number.MAX_VALUE;
    for (const x of xs) {
      const v = r(x);
      if (norm < v) norm = v;
    }
  } else if (p === 1) {
    norm = 0;
    for (const x of xs) norm = r(norm + r(Math.abs(x)));
  } else if (p === 2) {
    squares = xs.map((x) => r(x * x));
    norm = 0;
    for (const s of squares) norm = r(norm + s);
    if (params.form !== "sqrtRatio") norm = r(Math.sqrt(norm));
  } else if (p === Infinity) {
    norm = 0;
    for (const x of xs) {
      const v = Math.abs(x);
      if (v > norm) norm = v;
    }
  } else {
    norm = 0;
    for (const x of xs) norm += Math.pow(Math.abs(x), p);
    norm = Math.pow(norm, 1 / p);
  }
  if (norm === 0) return xs.map(r);
  switch (params.form) {
    case "divide":
      return xs.map((x) => r(r(x) / norm));
    case "reciprocal": {
      const inv = r(1 / norm);
      return xs.map((x) => r(r(x) * inv));
    }
    case "sqrtRatio":
      return xs.map((x, i) => {
        const y = r(Math.sqrt(r(squares![i]! / norm)));
        return x < 0 ? -y : y;
      });
  }
}

export const normalize = defineOp<NormalizeParams>({
  name: "normalize",
  summary: "divide a vector by its norm (Spark/MLeap Normalizer, ONNX Normalizer)",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`normalize takes one column, found ${inputs.length}`);
    const t = inputs[0]!;
    const n = nonNull(t);
    if (n.kind !== "vector") throw new Error(`normalize takes a vector, found ${describeType(t)}`);
    resolve(params);
    return [outputWithMissing(vector(n.size), t, params.missing)];
  },
  evaluate(params, inputs) {
    return [evaluateWithMissing("normalize", inputs[0], params.missing, (v) => normalizeValues(params, v as number[]))];
  },
  lower(params, inputs, types, ctx) {
    const { p, maxSigned } = resolve(params);
    const t = types[0]!;
    const fl = params.float32;
    const r = (e: JsonValue): JsonValue => (fl ? f32Expr(e) : e);
    const d = (e: JsonValue): JsonValue => (fl ? { "cast.double": e } : e);
    const x = ctx.symbol("x");
    const v = ctx.symbol("v");
    const acc = ctx.symbol("acc");
    const norm = ctx.symbol("norm");
    const sq = ctx.symbol("squares");
    const i = ctx.symbol("i");
    const fcn1 = (param: string, body: JsonValue): JsonValue => ({ params: [{ [param]: "double" }], ret: "double", do: [body] });
    const fold = (arr: JsonValue, zero: JsonValue, step: (acc: string, v: string) => JsonValue): JsonValue => ({
      "a.fold": [arr, zero, { params: [{ [acc]: "double" }, { [v]: "double" }], ret: "double", do: [step(acc, v)] }],
    });
    const stmts: JsonValue[] = [];
    let normExpr: JsonValue;
    if (maxSigned) {
      // the largest element, NaN skipped (a NaN never replaces the running maximum)
      normExpr = fold(x, doubleExpr(fl ? FLOAT_LOWEST : -Number.MAX_VALUE), (m, e) => ({ if: ieeeLess(m, d(r(e)), true), then: d(r(e)), else: m }));
    } else if (p === 1) {
      normExpr = fl ? fold(x, doubleExpr(0), (s, e) => d(r({ "+": [s, r({ "m.abs": e })] }))) : { "a.sum": [{ "a.map": [x, fcn1(v, { "m.abs": v })] }] };
    } else if (p === 2) {
      if (fl || params.form === "sqrtRatio") {
        stmts.push({ let: { [sq]: { "a.map": [x, fcn1(v, d(r({ "*": [v, v] })))] } } });
        const sum = fl ? fold(sq, doubleExpr(0), (s, e) => d(r({ "+": [s, e] }))) : { "a.sum": [sq] };
        normExpr = params.form === "sqrtRatio" ? sum : d(r({ "m.sqrt": sum }));
      } else {
        normExpr = { "m.sqrt": { "a.sum": [{ "a.map": [x, fcn1(v, { "*": [v, v] })] }] } };
      }
    } else if (p === Infinity) {
      // max |x|, NaN skipped, starting from 0
      normExpr = fold(x, doubleExpr(0), (m, e) => ({ if: ieeeLess(m, { "m.abs": e }, true), then: { "m.abs": e }, else: m }));
    } else {
      normExpr = { "**": [{ "a.sum": [{ "a.map": [x, fcn1(v, { "**": [{ "m.abs": v }, doubleExpr(p)] })] }] }, doubleExpr(1 / p)] };
    }
    stmts.push({ let: { [norm]: normExpr } });
    let scaled: JsonValue;
    switch (params.form) {
      case "divide":
        scaled = { "a.map": [x, fcn1(v, d(r({ "/": [r(v), norm] })))] };
        break;
      case "reciprocal": {
        const inv = ctx.symbol("inverse");
        stmts.push({ let: { [inv]: d(r({ "/": [doubleExpr(1), norm] })) } });
        scaled = { "a.map": [x, fcn1(v, d(r({ "*": [r(v), inv] })))] };
        break;
      }
      case "sqrtRatio": {
        const y = ctx.symbol("y");
        scaled = {
          "a.mapWithIndex": [
            x,
            {
              params: [{ [i]: "int" }, { [v]: "double" }],
              ret: "double",
              do: [{ let: { [y]: d(r({ "m.sqrt": d(r({ "/": [{ attr: sq, path: [i] }, norm] })) })) } }, { if: { "<": [v, doubleExpr(0)] }, then: { "u-": y }, else: y }],
            },
          ],
        };
        break;
      }
    }
    const unchanged: JsonValue = fl ? { "a.map": [x, fcn1(v, d(r(v)))] } : x;
    stmts.push({ if: { "!=": [norm, doubleExpr(0)] }, then: scaled, else: unchanged });
    return [
      lowerWithMissing("normalize", inputs[0]!, t, params.missing, ctx, (e) => ({
        do: [{ let: { [x]: e } }, ...stmts],
      })),
    ];
  },
  arbitrary(random) {
    const kind = pick(random, ["spark", "spark", "onnxL1", "onnxL2", "onnxMax", "reciprocal"] as const);
    let params: NormalizeParams;
    switch (kind) {
      case "spark":
        params = { norm: "p", p: pick(random, [1, 2, 2, "Infinity", 3, 1.5] as Real[]), form: "divide", float32: false, missing: "error" };
        break;
      case "onnxL1":
        params = { norm: "p", p: 1, form: "divide", float32: true, missing: "error" };
        break;
      case "onnxL2":
        params = { norm: "p", p: 2, form: "sqrtRatio", float32: random() < 0.8, missing: "error" };
        break;
      case "onnxMax":
        params = { norm: "max", p: 1, form: "divide", float32: random() < 0.8, missing: "error" };
        break;
      case "reciprocal":
        params = { norm: "p", p: pick(random, [1, 2] as Real[]), form: "reciprocal", float32: random() < 0.3, missing: "error" };
        break;
    }
    params.missing = pick(random, ["error", "propagate"] as const);
    let input: IRType = vector(random() < 0.8 ? randomInt(random, 1, 5) : null);
    if (random() < 0.3) input = nullable(input);
    return { params, inputs: [input] };
  },
  arbitraryInputs(_params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.15) return [null];
    const n = nonNull(t);
    const size = n.kind === "vector" && n.size !== null ? n.size : randomInt(random, 0, 4);
    const r = random();
    const value = () => {
      const s = random();
      if (s < 0.03) return pick(random, [NaN, Infinity, -Infinity]);
      if (s < 0.25) return 0;
      return randomDouble(random);
    };
    // all zeros sometimes (the norm-0 case), all negative sometimes (the signed max)
    if (r < 0.15) return [Array.from({ length: size }, () => 0)];
    if (r < 0.3) return [Array.from({ length: size }, () => -Math.abs(randomDouble(random)) - 0.5)];
    return [Array.from({ length: size }, value)];
  },
});
