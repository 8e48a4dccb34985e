/**
 * expr: the IR's small expression language (PMML's DerivedField / Apply / DefineFunction, and glue in
 * the other formats): typed constants, references to the step's input columns, casts, and the
 * application of PMML 4.4's built-in functions, with PMML's missing-value rules. One output column.
 *
 * Semantics (written from the PMML 4.4 "Built-in Functions" and "Transformations" pages):
 *
 * - Types: double, float, int (32-bit), long (64-bit), string, boolean. Numeric arguments meet at
 *   their common type (int < long < float < double): int + int is an int, int + double a double.
 *   Floating-point functions (exp, ln, trig, ...) give a double, or a float for a float argument.
 * - Missing values: a function with a missing argument returns missing, except isMissing and
 *   isNotMissing; `if` (a missing condition gives missing; only the branch taken is evaluated);
 *   `and`/`or` (Kleene's three-valued logic: false and missing = false, true or missing = true); the
 *   aggregates min/max/sum/avg/median/product, which ignore missing arguments (all missing gives
 *   missing); and concat, which concatenates the arguments present. Every argument is evaluated
 *   (the branches of `if` excepted), so an argument that refuses the row refuses it even when another
 *   one is missing.
 * - Apply's attributes: `mapMissingTo` (a missing argument: the function is not applied and this value
 *   is the result), `defaultValue` (the result, when the function gives missing), and
 *   `invalidValueTreatment` for invalid results: "returnInvalid" (the default: the row is refused),
 *   "asMissing" (the result is missing, then `defaultValue`), "asIs" (the value stands: NaN).
 * - Invalid results: integer division or modulo by zero; ln/log10/sqrt of a negative number, ln1p
 *   below -1, asin/acos outside [-1, 1], sin/cos/tan of an infinity, pow giving NaN from numbers (a
 *   negative base and a fractional exponent), floor/ceil/round of a number that is not finite or is
 *   beyond the long range, substring with startPos < 1 or length < 0, the normal distribution
 *   functions with sigma <= 0 and the quantiles outside [0, 1]. Where the value cannot stand (an
 *   integer division by zero, a rounding beyond the long range, a bad substring) "asIs" refuses the row.
 *   Floating-point division follows IEEE 754 (x/0 is infinite, 0/0 NaN), as the reference evaluators do.
 * - Numeric rules: `/` of two integers is integer division truncating toward zero, `modulo` is
 *   x - floor(x/y) * y (for integers, the result has the sign of y); `round` rounds half up (toward
 *   positive infinity), `rint` half to even; floor/ceil/round of a float or double give a long; pow
 *   gives a double. Aggregates of floats compute in double and round once. Integer overflow is an
 *   error (PFA's "int overflow" / "long overflow" runtime errors).
 *   Comparisons order numbers with NaN above every number (so NaN > 1, and min/max treat NaN as the
 *   largest value); equal/notEqual compare by value (NaN equals nothing); -0 equals 0.
 * - Strings count characters (Unicode code points), as XPath does: substring is 1-based;
 *   trimBlanks removes spaces, tabs, carriage returns and line feeds at both ends.
 * - formatNumber takes a constant printf pattern with one %d (an int or long, flags - and 0, a width)
 *   or %f (a number; flag -, a width, a precision, default 6; C's rounding, half to even on the exact
 *   binary value), with literal text around it.
 * - `mathContext: "float"` (PMML's x-mathContext="float", as XGBoost's PMML uses): every floating-point
 *   value is a float32: double inputs and constants are rounded to float, and each floating-point
 *   result is rounded to float (computed in double, then rounded, as Java does).
 * - matches and replace take a constant Java regular expression (what jpmml-evaluator runs:
 *   Matcher.find() and Matcher.replaceAll), translated into the PFA engine's `re` syntax for a subset
 *   whose meaning is the same (java-regex.ts; for replace, also the same matched spans), and replace a
 *   constant literal replacement (`\$` and `\\` for `$` and `\`); other patterns are refused.
 *
 * Not expressible, and refused by `outputTypes` with a message naming the function: formatDatetime
 * (jpmml-evaluator formats in the JVM's default time zone), the date functions dateDaysSinceYear,
 * dateSecondsSinceYear and dateSecondsSinceMidnight (the IR's dates and times are the `temporal` op's
 * numbers, which do not say whether they are a date, a time or a dateTime: the reader, which knows,
 * expands them into integer arithmetic), isValid/isNotValid (the reader must expand the field's valid
 * values), user-defined functions (the reader inlines DefineFunction bodies: they are parameterised
 * expressions).
 */
import { defineOp, type LowerContext } from "../op.js";
import { JsonDouble, type JsonValue } from "../../pfa/json-value.js";
import { describeType, nonNull, nullable, type IRType } from "../types.js";
import { MissingValueError } from "./common.js";
import {
  compareTotal,
  erf,
  erfc,
  formatPrintf,
  parsePrintf,
  roundHalfEven,
  roundHalfUp,
  stdNormalPdf,
  stdNormalQuantile,
  type PrintfSpec,
} from "./expr-math.js";
import { arbitraryExpr, arbitraryValue } from "./expr-arbitrary.js";
import { JavaRegexError, literalJavaReplacement, translateJavaRegex, type JavaRegex } from "./java-regex.js";

// ---------------------------------------------------------------------------------------------
// Parameters

/** The types an expression computes with. */
export type ExprKind = "double" | "float" | "int" | "long" | "string" | "boolean";

/**
 * A typed constant. `value` null is a missing constant. Doubles and floats may also be written
 * "NaN", "INF" and "-INF" (PMML's spelling; JSON has no such numbers); longs beyond 2^53 as decimal
 * strings; booleans as true/false or "true"/"false".
 */
export interface ExprConst {
  op: "const";
  type: ExprKind;
  value: number | string | boolean | null;
}

/** The step's input column number `index`. */
export interface ExprInput {
  op: "input";
  index: number;
  /** The value when the column is missing (PMML's FieldRef@mapMissingTo). */
  mapMissingTo?: ExprConst;
}

/** How an Apply treats an invalid result (PMML's Apply@invalidValueTreatment). */
export type InvalidValueTreatment = "returnInvalid" | "asMissing" | "asIs";

/** A built-in function applied to arguments (PMML's Apply, with its attributes). */
export interface ExprApply {
  op: "apply";
  /** The PMML 4.4 built-in function's name (`+`, `ln`, `isMissing`, `if`, ...; also `x-atan2`). */
  fn: string;
  args: Expr[];
  /** The result when an argument is missing (the function is then not applied). */
  mapMissingTo?: ExprConst;
  /** The result when the function gives a missing value. */
  defaultValue?: ExprConst;
  /** Default "returnInvalid". */
  invalidValueTreatment?: InvalidValueTreatment;
}

/**
 * A conversion: widening between numbers always; double or float to int or long only for whole
 * numbers in range, long to int only in range (otherwise the row is refused); boolean to a number as
 * 1 or 0; a number to boolean only from 1 or 0. Strings convert only to strings.
 */
export interface ExprCast {
  op: "cast";
  type: ExprKind;
  arg: Expr;
  /**
   * Double or float to int or long: "exact" (the default: PMML's conversions; a fraction refuses the
   * row) or "truncate" (toward zero, as Spark's and ONNX's casts do; NaN, infinities and values out of
   * range refuse the row).
   */
  rounding?: "exact" | "truncate";
}

/**
 * An invalid value: the row is refused with `reason` (PMML's returnInvalid where a reader knows the
 * input has no valid result: a category outside a contrast matrix, a missing value a model cannot
 * take). Typed `type`, to stand where a value of that type is expected (an `if` branch).
 */
export interface ExprInvalid {
  op: "invalid";
  type: ExprKind;
  reason: string;
}

export type Expr = ExprConst | ExprInput | ExprApply | ExprCast | ExprInvalid;

export interface ExprParams {
  expr: Expr;
  /**
   * The declared type of the result (PMML's DerivedField@dataType), converted to as by a cast;
   * default: the expression's own type. The output is nullable when the expression may be missing.
   */
  type?: ExprKind;
  /** "double" (the default) or "float" (x-mathContext="float": all floating-point values are float32). */
  mathContext?: "double" | "float";
}

// ---------------------------------------------------------------------------------------------
// Kinds and values

type Kind = ExprKind;
/** Values while evaluating: numbers for int/float/double, bigint for long. */
type Val = number | bigint | string | boolean | null;

const KINDS: readonly Kind[] = ["double", "float", "int", "long", "string", "boolean"];
const RANK: Record<string, number> = { int: 0, long: 1, float: 2, double: 3 };
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const TWO_63 = 2 ** 63;

function isNumeric(k: Kind): boolean {
  return k in RANK;
}
function isIntegral(k: Kind): boolean {
  return k === "int" || k === "long";
}
function isFloating(k: Kind): boolean {
  return k === "float" || k === "double";
}
function commonNumeric(ks: readonly Kind[]): Kind {
  return ks.reduce((a, b) => (RANK[a]! >= RANK[b]! ? a : b));
}

class Mode {
  constructor(readonly float: boolean) {}
  /** The kind of a double-precision result: float in float mode. */
  get dbl(): Kind {
    return this.float ? "float" : "double";
  }
  /** A declared kind as this mode computes it. */
  kind(k: Kind): Kind {
    return this.float && k === "double" ? "float" : k;
  }
  /** The kind of a floating-point function of `k`: float stays float, others give a double. */
  fp(k: Kind): Kind {
    return k === "float" ? "float" : this.dbl;
  }
}

function fail(message: string): never {
  throw new Error(`expr: ${message}`);
}

/** Whether a value of kind `from` converts to `to` at all (statically). */
function convertible(from: Kind, to: Kind): boolean {
  if (from === to) return true;
  if (from === "string" || to === "string") return false;
  return true;
}

/** Whether the conversion may refuse a row (narrowing to integers, numbers to booleans). */
function conversionMayFail(from: Kind, to: Kind): boolean {
  if (from === to) return false;
  if (to === "int") return from !== "boolean";
  if (to === "long") return isFloating(from);
  if (to === "boolean") return true;
  return false;
}

const REFUSED = Symbol("refused");

