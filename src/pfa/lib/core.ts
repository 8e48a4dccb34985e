/**
 * The core library (spec "core" module): arithmetic with the spec's overflow errors, the generic
 * comparisons (Avro sort order of the bound type), logical, Kleene three-valued and bitwise operators.
 */
import { bySite, fixed, type CompiledFunction, type LibFcnImpl } from "./define.js";
import {
  canonLong,
  compareNumbers,
  compareValues,
  INT_MAX,
  INT_MIN,
  longAdd,
  longMul,
  longOrNull,
  longSub,
  LONG_MIN,
  PFARuntimeError,
  toBig,
  valuesEqual,
  type Long,
} from "../runtime.js";
import type { AvroType } from "../types.js";

/** The kind of the first parameter's bound type ("int", "long", "float", "double", ...). */
function kind0(site: { paramTypes: readonly unknown[] }): string {
  return (site.paramTypes[0] as AvroType).kind;
}

function intOverflow(code: number, name: string): never {
  throw new PFARuntimeError(code, "int overflow", name);
}

function longOverflow(code: number, name: string): never {
  throw new PFARuntimeError(code, "long overflow", name);
}

function divByZero(code: number, name: string): never {
  throw new PFARuntimeError(code, "integer division by zero", name);
}

/** The four arithmetic implementations of a binary operator over {int, long, float, double}, chosen by type. */
function arith(
  name: string,
  intCode: number,
  op: (x: number, y: number) => number,
  longOp: (x: Long, y: Long, code: number, name: string) => Long,
): LibFcnImpl {
  return bySite(name, (site) => {
    switch (kind0(site)) {
      case "int":
        // "+ 0" turns the -0 of a product such as 0 * -1 into the integer 0.
        return (x: number, y: number) => {
          const r = op(x, y);
          return r > INT_MAX || r < INT_MIN ? intOverflow(intCode, name) : r + 0;
        };
      case "long":
        return (x: Long, y: Long) => {
          const r = longOp(x, y, intCode + 1, name);
          return r === 0 ? 0 : r;
        };
      case "float":
        return (x: number, y: number) => Math.fround(op(x, y));
      default:
        return op;
    }
  });
}

/** Floor division of longs: the largest whole number not above x / y. */
function floorDivBig(x: bigint, y: bigint): bigint {
  const q = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
}

/** Python-style modulo of doubles (the result has the sign of n; n = 0 gives NaN). */
function modDouble(k: number, n: number): number {
  if (n === 0) return NaN;
  const r = k % n;
  if (r === 0) return n < 0 ? -0 : 0;
  return r < 0 !== n < 0 ? r + n : r;
}

/** x ** y for doubles: Java's Math.pow, except that zero to a negative power is +infinity (as both reference engines do). */
function powDouble(x: number, y: number): number {
  return x === 0 && y < 0 ? Infinity : Math.pow(x, y);
}

/**
 * x ** y for integers, exactly, or null when the result is beyond [min, max] or infinite (zero to a
 * negative power). A negative power truncates toward zero, as a conversion of the real result would.
 */
function powInteger(x: Long, y: Long, min: bigint, max: bigint): Long | null {
  if (y < 0) {
    if (x === 0) return null;
    if (x === 1) return 1;
    if (x === -1) return toBig(y) % 2n === 0n ? 1 : -1;
    return 0;
  }
  if (x === 0) return y === 0 ? 1 : 0;
  if (x === 1) return 1;
  if (x === -1) return toBig(y) % 2n === 0n ? 1 : -1;
  // |x| >= 2: at most 63 multiplications before leaving the long range.
  const n = typeof y === "bigint" ? 64 : Math.min(y, 64);
  if (typeof x === "number") {
    let r = 1;
    let i = 0;
    for (; i < n; i++) {
      const next = r * x;
      if (!Number.isSafeInteger(next)) break;
      r = next;
    }
    if (i === n) return r >= Number(min) && r <= Number(max) ? r : null;
    let big = BigInt(r);
    const bx = BigInt(x);
    for (; i < n; i++) {
      big *= bx;
      if (big < min || big > max) return null;
    }
    return longOrNull(big);
  }
  let big = 1n;
  for (let i = 0; i < n; i++) {
    big *= x;
    if (big < min || big > max) return null;
  }
  return longOrNull(big);
}

