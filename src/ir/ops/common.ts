/** Pieces several ops share: the missing-value error, literals and cell data, IEEE comparisons, random choices for property tests. */
import { JsonDouble, type JsonValue } from "../../pfa/json-value.js";
import { nonNull, type IRType } from "../types.js";

/**
 * A row the model itself refuses (a missing value where the source raises an error). The reference
 * evaluator throws it; the PFA raises a user error at the same row; diff-score counts both as the
 * same outcome.
 */
export class MissingValueError extends Error {}

// ---------------------------------------------------------------------------------------------
// Literals and cell data

/** NaN as a PFA expression (JSON has no NaN). */
export function nanLiteral(): JsonValue {
  return { "/": [0.0, 0.0] };
}

/**
 * A double literal expression that stays a double when written (`2.0`, not `2`); non-finite values are
 * typed literals. The writer's own (src/writer/literals.ts, which imports nothing of the op registry).
 */
export { doubleLiteral } from "../../writer/literals.js";

/** A float literal expression (rounded to float32; non-finite values as typed literals). */
export function floatLiteral(x: number): JsonValue {
  const v = Math.fround(x);
  return Number.isFinite(v) ? { float: v } : { type: "float", value: doubleData(v) };
}

/** A number as a double expression (ints, longs and floats converted). */
export function asDoubleExpr(e: JsonValue, t: IRType): JsonValue {
  return nonNull(t).kind === "double" ? e : { "cast.double": e };
}

/** The Avro type array(double). */
export const ARRAY_DOUBLE = { type: "array", items: "double" };

/** A double as cell data: integral values keep a fraction (`2.0`), non-finite ones are "nan", "inf", "-inf" (the engine's embedded JSON). */
export function doubleData(x: number): JsonValue {
  if (Number.isFinite(x)) return Number.isInteger(x) ? new JsonDouble(x) : x;
  return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
}

// ---------------------------------------------------------------------------------------------
// IEEE 754 comparisons

/*
 * PFA's `<`, `<=`, `>`, `>=` follow the Avro sort order, in which NaN is above every number (so
 * `NaN > 1` is true), while the source formats compare as IEEE 754 does (every comparison with NaN is
 * false). `a < b` and `a <= b` agree with IEEE whenever `b` is not NaN, `a > b` and `a >= b` whenever
 * `a` is not NaN; these add the guard where that operand may be NaN. The guarded operand appears twice,
 * so pass a symbol or a cheap expression.
 */

function guarded(c: JsonValue, operand: JsonValue, mayBeNaN: boolean): JsonValue {
  return mayBeNaN ? { "&&": [c, { "!": { "impute.isnan": operand } }] } : c;
}

/** `a < b` as IEEE 754 says (false when either is NaN). */
export function ieeeLess(a: JsonValue, b: JsonValue, bMayBeNaN = true): JsonValue {
  return guarded({ "<": [a, b] }, b, bMayBeNaN);
}

/** `a <= b` as IEEE 754 says. */
export function ieeeLessEq(a: JsonValue, b: JsonValue, bMayBeNaN = true): JsonValue {
  return guarded({ "<=": [a, b] }, b, bMayBeNaN);
}

/** `a > b` as IEEE 754 says. */
export function ieeeGreater(a: JsonValue, b: JsonValue, aMayBeNaN = true): JsonValue {
  return guarded({ ">": [a, b] }, a, aMayBeNaN);
}

// ---------------------------------------------------------------------------------------------
// Property tests

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}
