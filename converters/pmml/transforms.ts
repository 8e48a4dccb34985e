/**
 * PMML's transformations: the TransformationDictionary (DefineFunctions and global DerivedFields) and a
 * model's LocalTransformations. A DerivedField is computed when a model first reads it (a document may
 * define many that a model never uses), as a column named after it, converted to its dataType.
 */
import type { ExprKind } from "../../src/ir/ops/expr.js";
import { dataTypeOfKind } from "./fields.js";
import { exprKindOfDataType, expressionChild, kindOfColumn, materialize, readExpression, type Env } from "./expressions.js";
import type { FieldInfo } from "./model.js";
import { children, type XmlElement } from "./xml.js";

/** Reads DerivedFields by name (a TransformationDictionary or LocalTransformations), refusing duplicates. */
export function derivedFields(container: XmlElement | undefined, fail: (where: XmlElement, construct: string) => never): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  if (container === undefined) return out;
  for (const d of children(container, "DerivedField")) {
    const name = d.attrs.name;
    if (name === undefined) fail(d, "a DerivedField needs a name");
    if (out.has(name)) fail(d, `the field "${name}" is defined twice`);
    out.set(name, d);
  }
  return out;
}

/** The TransformationDictionary's DefineFunctions by name. */
export function defineFunctions(dictionary: XmlElement | undefined, fail: (where: XmlElement, construct: string) => never): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  if (dictionary === undefined) return out;
  for (const f of children(dictionary, "DefineFunction")) {
    const name = f.attrs.name;
    if (name === undefined) fail(f, "a DefineFunction needs a name");
    if (out.has(name)) fail(f, `the function "${name}" is defined twice`);
    out.set(name, f);
  }
  return out;
}

/** A DerivedField's declared kind (null: no dataType, the expression's own type stands). */
export function declaredKind(d: XmlElement, fail: (where: XmlElement, construct: string) => never): ExprKind | null {
  const dataType = d.attrs.dataType ?? d.attrs.datatype;
  if (dataType === undefined) return null;
  const k = exprKindOfDataType(dataType);
  if (k === null) fail(d, `dataType="${dataType}" is not supported`);
  return k;
}

/** The FieldInfo of a DerivedField (its type as declared, or as computed when undeclared). */
export function derivedInfo(d: XmlElement, kind: string): FieldInfo {
  const values = children(d, "Value")
    .filter((v) => (v.attrs.property ?? "valid") === "valid" && v.attrs.value !== undefined)
    .map((v) => v.attrs.value!);
  return { name: d.attrs.name!, dataType: d.attrs.dataType ?? d.attrs.datatype ?? dataTypeOfKind(kind), optype: d.attrs.optype ?? "", values };
}

/** Computes a DerivedField as a column (named after it). */
export function computeDerived(d: XmlElement, env: Env): string {
  const name = d.attrs.name ?? "derived";
  const kind = declaredKind(d, (w, c) => env.fail(w, c));
  const e = expressionChild(d);
  if (e === undefined) env.fail(d, "a DerivedField needs an expression");
  const node = readExpression(e, env, name, kind);
  const column = materialize(node, env.builder, name, d, kind ?? undefined);
  if (kindOfColumn(env.builder, column) === null) env.fail(d, "the value is not a number, a string or a boolean");
  return column;
}
