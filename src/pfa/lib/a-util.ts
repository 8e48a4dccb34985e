/**
 * Helpers of the "a" module (arrays): comparison and equality chosen once per call site from the bound
 * item type, Python-style index normalisation, and the selection of the n highest or lowest items as
 * the reference implementations define it (ties keep their order of appearance).
 */
import type { AvroType } from "../types.js";
import { compareNumbers, compareStrings, compareValues, longCompare, valuesEqual } from "../runtime.js";

export type Cmp = (a: unknown, b: unknown) => number;
export type Eq = (a: unknown, b: unknown) => boolean;
export type Pred = (x: unknown) => boolean;
type Lt = (a: unknown, b: unknown) => boolean;

const strictEq: Eq = (a, b) => a === b;

/**
 * Equality of two values of type `t` (valuesEqual), with the common primitive cases reduced to `===`:
 * numbers (NaN unequal to itself), canonical longs (number or bigint), strings, booleans, enum symbols.
 */
export function equalityFor(t: AvroType): Eq {
  switch (t.kind) {
    case "null":
      return () => true;
    case "boolean":
    case "int":
    case "long":
    case "float":
    case "double":
    case "string":
    case "enum":
      return strictEq;
    default:
      return (a, b) => valuesEqual(t, a, b);
  }
}

/** Avro's sort order for values of type `t` (compareValues), specialised for the common primitives. */
export function comparatorFor(t: AvroType): Cmp {
  switch (t.kind) {
    case "int":
    case "float":
    case "double":
      return compareNumbers as Cmp;
    case "long":
      return longCompare as Cmp;
    case "string":
      return compareStrings as Cmp;
    default:
      return (a, b) => compareValues(t, a, b);
  }
}

/**
 * Membership in an array under `equalityFor(t)`: `memberFor(t)(arr)` is a predicate. Large arrays of
 * hashable primitives are indexed in a Set (with NaN, which the Set would find, never a member).
 */
export function memberFor(t: AvroType): (arr: readonly unknown[]) => Pred {
  const eq = equalityFor(t);
  const hashable = eq === strictEq;
  const floating = t.kind === "float" || t.kind === "double";
  return (arr) => {
    if (hashable && arr.length > 8) {
      const set = new Set(arr);
      return floating ? (x) => x === x && set.has(x) : (x) => set.has(x);
    }
    return (x) => {
      for (let i = 0; i < arr.length; i++) if (eq(arr[i], x)) return true;
      return false;
    };
  };
}

/**
 * The distinct items of one or more arrays, first occurrences in order, under `equalityFor(t)` (so every
 * NaN is kept: it equals nothing). Hashable primitives go through a Set instead of pairwise comparison.
 */
export function distinctFor(t: AvroType): (arrays: readonly (readonly unknown[])[]) => unknown[] {
  const eq = equalityFor(t);
  if (eq === strictEq)
    return (arrays) => {
      const seen = new Set<unknown>();
      const out: unknown[] = [];
      for (const arr of arrays)
        for (const x of arr) {
          if (x !== x) out.push(x);
          else if (!seen.has(x)) {
            seen.add(x);
            out.push(x);
          }
        }
      return out;
    };
  return (arrays) => {
    const out: unknown[] = [];
    for (const arr of arrays) for (const x of arr) if (!out.some((y) => eq(y, x))) out.push(x);
    return out;
  };
}

/**
 * Groups equal items (compareValues order, so NaNs group together) in order of first appearance:
 * the representatives and their counts. Hashable primitives go through a Map.
 */
