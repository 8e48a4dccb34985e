/**
 * ngram: tokens to their n-grams (Spark's NGram, MLeap's ngram): every run of `n` consecutive tokens,
 * joined by a space; fewer than `n` tokens give none.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { STRING, arrayOf, describeType, nonNull, nullable, typeEquals } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import { ARRAY_STRING, str, withValue } from "./text-util.js";

export interface NGramParams {
  /** The number of tokens in a gram (Spark's `n`, default 2; at least 1). */
  n: number;
}

export const ngram = defineOp<NGramParams>({
  name: "ngram",
  summary: "n-grams of tokens",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`ngram takes one column, found ${inputs.length}`);
    if (!typeEquals(nonNull(inputs[0]!), arrayOf(STRING))) throw new Error(`ngram takes an array of strings, found ${describeType(inputs[0]!)}`);
    if (!Number.isInteger(params.n) || params.n < 1) throw new Error(`ngram: n must be a whole number >= 1, found ${String(params.n)}`);
    return [arrayOf(STRING)];
  },
  evaluate(params, inputs) {
    const tokens = inputs[0] as string[] | null | undefined;
    if (tokens === null || tokens === undefined) throw new MissingValueError("ngram: missing tokens");
    const out: string[] = [];
    for (let i = 0; i + params.n <= tokens.length; i++) out.push(tokens.slice(i, i + params.n).join(" "));
    return [out];
  },
  lower(params, inputs, types, ctx) {
    const w = ctx.symbol("gram");
    const grams = (x: string): JsonValue => ({
      "a.map": [{ "a.slidingWindow": [x, params.n, 1] }, { params: [{ [w]: ARRAY_STRING }], ret: "string", do: [{ "s.join": [w, str(" ")] }] }],
    });
    const v = ctx.symbol("tokens");
    if (types[0]!.kind !== "nullable") return [withValue(ctx, inputs[0]!, "tokens", grams)];
    return [{ ifnotnull: { [v]: inputs[0]! }, then: grams(v), else: { error: "ngram: missing tokens" } }];
  },
  arbitrary(random) {
    const t = arrayOf(STRING);
    return { params: { n: pick(random, [1, 2, 2, 3, 4]) }, inputs: [random() < 0.3 ? nullable(t) : t] };
  },
});
