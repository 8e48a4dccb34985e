/**
 * Missing and non-finite values (spec "impute" module). Union values are untagged, so the value of
 * a non-null branch is the value itself.
 */
import { fixed, type LibFcnImpl } from "./define.js";
import { PFARuntimeError } from "../runtime.js";

export const functions: readonly LibFcnImpl[] = [
  fixed("impute.errorOnNull", (x: unknown) => {
    if (x === null) throw new PFARuntimeError(21000, "encountered null", "impute.errorOnNull");
    return x;
  }),

  fixed("impute.defaultOnNull", (x: unknown, dflt: unknown) => (x === null ? dflt : x)),

  fixed("impute.isnan", (x: number) => Number.isNaN(x)),

  fixed("impute.isinf", (x: number) => x === Infinity || x === -Infinity),

  fixed("impute.isnum", (x: number) => Number.isFinite(x)),

  fixed("impute.errorOnNonNum", (x: number) => {
    if (Number.isFinite(x)) return x;
    if (Number.isNaN(x)) throw new PFARuntimeError(21050, "encountered nan", "impute.errorOnNonNum");
    if (x > 0) throw new PFARuntimeError(21051, "encountered +inf", "impute.errorOnNonNum");
    throw new PFARuntimeError(21052, "encountered -inf", "impute.errorOnNonNum");
  }),

  fixed("impute.defaultOnNonNum", (x: number, dflt: number) => (Number.isFinite(x) ? x : dflt)),
];
