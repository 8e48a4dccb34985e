/**
 * Values written in a model element, read for the model readers: numbers, constants typed like the
 * column they are compared with, and categories as labels of the target's type. Each refuses
 * (through the scope) what it cannot read.
 */
import type { ExprConst } from "../../../src/ir/ops/expr.js";
import type { IRType } from "../../../src/ir/types.js";
import { exprKindOf, labelOf, parseNumber as parseNum, parseValue, realOf } from "../fields.js";
import type { ModelScope } from "../model.js";
import type { XmlElement } from "../xml.js";

/** A number written in the document; refuses anything else. */
export function parseNumber(scope: ModelScope, where: XmlElement, what: string, text: string | undefined): number {
  if (text === undefined) return scope.fail(where, `${what} is missing`);
  const v = parseNum(text);
  if (v === null) return scope.fail(where, `${what} "${text}" is not a number`);
  return v;
}

/** A PMML value (as written) as a constant comparable with a column of type `t` (parsed to the column's type, as jpmml-evaluator parses it to the field's). */
export function typedConst(scope: ModelScope, where: XmlElement, t: IRType, text: string): ExprConst {
  const kind = exprKindOf(t);
  if (kind === null) return scope.fail(where, "field values of this type cannot be compared");
  const v = parseValue(kind, text);
  if (v !== null) return { op: "const", type: kind, value: typeof v === "number" ? realOf(v) : v };
  // a number that is not an integer never equals an integer field's value: compare as doubles
  const x = parseNum(text);
  if ((kind === "int" || kind === "long") && x !== null) return { op: "const", type: "double", value: realOf(x) };
  return scope.fail(where, `"${text}" is not a value of the field's type (${kind})`);
}

/** A category (as written) as a label of the target's type. */
export function labelValue(scope: ModelScope, where: XmlElement, text: string): string | number {
  const v = labelOf(scope.target, text);
  if (v === null) return scope.fail(where, `category "${text}" is not a value of the target's type`);
  return v;
}
