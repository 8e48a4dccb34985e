/**
 * Pieces shared by the feature-transformer ops (scale, normContinuous, normalize, binarize, bucketize,
 * impute, valueMap, elementwiseProduct, polynomialExpand, interaction, project, vectorSlice):
 *
 * - numbers in parameters that may be non-finite (`Real`): JSON IR files cannot hold NaN or ±Infinity,
 *   so parameters accept them as the strings "NaN", "Infinity" and "-Infinity" as well;
 * - typed scalar values in parameters (`ScalarKind`): a bin value, a table entry, a replacement;
 * - cell data and literals for them (common.ts holds the literals themselves);
 * - the missing-value policy of ops that take one column, and its lowering;
 * - float32 arithmetic as onnxruntime does it (`f32`).
 */
import type { JsonValue } from "../../pfa/json-value.js";
import type { LowerContext } from "../op.js";
import { BOOLEAN, DOUBLE, FLOAT, INT, LONG, STRING, describeType, isNumeric, nonNull, type IRType } from "../types.js";
import { MissingValueError, doubleData, doubleLiteral, floatLiteral, pick } from "./common.js";

/** A number in op parameters; NaN and ±Infinity may also be written as "NaN", "Infinity", "-Infinity". */
export type Real = number | "NaN" | "Infinity" | "-Infinity";

export function real(v: Real | null | undefined, what: string): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  throw new Error(`${what}: expected a number, found ${JSON.stringify(v)}`);
}

export function reals(v: readonly Real[] | null | undefined, what: string): number[] {
  if (!Array.isArray(v)) throw new Error(`${what}: expected an array of numbers, found ${JSON.stringify(v)}`);
  return v.map((x, i) => real(x, `${what}[${i}]`));
}

/** A number as it should appear in IR parameters (non-finite numbers as their strings). */
export function toReal(x: number): Real {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}

// The literals and IEEE comparisons live in common.ts; re-exported under the names the feature ops import.
export { ARRAY_DOUBLE, asDoubleExpr, doubleData, doubleLiteral as doubleExpr, ieeeLess, ieeeLessEq } from "./common.js";

/** Rounding to float32, as a JavaScript function and as PFA. */
export const f32 = Math.fround;
export function f32Expr(e: JsonValue): JsonValue {
  return { "cast.float": e };
}

/** The values of a typed scalar (a bin value, a table entry, a replacement): one of the IR's scalar types. */
export type ScalarKind = "double" | "float" | "int" | "long" | "string" | "boolean";
/** A scalar of some `ScalarKind`: strings for "string", numbers (or Real strings) for numbers, booleans. */
export type Scalar = Real | string | boolean;

export const SCALAR_KINDS: readonly ScalarKind[] = ["double", "float", "int", "long", "string", "boolean"];

export function scalarType(kind: ScalarKind): IRType {
  switch (kind) {
    case "double":
      return DOUBLE;
    case "float":
      return FLOAT;
    case "int":
      return INT;
    case "long":
      return LONG;
    case "string":
      return STRING;
    case "boolean":
      return BOOLEAN;
  }
}

/** The scalar kind of an IR type, or null when it is not a scalar. */
export function scalarKindOf(t: IRType): ScalarKind | null {
  const k = nonNull(t).kind;
  return (SCALAR_KINDS as readonly string[]).includes(k) ? (k as ScalarKind) : null;
}

/** Checks and decodes a scalar parameter of a kind: the JavaScript value `evaluate` works with. */
export function scalarValue(kind: ScalarKind, v: Scalar, what: string): number | string | boolean {
  switch (kind) {
    case "string":
      if (typeof v !== "string") throw new Error(`${what}: expected a string, found ${JSON.stringify(v)}`);
      return v;
    case "boolean":
      if (typeof v !== "boolean") throw new Error(`${what}: expected a boolean, found ${JSON.stringify(v)}`);
      return v;
    case "int":
    case "long": {
      if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new Error(`${what}: expected an integer, found ${JSON.stringify(v)}`);
      if (kind === "int" && (v < -2147483648 || v > 2147483647)) throw new Error(`${what}: ${v} is out of the int range`);
      return v;
    }
    case "float":
      return f32(real(v as Real, what));
    case "double":
      return real(v as Real, what);
  }
}

/** A scalar as cell data. */
export function scalarData(kind: ScalarKind, v: number | string | boolean): JsonValue {
  if (kind === "double" || kind === "float") return doubleData(v as number);
  return v;
}

/** A scalar as a PFA literal expression. */
export function scalarExpr(kind: ScalarKind, v: number | string | boolean): JsonValue {
  switch (kind) {
    case "double":
      return doubleLiteral(v as number);
    case "float":
      return floatLiteral(v as number);
    case "int":
      return v as number;
    case "long":
      return { long: v as number };
    case "string":
      return { string: v as string };
    case "boolean":
      return v as boolean;
  }
}

