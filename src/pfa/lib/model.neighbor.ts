/**
 * model.neighbor: k-nearest-neighbour helpers over a codebook. Without a metric the distance is
 * Euclidean over the vectors' common prefix (nearestK checks the dimensions first).
 */
import { bySite, type CompiledFunction, type LibFcnImpl } from "./define.js";
import { PFARuntimeError } from "../runtime.js";
import { argLowestN, squaredDistance } from "./model.cluster.js";

type Metric = (a: unknown, b: unknown) => number;

export const functions: readonly LibFcnImpl[] = [
  bySite("model.neighbor.mean", (site): CompiledFunction => {
    const name = site.name;
    return (points: number[][], weight?: (p: number[]) => number): number[] => {
      if (points.length === 0) throw new PFARuntimeError(30000, "not enough points", name);
      const dim = points[0]!.length;
      const numer = new Array<number>(dim).fill(0);
      let denom = 0;
      for (const p of points) {
        if (p.length !== dim) throw new PFARuntimeError(30001, "inconsistent dimensionality", name);
        const w = weight === undefined ? 1 : weight(p);
        for (let i = 0; i < dim; i++) numer[i] = numer[i]! + w * p[i]!;
        denom += w;
      }
      for (let i = 0; i < dim; i++) numer[i] = numer[i]! / denom;
      return numer;
    };
  }),

  bySite("model.neighbor.nearestK", (site): CompiledFunction => {
    const name = site.name;
    if (site.sigIndex === 0) {
      return (k: number, datum: number[], codebook: number[][]): number[][] => {
        if (k < 0) throw new PFARuntimeError(30010, "k must be nonnegative", name);
        const n = codebook.length;
        const ds = new Array<number>(n);
        for (let i = 0; i < n; i++) {
          if (codebook[i]!.length !== datum.length) throw new PFARuntimeError(30011, "inconsistent dimensionality", name);
        }
        for (let i = 0; i < n; i++) ds[i] = squaredDistance(datum, codebook[i]!);
        return argLowestN(ds, k).map((i) => codebook[i]!);
      };
    }
    return (k: number, datum: unknown, codebook: unknown[], metric: Metric): unknown[] => {
      if (k < 0) throw new PFARuntimeError(30010, "k must be nonnegative", name);
      const n = codebook.length;
      const ds = new Array<number>(n);
      for (let i = 0; i < n; i++) ds[i] = metric(datum, codebook[i]);
      return argLowestN(ds, k).map((i) => codebook[i]);
    };
  }),

  bySite("model.neighbor.ballR", (site): CompiledFunction => {
    if (site.sigIndex === 0) {
      return (r: number, datum: number[], codebook: number[][]): number[][] => {
        const out: number[][] = [];
        for (const x of codebook) if (Math.sqrt(squaredDistance(datum, x)) < r) out.push(x);
        return out;
      };
    }
    return (r: number, datum: unknown, codebook: unknown[], metric: Metric): unknown[] => {
      const out: unknown[] = [];
      for (const x of codebook) if (metric(datum, x) < r) out.push(x);
      return out;
    };
  }),
];