/** Converts a non-missing value; REFUSED when the value does not fit. */
function convertValue(v: Exclude<Val, null>, from: Kind, to: Kind, truncate = false): Exclude<Val, null> | typeof REFUSED {
  if (from === to) return v;
  if (truncate && isFloating(from) && isIntegral(to)) v = Math.trunc(v as number);
  if (from === "boolean") {
    const one = v === true;
    if (to === "long") return one ? 1n : 0n;
    return one ? 1 : 0;
  }
  if (to === "boolean") {
    if (from === "long") return v === 1n ? true : v === 0n ? false : REFUSED;
    return v === 1 ? true : v === 0 ? false : REFUSED;
  }
  switch (to) {
    case "double":
      return Number(v);
    case "float":
      return Math.fround(Number(v));
    case "long":
      if (from === "int") return BigInt(v as number);
      return Number.isInteger(v) && (v as number) >= -TWO_63 && (v as number) < TWO_63 ? BigInt(v as number) : REFUSED;
    case "int":
      if (from === "long") return (v as bigint) >= BigInt(INT_MIN) && (v as bigint) <= BigInt(INT_MAX) ? Number(v) : REFUSED;
      return Number.isInteger(v) && (v as number) >= INT_MIN && (v as number) <= INT_MAX ? (v as number) + 0 : REFUSED;
    default:
      return REFUSED;
  }
}

function conversionMessage(from: Kind, to: Kind, truncate = false): string {
  if (to === "boolean") return `a ${from} other than 0 or 1 does not convert to boolean`;
  if (truncate && isFloating(from)) return `the ${from} value is not finite or beyond the ${to} range`;
  return `the ${from} value is not a whole number within the ${to} range`;
}

/** A constant's value, parsed and converted to its kind. */
function constValue(c: ExprConst, kind: Kind): Val {
  const v = c.value;
  if (v === null) return null;
  const bad = (): never => fail(`constant ${JSON.stringify(v)} is not a ${c.type}`);
  switch (c.type) {
    case "double":
    case "float": {
      let x: number;
      if (typeof v === "number") x = v;
      else if (v === "NaN") x = NaN;
      else if (v === "INF") x = Infinity;
      else if (v === "-INF") x = -Infinity;
      else if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) x = Number(v);
      else return bad();
      return kind === "float" || c.type === "float" ? Math.fround(x) : x;
    }
    case "int": {
      const x = typeof v === "string" && /^-?[0-9]+$/.test(v) ? Number(v) : v;
      if (typeof x !== "number" || !Number.isInteger(x) || x < INT_MIN || x > INT_MAX) return bad();
      return x + 0;
    }
    case "long": {
      let x: bigint;
      if (typeof v === "number" && Number.isSafeInteger(v)) x = BigInt(v);
      else if (typeof v === "string" && /^-?[0-9]+$/.test(v)) x = BigInt(v);
      else return bad();
      if (x < LONG_MIN || x > LONG_MAX) return bad();
      return x;
    }
    case "string":
      return typeof v === "string" ? v : bad();
    case "boolean":
      if (typeof v === "boolean") return v;
      if (v === "true") return true;
      if (v === "false") return false;
      return bad();
  }
}

/** Long values leave the evaluator as numbers when safe, else bigints (the engine's representation). */
function outputValue(v: Val): unknown {
  if (typeof v === "bigint") return v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v;
  return v;
}

// ---------------------------------------------------------------------------------------------
// The typed tree

interface TBase {
  kind: Kind;
  /** May be missing. */
  nullable: boolean;
  /** May refuse the row (an invalid result with returnInvalid, a conversion that does not fit). */
  mayFail: boolean;
}
interface TConst extends TBase {
  t: "const";
  value: Val;
}
interface TInput extends TBase {
  t: "input";
  index: number;
  /** The column's own kind (double columns read as float in float mode). */
  from: Kind;
  /** The column itself may be missing. */
  columnNullable: boolean;
  mapMissingTo: Val | undefined;
}
interface TCast extends TBase {
  t: "cast";
  arg: TNode;
  truncate: boolean;
}
interface TApply extends TBase {
  t: "apply";
  name: string;
  fn: FnDef;
  args: TNode[];
  /** The kinds the arguments are widened to before the function sees them. */
  argKinds: Kind[];
  mapMissingTo: Val | undefined;
  defaultValue: Val | undefined;
  ivt: InvalidValueTreatment;
  /** The result, before defaultValue, may be missing. */
  innerNullable: boolean;
  /** The function's own data (formatNumber's pattern, substring's constant bounds). */
  info: unknown;
  /** An invalid result is possible for these argument types. */
  invalidPossible: boolean;
  mode: Mode;
}
interface TInvalid extends TBase {
  t: "invalid";
  reason: string;
}
type TNode = TConst | TInput | TCast | TApply | TInvalid;

interface Typing {
  argKinds: Kind[];
  kind: Kind;
  /** For functions that see missing arguments: whether the result may be missing. */
  nullable?: boolean;
  /** Whether an invalid result is possible for these arguments (default: whenever the function has a domain). */
  mayInvalid?: boolean;
  info?: unknown;
}

/** Lowering helpers a function's PFA needs. */
interface LowerHelpers {
  mode: Mode;
  /** A literal of a kind. */
  lit(v: Val, kind: Kind): JsonValue;
  /** `x` (a floating value of kind k) as a double. */
  dbl(x: JsonValue, k: Kind): JsonValue;
  /** A double result rounded to the node's kind (float in float mode). */
  fin(x: JsonValue, k: Kind): JsonValue;
  /** A non-missing value of kind `from` widened to `to`. */
  widen(x: JsonValue, from: Kind, to: Kind): JsonValue;
  symbol(hint: string): string;
  fcn(key: string, build: () => JsonValue): string;
}

interface FnDef {
  /** Minimum and maximum number of arguments. */
  arity: readonly [number, number];
  /** Sees missing arguments itself (isMissing, and, or, the aggregates); others give missing for any. */
  tolerant?: boolean;
  type(args: readonly TNode[], mode: Mode, apply: ExprApply): Typing;
  /** The raw result, from arguments widened to `argKinds` (non-missing unless `tolerant`). */
  evaluate(args: readonly Val[], n: TApply): Val;
  /** Whether the result is invalid (a domain error). */
  invalid?(args: readonly Val[], result: Val, n: TApply): boolean;
  /** What an invalid result is, for messages. */
  invalidMessage?: string;
  /** An invalid result cannot stand as is (asIs refuses the row too). */
  strict?: boolean;
  /** The raw result's PFA, from argument expressions widened to `argKinds`. */
  lower(args: readonly JsonValue[], n: TApply, h: LowerHelpers): JsonValue;
  /** The PFA condition of an invalid result (from the arguments, and the raw result when `invalidUsesResult`). */
  lowerInvalid?(args: readonly JsonValue[], n: TApply, h: LowerHelpers, result: JsonValue): JsonValue;
  invalidUsesResult?: boolean;
  /** The invalid condition reads the arguments (default true; floor, ceil and round read only the result). */
  invalidUsesArgs?: boolean;
  /** The lowering may skip evaluating arguments after the first (and, or: PFA's && and &&& short-circuit). */
  shortCircuits?: boolean;
  /** The final value's PFA from the raw result (default: the raw result itself). */
  lowerFinish?(raw: JsonValue, n: TApply, h: LowerHelpers): JsonValue;
  /** The lowering uses some argument more than once (so complex arguments are bound first). */
  reuses?: boolean | ((n: TApply) => boolean);
}

/** Whether a tolerant function sees argument `i` possibly missing (with mapMissingTo it never does). */
function seesMissing(n: TApply, i: number): boolean {
  return n.args[i]!.nullable && n.mapMissingTo === undefined;
}

function requireKinds(name: string, args: readonly TNode[], ok: (k: Kind) => boolean, what: string): void {
  args.forEach((a, i) => {
    if (!ok(a.kind)) fail(`${name}: argument ${i + 1} must be ${what}, found ${a.kind}`);
  });
}

function numericArgs(name: string, args: readonly TNode[]): Kind {
  requireKinds(name, args, isNumeric, "a number");
  return commonNumeric(args.map((a) => a.kind));
}

// ---------------------------------------------------------------------------------------------
// Numeric evaluation helpers

function checkLong(v: bigint): bigint {
  if (v < LONG_MIN || v > LONG_MAX) throw new Error("expr: long overflow");
  return v;
}
function checkInt(v: number): number {
  if (v < INT_MIN || v > INT_MAX) throw new Error("expr: int overflow");
  return v + 0;
}

/** A binary operation on values of one numeric kind. */
function arith(k: Kind, x: Val, y: Val, onNumber: (a: number, b: number) => number, onBig: (a: bigint, b: bigint) => bigint): Val {
  switch (k) {
    case "int":
      return checkInt(onNumber(x as number, y as number));
    case "long":
      return checkLong(onBig(x as bigint, y as bigint));
    case "float":
      return Math.fround(onNumber(x as number, y as number));
    default:
      return onNumber(x as number, y as number);
  }
}

function isZero(v: Val): boolean {
  return v === 0 || v === 0n;
}

function num(v: Val): number {
  return Number(v);
}

function anyNaN(args: readonly Val[]): boolean {
  return args.some((a) => typeof a === "number" && Number.isNaN(a));
}

function roundTo(k: Kind, x: number): number {
  return k === "float" ? Math.fround(x) : x;
}

/** Compares two non-missing values of one kind: numbers in PMML's total order, strings by code unit, booleans false < true. */
function compareVals(a: Val, b: Val): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "number") return compareTotal(a, b);
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  return fail("internal: comparing values of different kinds");
}

function equalVals(a: Val, b: Val): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return a === b;
}

const SQRT2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

// ---------------------------------------------------------------------------------------------
// The functions

const FNS = new Map<string, FnDef>();

function define(names: string | readonly string[], def: FnDef): void {
  for (const name of typeof names === "string" ? [names] : names) FNS.set(name, def);
}

/** Functions refused, with the reason. */
const REFUSED_FNS: Record<string, string> = {
  formatDatetime: "is not supported: jpmml-evaluator formats in the JVM's default time zone (the result depends on where it runs)",
  dateDaysSinceYear: "needs its argument's date or time type: the reader must expand it (integer arithmetic on the temporal op's number)",
  dateSecondsSinceYear: "needs its argument's date or time type: the reader must expand it (integer arithmetic on the temporal op's number)",
  dateSecondsSinceMidnight: "needs its argument's date or time type: the reader must expand it (integer arithmetic on the temporal op's number)",
  isValid: "needs the field's valid values: the reader must expand it (isIn, comparisons)",
  isNotValid: "needs the field's valid values: the reader must expand it (isIn, comparisons)",
};

