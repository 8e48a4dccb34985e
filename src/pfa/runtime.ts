/**
 * The engine's runtime: how PFA values are represented in JavaScript, the errors PFA code raises, and
 * the type-driven operations every part of the engine shares (64-bit longs, comparison, equality,
 * which branch of a union a value belongs to).
 *
 * Values (immutable: nothing may modify a value it did not create):
 *
 * | PFA type        | JavaScript                                                                     |
 * |-----------------|--------------------------------------------------------------------------------|
 * | null            | null                                                                           |
 * | boolean         | boolean                                                                        |
 * | int             | number (an integer in 32-bit range)                                            |
 * | long            | number when a safe integer (abs <= 2^53 - 1), else bigint: always this form   |
 * | float           | number, already rounded to 32 bits (Math.fround)                               |
 * | double          | number                                                                         |
 * | string          | string                                                                         |
 * | bytes, fixed    | Uint8Array                                                                     |
 * | enum            | string (the symbol)                                                            |
 * | array           | Array                                                                          |
 * | map             | an object with a null prototype (so that any string is a plain key)            |
 * | record          | a plain object with the record's fields as properties                         |
 * | union           | the value itself, untagged (see `unionBranch`)                                 |
 */
import {
  AvroArray,
  AvroEnum,
  AvroFixed,
  AvroMap,
  AvroNamed,
  AvroRecord,
  type AvroType,
  AvroUnion,
} from "./types.js";

// ---------------------------------------------------------------------------------------------
// Errors

/** A library function's or special form's runtime error, with the spec's numeric code. */
export class PFARuntimeError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly fcnName?: string,
  ) {
    super(message);
    this.name = "PFARuntimeError";
  }
}

/** Raised by the `error` special form. */
export class PFAUserError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = "PFAUserError";
  }
}

/** A phase ran past its `options` timeout. */
export class PFATimeoutError extends Error {
  constructor(readonly milliseconds: number) {
    super(`exceeded timeout of ${milliseconds} milliseconds`);
    this.name = "PFATimeoutError";
  }
}

export type PFAError = PFARuntimeError | PFAUserError | PFATimeoutError;

export function isPFAError(e: unknown): e is PFAError {
  return e instanceof PFARuntimeError || e instanceof PFAUserError || e instanceof PFATimeoutError;
}

// ---------------------------------------------------------------------------------------------
// Numbers

export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;
export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;

export type Long = number | bigint;

/** The canonical form of a long: a number when it is a safe integer. Throws when out of 64-bit range. */
export function canonLong(v: bigint, code: number, fcnName: string): Long {
  if (v < LONG_MIN || v > LONG_MAX) throw new PFARuntimeError(code, "long overflow", fcnName);
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** A long from any bigint, or null when it is out of range (for callers with their own error). */
export function longOrNull(v: bigint): Long | null {
  if (v < LONG_MIN || v > LONG_MAX) return null;
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

export function toBig(v: Long): bigint {
  return typeof v === "bigint" ? v : BigInt(v);
}

export function checkInt(v: number, code: number, fcnName: string): number {
  if (v > INT_MAX || v < INT_MIN) throw new PFARuntimeError(code, "int overflow", fcnName);
  return v;
}

export function longAdd(a: Long, b: Long, code: number, fcnName: string): Long {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return canonLong(toBig(a) + toBig(b), code, fcnName);
}

export function longSub(a: Long, b: Long, code: number, fcnName: string): Long {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return canonLong(toBig(a) - toBig(b), code, fcnName);
}

export function longMul(a: Long, b: Long, code: number, fcnName: string): Long {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r + 0; // + 0: an integer is never -0 (0 * -5)
  }
  return canonLong(toBig(a) * toBig(b), code, fcnName);
}

export function longCompare(a: Long, b: Long): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  const x = toBig(a);
  const y = toBig(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A number as a JavaScript number (longs beyond 2^53 are rounded, as a conversion to double does). */
export function toNumber(v: Long): number {
  return typeof v === "bigint" ? Number(v) : v;
}

/** Compares doubles as Java does for sorting: NaN is above everything, -0 below +0 is not distinguished. */
export function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an && bn ? 0 : an ? 1 : -1;
}

// ---------------------------------------------------------------------------------------------
// Collections

/** A new, empty map value. */
export function newMap<V = unknown>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** A map value from entries. */
export function mapFromEntries<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const m = newMap<V>();
  for (const [k, v] of entries) m[k] = v;
  return m;
}

export function isMapValue(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && Object.getPrototypeOf(v) === null;
}

/** Builds a record value: an ordinary object, with `__proto__` (a legal Avro field name) as an own property. */
export function makeRecord(fields: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    if (fields[i] === "__proto__") Object.defineProperty(r, "__proto__", { value: values[i], enumerable: true, writable: true, configurable: true });
    else r[fields[i]!] = values[i];
  }
  return r;
}

