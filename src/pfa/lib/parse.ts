/**
 * Parsing numbers from strings (spec "parse" module). Leading and trailing whitespace is ignored and
 * letters may be in either case; anything else outside the documented forms is an error.
 */
import { fixed, type LibFcnImpl } from "./define.js";
import { INT_MAX, INT_MIN, LONG_MAX, LONG_MIN, longOrNull, PFARuntimeError, type Long } from "../runtime.js";

const INTEGER = /^[-+]?[0-9a-z]+$/;
const FLOATING = /^[-+]?(\.?[0-9]+|[0-9]+\.[0-9]*)(e[-+]?[0-9]+)?$/;

/** The value of `[-+]?[0-9a-z]+` in a base, exactly; null when it is not of that form or a digit is too large. */
function parseInteger(str: string, base: number): number | bigint | null {
  const s = str.trim().toLowerCase();
  if (!INTEGER.test(s)) return null;
  const negative = s.charCodeAt(0) === 45;
  const start = s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43 ? 1 : 0;
  let value = 0;
  let big: bigint | null = null;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = c <= 57 ? c - 48 : c - 87;
    if (d >= base) return null;
    if (big === null) {
      value = value * base + d;
      if (value > 2 ** 47) big = BigInt(value);
    } else {
      big = big * BigInt(base) + BigInt(d);
    }
  }
  if (big === null) return negative ? 0 - value : value;
  return negative ? -big : big;
}

/** A float or double from the documented forms, or null. */
function parseFloating(str: string): number | null {
  const s = str.trim().toLowerCase();
  if (FLOATING.test(s)) return Number(s);
  switch (s) {
    case "nan":
      return NaN;
    case "inf":
    case "+inf":
      return Infinity;
    case "-inf":
      return -Infinity;
    default:
      return null;
  }
}

export const functions: readonly LibFcnImpl[] = [
  fixed("parse.int", (str: string, base: number) => {
    if (base < 2 || base > 36) throw new PFARuntimeError(33001, "base out of range", "parse.int");
    const v = parseInteger(str, base);
    if (typeof v !== "number" || v < INT_MIN || v > INT_MAX) throw new PFARuntimeError(33000, "not an integer", "parse.int");
    return v;
  }),

  fixed("parse.long", (str: string, base: number): Long => {
    if (base < 2 || base > 36) throw new PFARuntimeError(33011, "base out of range", "parse.long");
    const v = parseInteger(str, base);
    if (typeof v === "number") return v;
    const r = v === null || v < LONG_MIN || v > LONG_MAX ? null : longOrNull(v);
    if (r === null) throw new PFARuntimeError(33010, "not a long integer", "parse.long");
    return r;
  }),

  fixed("parse.float", (str: string) => {
    const v = parseFloating(str);
    if (v === null) throw new PFARuntimeError(33020, "not a single-precision float", "parse.float");
    return Math.fround(v);
  }),

  fixed("parse.double", (str: string) => {
    const v = parseFloating(str);
    if (v === null) throw new PFARuntimeError(33030, "not a double-precision float", "parse.double");
    return v;
  }),
];
