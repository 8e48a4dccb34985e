/**
 * The "stat.sample" module: running statistics of a sample (counts, means, variances, covariances,
 * moving windows, exponentially weighted averages, Holt-Winters series), histograms, counters and
 * top-N lists. State records are immutable: each update returns a copy with the fields updated; the
 * optional fields a function maintains (mean, variance, under/overflow counters...) are found in the
 * record type at the call site.
 *
 * Divisions by zero follow the reference (PFA's "/"): a nonzero numerator over zero is an infinity of
 * the numerator's sign, whatever the sign of the zero; zero or NaN over zero is NaN.
 */
import { newMap, PFARuntimeError } from "../runtime.js";
import { AvroArray, AvroRecord, type AvroType } from "../types.js";
import type { FcnType } from "../signature.js";
import { bySite, fixed, type LibFcnImpl } from "./define.js";

type Rec = Readonly<Record<string, unknown>>;
type Vec = readonly number[];
type MapVec = Readonly<Record<string, number>>;
type MapMat = Readonly<Record<string, MapVec>>;

function div(numer: number, denom: number): number {
  if (denom !== 0) return numer / denom;
  return numer > 0 ? Infinity : numer < 0 ? -Infinity : NaN;
}

/** The record type of a parameter (the state), possibly the items of an array. */
function recordOf(t: AvroType | FcnType | undefined): AvroRecord {
  if (t instanceof AvroArray) return recordOf(t.items);
  if (!(t instanceof AvroRecord)) throw new Error("stat.sample: a record type was expected");
  return t;
}

function hasField(t: AvroRecord, name: string): boolean {
  return t.field(name) !== undefined;
}

/** How many of mean (1) and variance (2) the state record maintains. */
function momentLevel(t: AvroRecord): 0 | 1 | 2 {
  return hasField(t, "mean") ? (hasField(t, "variance") ? 2 : 1) : 0;
}

/** Bin index floor(fraction * numbins), kept in range against rounding at the high edge. */
function binIndex(x: number, low: number, high: number, numbins: number): number {
  const i = Math.floor(((x - low) / (high - low)) * numbins);
  return i >= numbins ? numbins - 1 : i > 0 ? i : 0;
}

const FLOWS_2D = [
  "underunderflow",
  "undermidflow",
  "underoverflow",
  "midunderflow",
  "midoverflow",
  "overunderflow",
  "overmidflow",
  "overoverflow",
] as const;

