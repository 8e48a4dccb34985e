/**
 * Link functions (spec "m.link" module), each on a double, an array of doubles or a map of doubles.
 */
import { bySite, type CompiledFunction, type LibFcnImpl } from "./define.js";
import { erfc } from "./m.special.js";
import { newMap, PFARuntimeError } from "../runtime.js";

/** A link function applied to a double (signature 0), each element of an array (1) or each value of a map (2). */
function elementwise(name: string, f: (x: number) => number): LibFcnImpl {
  return bySite(name, (site): CompiledFunction => {
    switch (site.sigIndex) {
      case 0:
        return f;
      case 1:
        return (x: readonly number[]) => {
          const out = new Array<number>(x.length);
          for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
          return out;
        };
      default:
        return (x: Readonly<Record<string, number>>) => {
          const out = newMap<number>();
          for (const k in x) out[k] = f(x[k]!);
          return out;
        };
    }
  });
}

export const functions: readonly LibFcnImpl[] = [
  // Shifted by the largest value, which leaves the result unchanged and avoids overflow.
  bySite("m.link.softmax", (site): CompiledFunction => {
    if (site.sigIndex === 0)
      return (x: readonly number[]) => {
        if (x.length === 0) throw new PFARuntimeError(25000, "empty input", "m.link.softmax");
        let max = -Infinity;
        for (let i = 0; i < x.length; i++) max = Math.max(max, x[i]!);
        const out = new Array<number>(x.length);
        let denom = 0;
        for (let i = 0; i < x.length; i++) {
          const e = Math.exp(x[i]! - max);
          out[i] = e;
          denom += e;
        }
        for (let i = 0; i < x.length; i++) out[i] = out[i]! / denom;
        return out;
      };
    return (x: Readonly<Record<string, number>>) => {
      const keys = Object.keys(x);
      if (keys.length === 0) throw new PFARuntimeError(25000, "empty input", "m.link.softmax");
      let max = -Infinity;
      for (const k of keys) max = Math.max(max, x[k]!);
      let denom = 0;
      for (const k of keys) denom += Math.exp(x[k]! - max);
      const out = newMap<number>();
      for (const k of keys) out[k] = Math.exp(x[k]! - max) / denom;
      return out;
    };
  }),

  elementwise("m.link.logit", (x) => 1 / (1 + Math.exp(-x))),

  // (erf(x / sqrt 2) + 1) / 2, written with erfc so that the lower tail keeps its precision.
  elementwise("m.link.probit", (x) => 0.5 * erfc(-x / Math.SQRT2)),

  elementwise("m.link.cloglog", (x) => -Math.expm1(-Math.exp(x))),

  elementwise("m.link.loglog", (x) => Math.exp(-Math.exp(x))),

  elementwise("m.link.cauchit", (x) => 0.5 + Math.atan(x) / Math.PI),

  // log(1 + exp(x)), computed without overflow for large x.
  elementwise("m.link.softplus", (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)))),

  // max(0, x): the spec's documentation repeats softplus's formula by mistake.
  elementwise("m.link.relu", (x) => (x > 0 ? x : Number.isNaN(x) ? x : 0)),

  elementwise("m.link.tanh", Math.tanh),
];
