/**
 * fieldPrep: PMML's preparation of an input field, as its DataDictionary entry (DataField: dataType,
 * Values with their property, Intervals) and the model's MiningField (missing, invalid and outlier
 * treatments) define it. One column in, the field's value as the model sees it out.
 *
 * Semantics (PMML 4.4 "DataDictionary" and "MiningSchema", as jpmml-evaluator reads them):
 *
 * 1. A missing input (null) takes the missing-value path: `missingTreatment` "returnInvalid" refuses
 *    the row; otherwise the value is `missingReplacement` (missing when null). PMML's asMean, asMode,
 *    asMedian and asValue differ only in where the replacement came from: they are "asIs" here.
 * 2. The value is converted to the field's type (`type`): numbers widen to double; to float they are
 *    rounded to float32; to int they must be whole and within the 32-bit range, otherwise the value is
 *    not compatible with the field, and invalid. Strings and booleans stay as they are.
 * 3. Its status: the first Value (in document order) equal to it gives its property ("valid", "invalid"
 *    or "missing"; a value that did not convert matches none); numbers compare numerically, NaN equal
 *    to NaN. Otherwise, when `intervals` are given (continuous fields), a value inside one of them is
 *    valid and any other invalid; intervals order numbers as Java's Double.compareTo does for ranges,
 *    NaN above every number (so an interval without a right margin contains NaN). Otherwise a field
 *    with at least one valid Value makes every other value invalid; with none, every value is valid.
 * 4. A valid value then meets the outlier treatment (numbers only): "asMissingValues" makes a value
 *    below `lowValue` or above `highValue` missing (then `missingReplacement` applies, never a refusal),
 *    "asExtremeValues" replaces it with that bound; the comparisons are IEEE's (NaN is no outlier).
 * 5. An invalid value meets `invalidTreatment`: "returnInvalid" refuses the row, "asIs" keeps it (or
 *    gives `invalidReplacement` when set, as jpmml-evaluator does; a value that did not convert cannot be
 *    kept and refuses the row), "asMissing" makes it missing (then `missingReplacement`), "asValue" gives
 *    `invalidReplacement`.
 * 6. A value whose Value says "missing" takes the missing-value path of step 1.
 *
 * -0 and 0 are the same number here (in equality and in intervals).
 */
import { defineOp, type LowerContext } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { describeType, nonNull, nullable, type IRType } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import type { Closure } from "./bucketize.js";
import {
  type Real,
  type Scalar,
  doubleExpr,
  randomDouble,
  randomInt,
  real,
  scalarEquals,
  scalarExpr,
  scalarType,
  scalarValue,
  toReal,
} from "./feature-util.js";

/** The prepared value's type: PMML's dataType string, double, float, integer (int) or boolean. */
export type PrepKind = "double" | "float" | "int" | "string" | "boolean";

export type ValueProperty = "valid" | "invalid" | "missing";

export interface PrepInterval {
  closure: Closure;
  /** The left margin; null: unbounded. */
  left: Real | null;
  /** The right margin; null: unbounded. */
  right: Real | null;
}

export interface FieldPrepParams {
  type: PrepKind;
  /** The DataField's Value elements in document order, each a value of `type` with its property. */
  values: { value: Scalar; property: ValueProperty }[];
  /** The DataField's Interval elements (numbers only); empty: none. */
  intervals: PrepInterval[];
  /** MiningField@missingValueReplacement, of `type`; null: none. */
  missingReplacement: Scalar | null;
  /** "returnInvalid" refuses a missing value; "asIs" keeps it missing (or replaced). */
  missingTreatment: "asIs" | "returnInvalid";
  invalidTreatment: "returnInvalid" | "asIs" | "asMissing" | "asValue";
  /** MiningField@invalidValueReplacement, of `type`; null: none (required by "asValue"). */
  invalidReplacement: Scalar | null;
  outliers: "asIs" | "asMissingValues" | "asExtremeValues";
  lowValue: Real | null;
  highValue: Real | null;
}

