/**
 * valueMap: a table lookup from one or more key columns to a value.
 *
 * - PMML MapValues: FieldColumnPairs name the input columns (one key per column, in that order), the
 *   InlineTable's rows give the keys and the outputColumn's value (a row without that cell gives a
 *   missing value); no matching row gives `defaultValue` (missing when absent); any missing input gives
 *   `mapMissingTo` (missing when absent). The first matching row wins.
 * - ONNX LabelEncoder (string, int64 or float keys and values, default_*): one input column, element-wise
 *   on a vector of floats (output type double, a default is then required; a missing vector gives a
 *   missing vector, `mapMissingTo` is for scalars). A NaN key matches NaN; ONNX
 *   lets the last duplicate key win, so the reader keeps only the last row of a key.
 * - ONNX CategoryMapper (cats_strings ↔ cats_int64s with a default) and MLeap string_map are the same
 *   lookup.
 *
 * Keys are compared by value: strings exactly, numbers numerically (float32 sources give float32 keys),
 * booleans exactly.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, type IRType, describeType, nonNull, nullable, vector } from "../types.js";
import { pick } from "./common.js";
import {
  type Scalar,
  type ScalarKind,
  randomDouble,
  randomInt,
  scalarData,
  scalarEquals,
  scalarExpr,
  scalarKindOf,
  scalarType,
  scalarValue,
  toReal,
} from "./feature-util.js";

export interface ValueMapParams {
  /** The table: each row's keys (one per input column, of that column's type) and its value (null: missing). */
  rows: { keys: Scalar[]; value: Scalar | null }[];
  /** The type of the values. */
  outputType: ScalarKind;
  /** The output when no row matches; null: missing. */
  defaultValue: Scalar | null;
  /** The output when any input is missing; null: missing. */
  mapMissingTo: Scalar | null;
}

type Value = number | string | boolean;

interface Resolved {
  keyKinds: ScalarKind[];
  rows: { keys: Value[]; value: Value | null }[];
  defaultValue: Value | null;
  mapMissingTo: Value | null;
  /** The vector size when the single input is a vector (element-wise lookup), else undefined. */
  vectorSize?: number | null;
}

function resolve(params: ValueMapParams, inputs: readonly IRType[]): Resolved {
  if (inputs.length === 0) throw new Error("valueMap needs at least one input column");
  const kind = params.outputType;
  scalarType(kind);
  let vectorSize: number | null | undefined;
  const keyKinds = inputs.map((t) => {
    const n = nonNull(t);
    if (n.kind === "vector") {
      if (inputs.length !== 1) throw new Error("valueMap: a vector input must be the only input");
      vectorSize = n.size;
      return "double" as ScalarKind;
    }
    const k = scalarKindOf(n);
    if (k === null) throw new Error(`valueMap takes numbers, strings and booleans, found ${describeType(t)}`);
    return k;
  });
  if (!Array.isArray(params.rows)) throw new Error("valueMap: rows must be an array");
  const rows = params.rows.map((row, i) => {
    if (!Array.isArray(row.keys) || row.keys.length !== inputs.length) throw new Error(`valueMap: row ${i} has ${row.keys?.length} keys for ${inputs.length} input columns`);
    return {
      keys: row.keys.map((k, j) => scalarValue(keyKinds[j]!, k, `valueMap: row ${i} key ${j}`)),
      value: row.value === null || row.value === undefined ? null : scalarValue(kind, row.value, `valueMap: row ${i} value`),
    };
  });
  const opt = (v: Scalar | null | undefined, what: string) => (v === null || v === undefined ? null : scalarValue(kind, v, `valueMap: ${what}`));
  const r: Resolved = { keyKinds, rows, defaultValue: opt(params.defaultValue, "defaultValue"), mapMissingTo: opt(params.mapMissingTo, "mapMissingTo") };
  if (vectorSize !== undefined) {
    if (kind !== "double") throw new Error("valueMap: an element-wise lookup on a vector gives doubles (outputType double)");
    if (r.defaultValue === null || rows.some((row) => row.value === null)) throw new Error("valueMap: an element-wise lookup on a vector needs a default value and a value in every row");
    r.vectorSize = vectorSize;
  }
  return r;
}

function lookup(r: Resolved, keys: readonly unknown[]): Value | null {
  const row = r.rows.find((candidate) => candidate.keys.every((k, j) => scalarEquals(keys[j], k)));
  return row === undefined ? r.defaultValue : row.value;
}

