/**
 * hashingTF: tokens to term counts by hashing (Spark's HashingTF, MLeap's hashing_term_frequency):
 * each term goes to position nonNegativeMod(MurmurHash3_x86_32(UTF-8 bytes of the term, seed), n)
 * and the vector counts the terms at each position (or marks them with 1, `binary`).
 *
 * Spark 3.x hashes with MurmurHash3 itself; models saved by Spark 2.x (and MLeap bundles with
 * hashUnsafeBytesVersion 1) use Spark's older variant, which mixes the trailing bytes differently: the
 * reader chooses `hash` by the version that saved the model.
 *
 * The PFA computes the hash with long arithmetic in user functions; it reads the bytes of a term
 * through `bytes.encodeUtf8` and `bytes.decodeLatin1`.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { STRING, arrayOf, describeType, nonNull, nullable, typeEquals, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import { countVectorFcn, dbl, murmur3Fcn, murmur3String, nonNegativeMod, type MurmurVariant, withValue } from "./text-util.js";

export interface HashingTFParams {
  /** The vector length (Spark's `numFeatures`, default 2^18; MLeap `num_features`). */
  numFeatures: number;
  /** Every occurring position becomes 1 (Spark's `binary`, default false). */
  binary: boolean;
  /**
   * The hash of a term's UTF-8 bytes: "murmur3" (Spark 3.x, MLeap hashUnsafeBytesVersion 2) or
   * "murmur3Spark2" (Spark 2.x's `hashUnsafeBytes`, MLeap hashUnsafeBytesVersion 1).
   */
  hash: MurmurVariant;
  /** The hash seed (Spark: 42). */
  seed: number;
}

export const hashingTF = defineOp<HashingTFParams>({
  name: "hashingTF",
  summary: "term counts by hashing",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`hashingTF takes one column, found ${inputs.length}`);
    if (!typeEquals(nonNull(inputs[0]!), arrayOf(STRING))) throw new Error(`hashingTF takes an array of strings, found ${describeType(inputs[0]!)}`);
    if (!Number.isInteger(params.numFeatures) || params.numFeatures < 1 || params.numFeatures > 2 ** 31 - 1) throw new Error(`hashingTF: numFeatures must be a whole number from 1 to 2^31-1, found ${String(params.numFeatures)}`);
    if (params.hash !== "murmur3" && params.hash !== "murmur3Spark2") throw new Error(`hashingTF: hash must be murmur3 or murmur3Spark2, found ${String(params.hash)}`);
    if (!Number.isInteger(params.seed) || params.seed < -(2 ** 31) || params.seed >= 2 ** 31) throw new Error(`hashingTF: the seed must be a 32-bit integer, found ${String(params.seed)}`);
    return [vector(params.numFeatures)];
  },
  evaluate(params, inputs) {
    const tokens = inputs[0] as string[] | null | undefined;
    if (tokens === null || tokens === undefined) throw new MissingValueError("hashingTF: missing tokens");
    const out = new Array<number>(params.numFeatures).fill(0);
    for (const t of tokens) {
      const k = nonNegativeMod(murmur3String(t, params.seed, params.hash), params.numFeatures);
      out[k] = params.binary ? 1 : out[k]! + 1;
    }
    return [out];
  },
  lower(params, inputs, types, ctx) {
    const hash = murmur3Fcn(ctx, params.hash, params.seed);
    const counts = (x: string): JsonValue => {
      const t = ctx.symbol("term");
      // The hash is a signed 32-bit value; PFA's % takes the sign of the modulus, as nonNegativeMod does.
      const indices = { "a.map": [x, { params: [{ [t]: "string" }], ret: "int", do: [{ "cast.int": { "%": [{ [hash]: [t] }, { long: params.numFeatures }] } }] }] };
      return { [countVectorFcn(ctx)]: [indices, params.numFeatures, dbl(1), params.binary] };
    };
    if (types[0]!.kind !== "nullable") return [withValue(ctx, inputs[0]!, "tokens", counts)];
    const v = ctx.symbol("tokens");
    return [{ ifnotnull: { [v]: inputs[0]! }, then: counts(v), else: { error: "hashingTF: missing tokens" } }];
  },
  arbitrary(random) {
    const t = arrayOf(STRING);
    return {
      params: { numFeatures: pick(random, [1, 2, 7, 16, 100, 1000, 1 << 18]), binary: random() < 0.3, hash: pick(random, ["murmur3", "murmur3Spark2"] as const), seed: random() < 0.8 ? 42 : pick(random, [0, -1, 2 ** 31 - 1]) },
      inputs: [random() < 0.3 ? nullable(t) : t],
    };
  },
  arbitraryInputs(_params, inputs, random) {
    if (inputs[0]!.kind === "nullable" && random() < 0.15) return [null];
    // Terms of every length modulo 4, with multi-byte characters (bytes of 128 and more are negative Java bytes).
    const pool = ["a", "b", "c", "d", "ab", "abc", "abcd", "abcde", "hello", "", "é", "Ünïcode", "😀", "spark", "hashing tf", "日本語", "\u0000", "ÿ"];
    return [Array.from({ length: Math.floor(random() * 8) }, () => pick(random, pool))];
  },
});