type V = number | string | boolean;

interface Resolved {
  type: PrepKind;
  values: { value: V; property: ValueProperty }[];
  intervals: { left: number; right: number; leftClosed: boolean; rightClosed: boolean }[];
  missingReplacement: V | null;
  missingTreatment: "asIs" | "returnInvalid";
  invalidTreatment: FieldPrepParams["invalidTreatment"];
  invalidReplacement: V | null;
  outliers: FieldPrepParams["outliers"];
  low: number | null;
  high: number | null;
  /** The clamp values of asExtremeValues, converted to the type. */
  lowValue: V | null;
  highValue: V | null;
  hasValid: boolean;
}

const NAME = "fieldPrep";
const KINDS: readonly PrepKind[] = ["double", "float", "int", "string", "boolean"];
const CLOSURES: readonly Closure[] = ["openClosed", "openOpen", "closedOpen", "closedClosed"];
const NUMERIC = new Set(["double", "float", "int", "long"]);
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function isNumberKind(k: string): boolean {
  return NUMERIC.has(k);
}

function resolve(p: FieldPrepParams): Resolved {
  if (p === null || typeof p !== "object") throw new Error(`${NAME}: params must be an object`);
  if (!KINDS.includes(p.type)) throw new Error(`${NAME}: type must be one of ${KINDS.join(", ")}, found ${JSON.stringify(p.type)}`);
  const numeric = isNumberKind(p.type);
  const value = (v: Scalar, what: string): V => scalarValue(p.type, v, `${NAME}: ${what}`);
  if (!Array.isArray(p.values)) throw new Error(`${NAME}: values must be an array`);
  const values = p.values.map((x, i) => {
    if (!["valid", "invalid", "missing"].includes(x.property)) throw new Error(`${NAME}: values[${i}] has property ${JSON.stringify(x.property)}`);
    return { value: value(x.value, `values[${i}]`), property: x.property };
  });
  if (!Array.isArray(p.intervals)) throw new Error(`${NAME}: intervals must be an array`);
  if (p.intervals.length > 0 && !numeric) throw new Error(`${NAME}: intervals need a numeric type, found ${p.type}`);
  const intervals = p.intervals.map((b, i) => {
    if (!CLOSURES.includes(b.closure)) throw new Error(`${NAME}: interval ${i} has closure ${JSON.stringify(b.closure)}`);
    const left = b.left === null || b.left === undefined ? -Infinity : real(b.left, `${NAME}: interval ${i} left margin`);
    const right = b.right === null || b.right === undefined ? Infinity : real(b.right, `${NAME}: interval ${i} right margin`);
    if (Number.isNaN(left) || Number.isNaN(right)) throw new Error(`${NAME}: interval ${i} has a NaN margin`);
    return {
      left,
      right,
      leftClosed: b.left === null || b.left === undefined || b.closure === "closedOpen" || b.closure === "closedClosed",
      // An unbounded right end reaches NaN, the top of the order.
      rightClosed: b.right === null || b.right === undefined || b.closure === "openClosed" || b.closure === "closedClosed",
    };
  });
  const opt = (v: Scalar | null | undefined, what: string): V | null => (v === null || v === undefined ? null : value(v, what));
  if (p.missingTreatment !== "asIs" && p.missingTreatment !== "returnInvalid") throw new Error(`${NAME}: missingTreatment must be asIs or returnInvalid, found ${JSON.stringify(p.missingTreatment)}`);
  if (!["returnInvalid", "asIs", "asMissing", "asValue"].includes(p.invalidTreatment)) throw new Error(`${NAME}: invalidTreatment must be returnInvalid, asIs, asMissing or asValue, found ${JSON.stringify(p.invalidTreatment)}`);
  if (!["asIs", "asMissingValues", "asExtremeValues"].includes(p.outliers)) throw new Error(`${NAME}: outliers must be asIs, asMissingValues or asExtremeValues, found ${JSON.stringify(p.outliers)}`);
  const missingReplacement = opt(p.missingReplacement, "missingReplacement");
  const invalidReplacement = opt(p.invalidReplacement, "invalidReplacement");
  if (p.invalidTreatment === "asValue" && invalidReplacement === null) throw new Error(`${NAME}: invalidTreatment asValue needs an invalidReplacement`);
  let low: number | null = null;
  let high: number | null = null;
  if (p.outliers !== "asIs") {
    if (!numeric) throw new Error(`${NAME}: outlier treatment needs a numeric type, found ${p.type}`);
    low = p.lowValue === null || p.lowValue === undefined ? null : real(p.lowValue, `${NAME}: lowValue`);
    high = p.highValue === null || p.highValue === undefined ? null : real(p.highValue, `${NAME}: highValue`);
    if (low === null && high === null) throw new Error(`${NAME}: outlier treatment needs lowValue or highValue`);
    if ((low !== null && Number.isNaN(low)) || (high !== null && Number.isNaN(high))) throw new Error(`${NAME}: lowValue and highValue must not be NaN`);
    if (low !== null && high !== null && low > high) throw new Error(`${NAME}: lowValue ${low} is above highValue ${high}`);
  }
  const clampValue = (x: number | null, what: string): V | null => {
    if (x === null || p.outliers !== "asExtremeValues") return null;
    const c = convert(p.type, "double", x);
    if (c === INCOMPATIBLE) throw new Error(`${NAME}: ${what} ${x} is not a value of type ${p.type}`);
    return c;
  };
  return {
    type: p.type,
    values,
    intervals,
    missingReplacement,
    missingTreatment: p.missingTreatment,
    invalidTreatment: p.invalidTreatment,
    invalidReplacement,
    outliers: p.outliers,
    low,
    high,
    lowValue: clampValue(low, "lowValue"),
    highValue: clampValue(high, "highValue"),
    hasValid: values.some((x) => x.property === "valid"),
  };
}

