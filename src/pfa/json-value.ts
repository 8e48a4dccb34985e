/**
 * The JSON value model shared by the PFA reader, the type checker and the engine.
 *
 * PFA gives meaning to distinctions that JavaScript's JSON.parse erases: `1` is an int literal but
 * `1.0` is a double, and a long literal may exceed 2^53. So our parsers (json.ts, yaml.ts) produce:
 *
 * - integer tokens (no fraction, no exponent): a `number` when |n| <= 2^53 - 1, else a `bigint`;
 * - number tokens with a fraction or exponent: a `number` when the value is not an integer, else a
 *   `JsonDouble` box (so `1.0` stays distinguishable from `1`);
 * - strings, booleans, null, arrays as usual; objects as plain objects whose key order is the
 *   document's order (no key in PFA's syntax is an array index, so JavaScript's integer-key
 *   ordering rule does not reorder anything that matters).
 */
export class JsonDouble {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonDouble
  | JsonValue[]
  | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof JsonDouble);
}

/** True for a number token written with a fraction or exponent (a double literal in PFA). */
export function isJsonFloat(v: unknown): v is number | JsonDouble {
  return v instanceof JsonDouble || (typeof v === "number" && !Number.isInteger(v));
}

/** True for an integer token (an int or long literal in PFA). */
export function isJsonInteger(v: unknown): v is number | bigint {
  return typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
}

/** The numeric value of any number token, as a JavaScript number (bigints lose precision). */
export function jsonNumber(v: number | bigint | JsonDouble): number {
  return v instanceof JsonDouble ? v.value : Number(v);
}

/** Converts our JSON model back to plain JSON-compatible JavaScript (bigints become exact strings only in `stringify`). */
export function stringifyJson(v: JsonValue, indent?: number): string {
  return JSON.stringify(
    v,
    (_k, x: unknown) => (typeof x === "bigint" ? { __bigint__: x.toString() } : x),
    indent,
  ).replace(/\{"__bigint__":"(-?\d+)"\}/g, "$1");
}

/**
 * JSON Pointer (RFC 6901) paths: how every diagnostic says where it is (`/action/2/let/z`).
 * The root is the empty string.
 */
export function pointer(base: string, ...steps: (string | number)[]): string {
  let out = base;
  for (const s of steps) out += "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1");
  return out;
}

/** One problem found in a document: where it is, what is wrong, and a stable code for programs. */
export interface Diagnostic {
  path: string;
  message: string;
  code: string;
}
