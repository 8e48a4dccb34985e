/**
 * The "a" module: arrays. Element comparisons follow the bound item type (Avro's sort order and
 * structural equality, runtime.ts); the shared helpers are in a-util.ts.
 */
import { AvroArray, type AvroType } from "../types.js";
import { PFARuntimeError, canonLong, checkInt, newMap, toBig, type Long } from "../runtime.js";
import { bySite, fixed, type CallSite, type LibFcnImpl } from "./define.js";
import {
  type Cmp,
  type Pred,
  argHighestN,
  argLowestN,
  comparatorFor,
  distinctFor,
  equalityFor,
  highestN,
  indexOfSlice,
  lastIndexOfSlice,
  lowestN,
  memberFor,
  normIndex,
  sliceRange,
  sortedIndexes,
  tallyFor,
} from "./a-util.js";

type Fn1 = (x: unknown) => unknown;
type Fn2 = (x: unknown, y: unknown) => unknown;
type Lt = (x: unknown, y: unknown) => boolean;

function itemsOf(site: CallSite, i = 0): AvroType {
  return (site.paramTypes[i] as AvroArray).items;
}

function isFloating(t: AvroType): boolean {
  return t.kind === "float" || t.kind === "double";
}

function fail(code: number, message: string, name: string): never {
  throw new PFARuntimeError(code, message, name);
}

function emptyCheck(a: readonly unknown[], code: number, name: string): void {
  if (a.length === 0) fail(code, "empty array", name);
}

function sortedBy(a: readonly unknown[], cmp: Cmp): unknown[] {
  return a.slice().sort(cmp);
}

/** The comparison titus builds from a less-than function: -1, 1 or 0 (neither is less). */
function ltToCmp(lt: Lt): Cmp {
  return (x, y) => (lt(x, y) ? -1 : lt(y, x) ? 1 : 0);
}

/** Median of a sorted, non-empty array: the centre, or for an even length the left of the two (or their mean for float/double). */
function medianOfSorted(sa: readonly unknown[], floating: boolean, isFloat: boolean): unknown {
  const half = sa.length >> 1;
  if (sa.length % 2 === 1) return sa[half];
  if (!floating) return sa[half - 1];
  const m = ((sa[half - 1] as number) + (sa[half] as number)) / 2;
  return isFloat ? Math.fround(m) : m;
}