function checkInput(type: PrepKind, t: IRType): void {
  const k = nonNull(t).kind;
  const ok = isNumberKind(type) ? isNumberKind(k) : k === type;
  if (!ok) throw new Error(`${NAME}: a ${type} field cannot be read from a ${describeType(t)} column`);
}

const INCOMPATIBLE = Symbol("incompatible");

/** The input value converted to the field's type, or INCOMPATIBLE. */
function convert(type: PrepKind, from: string, v: unknown): V | typeof INCOMPATIBLE {
  switch (type) {
    case "double":
      return Number(v);
    case "float":
      return Math.fround(Number(v));
    case "int": {
      const x = Number(v);
      if (from === "int") return x;
      return Number.isInteger(x) && x >= INT_MIN && x <= INT_MAX ? x + 0 : INCOMPATIBLE;
    }
    default:
      return v as V;
  }
}

/** a <= b in the order of intervals (NaN above every number, -0 equal to 0). */
function orderLessEq(a: number, b: number): boolean {
  if (Number.isNaN(b)) return true;
  if (Number.isNaN(a)) return false;
  return a <= b;
}
function orderLess(a: number, b: number): boolean {
  return orderLessEq(a, b) && !(a === b || (Number.isNaN(a) && Number.isNaN(b)));
}

function inIntervals(r: Resolved, x: number): boolean {
  return r.intervals.some((b) => {
    const leftOk = b.left === -Infinity && b.leftClosed ? true : b.leftClosed ? orderLessEq(b.left, x) : orderLess(b.left, x);
    // An unbounded right end takes everything above the left one, NaN included.
    const rightOk = b.right === Infinity && b.rightClosed ? true : b.rightClosed ? orderLessEq(x, b.right) : orderLess(x, b.right);
    return leftOk && rightOk;
  });
}

