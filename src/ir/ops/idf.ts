/**
 * idf: term frequencies times inverse document frequencies (Spark's IDFModel, MLeap's idf): element k
 * is x[k] * idf[k]. Spark's `minDocFreq` is already in the model's idf vector (0 for rare terms).
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { describeType, nonNull, nullable, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import { ARRAY_DOUBLE, dbl, withValue } from "./text-util.js";

export interface IdfParams {
  /** The inverse document frequency of each term (Spark's `idf`; MLeap's `idf`). */
  idf: number[];
}

export const idf = defineOp<IdfParams>({
  name: "idf",
  summary: "term frequencies times inverse document frequencies",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`idf takes one column, found ${inputs.length}`);
    if (!Array.isArray(params.idf) || params.idf.some((x) => typeof x !== "number" || !Number.isFinite(x))) throw new Error("idf: the idf vector must be a list of finite numbers");
    const t = nonNull(inputs[0]!);
    if (t.kind !== "vector") throw new Error(`idf takes a vector, found ${describeType(inputs[0]!)}`);
    if (t.size !== null && t.size !== params.idf.length) throw new Error(`idf: the input vector has ${t.size} elements, the idf vector ${params.idf.length}`);
    return [vector(params.idf.length)];
  },
  evaluate(params, inputs) {
    const x = inputs[0] as number[] | null | undefined;
    if (x === null || x === undefined) throw new MissingValueError("idf: a missing vector");
    if (x.length !== params.idf.length) throw new MissingValueError(`idf: a vector of ${x.length} elements, the model has ${params.idf.length}`);
    return [x.map((v, k) => v * params.idf[k]!)];
  },
  lower(params, inputs, types, ctx) {
    const cell = ctx.cell("idf", ARRAY_DOUBLE, params.idf.map(dbl));
    const [a, b] = [ctx.symbol("tf"), ctx.symbol("idf")];
    const times: JsonValue = { params: [{ [a]: "double" }, { [b]: "double" }], ret: "double", do: [{ "*": [a, b] }] };
    const product = (x: string): JsonValue => {
      const p: JsonValue = { "a.zipmap": [x, { cell }, times] };
      if (nonNull(types[0]!).kind === "vector" && (nonNull(types[0]!) as { size: number | null }).size !== null) return p;
      return { if: { "==": [{ "a.len": x }, params.idf.length] }, then: p, else: { error: "idf: the vector's length is not the model's" } };
    };
    if (types[0]!.kind !== "nullable") return [withValue(ctx, inputs[0]!, "tf", product)];
    const v = ctx.symbol("tf");
    return [{ ifnotnull: { [v]: inputs[0]! }, then: product(v), else: { error: "idf: a missing vector" } }];
  },
  arbitrary(random) {
    const n = Math.floor(random() * 6);
    const idfs = Array.from({ length: n }, () => pick(random, [0, Math.log(2), Math.log(5 / 3), 1.5, random() * 3]));
    const t = vector(random() < 0.2 ? null : n);
    return { params: { idf: idfs }, inputs: [random() < 0.3 ? nullable(t) : t] };
  },
  arbitraryInputs(params, inputs, random) {
    if (inputs[0]!.kind === "nullable" && random() < 0.15) return [null];
    const n = nonNull(inputs[0]!).kind === "vector" && (nonNull(inputs[0]!) as { size: number | null }).size === null && random() < 0.2 ? params.idf.length + 1 : params.idf.length;
    return [Array.from({ length: n }, () => pick(random, [0, 1, 2, 3, 0.5, 7]))];
  },
});
