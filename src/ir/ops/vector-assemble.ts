/**
 * vectorAssemble: numbers and vectors, concatenated into one vector (Spark's VectorAssembler, ONNX's
 * Concat of features, PMML's implicit feature vector). A missing number is an error, or NaN with
 * `handleInvalid: "keep"`.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, INT, describeType, isNumeric, nonNull, nullable, type IRType, vector } from "../types.js";
import { MissingValueError, nanLiteral, pick } from "./common.js";

export interface VectorAssembleParams {
  handleInvalid: "error" | "keep";
}

export const vectorAssemble = defineOp<VectorAssembleParams>({
  name: "vectorAssemble",
  summary: "concatenate numbers and vectors into one vector",
  outputTypes(_params, inputs) {
    let size: number | null = 0;
    for (const t of inputs) {
      const n = nonNull(t);
      if (n.kind === "vector") size = size === null || n.size === null ? null : size + n.size;
      else if (isNumeric(n)) size = size === null ? null : size + 1;
      else throw new Error(`vectorAssemble takes numbers and vectors, found ${describeType(t)}`);
    }
    return [vector(size)];
  },
  evaluate(params, inputs, types) {
    const out: number[] = [];
    inputs.forEach((v, i) => {
      if (v === null || v === undefined) {
        if (params.handleInvalid === "error") throw new MissingValueError("vectorAssemble: a missing value");
        const t = nonNull(types[i]!);
        const n = t.kind === "vector" ? (t.size ?? 0) : 1;
        for (let k = 0; k < n; k++) out.push(NaN);
      } else if (Array.isArray(v)) {
        out.push(...(v as number[]));
      } else {
        out.push(Number(v));
      }
    });
    return [out];
  },
  lower(params, inputs, types, ctx) {
    const parts: JsonValue[] = inputs.map((x, i) => {
      const t = types[i]!;
      const n = nonNull(t);
      const asArray = (e: JsonValue): JsonValue => (n.kind === "vector" ? e : { new: [n.kind === "double" ? e : { "cast.double": e }], type: { type: "array", items: "double" } });
      if (t.kind !== "nullable") return asArray(x);
      const whenMissing: JsonValue =
        params.handleInvalid === "error"
          ? { error: "vectorAssemble: a missing value" }
          : { new: Array.from({ length: n.kind === "vector" ? (n.size ?? 0) : 1 }, () => nanLiteral()), type: { type: "array", items: "double" } };
      const v = ctx.symbol("v");
      return { ifnotnull: { [v]: x }, then: asArray(v), else: whenMissing };
    });
    return [parts.length === 1 ? parts[0]! : { "a.flatten": { new: parts, type: { type: "array", items: { type: "array", items: "double" } } } }];
  },
  arbitrary(random) {
    const n = 1 + Math.floor(random() * 4);
    const inputs: IRType[] = Array.from({ length: n }, () => {
      const t = pick(random, [DOUBLE, INT, vector(1 + Math.floor(random() * 3))]);
      return random() < 0.3 ? nullable(t) : t;
    });
    return { params: { handleInvalid: pick(random, ["error", "keep"] as const) }, inputs };
  },
});
