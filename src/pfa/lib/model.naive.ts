/**
 * The "model.naive" module: naive Bayes log-likelihoods (Gaussian, multinomial, Bernoulli).
 */
import { bySite, type LibFcnImpl } from "./define.js";
import { PFARuntimeError } from "../runtime.js";

interface GaussianParams {
  readonly mean: number;
  readonly variance: number;
}

type MapOf<T> = Readonly<Record<string, T>>;

/** Added to each normalized multinomial likelihood so that the logarithm stays finite. */
const TINY = 2.2250738585072014e-308;

function sameKeys(a: MapOf<unknown>, b: MapOf<unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!(k in b)) return false;
  return true;
}

export const functions: readonly LibFcnImpl[] = [
  bySite("model.naive.gaussian", (site) => {
    const name = site.name;
    const term = (x: number, p: GaussianParams): number => {
      const variance = p.variance;
      if (variance <= 0) throw new PFARuntimeError(10001, "variance less than or equal to zero", name);
      const d = x - p.mean;
      return -0.5 * Math.log(2 * Math.PI * variance) + -0.5 * ((d * d) / variance);
    };
    if (site.sigIndex === 0)
      return (datum: readonly number[], classModel: readonly GaussianParams[]): number => {
        if (datum.length !== classModel.length) throw new PFARuntimeError(10000, "datum and classModel misaligned", name);
        let ll = 0;
        for (let i = 0; i < datum.length; i++) ll += term(datum[i]!, classModel[i]!);
        return ll;
      };
    return (datum: MapOf<number>, classModel: MapOf<GaussianParams>): number => {
      if (!sameKeys(datum, classModel)) throw new PFARuntimeError(10000, "datum and classModel misaligned", name);
      let ll = 0;
      for (const k in datum) ll += term(datum[k]!, classModel[k]!);
      return ll;
    };
  }),

  bySite("model.naive.multinomial", (site) => {
    const name = site.name;
    const record = site.sigIndex >= 2;
    const notPositive = (): PFARuntimeError => new PFARuntimeError(10011, "classModel must be non-empty and strictly positive", name);
    const misaligned = (): PFARuntimeError => new PFARuntimeError(10010, "datum and classModel misaligned", name);
    if (site.sigIndex % 2 === 0)
      return (datum: readonly number[], model: readonly number[] | { readonly values: readonly number[] }): number => {
        const classModel = record ? (model as { readonly values: readonly number[] }).values : (model as readonly number[]);
        if (classModel.length === 0) throw notPositive();
        let normalizing = 0;
        for (const c of classModel) {
          if (!(c > 0)) throw notPositive();
          normalizing += c;
        }
        if (datum.length !== classModel.length) throw misaligned();
        let ll = 0;
        for (let i = 0; i < datum.length; i++) ll += datum[i]! * Math.log(classModel[i]! / normalizing + TINY);
        return ll;
      };
    // the map signatures normalize the likelihoods like the array signatures (as the JVM reference does)
    return (datum: MapOf<number>, model: MapOf<number> | { readonly values: MapOf<number> }): number => {
      const classModel = record ? (model as { readonly values: MapOf<number> }).values : (model as MapOf<number>);
      const values = Object.values(classModel);
      if (values.length === 0) throw notPositive();
      let normalizing = 0;
      for (const c of values) {
        if (!(c > 0)) throw notPositive();
        normalizing += c;
      }
      if (!sameKeys(datum, classModel)) throw misaligned();
      let ll = 0;
      for (const k in datum) ll += datum[k]! * Math.log(classModel[k]! / normalizing + TINY);
      return ll;
    };
  }),

  bySite("model.naive.bernoulli", (site) => {
    const name = site.name;
    const record = site.sigIndex === 1;
    // each distinct string of datum counts once: it marks the presence of a feature
    return (datum: readonly string[], model: MapOf<number> | { readonly values: MapOf<number> }): number => {
      const classModel = record ? (model as { readonly values: MapOf<number> }).values : (model as MapOf<number>);
      let ll = 0;
      for (const k in classModel) {
        const p = classModel[k]!;
        if (!(p > 0 && p < 1)) throw new PFARuntimeError(10020, "probability in classModel must be strictly between 0 and 1", name);
        ll += Math.log(1 - p);
      }
      for (const item of new Set(datum)) {
        const p = classModel[item];
        if (p !== undefined) ll += Math.log(p) - Math.log(1 - p);
      }
      return ll;
    };
  }),
];
