/**
 * stringIndex: a label to its index, as a double (Spark's StringIndexerModel, MLeap's string_indexer).
 * The input is compared by its string form, as Spark casts it: a string as is, an int or long in
 * decimal (`8`), a double or float as Java prints it (`8.0`, `1.0E-4`), a boolean as `true`/`false`.
 * A missing or unseen label is an error, a missing index (`skip`, where Spark drops the row) or the
 * index `labels.length` (`keep`).
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { BOOLEAN, DOUBLE, FLOAT, INT, LONG, STRING, describeType, isNullable, nonNull, nullable, type IRType } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import { canonicalInteger, dbl, javaDoubleString, javaFloatString, str, withValue } from "./text-util.js";

export interface StringIndexParams {
  /** The labels in index order (Spark's `labels`, or `labelsArray[i]` for the i-th column; MLeap `labels_array_<i>` / `labels`). A label that appears twice indexes to its last position, as in Spark. */
  labels: string[];
  /**
   * A label that is missing or not in `labels`: "error" (Spark's and MLeap's default) refuses the row;
   * "skip" gives a missing index (Spark drops the row: the row has no index downstream); "keep" gives
   * the index `labels.length`.
   */
  handleInvalid: "error" | "skip" | "keep";
}

const INPUT_KINDS = new Set(["string", "int", "long", "double", "float", "boolean"]);

/** Spark's cast of a value of an IR type to a string. */
function sparkString(t: IRType, v: unknown): string {
  switch (nonNull(t).kind) {
    case "double":
      return javaDoubleString(v as number);
    case "float":
      return javaFloatString(v as number);
    case "boolean":
      return v ? "true" : "false";
    default:
      return String(v);
  }
}

/** Label to index, the last of duplicates winning. */
function labelIndex(labels: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  labels.forEach((l, i) => m.set(l, i));
  return m;
}