type Outcome = { value: V | null } | { refuse: string };

function missingPath(r: Resolved, allowRefusal: boolean): Outcome {
  if (allowRefusal && r.missingTreatment === "returnInvalid") return { refuse: `${NAME}: a missing value (missingValueTreatment returnInvalid)` };
  return { value: r.missingReplacement };
}

function invalidPath(r: Resolved, value: V | null): Outcome {
  switch (r.invalidTreatment) {
    case "returnInvalid":
      return { refuse: `${NAME}: an invalid value (invalidValueTreatment returnInvalid)` };
    case "asIs":
      if (r.invalidReplacement !== null) return { value: r.invalidReplacement };
      if (value === null) return { refuse: `${NAME}: an invalid value that does not convert to the field's type cannot be kept as is` };
      return { value };
    case "asMissing":
      return missingPath(r, false);
    case "asValue":
      return { value: r.invalidReplacement };
  }
}

function validPath(r: Resolved, value: V): Outcome {
  if (r.outliers === "asIs") return { value };
  const x = value as number;
  const below = r.low !== null && x < r.low;
  const above = r.high !== null && x > r.high;
  if (r.outliers === "asMissingValues") return below || above ? missingPath(r, false) : { value };
  if (below) return { value: r.lowValue };
  if (above) return { value: r.highValue };
  return { value };
}

function prepare(r: Resolved, from: string, v: unknown): Outcome {
  if (v === null || v === undefined) return missingPath(r, true);
  const c = convert(r.type, from, v);
  if (c === INCOMPATIBLE) return invalidPath(r, null);
  for (const x of r.values) {
    if (scalarEquals(c, x.value)) {
      if (x.property === "valid") return validPath(r, c);
      if (x.property === "invalid") return invalidPath(r, c);
      return missingPath(r, true);
    }
  }
  if (r.intervals.length > 0) return inIntervals(r, c as number) ? validPath(r, c) : invalidPath(r, c);
  return r.hasValid ? invalidPath(r, c) : validPath(r, c);
}

/** Whether the output may be missing. */
function outputNullable(r: Resolved, input: IRType): boolean {
  if (r.missingReplacement !== null) return false;
  if (input.kind === "nullable" && r.missingTreatment === "asIs") return true;
  if (r.values.some((x) => x.property === "missing") && r.missingTreatment === "asIs") return true;
  if (r.invalidTreatment === "asMissing") return true;
  return r.outliers === "asMissingValues";
}

// ---------------------------------------------------------------------------------------------
// Lowering

/** `a < b` as IEEE 754 says: PFA orders NaN above every number, so the guard is on `b` (a number here). */
function ieeeLess(a: JsonValue, b: JsonValue): JsonValue {
  return { "<": [a, b] };
}
/** `a > b` as IEEE 754 says (false when `a` is NaN). */
function ieeeGreater(a: JsonValue, b: JsonValue): JsonValue {
  return { "&&": [{ ">": [a, b] }, { "!": { "impute.isnan": a } }] };
}

class Lowerer {
  constructor(
    private readonly r: Resolved,
    private readonly ctx: LowerContext,
  ) {}

  lit(v: V): JsonValue {
    return scalarExpr(this.r.type, v);
  }

  outcome(o: Outcome): JsonValue {
    if ("refuse" in o) return { error: o.refuse };
    return o.value === null ? null : this.lit(o.value);
  }

  missing(allowRefusal: boolean): JsonValue {
    return this.outcome(missingPath(this.r, allowRefusal));
  }

  invalid(y: JsonValue | null): JsonValue {
    const r = this.r;
    if (r.invalidTreatment === "asIs" && r.invalidReplacement === null && y !== null) return y;
    return this.outcome(invalidPath(r, null));
  }