// + - *
for (const [name, op, onNumber, onBig] of [
  ["+", "+", (a: number, b: number) => a + b, (a: bigint, b: bigint) => a + b],
  ["-", "-", (a: number, b: number) => a - b, (a: bigint, b: bigint) => a - b],
  ["*", "*", (a: number, b: number) => a * b, (a: bigint, b: bigint) => a * b],
] as const) {
  define(name, {
    arity: [2, 2],
    type(args) {
      const k = numericArgs(name, args);
      return { argKinds: [k, k], kind: k };
    },
    evaluate: ([x, y], n) => arith(n.kind, x!, y!, onNumber, onBig),
    lower: ([x, y]) => ({ [op]: [x!, y!] }),
  });
}

// / : integer division truncates toward zero; floating division is IEEE's.
define("/", {
  arity: [2, 2],
  type(args) {
    const k = numericArgs("/", args);
    return { argKinds: [k, k], kind: k, mayInvalid: isIntegral(k) };
  },
  evaluate([x, y], n) {
    if (isIntegral(n.kind)) {
      if (isZero(y!)) return null;
      return arith(n.kind, x!, y!, (a, b) => Math.trunc(a / b), (a, b) => a / b);
    }
    return roundTo(n.kind, num(x!) / num(y!));
  },
  invalid: ([, y], _r, n) => isIntegral(n.kind) && isZero(y!),
  invalidMessage: "integer division by zero",
  strict: true,
  reuses: (n) => isIntegral(n.kind),
  lower([x, y], n, h) {
    if (isIntegral(n.kind)) return { "//": [{ "-": [x!, { "%%": [x!, y!] }] }, y!] };
    return h.fin({ "/": [x!, y!] }, n.kind);
  },
  lowerInvalid: ([, y], n, h) => (isIntegral(n.kind) ? { "==": [y!, h.lit(n.kind === "long" ? 0n : 0, n.kind)] } : false),
});

// modulo: x - floor(x / y) * y; for integers the result has the sign of y.
define("modulo", {
  arity: [2, 2],
  type(args) {
    const k = numericArgs("modulo", args);
    return { argKinds: [k, k], kind: k, mayInvalid: isIntegral(k) };
  },
  evaluate([x, y], n) {
    if (isIntegral(n.kind)) {
      if (isZero(y!)) return null;
      return arith(
        n.kind,
        x!,
        y!,
        (a, b) => a - Math.floor(a / b) * b,
        (a, b) => {
          const r = a % b;
          return r !== 0n && r < 0n !== b < 0n ? r + b : r;
        },
      );
    }
    const a = num(x!);
    const b = num(y!);
    return roundTo(n.kind, a - Math.floor(a / b) * b);
  },
  invalid: ([, y], _r, n) => isIntegral(n.kind) && isZero(y!),
  invalidMessage: "modulo by zero",
  strict: true,
  reuses: true,
  lower([x, y], n, h) {
    if (isIntegral(n.kind)) return { "%": [x!, y!] };
    const a = h.dbl(x!, n.kind);
    const b = h.dbl(y!, n.kind);
    return h.fin({ "-": [a, { "*": [{ "m.floor": { "/": [a, b] } }, b] }] }, n.kind);
  },
  lowerInvalid: ([, y], n, h) => (isIntegral(n.kind) ? { "==": [y!, h.lit(n.kind === "long" ? 0n : 0, n.kind)] } : false),
});

// Aggregates: missing arguments are ignored; all missing gives missing.
function aggregate(name: string, result: (k: Kind, mode: Mode) => Kind, compute: (values: Val[], k: Kind, resultKind: Kind) => Val, pfa: string): void {
  define(name, {
    arity: [1, Infinity],
    tolerant: true,
    type(args, mode) {
      const k = numericArgs(name, args);
      const kind = result(k, mode);
      // avg and median compute in double (and round a float result once, at the end).
      const elem = name === "avg" || name === "median" ? "double" : k;
      return { argKinds: args.map(() => elem), kind, nullable: args.every((a) => a.nullable) };
    },
    evaluate(args, n) {
      const values = args.filter((v) => v !== null);
      if (values.length === 0) return null;
      return compute(values, n.argKinds[0]!, n.kind);
    },
    lower(args, n, h): JsonValue {
      const elem = n.argKinds[0]!;
      const arrayType = { type: "array", items: elem };
      const present = n.args.map((_a, i) => !seesMissing(n, i));
      let array: JsonValue;
      if (present.every((p) => p)) array = { new: [...args], type: arrayType };
      else {
        const parts = args.map((x, i): JsonValue => {
          if (present[i]) return { new: [x], type: arrayType };
          const v = h.symbol("v");
          return { ifnotnull: { [v]: x }, then: { new: [h.widen(v, n.args[i]!.kind, elem)], type: arrayType }, else: { new: [], type: arrayType } };
        });
        array = { "a.flatten": { new: parts, type: { type: "array", items: arrayType } } };
      }
      const apply = (xs: JsonValue): JsonValue => {
        return pfa === "a.mean" || pfa === "a.median" ? h.fin({ [pfa]: xs }, n.kind) : { [pfa]: xs };
      };
      if (!present.every((p) => !p)) return apply(array);
      const xs = h.symbol("xs");
      return { do: [{ let: { [xs]: array } }, { if: { "==": [{ "a.len": xs }, 0] }, then: null, else: apply(xs) }] };
    },
  });
}

function extreme(values: Val[], sign: 1 | -1): Val {
  let best = values[0]!;
  for (let i = 1; i < values.length; i++) if (sign * compareVals(values[i]!, best) > 0) best = values[i]!;
  return best;
}

aggregate("min", (k) => k, (values) => extreme(values, -1), "a.min");
aggregate("max", (k) => k, (values) => extreme(values, 1), "a.max");
aggregate(
  "sum",
  (k) => k,
  (values, k) => {
    if (k === "long") return checkLong((values as bigint[]).reduce((a, b) => a + b, 0n));
    const s = (values as number[]).reduce((a, b) => a + b, 0);
    return k === "int" ? checkInt(s) : roundTo(k, s);
  },
  "a.sum",
);
aggregate(
  "product",
  (k) => k,
  (values, k) => {
    if (k === "long") return checkLong((values as bigint[]).reduce((a, b) => a * b, 1n));
    const p = (values as number[]).reduce((a, b) => a * b, 1);
    return k === "int" ? checkInt(p) : roundTo(k, p);
  },
  "a.product",
);
aggregate(
  "avg",
  (k, mode) => mode.fp(k),
  (values, _k, kind) => roundTo(kind, values.reduce<number>((a, b) => a + num(b), 0) / values.length),
  "a.mean",
);
aggregate(
  "median",
  (k, mode) => mode.fp(k),
  (values, _k, kind) => {
    const xs = values.map(num).sort(compareTotal);
    const half = xs.length >> 1;
    return xs.length % 2 === 1 ? xs[half]! : roundTo(kind, (xs[half - 1]! + xs[half]!) / 2);
  },
  "a.median",
);

/** A floating-point function of one number (int and long arguments are read as doubles). */
function unaryFp(name: string, f: (x: number) => number, pfa: (x: JsonValue) => JsonValue, domain?: { bad: (x: number) => boolean; message: string; cond: (x: JsonValue, h: LowerHelpers) => JsonValue }): void {
  define(name, {
    arity: [1, 1],
    type(args, mode) {
      requireKinds(name, args, isNumeric, "a number");
      const k = mode.fp(args[0]!.kind);
      return { argKinds: [k], kind: k };
    },
    evaluate: ([x], n) => roundTo(n.kind, f(num(x!))),
    ...(domain === undefined
      ? {}
      : {
          invalid: ([x]: readonly Val[]) => domain.bad(num(x!)),
          invalidMessage: domain.message,
          lowerInvalid: ([x]: readonly JsonValue[], n: TApply, h: LowerHelpers) => domain.cond(h.dbl(x!, n.kind), h),
          reuses: true,
        }),
    lower: ([x], n, h) => h.fin(pfa(h.dbl(x!, n.kind)), n.kind),
  });
}

const lt = (x: JsonValue, c: number): JsonValue => ({ "<": [x, new JsonDouble(c)] });
/** x > c, false for NaN (PFA orders NaN above every number, as Java's Double.compare does). */
const gt = (x: JsonValue, c: number): JsonValue => ({ "&&": [{ "!": { "impute.isnan": x } }, { ">": [x, new JsonDouble(c)] }] });
unaryFp("exp", Math.exp, (x) => ({ "m.exp": x }));
unaryFp("expm1", Math.expm1, (x) => ({ "m.expm1": x }));
unaryFp("ln", Math.log, (x) => ({ "m.ln": x }), { bad: (x) => x < 0, message: "ln of a negative number", cond: (x) => lt(x, 0) });
unaryFp("log10", Math.log10, (x) => ({ "m.log10": x }), { bad: (x) => x < 0, message: "log10 of a negative number", cond: (x) => lt(x, 0) });
unaryFp("sqrt", Math.sqrt, (x) => ({ "m.sqrt": x }), { bad: (x) => x < 0, message: "sqrt of a negative number", cond: (x) => lt(x, 0) });
unaryFp("ln1p", Math.log1p, (x) => ({ "m.ln1p": x }), { bad: (x) => x < -1, message: "ln1p of a number below -1", cond: (x) => lt(x, -1) });
for (const [name, f] of [
  ["sin", Math.sin],
  ["cos", Math.cos],
  ["tan", Math.tan],
] as const) {
  unaryFp(name, f, (x) => ({ [`m.${name}`]: x }), { bad: (x) => x === Infinity || x === -Infinity, message: `${name} of an infinity`, cond: (x) => ({ "impute.isinf": x }) });
}
for (const [name, f] of [
  ["asin", Math.asin],
  ["acos", Math.acos],
] as const) {
  unaryFp(name, f, (x) => ({ [`m.${name}`]: x }), {
    bad: (x) => x < -1 || x > 1,
    message: `${name} of a number outside [-1, 1]`,
    cond: (x) => ({ "||": [lt(x, -1), gt(x, 1)] }),
  });
}
for (const [name, f] of [
  ["atan", Math.atan],
  ["sinh", Math.sinh],
  ["cosh", Math.cosh],
  ["tanh", Math.tanh],
] as const) {
  unaryFp(name, f, (x) => ({ [`m.${name}`]: x }));
}
unaryFp("erf", erf, (x) => ({ "m.special.erf": x }));
unaryFp("stdNormalCDF", (x) => 0.5 * erfc(-x / SQRT2), (x) => ({ "*": [new JsonDouble(0.5), { "m.special.erfc": { "/": [{ "u-": x }, SQRT2] } }] }));
unaryFp("stdNormalPDF", stdNormalPdf, (x) => ({ "/": [{ "m.exp": { "*": [-0.5, { "*": [x, x] }] } }, SQRT_2PI] }));

