/**
 * Basic mathematical functions (spec "m" module). Functions of doubles follow IEEE 754: values outside
 * a domain give NaN or infinities, never errors.
 */
import { bySite, fixed, type CompiledFunction, type LibFcnImpl } from "./define.js";
import { canonLong, INT_MIN, LONG_MIN, PFARuntimeError, type Long } from "../runtime.js";
import type { AvroType } from "../types.js";

const TWO_63 = 2 ** 63;

/** Round half to even (a zero result keeps the sign of x, as IEEE's roundToIntegralTiesToEven). */
function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

export const functions: readonly LibFcnImpl[] = [
  fixed("m.pi", () => Math.PI),

  fixed("m.e", () => Math.E),

  bySite("m.abs", (site): CompiledFunction => {
    switch ((site.paramTypes[0] as AvroType).kind) {
      case "int":
        return (x: number) => {
          if (x === INT_MIN) throw new PFARuntimeError(27020, "int overflow", "m.abs");
          return Math.abs(x);
        };
      case "long":
        return (x: Long) => {
          if (typeof x === "number") return Math.abs(x);
          if (x === LONG_MIN) throw new PFARuntimeError(27021, "long overflow", "m.abs");
          return x < 0n ? canonLong(-x, 27021, "m.abs") : x;
        };
      default:
        return Math.abs;
    }
  }),

  fixed("m.acos", Math.acos),

  fixed("m.asin", Math.asin),

  fixed("m.atan", Math.atan),

  fixed("m.atan2", Math.atan2),

  fixed("m.ceil", Math.ceil),

  // For int and long, the magnitude of the most negative value wraps around as in Java (the spec lists no error).
  bySite("m.copysign", (site): CompiledFunction => {
    switch ((site.paramTypes[0] as AvroType).kind) {
      case "int":
        return (mag: number, sign: number) => {
          const a = mag === INT_MIN ? INT_MIN : Math.abs(mag);
          return sign < 0 ? (a === INT_MIN ? a : 0 - a) : a;
        };
      case "long":
        return (mag: Long, sign: Long) => {
          if (typeof mag === "number") {
            const a = Math.abs(mag);
            return sign < 0 ? 0 - a : a;
          }
          if (mag === LONG_MIN) return mag;
          const a = mag < 0n ? -mag : mag;
          return canonLong(sign < 0 ? -a : a, 0, "m.copysign");
        };
      default:
        return (mag: number, sign: number) => {
          const a = Math.abs(mag);
          return sign < 0 || Object.is(sign, -0) ? -a : a;
        };
    }
  }),

  fixed("m.cos", Math.cos),

  fixed("m.cosh", Math.cosh),

  fixed("m.exp", Math.exp),

  fixed("m.expm1", Math.expm1),

  fixed("m.floor", Math.floor),

  fixed("m.hypot", Math.hypot),

  fixed("m.ln", Math.log),

  fixed("m.log10", Math.log10),

  fixed("m.log", (x: number, base: number) => {
    if (base <= 0) throw new PFARuntimeError(27170, "base must be positive", "m.log");
    return Math.log(x) / Math.log(base);
  }),

  fixed("m.ln1p", Math.log1p),

  // floor(x + 0.5), as documented; NaN and infinities are out of range.
  bySite("m.round", (site): CompiledFunction => {
    if (site.sigIndex === 0)
      return (x: number) => {
        const r = Math.floor(x + 0.5);
        if (!(r >= -2147483648 && r <= 2147483647)) throw new PFARuntimeError(27190, "int overflow", "m.round");
        return r === 0 ? 0 : r;
      };
    return (x: number) => {
      const r = Math.floor(x + 0.5);
      if (!(r >= -TWO_63 && r < TWO_63)) throw new PFARuntimeError(27191, "long overflow", "m.round");
      if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
      return canonLong(BigInt(r), 27191, "m.round");
    };
  }),

  fixed("m.rint", rint),

  fixed("m.signum", (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0)),

  fixed("m.sin", Math.sin),

  fixed("m.sinh", Math.sinh),

  fixed("m.sqrt", Math.sqrt),

  fixed("m.tan", Math.tan),

  fixed("m.tanh", Math.tanh),
];

