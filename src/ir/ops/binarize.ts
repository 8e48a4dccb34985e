/**
 * binarize: 1 where a number (or each element of a vector) is strictly greater than a threshold, else 0.
 * Spark Binarizer (threshold default 0.0), MLeap binarizer and sklearn_binarizer, ONNX Binarizer.
 * NaN is not greater than anything, so it gives 0 (Spark, MLeap); onnxruntime refuses a NaN input
 * (`nan: "error"`). For float32 sources the reader passes the threshold as its float32 value, which
 * compares the same in doubles.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, type IRType, nullable, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import {
  type MissingPolicy,
  type Real,
  asDoubleExpr,
  checkMissingPolicy,
  doubleExpr,
  evaluateWithMissing,
  ieeeLess,
  lowerWithMissing,
  num,
  numberOrVector,
  outputWithMissing,
  randomDouble,
  randomInt,
  randomNumberOf,
  randomNumericType,
  real,
  toReal,
} from "./feature-util.js";

export interface BinarizeParams {
  /** x > threshold gives 1, else 0. */
  threshold: Real;
  /** A NaN input (or element): "zero" (NaN > t is false: Spark, MLeap) or "error" (onnxruntime refuses it). */
  nan: "zero" | "error";
  /** A missing input: an error or a missing output. */
  missing: MissingPolicy;
}

function check(params: BinarizeParams): number {
  if (params.nan !== "zero" && params.nan !== "error") throw new Error(`binarize: nan must be "zero" or "error", found ${JSON.stringify(params.nan)}`);
  checkMissingPolicy(params.missing, "binarize");
  const t = real(params.threshold, "binarize: threshold");
  if (Number.isNaN(t)) throw new Error("binarize: the threshold is NaN");
  return t;
}

export const binarize = defineOp<BinarizeParams>({
  name: "binarize",
  summary: "1 where x > threshold, else 0 (numbers or vectors element-wise)",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`binarize takes one column, found ${inputs.length}`);
    const t = inputs[0]!;
    check(params);
    const size = numberOrVector("binarize", t);
    return [outputWithMissing(size === "number" ? DOUBLE : vector(size), t, params.missing)];
  },
  evaluate(params, inputs) {
    const threshold = check(params);
    const one = (x: number): number => {
      if (Number.isNaN(x) && params.nan === "error") throw new MissingValueError("binarize: a NaN input");
      return x > threshold ? 1 : 0;
    };
    return [evaluateWithMissing("binarize", inputs[0], params.missing, (v) => (Array.isArray(v) ? (v as number[]).map(one) : one(num(v))))];
  },
  lower(params, inputs, types, ctx) {
    const threshold = check(params);
    const t = types[0]!;
    const size = numberOrVector("binarize", t);
    const one = (x: JsonValue, mayBeNaN: boolean): JsonValue => {
      const test: JsonValue = { if: ieeeLess(doubleExpr(threshold), x, mayBeNaN), then: doubleExpr(1), else: doubleExpr(0) };
      return params.nan === "error" && mayBeNaN ? { if: { "impute.isnan": x }, then: { error: "binarize: a NaN input" }, else: test } : test;
    };
    return [
      lowerWithMissing("binarize", inputs[0]!, t, params.missing, ctx, (v) => {
        if (size !== "number") {
          const x = ctx.symbol("x");
          return { "a.map": [v, { params: [{ [x]: "double" }], ret: "double", do: [one(x, true)] }] };
        }
        const k = t.kind === "nullable" ? t.inner.kind : t.kind;
        return one(asDoubleExpr(v, t), k === "double" || k === "float");
      }),
    ];
  },
  arbitrary(random) {
    let input: IRType = random() < 0.5 ? vector(random() < 0.8 ? randomInt(random, 1, 4) : null) : randomNumericType(random);
    if (random() < 0.3) input = nullable(input);
    return {
      params: { threshold: toReal(random() < 0.2 ? 0 : randomDouble(random)), nan: pick(random, ["zero", "error"] as const), missing: pick(random, ["error", "propagate"] as const) },
      inputs: [input],
    };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.15) return [null];
    const anchors = [real(params.threshold, "")];
    const size = numberOrVector("binarize", t);
    if (size === "number") return [randomNumberOf(t, random, anchors)];
    return [Array.from({ length: size ?? randomInt(random, 0, 3) }, () => randomNumberOf(DOUBLE, random, anchors))];
  },
});