/** A copy of a record with one field replaced (records are immutable). */
export function recordWith(r: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(r)) {
    const v = k === field ? value : r[k];
    if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Compares strings by code point (Java compares UTF-16 code units; for PFA's purposes they agree outside surrogates). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Type-driven operations

/** Whether a runtime value belongs to a type (used to find the branch of an untagged union value). */
export function conforms(t: AvroType, v: unknown): boolean {
  switch (t.kind) {
    case "null":
      return v === null;
    case "boolean":
      return typeof v === "boolean";
    case "int":
      return typeof v === "number" && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX;
    case "long":
      return typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
    case "float":
    case "double":
      return typeof v === "number";
    case "string":
      return typeof v === "string";
    case "bytes":
      return v instanceof Uint8Array;
    case "fixed":
      return v instanceof Uint8Array && v.length === (t as AvroFixed).size;
    case "enum":
      return typeof v === "string" && (t as AvroEnum).symbols.includes(v);
    case "array":
      return Array.isArray(v) && v.every((x) => conforms((t as AvroArray).items, x));
    case "map":
      return isMapValue(v) && Object.values(v).every((x) => conforms((t as AvroMap).values, x));
    case "record": {
      if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Uint8Array || isMapValue(v)) return false;
      const r = t as AvroRecord;
      const keys = Object.keys(v);
      if (keys.length !== r.fields.length) return false;
      const obj = v as Record<string, unknown>;
      return r.fields.every((f) => Object.prototype.hasOwnProperty.call(obj, f.name) && conforms(f.type, obj[f.name]));
    }
    case "union":
      return (t as AvroUnion).types.some((x) => conforms(x, v));
    default:
      return false;
  }
}

/**
 * The branch of a union that a value belongs to: the first member it conforms to. Values are
 * untagged, so where members overlap in JavaScript (int and double, string and enum, bytes and
 * fixed) the earlier member wins, as in the reference implementation's untagged values.
 */
export function unionBranch(u: AvroUnion, v: unknown): AvroType {
  // Cheap discrimination first: most unions are X-or-null.
  if (v === null) {
    const n = u.types.find((t) => t.kind === "null");
    if (n !== undefined) return n;
  }
  for (const t of u.types) if (conforms(t, v)) return t;
  throw new PFARuntimeError(-1, `value does not belong to ${u.toString()}`);
}

/** Resolves a union to the branch of `v`; any other type is returned as it is. */
export function concreteType(t: AvroType, v: unknown): AvroType {
  return t instanceof AvroUnion ? unionBranch(t, v) : t;
}

/** Equality of two values of one type (spec: structural; NaN is not equal to itself). */
export function valuesEqual(t: AvroType, a: unknown, b: unknown): boolean {
  return compareValues(t, a, b) === 0 && !(typeof a === "number" && Number.isNaN(a));
}

/**
 * Avro's sort order, as PFA's comparisons use it: numbers numerically, strings and bytes
 * lexicographically, booleans false < true, enums by symbol position, arrays element by element then
 * by length, records field by field (honouring `order`), unions by branch position then value. Maps
 * have no order in Avro; two maps compare equal or not (0 or 1).
 */
export function compareValues(t: AvroType, a: unknown, b: unknown): number {
  switch (t.kind) {
    case "null":
      return 0;
    case "boolean":
      return a === b ? 0 : a ? 1 : -1;
    case "int":
    case "float":
    case "double":
      return compareNumbers(a as number, b as number);
    case "long":
      return longCompare(a as Long, b as Long);
    case "string":
      return compareStrings(a as string, b as string);
    case "bytes":
    case "fixed":
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case "enum": {
      const s = (t as AvroEnum).symbols;
      const d = s.indexOf(a as string) - s.indexOf(b as string);
      return d < 0 ? -1 : d > 0 ? 1 : 0;
    }
    case "array": {
      const x = a as unknown[];
      const y = b as unknown[];
      const items = (t as AvroArray).items;
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(items, x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    case "map": {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const kx = Object.keys(x);
      if (kx.length !== Object.keys(y).length) return 1;
      const values = (t as AvroMap).values;
      for (const k of kx) {
        if (!(k in y) || compareValues(values, x[k], y[k]) !== 0) return 1;
      }
      return 0;
    }
    case "record": {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      for (const f of (t as AvroRecord).fields) {
        if (f.order === "ignore") continue;
        const c = compareValues(f.type, x[f.name], y[f.name]);
        if (c !== 0) return f.order === "descending" ? -c : c;
      }
      return 0;
    }
    case "union": {
      const u = t as AvroUnion;
      const ta = unionBranch(u, a);
      const tb = unionBranch(u, b);
      if (ta !== tb) return u.types.indexOf(ta) < u.types.indexOf(tb) ? -1 : 1;
      return compareValues(ta, a, b);
    }
    default:
      return 0;
  }
}

/** A readable name for a named type's value in messages. */
export function typeName(t: AvroType): string {
  return t instanceof AvroNamed ? t.fullName : t.toString();
}
