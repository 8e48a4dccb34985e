/**
 * oneHot: a category to a vector with a one at its position (Spark's OneHotEncoder of 2.x and
 * OneHotEncoderModel of 3.x, MLeap's one_hot_encoder, ONNX's OneHotEncoder, and PMML's NormDiscrete as
 * the case of one category).
 *
 * The positions are the categories in order, then (with `handleInvalid: "keep"`) one for every invalid
 * value; `dropLast` removes the last position. A value whose position is not in the vector (the
 * dropped one, or an invalid value under "zeros") gives all zeros.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, INT, LONG, STRING, describeType, isNullable, isNumeric, nonNull, nullable, type IRType, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import { dbl, oneHotFcn, withValue, zerosFcn } from "./text-util.js";

/** What the categories are, and how an input value finds its category. */
export type OneHotCategories =
  /**
   * Category indexes 0 to count-1 of a numeric input (Spark, MLeap: `categorySizes[i]`, or the
   * nominal size of the upstream column for Spark 2.x). A value x is valid when 0 <= x < count, and its
   * position is x toward zero (Spark: `label >= 0 && label < size`, then `label.toInt`).
   */
  | { kind: "index"; count: number }
  /** String categories (ONNX `cats_strings`, PMML NormDiscrete `value` on a string field): exact match. */
  | { kind: "string"; values: string[] }
  /**
   * Numeric categories: "exact" matches x == value (PMML NormDiscrete on a numeric field); "truncate"
   * first converts x to an integer toward zero (ONNX `cats_int64s`: the input is cast to int64; NaN and
   * infinities match nothing).
   */
  | { kind: "number"; values: number[]; match: "exact" | "truncate" };

export interface OneHotParams {
  categories: OneHotCategories;
  /** Drop the last position (Spark, MLeap: `dropLast`, default true; ONNX and PMML: false). */
  dropLast: boolean;
  /**
   * A value that is not a category: "error" refuses the row (Spark 3's default; ONNX `zeros=0`);
   * "keep" gives it the position after the categories (Spark 3, MLeap "keep"); "zeros" gives all
   * zeros (ONNX `zeros=1`, PMML NormDiscrete, Spark 2.x's OneHotEncoder for indexes at or above its
   * size; Spark 2.x fails on negative indexes, which its upstream indexers never produce).
   */
  handleInvalid: "error" | "keep" | "zeros";
  /**
   * A missing value: "error" refuses the row; "null" gives a missing vector (Spark's UDF on a null
   * index); "invalid" treats it as an invalid value; "fill" gives `fillValue` in every position
   * (PMML NormDiscrete `mapMissingTo`; without it PMML gives a missing value, "null").
   */
  missing: "error" | "null" | "invalid" | "fill";
  /** The value of every position for a missing input, with `missing: "fill"`. */
  fillValue?: number;
}

function categoryCount(c: OneHotCategories): number {
  return c.kind === "index" ? c.count : c.values.length;
}

/** The output length. */
function outputSize(p: OneHotParams): number {
  return categoryCount(p.categories) + (p.handleInvalid === "keep" ? 1 : 0) - (p.dropLast ? 1 : 0);
}

/** The category position of a present value, or -1 when it is not a category. */
function position(c: OneHotCategories, v: unknown): number {
  switch (c.kind) {
    case "index": {
      const x = Number(v);
      return x >= 0 && x < c.count ? Math.floor(x) : -1;
    }
    case "string":
      return c.values.indexOf(v as string);
    case "number": {
      let x = Number(v);
      if (c.match === "truncate") x = Number.isFinite(x) ? Math.trunc(x) : NaN;
      return c.values.findIndex((y) => y === x);
    }
  }
}