export const stringIndex = defineOp<StringIndexParams>({
  name: "stringIndex",
  summary: "index of a label (by its string form), as a double",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`stringIndex takes one column, found ${inputs.length}`);
    if (!Array.isArray(params.labels) || params.labels.some((l) => typeof l !== "string")) throw new Error("stringIndex: labels must be a list of strings");
    if (!["error", "skip", "keep"].includes(params.handleInvalid)) throw new Error(`stringIndex: handleInvalid must be error, skip or keep, found ${String(params.handleInvalid)}`);
    const t = inputs[0]!;
    if (!INPUT_KINDS.has(nonNull(t).kind)) throw new Error(`stringIndex takes a string, number or boolean column, found ${describeType(t)}`);
    return [params.handleInvalid === "skip" ? nullable(DOUBLE) : DOUBLE];
  },
  evaluate(params, inputs, types) {
    const v = inputs[0];
    const index = v === null || v === undefined ? undefined : labelIndex(params.labels).get(sparkString(types[0]!, v));
    if (index !== undefined) return [index];
    if (params.handleInvalid === "keep") return [params.labels.length];
    if (params.handleInvalid === "skip") return [null];
    throw new MissingValueError(v === null || v === undefined ? "stringIndex: a missing label" : `stringIndex: unseen label ${sparkString(types[0]!, v)}`);
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const kind = nonNull(t).kind;
    const invalid = (what: string): JsonValue =>
      params.handleInvalid === "keep" ? dbl(params.labels.length) : params.handleInvalid === "skip" ? null : { error: `stringIndex: ${what}` };
    const index = labelIndex(params.labels);

    let lookup: (x: JsonValue) => JsonValue;
    if (kind === "double" || kind === "float") {
      // A number matches the label that Java prints for it: the labels that are such prints, read back as numbers.
      const print = kind === "double" ? javaDoubleString : javaFloatString;
      const read = (label: string): number => {
        const x = label === "NaN" ? NaN : label === "Infinity" ? Infinity : label === "-Infinity" ? -Infinity : Number(label);
        return kind === "float" ? Math.fround(x) : x;
      };
      const numbers: number[] = [];
      const positions: number[] = [];
      const special = new Map<string, number>();
      for (const [label, i] of index) {
        if (label.trim() === "" || print(read(label)) !== label) continue;
        const x = read(label);
        if (Number.isFinite(x) && x !== 0) {
          numbers.push(x);
          positions.push(i);
        } else special.set(label, i);
      }
      const numbersCell = ctx.cell("labelNumbers", { type: "array", items: "double" }, numbers.map(dbl));
      const positionsCell = ctx.cell("labelIndexes", { type: "array", items: "double" }, positions.map(dbl));
      const specialIndex = (label: string): JsonValue => (special.has(label) ? dbl(special.get(label)!) : invalid(`unseen label ${label}`));
      lookup = (x) => {
        const xd = kind === "double" ? x : { "cast.double": x };
        return withValue(ctx, xd, "x", (d): JsonValue => {
          // NaN, infinities and zeros (whose sign a.index would not see) only where a label prints them;
          // otherwise a.index finds nothing for them, as the labels hold finite non-zero numbers only.
          const branches: JsonValue[] = [];
          if (special.has("NaN")) branches.push({ if: { "impute.isnan": d }, then: specialIndex("NaN") });
          if (special.has("Infinity") || special.has("-Infinity")) {
            branches.push({ if: { "impute.isinf": d }, then: { if: { ">": [d, dbl(0)] }, then: specialIndex("Infinity"), else: specialIndex("-Infinity") } });
          }
          // The sign of a zero: 1/0 is +inf, 1/-0 is -inf.
          if (special.has("0.0") || special.has("-0.0")) {
            branches.push({ if: { "==": [d, dbl(0)] }, then: { if: { ">": [{ "/": [dbl(1), d] }, dbl(0)] }, then: specialIndex("0.0"), else: specialIndex("-0.0") } });
          }
          const p = ctx.symbol("p");
          const general: JsonValue = {
            do: [
              { let: { [p]: { "a.index": [{ cell: numbersCell }, d] } } },
              { if: { ">=": [p, 0] }, then: { cell: positionsCell, path: [p] }, else: invalid("unseen label (no label is the string form of this number)") },
            ],
          };
          return branches.length === 0 ? general : { cond: branches, else: general };
        });
      };
    } else {
      // Strings, and ints, longs and booleans through their string forms.
      const init: Record<string, JsonValue> = {};
      for (const [label, i] of index) {
        if (kind === "string" || (kind === "boolean" && (label === "true" || label === "false"))) init[label] = dbl(i);
        else if ((kind === "int" || kind === "long") && canonicalInteger(label, kind)) init[label] = dbl(i);
      }
      const labelsCell = ctx.cell("labelIndex", { type: "map", values: "double" }, init);
      lookup = (x) => {
        const key: JsonValue = kind === "string" ? x : kind === "boolean" ? { if: x, then: str("true"), else: str("false") } : { "s.int": x };
        return withValue(ctx, key, "label", (k) => ({
          if: { "map.containsKey": [{ cell: labelsCell }, k] },
          then: { cell: labelsCell, path: [k] },
          else: invalid("unseen label"),
        }));
      };
    }

    if (!isNullable(t)) return [lookup(inputs[0]!)];
    const v = ctx.symbol("v");
    return [{ ifnotnull: { [v]: inputs[0]! }, then: lookup(v), else: invalid("a missing label") }];
  },
  arbitrary(random) {
    const kind = pick(random, ["string", "string", "int", "double", "float", "boolean", "long"] as const);
    const pool: Record<typeof kind, string[]> = {
      string: ["a", "b", "c", "setosa", "versicolor", "x y", "Ünïcode", "", "8", "8.0"],
      int: ["0", "1", "2", "-3", "42", "08", "+1", "1.0", "a"],
      long: ["0", "1", "-7", "9007199254740991", "12"],
      double: ["0.0", "-0.0", "1.0", "2.5", "1.0E-4", "1.0E7", "NaN", "Infinity", "-Infinity", "8", "1e3", "0.1"],
      float: ["0.0", "1.1", "2.5", "1.0E-4", "NaN", "3.4028235E38", "0.1"],
      boolean: ["true", "false", "True", "1"],
    };
    const labels = pool[kind].filter(() => random() < 0.6);
    if (random() < 0.1 && labels.length > 0) labels.push(labels[0]!);
    const base: Record<typeof kind, IRType> = { string: STRING, int: INT, long: LONG, double: DOUBLE, float: FLOAT, boolean: BOOLEAN };
    const t = random() < 0.3 ? nullable(base[kind]) : base[kind];
    return { params: { labels, handleInvalid: pick(random, ["error", "skip", "keep"] as const) }, inputs: [t] };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (isNullable(t) && random() < 0.15) return [null];
    const kind = nonNull(t).kind;
    const fromLabel = random() < 0.7 && params.labels.length > 0 ? pick(random, params.labels) : undefined;
    switch (kind) {
      case "string":
        return [fromLabel ?? pick(random, ["zz", "A", " a", "unseen"])];
      case "boolean":
        return [random() < 0.5];
      case "int":
      case "long": {
        const n = fromLabel === undefined ? NaN : Number(fromLabel);
        return [Number.isSafeInteger(n) && (kind === "long" || Math.abs(n) < 2 ** 31) ? n : Math.floor((random() - 0.5) * 20)];
      }
      default: {
        const n = fromLabel === undefined ? NaN : fromLabel === "Infinity" ? Infinity : fromLabel === "-Infinity" ? -Infinity : Number(fromLabel);
        const x = fromLabel !== undefined && (fromLabel === "NaN" || !Number.isNaN(n)) ? n : pick(random, [0, -0, 3, 0.25, 1e-4, NaN, 123.5]);
        return [kind === "float" ? Math.fround(x) : x];
      }
    }
  },
});