  valid(y: JsonValue): JsonValue {
    const r = this.r;
    if (r.outliers === "asIs") return y;
    const x = r.type === "double" ? y : { "cast.double": y };
    const below = r.low === null ? null : ieeeLess(x, doubleExpr(r.low));
    const above = r.high === null ? null : ieeeGreater(x, doubleExpr(r.high));
    if (r.outliers === "asMissingValues") {
      const out = below !== null && above !== null ? { "||": [below, above] } : (below ?? above)!;
      return { if: out, then: this.missing(false), else: y };
    }
    let body: JsonValue = y;
    if (above !== null) body = { if: above, then: this.lit(r.highValue!), else: body };
    if (below !== null) body = { if: below, then: this.lit(r.lowValue!), else: body };
    return body;
  }

  equals(y: JsonValue, v: V): JsonValue {
    if (typeof v === "number" && Number.isNaN(v)) return { "impute.isnan": this.r.type === "double" ? y : { "cast.double": y } };
    return { "==": [y, this.lit(v)] };
  }

  inIntervals(y: JsonValue): JsonValue {
    const x = this.r.type === "double" ? y : { "cast.double": y };
    const tests = this.r.intervals.map((b): JsonValue => {
      const parts: JsonValue[] = [];
      // PFA orders NaN above every number, as the intervals do.
      if (b.left !== -Infinity || !b.leftClosed) parts.push({ [b.leftClosed ? "<=" : "<"]: [doubleExpr(b.left), x] });
      if (b.right !== Infinity || !b.rightClosed) parts.push({ [b.rightClosed ? "<=" : "<"]: [x, doubleExpr(b.right)] });
      if (parts.length === 0) return true;
      return parts.length === 1 ? parts[0]! : { "&&": parts };
    });
    return tests.length === 1 ? tests[0]! : tests.reduce((a, b) => ({ "||": [a, b] }));
  }

  status(y: JsonValue): JsonValue {
    const r = this.r;
    let rest: JsonValue;
    if (r.intervals.length > 0) rest = { if: this.inIntervals(y), then: this.valid(y), else: this.invalid(y) };
    else rest = r.hasValid ? this.invalid(y) : this.valid(y);
    for (let i = r.values.length - 1; i >= 0; i--) {
      const x = r.values[i]!;
      const branch = x.property === "valid" ? this.valid(y) : x.property === "invalid" ? this.invalid(y) : this.missing(true);
      rest = { if: this.equals(y, x.value), then: branch, else: rest };
    }
    return rest;
  }

  /** The PFA of a present input value `v` of kind `from`. */
  present(v: JsonValue, from: string): JsonValue {
    const r = this.r;
    if (r.type === "int" && from !== "int") {
      const d = from === "double" ? v : { "cast.double": v };
      const compatible: JsonValue = { "&&": [{ "==": [d, { "m.floor": d }] }, { "&&": [{ ">=": [d, doubleExpr(INT_MIN)] }, { "<": [d, doubleExpr(INT_MAX + 1)] }] }] };
      const y = this.ctx.symbol("y");
      return { if: compatible, then: { do: [{ let: { [y]: { "cast.int": v } } }, this.status(y)] }, else: this.invalid(null) };
    }
    if (r.type === from) return this.status(v);
    const y = this.ctx.symbol("y");
    const conv: JsonValue = r.type === "double" ? { "cast.double": v } : { "cast.float": v };
    return { do: [{ let: { [y]: conv } }, this.status(y)] };
  }
}

