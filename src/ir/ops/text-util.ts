/**
 * Pieces shared by the categorical and text ops (stringIndex, oneHot, tokenize, countVectorize,
 * hashingTF, ...): Java's string forms of numbers, MurmurHash3 as Spark computes it, and PFA helper
 * functions (dense vectors from counts, a one-hot vector, 32-bit arithmetic on longs) that a document
 * defines once however many steps use them.
 */
import type { LowerContext } from "../op.js";
import { JsonDouble, type JsonValue } from "../../pfa/json-value.js";

export const ARRAY_DOUBLE: JsonValue = { type: "array", items: "double" };
export const ARRAY_INT: JsonValue = { type: "array", items: "int" };
export const ARRAY_STRING: JsonValue = { type: "array", items: "string" };

/** A double literal that stays a double in the document (`1.0`, not `1`; NaN and infinities as typed values). */
export function dbl(x: number): JsonValue {
  if (!Number.isFinite(x)) return { type: "double", value: Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf" };
  return Number.isInteger(x) ? new JsonDouble(x) : x;
}

/** A string literal. */
export function str(s: string): JsonValue {
  return { string: s };
}

/** A long literal. */
export function lng(x: number): JsonValue {
  return { long: x };
}

// ---------------------------------------------------------------------------------------------
// Java's Double.toString and Float.toString (what Spark's cast to string gives for numbers)

/** Java's formatting of a finite, non-zero number from its shortest decimal digits and exponent. */
function javaFormat(negative: boolean, digits: string, exponent: number): string {
  const sign = negative ? "-" : "";
  if (exponent >= -3 && exponent < 7) {
    // Plain notation with at least one digit on each side of the point.
    if (exponent >= 0) {
      const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
      const frac = digits.slice(exponent + 1);
      return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
    }
    return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.length > 1 ? digits.slice(1) : "0"}E${exponent}`;
}

function decimalParts(x: number, precision?: number): { digits: string; exponent: number } {
  const e = precision === undefined ? Math.abs(x).toExponential() : Math.abs(x).toExponential(precision - 1);
  const [mantissa, exp] = e.split("e") as [string, string];
  let digits = mantissa.replace(".", "");
  while (digits.length > 1 && digits.endsWith("0")) digits = digits.slice(0, -1);
  return { digits, exponent: Number(exp) };
}

/**
 * Java's `Double.toString(x)` (Spark's cast of a double to a string): `8.0`, `0.001`, `1.0E7`,
 * `1.0E-4`, `NaN`, `Infinity`, `-0.0`. The digits are the shortest that identify the double (as
 * JDK 19 and later print them; older JDKs print a longer digit string for a few values).
 */
export function javaDoubleString(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const shortest = decimalParts(x);
  const { digits, exponent } = shortest.digits.length === 1 ? twoDigits(x, shortest, (y) => y) : shortest;
  return javaFormat(x < 0, digits, exponent);
}

/**
 * Java prints at least two significant digits: when one digit identifies the number, it prints the
 * two-digit decimal closest to it (5e-324 is "4.9E-324"), if that one still identifies the number.
 */
function twoDigits(x: number, one: { digits: string; exponent: number }, round: (y: number) => number): { digits: string; exponent: number } {
  const two = decimalParts(x, 2);
  return round(Number(`${x < 0 ? "-" : ""}${two.digits[0]}.${two.digits.slice(1)}e${two.exponent}`)) === x ? two : one;
}

/** Java's `Float.toString(x)` for a float32 value: the shortest digits that identify the float. */
export function javaFloatString(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  for (let p = 1; p <= 9; p++) {
    const parts = decimalParts(x, p);
    if (Math.fround(Number(`${x < 0 ? "-" : ""}${parts.digits[0]}.${parts.digits.slice(1)}e${parts.exponent}`)) === x) {
      const { digits, exponent } = p === 1 ? twoDigits(x, parts, Math.fround) : parts;
      return javaFormat(x < 0, digits, exponent);
    }
  }
  return javaDoubleString(x);
}

/** Whether `s` is how Java prints some int (or long): `8`, `-3`; not `08`, `+8`, `-0`, `8.0`. */
export function canonicalInteger(s: string, kind: "int" | "long"): boolean {
  if (!/^(0|-?[1-9][0-9]{0,18})$/.test(s)) return false;
  const v = BigInt(s);
  return kind === "int" ? v >= -(2n ** 31n) && v < 2n ** 31n : v >= -(2n ** 63n) && v < 2n ** 63n;
}

// ---------------------------------------------------------------------------------------------
// MurmurHash3_x86_32 over UTF-8 bytes, as Spark computes it

/** How a term's UTF-8 bytes are hashed. */
export type MurmurVariant =
  /** MurmurHash3_x86_32 itself (Spark's `hashUnsafeBytes2`: Spark 3.x ml HashingTF, MLeap hashUnsafeBytesVersion 2). */
  | "murmur3"
  /**
   * Spark's older `hashUnsafeBytes` (Spark 2.x HashingTF, MLeap hashUnsafeBytesVersion 1): the 1 to 3
   * trailing bytes are each sign-extended to an int and mixed as a whole block, one at a time.
   */
  | "murmur3Spark2";

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK1(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH1(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The signed 32-bit hash of `bytes`. */
export function murmur3Bytes(bytes: Uint8Array, seed: number, variant: MurmurVariant): number {
  const aligned = bytes.length - (bytes.length % 4);
  let h = seed | 0;
  for (let i = 0; i < aligned; i += 4) {
    const k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h = mixH1(h, mixK1(k));
  }
  if (variant === "murmur3") {
    let k = 0;
    for (let i = aligned, shift = 0; i < bytes.length; i++, shift += 8) k ^= bytes[i]! << shift;
    h ^= mixK1(k);
  } else {
    for (let i = aligned; i < bytes.length; i++) h = mixH1(h, mixK1((bytes[i]! << 24) >> 24));
  }
  return fmix(h, bytes.length);
}

/** The signed 32-bit hash of a string's UTF-8 bytes. */
export function murmur3String(s: string, seed: number, variant: MurmurVariant): number {
  return murmur3Bytes(new TextEncoder().encode(s), seed, variant);
}

/** Spark's `Utils.nonNegativeMod`. */
export function nonNegativeMod(x: number, mod: number): number {
  const r = x % mod;
  return r < 0 ? r + mod : r;
}

// ---------------------------------------------------------------------------------------------
// PFA helper functions, defined once per document

const perDocument = new WeakMap<LowerContext, Map<string, string>>();

/** The name of a cell or function that `make` adds the first time a document asks for `key`. */
export function once(ctx: LowerContext, key: string, make: () => string): string {
  let known = perDocument.get(ctx);
  if (known === undefined) {
    known = new Map();
    perDocument.set(ctx, known);
  }
  let name = known.get(key);
  if (name === undefined) {
    name = make();
    known.set(key, name);
  }
  return name;
}

/** Binds `expr` to a fresh symbol unless it already is a plain reference, and builds the expression using it. */
export function withValue(ctx: LowerContext, expr: JsonValue, hint: string, body: (ref: string) => JsonValue): JsonValue {
  if (typeof expr === "string") return body(expr);
  const s = ctx.symbol(hint);
  return { do: [{ let: { [s]: expr } }, body(s)] };
}

/** `u.zeros(n)`: an array of `n` zeros (built by doubling, so that the document needs no large literal). */
export function zerosFcn(ctx: LowerContext): string {
  return once(ctx, "zeros", () => {
    const n = ctx.symbol("n");
    const z = ctx.symbol("z");
    return ctx.fcn("zeros", {
      params: [{ [n]: "int" }],
      ret: ARRAY_DOUBLE,
      do: [
        { let: { [z]: { new: [dbl(0)], type: ARRAY_DOUBLE } } },
        { while: { "<": [{ "a.len": z }, n] }, do: [{ set: { [z]: { "a.concat": [z, z] } } }] },
        { "a.subseq": [z, 0, n] },
      ],
    });
  });
}

/** `u.oneHot(i, n)`: `n` zeros with a one at position `i`, or all zeros when `i` is not a position. */
export function oneHotFcn(ctx: LowerContext): string {
  return once(ctx, "oneHot", () => {
    const zeros = zerosFcn(ctx);
    const i = ctx.symbol("i");
    const n = ctx.symbol("n");
    return ctx.fcn("oneHot", {
      params: [{ [i]: "int" }, { [n]: "int" }],
      ret: ARRAY_DOUBLE,
      do: [
        {
          if: { "&&": [{ ">=": [i, 0] }, { "<": [i, n] }] },
          then: { "a.replace": [{ [zeros]: [n] }, i, dbl(1)] },
          else: { [zeros]: [n] },
        },
      ],
    });
  });
}

/**
 * `u.countVector(indices, n, minCount, binary)`: the dense vector of length `n` whose element `k` is
 * how often `k` occurs in `indices` (or 1 with `binary`), counts below `minCount` being zero. Built
 * from runs of the sorted indices, so that the work is linear in `n`.
 */
export function countVectorFcn(ctx: LowerContext): string {
  return once(ctx, "countVector", () => {
    const zeros = zerosFcn(ctx);
    const [indices, n, minCount, binary] = [ctx.symbol("indices"), ctx.symbol("n"), ctx.symbol("minCount"), ctx.symbol("binary")];
    const [sorted, zs, parts, next, current, count, k] = [ctx.symbol("sorted"), ctx.symbol("zs"), ctx.symbol("parts"), ctx.symbol("next"), ctx.symbol("current"), ctx.symbol("count"), ctx.symbol("k")];
    const ARRAYS: JsonValue = { type: "array", items: ARRAY_DOUBLE };
    const emit: JsonValue = {
      if: { "&&": [{ ">=": [current, 0] }, { ">=": [count, minCount] }] },
      then: [
        { set: { [parts]: { "a.append": [parts, { "a.subseq": [zs, 0, { "-": [current, next] }] }] } } },
        { set: { [parts]: { "a.append": [parts, { new: [{ if: binary, then: dbl(1), else: count }], type: ARRAY_DOUBLE }] } } },
        { set: { [next]: { "+": [current, 1] } } },
      ],
    };
    return ctx.fcn("countVector", {
      params: [{ [indices]: ARRAY_INT }, { [n]: "int" }, { [minCount]: "double" }, { [binary]: "boolean" }],
      ret: ARRAY_DOUBLE,
      do: [
        // The sentinel n closes the last run.
        { let: { [sorted]: { "a.append": [{ "a.sort": [indices] }, n] }, [zs]: { [zeros]: [n] } } },
        { let: { [parts]: { new: [], type: ARRAYS }, [next]: 0, [current]: -1, [count]: dbl(0) } },
        {
          foreach: k,
          in: sorted,
          seq: true,
          do: [
            {
              if: { "==": [k, current] },
              then: [{ set: { [count]: { "+": [count, dbl(1)] } } }],
              else: [emit, { set: { [current]: k, [count]: dbl(1) } }],
            },
          ],
        },
        { set: { [parts]: { "a.append": [parts, { "a.subseq": [zs, 0, { "-": [n, next] }] }] } } },
        { "a.flatten": [parts] },
      ],
    });
  });
}

/** The 256 characters U+0000 to U+00FF: a byte's value is its index here once bytes are decoded as Latin-1. */
export const LATIN1 = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");

/**
 * `u.murmur3_32(s)` (or its Spark 2 variant): the signed 32-bit MurmurHash3 of the UTF-8 bytes of
 * `s`, as a long, computed with long arithmetic on unsigned 32-bit values (PFA has no shifts and its
 * int arithmetic raises on overflow). The bytes are read by decoding the UTF-8 encoding as Latin-1,
 * which maps each byte to the character with that code.
 */
export function murmur3Fcn(ctx: LowerContext, variant: MurmurVariant, seed: number): string {
  return once(ctx, `murmur3:${variant}:${seed}`, () => {
    const MASK = lng(0xffffffff);
    const bytesCell = once(ctx, "latin1", () => ctx.cell("latin1", "string", LATIN1));
    // mul32(a, b) = a * b mod 2^32, in halves so that no product exceeds 2^49.
    const mul32 = once(ctx, "mul32", () => {
      const [a, b] = [ctx.symbol("a"), ctx.symbol("b")];
      return ctx.fcn("mul32", {
        params: [{ [a]: "long" }, { [b]: "long" }],
        ret: "long",
        do: [
          {
            "&": [
              { "+": [{ "*": [{ "&": [a, lng(0xffff)] }, b] }, { "*": [{ "&": [{ "*": [{ "//": [a, lng(65536)] }, b] }, lng(0xffff)] }, lng(65536)] }] },
              MASK,
            ],
          },
        ],
      });
    });
    // rotl32(x, r) = x rotated left by r bits, for 0 < r < 32.
    const rotl32 = once(ctx, "rotl32", () => {
      const [x, r] = [ctx.symbol("x"), ctx.symbol("r")];
      const p = ctx.symbol("p");
      return ctx.fcn("rotl32", {
        params: [{ [x]: "long" }, { [r]: "int" }],
        ret: "long",
        do: [
          { let: { [p]: { "**": [lng(2), { "cast.long": r }] } } },
          { "|": [{ "&": [{ "*": [x, p] }, MASK] }, { "//": [x, { "//": [lng(4294967296), p] }] }] },
        ],
      });
    });
    const mixK1 = (k: JsonValue): JsonValue => ({ [mul32]: [{ [rotl32]: [{ [mul32]: [k, lng(C1 >>> 0)] }, 15] }, lng(C2)] });
    const mixH1 = (h: JsonValue, k: JsonValue): JsonValue => ({
      "&": [{ "+": [{ "*": [{ [rotl32]: [{ "^": [h, k] }, 13] }, lng(5)] }, lng(0xe6546b64)] }, MASK],
    });
    const [s, t, len, aligned, h, i, k, j] = ["s", "t", "len", "aligned", "h", "i", "k", "j"].map((x) => ctx.symbol(x)) as [string, string, string, string, string, string, string, string];
    const byteAt = (at: JsonValue): JsonValue => ({ "cast.long": { "s.index": [{ cell: bytesCell }, { "s.substr": [t, at, { "+": [at, 1] }] }] } });
    const tail: JsonValue[] =
      variant === "murmur3"
        ? [
            { let: { [k]: lng(0), [j]: { "-": [len, 1] } } },
            { while: { ">=": [j, aligned] }, do: [{ set: { [k]: { "+": [{ "*": [k, lng(256)] }, byteAt(j)] } } }, { set: { [j]: { "-": [j, 1] } } }] },
            { set: { [h]: { "^": [h, mixK1(k)] } } },
          ]
        : [
            {
              while: { "<": [i, len] },
              do: [
                // A byte of 128 or more is a negative Java byte: sign-extended, it is 0xFFFFFF00 + b as an unsigned int.
                { let: { [k]: byteAt(i) } },
                { set: { [h]: mixH1(h, mixK1({ if: { ">=": [k, lng(128)] }, then: { "+": [k, lng(0xffffff00)] }, else: k })) } },
                { set: { [i]: { "+": [i, 1] } } },
              ],
            },
          ];
    const fmixSteps: JsonValue[] = [
      { set: { [h]: { "^": [h, { "cast.long": len }] } } },
      { set: { [h]: { "^": [h, { "//": [h, lng(65536)] }] } } },
      { set: { [h]: { [mul32]: [h, lng(0x85ebca6b)] } } },
      { set: { [h]: { "^": [h, { "//": [h, lng(8192)] }] } } },
      { set: { [h]: { [mul32]: [h, lng(0xc2b2ae35)] } } },
      { set: { [h]: { "^": [h, { "//": [h, lng(65536)] }] } } },
    ];
    return ctx.fcn(variant === "murmur3" ? "murmur3_32" : "murmur3_32_spark2", {
      params: [{ [s]: "string" }],
      ret: "long",
      do: [
        { let: { [t]: { "bytes.decodeLatin1": [{ "bytes.encodeUtf8": [s] }] } } },
        { let: { [len]: { "s.len": [t] } } },
        { let: { [aligned]: { "-": [len, { "%": [len, 4] }] }, [h]: lng(seed >>> 0), [i]: 0 } },
        {
          while: { "<": [i, aligned] },
          do: [
            {
              let: {
                [k]: {
                  "+": [
                    { "+": [byteAt(i), { "*": [byteAt({ "+": [i, 1] }), lng(256)] }] },
                    { "+": [{ "*": [byteAt({ "+": [i, 2] }), lng(65536)] }, { "*": [byteAt({ "+": [i, 3] }), lng(16777216)] }] },
                  ],
                },
              },
            },
            { set: { [h]: mixH1(h, mixK1(k)) } },
            { set: { [i]: { "+": [i, 4] } } },
          ],
        },
        ...tail,
        ...fmixSteps,
        { if: { ">=": [h, lng(2147483648)] }, then: { "-": [h, lng(4294967296)] }, else: h },
      ],
    });
  });
}
