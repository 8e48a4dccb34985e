/**
 * indexToString: an index back to its label (Spark's IndexToString, MLeap's reverse_string_indexer).
 * The index is a number converted to an int as the JVM does (toward zero; NaN is 0); an index outside
 * the labels is an error; a missing index gives a missing label (Spark's null in, null out).
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, FLOAT, INT, LONG, STRING, describeType, isNullable, isNumeric, nonNull, nullable } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import { ARRAY_STRING, dbl, withValue } from "./text-util.js";

export interface IndexToStringParams {
  /** The labels in index order (Spark's `labels`; MLeap's `labels`). */
  labels: string[];
}

/** The JVM's double-to-int conversion: toward zero, NaN to 0, saturating. */
function jvmInt(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, Math.trunc(x)));
}

export const indexToString = defineOp<IndexToStringParams>({
  name: "indexToString",
  summary: "label of an index",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`indexToString takes one column, found ${inputs.length}`);
    if (!Array.isArray(params.labels) || params.labels.some((l) => typeof l !== "string")) throw new Error("indexToString: labels must be a list of strings");
    if (params.labels.length === 0) throw new Error("indexToString: no labels (Spark then reads them from the input column's metadata, which the model does not carry)");
    const t = inputs[0]!;
    if (!isNumeric(t)) throw new Error(`indexToString takes a number, found ${describeType(t)}`);
    return [isNullable(t) ? nullable(STRING) : STRING];
  },
  evaluate(params, inputs) {
    const v = inputs[0];
    if (v === null || v === undefined) return [null];
    const i = typeof v === "bigint" ? (v >= 0n && v < BigInt(params.labels.length) ? Number(v) : -1) : jvmInt(v as number);
    if (i < 0 || i >= params.labels.length) throw new MissingValueError(`indexToString: unseen index ${String(v)}`);
    return [params.labels[i]];
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const kind = nonNull(t).kind;
    const labels = ctx.cell("labels", ARRAY_STRING, params.labels);
    const n = params.labels.length;
    const unseen: JsonValue = { error: "indexToString: unseen index" };
    const label = (x: JsonValue): JsonValue => {
      if (kind === "int" || kind === "long") {
        return withValue(ctx, x, "index", (i): JsonValue => ({
          if: { "&&": [{ ">=": [i, 0] }, { "<": [i, n] }] },
          then: { cell: labels, path: [kind === "int" ? i : { "cast.int": i }] },
          else: unseen,
        }));
      }
      // A double (or float): toward zero, so (-1, n) holds the valid indexes; NaN is index 0.
      return withValue(ctx, kind === "double" ? x : { "cast.double": x }, "index", (d): JsonValue => ({
        cond: [
          { if: { "impute.isnan": d }, then: { cell: labels, path: [0] } },
          { if: { "&&": [{ ">": [d, dbl(-1)] }, { "<": [d, dbl(n)] }] }, then: { cell: labels, path: [{ "cast.int": { "m.floor": { "max": [d, dbl(0)] } } }] } },
        ],
        else: unseen,
      }));
    };
    if (!isNullable(t)) return [label(inputs[0]!)];
    const v = ctx.symbol("v");
    return [{ ifnotnull: { [v]: inputs[0]! }, then: label(v), else: null }];
  },
  arbitrary(random) {
    const labels = ["a", "b", "setosa", "", "x y", "Ünïcode", "7"].filter(() => random() < 0.6);
    if (labels.length === 0) labels.push("only");
    const t = pick(random, [DOUBLE, DOUBLE, INT, LONG, FLOAT]);
    return { params: { labels }, inputs: [random() < 0.3 ? nullable(t) : t] };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (isNullable(t) && random() < 0.15) return [null];
    const kind = nonNull(t).kind;
    const n = params.labels.length;
    if (kind === "int" || kind === "long") return [pick(random, [0, n - 1, n, -1, Math.floor(random() * n)])];
    const x = pick(random, [0, n - 1, n, -1, -0.5, -0.99, n - 0.5, NaN, Infinity, -Infinity, random() * n, 1e10]);
    return [kind === "float" ? Math.fround(x) : x];
  },
});
