/**
 * impute: a missing value replaced by a fixed one, for a number, a string, a boolean, or each element
 * of a vector. Missing means null, and also NaN (`replaceNaN`) and a sentinel value (`replaceValue`)
 * where the format says so:
 *
 * - Spark ImputerModel: null, and values equal to missingValue (default NaN: `replaceNaN`; otherwise
 *   `replaceValue`, and then NaN is kept), replaced by the surrogate cast to the column's type (the reader
 *   casts: Spark truncates toward zero for integer columns);
 * - MLeap imputer: null, NaN and missing_value (when given);
 * - ONNX Imputer: elements equal to replaced_value_float / replaced_value_int64 (NaN: `replaceNaN`)
 *   replaced by imputed_value_floats / imputed_value_int64s (one value or one per element);
 * - PMML MiningField missingValueReplacement: null only.
 *
 * The output is never missing: a missing vector becomes the vector of replacement values.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, FLOAT, INT, LONG, STRING, BOOLEAN, type IRType, describeType, nonNull, nullable, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import {
  type Scalar,
  type ScalarKind,
  ARRAY_DOUBLE,
  doubleData,
  lengthGuard,
  randomDouble,
  randomInt,
  randomNumberOf,
  scalarEquals,
  scalarExpr,
  scalarKindOf,
  scalarValue,
  toReal,
} from "./feature-util.js";

export interface ImputeParams {
  /** The replacement: one value (for a number, a string, a boolean, or every element of a vector) or one per element of a vector. */
  value: Scalar[];
  /** Whether NaN counts as missing (numbers and vectors only). */
  replaceNaN: boolean;
  /** A value that also counts as missing (Spark missingValue, ONNX replaced_value_*); NaN here means `replaceNaN`; null: none. */
  replaceValue: Scalar | null;
}

interface Resolved {
  /** The element kind: the scalar's, or "double" for vectors. */
  kind: ScalarKind;
  /** The vector size, or null (unknown), or "scalar". */
  size: number | null | "scalar";
  values: (number | string | boolean)[];
  replaceNaN: boolean;
  replaceValue: number | string | boolean | null;
}

function resolve(params: ImputeParams, t: IRType): Resolved {
  const n = nonNull(t);
  let kind: ScalarKind;
  let size: number | null | "scalar";
  if (n.kind === "vector") {
    kind = "double";
    size = n.size;
  } else {
    const k = scalarKindOf(n);
    if (k === null) throw new Error(`impute takes a number, a string, a boolean or a vector, found ${describeType(t)}`);
    kind = k;
    size = "scalar";
  }
  if (!Array.isArray(params.value) || params.value.length === 0) throw new Error("impute: no replacement value");
  const values = params.value.map((v, i) => scalarValue(kind, v, `impute: value[${i}]`));
  if (values.length > 1) {
    if (size === "scalar") throw new Error(`impute: ${values.length} replacement values for a single column`);
    if (size !== null && size !== values.length) throw new Error(`impute: ${values.length} replacement values for a vector of ${size}`);
  }
  let replaceNaN = params.replaceNaN === true;
  let replaceValue = params.replaceValue === null || params.replaceValue === undefined ? null : scalarValue(kind, params.replaceValue, "impute: replaceValue");
  if (typeof replaceValue === "number" && Number.isNaN(replaceValue)) {
    replaceNaN = true;
    replaceValue = null;
  }
  if (replaceNaN && kind !== "double" && kind !== "float") replaceNaN = false; // integers, strings and booleans have no NaN
  return { kind, size, values, replaceNaN, replaceValue };
}

function isMissing(r: Resolved, x: unknown): boolean {
  if (x === null || x === undefined) return true;
  if (r.replaceNaN && typeof x === "number" && Number.isNaN(x)) return true;
  return r.replaceValue !== null && scalarEquals(x, r.replaceValue);
}

