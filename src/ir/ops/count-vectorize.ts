/**
 * countVectorize: tokens to term counts over a vocabulary (Spark's CountVectorizerModel, MLeap's
 * count_vectorizer): element k counts the tokens equal to vocabulary[k]; counts below the minimum term
 * frequency are zero; with `binary` a kept count is 1. Tokens outside the vocabulary are ignored (but
 * count toward the length of the document for a fractional `minTF`).
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { STRING, arrayOf, describeType, nonNull, nullable, typeEquals, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import { countVectorFcn, dbl, withValue } from "./text-util.js";

export interface CountVectorizeParams {
  /** The terms, in vector order (Spark's `vocabulary`). A term that appears twice counts at its last position, as in Spark. */
  vocabulary: string[];
  /**
   * The minimum count of a term in a document (Spark's `minTF`, default 1; MLeap `min_tf`): 1 or more
   * is a count, below 1 a fraction of the document's token count.
   */
  minTF: number;
  /** Every kept count becomes 1 (Spark's `binary`, default false). */
  binary: boolean;
}

function termIndex(vocabulary: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  vocabulary.forEach((w, i) => m.set(w, i));
  return m;
}

export const countVectorize = defineOp<CountVectorizeParams>({
  name: "countVectorize",
  summary: "term counts over a vocabulary",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`countVectorize takes one column, found ${inputs.length}`);
    if (!typeEquals(nonNull(inputs[0]!), arrayOf(STRING))) throw new Error(`countVectorize takes an array of strings, found ${describeType(inputs[0]!)}`);
    if (!Array.isArray(params.vocabulary) || params.vocabulary.some((w) => typeof w !== "string")) throw new Error("countVectorize: the vocabulary must be a list of strings");
    if (typeof params.minTF !== "number" || !(params.minTF >= 0)) throw new Error(`countVectorize: minTF must be a number >= 0, found ${String(params.minTF)}`);
    return [vector(params.vocabulary.length)];
  },
  evaluate(params, inputs) {
    const tokens = inputs[0] as string[] | null | undefined;
    if (tokens === null || tokens === undefined) throw new MissingValueError("countVectorize: missing tokens");
    const index = termIndex(params.vocabulary);
    const counts = new Array<number>(params.vocabulary.length).fill(0);
    for (const t of tokens) {
      const k = index.get(t);
      if (k !== undefined) counts[k]! += 1;
    }
    const threshold = params.minTF >= 1 ? params.minTF : tokens.length * params.minTF;
    return [counts.map((c) => (c > 0 && c >= threshold ? (params.binary ? 1 : c) : 0))];
  },
  lower(params, inputs, types, ctx) {
    const init: Record<string, JsonValue> = {};
    for (const [w, k] of termIndex(params.vocabulary)) init[w] = k;
    const vocabulary = ctx.cell("vocabulary", { type: "map", values: "int" }, init);
    const counts = (x: string): JsonValue => {
      const t = ctx.symbol("token");
      const indices = {
        "a.filterMap": [x, { params: [{ [t]: "string" }], ret: ["int", "null"], do: [{ if: { "map.containsKey": [{ cell: vocabulary }, t] }, then: { cell: vocabulary, path: [t] }, else: null }] }],
      };
      const threshold: JsonValue = params.minTF >= 1 ? dbl(params.minTF) : { "*": [{ "cast.double": { "a.len": x } }, dbl(params.minTF)] };
      // A term that occurs is kept when its count reaches the threshold (a threshold of 0 keeps every occurring term).
      return { [countVectorFcn(ctx)]: [indices, params.vocabulary.length, threshold, params.binary] };
    };
    if (types[0]!.kind !== "nullable") return [withValue(ctx, inputs[0]!, "tokens", counts)];
    const v = ctx.symbol("tokens");
    return [{ ifnotnull: { [v]: inputs[0]! }, then: counts(v), else: { error: "countVectorize: missing tokens" } }];
  },
  arbitrary(random) {
    const vocabulary = ["a", "b", "c", "setosa", "x y", "", "Ünïcode", "the"].filter(() => random() < 0.6);
    if (random() < 0.1 && vocabulary.length > 0) vocabulary.push(vocabulary[0]!);
    const minTF = pick(random, [1, 1, 2, 3, 0, 0.25, 0.5, 0.34, 1.5]);
    const t = arrayOf(STRING);
    return { params: { vocabulary, minTF, binary: random() < 0.3 }, inputs: [random() < 0.3 ? nullable(t) : t] };
  },
  arbitraryInputs(params, inputs, random) {
    if (inputs[0]!.kind === "nullable" && random() < 0.15) return [null];
    const pool = [...params.vocabulary, ...params.vocabulary, "unseen", "A", "zz"];
    return [Array.from({ length: Math.floor(random() * 9) }, () => pick(random, pool))];
  },
});

