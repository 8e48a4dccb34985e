/**
 * PMML's fields and values: the DataDictionary (DataField with dataType, optype, Values and Intervals),
 * the IR types that PMML's data types become, and the parsing of values written in a document (a
 * Value, a Constant, a predicate's value, a table cell) by the data type of the field they belong to.
 *
 * Data types: string, double, float, integer and boolean. A pipeline input is a nullable string,
 * double or boolean (integer and float inputs are read as doubles, as CSV and JSON give them); the
 * MiningSchema's preparation (fieldPrep) then gives the field its PMML type, as jpmml-evaluator parses
 * an input value: an integer is a 32-bit int (a fraction is not an integer, and is invalid), a float
 * a float32.
 *
 * Dates and times: a date, time or dateTime DataField is a pipeline input of ISO text (a nullable
 * string), which the `temporal` op reads as java.time does into a number: the days since 1970-01-01
 * (date), the seconds since midnight (time), the seconds since 1970-01-01T00:00:00 (dateTime, a local
 * date-time). The field's FieldInfo keeps its dataType, so that predicates read their values as
 * dates and times and the date functions know what they are given. A temporal value is no number for
 * jpmml-evaluator (arithmetic on it, or a model reading it as a predictor, fails there): the document
 * reader hands its column only to the readers that compare it or apply the date functions to it
 * (`withTemporal`). The other temporal dataTypes (dateDaysSince[1960] and the like, timeSeconds,
 * dateTimeSecondsSince[...]) are refused.
 */
import type { LabelType } from "../../src/ir/ops/model-util.js";
import type { ExprKind } from "../../src/ir/ops/expr.js";
import type { PrepInterval, ValueProperty } from "../../src/ir/ops/field-prep.js";
import { BOOLEAN, DOUBLE, nonNull, nullable, STRING, type IRType } from "../../src/ir/types.js";
import { beyondMilliseconds, parseTemporal, type TemporalKind } from "../../src/ir/ops/temporal.js";
import type { FieldInfo } from "./model.js";
import { children, type XmlElement } from "./xml.js";

/** The value kinds of PMML's data types. */
export type PmmlKind = "double" | "float" | "int" | "string" | "boolean";

/** A DataField, as declared. */
export interface DataFieldDecl extends FieldInfo {
  element: XmlElement;
  /** The field's value kind; null when its dataType is not supported (refused where the field is used) or temporal. */
  kind: PmmlKind | null;
  /** date, time or dateTime (read by the `temporal` op); null for the other types. */
  temporal: TemporalKind | null;
  /** Every Value element in document order, with its property. */
  valueDecls: { value: string; property: ValueProperty }[];
  /** The Interval elements. */
  intervals: PrepInterval[];
  /** Value@displayValue by value. */
  displayValues: Map<string, string>;
}

/** A dataType's value kind, or null for the others (date, time and dateTime: see temporalKindOf). */
export function kindOfDataType(dataType: string | undefined): PmmlKind | null {
  switch (dataType) {
    case "string":
      return "string";
    case "double":
      return "double";
    case "float":
      return "float";
    case "integer":
      return "int";
    case "boolean":
      return "boolean";
    default:
      return null;
  }
}

/** The temporal kind of a dataType (date, time, dateTime), or null. */
export function temporalKindOf(dataType: string | undefined): TemporalKind | null {
  return dataType === "date" || dataType === "time" || dataType === "dateTime" ? dataType : null;
}

/** PMML's other temporal dataTypes (numbers counted from an epoch), which are refused. */
export function isOtherTemporalDataType(dataType: string | undefined): boolean {
  return dataType !== undefined && /^(dateDaysSince\[\d+\]|timeSeconds|dateTimeSecondsSince\[\d+\])$/.test(dataType);
}

/** A date, time or dateTime written in the document (ISO text) as the `temporal` op's number; null when it is not one. */
export function parseTemporalValue(kind: TemporalKind, text: string): number | null {
  const v = parseTemporal(kind, text);
  // A constant the op would refuse for its precision is refused too (see temporal.ts).
  return v !== null && beyondMilliseconds(kind, text) ? null : v;
}

/**
 * A temporal field's column is handed out only inside `withTemporal` (its first column lookup): the
 * readers that compare temporal values or apply the date functions to them. Anywhere else the value
 * would be used as a number, which jpmml-evaluator refuses.
 */
let temporalPermit = false;

export function withTemporal<T>(fn: () => T): T {
  const before = temporalPermit;
  temporalPermit = true;
  try {
    return fn();
  } finally {
    temporalPermit = before;
  }
}

/** Whether the current column lookup may hand out a temporal field (the permit is used up by it). */
export function takeTemporalPermit(): boolean {
  const p = temporalPermit;
  temporalPermit = false;
  return p;
}

/** The dataType a value kind came from (for FieldInfo of derived columns). */
export function dataTypeOfKind(kind: string): string {
  switch (kind) {
    case "int":
    case "long":
      return "integer";
    case "float":
      return "float";
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    default:
      return "double";
  }
}

/** The pipeline input type of a field of this kind: nullable string, double or boolean. */
export function inputTypeOf(kind: PmmlKind): IRType {
  if (kind === "string") return nullable(STRING);
  if (kind === "boolean") return nullable(BOOLEAN);
  return nullable(DOUBLE);
}

/** The expression kind of an IR column type, or null when it is not a scalar. */
export function exprKindOf(t: IRType): ExprKind | null {
  const k = nonNull(t).kind;
  return k === "double" || k === "float" || k === "int" || k === "long" || k === "string" || k === "boolean" ? k : null;
}

