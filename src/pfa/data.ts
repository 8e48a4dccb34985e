/**
 * PFA values to and from JSON, in Avro's JSON encoding (spec §4.7): unions tagged `{"type": value}`
 * (null bare), records and maps as objects, enums as their symbol. Two dialects differ only in bytes
 * and non-finite numbers: PFA's embedded data writes bytes as strings of code points 0 to 255; the
 * conformance suite writes them in base64 and writes non-finite numbers as "inf", "-inf" and "nan".
 */
import { type JsonValue, JsonDouble, isJsonObject } from "./json-value.js";
import { canonLong, makeRecord, newMap, PFARuntimeError, unionBranch, type Long } from "./runtime.js";
import { AvroArray, AvroEnum, AvroFixed, AvroMap, AvroNamed, AvroRecord, type AvroType, AvroUnion, unionTag } from "./types.js";

export interface JsonDialect {
  /** How bytes and fixed are written: "latin1" (PFA embedded data) or "base64" (the conformance suite). */
  bytes: "latin1" | "base64";
  /** Whether "inf", "-inf" and "nan" stand for non-finite numbers (the conformance suite). */
  nonFiniteStrings: boolean;
}

export const EMBEDDED: JsonDialect = { bytes: "latin1", nonFiniteStrings: true };
export const CONFORMANCE: JsonDialect = { bytes: "base64", nonFiniteStrings: true };

export class DataError extends Error {}

function fail(t: AvroType, v: unknown): never {
  throw new DataError(`${describe(v)} is not a value of type ${t.toString()}`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v.length > 30 ? v.slice(0, 30) + "..." : v);
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object" && !(v instanceof JsonDouble)) return "an object";
  return String(v instanceof JsonDouble ? v.value : v);
}

function number(t: AvroType, v: JsonValue, d: JsonDialect): number {
  if (typeof v === "number") return v;
  if (v instanceof JsonDouble) return v.value;
  if (typeof v === "bigint") return Number(v);
  if (d.nonFiniteStrings && typeof v === "string") {
    if (v === "inf") return Infinity;
    if (v === "-inf") return -Infinity;
    if (v === "nan") return NaN;
  }
  return fail(t, v);
}

function bytes(t: AvroType, v: JsonValue, d: JsonDialect): Uint8Array {
  if (typeof v !== "string") return fail(t, v);
  if (d.bytes === "base64") return new Uint8Array(Buffer.from(v, "base64"));
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c > 255) fail(t, v);
    out[i] = c;
  }
  return out;
}

/** Decodes JSON data of type `t` into a runtime value. Throws DataError when it does not fit. */
export function fromJson(t: AvroType, v: JsonValue, d: JsonDialect = EMBEDDED): unknown {
  switch (t.kind) {
    case "null":
      if (v !== null) fail(t, v);
      return null;
    case "boolean":
      if (typeof v !== "boolean") fail(t, v);
      return v;
    case "int": {
      const n = typeof v === "number" ? v : v instanceof JsonDouble ? v.value : NaN;
      if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) fail(t, v);
      return n;
    }
    case "long": {
      if (typeof v === "bigint") {
        try {
          return canonLong(v, 0, "");
        } catch {
          return fail(t, v);
        }
      }
      const n = typeof v === "number" ? v : v instanceof JsonDouble ? v.value : NaN;
      if (!Number.isInteger(n)) fail(t, v);
      return n as Long;
    }
    case "float":
      return Math.fround(number(t, v, d));
    case "double":
      return number(t, v, d);
    case "string":
      if (typeof v !== "string") fail(t, v);
      return v;
    case "bytes":
      return bytes(t, v, d);
    case "fixed": {
      const b = bytes(t, v, d);
      if (b.length !== (t as AvroFixed).size) fail(t, v);
      return b;
    }
    case "enum":
      if (typeof v !== "string" || !(t as AvroEnum).symbols.includes(v)) fail(t, v);
      return v;
    case "array":
      if (!Array.isArray(v)) fail(t, v);
      return v.map((x) => fromJson((t as AvroArray).items, x, d));
    case "map": {
      if (!isJsonObject(v)) fail(t, v);
      const out = newMap();
      for (const [k, x] of Object.entries(v)) out[k] = fromJson((t as AvroMap).values, x, d);
      return out;
    }
    case "record": {
      if (!isJsonObject(v)) fail(t, v);
      const r = t as AvroRecord;
      const values = r.fields.map((f) => {
        if (Object.prototype.hasOwnProperty.call(v, f.name)) return fromJson(f.type, v[f.name]!, d);
        if (f.default !== undefined) return fromJson(f.type instanceof AvroUnion ? f.type.types[0]! : f.type, f.default, EMBEDDED);
        if (f.type.kind === "null") return null;
        throw new DataError(`record ${r.fullName} is missing field "${f.name}"`);
      });
      return makeRecord(r.fields.map((f) => f.name), values);
    }
    case "union": {
      const u = t as AvroUnion;
      if (v === null && u.types.some((x) => x.kind === "null")) return null;
      if (isJsonObject(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1) {
          const tag = keys[0]!;
          const branch = u.types.find((x) => unionTag(x) === tag || (x instanceof AvroNamed && x.name === tag));
          if (branch !== undefined) return fromJson(branch, v[tag]!, d);
        }
      }
      return fail(t, v);
    }
    default:
      return fail(t, v);
  }
}

