/**
 * The "metric" module: distance functions between vectors, with similarity callbacks and
 * missing-value weighting, and similarity measures on binary vectors.
 */
import { bySite, fixed, type LibFcnImpl } from "./define.js";
import { PFARuntimeError } from "../runtime.js";

type Similarity = (x: unknown, y: unknown) => number;

/** Division as PFA's reference defines it: any zero denominator (including -0) gives +inf, -inf or NaN by the numerator's sign. */
function div(numer: number, denom: number): number {
  if (denom === 0) return numer > 0 ? Infinity : numer < 0 ? -Infinity : NaN;
  return numer / denom;
}

/**
 * The shared body of euclidean, squaredEuclidean, chebyshev and taxicab: accumulate `similarity` over
 * the components where neither vector is missing (null), then scale by the ratio of all weights to the
 * weights of the present components (NaN when every component is missing).
 */
function missingValueMetric(
  code: number,
  name: string,
  withWeights: boolean,
  increment: (tally: number, s: number) => number,
  finalize: (v: number) => number,
): (similarity: Similarity, x: readonly unknown[], y: readonly unknown[], missingWeight?: readonly number[]) => number {
  return (similarity, x, y, missingWeight) => {
    const n = x.length;
    if (y.length !== n || (withWeights && missingWeight!.length !== n)) throw new PFARuntimeError(code, "dimensions of vectors do not match", name);
    let tally = 0;
    let numer = 0;
    let denom = 0;
    for (let i = 0; i < n; i++) {
      const w = withWeights ? missingWeight![i]! : 1;
      const xi = x[i];
      const yi = y[i];
      if (xi !== null && yi !== null) {
        tally = increment(tally, similarity(xi, yi));
        denom += w;
      }
      numer += w;
    }
    return denom === 0 ? finalize(NaN) : finalize((tally * numer) / denom);
  };
}

/** Counts of (x, y) pairs: [a00, a01, a10, a11]. */
function countPairs(x: readonly boolean[], y: readonly boolean[], code: number, name: string): [number, number, number, number] {
  if (x.length !== y.length) throw new PFARuntimeError(code, "dimensions of vectors do not match", name);
  let a00 = 0;
  let a01 = 0;
  let a10 = 0;
  let a11 = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i]) {
      if (y[i]) a11++;
      else a10++;
    } else if (y[i]) a01++;
    else a00++;
  }
  return [a00, a01, a10, a11];
}

const square = (tally: number, s: number): number => tally + s * s;
const sum = (tally: number, s: number): number => tally + s;
const max = (tally: number, s: number): number => (s > tally ? s : tally);
const identity = (v: number): number => v;

export const functions: readonly LibFcnImpl[] = [
  bySite("metric.simpleEuclidean", (site) => {
    const name = site.name;
    return (x: readonly number[], y: readonly number[]): number => {
      if (x.length !== y.length) throw new PFARuntimeError(28000, "dimensions of vectors do not match", name);
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const d = x[i]! - y[i]!;
        s += d * d;
      }
      return Math.sqrt(s);
    };
  }),

  fixed("metric.absDiff", (x: number, y: number): number => Math.abs(x - y)),

  fixed("metric.gaussianSimilarity", (x: number, y: number, sigma: number): number => {
    const d = x - y;
    return Math.exp(div(-Math.LN2 * (d * d), sigma * sigma));
  }),

  bySite("metric.euclidean", (site) => missingValueMetric(28030, site.name, site.sigIndex === 1, square, Math.sqrt)),

  bySite("metric.squaredEuclidean", (site) => missingValueMetric(28040, site.name, site.sigIndex === 1, square, identity)),

  bySite("metric.chebyshev", (site) => missingValueMetric(28050, site.name, site.sigIndex === 1, max, identity)),

  bySite("metric.taxicab", (site) => missingValueMetric(28060, site.name, site.sigIndex === 1, sum, identity)),

  bySite("metric.minkowski", (site) => {
    const name = site.name;
    const withWeights = site.sigIndex === 1;
    return (similarity: Similarity, x: readonly unknown[], y: readonly unknown[], p: number, missingWeight?: readonly number[]): number => {
      const n = x.length;
      if (y.length !== n || (withWeights && missingWeight!.length !== n)) throw new PFARuntimeError(28070, "dimensions of vectors do not match", name);
      if (Number.isNaN(p) || p <= 0) throw new PFARuntimeError(28071, "Minkowski parameter p must be positive", name);
      const chebyshev = p === Infinity;
      let tally = 0;
      let numer = 0;
      let denom = 0;
      for (let i = 0; i < n; i++) {
        const w = withWeights ? missingWeight![i]! : 1;
        const xi = x[i];
        const yi = y[i];
        if (xi !== null && yi !== null) {
          const s = similarity(xi, yi);
          if (chebyshev) {
            if (s > tally) tally = s;
          } else tally += Math.pow(s, p);
          denom += w;
        }
        numer += w;
      }
      if (denom === 0) return NaN;
      return chebyshev ? (tally * numer) / denom : Math.pow((tally * numer) / denom, 1 / p);
    };
  }),

  bySite("metric.simpleMatching", (site) => (x: readonly boolean[], y: readonly boolean[]): number => {
    const [a00, a01, a10, a11] = countPairs(x, y, 28080, site.name);
    return div(a11 + a00, a11 + a10 + a01 + a00);
  }),

  bySite("metric.jaccard", (site) => (x: readonly boolean[], y: readonly boolean[]): number => {
    const [, a01, a10, a11] = countPairs(x, y, 28090, site.name);
    return div(a11, a11 + a10 + a01);
  }),

  bySite("metric.tanimoto", (site) => (x: readonly boolean[], y: readonly boolean[]): number => {
    const [a00, a01, a10, a11] = countPairs(x, y, 28100, site.name);
    return div(a11 + a00, a11 + 2 * (a10 + a01) + a00);
  }),

  bySite(
    "metric.binarySimilarity",
    (site) =>
      (x: readonly boolean[], y: readonly boolean[], c00: number, c01: number, c10: number, c11: number, d00: number, d01: number, d10: number, d11: number): number => {
        const [a00, a01, a10, a11] = countPairs(x, y, 28110, site.name);
        return div(c11 * a11 + c10 * a10 + c01 * a01 + c00 * a00, d11 * a11 + d10 * a10 + d01 * a01 + d00 * a00);
      },
  ),
];
