/**
 * The "interp" module: histogram binning, nearest-neighbour lookup and linear interpolation in tables
 * of records with fields `x` and `to`.
 */
import { bySite, type LibFcnImpl } from "./define.js";
import { INT_MAX, INT_MIN, PFARuntimeError } from "../runtime.js";

interface Entry<X = number, T = unknown> {
  readonly x: X;
  readonly to: T;
}

type Table<X = number, T = unknown> = readonly Entry<X, T>[];

/** Division as the reference defines it: a zero denominator gives +inf, -inf or NaN by the numerator's sign. */
function div(numer: number, denom: number): number {
  if (denom === 0) return numer > 0 ? Infinity : numer < 0 ? -Infinity : NaN;
  return numer / denom;
}

interface Bracket {
  one: Entry<number, unknown>;
  two: Entry<number, unknown>;
  /** Whether `one` is at or below x and `two` above it (else: the two closest entries, x outside the table). */
  between: boolean;
}

/**
 * The entries to interpolate between: the closest at or below x and the closest above it (first wins
 * ties); when x is outside the table, the closest and the next closest with a different distance.
 */
function bracket(datum: number, table: Table, code: number, name: string): Bracket {
  let below: Entry | null = null;
  let above: Entry | null = null;
  let belowd = 0;
  let aboved = 0;
  for (const item of table) {
    const x = item.x;
    if (x <= datum && (below === null || datum - x < belowd)) {
      below = item;
      belowd = datum - x;
    }
    if (datum < x && (above === null || x - datum < aboved)) {
      above = item;
      aboved = x - datum;
    }
  }
  if (below !== null && above !== null) return { one: below, two: above, between: true };
  let one: Entry | null = null;
  let two: Entry | null = null;
  let oned = 0;
  let twod = 0;
  for (const item of table) {
    const d = Math.abs(datum - item.x);
    if (one === null || d < oned) {
      two = one;
      twod = oned;
      one = item;
      oned = d;
    } else if ((two === null || d < twod) && d !== oned) {
      two = item;
      twod = d;
    }
  }
  if (one === null || two === null) throw new PFARuntimeError(code, "table must have at least two distinct x values", name);
  return { one, two, between: false };
}

function interpolateSingle(datum: number, one: Entry, two: Entry): number {
  const unitless = div(datum - one.x, two.x - one.x);
  return (1 - unitless) * (one.to as number) + unitless * (two.to as number);
}

function interpolateMulti(datum: number, one: Entry, two: Entry, code: number, name: string): number[] {
  const unitless = div(datum - one.x, two.x - one.x);
  const oney = one.to as readonly number[];
  const twoy = two.to as readonly number[];
  if (oney.length !== twoy.length) throw new PFARuntimeError(code, "inconsistent dimensionality", name);
  const out = new Array<number>(oney.length);
  for (let i = 0; i < oney.length; i++) out[i] = (1 - unitless) * oney[i]! + unitless * twoy[i]!;
  return out;
}

export const functions: readonly LibFcnImpl[] = [
  bySite("interp.bin", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (x: number, numbins: number, low: number, high: number): number => {
        if (!(low < high)) throw new PFARuntimeError(22000, "bad histogram range", name);
        if (numbins < 1) throw new PFARuntimeError(22001, "bad histogram scale", name);
        if (!(x >= low && x < high)) throw new PFARuntimeError(22002, "x out of range", name);
        const out = Math.floor(numbins * div(x - low, high - low));
        if (!(out >= 0 && out < numbins)) throw new PFARuntimeError(22002, "x out of range", name);
        return out + 0;
      };
    return (x: number, origin: number, width: number): number => {
      if (!Number.isFinite(origin)) throw new PFARuntimeError(22000, "bad histogram range", name);
      if (!(width > 0)) throw new PFARuntimeError(22001, "bad histogram scale", name);
      if (!Number.isFinite(x)) throw new PFARuntimeError(22002, "x out of range", name);
      const out = Math.floor(div(x - origin, width));
      // a bin number beyond the int range cannot be returned
      if (!(out >= INT_MIN && out <= INT_MAX)) throw new PFARuntimeError(22002, "x out of range", name);
      return out + 0;
    };
  }),

  bySite("interp.nearest", (site) => {
    const name = site.name;
    const noEntry = (): PFARuntimeError => new PFARuntimeError(22010, "table must have at least one entry", name);
    switch (site.sigIndex) {
      case 0:
        return (datum: number, table: Table): unknown => {
          if (table.length === 0) throw noEntry();
          let one = table[0]!;
          let oned = Math.abs(datum - one.x);
          for (let i = 1; i < table.length; i++) {
            const item = table[i]!;
            const d = Math.abs(datum - item.x);
            if (d < oned) {
              one = item;
              oned = d;
            }
          }
          return one.to;
        };
      case 1:
        return (datum: readonly number[], table: Table<readonly number[]>): unknown => {
          if (table.length === 0) throw noEntry();
          let one: Entry<readonly number[]> | null = null;
          let oned = 0;
          for (const item of table) {
            const x = item.x;
            if (x.length !== datum.length) throw new PFARuntimeError(22011, "inconsistent dimensionality", name);
            let d = 0;
            for (let i = 0; i < x.length; i++) {
              const diff = datum[i]! - x[i]!;
              d += diff * diff;
            }
            if (one === null || d < oned) {
              one = item;
              oned = d;
            }
          }
          return one!.to;
        };
      default:
        return (datum: unknown, table: Table<unknown>, metric: (a: unknown, b: unknown) => number): unknown => {
          if (table.length === 0) throw noEntry();
          let one: Entry<unknown> | null = null;
          let oned = 0;
          for (const item of table) {
            const d = metric(datum, item.x);
            if (one === null || d < oned) {
              one = item;
              oned = d;
            }
          }
          return one!.to;
        };
    }
  }),

  bySite("interp.linear", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (datum: number, table: Table): number => {
        const { one, two } = bracket(datum, table, 22020, name);
        return interpolateSingle(datum, one, two);
      };
    return (datum: number, table: Table): number[] => {
      const { one, two } = bracket(datum, table, 22020, name);
      return interpolateMulti(datum, one, two, 22021, name);
    };
  }),

  bySite("interp.linearFlat", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (datum: number, table: Table): number => {
        const { one, two, between } = bracket(datum, table, 22030, name);
        return between ? interpolateSingle(datum, one, two) : (one.to as number);
      };
    return (datum: number, table: Table): readonly number[] => {
      const { one, two, between } = bracket(datum, table, 22030, name);
      return between ? interpolateMulti(datum, one, two, 22031, name) : (one.to as readonly number[]);
    };
  }),

  bySite("interp.linearMissing", (site) => {
    const name = site.name;
    if (site.sigIndex === 0)
      return (datum: number, table: Table): number | null => {
        const { one, two, between } = bracket(datum, table, 22040, name);
        if (!between && one.x !== datum) return null;
        return interpolateSingle(datum, one, two);
      };
    return (datum: number, table: Table): number[] | null => {
      const { one, two, between } = bracket(datum, table, 22040, name);
      if (!between && one.x !== datum) return null;
      return interpolateMulti(datum, one, two, 22041, name);
    };
  }),
];