/** Scalar equality as the formats' table lookups use it: numbers numerically with NaN equal to NaN. */
export function scalarEquals(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof a === "bigint") {
    if (typeof b !== "number" && typeof b !== "bigint") return false;
    const x = Number(a);
    const y = Number(b);
    return x === y || (Number.isNaN(x) && Number.isNaN(y));
  }
  return a === b;
}

/** A number of an IR value (int, long as number or bigint, float, double). */
export function num(v: unknown): number {
  return typeof v === "bigint" ? Number(v) : (v as number);
}

/** What an op that reads one column does with a missing value: raise an error, or give a missing output. */
export type MissingPolicy = "error" | "propagate";

export function checkMissingPolicy(p: unknown, what: string): MissingPolicy {
  if (p !== "error" && p !== "propagate") throw new Error(`${what}: missing must be "error" or "propagate", found ${JSON.stringify(p)}`);
  return p;
}

/** The output type of a one-column op: nullable when its input may be missing and missing values propagate. */
export function outputWithMissing(out: IRType, input: IRType, policy: MissingPolicy): IRType {
  return input.kind === "nullable" && policy === "propagate" ? { kind: "nullable", inner: out } : out;
}

/** The reference side of the policy: null in, null out or an error. */
export function evaluateWithMissing<T>(opName: string, v: unknown, policy: MissingPolicy, f: (v: unknown) => T): T | null {
  if (v === null || v === undefined) {
    if (policy === "error") throw new MissingValueError(`${opName}: a missing value`);
    return null;
  }
  return f(v);
}

/**
 * The PFA side of the policy: `body` receives an expression for the non-missing value (the input
 * itself when its type is not nullable).
 */
export function lowerWithMissing(opName: string, x: JsonValue, t: IRType, policy: MissingPolicy, ctx: LowerContext, body: (v: JsonValue) => JsonValue): JsonValue {
  if (t.kind !== "nullable") return body(x);
  const v = ctx.symbol("v");
  return { ifnotnull: { [v]: x }, then: body(v), else: policy === "error" ? { error: `${opName}: a missing value` } : null };
}

/** Checks that a column is a number or a vector; returns the vector size (null when unknown) or "number". */
export function numberOrVector(opName: string, t: IRType): number | null | "number" {
  const n = nonNull(t);
  if (n.kind === "vector") return n.size;
  if (isNumeric(n)) return "number";
  throw new Error(`${opName} takes a number or a vector, found ${describeType(t)}`);
}

/** Per-element parameters: length 1 (one value for every element) or the vector's length. */
export function checkBroadcast(opName: string, what: string, values: readonly number[], size: number | null | "number"): void {
  if (values.length === 0) throw new Error(`${opName}: ${what} is empty`);
  if (values.length === 1) return;
  if (size === "number") throw new Error(`${opName}: ${what} has ${values.length} values but the input is a number`);
  if (size !== null && size !== values.length) throw new Error(`${opName}: ${what} has ${values.length} values but the input vector has ${size}`);
}

/** PFA that raises `message` unless the vector `v` has `n` elements (for vectors of unknown size). */
export function lengthGuard(v: JsonValue, n: number, message: string, then: JsonValue): JsonValue {
  return { if: { "==": [{ "a.len": v }, n] }, then, else: { error: message } };
}

// ---------------------------------------------------------------------------------------------
// Random values for property tests

/** A random "interesting" double: small integers, fractions, magnitudes from 1e-3 to 1e3. */
export function randomDouble(random: () => number): number {
  const r = random();
  if (r < 0.15) return Math.round((random() - 0.5) * 10);
  if (r < 0.2) return 0;
  return (random() - 0.5) * 10 ** Math.floor(random() * 6 - 2);
}

/** A value near one of `anchors` (equal, just above, just below) or a random double; sometimes NaN or infinite. */
export function randomNear(random: () => number, anchors: readonly number[], specials = true): number {
  const r = random();
  if (specials && r < 0.04) return pick(random, [NaN, Infinity, -Infinity]);
  const finite = anchors.filter((a) => Number.isFinite(a));
  if (finite.length > 0 && r < 0.6) {
    const a = pick(random, finite);
    const s = random();
    if (s < 0.4) return a;
    if (s < 0.55) return a + Math.max(Math.abs(a), 1) * 1e-15;
    if (s < 0.7) return a - Math.max(Math.abs(a), 1) * 1e-15;
    if (s < 0.8 && a === 0) return -0;
    return a + (random() - 0.5) * 2;
  }
  return randomDouble(random);
}

export function randomInt(random: () => number, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

/** A random numeric IR type (double most often). */
export function randomNumericType(random: () => number): IRType {
  return pick(random, [DOUBLE, DOUBLE, DOUBLE, FLOAT, INT, LONG]);
}

/** A random value of a numeric type, near anchors. */
export function randomNumberOf(t: IRType, random: () => number, anchors: readonly number[], specials = true): number {
  const k = nonNull(t).kind;
  if (k === "int" || k === "long") {
    const x = randomNear(random, anchors.map(Math.round), false);
    const r = Math.round(x);
    return Object.is(r, -0) ? 0 : r;
  }
  const x = randomNear(random, anchors, specials);
  return k === "float" ? f32(x) : x;
}
