/**
 * polynomialExpand: Spark PolynomialExpansion (and MLeap polynomial_expansion): every monomial of the
 * vector's elements of total degree 1 to `degree`, in Spark's order, without the constant term.
 *
 * Spark's order comes from its recursion over the LAST feature first: for x = (x0, x1) and degree 2 it
 * is x0, x0², x1, x1·x0, x1²; in general, for exponent e of the last feature from 0 up to the degree,
 * all terms of the features before it with degree − e, each multiplied by x_last^e. Each term is the
 * product 1·x_last·…·x_last·x_(last−1)·… taken in that order (highest feature index first), and Spark
 * stops multiplying as soon as a partial product is 0: such a term is +0 even when a later factor is
 * NaN or infinite. The output has C(n + degree, degree) − 1 elements.
 *
 * (MLeap's sklearn_polynomial_expansion, whose order is sklearn's, is not this op.)
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { type IRType, describeType, nonNull, nullable, vector } from "../types.js";
import { pick } from "./common.js";
import {
  type MissingPolicy,
  ARRAY_DOUBLE,
  checkMissingPolicy,
  doubleExpr,
  evaluateWithMissing,
  lowerWithMissing,
  outputWithMissing,
  randomDouble,
  randomInt,
} from "./feature-util.js";

export interface PolynomialExpandParams {
  /** The highest total degree (Spark's default is 2), at least 1. */
  degree: number;
  /** A missing input: an error or a missing output. */
  missing: MissingPolicy;
}

/** The most terms this op writes out (the PFA has one expression per term). */
const MAX_TERMS = 100_000;

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * The terms in Spark's order, each as the feature indices it multiplies, in multiplication order
 * (the term without its last factor is an earlier term, or the constant).
 */
export function polynomialTerms(n: number, degree: number): number[][] {
  const out: number[][] = [];
  const expand = (last: number, d: number, chain: number[]): void => {
    if (d === 0 || last < 0) {
      if (chain.length > 0) out.push(chain);
      return;
    }
    let c = chain;
    for (let e = 0; e <= d; e++) {
      expand(last - 1, d - e, c);
      c = [...c, last];
    }
  };
  expand(n - 1, degree, []);
  return out;
}

/** A partial product times the next factor, as Spark computes it: once a partial product is 0, the term is +0. */
function termStep(p: number, f: number): number {
  if (p === 0) return 0;
  const y = p * f;
  return y === 0 ? 0 : y;
}

function resolve(params: PolynomialExpandParams, t: IRType): { n: number; size: number } {
  checkMissingPolicy(params.missing, "polynomialExpand");
  const v = nonNull(t);
  if (v.kind !== "vector") throw new Error(`polynomialExpand takes a vector, found ${describeType(t)}`);
  if (v.size === null) throw new Error("polynomialExpand needs a vector of known size");
  if (!Number.isInteger(params.degree) || params.degree < 1) throw new Error(`polynomialExpand: the degree must be an integer of at least 1, found ${JSON.stringify(params.degree)}`);
  const size = binomial(v.size + params.degree, params.degree) - 1;
  if (size > MAX_TERMS) throw new Error(`polynomialExpand: ${size} terms (${v.size} features, degree ${params.degree}) is more than ${MAX_TERMS}`);
  return { n: v.size, size };
}

export const polynomialExpand = defineOp<PolynomialExpandParams>({
  name: "polynomialExpand",
  summary: "every monomial up to a degree, in Spark PolynomialExpansion's order",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`polynomialExpand takes one column, found ${inputs.length}`);
    const { size } = resolve(params, inputs[0]!);
    return [outputWithMissing(vector(size), inputs[0]!, params.missing)];
  },
  evaluate(params, inputs, types) {
    const { n } = resolve(params, types[0]!);
    const terms = polynomialTerms(n, params.degree);
    return [
      evaluateWithMissing("polynomialExpand", inputs[0], params.missing, (v) => {
        const xs = v as number[];
        return terms.map((chain) => chain.reduce((p, f) => termStep(p, xs[f]!), 1));
      }),
    ];
  },
  lower(params, inputs, types, ctx) {
    const t = types[0]!;
    const { n } = resolve(params, t);
    const terms = polynomialTerms(n, params.degree);
    const p = ctx.symbol("p");
    const f = ctx.symbol("f");
    const y = ctx.symbol("y");
    // Spark's multiplication: a partial product that is 0 stays +0, whatever the next factor.
    const step = ctx.fcn("polynomialTerm", {
      params: [{ [p]: "double" }, { [f]: "double" }],
      ret: "double",
      do: [{ let: { [y]: { "*": [p, f] } } }, { if: { "||": [{ "==": [p, doubleExpr(0)] }, { "==": [y, doubleExpr(0)] }] }, then: doubleExpr(0), else: y }],
    });
    const x = ctx.symbol("x");
    // one symbol per term, named after its factors; terms of degree k are built from those of degree k − 1
    const symbolOf = new Map<string, string>();
    const lets: Record<string, JsonValue>[] = [];
    for (const chain of terms) {
      const name = ctx.symbol(`x${chain.join("_x")}`);
      symbolOf.set(chain.join(","), name);
      const parent = chain.length === 1 ? doubleExpr(1) : symbolOf.get(chain.slice(0, -1).join(","))!;
      const level = lets[chain.length - 1] ?? (lets[chain.length - 1] = {});
      level[name] = { [step]: [parent, { attr: x, path: [chain[chain.length - 1]!] }] };
    }
    return [
      lowerWithMissing("polynomialExpand", inputs[0]!, t, params.missing, ctx, (v) => {
        const body: JsonValue[] = [{ let: { [x]: v } }, ...lets.map((level) => ({ let: level }))];
        body.push({ new: terms.map((chain) => symbolOf.get(chain.join(","))!), type: ARRAY_DOUBLE });
        return { do: body };
      }),
    ];
  },
  arbitrary(random) {
    const n = randomInt(random, 1, 4);
    let input: IRType = vector(n);
    if (random() < 0.3) input = nullable(input);
    return { params: { degree: randomInt(random, 1, n > 2 ? 3 : 4), missing: pick(random, ["error", "propagate"] as const) }, inputs: [input] };
  },
  arbitraryInputs(_params, inputs, random) {
    const t = inputs[0]!;
    if (t.kind === "nullable" && random() < 0.15) return [null];
    const v = nonNull(t);
    const size = v.kind === "vector" ? (v.size ?? 0) : 0;
    return [
      Array.from({ length: size }, () => {
        const r = random();
        if (r < 0.2) return 0;
        if (r < 0.25) return -0;
        if (r < 0.3) return pick(random, [NaN, Infinity, -Infinity, 1e-200]);
        return randomDouble(random);
      }),
    ];
  },
});