// rint and abs keep the argument's kind.
define("rint", {
  arity: [1, 1],
  type(args) {
    requireKinds("rint", args, isNumeric, "a number");
    return { argKinds: [args[0]!.kind], kind: args[0]!.kind };
  },
  evaluate: ([x], n) => (isIntegral(n.kind) ? x : roundTo(n.kind, roundHalfEven(num(x!)))),
  lower: ([x], n, h) => (isIntegral(n.kind) ? x! : h.fin({ "m.rint": h.dbl(x!, n.kind) }, n.kind)),
});
define("abs", {
  arity: [1, 1],
  type(args) {
    requireKinds("abs", args, isNumeric, "a number");
    return { argKinds: [args[0]!.kind], kind: args[0]!.kind };
  },
  evaluate([x], n) {
    if (n.kind === "long") return checkLong((x as bigint) < 0n ? -(x as bigint) : (x as bigint));
    if (n.kind === "int") return checkInt(Math.abs(x as number));
    return Math.abs(x as number);
  },
  lower: ([x]) => ({ "m.abs": x! }),
});

// floor, ceil, round: integers are unchanged; floats and doubles give a long.
for (const [name, f] of [
  ["floor", Math.floor],
  ["ceil", Math.ceil],
  ["round", roundHalfUp],
] as const) {
  define(name, {
    arity: [1, 1],
    type(args) {
      requireKinds(name, args, isNumeric, "a number");
      const k = args[0]!.kind;
      return { argKinds: [k], kind: isIntegral(k) ? k : "long", mayInvalid: !isIntegral(k) };
    },
    evaluate([x], n) {
      if (isIntegral(n.args[0]!.kind)) return x;
      const r = f(num(x!));
      return r >= -TWO_63 && r < TWO_63 ? BigInt(r) : null;
    },
    invalid: ([x], _r, n) => {
      if (isIntegral(n.args[0]!.kind)) return false;
      const r = f(num(x!));
      return !(r >= -TWO_63 && r < TWO_63);
    },
    invalidMessage: `${name} of a number that is not finite or beyond the long range`,
    strict: true,
    invalidUsesResult: true,
    invalidUsesArgs: false,
    lower([x], n, h) {
      const k = n.args[0]!.kind;
      if (isIntegral(k)) return x!;
      const d = h.dbl(x!, k);
      if (name === "round") return { [h.fcn("roundHalfUp", () => roundHalfUpFcn(h))]: [d] };
      return { [`m.${name}`]: d };
    },
    lowerInvalid: (_args, n, _h, r): JsonValue =>
      isIntegral(n.args[0]!.kind) ? false : { "!": { "&&": [{ ">=": [r, new JsonDouble(-TWO_63)] }, { "<": [r, new JsonDouble(TWO_63)] }] } },
    lowerFinish: (raw, n) => (isIntegral(n.args[0]!.kind) ? raw : { "cast.long": raw }),
  });
}

function roundHalfUpFcn(h: LowerHelpers): JsonValue {
  const x = h.symbol("x");
  const f = h.symbol("f");
  return {
    params: [{ [x]: "double" }],
    ret: "double",
    do: [{ let: { [f]: { "m.floor": x } } }, { if: { ">=": [{ "-": [x, f] }, 0.5] }, then: { "+": [f, new JsonDouble(1)] }, else: f }],
  };
}

// pow: a floating-point result; NaN from numbers (a negative base, a fractional exponent) is invalid.
define("pow", {
  arity: [2, 2],
  type(args, mode) {
    const k = mode.fp(numericArgs("pow", args));
    return { argKinds: [k, k], kind: k };
  },
  evaluate: ([x, y], n) => roundTo(n.kind, Math.pow(num(x!), num(y!))),
  invalid: (args, r) => typeof r === "number" && Number.isNaN(r) && !anyNaN(args),
  invalidMessage: "pow of a negative number to a fractional power",
  invalidUsesResult: true,
  reuses: true,
  lower: ([x, y], n, h) => ({ "**": [h.dbl(x!, n.kind), h.dbl(y!, n.kind)] }),
  lowerInvalid: ([x, y], n, h, r): JsonValue => ({ "&&": [{ "impute.isnan": r }, { "!": { "||": [{ "impute.isnan": h.dbl(x!, n.kind) }, { "impute.isnan": h.dbl(y!, n.kind) }] } }] }),
  lowerFinish: (raw, n, h) => h.fin(raw, n.kind),
});

for (const [name, f, pfa] of [
  ["hypot", Math.hypot, "m.hypot"],
  ["x-atan2", Math.atan2, "m.atan2"],
] as const) {
  define(name, {
    arity: [2, 2],
    type(args, mode) {
      const k = mode.fp(numericArgs(name, args));
      return { argKinds: [k, k], kind: k };
    },
    evaluate: ([x, y], n) => roundTo(n.kind, f(num(x!), num(y!))),
    lower: ([x, y], n, h) => h.fin({ [pfa]: [h.dbl(x!, n.kind), h.dbl(y!, n.kind)] }, n.kind),
  });
}

// threshold(x, y): 1 if x > y, else 0, in the arguments' common kind.
define("threshold", {
  arity: [2, 2],
  type(args) {
    const k = numericArgs("threshold", args);
    return { argKinds: [k, k], kind: k };
  },
  evaluate: ([x, y], n) => {
    const above = compareVals(x!, y!) > 0;
    return n.kind === "long" ? (above ? 1n : 0n) : above ? 1 : 0;
  },
  lower: ([x, y], n, h) => ({ if: { ">": [x!, y!] }, then: h.lit(n.kind === "long" ? 1n : 1, n.kind), else: h.lit(n.kind === "long" ? 0n : 0, n.kind) }),
});

// The normal distribution: normalCDF/PDF(x, mu, sigma), normalIDF(p, mu, sigma), stdNormalIDF(p).
function normal3(name: string, f: (x: number, mu: number, s: number) => number, pfa: (x: JsonValue, mu: JsonValue, s: JsonValue, h: LowerHelpers) => JsonValue, quantile: boolean): void {
  define(name, {
    arity: [3, 3],
    type(args, mode) {
      const k = mode.fp(numericArgs(name, args));
      const sigma = args[2]!;
      const constSigma = sigma.t === "const" && sigma.value !== null && num(sigma.value) > 0;
      return { argKinds: [k, k, k], kind: k, mayInvalid: quantile || !constSigma };
    },
    evaluate: ([x, mu, s], n) => roundTo(n.kind, f(num(x!), num(mu!), num(s!))),
    invalid: ([x, , s]) => num(s!) <= 0 || (quantile && (num(x!) < 0 || num(x!) > 1)),
    invalidMessage: quantile ? `${name} with sigma <= 0 or a probability outside [0, 1]` : `${name} with sigma <= 0`,
    reuses: true,
    lower: ([x, mu, s], n, h) => h.fin(pfa(h.dbl(x!, n.kind), h.dbl(mu!, n.kind), h.dbl(s!, n.kind), h), n.kind),
    lowerInvalid([x, , s], n, h) {
      // A constant sigma is checked here, once.
      const constSigma = n.args[2]!.t === "const" ? num((n.args[2] as TConst).value) : null;
      const sigma: JsonValue | null = constSigma !== null && constSigma > 0 ? null : { "<=": [h.dbl(s!, n.kind), new JsonDouble(0)] };
      if (!quantile) return sigma ?? false;
      const p = h.dbl(x!, n.kind);
      const range: JsonValue = { "||": [lt(p, 0), gt(p, 1)] };
      return sigma === null ? range : { "||": [sigma, range] };
    },
  });
}
const zOf = (x: JsonValue, mu: JsonValue, s: JsonValue): JsonValue => ({ "/": [{ "-": [x, mu] }, s] });
normal3(
  "normalCDF",
  (x, mu, s) => 0.5 * erfc(-((x - mu) / s) / SQRT2),
  (x, mu, s) => ({ "*": [new JsonDouble(0.5), { "m.special.erfc": { "/": [{ "u-": zOf(x, mu, s) }, SQRT2] } }] }),
  false,
);
normal3(
  "normalPDF",
  (x, mu, s) => {
    const z = (x - mu) / s;
    return Math.exp(-0.5 * (z * z)) / (s * SQRT_2PI);
  },
  (x, mu, s, h): JsonValue => {
    const z = h.symbol("z");
    return { do: [{ let: { [z]: zOf(x, mu, s) } }, { "/": [{ "m.exp": { "*": [-0.5, { "*": [z, z] }] } }, { "*": [s, SQRT_2PI] }] }] };
  },
  false,
);
normal3(
  "normalIDF",
  (p, mu, s) => mu + s * stdNormalQuantile(p),
  (p, mu, s, h) => ({ "+": [mu, { "*": [s, { [h.fcn("stdNormalQuantile", () => quantileFcn(h))]: [p] }] }] }),
  true,
);
define("stdNormalIDF", {
  arity: [1, 1],
  type(args, mode) {
    requireKinds("stdNormalIDF", args, isNumeric, "a number");
    const k = mode.fp(args[0]!.kind);
    return { argKinds: [k], kind: k };
  },
  evaluate: ([p], n) => roundTo(n.kind, stdNormalQuantile(num(p!))),
  invalid: ([p]) => num(p!) < 0 || num(p!) > 1,
  invalidMessage: "stdNormalIDF of a probability outside [0, 1]",
  reuses: true,
  lower: ([p], n, h) => h.fin({ [h.fcn("stdNormalQuantile", () => quantileFcn(h))]: [h.dbl(p!, n.kind)] }, n.kind),
  lowerInvalid([p], n, h) {
    const x = h.dbl(p!, n.kind);
    return { "||": [lt(x, 0), gt(x, 1)] };
  },
});

/**
 * Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988): the standard normal quantile by
 * rational approximations with about 16 digits, in three regions. Coefficients highest degree first.
 */