export const functions: readonly LibFcnImpl[] = [
  bySite("stat.sample.update", (site) => {
    const level = momentLevel(recordOf(site.paramTypes[2]));
    return (x: number, w: number, state: Rec): Rec => {
      const originalCount = state.count as number;
      const count = originalCount + w;
      if (level === 0) return { ...state, count };
      const mean = state.mean as number;
      const delta = x - mean;
      const shift = div(delta * w, count);
      if (level === 1) return { ...state, count, mean: mean + shift };
      const varianceTimesCount = (state.variance as number) * originalCount + originalCount * delta * shift;
      return { ...state, count, mean: mean + shift, variance: div(varianceTimesCount, count) };
    };
  }),

  bySite("stat.sample.updateCovariance", (site) => {
    const name = site.name;
    const tooFew = (): PFARuntimeError => new PFARuntimeError(14011, "too few components", name);
    if (site.sigIndex === 0)
      return (x: Vec, w: number, state: Rec): Rec => {
        const size = x.length;
        if (size < 2) throw tooFew();
        const oldCount = state.count as number;
        const oldMean = state.mean as Vec;
        const oldCovariance = state.covariance as readonly Vec[];
        if (size !== oldMean.length || size !== oldCovariance.length || oldCovariance.some((row) => row.length !== size))
          throw new PFARuntimeError(14012, "unequal length arrays", name);
        const newCount = oldCount + w;
        const newMean = oldMean.map((m, i) => m + div((x[i]! - m) * w, newCount));
        const newCovariance = new Array<number[]>(size);
        for (let i = 0; i < size; i++) {
          const row = new Array<number>(size);
          const di = x[i]! - oldMean[i]!;
          const oldRow = oldCovariance[i]!;
          for (let j = 0; j < size; j++)
            row[j] = div(oldRow[j]! * oldCount + div(di * (x[j]! - oldMean[j]!) * w * oldCount, newCount), newCount);
          newCovariance[i] = row;
        }
        return { ...state, count: newCount, mean: newMean, covariance: newCovariance };
      };
    // maps: the keys are those of x and of the count and covariance matrices (rows and columns)
    return (x: MapVec, w: number, state: Rec): Rec => {
      if (Object.keys(x).length < 2) throw tooFew();
      const oldCount = state.count as MapMat;
      const oldMean = state.mean as MapVec;
      const oldCovariance = state.covariance as MapMat;
      const keySet = new Set(Object.keys(x));
      for (const m of [oldCount, oldCovariance])
        for (const k in m) {
          keySet.add(k);
          for (const kk in m[k]) keySet.add(kk);
        }
      const keys = [...keySet];
      const newCount = newMap<Record<string, number>>();
      for (const i of keys) {
        const row = newMap<number>();
        const oldRow = oldCount[i];
        for (const j of keys) {
          const old = oldRow?.[j] ?? 0;
          row[j] = i in x && j in x ? old + w : old;
        }
        newCount[i] = row;
      }
      const newMean = newMap<number>();
      for (const i of keys) {
        const old = oldMean[i] ?? 0;
        newMean[i] = i in x ? old + div((x[i]! - old) * w, newCount[i]![i]!) : old;
      }
      const newCovariance = newMap<Record<string, number>>();
      for (const i of keys) {
        const row = newMap<number>();
        const oldRow = oldCovariance[i];
        for (const j of keys) {
          const oldCov = oldRow?.[j] ?? 0;
          if (i in x && j in x) {
            const oldC = oldCount[i]?.[j] ?? 0;
            const n = newCount[i]![j]!;
            const product = (x[i]! - (oldMean[i] ?? 0)) * (x[j]! - (oldMean[j] ?? 0));
            row[j] = div(oldCov * oldC + div(product * w * oldC, n), n);
          } else row[j] = oldCov;
        }
        newCovariance[i] = row;
      }
      return { ...state, count: newCount, mean: newMean, covariance: newCovariance };
    };
  }),

  bySite("stat.sample.updateWindow", (site) => {
    const name = site.name;
    const record = recordOf(site.paramTypes[2]);
    const level = momentLevel(record);
    const fieldNames = record.fields.map((f) => f.name);
    const initializable = fieldNames.every((f) => f === "x" || f === "w" || f === "count" || f === "mean" || f === "variance");
    return (x: number, w: number, state: readonly Rec[], windowSize: number): Rec[] => {
      if (windowSize < 2) throw new PFARuntimeError(14020, "windowSize must be at least 2", name);
      if (state.length === 0) {
        if (!initializable) throw new PFARuntimeError(14021, "cannot initialize unrecognized fields", name);
        const first: Record<string, unknown> = {};
        for (const f of fieldNames) first[f] = f === "x" || f === "mean" ? x : f === "variance" ? 0 : w;
        return [first];
      }
      const last = state[state.length - 1]!;
      const originalCount = last.count as number;
      const count = originalCount + w;
      if (state.length < windowSize) {
        if (level === 0) return [...state, { ...last, x, w, count }];
        const mean = last.mean as number;
        const delta = x - mean;
        const shift = div(delta * w, count);
        if (level === 1) return [...state, { ...last, x, w, count, mean: mean + shift }];
        const varianceTimesCount = (last.variance as number) * originalCount + originalCount * delta * shift;
        return [...state, { ...last, x, w, count, mean: mean + shift, variance: div(varianceTimesCount, count) }];
      }
      // the window is full: remove the oldest samples so that windowSize remain, the new one included
      const splitAt = state.length - windowSize + 1;
      const keep = state.slice(splitAt);
      let removed = 0;
      for (let k = 0; k < splitAt; k++) removed += -(state[k]!.w as number);
      const count2 = count + removed;
      if (level === 0) return [...keep, { ...last, x, w, count: count2 }];
      let mean = last.mean as number;
      const delta = x - mean;
      const shift = div(delta * w, count);
      mean += shift;
      let accumulatedCount = count;
      let varianceCorrection = 0;
      for (let k = 0; k < splitAt; k++) {
        const ox = state[k]!.x as number;
        const ow = -(state[k]!.w as number);
        accumulatedCount += ow;
        const delta2 = ox - mean;
        const shift2 = div(delta2 * ow, accumulatedCount);
        mean += shift2;
        varianceCorrection += (accumulatedCount - ow) * delta2 * shift2;
      }
      if (level === 1) return [...keep, { ...last, x, w, count: count2, mean }];
      const varianceTimesCount = (last.variance as number) * originalCount + originalCount * delta * shift + varianceCorrection;
      return [...keep, { ...last, x, w, count: count2, mean, variance: div(varianceTimesCount, count2) }];
    };
  }),

  bySite("stat.sample.updateEWMA", (site) => {
    const hasVariance = hasField(recordOf(site.paramTypes[2]), "variance");
    return (x: number, alpha: number, state: Rec): Rec => {
      if (alpha < 0 || alpha > 1) throw new PFARuntimeError(14030, "alpha out of range", site.name);
      const mean = state.mean as number;
      const diff = x - mean;
      const incr = alpha * diff;
      if (!hasVariance) return { ...state, mean: mean + incr };
      return { ...state, mean: mean + incr, variance: (1 - alpha) * ((state.variance as number) + diff * incr) };
    };
  }),

  fixed("stat.sample.updateHoltWinters", (x: number, alpha: number, beta: number, state: Rec): Rec => {
    if (alpha < 0 || alpha > 1) throw new PFARuntimeError(14040, "alpha out of range", "stat.sample.updateHoltWinters");
    if (beta < 0 || beta > 1) throw new PFARuntimeError(14041, "beta out of range", "stat.sample.updateHoltWinters");
    const levelPrev = state.level as number;
    const trendPrev = state.trend as number;
    const level = alpha * x + (1 - alpha) * (levelPrev + trendPrev);
    const trend = beta * (level - levelPrev) + (1 - beta) * trendPrev;
    return { ...state, level, trend };
  }),

  // the cycle rotates left each step: c[1] is the previous cycle value and the new one becomes c[0]
  fixed("stat.sample.updateHoltWintersPeriodic", (x: number, alpha: number, beta: number, gamma: number, state: Rec): Rec => {
    const name = "stat.sample.updateHoltWintersPeriodic";
    if (alpha < 0 || alpha > 1) throw new PFARuntimeError(14050, "alpha out of range", name);
    if (beta < 0 || beta > 1) throw new PFARuntimeError(14051, "beta out of range", name);
    if (gamma < 0 || gamma > 1) throw new PFARuntimeError(14052, "gamma out of range", name);
    const cycle = state.cycle as Vec;
    const n = cycle.length;
    if (n === 0) throw new PFARuntimeError(14053, "empty cycle", name);
    const levelPrev = state.level as number;
    const trendPrev = state.trend as number;
    const cyclePrev = cycle[1 % n]!;
    const multiplicative = state.multiplicative as boolean;
    const level = multiplicative
      ? div(alpha * x, cyclePrev) + (1 - alpha) * (levelPrev + trendPrev)
      : alpha * (x - cyclePrev) + (1 - alpha) * (levelPrev + trendPrev);
    const trend = beta * (level - levelPrev) + (1 - beta) * trendPrev;
    const c = multiplicative ? div(gamma * x, level) + (1 - gamma) * cyclePrev : gamma * (x - level) + (1 - gamma) * cyclePrev;
    const newCycle = new Array<number>(n);
    newCycle[0] = c;
    for (let i = 1; i < n; i++) newCycle[i] = cycle[(i + 1) % n]!;
    return { ...state, level, trend, cycle: newCycle };
  }),

  bySite("stat.sample.forecast1HoltWinters", (site) => {
    const periodic = hasField(recordOf(site.paramTypes[0]), "cycle");
    return (state: Rec): number => {
      const base = (state.level as number) + (state.trend as number);
      if (!periodic) return base;
      const cycle = state.cycle as Vec;
      if (cycle.length === 0) throw new PFARuntimeError(14060, "empty cycle", site.name);
      const c = cycle[1 % cycle.length]!;
      return (state.multiplicative as boolean) ? base * c : base + c;
    };
  }),

  bySite("stat.sample.forecastHoltWinters", (site) => {
    const periodic = hasField(recordOf(site.paramTypes[1]), "cycle");
    return (n: number, state: Rec): number[] => {
      const level = state.level as number;
      const trend = state.trend as number;
      const out: number[] = [];
      if (!periodic) {
        for (let i = 1; i <= n; i++) out.push(level + i * trend);
        return out;
      }
      const cycle = state.cycle as Vec;
      const len = cycle.length;
      if (len === 0) throw new PFARuntimeError(14070, "empty cycle", site.name);
      if (state.multiplicative as boolean) for (let i = 1; i <= n; i++) out.push((level + i * trend) * cycle[i % len]!);
      else for (let i = 1; i <= n; i++) out.push(level + i * trend + cycle[i % len]!);
      return out;
    };
  }),

  bySite("stat.sample.fillHistogram", (site) => {
    const name = site.name;
    const record = recordOf(site.paramTypes[2]);
    const fixedBins = hasField(record, "numbins") && hasField(record, "low") && hasField(record, "high");
    const growing = hasField(record, "low") && hasField(record, "binsize");
    const ranged = hasField(record, "ranges");
    const method = fixedBins && !growing && !ranged ? 0 : !fixedBins && growing && !ranged ? 1 : !fixedBins && !growing && ranged ? 2 : site.sigIndex;
    const hasUnderflow = hasField(record, "underflow");
    const hasOverflow = hasField(record, "overflow");
    const hasNanflow = hasField(record, "nanflow");
    const hasInfflow = hasField(record, "infflow");
    const wrongSize = (): PFARuntimeError => new PFARuntimeError(14080, "wrong histogram size", name);
    const badScale = (): PFARuntimeError => new PFARuntimeError(14082, "bad histogram scale", name);
    // where a value that no bin takes goes: 0 values, 1 underflow, 2 overflow, 3 nanflow, 4 infflow
    const result = (h: Rec, values: Vec, w: number, flow: number): Rec => {
      const out: Record<string, unknown> = { ...h, values };
      if (hasUnderflow) out.underflow = (h.underflow as number) + (flow === 1 ? w : 0);
      if (hasOverflow) out.overflow = (h.overflow as number) + (flow === 2 ? w : 0);
      if (hasNanflow) out.nanflow = (h.nanflow as number) + (flow === 3 ? w : 0);
      if (hasInfflow) out.infflow = (h.infflow as number) + (flow === 4 ? w : 0);
      return out;
    };
    const isInf = (x: number): boolean => x === Infinity || x === -Infinity;
    if (method === 0)
      return (x: number, w: number, h: Rec): Rec => {
        const values = h.values as Vec;
        const numbins = h.numbins as number;
        const low = h.low as number;
        const high = h.high as number;
        if (numbins < 1) throw badScale();
        if (values.length !== numbins) throw wrongSize();
        if (!(low < high) || !Number.isFinite(low) || !Number.isFinite(high)) throw new PFARuntimeError(14081, "bad histogram range", name);
        const flow = hasInfflow && isInf(x) ? 4 : Number.isNaN(x) ? 3 : x >= high ? 2 : x < low ? 1 : 0;
        if (flow !== 0) return result(h, values, w, flow);
        const out = values.slice();
        const i = binIndex(x, low, high, numbins);
        out[i] = out[i]! + w;
        return result(h, out, w, 0);
      };
    if (method === 1)
      return (x: number, w: number, h: Rec): Rec => {
        const values = h.values as Vec;
        const low = h.low as number;
        const binsize = h.binsize as number;
        if (!(binsize > 0) || !Number.isFinite(binsize)) throw badScale();
        const flow = hasInfflow && isInf(x) ? 4 : Number.isNaN(x) ? 3 : x === Infinity ? 2 : x < low ? 1 : 0;
        if (flow !== 0) return result(h, values, w, flow);
        const n = values.length;
        const span = low + binsize * n - low;
        // as the reference: an empty histogram (zero span) takes its first value in bin 0
        const index = span === 0 ? 0 : Math.floor(((x - low) / span) * n);
        let out: number[];
        if (index < n) {
          out = values.slice();
          out[index] = out[index]! + w;
        } else {
          out = values.concat(new Array<number>(index - n).fill(0));
          out.push(w);
        }
        return result(h, out, w, 0);
      };
    return (x: number, w: number, h: Rec): Rec => {
      const values = h.values as Vec;
      const ranges = h.ranges as readonly Vec[];
      if (values.length !== ranges.length) throw wrongSize();
      // a range with equal ends is rejected, as both reference engines and the suite do (a spec detail would allow it)
      for (const r of ranges)
        if (r.length !== 2 || !(r[0]! < r[1]!) || !Number.isFinite(r[0]!) || !Number.isFinite(r[1]!))
          throw new PFARuntimeError(14083, "bad histogram ranges", name);
      const out = values.slice();
      let hit = false;
      if (Number.isFinite(x))
        for (let i = 0; i < ranges.length; i++) {
          const r = ranges[i]!;
          if (x >= r[0]! && x < r[1]!) {
            out[i] = out[i]! + w;
            hit = true;
          }
        }
      const flow = hasInfflow && isInf(x) ? 4 : Number.isNaN(x) ? 3 : !hit ? 1 : 0;
      return result(h, out, w, flow);
    };
  }),

  bySite("stat.sample.fillHistogram2d", (site) => {
    const name = site.name;
    const record = recordOf(site.paramTypes[3]);
    const flows = FLOWS_2D.filter((f) => hasField(record, f));
    const hasNanflow = hasField(record, "nanflow");
    const hasInfflow = hasField(record, "infflow");
    return (x: number, y: number, w: number, h: Rec): Rec => {
      const values = h.values as readonly Vec[];
      const xnumbins = h.xnumbins as number;
      const ynumbins = h.ynumbins as number;
      const xlow = h.xlow as number;
      const xhigh = h.xhigh as number;
      const ylow = h.ylow as number;
      const yhigh = h.yhigh as number;
      if (xnumbins < 1 || ynumbins < 1) throw new PFARuntimeError(14092, "bad histogram scale", name);
      if (values.length !== xnumbins || values.some((row) => row.length !== ynumbins)) throw new PFARuntimeError(14090, "wrong histogram size", name);
      if (!(xlow < xhigh) || !(ylow < yhigh) || ![xlow, xhigh, ylow, yhigh].every(Number.isFinite))
        throw new PFARuntimeError(14091, "bad histogram range", name);
      const out: Record<string, unknown> = { ...h };
      // NaN before infinity: an entry with both is counted as NaN
      if (Number.isNaN(x) || Number.isNaN(y)) {
        if (hasNanflow) out.nanflow = (h.nanflow as number) + w;
        for (const f of flows) out[f] = (h[f] as number) + 0;
        if (hasInfflow) out.infflow = (h.infflow as number) + 0;
        return out;
      }
      if (hasNanflow) out.nanflow = (h.nanflow as number) + 0;
      if (hasInfflow && (!Number.isFinite(x) || !Number.isFinite(y))) {
        out.infflow = (h.infflow as number) + w;
        for (const f of flows) out[f] = (h[f] as number) + 0;
        return out;
      }
      if (hasInfflow) out.infflow = (h.infflow as number) + 0;
      const xr = x >= xhigh ? "over" : x >= xlow ? "mid" : "under";
      const yr = y >= yhigh ? "overflow" : y >= ylow ? "midflow" : "underflow";
      const region = xr + yr;
      for (const f of flows) out[f] = (h[f] as number) + (f === region ? w : 0);
      if (region === "midmidflow") {
        const xi = binIndex(x, xlow, xhigh, xnumbins);
        const yi = binIndex(y, ylow, yhigh, ynumbins);
        const newValues = values.slice();
        const row = values[xi]!.slice();
        row[yi] = row[yi]! + w;
        newValues[xi] = row;
        out.values = newValues;
      }
      return out;
    };
  }),

  fixed("stat.sample.fillCounter", (x: string, w: number, counter: Rec): Rec => {
    const old = counter.values as MapVec;
    const values = newMap<number>();
    for (const k in old) values[k] = old[k]!;
    values[x] = (old[x] ?? 0) + w;
    return { ...counter, values };
  }),

  // x goes before the first item it is not below (lessThan(item, x)); equal items already present keep precedence
  fixed("stat.sample.topN", (x: unknown, top: readonly unknown[], n: number, lessThan: (a: unknown, b: unknown) => boolean): unknown[] => {
    if (n <= 0) return [];
    let index = 0;
    while (index < top.length && !lessThan(top[index], x)) index++;
    const out = top.slice(0, index);
    out.push(x);
    for (let i = index; i < top.length && out.length < n; i++) out.push(top[i]);
    if (out.length > n) out.length = n;
    return out;
  }),
];