/** Python's max over doubles: the first element, replaced by any later one that is greater. */
function pyMax(a: readonly number[]): number {
  let m = a[0]!;
  for (let i = 1; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

function combinations(a: readonly unknown[], size: number): unknown[][] {
  const n = a.length;
  const out: unknown[][] = [];
  if (size > n) return out;
  const idx: number[] = [];
  for (let i = 0; i < size; i++) idx.push(i);
  for (;;) {
    out.push(idx.map((i) => a[i]));
    let i = size - 1;
    while (i >= 0 && idx[i] === i + n - size) i--;
    if (i < 0) return out;
    idx[i]!++;
    for (let j = i + 1; j < size; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/** All permutations in the order of Python's itertools.permutations (lexicographic in positions). */
function permutations(a: readonly unknown[]): unknown[][] {
  const n = a.length;
  const out: unknown[][] = [];
  const idx: number[] = [];
  for (let i = 0; i < n; i++) idx.push(i);
  for (;;) {
    out.push(idx.map((i) => a[i]));
    let i = n - 2;
    while (i >= 0 && idx[i]! > idx[i + 1]!) i--;
    if (i < 0) return out;
    let j = n - 1;
    while (idx[j]! < idx[i]!) j--;
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    for (let l = i + 1, r = n - 1; l < r; l++, r--) [idx[l], idx[r]] = [idx[r]!, idx[l]!];
  }
}

export const functions: readonly LibFcnImpl[] = [
  fixed("a.len", (a: unknown[]) => a.length),

  fixed("a.subseq", (a: unknown[], start: number, end: number) => {
    const [s, e] = sliceRange(a.length, start, end);
    return a.slice(s, e);
  }),

  fixed("a.head", (a: unknown[]) => {
    emptyCheck(a, 15020, "a.head");
    return a[0];
  }),

  fixed("a.tail", (a: unknown[]) => {
    emptyCheck(a, 15030, "a.tail");
    return a.slice(1);
  }),

  fixed("a.last", (a: unknown[]) => {
    emptyCheck(a, 15040, "a.last");
    return a[a.length - 1];
  }),

  fixed("a.init", (a: unknown[]) => {
    emptyCheck(a, 15050, "a.init");
    return a.slice(0, a.length - 1);
  }),

  fixed("a.subseqto", (a: unknown[], start: number, end: number, replacement: unknown[]) => {
    const [s, e] = sliceRange(a.length, start, end);
    return [...a.slice(0, s), ...replacement, ...a.slice(e)];
  }),

  bySite("a.contains", (site) => {
    if (site.sigIndex === 2) return (h: unknown[], f: Pred) => h.some((x) => f(x));
    const eq = equalityFor(itemsOf(site));
    if (site.sigIndex === 0) return (h: unknown[], n: unknown[]) => indexOfSlice(h, n, eq) >= 0;
    return (h: unknown[], n: unknown) => {
      for (let i = 0; i < h.length; i++) if (eq(h[i], n)) return true;
      return false;
    };
  }),

  bySite("a.count", (site) => {
    if (site.sigIndex === 2)
      return (h: unknown[], f: Pred) => {
        let c = 0;
        for (let i = 0; i < h.length; i++) if (f(h[i])) c++;
        return c;
      };
    const eq = equalityFor(itemsOf(site));
    // Overlapping occurrences of a subsequence, as the reference implementation counts them.
    if (site.sigIndex === 0)
      return (h: unknown[], n: unknown[]) => {
        if (n.length === 0) return 0;
        let c = 0;
        for (let s = 0; s + n.length <= h.length; s++) {
          let j = 0;
          while (j < n.length && eq(h[s + j], n[j])) j++;
          if (j === n.length) c++;
        }
        return c;
      };
    return (h: unknown[], n: unknown) => {
      let c = 0;
      for (let i = 0; i < h.length; i++) if (eq(h[i], n)) c++;
      return c;
    };
  }),

  bySite("a.index", (site) => {
    if (site.sigIndex === 2) return (h: unknown[], f: Pred) => h.findIndex((x) => f(x));
    const eq = equalityFor(itemsOf(site));
    if (site.sigIndex === 0) return (h: unknown[], n: unknown[]) => indexOfSlice(h, n, eq);
    return (h: unknown[], n: unknown) => {
      for (let i = 0; i < h.length; i++) if (eq(h[i], n)) return i;
      return -1;
    };
  }),

  bySite("a.rindex", (site) => {
    if (site.sigIndex === 2)
      return (h: unknown[], f: Pred) => {
        for (let i = h.length - 1; i >= 0; i--) if (f(h[i])) return i;
        return -1;
      };
    const eq = equalityFor(itemsOf(site));
    if (site.sigIndex === 0) return (h: unknown[], n: unknown[]) => lastIndexOfSlice(h, n, eq);
    return (h: unknown[], n: unknown) => {
      for (let i = h.length - 1; i >= 0; i--) if (eq(h[i], n)) return i;
      return -1;
    };
  }),

  bySite("a.startswith", (site) => {
    const eq = equalityFor(itemsOf(site));
    if (site.sigIndex === 0)
      return (h: unknown[], n: unknown[]) => {
        if (n.length > h.length) return false;
        for (let i = 0; i < n.length; i++) if (!eq(h[i], n[i])) return false;
        return true;
      };
    return (h: unknown[], n: unknown) => h.length > 0 && eq(h[0], n);
  }),

  bySite("a.endswith", (site) => {
    const eq = equalityFor(itemsOf(site));
    if (site.sigIndex === 0)
      return (h: unknown[], n: unknown[]) => {
        const off = h.length - n.length;
        if (off < 0) return false;
        for (let i = 0; i < n.length; i++) if (!eq(h[off + i], n[i])) return false;
        return true;
      };
    return (h: unknown[], n: unknown) => h.length > 0 && eq(h[h.length - 1], n);
  }),

  fixed("a.concat", (a: unknown[], b: unknown[]) => a.concat(b)),

  fixed("a.append", (a: unknown[], item: unknown) => {
    const out = a.slice();
    out.push(item);
    return out;
  }),

  fixed("a.cycle", (a: unknown[], item: unknown, maxLength: number) => {
    if (maxLength < 0) fail(15150, "maxLength out of range", "a.cycle");
    if (maxLength === 0) return [];
    const out = a.slice(Math.max(0, a.length + 1 - maxLength));
    out.push(item);
    return out;
  }),

  // An index equal to the length is out of range (as in both reference implementations): insert cannot append.
  fixed("a.insert", (a: unknown[], index: number, item: unknown) => {
    const i = normIndex(a.length, index);
    if (i < 0 || i >= a.length) fail(15160, "index out of range", "a.insert");
    const out = a.slice(0, i);
    out.push(item);
    for (let j = i; j < a.length; j++) out.push(a[j]);
    return out;
  }),

  fixed("a.replace", (a: unknown[], index: number, item: unknown) => {
    const i = normIndex(a.length, index);
    if (i < 0 || i >= a.length) fail(15170, "index out of range", "a.replace");
    const out = a.slice();
    out[i] = item;
    return out;
  }),

  bySite("a.remove", (site) => {
    if (site.sigIndex === 0)
      return (a: unknown[], start: number, end: number) => {
        const [s, e] = sliceRange(a.length, start, end);
        return [...a.slice(0, s), ...a.slice(e)];
      };
    return (a: unknown[], index: number) => {
      const i = normIndex(a.length, index);
      if (i < 0 || i >= a.length) fail(15180, "index out of range", "a.remove");
      return [...a.slice(0, i), ...a.slice(i + 1)];
    };
  }),

  fixed("a.rotate", (a: unknown[], steps: number) => {
    if (steps < 0) fail(15190, "steps out of range", "a.rotate");
    if (a.length === 0) return a;
    const k = steps % a.length;
    return [...a.slice(k), ...a.slice(0, k)];
  }),

  bySite("a.sort", (site) => {
    const cmp = comparatorFor(itemsOf(site));
    return (a: unknown[]) => sortedBy(a, cmp);
  }),

  fixed("a.sortLT", (a: unknown[], lt: Lt) => sortedBy(a, ltToCmp(lt))),

  bySite("a.shuffle", (site) => {
    const random = site.engine;
    return (a: unknown[]) => {
      const out = a.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random.random() * (i + 1));
        const t = out[i];
        out[i] = out[j];
        out[j] = t;
      }
      return out;
    };
  }),

  fixed("a.reverse", (a: unknown[]) => a.slice().reverse()),

  bySite("a.max", (site) => {
    const cmp = comparatorFor(itemsOf(site));
    return (a: unknown[]) => {
      emptyCheck(a, 15240, "a.max");
      let best = a[0];
      for (let i = 1; i < a.length; i++) if (cmp(best, a[i]) < 0) best = a[i];
      return best;
    };
  }),

  bySite("a.min", (site) => {
    const cmp = comparatorFor(itemsOf(site));
    return (a: unknown[]) => {
      emptyCheck(a, 15250, "a.min");
      let best = a[0];
      for (let i = 1; i < a.length; i++) if (cmp(a[i], best) < 0) best = a[i];
      return best;
    };
  }),

  fixed("a.maxLT", (a: unknown[], lt: Lt) => {
    emptyCheck(a, 15260, "a.maxLT");
    let best = a[0];
    for (let i = 1; i < a.length; i++) if (lt(best, a[i])) best = a[i];
    return best;
  }),

  fixed("a.minLT", (a: unknown[], lt: Lt) => {
    emptyCheck(a, 15270, "a.minLT");
    let best = a[0];
    for (let i = 1; i < a.length; i++) if (lt(a[i], best)) best = a[i];
    return best;
  }),

  bySite("a.maxN", (site) => {
    const cmp = comparatorFor(itemsOf(site));
    const lt: Lt = (x, y) => cmp(x, y) < 0;
    return (a: unknown[], n: number) => {
      emptyCheck(a, 15280, "a.maxN");
      if (n < 0) fail(15281, "n < 0", "a.maxN");
      return n <= 4 ? highestN(a, n, lt) : sortedIndexes(a, cmp, true).slice(0, n).map((i) => a[i]);
    };
  }),

  bySite("a.minN", (site) => {
    const cmp = comparatorFor(itemsOf(site));
    const lt: Lt = (x, y) => cmp(x, y) < 0;
    return (a: unknown[], n: number) => {
      emptyCheck(a, 15290, "a.minN");
      if (n < 0) fail(15291, "n < 0", "a.minN");
      return n <= 4 ? lowestN(a, n, lt) : sortedIndexes(a, cmp, false).slice(0, n).map((i) => a[i]);
    };
  }),

  fixed("a.maxNLT", (a: unknown[], n: number, lt: Lt) => {
    emptyCheck(a, 15300, "a.maxNLT");
    if (n < 0) fail(15301, "n < 0", "a.maxNLT");
    return highestN(a, n, lt);
  }),

  fixed("a.minNLT", (a: unknown[], n: number, lt: Lt) => {
    emptyCheck(a, 15310, "a.minNLT");
    if (n < 0) fail(15311, "n < 0", "a.minNLT");
    return lowestN(a, n, lt);
  }),

  bySite("a.argmax", (site) => {
    const cmp = comparatorFor(itemsOf(site));
    return (a: unknown[]) => {
      emptyCheck(a, 15320, "a.argmax");
      let best = 0;
      for (let i = 1; i < a.length; i++) if (cmp(a[best], a[i]) < 0) best = i;
      return best;
    };
  }),

  bySite("a.argmin", (site) => {
    const cmp = comparatorFor(itemsOf(site));
    return (a: unknown[]) => {
      emptyCheck(a, 15330, "a.argmin");
      let best = 0;
      for (let i = 1; i < a.length; i++) if (cmp(a[i], a[best]) < 0) best = i;
      return best;
    };
  }),

  fixed("a.argmaxLT", (a: unknown[], lt: Lt) => {
    emptyCheck(a, 15340, "a.argmaxLT");
    let best = 0;
    for (let i = 1; i < a.length; i++) if (lt(a[best], a[i])) best = i;
    return best;
  }),

  fixed("a.argminLT", (a: unknown[], lt: Lt) => {
    emptyCheck(a, 15350, "a.argminLT");
    let best = 0;
    for (let i = 1; i < a.length; i++) if (lt(a[i], a[best])) best = i;
    return best;
  }),

  bySite("a.argmaxN", (site) => {
    const cmp = comparatorFor(itemsOf(site));
    const lt: Lt = (x, y) => cmp(x, y) < 0;
    return (a: unknown[], n: number) => {
      emptyCheck(a, 15360, "a.argmaxN");
      if (n < 0) fail(15361, "n < 0", "a.argmaxN");
      return n <= 4 ? argHighestN(a, n, lt) : sortedIndexes(a, cmp, true).slice(0, n);
    };
  }),

  bySite("a.argminN", (site) => {
    const cmp = comparatorFor(itemsOf(site));
    const lt: Lt = (x, y) => cmp(x, y) < 0;
    return (a: unknown[], n: number) => {
      emptyCheck(a, 15370, "a.argminN");
      if (n < 0) fail(15371, "n < 0", "a.argminN");
      return n <= 4 ? argLowestN(a, n, lt) : sortedIndexes(a, cmp, false).slice(0, n);
    };
  }),

  fixed("a.argmaxNLT", (a: unknown[], n: number, lt: Lt) => {
    emptyCheck(a, 15380, "a.argmaxNLT");
    if (n < 0) fail(15381, "n < 0", "a.argmaxNLT");
    return argHighestN(a, n, lt);
  }),

  fixed("a.argminNLT", (a: unknown[], n: number, lt: Lt) => {
    emptyCheck(a, 15390, "a.argminNLT");
    if (n < 0) fail(15391, "n < 0", "a.argminNLT");
    return argLowestN(a, n, lt);
  }),

  // Integer sums are exact; only the final result is range-checked.
  bySite("a.sum", (site) => {
    switch (itemsOf(site).kind) {
      case "int":
        return (a: number[]) => {
          let s = 0;
          for (let i = 0; i < a.length; i++) s += a[i]!;
          return checkInt(s, 15400, "a.sum");
        };
      case "long":
        return (a: Long[]) => {
          let s = 0;
          let i = 0;
          for (; i < a.length; i++) {
            const x = a[i]!;
            if (typeof x !== "number") break;
            const r = s + x;
            if (!Number.isSafeInteger(r)) break;
            s = r;
          }
          if (i === a.length) return s;
          let big = BigInt(s);
          for (; i < a.length; i++) big += toBig(a[i]!);
          return canonLong(big, 15401, "a.sum");
        };
      case "float":
        return (a: number[]) => {
          let s = 0;
          for (let i = 0; i < a.length; i++) s += a[i]!;
          return Math.fround(s);
        };
      default:
        return (a: number[]) => {
          let s = 0;
          for (let i = 0; i < a.length; i++) s += a[i]!;
          return s;
        };
    }
  }),

  // Integer products are exact: magnitudes never shrink, so beyond 2^31 (2^63) only a later zero saves the result.
  bySite("a.product", (site) => {
    switch (itemsOf(site).kind) {
      case "int":
        return (a: number[]) => {
          let p = 1;
          for (let i = 0; i < a.length; i++) {
            p *= a[i]!;
            if (p > 2147483648 || p < -2147483648) {
              if (a.includes(0, i + 1)) return 0;
              fail(15410, "int overflow", "a.product");
            }
          }
          return p === 0 ? 0 : checkInt(p, 15410, "a.product");
        };
      case "long":
        return (a: Long[]) => {
          let p = 1n;
          for (let i = 0; i < a.length; i++) {
            p *= toBig(a[i]!);
            if (p > 9223372036854775808n || p < -9223372036854775808n) {
              if (a.includes(0, i + 1)) return 0;
              fail(15411, "long overflow", "a.product");
            }
          }
          return canonLong(p, 15411, "a.product");
        };
      case "float":
        return (a: number[]) => {
          let p = 1;
          for (let i = 0; i < a.length; i++) p *= a[i]!;
          return Math.fround(p);
        };
      default:
        return (a: number[]) => {
          let p = 1;
          for (let i = 0; i < a.length; i++) p *= a[i]!;
          return p;
        };
    }
  }),

  fixed("a.lnsum", (a: number[]) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += Math.log(a[i]!);
    return s;
  }),

  fixed("a.mean", (a: number[]) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]!;
    return s / a.length;
  }),

  fixed("a.geomean", (a: number[]) => {
    if (a.length === 0) return NaN;
    let p = 1;
    for (let i = 0; i < a.length; i++) p *= a[i]!;
    return Math.pow(p, 1 / a.length);
  }),

  bySite("a.median", (site) => {
    const t = itemsOf(site);
    const cmp = comparatorFor(t);
    const floating = isFloating(t);
    const isFloat = t.kind === "float";
    return (a: unknown[]) => {
      emptyCheck(a, 15450, "a.median");
      return medianOfSorted(sortedBy(a, cmp), floating, isFloat);
    };
  }),

  bySite("a.ntile", (site) => {
    const t = itemsOf(site);
    const cmp = comparatorFor(t);
    const floating = isFloating(t);
    const isFloat = t.kind === "float";
    return (a: unknown[], p: number) => {
      emptyCheck(a, 15460, "a.ntile");
      if (Number.isNaN(p)) fail(15461, "p not a number", "a.ntile");
      if (p <= 0) {
        let best = a[0];
        for (let i = 1; i < a.length; i++) if (cmp(a[i], best) < 0) best = a[i];
        return best;
      }
      if (p >= 1) {
        let best = a[0];
        for (let i = 1; i < a.length; i++) if (cmp(best, a[i]) < 0) best = a[i];
        return best;
      }
      const sa = sortedBy(a, cmp);
      const k = (sa.length - 1) * p;
      const f = Math.floor(k);
      if (!floating) return sa[f];
      const c = Math.ceil(k);
      if (f === c) return sa[f];
      const v = (sa[f] as number) * (c - k) + (sa[c] as number) * (k - f);
      return isFloat ? Math.fround(v) : v;
    };
  }),

  // Values are counted as equal when they compare equal (so NaNs count together, as in the reference).
  bySite("a.mode", (site) => {
    const t = itemsOf(site);
    const cmp = comparatorFor(t);
    const floating = isFloating(t);
    const isFloat = t.kind === "float";
    const tally = tallyFor(t);
    return (a: unknown[]) => {
      emptyCheck(a, 15470, "a.mode");
      const { values, counts } = tally(a);
      let most = 0;
      for (const c of counts) if (c > most) most = c;
      const besties = values.filter((_, j) => counts[j] === most);
      return medianOfSorted(sortedBy(besties, cmp), floating, isFloat);
    };
  }),

  fixed("a.logsumexp", (a: number[]) => {
    if (a.length === 0) return NaN;
    const m = pyMax(a);
    let s = 0;
    for (let i = 0; i < a.length; i++) s += Math.exp(a[i]! - m);
    return Math.log(s) + m;
  }),

  bySite("a.distinct", (site) => {
    const distinct = distinctFor(itemsOf(site));
    return (a: unknown[]) => distinct([a]);
  }),

  bySite("a.seteq", (site) => {
    const member = memberFor(itemsOf(site));
    return (a: unknown[], b: unknown[]) => {
      const inB = member(b);
      const inA = member(a);
      return a.every(inB) && b.every(inA);
    };
  }),

  bySite("a.union", (site) => {
    const distinct = distinctFor(itemsOf(site));
    return (a: unknown[], b: unknown[]) => distinct([a, b]);
  }),

  // Elements of a found in b, then elements of b found in a, duplicates kept (as in both reference implementations).
  bySite("a.intersection", (site) => {
    const member = memberFor(itemsOf(site));
    return (a: unknown[], b: unknown[]) => {
      const inB = member(b);
      const inA = member(a);
      return [...a.filter(inB), ...b.filter(inA)];
    };
  }),

  bySite("a.diff", (site) => {
    const member = memberFor(itemsOf(site));
    return (a: unknown[], b: unknown[]) => {
      const inB = member(b);
      return a.filter((x) => !inB(x));
    };
  }),

  bySite("a.symdiff", (site) => {
    const member = memberFor(itemsOf(site));
    return (a: unknown[], b: unknown[]) => {
      const inB = member(b);
      const inA = member(a);
      return [...a.filter((x) => !inB(x)), ...b.filter((x) => !inA(x))];
    };
  }),

  bySite("a.subset", (site) => {
    const member = memberFor(itemsOf(site));
    return (little: unknown[], big: unknown[]) => little.every(member(big));
  }),

  bySite("a.disjoint", (site) => {
    const member = memberFor(itemsOf(site));
    return (a: unknown[], b: unknown[]) => {
      const inB = member(b);
      const inA = member(a);
      return !a.some(inB) && !b.some(inA);
    };
  }),

  fixed("a.map", (a: unknown[], f: Fn1) => {
    const out = new Array<unknown>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = f(a[i]);
    return out;
  }),

  fixed("a.mapWithIndex", (a: unknown[], f: Fn2) => {
    const out = new Array<unknown>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = f(i, a[i]);
    return out;
  }),

  fixed("a.filter", (a: unknown[], f: Pred) => {
    const out: unknown[] = [];
    for (let i = 0; i < a.length; i++) if (f(a[i])) out.push(a[i]);
    return out;
  }),

  fixed("a.filterWithIndex", (a: unknown[], f: (i: number, x: unknown) => boolean) => {
    const out: unknown[] = [];
    for (let i = 0; i < a.length; i++) if (f(i, a[i])) out.push(a[i]);
    return out;
  }),

  fixed("a.filterMap", (a: unknown[], f: Fn1) => {
    const out: unknown[] = [];
    for (let i = 0; i < a.length; i++) {
      const y = f(a[i]);
      if (y !== null) out.push(y);
    }
    return out;
  }),

  fixed("a.filterMapWithIndex", (a: unknown[], f: Fn2) => {
    const out: unknown[] = [];
    for (let i = 0; i < a.length; i++) {
      const y = f(i, a[i]);
      if (y !== null) out.push(y);
    }
    return out;
  }),

  fixed("a.flatMap", (a: unknown[], f: (x: unknown) => unknown[]) => {
    const out: unknown[] = [];
    for (let i = 0; i < a.length; i++) for (const y of f(a[i])) out.push(y);
    return out;
  }),

  fixed("a.flatMapWithIndex", (a: unknown[], f: (i: number, x: unknown) => unknown[]) => {
    const out: unknown[] = [];
    for (let i = 0; i < a.length; i++) for (const y of f(i, a[i])) out.push(y);
    return out;
  }),

  bySite("a.zipmap", (site) => {
    const misaligned = (): never => fail(15650, "misaligned arrays", "a.zipmap");
    if (site.sigIndex === 0)
      return (a: unknown[], b: unknown[], f: Fn2) => {
        if (a.length !== b.length) misaligned();
        const out = new Array<unknown>(a.length);
        for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i]);
        return out;
      };
    if (site.sigIndex === 1)
      return (a: unknown[], b: unknown[], c: unknown[], f: (x: unknown, y: unknown, z: unknown) => unknown) => {
        if (a.length !== b.length || a.length !== c.length) misaligned();
        const out = new Array<unknown>(a.length);
        for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i], c[i]);
        return out;
      };
    return (a: unknown[], b: unknown[], c: unknown[], d: unknown[], f: (x: unknown, y: unknown, z: unknown, w: unknown) => unknown) => {
      if (a.length !== b.length || a.length !== c.length || a.length !== d.length) misaligned();
      const out = new Array<unknown>(a.length);
      for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i], c[i], d[i]);
      return out;
    };
  }),

  bySite("a.zipmapWithIndex", (site) => {
    const misaligned = (): never => fail(15660, "misaligned arrays", "a.zipmapWithIndex");
    if (site.sigIndex === 0)
      return (a: unknown[], b: unknown[], f: (i: number, x: unknown, y: unknown) => unknown) => {
        if (a.length !== b.length) misaligned();
        const out = new Array<unknown>(a.length);
        for (let i = 0; i < a.length; i++) out[i] = f(i, a[i], b[i]);
        return out;
      };
    if (site.sigIndex === 1)
      return (a: unknown[], b: unknown[], c: unknown[], f: (i: number, x: unknown, y: unknown, z: unknown) => unknown) => {
        if (a.length !== b.length || a.length !== c.length) misaligned();
        const out = new Array<unknown>(a.length);
        for (let i = 0; i < a.length; i++) out[i] = f(i, a[i], b[i], c[i]);
        return out;
      };
    return (
      a: unknown[],
      b: unknown[],
      c: unknown[],
      d: unknown[],
      f: (i: number, x: unknown, y: unknown, z: unknown, w: unknown) => unknown,
    ) => {
      if (a.length !== b.length || a.length !== c.length || a.length !== d.length) misaligned();
      const out = new Array<unknown>(a.length);
      for (let i = 0; i < a.length; i++) out[i] = f(i, a[i], b[i], c[i], d[i]);
      return out;
    };
  }),

  fixed("a.reduce", (a: unknown[], f: Fn2) => {
    emptyCheck(a, 15670, "a.reduce");
    let acc = a[0];
    for (let i = 1; i < a.length; i++) acc = f(acc, a[i]);
    return acc;
  }),

  fixed("a.reduceRight", (a: unknown[], f: Fn2) => {
    emptyCheck(a, 15680, "a.reduceRight");
    let acc = a[a.length - 1];
    for (let i = a.length - 2; i >= 0; i--) acc = f(a[i], acc);
    return acc;
  }),

  fixed("a.fold", (a: unknown[], zero: unknown, f: Fn2) => {
    let acc = zero;
    for (let i = 0; i < a.length; i++) acc = f(acc, a[i]);
    return acc;
  }),

  fixed("a.foldRight", (a: unknown[], zero: unknown, f: Fn2) => {
    let acc = zero;
    for (let i = a.length - 1; i >= 0; i--) acc = f(a[i], acc);
    return acc;
  }),

  fixed("a.takeWhile", (a: unknown[], f: Pred) => {
    let i = 0;
    while (i < a.length && f(a[i])) i++;
    return a.slice(0, i);
  }),

  fixed("a.dropWhile", (a: unknown[], f: Pred) => {
    let i = 0;
    while (i < a.length && f(a[i])) i++;
    return a.slice(i);
  }),

  fixed("a.any", (a: unknown[], f: Pred) => {
    for (let i = 0; i < a.length; i++) if (f(a[i])) return true;
    return false;
  }),

  fixed("a.all", (a: unknown[], f: Pred) => {
    for (let i = 0; i < a.length; i++) if (!f(a[i])) return false;
    return true;
  }),

  fixed("a.corresponds", (a: unknown[], b: unknown[], f: Lt) => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!f(a[i], b[i])) return false;
    return true;
  }),

  fixed("a.correspondsWithIndex", (a: unknown[], b: unknown[], f: (i: number, x: unknown, y: unknown) => boolean) => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!f(i, a[i], b[i])) return false;
    return true;
  }),

  fixed("a.slidingWindow", (a: unknown[], size: number, step: number) => {
    if (size < 1) fail(15770, "size < 1", "a.slidingWindow");
    if (step < 1) fail(15771, "step < 1", "a.slidingWindow");
    const out: unknown[][] = [];
    for (let s = 0; s + size <= a.length; s += step) out.push(a.slice(s, s + size));
    return out;
  }),

  fixed("a.combinations", (a: unknown[], size: number) => {
    if (size < 1) fail(15780, "size < 1", "a.combinations");
    return combinations(a, size);
  }),

  fixed("a.permutations", (a: unknown[]) => permutations(a)),

  fixed("a.flatten", (a: unknown[][]) => {
    const out: unknown[] = [];
    for (const x of a) for (const y of x) out.push(y);
    return out;
  }),

  fixed("a.groupby", (a: unknown[], f: (x: unknown) => string) => {
    const out = newMap<unknown[]>();
    for (const x of a) {
      const k = f(x);
      const g = out[k];
      if (g === undefined) out[k] = [x];
      else g.push(x);
    }
    return out;
  }),
];