const AS241 = {
  a: [2509.0809287301227, 33430.57558358813, 67265.7709270087, 45921.95393154987, 13731.69376550946, 1971.5909503065513, 133.14166789178438, 3.3871328727963665],
  b: [5226.495278852854, 28729.085735721943, 39307.89580009271, 21213.794301586597, 5394.196021424751, 687.1870074920579, 42.31333070160091, 1],
  c: [0.0007745450142783414, 0.022723844989269184, 0.2417807251774506, 1.2704582524523684, 3.6478483247632045, 5.769497221460691, 4.630337846156546, 1.4234371107496835],
  d: [1.0507500716444169e-09, 0.0005475938084995345, 0.015198666563616457, 0.14810397642748008, 0.6897673349851, 1.6763848301838038, 2.053191626637759, 1],
  e: [2.0103343992922881e-07, 2.7115555687434876e-05, 0.0012426609473880784, 0.026532189526576124, 0.29656057182850487, 1.7848265399172913, 5.463784911164114, 6.657904643501103],
  f: [2.0442631033899397e-15, 1.421511758316446e-07, 1.8463183175100548e-05, 0.0007868691311456133, 0.014875361290850615, 0.1369298809227358, 0.599832206555888, 1],
};

function quantileFcn(h: LowerHelpers): JsonValue {
  const p = h.symbol("p");
  const q = h.symbol("q");
  const r = h.symbol("r");
  const v = h.symbol("v");
  const poly = h.fcn("polynomial", () => polynomialFcn(h));
  const coeffs = (cs: readonly number[]): JsonValue => ({ type: { type: "array", items: "double" }, value: cs.map((c) => new JsonDouble(c)) });
  const ratio = (num: readonly number[], den: readonly number[], x: JsonValue): JsonValue => ({ "/": [{ [poly]: [coeffs(num), x] }, { [poly]: [coeffs(den), x] }] });
  const d = (x: number): JsonValue => new JsonDouble(x);
  return {
    params: [{ [p]: "double" }],
    ret: "double",
    do: [
      { let: { [q]: { "-": [p, d(0.5)] } } },
      {
        let: {
          [r]: {
            if: { "<=": [{ "m.abs": q }, d(0.425)] },
            then: { "-": [d(0.180625), { "*": [q, q] }] },
            else: { "m.sqrt": { "u-": { "m.ln": { if: { "<": [q, d(0)] }, then: p, else: { "-": [d(1), p] } } } } },
          },
        },
      },
      {
        cond: [
          { if: { "==": [p, d(0)] }, then: { type: "double", value: "-inf" } },
          { if: { "==": [p, d(1)] }, then: { type: "double", value: "inf" } },
          { if: { "<=": [{ "m.abs": q }, d(0.425)] }, then: { "*": [q, ratio(AS241.a, AS241.b, r)] } },
        ],
        else: {
          do: [
            {
              let: {
                [v]: { if: { "<=": [r, d(5)] }, then: ratio(AS241.c, AS241.d, { "-": [r, d(1.6)] }), else: ratio(AS241.e, AS241.f, { "-": [r, d(5)] }) },
              },
            },
            { if: { "<": [q, d(0)] }, then: { "u-": v }, else: v },
          ],
        },
      },
    ],
  };
}

function polynomialFcn(h: LowerHelpers): JsonValue {
  const c = h.symbol("coefficients");
  const x = h.symbol("x");
  const acc = h.symbol("acc");
  const k = h.symbol("c");
  return {
    params: [{ [c]: { type: "array", items: "double" } }, { [x]: "double" }],
    ret: "double",
    do: [{ let: { [acc]: new JsonDouble(0) } }, { foreach: k, in: c, seq: true, do: [{ set: { [acc]: { "+": [{ "*": [acc, x] }, k] } } }] }, acc],
  };
}

// Comparisons.
for (const [name, op, ordering] of [
  ["equal", "==", false],
  ["notEqual", "!=", false],
  ["lessThan", "<", true],
  ["lessOrEqual", "<=", true],
  ["greaterThan", ">", true],
  ["greaterOrEqual", ">=", true],
] as const) {
  define(name, {
    arity: [2, 2],
    type(args) {
      const [a, b] = [args[0]!.kind, args[1]!.kind];
      let k: Kind;
      if (isNumeric(a) && isNumeric(b)) k = commonNumeric([a, b]);
      else if (a === b && (a === "string" || (a === "boolean" && !ordering))) k = a;
      else return fail(`${name}: cannot compare ${a} with ${b}`);
      return { argKinds: [k, k], kind: "boolean" };
    },
    evaluate([x, y]) {
      if (!ordering) return name === "equal" ? equalVals(x!, y!) : !equalVals(x!, y!);
      const c = compareVals(x!, y!);
      return op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0;
    },
    lower: ([x, y]) => ({ [op]: [x!, y!] }),
  });
}

// and, or: Kleene's logic over two or more arguments; not.
for (const [name, plain, kleene] of [
  ["and", "&&", "&&&"],
  ["or", "||", "|||"],
] as const) {
  define(name, {
    arity: [2, Infinity],
    tolerant: true,
    shortCircuits: true,
    type(args) {
      requireKinds(name, args, (k) => k === "boolean", "a boolean");
      return { argKinds: args.map(() => "boolean" as Kind), kind: "boolean", nullable: args.some((a) => a.nullable) };
    },
    evaluate(args) {
      const decisive = name === "and" ? false : true;
      if (args.some((v) => v === decisive)) return decisive;
      if (args.some((v) => v === null)) return null;
      return !decisive;
    },
    lower(args, n) {
      const op = n.args.some((_a, i) => seesMissing(n, i)) ? kleene : plain;
      return args.slice(1).reduce<JsonValue>((acc, x) => ({ [op]: [acc, x] }), args[0]!);
    },
  });
}
define("not", {
  arity: [1, 1],
  type(args) {
    requireKinds("not", args, (k) => k === "boolean", "a boolean");
    return { argKinds: ["boolean"], kind: "boolean" };
  },
  evaluate: ([x]) => !x,
  lower: ([x]) => ({ "!": x! }),
});

// isMissing, isNotMissing.
for (const name of ["isMissing", "isNotMissing"] as const) {
  define(name, {
    arity: [1, 1],
    tolerant: true,
    type(args) {
      return { argKinds: [args[0]!.kind], kind: "boolean", nullable: false };
    },
    evaluate: ([x]) => (name === "isMissing" ? x === null : x !== null),
    lower([x], n, h): JsonValue {
      const missing = name === "isMissing";
      const arg = n.args[0]!;
      if (seesMissing(n, 0)) return { ifnotnull: { [h.symbol("v")]: x! }, then: !missing, else: missing };
      // Never missing; the argument is still evaluated when it may refuse the row.
      return arg.mayFail ? { do: [x!, !missing] } : !missing;
    },
  });
}

// isIn, isNotIn: the first argument against the others.
for (const name of ["isIn", "isNotIn"] as const) {
  define(name, {
    arity: [2, Infinity],
    type(args) {
      const kinds = args.map((a) => a.kind);
      let k: Kind;
      if (kinds.every(isNumeric)) k = commonNumeric(kinds);
      else if (kinds.every((x) => x === kinds[0]) && (kinds[0] === "string" || kinds[0] === "boolean")) k = kinds[0]!;
      else return fail(`${name}: the values must all be numbers, all strings or all booleans (found ${kinds.join(", ")})`);
      return { argKinds: kinds.map(() => k), kind: "boolean" };
    },
    evaluate([x, ...set]) {
      const found = set.some((v) => equalVals(x!, v));
      return name === "isIn" ? found : !found;
    },
    lower([x, ...set], n) {
      const contains = { "a.contains": [{ new: [...set], type: { type: "array", items: n.argKinds[0]! } }, x!] };
      return name === "isIn" ? contains : { "!": contains };
    },
  });
}

// Strings.
const BLANKS = " \t\n\r";
function trimBlanks(s: string): string {
  let b = 0;
  let e = s.length;
  while (b < e && BLANKS.includes(s[b]!)) b++;
  while (e > b && BLANKS.includes(s[e - 1]!)) e--;
  return s.slice(b, e);
}
for (const [name, f, pfa] of [
  ["uppercase", (s: string) => s.toUpperCase(), (x: JsonValue) => ({ "s.upper": x })],
  ["lowercase", (s: string) => s.toLowerCase(), (x: JsonValue) => ({ "s.lower": x })],
  ["trimBlanks", trimBlanks, (x: JsonValue) => ({ "s.strip": [x, { string: BLANKS }] })],
] as const) {
  define(name, {
    arity: [1, 1],
    type(args) {
      requireKinds(name, args, (k) => k === "string", "a string");
      return { argKinds: ["string"], kind: "string" };
    },
    evaluate: ([x]) => f(x as string),
    lower: ([x]) => pfa(x!),
  });
}
define("stringLength", {
  arity: [1, 1],
  type(args) {
    requireKinds("stringLength", args, (k) => k === "string", "a string");
    return { argKinds: ["string"], kind: "int" };
  },
  evaluate: ([x]) => Array.from(x as string).length,
  lower: ([x]) => ({ "s.len": x! }),
});

/** substring(input, startPos, length): 1-based, clamped to the string; startPos < 1 or length < 0 is invalid. */
define("substring", {
  arity: [3, 3],
  type(args) {
    requireKinds("substring", [args[0]!], (k) => k === "string", "a string");
    requireKinds("substring", args.slice(1), (k) => k === "int", "an int");
    const [, start, length] = args;
    let info: [number, number] | null = null;
    if (start!.t === "const" && length!.t === "const" && start!.value !== null && length!.value !== null) {
      info = [start!.value as number, length!.value as number];
      if (info[0] < 1) fail(`substring: startPos ${info[0]} is below 1`);
      if (info[1] < 0) fail(`substring: length ${info[1]} is negative`);
    }
    return { argKinds: ["string", "int", "int"], kind: "string", info, mayInvalid: info === null };
  },
  evaluate([s, start, length]) {
    const cps = Array.from(s as string);
    const b = Math.min((start as number) - 1, cps.length);
    return cps.slice(b, b + Math.max(0, length as number)).join("");
  },
  invalid: ([, start, length]) => (start as number) < 1 || (length as number) < 0,
  invalidMessage: "substring with startPos below 1 or a negative length",
  strict: true,
  reuses: (n) => n.info === null,
  lower([s, start, length], n) {
    const info = n.info as [number, number] | null;
    if (info !== null) return { "s.substr": [s!, info[0] - 1, info[0] - 1 + info[1]] };
    const b = { "-": [start!, 1] };
    return { "s.substr": [s!, b, { "+": [b, length!] }] };
  },
  lowerInvalid: ([, start, length], n) => (n.info !== null ? false : { "||": [{ "<": [start!, 1] }, { "<": [length!, 0] }] }),
});