const LONG_MAX_BIG = 2n ** 63n - 1n;
const PRIMITIVE = new Set(["null", "boolean", "int", "long", "float", "double", "string", "enum"]);
const INT_MIN_BIG = BigInt(INT_MIN);
const INT_MAX_BIG = BigInt(INT_MAX);

/**
 * A comparison operator over any type, from the Avro sort order of the bound type (NaN above every
 * number); `direct` is the same test written for ints, which have no NaN.
 */
function comparison(name: string, test: (c: number) => number | boolean, direct: (x: number, y: number) => number | boolean): LibFcnImpl {
  return bySite(name, (site): CompiledFunction => {
    const t = site.paramTypes[0] as AvroType;
    switch (t.kind) {
      case "int":
        return direct;
      case "float":
      case "double":
        return (x: number, y: number) => test(compareNumbers(x, y));
      default:
        return (x: unknown, y: unknown) => test(compareValues(t, x, y));
    }
  });
}

/** A bitwise operator on int (32-bit JavaScript operators) or long (64-bit two's complement through BigInt). */
function bitwise(name: string, intOp: (x: number, y: number) => number, bigOp: (x: bigint, y: bigint) => bigint): LibFcnImpl {
  return bySite(name, (site) => {
    if (site.sigIndex === 0) return intOp;
    return (x: Long, y: Long) => {
      if (typeof x === "number" && typeof y === "number" && (x | 0) === x && (y | 0) === y) return intOp(x, y);
      return canonLong(BigInt.asIntN(64, bigOp(toBig(x), toBig(y))), 0, name);
    };
  });
}

