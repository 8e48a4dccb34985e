/**
 * model.cluster: nearest cluster centers, random seeding and one k-means (Lloyd) iteration.
 * Ties between equal distances go to the cluster that comes first, as in the reference implementation.
 */
import { bySite, type CompiledFunction, type LibFcnImpl } from "./define.js";
import { compareValues, PFARuntimeError, recordWith } from "../runtime.js";
import { AvroArray, type AvroType, isNumeric } from "../types.js";

type Rec = Record<string, unknown>;
type Metric = (a: unknown, b: unknown) => number;

/** Squared Euclidean distance over the common prefix of the two vectors (the default metric). */
export function squaredDistance(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - y[i]!;
    s += d * d;
  }
  return s;
}

/** The index of the first smallest distance (a NaN in first place is never displaced). */
function argMin(distances: readonly number[]): number {
  let best = 0;
  let bestD = distances[0]!;
  for (let i = 1; i < distances.length; i++) {
    const d = distances[i]!;
    if (d < bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

/**
 * The indexes of the n smallest distances, smallest first, ties in their original order. Built by
 * insertion (each distance goes before the first kept one it is strictly less than), which is how the
 * reference implementation places NaN distances too.
 */
export function argLowestN(distances: readonly number[], n: number): number[] {
  const idx: number[] = [];
  const ds: number[] = [];
  if (n <= 0) return idx;
  for (let i = 0; i < distances.length; i++) {
    const x = distances[i]!;
    let pos = ds.length;
    for (let j = 0; j < ds.length; j++) {
      if (x < ds[j]!) {
        pos = j;
        break;
      }
    }
    if (pos >= n) continue;
    idx.splice(pos, 0, i);
    ds.splice(pos, 0, x);
    if (idx.length > n) {
      idx.pop();
      ds.pop();
    }
  }
  return idx;
}

/** Distances from the datum to each cluster's center, by the metric or the default squared Euclidean. */
function centerDistances(datum: unknown, clusters: readonly Rec[], metric: Metric | undefined): number[] {
  const out = new Array<number>(clusters.length);
  if (metric === undefined) {
    const x = datum as number[];
    for (let i = 0; i < clusters.length; i++) out[i] = squaredDistance(x, clusters[i]!.center as number[]);
  } else {
    for (let i = 0; i < clusters.length; i++) out[i] = metric(datum, clusters[i]!.center);
  }
  return out;
}

/** A string key that identifies an array of numbers up to equality (-0 equals 0, NaN equals NaN), or null. */
function numericVectorKey(items: AvroType): ((v: unknown[]) => string) | null {
  return isNumeric(items) ? (v) => v.map((x) => (x === 0 ? "0" : String(x))).join(",") : null;
}

export const functions: readonly LibFcnImpl[] = [
  bySite("model.cluster.closest", (site): CompiledFunction => {
    const name = site.name;
    if (site.sigIndex === 0) {
      return (datum: number[], clusters: Rec[]): Rec => {
        if (clusters.length === 0) throw new PFARuntimeError(29000, "no clusters", name);
        let best = 0;
        let bestD = squaredDistance(datum, clusters[0]!.center as number[]);
        for (let i = 1; i < clusters.length; i++) {
          const d = squaredDistance(datum, clusters[i]!.center as number[]);
          if (d < bestD) {
            best = i;
            bestD = d;
          }
        }
        return clusters[best]!;
      };
    }
    return (datum: unknown, clusters: Rec[], metric: Metric): Rec => {
      if (clusters.length === 0) throw new PFARuntimeError(29000, "no clusters", name);
      return clusters[argMin(centerDistances(datum, clusters, metric))]!;
    };
  }),

  bySite("model.cluster.closestN", (site): CompiledFunction => {
    const name = site.name;
    return (n: number, datum: unknown, clusters: Rec[], metric?: Metric): Rec[] => {
      if (n < 0) throw new PFARuntimeError(29010, "n must be nonnegative", name);
      return argLowestN(centerDistances(datum, clusters, metric), n).map((i) => clusters[i]!);
    };
  }),

  bySite("model.cluster.randomSeeds", (site): CompiledFunction => {
    const name = site.name;
    const engine = site.engine;
    const vectorType = (site.paramTypes[0] as AvroArray).items as AvroArray;
    const key = numericVectorKey(vectorType.items);
    return (data: unknown[][], k: number, newCluster: (i: number, vec: unknown[]) => Rec): Rec[] => {
      if (k <= 0) throw new PFARuntimeError(29020, "k must be greater than zero", name);
      const uniques: unknown[][] = [];
      if (key !== null) {
        const seen = new Set<string>();
        for (const x of data) {
          const kx = key(x);
          if (!seen.has(kx)) {
            seen.add(kx);
            uniques.push(x);
          }
        }
      } else {
        for (const x of data) if (!uniques.some((u) => compareValues(vectorType, u, x) === 0)) uniques.push(x);
      }
      if (uniques.length < k) throw new PFARuntimeError(29021, "not enough unique points", name);
      const dim = uniques[0]!.length;
      for (const u of uniques) if (u.length !== dim) throw new PFARuntimeError(29022, "dimensions of vectors do not match", name);
      // A partial Fisher-Yates shuffle: the first k places are a uniformly random ordered selection.
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(engine.random() * (uniques.length - i));
        const t = uniques[i]!;
        uniques[i] = uniques[j]!;
        uniques[j] = t;
      }
      const out = new Array<Rec>(k);
      for (let i = 0; i < k; i++) out[i] = newCluster(i, uniques[i]!);
      return out;
    };
  }),

  bySite("model.cluster.kmeansIteration", (site): CompiledFunction => {
    const name = site.name;
    return (data: unknown[][], clusters: Rec[], metric: Metric, update: (matched: unknown[][], c: Rec) => Rec): Rec[] => {
      if (data.length === 0) throw new PFARuntimeError(29030, "no data", name);
      const n = clusters.length;
      if (n === 0) throw new PFARuntimeError(29031, "no clusters", name);
      const matched: unknown[][][] = [];
      for (let i = 0; i < n; i++) matched.push([]);
      for (const datum of data) {
        let best = 0;
        let bestD = metric(datum, clusters[0]!.center);
        for (let i = 1; i < n; i++) {
          const d = metric(datum, clusters[i]!.center);
          if (d < bestD) {
            best = i;
            bestD = d;
          }
        }
        matched[best]!.push(datum);
      }
      const out = new Array<Rec>(n);
      for (let i = 0; i < n; i++) out[i] = matched[i]!.length === 0 ? clusters[i]! : update(matched[i]!, clusters[i]!);
      return out;
    };
  }),

  bySite("model.cluster.updateMean", (site): CompiledFunction => {
    const name = site.name;
    return (data: number[][], cluster: Rec, weight: number): Rec => {
      if (data.length === 0) throw new PFARuntimeError(29040, "no data", name);
      const dim = data[0]!.length;
      const sum = new Array<number>(dim).fill(0);
      for (const vec of data) {
        if (vec.length !== dim) throw new PFARuntimeError(29041, "dimensions of vectors do not match", name);
        for (let i = 0; i < dim; i++) sum[i]! += vec[i]!;
      }
      const center = cluster.center as number[];
      if (center.length !== dim) throw new PFARuntimeError(29041, "dimensions of vectors do not match", name);
      for (let i = 0; i < dim; i++) sum[i]! += weight * center[i]!;
      const denom = data.length + weight;
      for (let i = 0; i < dim; i++) sum[i] = sum[i]! / denom;
      return recordWith(cluster, "center", sum);
    };
  }),
];