/**
 * concat: strings (and integers, written in decimal), two or more; a missing argument adds nothing
 * (as jpmml-evaluator and pmml4s do), so the result is never missing.
 */
define("concat", {
  arity: [2, Infinity],
  tolerant: true,
  type(args) {
    requireKinds("concat", args, (k) => k === "string" || isIntegral(k), "a string or an integer");
    return { argKinds: args.map((a) => a.kind), kind: "string", nullable: false };
  },
  evaluate: (args) => args.map((v) => (v === null ? "" : String(v))).join(""),
  lower(args, n, h): JsonValue {
    const strs: JsonValue[] = args.map((x, i) => {
      const str = (v: JsonValue): JsonValue => (n.argKinds[i] === "string" ? v : { "s.int": v });
      if (!seesMissing(n, i)) return str(x);
      const v = h.symbol("v");
      return { ifnotnull: { [v]: x }, then: str(v), else: { string: "" } };
    });
    if (strs.length === 2) return { "s.concat": [strs[0]!, strs[1]!] };
    return { "s.join": [{ new: strs, type: { type: "array", items: "string" } }, { string: "" }] };
  },
});

/** formatNumber(x, pattern): a constant printf pattern with one %d or %f conversion. */
define("formatNumber", {
  arity: [2, 2],
  type(args) {
    const [x, pattern] = args;
    requireKinds("formatNumber", [x!], isNumeric, "a number");
    if (pattern!.t !== "const" || pattern!.kind !== "string" || pattern!.value === null) return fail("formatNumber: the pattern must be a constant string");
    const spec = parsePrintf(pattern!.value as string);
    if (spec === null) return fail(`formatNumber: pattern ${JSON.stringify(pattern!.value)} is not supported (one %d or %f conversion, flags - and 0, a width, a precision for %f)`);
    if (spec.conversion === "d" && !isIntegral(x!.kind)) return fail(`formatNumber: pattern ${JSON.stringify(pattern!.value)} formats integers, found ${x!.kind}`);
    if (spec.conversion === "f" && spec.zeroPad) return fail(`formatNumber: pattern ${JSON.stringify(pattern!.value)}: zero-padding of %f is not supported`);
    return { argKinds: [x!.kind, "string"], kind: "string", info: spec };
  },
  evaluate: ([x], n) => formatPrintf(n.info as PrintfSpec, x as number | bigint),
  lower([x], n, h) {
    const spec = n.info as PrintfSpec;
    const width = spec.width === null ? null : spec.leftJustify ? -spec.width : spec.width;
    let body: JsonValue;
    if (spec.conversion === "d") body = width === null ? { "s.int": x! } : { "s.int": [x!, width, spec.zeroPad] };
    else {
      const d = isFloating(n.argKinds[0]!) ? h.dbl(x!, n.argKinds[0]!) : { "cast.double": x! };
      body = { "s.number": [d, width, spec.precision ?? 6, new JsonDouble(0), { type: "double", value: "inf" }] };
    }
    if (spec.prefix !== "") body = { "s.concat": [{ string: spec.prefix }, body] };
    if (spec.suffix !== "") body = { "s.concat": [body, { string: spec.suffix }] };
    return body;
  },
});

/** A regular expression function's constant pattern (and replacement), translated (java-regex.ts). */
interface RegexInfo {
  re: JavaRegex;
  /** The evaluator's RegExp: `u` for matches, `gu` for replace. */
  js: RegExp;
  /** replace's replacement as literal text. */
  replacement: string | null;
}

/** The text of a constant pattern or replacement (a string, or an integer written in decimal). */
function regexConstant(name: string, what: string, arg: TNode): string {
  if (arg.t !== "const" || arg.value === null) return fail(`${name}: the ${what} must be a constant`);
  if (arg.kind === "string") return arg.value as string;
  if (isIntegral(arg.kind)) return String(arg.value);
  return fail(`${name}: the ${what} must be a constant string, found ${arg.kind}`);
}

function regexInfo(name: "matches" | "replace", args: readonly TNode[]): RegexInfo {
  requireKinds(name, [args[0]!], (k) => k === "string", "a string");
  const pattern = regexConstant(name, "pattern", args[1]!);
  try {
    const re = translateJavaRegex(pattern);
    if (name === "matches") return { re, js: new RegExp(re.js, "u"), replacement: null };
    if (re.fixedSpanRefusal !== null) return fail(`replace: pattern ${JSON.stringify(pattern)}: ${re.fixedSpanRefusal} is not supported in replace`);
    const replacement = literalJavaReplacement(regexConstant(name, "replacement", args[2]!));
    return { re, js: new RegExp(re.js, "gu"), replacement };
  } catch (e) {
    if (e instanceof JavaRegexError) return fail(`${name}: ${e.message}`);
    throw e;
  }
}

/**
 * matches(input, pattern): whether some part of the input matches the Java regular expression (as
 * jpmml-evaluator's Matcher.find()); a constant pattern, translated for the PFA engine's `re` module.
 * Java's `$` (also before a final line terminator) needs one pattern for an input ending with "\r\n"
 * and one for the others.
 */
define("matches", {
  arity: [2, 2],
  type(args) {
    const info = regexInfo("matches", args);
    return { argKinds: ["string", args[1]!.kind], kind: "boolean", info };
  },
  evaluate: ([s], n) => (n.info as RegexInfo).js.test(s as string),
  reuses: (n) => (n.info as RegexInfo).re.pfaCrlf !== null,
  lower([s], n) {
    const { re } = n.info as RegexInfo;
    const contains = (p: string): JsonValue => ({ "re.contains": [s!, { string: p }] });
    if (re.pfaCrlf === null) return contains(re.pfa);
    return { if: { "s.endswith": [s!, { string: "\r\n" }] }, then: contains(re.pfaCrlf), else: contains(re.pfa) };
  },
});

/**
 * replace(input, pattern, replacement): every match replaced (as Java's Matcher.replaceAll), for a
 * constant pattern whose matches Java and the PFA engine delimit alike (java-regex.ts) and a constant
 * literal replacement (`\$` and `\\` for `$` and `\`; group references are refused).
 */
define("replace", {
  arity: [3, 3],
  type(args) {
    const info = regexInfo("replace", args);
    return { argKinds: ["string", args[1]!.kind, args[2]!.kind], kind: "string", info };
  },
  evaluate([s], n) {
    const info = n.info as RegexInfo;
    return (s as string).replace(info.js, () => info.replacement!);
  },
  lower([s], n) {
    const info = n.info as RegexInfo;
    return { "re.replaceall": [s!, { string: info.re.pfa }, { string: info.replacement! }] };
  },
});

// ---------------------------------------------------------------------------------------------
// Typing

function inputKind(t: IRType, index: number): Kind {
  const k = nonNull(t).kind;
  if (!(KINDS as readonly string[]).includes(k)) fail(`input ${index} is ${describeType(t)}; expressions take numbers, strings and booleans`);
  return k as Kind;
}

function build(e: Expr, inputs: readonly IRType[], mode: Mode): TNode {
  if (typeof e !== "object" || e === null) return fail(`not an expression: ${JSON.stringify(e)}`);
  switch (e.op) {
    case "const": {
      if (!KINDS.includes(e.type)) fail(`constant of unknown type ${JSON.stringify(e.type)}`);
      const kind = mode.kind(e.type);
      const value = constValue(e, kind);
      return { t: "const", kind, nullable: value === null, mayFail: false, value };
    }
    case "input": {
      const t = inputs[e.index];
      if (!Number.isInteger(e.index) || t === undefined) return fail(`input ${e.index} does not exist (the step has ${inputs.length} inputs)`);
      const from = inputKind(t, e.index);
      const kind = mode.kind(from);
      const m = e.mapMissingTo === undefined ? undefined : constOf(e.mapMissingTo, kind, mode, "mapMissingTo");
      return { t: "input", kind, nullable: t.kind === "nullable" && m === undefined, mayFail: false, index: e.index, from, columnNullable: t.kind === "nullable", mapMissingTo: m };
    }
    case "cast": {
      if (!KINDS.includes(e.type)) fail(`cast to unknown type ${JSON.stringify(e.type)}`);
      const arg = build(e.arg, inputs, mode);
      const kind = mode.kind(e.type);
      if (!convertible(arg.kind, kind)) fail(`cannot convert ${arg.kind} to ${kind}`);
      const rounding = e.rounding ?? "exact";
      if (rounding !== "exact" && rounding !== "truncate") fail(`cast rounding ${JSON.stringify(rounding)} is not "exact" or "truncate"`);
      return { t: "cast", kind, nullable: arg.nullable, mayFail: arg.mayFail || conversionMayFail(arg.kind, kind), arg, truncate: rounding === "truncate" };
    }
    case "apply":
      return buildApply(e, inputs, mode);
    case "invalid": {
      if (!KINDS.includes(e.type)) fail(`invalid value of unknown type ${JSON.stringify(e.type)}`);
      if (typeof e.reason !== "string") fail("an invalid value needs its reason");
      return { t: "invalid", kind: mode.kind(e.type), nullable: false, mayFail: true, reason: e.reason };
    }
    default:
      return fail(`unknown expression ${JSON.stringify((e as { op?: unknown }).op)}`);
  }
}

function buildIf(e: ExprApply, args: TNode[], mode: Mode): TApply {
  if (args.length < 2 || args.length > 3) fail(`if takes 2 or 3 arguments, found ${args.length}`);
  const [cond, yes, no] = args;
  if (cond!.kind !== "boolean") fail(`if: the condition must be a boolean, found ${cond!.kind}`);
  let kind: Kind;
  const kinds = args.slice(1).map((a) => a.kind);
  if (kinds.every(isNumeric)) kind = commonNumeric(kinds);
  else if (kinds.every((k) => k === kinds[0])) kind = kinds[0]!;
  else return fail(`if: the branches have different types (${kinds.join(", ")})`);
  const m = e.mapMissingTo === undefined ? undefined : constOf(e.mapMissingTo, kind, mode, "mapMissingTo");
  const d = e.defaultValue === undefined ? undefined : constOf(e.defaultValue, kind, mode, "defaultValue");
  const branchMissing = no === undefined || yes!.nullable || no.nullable;
  const innerNullable = no === undefined || (m === undefined && (cond!.nullable || branchMissing));
  return {
    t: "apply",
    name: "if",
    fn: IF,
    args,
    argKinds: [cond!.kind, kind, kind],
    kind,
    nullable: innerNullable && d === undefined,
    innerNullable,
    mayFail: args.some((a) => a.mayFail),
    mapMissingTo: m,
    defaultValue: d,
    ivt: e.invalidValueTreatment ?? "returnInvalid",
    info: null,
    invalidPossible: false,
    mode,
  };
}