export const impute = defineOp<ImputeParams>({
  name: "impute",
  summary: "replace missing values (null, NaN, a sentinel) by fixed values",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`impute takes one column, found ${inputs.length}`);
    const t = inputs[0]!;
    const r = resolve(params, t);
    if (r.size === "scalar") return [nonNull(t)];
    const size = r.size ?? (r.values.length > 1 ? r.values.length : null);
    if (t.kind === "nullable" && size === null) throw new Error("impute: a missing vector of unknown size cannot be replaced by one value per element; give one value per element");
    return [vector(size)];
  },
  evaluate(params, inputs, types) {
    const r = resolve(params, types[0]!);
    const v = inputs[0];
    if (r.size === "scalar") return [isMissing(r, v) ? r.values[0] : v];
    const n = r.values.length > 1 ? r.values.length : (r.size as number);
    if (v === null || v === undefined) return [Array.from({ length: n }, (_, i) => r.values[r.values.length > 1 ? i : 0])];
    if (r.values.length > 1 && (v as number[]).length !== n) throw new MissingValueError(`impute: a vector of ${(v as number[]).length} elements, expected ${n}`);
    return [(v as number[]).map((x, i) => (isMissing(r, x) ? r.values[r.values.length > 1 ? i : 0] : x))];
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const r = resolve(params, t);
    // The test for a present value `x` that counts as missing.
    const missingTest = (x: JsonValue): JsonValue | null => {
      const tests: JsonValue[] = [];
      if (r.replaceNaN) tests.push({ "impute.isnan": x });
      if (r.replaceValue !== null) tests.push({ "==": [x, scalarExpr(r.kind, r.replaceValue)] });
      return tests.length === 0 ? null : tests.length === 1 ? tests[0]! : { "||": tests };
    };
    const v = ctx.symbol("v");
    if (r.size === "scalar") {
      const value = scalarExpr(r.kind, r.values[0]!);
      const present = (x: JsonValue): JsonValue => {
        const test = missingTest(x);
        return test === null ? x : { if: test, then: value, else: x };
      };
      if (t.kind !== "nullable") return [present(inputs[0]!)];
      return [{ ifnotnull: { [v]: inputs[0]! }, then: present(v), else: value }];
    }
    // vectors
    const perElement = r.values.length > 1;
    const cell = perElement ? ctx.cell("impute_values", ARRAY_DOUBLE, r.values.map((x) => doubleData(x as number))) : null;
    const valueAt = (i: JsonValue): JsonValue => (cell === null ? scalarExpr("double", r.values[0]!) : { cell, path: [i] });
    const i = ctx.symbol("i");
    const x = ctx.symbol("x");
    const present = (vec: JsonValue): JsonValue => {
      const test = missingTest(x);
      if (test === null) return vec;
      return { "a.mapWithIndex": [vec, { params: [{ [i]: "int" }, { [x]: "double" }], ret: "double", do: [{ if: test, then: valueAt(i), else: x }] }] };
    };
    const guarded = (vec: JsonValue): JsonValue =>
      perElement && r.size === null ? lengthGuard(vec, r.values.length, `impute: the input vector does not have ${r.values.length} elements`, present(vec)) : present(vec);
    if (t.kind !== "nullable") return [guarded(inputs[0]!)];
    const n = perElement ? r.values.length : (r.size as number);
    const whole: JsonValue = cell !== null ? { cell } : { new: Array.from({ length: n }, () => scalarExpr("double", r.values[0]!)), type: ARRAY_DOUBLE };
    return [{ ifnotnull: { [v]: inputs[0]! }, then: guarded(v), else: whole }];
  },
  arbitrary(random) {
    const kind = pick(random, ["double", "double", "float", "int", "long", "string", "boolean", "vector", "vector"] as const);
    let input: IRType;
    let value: Scalar[];
    let replaceValue: Scalar | null = null;
    const replaceNaN = random() < 0.5;
    switch (kind) {
      case "vector": {
        const known = random() < 0.85;
        const n = randomInt(random, known ? 1 : 2, 4);
        input = vector(known ? n : null);
        value = Array.from({ length: random() < 0.5 && input.kind === "vector" && input.size !== null ? 1 : n }, () => toReal(randomDouble(random)));
        if (random() < 0.5) replaceValue = pick(random, [-1, 0, 999, "NaN"] as Scalar[]);
        break;
      }
      case "string":
        input = STRING;
        value = [pick(random, ["a", "missing", ""])];
        if (random() < 0.5) replaceValue = pick(random, ["b", "", "NA"]);
        break;
      case "boolean":
        input = BOOLEAN;
        value = [random() < 0.5];
        if (random() < 0.3) replaceValue = random() < 0.5;
        break;
      case "int":
      case "long":
        input = kind === "int" ? INT : LONG;
        value = [randomInt(random, -100, 100)];
        if (random() < 0.5) replaceValue = pick(random, [-1, 0, 7]);
        break;
      default:
        input = kind === "float" ? FLOAT : DOUBLE;
        value = [toReal(randomDouble(random))];
        if (random() < 0.5) replaceValue = pick(random, [-1, 0, 0.1, "NaN"] as Scalar[]);
    }
    if (random() < 0.6) input = nullable(input);
    return { params: { value, replaceNaN, replaceValue }, inputs: [input] };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.2) return [null];
    const n = nonNull(t);
    const sentinel = params.replaceValue;
    const numberNear = (nt: IRType): number => {
      const s = random();
      if (typeof sentinel === "number" && s < 0.3) return nt.kind === "float" ? Math.fround(sentinel) : sentinel;
      if (s < 0.45 && (nt.kind === "double" || nt.kind === "float")) return NaN;
      return randomNumberOf(nt, random, [0], false);
    };
    switch (n.kind) {
      case "vector": {
        const size = n.size ?? params.value.length;
        return [Array.from({ length: size }, () => numberNear(DOUBLE))];
      }
      case "string":
        return [pick(random, ["a", "b", "", "NA", "x"])];
      case "boolean":
        return [random() < 0.5];
      default:
        return [numberNear(n)];
    }
  },
});
