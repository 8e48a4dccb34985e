/**
 * vectorSlice: selected elements of a vector, in the order given. Spark VectorSlicer (indices, then the
 * indices of named features, in that order), ChiSqSelectorModel and the other Spark selectors
 * (UnivariateFeatureSelector, VarianceThresholdSelector: the selected features SORTED ascending, which
 * is how Spark applies them whatever order they are stored in), MLeap vector_slicer and
 * chi_sq_selector; ONNX ArrayFeatureExtractor with constant indices. An index beyond the input's size is
 * an error (Spark refuses the row).
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { type IRType, describeType, nonNull, nullable, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import {
  type MissingPolicy,
  checkMissingPolicy,
  evaluateWithMissing,
  lowerWithMissing,
  outputWithMissing,
  randomDouble,
  randomInt,
} from "./feature-util.js";

export interface VectorSliceParams {
  /** The indices to take, in output order (0-based; repeats allowed). */
  indices: number[];
  /** A missing input: an error or a missing output. */
  missing: MissingPolicy;
}

function resolve(params: VectorSliceParams, t: IRType): number[] {
  checkMissingPolicy(params.missing, "vectorSlice");
  const n = nonNull(t);
  if (n.kind !== "vector") throw new Error(`vectorSlice takes a vector, found ${describeType(t)}`);
  if (!Array.isArray(params.indices)) throw new Error("vectorSlice: indices must be an array");
  params.indices.forEach((i) => {
    if (!Number.isInteger(i) || i < 0 || i > 2147483647) throw new Error(`vectorSlice: index ${JSON.stringify(i)} is not a non-negative integer`);
    if (n.size !== null && i >= n.size) throw new Error(`vectorSlice: index ${i} is beyond the input vector's ${n.size} elements`);
  });
  return params.indices;
}

export const vectorSlice = defineOp<VectorSliceParams>({
  name: "vectorSlice",
  summary: "selected elements of a vector (VectorSlicer, feature selectors)",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`vectorSlice takes one column, found ${inputs.length}`);
    const indices = resolve(params, inputs[0]!);
    return [outputWithMissing(vector(indices.length), inputs[0]!, params.missing)];
  },
  evaluate(params, inputs, types) {
    const indices = resolve(params, types[0]!);
    return [
      evaluateWithMissing("vectorSlice", inputs[0], params.missing, (v) => {
        const xs = v as number[];
        return indices.map((i) => {
          if (i >= xs.length) throw new MissingValueError(`vectorSlice: index ${i} is beyond the input vector's ${xs.length} elements`);
          return xs[i]!;
        });
      }),
    ];
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const indices = resolve(params, t);
    const cell = ctx.cell("vectorSlice_indices", { type: "array", items: "int" }, [...indices]);
    const i = ctx.symbol("i");
    const n = nonNull(t);
    const max = indices.length === 0 ? -1 : Math.max(...indices);
    return [
      lowerWithMissing("vectorSlice", inputs[0]!, t, params.missing, ctx, (v) => {
        const slice: JsonValue = { "a.map": [{ cell }, { params: [{ [i]: "int" }], ret: "double", do: [{ attr: v, path: [i] }] }] };
        if (n.kind === "vector" && n.size === null && max >= 0) {
          return { if: { "<": [max, { "a.len": v }] }, then: slice, else: { error: `vectorSlice: the input vector has fewer than ${max + 1} elements` } };
        }
        return slice;
      }),
    ];
  },
  arbitrary(random) {
    const size = randomInt(random, 1, 6);
    const k = randomInt(random, 0, 5);
    const indices = Array.from({ length: k }, () => randomInt(random, 0, size - 1));
    if (random() < 0.5) indices.sort((a, b) => a - b);
    let input: IRType = vector(random() < 0.8 ? size : null);
    if (random() < 0.3) input = nullable(input);
    return { params: { indices, missing: pick(random, ["error", "propagate"] as const) }, inputs: [input] };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.15) return [null];
    const n = nonNull(t);
    const need = params.indices.length === 0 ? 0 : Math.max(...params.indices) + 1;
    const size = n.kind === "vector" && n.size !== null ? n.size : random() < 0.8 ? need : randomInt(random, 0, need + 1);
    return [Array.from({ length: size }, () => randomDouble(random))];
  },
});