/**
 * `if` in a typed tree: its arity only. Typing, evaluation and lowering are special forms (only the
 * branch taken is evaluated), so the generic function paths must never reach it.
 */
const IF: FnDef = {
  arity: [2, 3],
  type: () => fail("internal: if"),
  evaluate: () => fail("internal: if"),
  lower: () => fail("internal: if"),
};

function constOf(c: ExprConst, kind: Kind, mode: Mode, what: string): Val {
  if (c === null || typeof c !== "object" || c.op !== "const") fail(`${what} must be a constant`);
  const from = mode.kind(c.type);
  const v = constValue(c, from);
  if (v === null) fail(`${what} cannot be missing`);
  if (!convertible(from, kind)) fail(`${what} ${JSON.stringify(c.value)} is not a ${kind}`);
  const converted = convertValue(v, from, kind);
  if (converted === REFUSED) return fail(`${what} ${JSON.stringify(c.value)} is not a ${kind}`);
  return converted;
}

function buildApply(e: ExprApply, inputs: readonly IRType[], mode: Mode): TApply {
  const name = e.fn;
  if (typeof name !== "string") return fail("apply without a function name");
  const refused = REFUSED_FNS[name];
  if (refused !== undefined) fail(`function ${name} ${refused}`);
  if (!Array.isArray(e.args)) fail(`${name}: args must be an array`);
  const args = e.args.map((a) => build(a, inputs, mode));
  if (name === "if") return buildIf(e, args, mode);
  const fn = FNS.get(name);
  if (fn === undefined) return fail(`unknown function ${JSON.stringify(name)} (user-defined functions must be inlined by the reader)`);
  if (args.length < fn.arity[0] || args.length > fn.arity[1]) {
    const [lo, hi] = fn.arity;
    fail(`${name} takes ${lo === hi ? lo : hi === Infinity ? `${lo} or more` : `${lo} to ${hi}`} arguments, found ${args.length}`);
  }
  const ivt = e.invalidValueTreatment ?? "returnInvalid";
  if (!["returnInvalid", "asMissing", "asIs"].includes(ivt)) fail(`${name}: invalidValueTreatment ${JSON.stringify(ivt)} is not one of returnInvalid, asMissing, asIs`);
  const typing = fn.type(args, mode, e);
  typing.argKinds.forEach((k, i) => {
    if (!convertible(args[i]!.kind, k) || conversionMayFail(args[i]!.kind, k)) fail(`internal: ${name} widens ${args[i]!.kind} to ${k}`);
  });
  const m = e.mapMissingTo === undefined ? undefined : constOf(e.mapMissingTo, typing.kind, mode, "mapMissingTo");
  const d = e.defaultValue === undefined ? undefined : constOf(e.defaultValue, typing.kind, mode, "defaultValue");
  const anyNullable = args.some((a) => a.nullable);
  const invalidPossible = fn.invalid !== undefined && (typing.mayInvalid ?? true);
  let fromArgs: boolean;
  if (m !== undefined) fromArgs = false;
  else if (fn.tolerant) fromArgs = typing.nullable ?? false;
  else fromArgs = anyNullable;
  const fromInvalid = invalidPossible && ivt === "asMissing";
  const innerNullable = fromArgs || fromInvalid;
  const mayFail = args.some((a) => a.mayFail) || (invalidPossible && (ivt === "returnInvalid" || (ivt === "asIs" && fn.strict === true)));
  return {
    t: "apply",
    name,
    fn,
    args,
    argKinds: typing.argKinds,
    kind: typing.kind,
    nullable: innerNullable && d === undefined,
    innerNullable,
    mayFail,
    mapMissingTo: m,
    defaultValue: d,
    ivt,
    info: typing.info ?? null,
    invalidPossible,
    mode,
  };
}

interface Compiled {
  root: TNode;
  /** The declared output kind. */
  kind: Kind;
  mode: Mode;
}

const compiledCache = new WeakMap<object, { key: string; compiled: Compiled }>();