export const oneHot = defineOp<OneHotParams>({
  name: "oneHot",
  summary: "one-hot vector of a category",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`oneHot takes one column, found ${inputs.length}`);
    const c = params.categories;
    const t = inputs[0]!;
    if (c.kind === "index") {
      if (!Number.isInteger(c.count) || c.count < 0) throw new Error(`oneHot: the category count must be a whole number >= 0, found ${String(c.count)}`);
    } else if (c.kind === "string" || c.kind === "number") {
      if (!Array.isArray(c.values) || c.values.some((v) => typeof v !== (c.kind === "string" ? "string" : "number"))) throw new Error(`oneHot: the categories must be ${c.kind}s`);
      const values: readonly unknown[] = c.values;
      if (new Set(values).size !== values.length || values.some((v) => Number.isNaN(v))) throw new Error("oneHot: the categories must be distinct (and not NaN)");
      if (c.kind === "number" && c.match === "truncate" && c.values.some((v) => !Number.isSafeInteger(v))) throw new Error("oneHot: integer categories (cats_int64s) must be whole numbers within 2^53");
      if (c.kind === "number" && c.match !== "exact" && c.match !== "truncate") throw new Error(`oneHot: match must be exact or truncate, found ${String(c.match)}`);
    } else {
      throw new Error(`oneHot: unknown kind of categories ${String((c as { kind: unknown }).kind)}`);
    }
    if (c.kind === "string" ? nonNull(t).kind !== "string" : !isNumeric(t)) throw new Error(`oneHot with ${c.kind} categories takes a ${c.kind === "string" ? "string" : "number"}, found ${describeType(t)}`);
    if (!["error", "keep", "zeros"].includes(params.handleInvalid)) throw new Error(`oneHot: handleInvalid must be error, keep or zeros, found ${String(params.handleInvalid)}`);
    if (!["error", "null", "invalid", "fill"].includes(params.missing)) throw new Error(`oneHot: missing must be error, null, invalid or fill, found ${String(params.missing)}`);
    if (params.missing === "fill" && typeof params.fillValue !== "number") throw new Error("oneHot: missing: fill needs a fillValue");
    const size = outputSize(params);
    if (size < 0) throw new Error("oneHot: no categories to drop the last of");
    return [params.missing === "null" && isNullable(t) ? nullable(vector(size)) : vector(size)];
  },
  evaluate(params, inputs) {
    const size = outputSize(params);
    const v = inputs[0];
    let p: number;
    if (v === null || v === undefined) {
      if (params.missing === "error") throw new MissingValueError("oneHot: a missing value");
      if (params.missing === "null") return [null];
      if (params.missing === "fill") return [new Array<number>(size).fill(params.fillValue!)];
      p = -1;
    } else {
      p = position(params.categories, v);
    }
    if (p < 0) {
      if (params.handleInvalid === "error") throw new MissingValueError(`oneHot: ${v === null || v === undefined ? "a missing value" : `invalid category ${String(v)}`}`);
      p = params.handleInvalid === "keep" ? categoryCount(params.categories) : -1;
    }
    const out = new Array<number>(size).fill(0);
    if (p >= 0 && p < size) out[p] = 1;
    return [out];
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const c = params.categories;
    const size = outputSize(params);
    const n = categoryCount(c);
    const invalid: JsonValue = params.handleInvalid === "error" ? { error: "oneHot: invalid category" } : params.handleInvalid === "keep" ? n : -1;
    const encode = (i: JsonValue): JsonValue => ({ [oneHotFcn(ctx)]: [i, size] });

    // The category position of a present value, or `invalid`.
    let positionOf: (x: JsonValue) => JsonValue;
    switch (c.kind) {
      case "index":
        positionOf = (x) =>
          withValue(ctx, nonNull(t).kind === "double" ? x : { "cast.double": x }, "x", (d): JsonValue => ({
            if: { "&&": [{ ">=": [d, dbl(0)] }, { "<": [d, dbl(c.count)] }] },
            then: { "cast.int": { "m.floor": d } },
            else: invalid,
          }));
        break;
      case "string": {
        const init: Record<string, JsonValue> = {};
        c.values.forEach((v, i) => (init[v] = i));
        const cell = ctx.cell("categories", { type: "map", values: "int" }, init);
        positionOf = (x) =>
          withValue(ctx, x, "x", (s): JsonValue => ({ if: { "map.containsKey": [{ cell }, s] }, then: { cell, path: [s] }, else: invalid }));
        break;
      }
      case "number": {
        const cell = ctx.cell("categories", { type: "array", items: "double" }, c.values.map(dbl));
        positionOf = (x) => {
          const d0: JsonValue = nonNull(t).kind === "double" ? x : { "cast.double": x };
          return withValue(ctx, d0, "x", (d): JsonValue => {
            // Toward zero: floor above 0, ceil below (NaN and infinities stay as they are and match nothing).
            const key: JsonValue = c.match === "exact" ? d : { if: { ">=": [d, dbl(0)] }, then: { "m.floor": d }, else: { "m.ceil": d } };
            const p = ctx.symbol("p");
            return { do: [{ let: { [p]: { "a.index": [{ cell }, key] } } }, { if: { ">=": [p, 0] }, then: p, else: invalid }] };
          });
        };
        break;
      }
    }

    if (!isNullable(t)) return [encode(positionOf(inputs[0]!))];
    const v = ctx.symbol("v");
    let whenMissing: JsonValue;
    switch (params.missing) {
      case "error":
        whenMissing = { error: "oneHot: a missing value" };
        break;
      case "null":
        whenMissing = null;
        break;
      case "invalid":
        whenMissing = params.handleInvalid === "error" ? { error: "oneHot: a missing value" } : encode(invalid);
        break;
      case "fill":
        whenMissing = { "a.map": [{ [zerosFcn(ctx)]: [size] }, { params: [{ [ctx.symbol("z")]: "double" }], ret: "double", do: dbl(params.fillValue!) }] };
        break;
    }
    return [{ ifnotnull: { [v]: inputs[0]! }, then: encode(positionOf(v)), else: whenMissing }];
  },
  arbitrary(random) {
    const kind = pick(random, ["index", "index", "string", "number"] as const);
    let categories: OneHotCategories;
    let t: IRType;
    if (kind === "index") {
      categories = { kind, count: Math.floor(random() * 6) };
      t = pick(random, [DOUBLE, DOUBLE, INT, LONG]);
    } else if (kind === "string") {
      categories = { kind, values: ["a", "b", "setosa", "x y", "", "Ünïcode"].filter(() => random() < 0.6) };
      t = STRING;
    } else {
      const match = pick(random, ["exact", "truncate"] as const);
      const values = (match === "exact" ? [0, 1, 2.5, -3, 7, 100.25] : [0, 1, 2, -3, 7, 100]).filter(() => random() < 0.6);
      categories = { kind, values, match };
      t = pick(random, [DOUBLE, INT]);
    }
    const handleInvalid = pick(random, ["error", "keep", "zeros"] as const);
    const missing = pick(random, ["error", "null", "invalid", "fill"] as const);
    let dropLast = random() < 0.5;
    if (categoryCount(categories) + (handleInvalid === "keep" ? 1 : 0) === 0) dropLast = false;
    const params: OneHotParams = { categories, dropLast, handleInvalid, missing };
    if (missing === "fill") params.fillValue = pick(random, [0, 1, -1, 0.5, NaN]);
    return { params, inputs: [random() < 0.4 ? nullable(t) : t] };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (isNullable(t) && random() < 0.15) return [null];
    const c = params.categories;
    const kind = nonNull(t).kind;
    if (c.kind === "string") return [random() < 0.7 && c.values.length > 0 ? pick(random, c.values) : pick(random, ["zz", "A", "b "])];
    const candidates =
      c.kind === "index"
        ? [0, c.count - 1, c.count, -1, Math.floor(random() * c.count), -0.5, c.count - 0.5, 1.5, NaN, Infinity]
        : [...c.values, ...c.values.map((v) => v + 0.5), ...c.values.map((v) => v - 0.5), NaN, -Infinity, 0, -0];
    const x = pick(random, candidates);
    if (kind === "int" || kind === "long") return [Number.isFinite(x) ? Math.trunc(x) : 0];
    return [x];
  },
});