/**
 * A number as PMML writes it (xs:double: decimal or scientific notation, NaN, INF, -INF; Java's
 * Infinity spellings too). Null when the text is not a number.
 */
export function parseNumber(text: string): number | null {
  const s = text.trim();
  if (s === "NaN") return NaN;
  if (s === "INF" || s === "Infinity" || s === "+INF" || s === "+Infinity") return Infinity;
  if (s === "-INF" || s === "-Infinity") return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  return Number(s);
}

/** An integer as PMML writes it (also "2.0", a whole number written as a decimal); null otherwise. */
export function parseInteger(text: string): number | null {
  const x = parseNumber(text);
  if (x === null || !Number.isInteger(x) || x < -2147483648 || x > 2147483647) return null;
  return x + 0;
}

export function parseBoolean(text: string): boolean | null {
  const s = text.trim();
  if (s === "true" || s === "1") return true;
  if (s === "false" || s === "0") return false;
  return null;
}

/** A value written in the document, parsed as a value of `kind`; null when it is not one. */
export function parseValue(kind: ExprKind | PmmlKind, text: string): number | string | boolean | null {
  switch (kind) {
    case "string":
      return text;
    case "boolean":
      return parseBoolean(text);
    case "int":
    case "long":
      return parseInteger(text);
    case "float": {
      const x = parseNumber(text);
      return x === null ? null : Math.fround(x);
    }
    default:
      return parseNumber(text);
  }
}

/** A number as an IR parameter (non-finite numbers as the strings "NaN", "Infinity", "-Infinity"). */
export function realOf(x: number): number | "NaN" | "Infinity" | "-Infinity" {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}

const PROPERTIES: readonly string[] = ["valid", "invalid", "missing"];
const CLOSURES: readonly string[] = ["openClosed", "openOpen", "closedOpen", "closedClosed"];

/** Reads the DataDictionary: every DataField by name. */
export function readDataDictionary(dictionary: XmlElement | undefined, fail: (where: XmlElement, construct: string) => never): Map<string, DataFieldDecl> {
  const fields = new Map<string, DataFieldDecl>();
  if (dictionary === undefined) return fields;
  for (const f of children(dictionary, "DataField")) {
    const name = f.attrs.name;
    if (name === undefined) fail(f, "a DataField needs a name");
    if (fields.has(name)) fail(f, `the field "${name}" is declared twice`);
    const dataType = f.attrs.dataType ?? "";
    const valueDecls: DataFieldDecl["valueDecls"] = [];
    const displayValues = new Map<string, string>();
    for (const v of children(f, "Value")) {
      const value = v.attrs.value;
      if (value === undefined) fail(f, "a Value needs a value attribute");
      const property = v.attrs.property ?? "valid";
      if (!PROPERTIES.includes(property)) fail(f, `Value property="${property}" is not one of valid, invalid, missing`);
      valueDecls.push({ value, property: property as ValueProperty });
      if (v.attrs.displayValue !== undefined) displayValues.set(value, v.attrs.displayValue);
    }
    const intervals: PrepInterval[] = children(f, "Interval").map((i) => readInterval(i, f, fail));
    fields.set(name, {
      name,
      dataType,
      optype: f.attrs.optype ?? "",
      values: valueDecls.filter((v) => v.property === "valid").map((v) => v.value),
      element: f,
      kind: kindOfDataType(dataType),
      temporal: temporalKindOf(dataType),
      valueDecls,
      intervals,
      displayValues,
    });
  }
  return fields;
}

/** An Interval element (closure, leftMargin, rightMargin). */
export function readInterval(i: XmlElement, where: XmlElement, fail: (where: XmlElement, construct: string) => never): PrepInterval {
  const closure = i.attrs.closure;
  if (closure === undefined || !CLOSURES.includes(closure)) fail(where, `Interval closure="${closure ?? ""}" is not one of ${CLOSURES.join(", ")}`);
  const margin = (text: string | undefined, which: string): number | "NaN" | "Infinity" | "-Infinity" | null => {
    if (text === undefined) return null;
    const x = parseNumber(text);
    if (x === null || Number.isNaN(x)) fail(where, `Interval ${which}="${text}" is not a number`);
    return realOf(x);
  };
  return { closure: closure as PrepInterval["closure"], left: margin(i.attrs.leftMargin, "leftMargin"), right: margin(i.attrs.rightMargin, "rightMargin") };
}

/**
 * The IR label type of a classification target: strings stay strings, integers are ints, doubles
 * and floats doubles; booleans are written as strings ("true", "false").
 */
export function labelTypeOf(target: FieldInfo | null): LabelType {
  switch (kindOfDataType(target?.dataType)) {
    case "int":
      return "int";
    case "double":
    case "float":
      return "double";
    default:
      return "string";
  }
}

/** A category as written in the document, as a label of `labelTypeOf(target)` (null when it is not one). */
export function labelOf(target: FieldInfo | null, text: string): string | number | null {
  const t = labelTypeOf(target);
  if (t === "string") return text;
  const v = parseValue(t === "int" ? "int" : "double", text);
  return typeof v === "number" ? v : null;
}

/** Whether two category texts name the same category of the target (numbers by value: "1" and "1.0"). */
export function sameCategory(target: FieldInfo | null, a: string, b: string): boolean {
  if (a === b) return true;
  if (labelTypeOf(target) === "string") return false;
  const x = parseNumber(a);
  const y = parseNumber(b);
  return x !== null && y !== null && x === y;
}