function compile(params: ExprParams, inputs: readonly IRType[]): Compiled {
  const key = JSON.stringify(inputs);
  const cached = compiledCache.get(params);
  if (cached !== undefined && cached.key === key) return cached.compiled;
  if (params === null || typeof params !== "object") fail("params must be an object");
  const mc = params.mathContext ?? "double";
  if (mc !== "double" && mc !== "float") fail(`mathContext ${JSON.stringify(mc)} is not "double" or "float"`);
  const mode = new Mode(mc === "float");
  const root = build(params.expr, inputs, mode);
  const kind = params.type === undefined ? root.kind : params.type;
  if (!KINDS.includes(kind)) fail(`unknown result type ${JSON.stringify(kind)}`);
  if (!convertible(root.kind, kind)) fail(`the expression gives ${root.kind}, which does not convert to the declared ${kind}`);
  const compiled = { root, kind, mode };
  compiledCache.set(params, { key, compiled });
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function readInput(v: unknown, from: Kind, kind: Kind): Val {
  if (v === null || v === undefined) return null;
  switch (from) {
    case "long":
      return BigInt(v as number | bigint);
    case "int":
    case "double":
      return kind === "float" ? Math.fround(Number(v)) : Number(v);
    case "float":
      return Math.fround(Number(v));
    default:
      return v as Val;
  }
}

function convertOrRefuse(v: Val, from: Kind, to: Kind, truncate = false): Val {
  if (v === null) return null;
  const r = convertValue(v, from, to, truncate);
  if (r === REFUSED) throw new MissingValueError(`expr: ${conversionMessage(from, to, truncate)}`);
  return r;
}

function evalNode(n: TNode, row: readonly unknown[]): Val {
  switch (n.t) {
    case "const":
      return n.value;
    case "input":
      return readInput(row[n.index], n.from, n.kind) ?? n.mapMissingTo ?? null;
    case "cast":
      return convertOrRefuse(evalNode(n.arg, row), n.arg.kind, n.kind, n.truncate);
    case "invalid":
      throw new MissingValueError(`expr: ${n.reason}`);
    case "apply": {
      let r = n.name === "if" ? evalIf(n, row) : evalApply(n, row);
      if (r === null && n.defaultValue !== undefined) r = n.defaultValue;
      return r;
    }
  }
}

function evalIf(n: TApply, row: readonly unknown[]): Val {
  const c = evalNode(n.args[0]!, row);
  if (c === null) return n.mapMissingTo ?? null;
  const branch = c ? n.args[1] : n.args[2];
  if (branch === undefined) return null;
  const v = evalNode(branch, row);
  if (v === null) return n.mapMissingTo ?? null;
  return convertOrRefuse(v, branch.kind, n.kind);
}

function evalApply(n: TApply, row: readonly unknown[]): Val {
  const values = n.args.map((a) => evalNode(a, row));
  if (values.some((v) => v === null)) {
    if (n.mapMissingTo !== undefined) return n.mapMissingTo;
    if (!n.fn.tolerant) return null;
  }
  const args = values.map((v, i) => (v === null ? null : convertOrRefuse(v, n.args[i]!.kind, n.argKinds[i]!)));
  const raw = n.fn.evaluate(args, n);
  if (n.invalidPossible && n.fn.invalid!(args, raw, n)) {
    if (n.ivt === "asMissing") return null;
    if (n.ivt === "asIs" && n.fn.strict !== true) return raw;
    throw new MissingValueError(`expr: ${n.fn.invalidMessage ?? `${n.name}: an invalid result`}`);
  }
  return raw;
}

// ---------------------------------------------------------------------------------------------
// Lowering

const D = (x: number): JsonValue => (Object.is(x, -0) ? { "u-": new JsonDouble(0) } : Number.isInteger(x) ? new JsonDouble(x) : x);

function literal(v: Val, kind: Kind): JsonValue {
  switch (kind) {
    case "int":
      return v as number;
    case "long":
      return { long: typeof v === "bigint" && v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : (v as bigint) };
    case "double":
    case "float": {
      const x = v as number;
      if (!Number.isFinite(x)) return { type: kind, value: Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf" };
      if (kind === "double") return D(x);
      return Object.is(x, -0) ? { "u-": { float: new JsonDouble(0) } } : { float: Number.isInteger(x) ? new JsonDouble(x) : x };
    }
    case "string":
      return { string: v as string };
    case "boolean":
      return v as boolean;
  }
}

function avroOf(kind: Kind): JsonValue {
  return kind;
}

/** An expression cheap and pure enough to repeat: a symbol, an input field, a literal, a cast of one. */
function isSimple(x: JsonValue): boolean {
  if (x === null || typeof x !== "object" || x instanceof JsonDouble) return true;
  if (Array.isArray(x)) return false;
  const keys = Object.keys(x);
  if (keys.length === 1) {
    const k = keys[0]!;
    if (k === "long" || k === "float" || k === "double" || k === "int" || k === "string") return true;
    if (k === "cast.double" || k === "cast.float" || k === "cast.long" || k === "u-") return isSimple(x[k]!);
  }
  if (keys.length === 2 && "type" in x && "value" in x) return true;
  return false;
}

class Lowerer implements LowerHelpers {
  private readonly fcns = new Map<string, string>();
  constructor(
    private readonly ctx: LowerContext,
    private readonly inputs: readonly JsonValue[],
    readonly mode: Mode,
  ) {}

  lit(v: Val, kind: Kind): JsonValue {
    return literal(v, kind);
  }
  symbol(hint: string): string {
    return this.ctx.symbol(hint);
  }
  fcn(key: string, build: () => JsonValue): string {
    let name = this.fcns.get(key);
    if (name === undefined) {
      name = this.ctx.fcn(key, build());
      this.fcns.set(key, name);
    }
    return name;
  }
  dbl(x: JsonValue, k: Kind): JsonValue {
    return k === "double" ? x : { "cast.double": x };
  }
  fin(x: JsonValue, k: Kind): JsonValue {
    return k === "float" ? { "cast.float": x } : x;
  }
  /** A non-missing value of kind `from` widened (or converted) to `to`. */
  widen(x: JsonValue, from: Kind, to: Kind): JsonValue {
    if (from === to) return x;
    switch (to) {
      case "double":
        return { "cast.double": x };
      case "float":
        return { "cast.float": x };
      case "long":
        return { "cast.long": x };
      default:
        return fail(`internal: widening ${from} to ${to}`);
    }
  }
  /** A missing value of a kind (typed, so that it can meet `ifnotnull`). */
  missing(kind: Kind): JsonValue {
    return { type: [avroOf(kind), "null"], value: null };
  }

  /** The PFA of a converted non-missing value (a cast node, the declared output type). */
  convert(x: JsonValue, from: Kind, to: Kind, truncate = false): JsonValue {
    if (from === to) return x;
    const refuse = { error: `expr: ${conversionMessage(from, to, truncate)}` };
    if (from === "boolean") return { if: x, then: literal(to === "long" ? 1n : 1, to), else: literal(to === "long" ? 0n : 0, to) };
    if (to === "boolean") {
      const one = literal(from === "long" ? 1n : 1, from);
      const zero = literal(from === "long" ? 0n : 0, from);
      return this.bind(x, "v", (v) => ({ if: { "==": [v, one] }, then: true, else: { if: { "==": [v, zero] }, then: false, else: refuse } }));
    }
    if (to === "int" && from === "long") {
      return this.bind(x, "v", (v): JsonValue => ({ if: { "&&": [{ ">=": [v, { long: INT_MIN }] }, { "<=": [v, { long: INT_MAX }] }] }, then: { "cast.int": v }, else: refuse }));
    }
    if ((to === "int" || to === "long") && isFloating(from)) {
      const [lo, hi] = to === "int" ? [INT_MIN, 2 ** 31] : [-TWO_63, TWO_63];
      if (truncate) {
        return this.bind(x, "v", (v): JsonValue => {
          const d = this.dbl(v, from);
          const t = this.symbol("t");
          const inRange: JsonValue = { "&&": [{ ">=": [t, D(lo)] }, { "<": [t, D(hi)] }] };
          return { do: [{ let: { [t]: { if: { "<": [d, D(0)] }, then: { "m.ceil": d }, else: { "m.floor": d } } } }, { if: inRange, then: { [`cast.${to}`]: t }, else: refuse }] };
        });
      }
      return this.bind(x, "v", (v): JsonValue => {
        const d = this.dbl(v, from);
        const whole: JsonValue = { "==": [d, { "m.floor": d }] };
        const inRange: JsonValue = { "&&": [{ ">=": [d, D(lo)] }, { "<": [d, D(hi)] }] };
        return { if: { "&&": [whole, inRange] }, then: { [`cast.${to}`]: v }, else: refuse };
      });
    }
    return this.widen(x, from, to);
  }

  /** `body` of `x` by name: `x` itself when simple, else bound by a `let` first. */
  bind(x: JsonValue, hint: string, body: (v: JsonValue) => JsonValue): JsonValue {
    if (isSimple(x)) return body(x);
    const v = this.symbol(hint);
    return { do: [{ let: { [v]: x } }, body(v)] };
  }

  /** The PFA of a node: its kind, a union with null when nullable. */
  lower(n: TNode): JsonValue {
    switch (n.t) {
      case "const":
        return n.value === null ? this.missing(n.kind) : literal(n.value, n.kind);
      case "input": {
        const x = this.inputs[n.index]!;
        if (n.mapMissingTo !== undefined && n.columnNullable) {
          const v = this.symbol("v");
          return { ifnotnull: { [v]: x }, then: this.widen(v, n.from, n.kind), else: literal(n.mapMissingTo, n.kind) };
        }
        if (n.from === n.kind) return x;
        return this.mapPresent(x, n.nullable, (v) => this.widen(v, n.from, n.kind));
      }
      case "cast": {
        const x = this.lower(n.arg);
        return this.mapPresent(x, n.arg.nullable, (v) => this.convert(v, n.arg.kind, n.kind, n.truncate));
      }
      case "invalid":
        return { error: `expr: ${n.reason}` };
      case "apply": {
        const inner = n.name === "if" ? this.lowerIf(n) : this.lowerApply(n);
        if (n.defaultValue === undefined || !n.innerNullable) return inner;
        const r = this.symbol("r");
        return { ifnotnull: { [r]: inner }, then: r, else: literal(n.defaultValue, n.kind) };
      }
    }
  }

  /** `f` of a value that may be missing (missing stays missing). */
  private mapPresent(x: JsonValue, nullableX: boolean, f: (v: JsonValue) => JsonValue): JsonValue {
    if (!nullableX) return f(x);
    const v = this.symbol("v");
    return { ifnotnull: { [v]: x }, then: f(v), else: null };
  }

  /** A node as a value of `kind` (constants written directly in it). */
  private lowerAs(n: TNode, kind: Kind): JsonValue {
    if (n.t === "const" && n.value !== null) return literal(convertValue(n.value, n.kind, kind) as Val, kind);
    return this.mapPresent(this.lower(n), n.nullable, (v) => this.widen(v, n.kind, kind));
  }

  private lowerIf(n: TApply): JsonValue {
    const [cond, yes, no] = n.args;
    const m = n.mapMissingTo === undefined ? null : literal(n.mapMissingTo, n.kind);
    const branch = (b: TNode | undefined): JsonValue => {
      if (b === undefined) return null;
      if (!b.nullable) return this.lowerAs(b, n.kind);
      if (m === null && b.kind === n.kind) return this.lower(b);
      const v = this.symbol("v");
      return { ifnotnull: { [v]: this.lower(b) }, then: this.widen(v, b.kind, n.kind), else: m };
    };
    const c = this.lower(cond!);
    const choose = (test: JsonValue): JsonValue => ({ if: test, then: branch(yes), else: branch(no) });
    if (!cond!.nullable) return choose(c);
    const s = this.symbol("c");
    return { ifnotnull: { [s]: c }, then: choose(s), else: m };
  }

  private lowerApply(n: TApply): JsonValue {
    const fn = n.fn;
    const lets: Record<string, JsonValue> = {};
    const present: Record<string, JsonValue> = {};
    const hasCheck = this.checks(n) && fn.invalidUsesArgs !== false;
    const reuses = typeof fn.reuses === "function" ? fn.reuses(n) : fn.reuses === true;
    const gatesMissing = !fn.tolerant || n.mapMissingTo !== undefined;
    // Whether the PFA might not evaluate an argument: inside an ifnotnull, or after a short-circuit.
    const gated = gatesMissing && n.args.some((a) => a.nullable);
    const args = n.args.map((a, i) => {
      const x = this.lower(a);
      if (a.nullable && gatesMissing) {
        const v = this.symbol("v");
        present[v] = x;
        return v as JsonValue;
      }
      // Arguments are all evaluated (as the reference evaluator does): one that may refuse the row is
      // bound before a test could skip it; one the lowering repeats is bound to be computed once.
      const skippable = gated || (fn.shortCircuits === true && i > 0);
      if (!isSimple(x) && ((a.mayFail && skippable) || hasCheck || reuses)) {
        const v = this.symbol("v");
        lets[v] = x;
        return v as JsonValue;
      }
      return x;
    });
    const core = (xs: JsonValue[]): JsonValue => {
      const widened = xs.map((x, i) => {
        const a = n.args[i]!;
        if (a.t === "const" && a.value !== null) return literal(convertValue(a.value, a.kind, n.argKinds[i]!) as Val, n.argKinds[i]!);
        return a.nullable && !gatesMissing ? x : this.widen(x, a.kind, n.argKinds[i]!);
      });
      return this.withInvalid(n, widened);
    };
    let body = core(args);
    if (Object.keys(present).length > 0) {
      body = { ifnotnull: present, then: body, else: n.mapMissingTo !== undefined ? literal(n.mapMissingTo, n.kind) : null };
    }
    if (Object.keys(lets).length > 0) body = { do: [{ let: lets }, body] };
    return body;
  }

  private checks(n: TApply): boolean {
    if (!n.invalidPossible || n.fn.lowerInvalid === undefined) return false;
    if (n.ivt === "asIs" && n.fn.strict !== true) return false;
    return true;
  }

  private withInvalid(n: TApply, args: JsonValue[]): JsonValue {
    const fn = n.fn;
    const raw = fn.lower(args, n, this);
    const finish = (r: JsonValue): JsonValue => (fn.lowerFinish === undefined ? r : fn.lowerFinish(r, n, this));
    if (!this.checks(n)) return finish(raw);
    const onInvalid: JsonValue = n.ivt === "asMissing" ? null : { error: `expr: ${fn.invalidMessage ?? `${n.name}: an invalid result`}` };
    if (fn.invalidUsesResult === true) {
      const r = this.symbol("r");
      return { do: [{ let: { [r]: raw } }, { if: fn.lowerInvalid!(args, n, this, r), then: onInvalid, else: finish(r) }] };
    }
    const cond = fn.lowerInvalid!(args, n, this, null);
    if (cond === false) return finish(raw);
    return { if: cond, then: onInvalid, else: finish(raw) };
  }
}

// ---------------------------------------------------------------------------------------------
// The op

function outputType(c: Compiled): IRType {
  const t: IRType = { kind: c.kind };
  return c.root.nullable ? nullable(t) : t;
}

export const expr = defineOp<ExprParams>({
  name: "expr",
  summary: "an expression over the input columns (PMML's built-in functions, with their missing-value rules)",
  outputTypes(params, inputs) {
    return [outputType(compile(params, inputs))];
  },
  evaluate(params, inputs, types) {
    const c = compile(params, types);
    const v = evalNode(c.root, inputs);
    return [outputValue(convertOrRefuse(v, c.root.kind, c.kind))];
  },
  lower(params, inputs, types, ctx) {
    const c = compile(params, types);
    const l = new Lowerer(ctx, inputs, c.mode);
    const x = l.lower(c.root);
    if (c.kind === c.root.kind) return [x];
    const root = c.root;
    if (!root.nullable) return [l.convert(x, root.kind, c.kind)];
    const v = ctx.symbol("v");
    return [{ ifnotnull: { [v]: x }, then: l.convert(v, root.kind, c.kind), else: null }];
  },
  arbitrary(random) {
    return arbitraryExpr(random);
  },
  arbitraryInputs(_params, inputs, random) {
    return inputs.map((t) => arbitraryValue(t, random));
  },
});
