/**
 * The IR's column types: what flows between the steps of a pipeline (the picture is a Spark DataFrame
 * row). Deliberately smaller than Avro: ML models need numbers, strings, booleans, dense vectors,
 * collections and records, and a way to say that a value may be missing.
 */
import type { JsonValue } from "../pfa/json-value.js";

export type IRType =
  | { kind: "double" }
  | { kind: "float" }
  | { kind: "int" }
  | { kind: "long" }
  | { kind: "string" }
  | { kind: "boolean" }
  /** Dense numbers (doubles) of a fixed length; null length when unknown. */
  | { kind: "vector"; size: number | null }
  | { kind: "array"; items: IRType }
  | { kind: "map"; values: IRType }
  | { kind: "record"; name: string; fields: IRField[] }
  | { kind: "enum"; name: string; symbols: string[] }
  /** A value that may be missing (null). */
  | { kind: "nullable"; inner: IRType };

export interface IRField {
  /** The column's name as the source model writes it (`Sepal.Length`, `probability(setosa)`). */
  name: string;
  type: IRType;
}

export const DOUBLE: IRType = { kind: "double" };
export const FLOAT: IRType = { kind: "float" };
export const INT: IRType = { kind: "int" };
export const LONG: IRType = { kind: "long" };
export const STRING: IRType = { kind: "string" };
export const BOOLEAN: IRType = { kind: "boolean" };

export function vector(size: number | null): IRType {
  return { kind: "vector", size };
}
export function arrayOf(items: IRType): IRType {
  return { kind: "array", items };
}
export function mapOf(values: IRType): IRType {
  return { kind: "map", values };
}
export function nullable(t: IRType): IRType {
  return t.kind === "nullable" ? t : { kind: "nullable", inner: t };
}

/** The type without its nullability. */
export function nonNull(t: IRType): IRType {
  return t.kind === "nullable" ? t.inner : t;
}

export function isNullable(t: IRType): boolean {
  return t.kind === "nullable";
}

export function isNumeric(t: IRType): boolean {
  const k = nonNull(t).kind;
  return k === "double" || k === "float" || k === "int" || k === "long";
}

export function typeEquals(a: IRType, b: IRType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function describeType(t: IRType): string {
  switch (t.kind) {
    case "vector":
      return t.size === null ? "vector" : `vector(${t.size})`;
    case "array":
      return `array(${describeType(t.items)})`;
    case "map":
      return `map(${describeType(t.values)})`;
    case "record":
      return `record ${t.name}`;
    case "enum":
      return `enum ${t.name}`;
    case "nullable":
      return `${describeType(t.inner)}?`;
    default:
      return t.kind;
  }
}

/** Types as JSON (for `pfa inspect --ir` and IR files): they already are plain data. */
export function typeToJson(t: IRType): JsonValue {
  return JSON.parse(JSON.stringify(t)) as JsonValue;
}