export const fieldPrep = defineOp<FieldPrepParams>({
  name: NAME,
  summary: "PMML's preparation of an input field: valid, invalid and missing values, outliers, replacements",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`${NAME} takes one column, found ${inputs.length}`);
    const r = resolve(params);
    checkInput(r.type, inputs[0]!);
    const t = scalarType(r.type);
    return [outputNullable(r, inputs[0]!) ? nullable(t) : t];
  },
  evaluate(params, inputs, types) {
    const r = resolve(params);
    const o = prepare(r, nonNull(types[0]!).kind, inputs[0]);
    if ("refuse" in o) throw new MissingValueError(o.refuse);
    return [o.value];
  },
  lower(params, inputs, types, ctx) {
    const r = resolve(params);
    const l = new Lowerer(r, ctx);
    const t = types[0]!;
    const from = nonNull(t).kind;
    if (t.kind !== "nullable") {
      const v = ctx.symbol("v");
      return [{ do: [{ let: { [v]: inputs[0]! } }, l.present(v, from)] }];
    }
    const v = ctx.symbol("v");
    return [{ ifnotnull: { [v]: inputs[0]! }, then: l.present(v, from), else: l.missing(true) }];
  },
  arbitrary(random) {
    const type = pick(random, ["double", "double", "float", "int", "string", "boolean"] as const);
    const numeric = isNumberKind(type);
    const input: IRType = numeric ? { kind: pick(random, ["double", "double", "float", "int"] as const) } : { kind: type };
    const pool = (): Scalar => {
      switch (type) {
        case "string":
          return pick(random, ["a", "b", "c", "?", ""]);
        case "boolean":
          return random() < 0.5;
        case "int":
          return randomInt(random, -3, 3);
        case "float":
          return toReal(Math.fround(pick(random, [0.5, -1, 2, NaN])));
        default:
          return toReal(pick(random, [0.5, -1, 2, 0, NaN]));
      }
    };
    const values = Array.from({ length: randomInt(random, 0, 4) }, () => ({ value: pool(), property: pick(random, ["valid", "valid", "invalid", "missing"] as const) }));
    const intervals: PrepInterval[] =
      numeric && random() < 0.5
        ? Array.from({ length: randomInt(random, 1, 2) }, () => {
            const a = randomInt(random, -3, 1);
            return { closure: pick(random, CLOSURES), left: random() < 0.2 ? null : a, right: random() < 0.2 ? null : a + randomInt(random, 0, 3) };
          })
        : [];
    const outliers = numeric && random() < 0.5 ? pick(random, ["asMissingValues", "asExtremeValues"] as const) : "asIs";
    const low = randomInt(random, -2, 0);
    const params: FieldPrepParams = {
      type,
      values,
      intervals,
      missingReplacement: random() < 0.3 ? pool() : null,
      missingTreatment: random() < 0.2 ? "returnInvalid" : "asIs",
      invalidTreatment: pick(random, ["returnInvalid", "asIs", "asMissing", "asValue"] as const),
      invalidReplacement: null,
      outliers,
      lowValue: outliers === "asIs" || random() < 0.2 ? null : low,
      highValue: outliers === "asIs" ? null : low + randomInt(random, 0, 3),
    };
    if (params.outliers !== "asIs" && params.lowValue === null && params.highValue === null) params.lowValue = low;
    if (params.invalidTreatment === "asValue" || (params.invalidTreatment === "asIs" && random() < 0.3)) params.invalidReplacement = pool();
    if (params.missingReplacement !== null && typeof params.missingReplacement === "string" && params.missingReplacement === "NaN" && type === "int") params.missingReplacement = 0;
    return { params, inputs: [random() < 0.7 ? nullable(input) : input] };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.15) return [null];
    const k = nonNull(t).kind;
    if (k === "string") return [pick(random, ["a", "b", "c", "?", "", "zz"])];
    if (k === "boolean") return [random() < 0.5];
    const anchors: number[] = [0, 1, -1, 2, 0.5, -2, 3];
    for (const x of params.values) if (typeof x.value === "number") anchors.push(x.value);
    let x = random() < 0.08 ? NaN : random() < 0.7 ? pick(random, anchors) + pick(random, [0, 0, 0, 0.5, -0.5]) : randomDouble(random);
    if (k === "int") x = Number.isFinite(x) ? Math.round(x) : 0;
    if (k === "float") x = Math.fround(x);
    return [Object.is(x, -0) ? 0 : x];
  },
});