/** Avro JSON of a value in a union with null (`{"string": "a"}`), or null. */
function unionData(kind: ScalarKind, v: Value | null): JsonValue {
  return v === null ? null : { [kind]: scalarData(kind, v) };
}

export const valueMap = defineOp<ValueMapParams>({
  name: "valueMap",
  summary: "table lookup from key columns to a value (PMML MapValues, ONNX LabelEncoder)",
  outputTypes(params, inputs) {
    const r = resolve(params, inputs);
    if (r.vectorSize !== undefined) return [inputs[0]!.kind === "nullable" ? nullable(vector(r.vectorSize)) : vector(r.vectorSize)];
    const out = scalarType(params.outputType);
    const mayBeMissing = r.defaultValue === null || r.rows.some((row) => row.value === null) || (inputs.some((t) => t.kind === "nullable") && r.mapMissingTo === null);
    return [mayBeMissing ? nullable(out) : out];
  },
  evaluate(params, inputs, types) {
    const r = resolve(params, types);
    if (inputs.some((v) => v === null || v === undefined)) return [r.vectorSize !== undefined ? null : r.mapMissingTo];
    if (r.vectorSize !== undefined) return [(inputs[0] as number[]).map((x) => lookup(r, [x]))];
    return [lookup(r, inputs)];
  },
  lower(params, inputs, types, ctx) {
    const r = resolve(params, types);
    const kind = params.outputType;
    const valueType = ctx.avroType(scalarType(kind));
    const nullableValue = r.rows.some((row) => row.value === null);
    const rowValueType: JsonValue = nullableValue ? [valueType, "null"] : valueType;
    const fcnRet: JsonValue = nullableValue || r.defaultValue === null ? [valueType, "null"] : valueType;
    const dflt: JsonValue = r.defaultValue === null ? null : scalarExpr(kind, r.defaultValue);
    const keys = r.keyKinds.map(() => ctx.symbol("k"));
    const params_: JsonValue[] = r.keyKinds.map((k, j) => ({ [keys[j]!]: k }));
    let body: JsonValue;
    const single = r.keyKinds.length === 1 ? r.keyKinds[0]! : null;
    if (single === "string" || single === "int" || single === "long") {
      // one string or integer key: a map from the key (integers in decimal) to the value; the first row of a key wins
      const table = new Map<string, JsonValue>();
      for (const row of r.rows) {
        const key = String(row.keys[0]);
        if (!table.has(key)) table.set(key, nullableValue ? unionData(kind, row.value) : scalarData(kind, row.value!));
      }
      // (fromEntries: keys such as "__proto__" and "toString" stay ordinary keys)
      const cell = ctx.cell("valueMap_table", { type: "map", values: rowValueType }, Object.fromEntries(table) as JsonValue);
      const key: JsonValue = single === "string" ? keys[0]! : { "s.int": keys[0]! };
      body = { if: { "map.containsKey": [{ cell }, key] }, then: { cell, path: [key] }, else: dflt };
    } else {
      // a table of rows searched in order
      const rowType = ctx.typeName("ValueMapRow");
      const fields: JsonValue[] = r.keyKinds.map((k, j) => ({ name: `key${j}`, type: k }));
      fields.push({ name: "value", type: rowValueType });
      const cell = ctx.cell(
        "valueMap_rows",
        { type: "array", items: { type: "record", name: rowType, fields } },
        r.rows.map((row) => {
          const rec: Record<string, JsonValue> = {};
          row.keys.forEach((k, j) => (rec[`key${j}`] = scalarData(r.keyKinds[j]!, k)));
          rec.value = nullableValue ? unionData(kind, row.value) : scalarData(kind, row.value!);
          return rec;
        }),
      );
      const row = ctx.symbol("row");
      const i = ctx.symbol("i");
      const tests: JsonValue[] = r.keyKinds.map((k, j) => {
        const rk: JsonValue = { attr: row, path: [{ string: `key${j}` }] };
        const eq: JsonValue = { "==": [rk, keys[j]!] };
        const nanKey = (k === "double" || k === "float") && r.rows.some((rw) => typeof rw.keys[j] === "number" && Number.isNaN(rw.keys[j]));
        return nanKey ? { "||": [eq, { "&&": [{ "impute.isnan": rk }, { "impute.isnan": keys[j]! }] }] } : eq;
      });
      body = {
        do: [
          // the first row whose keys equal the inputs
          { let: { [i]: { "a.index": [{ cell }, { params: [{ [row]: rowType }], ret: "boolean", do: [tests.reduce((a, b) => ({ "&&": [a, b] }))] }] } } },
          { if: { "==": [i, -1] }, then: dflt, else: { cell, path: [i, { string: "value" }] } },
        ],
      };
    }
    const fcn = ctx.fcn("valueMap", { params: params_, ret: fcnRet, do: [body] });
    const missing: JsonValue = r.mapMissingTo === null ? null : scalarExpr(kind, r.mapMissingTo);
    if (r.vectorSize !== undefined) {
      const e = ctx.symbol("e");
      const mapped = (v: JsonValue): JsonValue => ({ "a.map": [v, { params: [{ [e]: "double" }], ret: "double", do: [{ [fcn]: [e] }] }] });
      const t = types[0]!;
      if (t.kind !== "nullable") return [mapped(inputs[0]!)];
      const v = ctx.symbol("v");
      return [{ ifnotnull: { [v]: inputs[0]! }, then: mapped(v), else: null }];
    }
    // nullable inputs are tested together; the others are passed as they are
    const bindings: Record<string, JsonValue> = {};
    const args = inputs.map((x, j) => {
      if (types[j]!.kind !== "nullable") return x;
      const v = ctx.symbol("v");
      bindings[v] = x;
      return v;
    });
    const call: JsonValue = { [fcn]: args };
    if (Object.keys(bindings).length === 0) return [call];
    return [{ ifnotnull: bindings, then: call, else: missing }];
  },
  arbitrary(random) {
    const shape = pick(random, ["string", "string", "int", "long", "double", "float", "multi", "vector"] as const);
    const kinds: ScalarKind[] =
      shape === "multi"
        ? Array.from({ length: randomInt(random, 2, 3) }, () => pick(random, ["string", "int", "double", "boolean"] as const))
        : shape === "vector"
          ? ["double"]
          : [shape];
    const keyOf = (k: ScalarKind): Scalar => {
      switch (k) {
        case "string":
          return pick(random, ["a", "b", "c", "x y", ""]);
        case "int":
        case "long":
          return randomInt(random, -3, 3);
        case "boolean":
          return random() < 0.5;
        case "float":
          return toReal(Math.fround(pick(random, [0.1, -1, 2.5, NaN])));
        default:
          return toReal(pick(random, [0.1, -1, 2.5, 0, NaN]));
      }
    };
    const outputType: ScalarKind = shape === "vector" ? "double" : pick(random, ["string", "double", "int", "long", "boolean"] as const);
    const valueOf = (): Scalar => {
      switch (outputType) {
        case "string":
          return pick(random, ["yes", "no", "maybe", ""]);
        case "int":
        case "long":
          return randomInt(random, -100, 100);
        case "boolean":
          return random() < 0.5;
        default:
          return toReal(randomDouble(random));
      }
    };
    const rows = Array.from({ length: randomInt(random, 0, 6) }, () => ({ keys: kinds.map(keyOf), value: shape !== "vector" && random() < 0.1 ? null : valueOf() }));
    let inputs: IRType[] = kinds.map((k) => scalarType(k));
    if (shape === "vector") inputs = [vector(random() < 0.8 ? randomInt(random, 1, 4) : null)];
    inputs = inputs.map((t) => (random() < 0.3 ? nullable(t) : t));
    const needDefault = shape === "vector";
    return {
      params: { rows, outputType, defaultValue: needDefault || random() < 0.6 ? valueOf() : null, mapMissingTo: random() < 0.5 ? valueOf() : null },
      inputs,
    };
  },
  arbitraryInputs(params, inputs, random) {
    return inputs.map((t, j) => {
      if (t.kind === "nullable" && random() < 0.15) return null;
      const n = nonNull(t);
      const fromTable = () => (params.rows.length > 0 && random() < 0.7 ? pick(random, params.rows).keys[j] : undefined);
      const key = (k: IRType): unknown => {
        const known = fromTable();
        if (known !== undefined) {
          if (typeof known === "string" && k.kind !== "string") return known === "NaN" ? NaN : known === "Infinity" ? Infinity : -Infinity;
          return known;
        }
        switch (k.kind) {
          case "string":
            return pick(random, ["a", "b", "zzz", ""]);
          case "boolean":
            return random() < 0.5;
          case "int":
          case "long":
            return randomInt(random, -4, 4);
          case "float":
            return Math.fround(randomDouble(random));
          default:
            return random() < 0.1 ? NaN : randomDouble(random);
        }
      };
      if (n.kind === "vector") return Array.from({ length: n.size ?? randomInt(random, 0, 3) }, () => key(DOUBLE));
      return key(n);
    });
  },
});

