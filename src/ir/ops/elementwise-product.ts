/**
 * elementwiseProduct: a vector multiplied element by element with a fixed vector (Spark
 * ElementwiseProduct's scalingVec, MLeap elementwise_product's scaling_vec; also Spark IDFModel's
 * x ⊙ idf). The sizes must match: Spark refuses a vector of another size.
 */
import { defineOp } from "../op.js";
import { type IRType, describeType, nonNull, nullable, vector } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import {
  type MissingPolicy,
  type Real,
  ARRAY_DOUBLE,
  checkMissingPolicy,
  doubleData,
  evaluateWithMissing,
  lengthGuard,
  lowerWithMissing,
  outputWithMissing,
  randomDouble,
  randomInt,
  reals,
  toReal,
} from "./feature-util.js";

export interface ElementwiseProductParams {
  /** The vector to multiply by (its length is the input's size). */
  scaling: Real[];
  /** A missing input: an error or a missing output. */
  missing: MissingPolicy;
}

function resolve(params: ElementwiseProductParams, t: IRType): number[] {
  checkMissingPolicy(params.missing, "elementwiseProduct");
  const s = reals(params.scaling, "elementwiseProduct: scaling");
  const n = nonNull(t);
  if (n.kind !== "vector") throw new Error(`elementwiseProduct takes a vector, found ${describeType(t)}`);
  if (s.length === 0) throw new Error("elementwiseProduct: the scaling vector is empty");
  if (n.size !== null && n.size !== s.length) throw new Error(`elementwiseProduct: the scaling vector has ${s.length} elements but the input vector has ${n.size}`);
  return s;
}

export const elementwiseProduct = defineOp<ElementwiseProductParams>({
  name: "elementwiseProduct",
  summary: "a vector multiplied element-wise by a fixed vector",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`elementwiseProduct takes one column, found ${inputs.length}`);
    const s = resolve(params, inputs[0]!);
    return [outputWithMissing(vector(s.length), inputs[0]!, params.missing)];
  },
  evaluate(params, inputs, types) {
    const s = resolve(params, types[0]!);
    return [
      evaluateWithMissing("elementwiseProduct", inputs[0], params.missing, (v) => {
        const xs = v as number[];
        if (xs.length !== s.length) throw new MissingValueError(`elementwiseProduct: a vector of ${xs.length} elements, expected ${s.length}`);
        return xs.map((x, i) => x * s[i]!);
      }),
    ];
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const s = resolve(params, t);
    const cell = ctx.cell("elementwiseProduct_scaling", ARRAY_DOUBLE, s.map(doubleData));
    const a = ctx.symbol("x");
    const b = ctx.symbol("s");
    return [
      lowerWithMissing("elementwiseProduct", inputs[0]!, t, params.missing, ctx, (v) => {
        const product = { "a.zipmap": [v, { cell }, { params: [{ [a]: "double" }, { [b]: "double" }], ret: "double", do: [{ "*": [a, b] }] }] };
        const n = nonNull(t);
        return n.kind === "vector" && n.size === null ? lengthGuard(v, s.length, `elementwiseProduct: the input vector does not have ${s.length} elements`, product) : product;
      }),
    ];
  },
  arbitrary(random) {
    const n = randomInt(random, 1, 5);
    let input: IRType = vector(random() < 0.8 ? n : null);
    if (random() < 0.3) input = nullable(input);
    return { params: { scaling: Array.from({ length: n }, () => toReal(randomDouble(random))), missing: pick(random, ["error", "propagate"] as const) }, inputs: [input] };
  },
  arbitraryInputs(params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.15) return [null];
    const n = nonNull(t);
    const size = n.kind === "vector" && n.size !== null ? n.size : random() < 0.8 ? params.scaling.length : randomInt(random, 0, 5);
    return [Array.from({ length: size }, () => (random() < 0.05 ? pick(random, [NaN, Infinity]) : randomDouble(random)))];
  },
});