/**
 * Encodes a runtime value of type `t` as JSON text (Avro JSON, tagged unions). Longs beyond 2^53
 * are written exactly; non-finite numbers follow the dialect (JSON itself has none: as strings).
 */
export function toJsonText(t: AvroType, v: unknown, d: JsonDialect = EMBEDDED): string {
  switch (t.kind) {
    case "null":
      return "null";
    case "boolean":
      return v ? "true" : "false";
    case "int":
    case "long":
      return String(v);
    case "float":
    case "double": {
      const n = v as number;
      if (Number.isFinite(n)) return Number.isInteger(n) && !Object.is(n, -0) ? `${n}.0` : String(n);
      return JSON.stringify(Number.isNaN(n) ? "nan" : n > 0 ? "inf" : "-inf");
    }
    case "string":
    case "enum":
      return JSON.stringify(v);
    case "bytes":
    case "fixed":
      return JSON.stringify(d.bytes === "base64" ? Buffer.from(v as Uint8Array).toString("base64") : String.fromCharCode(...(v as Uint8Array)));
    case "array":
      return `[${(v as unknown[]).map((x) => toJsonText((t as AvroArray).items, x, d)).join(",")}]`;
    case "map": {
      const m = v as Record<string, unknown>;
      return `{${Object.keys(m).map((k) => `${JSON.stringify(k)}:${toJsonText((t as AvroMap).values, m[k], d)}`).join(",")}}`;
    }
    case "record": {
      const r = v as Record<string, unknown>;
      return `{${(t as AvroRecord).fields.map((f) => `${JSON.stringify(f.name)}:${toJsonText(f.type, r[f.name], d)}`).join(",")}}`;
    }
    case "union": {
      if (v === null) return "null";
      const branch = unionBranch(t as AvroUnion, v);
      return `{${JSON.stringify(unionTag(branch))}:${toJsonText(branch, v, d)}}`;
    }
    default:
      throw new PFARuntimeError(-1, `cannot encode a value of type ${t.toString()}`);
  }
}

/** The same encoding as `toJsonText`, as a JSON value of our model (for comparisons). */
export function toJsonValue(t: AvroType, v: unknown, d: JsonDialect = EMBEDDED): JsonValue {
  switch (t.kind) {
    case "null":
      return null;
    case "boolean":
    case "int":
    case "string":
    case "enum":
      return v as JsonValue;
    case "long":
      return v as number | bigint;
    case "float":
    case "double": {
      const n = v as number;
      if (Number.isFinite(n)) return Number.isInteger(n) ? new JsonDouble(n) : n;
      return Number.isNaN(n) ? "nan" : n > 0 ? "inf" : "-inf";
    }
    case "bytes":
    case "fixed":
      return d.bytes === "base64" ? Buffer.from(v as Uint8Array).toString("base64") : String.fromCharCode(...(v as Uint8Array));
    case "array":
      return (v as unknown[]).map((x) => toJsonValue((t as AvroArray).items, x, d));
    case "map": {
      const m = v as Record<string, unknown>;
      const out: { [k: string]: JsonValue } = {};
      for (const k of Object.keys(m)) out[k] = toJsonValue((t as AvroMap).values, m[k], d);
      return out;
    }
    case "record": {
      const r = v as Record<string, unknown>;
      const out: { [k: string]: JsonValue } = {};
      for (const f of (t as AvroRecord).fields) out[f.name] = toJsonValue(f.type, r[f.name], d);
      return out;
    }
    case "union": {
      if (v === null) return null;
      const branch = unionBranch(t as AvroUnion, v);
      return { [unionTag(branch)]: toJsonValue(branch, v, d) };
    }
    default:
      throw new PFARuntimeError(-1, `cannot encode a value of type ${t.toString()}`);
  }
}