export const functions: readonly LibFcnImpl[] = [
  arith("+", 18000, (x, y) => x + y, longAdd),

  arith("-", 18010, (x, y) => x - y, longSub),

  arith("*", 18020, (x, y) => x * y, longMul),

  fixed("/", (x: number, y: number) => x / y),

  // Floor division as the spec documents it; both reference engines truncate toward zero instead.
  bySite("//", (site): CompiledFunction => {
    if (kind0(site) === "int")
      return (x: number, y: number) => {
        if (y === 0) divByZero(18040, "//");
        const r = Math.floor(x / y);
        return r > INT_MAX ? intOverflow(18040, "//") : r === 0 ? 0 : r;
      };
    return (x: Long, y: Long) => {
      if (y === 0) divByZero(18040, "//");
      // Exact in doubles when both are 32-bit.
      if (typeof x === "number" && typeof y === "number" && (x | 0) === x && (y | 0) === y) {
        const r = Math.floor(x / y);
        return r === 0 ? 0 : r;
      }
      const q = floorDivBig(toBig(x), toBig(y));
      return q > LONG_MAX_BIG ? longOverflow(18040, "//") : canonLong(q, 18040, "//");
    };
  }),

  bySite("u-", (site): CompiledFunction => {
    switch (kind0(site)) {
      case "int":
        return (x: number) => (x === INT_MIN ? intOverflow(18050, "u-") : 0 - x);
      case "long":
        return (x: Long) => {
          if (typeof x === "number") return 0 - x;
          return x === LONG_MIN ? longOverflow(18051, "u-") : canonLong(-x, 18051, "u-");
        };
      default:
        return (x: number) => -x;
    }
  }),

  bySite("%", (site): CompiledFunction => {
    switch (kind0(site)) {
      case "int":
        return (k: number, n: number) => {
          if (n === 0) divByZero(18060, "%");
          const r = k % n;
          return r !== 0 && r < 0 !== n < 0 ? r + n : r === 0 ? 0 : r;
        };
      case "long":
        return (k: Long, n: Long) => {
          if (n === 0) divByZero(18060, "%");
          if (typeof k === "number" && typeof n === "number") {
            const r = k % n;
            return r !== 0 && r < 0 !== n < 0 ? r + n : r === 0 ? 0 : r;
          }
          const kb = toBig(k);
          const nb = toBig(n);
          let r = kb % nb;
          if (r !== 0n && r < 0n !== nb < 0n) r += nb;
          return canonLong(r, 18060, "%");
        };
      case "float":
        return (k: number, n: number) => Math.fround(modDouble(k, n));
      default:
        return modDouble;
    }
  }),

  bySite("%%", (site): CompiledFunction => {
    switch (kind0(site)) {
      case "int":
        return (k: number, n: number) => {
          if (n === 0) divByZero(18070, "%%");
          const r = k % n;
          return r === 0 ? 0 : r;
        };
      case "long":
        return (k: Long, n: Long) => {
          if (n === 0) divByZero(18070, "%%");
          if (typeof k === "number" && typeof n === "number") {
            const r = k % n;
            return r === 0 ? 0 : r;
          }
          return canonLong(toBig(k) % toBig(n), 18070, "%%");
        };
      case "float":
        return (k: number, n: number) => Math.fround(k % n);
      default:
        return (k: number, n: number) => k % n;
    }
  }),

  bySite("**", (site): CompiledFunction => {
    switch (kind0(site)) {
      case "int":
        return (x: number, y: number) => {
          const r = powInteger(x, y, INT_MIN_BIG, INT_MAX_BIG);
          return r === null ? intOverflow(18080, "**") : r;
        };
      case "long":
        return (x: Long, y: Long) => {
          const r = powInteger(x, y, LONG_MIN, LONG_MAX_BIG);
          return r === null ? longOverflow(18081, "**") : r;
        };
      case "float":
        return (x: number, y: number) => Math.fround(powDouble(x, y));
      default:
        return powDouble;
    }
  }),

  comparison("cmp", (c) => c, (x, y) => (x < y ? -1 : x > y ? 1 : 0)),

  bySite("==", (site): CompiledFunction => {
    const t = site.paramTypes[0] as AvroType;
    // Canonical primitive values (longs included) are equal exactly when ===; NaN is unequal to itself.
    if (PRIMITIVE.has(t.kind)) return (x: unknown, y: unknown) => x === y;
    return (x: unknown, y: unknown) => valuesEqual(t, x, y);
  }),

  comparison(">=", (c) => c >= 0, (x, y) => x >= y),

  comparison(">", (c) => c > 0, (x, y) => x > y),

  bySite("!=", (site): CompiledFunction => {
    const t = site.paramTypes[0] as AvroType;
    if (PRIMITIVE.has(t.kind)) return (x: unknown, y: unknown) => x !== y;
    return (x: unknown, y: unknown) => !valuesEqual(t, x, y);
  }),

  comparison("<", (c) => c < 0, (x, y) => x < y),

  comparison("<=", (c) => c <= 0, (x, y) => x <= y),

  bySite("max", (site): CompiledFunction => {
    const t = site.paramTypes[0] as AvroType;
    if (t.kind === "int") return (x: number, y: number) => (x >= y ? x : y);
    if (t.kind === "float" || t.kind === "double") return (x: number, y: number) => (compareNumbers(x, y) >= 0 ? x : y);
    return (x: unknown, y: unknown) => (compareValues(t, x, y) >= 0 ? x : y);
  }),

  bySite("min", (site): CompiledFunction => {
    const t = site.paramTypes[0] as AvroType;
    if (t.kind === "int") return (x: number, y: number) => (x < y ? x : y);
    if (t.kind === "float" || t.kind === "double") return (x: number, y: number) => (compareNumbers(x, y) < 0 ? x : y);
    return (x: unknown, y: unknown) => (compareValues(t, x, y) < 0 ? x : y);
  }),

  fixed("&&", (x: boolean, y: boolean) => x && y),

  fixed("||", (x: boolean, y: boolean) => x || y),

  fixed("^^", (x: boolean, y: boolean) => x !== y),

  fixed("!", (x: boolean) => !x),

  fixed("&&&", (x: boolean | null, y: boolean | null) => (x === false || y === false ? false : x === true && y === true ? true : null)),

  fixed("|||", (x: boolean | null, y: boolean | null) => (x === true || y === true ? true : x === false && y === false ? false : null)),

  fixed("!!!", (x: boolean | null) => (x === null ? null : !x)),

  bitwise("&", (x, y) => x & y, (x, y) => x & y),

  bitwise("|", (x, y) => x | y, (x, y) => x | y),

  bitwise("^", (x, y) => x ^ y, (x, y) => x ^ y),

  bySite("~", (site): CompiledFunction => {
    if (site.sigIndex === 0) return (x: number) => ~x;
    return (x: Long) => {
      if (typeof x === "number") {
        const r = -x - 1;
        if (Number.isSafeInteger(r)) return r;
      }
      return canonLong(~toBig(x), 0, "~");
    };
  }),
];
