/**
 * stopWords: tokens without the stop words (Spark's StopWordsRemover, MLeap's stopwords_remover). Case
 * insensitive by default: a token is dropped when its lower case is the lower case of a stop word.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { STRING, arrayOf, describeType, nonNull, nullable, typeEquals } from "../types.js";
import { MissingValueError, pick } from "./common.js";

export interface StopWordsParams {
  /** The words to remove (Spark's `stopWords`; MLeap's `stop_words`). */
  stopWords: string[];
  /** Compare exactly (true) or by lower case (false, Spark's default). */
  caseSensitive: boolean;
  /**
   * The locale of the lower-casing (Spark 2.4+ `locale`, default the JVM's). The op lower-cases as
   * Java does in every locale but Turkish, Azerbaijani and Lithuanian, which it refuses.
   */
  locale?: string;
}

/** Java lower-cases differently in these locales (dotted and dotless i, Lithuanian accents). */
const SPECIAL_LOCALES = /^(tr|az|lt)([_-]|$)/i;

export const stopWords = defineOp<StopWordsParams>({
  name: "stopWords",
  summary: "remove stop words from tokens",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`stopWords takes one column, found ${inputs.length}`);
    if (!typeEquals(nonNull(inputs[0]!), arrayOf(STRING))) throw new Error(`stopWords takes an array of strings, found ${describeType(inputs[0]!)}`);
    if (!Array.isArray(params.stopWords) || params.stopWords.some((w) => typeof w !== "string")) throw new Error("stopWords: the stop words must be a list of strings");
    if (!params.caseSensitive && params.locale !== undefined && SPECIAL_LOCALES.test(params.locale)) {
      throw new Error(`stopWords: case-insensitive comparison in locale ${params.locale} is not supported (its lower case differs from the root locale's)`);
    }
    return [arrayOf(STRING)];
  },
  evaluate(params, inputs) {
    const tokens = inputs[0] as string[] | null | undefined;
    if (tokens === null || tokens === undefined) throw new MissingValueError("stopWords: missing tokens");
    if (params.caseSensitive) {
      const set = new Set(params.stopWords);
      return [tokens.filter((t) => !set.has(t))];
    }
    const set = new Set(params.stopWords.map((w) => w.toLowerCase()));
    return [tokens.filter((t) => !set.has(t.toLowerCase()))];
  },
  lower(params, inputs, types, ctx) {
    const words: Record<string, boolean> = {};
    for (const w of params.stopWords) words[params.caseSensitive ? w : w.toLowerCase()] = true;
    const cell = ctx.cell("stopWords", { type: "map", values: "boolean" }, words);
    const t = ctx.symbol("token");
    const keep: JsonValue = { params: [{ [t]: "string" }], ret: "boolean", do: [{ "!": { "map.containsKey": [{ cell }, params.caseSensitive ? t : { "s.lower": t }] } }] };
    const v = ctx.symbol("tokens");
    if (types[0]!.kind !== "nullable") return [{ "a.filter": [inputs[0]!, keep] }];
    return [{ ifnotnull: { [v]: inputs[0]! }, then: { "a.filter": [v, keep] }, else: { error: "stopWords: missing tokens" } }];
  },
  arbitrary(random) {
    const stop = ["a", "the", "The", "B", "ünïcode", "x y", "", "İ", "ΣΑΣ"].filter(() => random() < 0.5);
    const t = arrayOf(STRING);
    return { params: { stopWords: stop, caseSensitive: random() < 0.4, locale: pick(random, [undefined, "en_US", "en"]) }, inputs: [random() < 0.3 ? nullable(t) : t] };
  },
  arbitraryInputs(params, inputs, random) {
    if (inputs[0]!.kind === "nullable" && random() < 0.15) return [null];
    const pool = [...params.stopWords, ...params.stopWords.map((w) => w.toUpperCase()), "a", "A", "the", "THE", "keep", "Ünïcode", "i̇", "σας", "", "b"];
    return [Array.from({ length: Math.floor(random() * 7) }, () => pick(random, pool))];
  },
});
