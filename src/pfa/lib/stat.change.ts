/** The "stat.change" module: change detection (trigger runs, z-values, CUSUM). */
import { PFARuntimeError } from "../runtime.js";
import { bySite, fixed, type LibFcnImpl } from "./define.js";

interface Trigger {
  readonly numEvents: number;
  readonly numRuns: number;
  readonly currentRun: number;
  readonly longestRun: number;
}

export const functions: readonly LibFcnImpl[] = [
  // numEvents counts the true predicates (as its field's documentation and the reference say), not every call
  fixed("stat.change.updateTrigger", (predicate: boolean, history: Trigger): Trigger => {
    const { numEvents, numRuns, currentRun, longestRun } = history;
    if (numEvents < 0 || numRuns < 0 || currentRun < 0 || longestRun < 0)
      throw new PFARuntimeError(37000, "counter out of range", "stat.change.updateTrigger");
    if (!predicate) return { ...history, currentRun: 0 };
    const run = (currentRun + 1) | 0;
    return {
      ...history,
      numEvents: (numEvents + 1) | 0,
      numRuns: currentRun === 0 ? (numRuns + 1) | 0 : numRuns,
      currentRun: run,
      longestRun: run > longestRun ? run : longestRun,
    };
  }),

  bySite("stat.change.zValue", (site) => {
    if (site.sigIndex === 0)
      return (x: number, mv: { readonly mean: number; readonly variance: number }): number => (x - mv.mean) / Math.sqrt(mv.variance);
    return (x: number, mv: { readonly count: number; readonly mean: number; readonly variance: number }, unbiased: boolean): number => {
      const z = (x - mv.mean) / Math.sqrt(mv.variance);
      return unbiased ? z * Math.sqrt(mv.count / (mv.count - 1)) : z;
    };
  }),

  fixed("stat.change.updateCUSUM", (logLikelihoodRatio: number, last: number, reset: number): number => {
    const out = logLikelihoodRatio + last;
    return out > reset ? out : reset;
  }),
];