export function tallyFor(t: AvroType): (a: readonly unknown[]) => { values: unknown[]; counts: number[] } {
  if (equalityFor(t) === strictEq)
    return (a) => {
      const index = new Map<unknown, number>();
      const values: unknown[] = [];
      const counts: number[] = [];
      for (const x of a) {
        const j = index.get(x);
        if (j === undefined) {
          index.set(x, values.length);
          values.push(x);
          counts.push(1);
        } else counts[j]!++;
      }
      return { values, counts };
    };
  return (a) => {
    const values: unknown[] = [];
    const counts: number[] = [];
    for (const x of a) {
      let j = 0;
      while (j < values.length && compareValues(t, values[j], x) !== 0) j++;
      if (j === values.length) {
        values.push(x);
        counts.push(1);
      } else counts[j]!++;
    }
    return { values, counts };
  };
}

/** Python's negative index: counts from the end. */
export function normIndex(length: number, index: number): number {
  return index >= 0 ? index : length + index;
}

/** Python's slice bounds: negative indexes count from the end, out-of-range ones are clamped, end >= start. */
export function sliceRange(length: number, start: number, end: number): [number, number] {
  let s = start >= 0 ? start : length + start;
  if (s < 0) s = 0;
  if (s > length) s = length;
  let e = end >= 0 ? end : length + end;
  if (e < 0) e = 0;
  if (e > length) e = length;
  if (e < s) e = s;
  return [s, e];
}

/** The first position where `needle` occurs in `haystack` as a contiguous run (0 for an empty needle), or -1. */
export function indexOfSlice(haystack: readonly unknown[], needle: readonly unknown[], eq: Eq): number {
  for (let s = 0; s + needle.length <= haystack.length; s++) {
    let j = 0;
    while (j < needle.length && eq(haystack[s + j], needle[j])) j++;
    if (j === needle.length) return s;
  }
  return -1;
}

/** The last position where `needle` occurs in `haystack` (the length for an empty needle), or -1. */
export function lastIndexOfSlice(haystack: readonly unknown[], needle: readonly unknown[], eq: Eq): number {
  for (let s = haystack.length - needle.length; s >= 0; s--) {
    let j = 0;
    while (j < needle.length && eq(haystack[s + j], needle[j])) j++;
    if (j === needle.length) return s;
  }
  return -1;
}

/**
 * Keeps a list ordered by `before(newItem, kept)`: each item goes in front of the first kept item it
 * must precede (so equal items stay in order of appearance), and the list is cut to `n` after each step.
 */
function selectN(a: readonly unknown[], n: number, before: Lt): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    let at = out.length;
    for (let j = 0; j < out.length; j++) {
      if (before(x, a[out[j]!])) {
        at = j;
        break;
      }
    }
    out.splice(at, 0, i);
    if (out.length > n) out.pop();
  }
  return out;
}

/** The `n` highest items by `lt`, highest first, ties in order of appearance. */
export function highestN(a: readonly unknown[], n: number, lt: Lt): unknown[] {
  return selectN(a, n, (x, kept) => lt(kept, x)).map((i) => a[i]);
}

/** The `n` lowest items by `lt`, lowest first, ties in order of appearance. */
export function lowestN(a: readonly unknown[], n: number, lt: Lt): unknown[] {
  return selectN(a, n, (x, kept) => lt(x, kept)).map((i) => a[i]);
}

/** The indexes of the `n` highest items by `lt`, highest first, ties by ascending index. */
export function argHighestN(a: readonly unknown[], n: number, lt: Lt): number[] {
  return selectN(a, n, (x, kept) => lt(kept, x));
}

/** The indexes of the `n` lowest items by `lt`, lowest first, ties by ascending index. */
export function argLowestN(a: readonly unknown[], n: number, lt: Lt): number[] {
  return selectN(a, n, (x, kept) => lt(x, kept));
}

/**
 * The indexes of `a` in ascending (or descending) order of `cmp`, equal items by ascending index: for
 * a consistent order, the same selection as the functions above, in O(n log n).
 */
export function sortedIndexes(a: readonly unknown[], cmp: Cmp, descending: boolean): number[] {
  const idx = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) idx[i] = i;
  return idx.sort(descending ? (i, j) => cmp(a[j], a[i]) : (i, j) => cmp(a[i], a[j]));
}
