/**
 * PMML's predicates as `expr` expressions with three-valued logic: a nullable boolean that is missing
 * where PMML says UNKNOWN.
 *
 * - SimplePredicate: equal, notEqual, lessThan, lessOrEqual, greaterThan, greaterOrEqual (UNKNOWN when
 *   the field is missing), isMissing, isNotMissing. The value is read by the field's type (a float
 *   field compares with a float, an integer field with an int; a value that is not of that type is
 *   compared as a number, or refused). Numbers order as jpmml-evaluator orders them (NaN above every
 *   number), which is the expr op's comparison.
 * - SimpleSetPredicate: isIn, isNotIn over an Array of values (read by the field's type); UNKNOWN
 *   when the field is missing.
 * - CompoundPredicate: and, or (Kleene's logic), xor (UNKNOWN when any part is), surrogate (the first
 *   part that is not UNKNOWN; UNKNOWN when all are).
 * - True, False.
 * - On a date, time or dateTime field (the `temporal` op's number: days since 1970-01-01, seconds), the
 *   values are read as dates and times of the field's type and compared as those numbers, which order
 *   as jpmml-evaluator orders LocalDate, LocalTime and LocalDateTime values.
 */
import type { ExprKind } from "../../src/ir/ops/expr.js";
import { apply, constNode, finish, nodeKind, temporalValueNode, type Env, type Node } from "./expressions.js";
import type { TemporalKind } from "../../src/ir/ops/temporal.js";
import { parseNumber, parseValue, temporalKindOf, withTemporal } from "./fields.js";
import { child, parseArray, type XmlElement } from "./xml.js";

const COMPARISONS = new Set(["equal", "notEqual", "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual"]);

/** The predicate elements. */
export const PREDICATE_ELEMENTS = new Set(["SimplePredicate", "CompoundPredicate", "SimpleSetPredicate", "True", "False"]);

/** The predicate child of an element (Node, Segment, Rule...). */
export function predicateChild(e: XmlElement): XmlElement | undefined {
  return e.children.find((c) => PREDICATE_ELEMENTS.has(c.name));
}

/** A value of the field's kind; numbers that are not of an integer field's type compare as doubles. */
function valueNode(kind: ExprKind, text: string, where: XmlElement, env: Env): Node {
  const v = parseValue(kind, text);
  if (v !== null) return constNode(kind, v);
  if (kind === "int" || kind === "long" || kind === "float") {
    const x = parseNumber(text);
    if (x !== null) return constNode("double", x);
  }
  return env.fail(where, `the value "${text}" is not a ${kind === "int" ? "integer" : kind}`);
}

/** A field's value and its temporal kind (date, time, dateTime; null for other types). */
function fieldRef(field: string, where: XmlElement, env: Env): { x: Node; temporal: TemporalKind | null } {
  const temporal = temporalKindOf(env.field?.(field)?.dataType);
  return { x: temporal === null ? env.ref(field, where) : withTemporal(() => env.ref(field, where)), temporal };
}

/** A predicate as a node over columns. */
export function readPredicate(e: XmlElement, env: Env): Node {
  switch (e.name) {
    case "True":
      return constNode("boolean", true);
    case "False":
      return constNode("boolean", false);
    case "SimplePredicate": {
      const field = e.attrs.field;
      const op = e.attrs.operator;
      if (field === undefined || op === undefined) env.fail(e, "SimplePredicate needs a field and an operator");
      const { x, temporal } = fieldRef(field, e, env);
      if (op === "isMissing" || op === "isNotMissing") return apply(op, x);
      if (!COMPARISONS.has(op)) env.fail(e, `operator="${op}" is not supported`);
      const value = e.attrs.value;
      if (value === undefined) env.fail(e, `operator="${op}" needs a value`);
      const kind = nodeKind(x, env.builder, e);
      if (kind === "boolean" && op !== "equal" && op !== "notEqual") env.fail(e, `operator="${op}" on a boolean field is not supported`);
      return apply(op, x, temporal === null ? valueNode(kind, value, e, env) : temporalValueNode(temporal, value, e, env));
    }
    case "SimpleSetPredicate": {
      const field = e.attrs.field;
      const op = e.attrs.booleanOperator;
      if (field === undefined || (op !== "isIn" && op !== "isNotIn")) env.fail(e, `SimpleSetPredicate needs a field and booleanOperator isIn or isNotIn`);
      const array = child(e, "Array");
      if (array === undefined) env.fail(e, "SimpleSetPredicate needs an Array");
      const { x, temporal } = fieldRef(field, e, env);
      const kind = nodeKind(x, env.builder, e);
      const values = parseArray(array).map((t) => (temporal === null ? valueNode(kind, t, e, env) : temporalValueNode(temporal, t, e, env)));
      if (values.length === 0) {
        // An empty set: isIn is false (isNotIn true) for a present value, UNKNOWN for a missing one.
        return { op: "apply", fn: "if", args: [apply("isMissing", x), constNode("boolean", null), constNode("boolean", op === "isNotIn")] };
      }
      return apply(op, x, ...values);
    }
    case "CompoundPredicate": {
      const op = e.attrs.booleanOperator;
      const parts = e.children.filter((c) => PREDICATE_ELEMENTS.has(c.name)).map((c) => readPredicate(c, env));
      if (parts.length < 2) env.fail(e, `CompoundPredicate with ${parts.length} predicate${parts.length === 1 ? "" : "s"} (it needs two or more)`);
      switch (op) {
        case "and":
        case "or":
          return apply(op, ...parts);
        case "xor":
          return parts.slice(1).reduce((acc, p) => apply("notEqual", acc, p), parts[0]!);
        case "surrogate": {
          let out = parts[parts.length - 1]!;
          for (let i = parts.length - 2; i >= 0; i--) out = { op: "apply", fn: "if", args: [apply("isNotMissing", parts[i]!), parts[i]!, out] };
          return out;
        }
        default:
          return env.fail(e, `booleanOperator="${op ?? ""}" is not supported`);
      }
    }
    default:
      return env.fail(e, `${e.name} is not a predicate`);
  }
}

/** A predicate as an `expr` expression and its input columns (ModelScope.predicate). */
export function predicateExpr(e: XmlElement, env: Env): { expr: import("../../src/ir/ops/expr.js").Expr; inputs: string[] } {
  const node = readPredicate(e, env);
  if (nodeKind(node, env.builder, e) !== "boolean") env.fail(e, "the predicate is not a boolean");
  return finish(node);
}
