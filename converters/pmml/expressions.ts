/**
 * PMML's expressions (the content of a DerivedField, an OutputField's transformedValue, a predicate's
 * pieces) as IR: Constant, FieldRef, Apply (PMML's built-in functions through the `expr` op, and
 * DefineFunction bodies inlined with their ParameterFields bound to the arguments), NormDiscrete (an
 * expression), and, as their own steps, NormContinuous (`normContinuous`), Discretize (`bucketize`
 * intervals), MapValues with an InlineTable (`valueMap`) and TextIndex (`textIndex`: the text's tokens
 * once per text and tokenizer, then one count per term). Aggregate and Lag (which read other rows) are
 * refused.
 *
 * Dates and times (a FieldRef to a date, time or dateTime field, whose column holds the `temporal` op's
 * number, or a Constant of such a dataType): the date functions dateDaysSinceYear, dateSecondsSinceYear
 * and dateSecondsSinceMidnight become integer arithmetic on those numbers, as jpmml-evaluator computes
 * them; comparisons (equal ... greaterOrEqual) of two values of the same temporal type compare the
 * numbers; isMissing and isNotMissing test them. Any other use of a temporal value (arithmetic, a
 * function of an expression whose temporal type is not known) is refused, as is formatDatetime.
 *
 * An expression is built as a tree over columns by name (`Node`), and becomes an `expr` step only when
 * a column is needed: DefineFunction arguments and nested Applies stay in one expression.
 */
import type { Expr, ExprApply, ExprCast, ExprConst, ExprKind } from "../../src/ir/ops/expr.js";
import { opDefinition } from "../../src/ir/ops/index.js";
import { textTokens, type TextCountParams, type TextNormalization, type TextTokenizer, type TextTokensParams } from "../../src/ir/ops/text-index.js";
import type { DiscretizeBin } from "../../src/ir/ops/bucketize.js";
import type { Scalar } from "../../src/ir/ops/feature-util.js";
import { nonNull, type IRType } from "../../src/ir/types.js";
import { PmmlUnsupported, type PipelineBuilder } from "./builder.js";
import { daysFromCivil, type TemporalKind } from "../../src/ir/ops/temporal.js";
import { exprKindOf, kindOfDataType, parseInteger, parseNumber, parseTemporalValue, parseValue, readInterval, realOf, temporalKindOf, withTemporal } from "./fields.js";
import type { FieldInfo, ModelScope } from "./model.js";
import { child, children, type XmlElement } from "./xml.js";

/** An expression over columns by name; becomes an `expr` step's expression (ExprInput by index) when finished. */
export type Node =
  | ExprConst
  | { op: "col"; column: string; mapMissingTo?: ExprConst }
  | { op: "apply"; fn: string; args: Node[]; mapMissingTo?: ExprConst; defaultValue?: ExprConst; invalidValueTreatment?: ExprApply["invalidValueTreatment"] }
  | { op: "cast"; type: ExprKind; arg: Node; rounding?: ExprCast["rounding"] };

/** Where an expression finds its fields: a model's scope, or a DefineFunction's parameters. */
export interface Env {
  readonly builder: PipelineBuilder;
  fail(where: XmlElement | string, construct: string): never;
  /** A field's value as an expression. */
  ref(name: string, where: XmlElement): Node;
  /** A field's value as a column (an expression is made a step). */
  column(name: string, where: XmlElement): string;
  /** The user-defined functions (TransformationDictionary's DefineFunctions) by name. */
  readonly functions: ReadonlyMap<string, XmlElement>;
  /**
   * For isValid and isNotValid: a field's value where it is valid by its declaration (missing where
   * it is missing or invalid), or "unrestricted" for a field that declares no valid values (every
   * present value is valid); null where the field's declaration is not known here (a function's
   * parameter). Absent: nothing is known.
   */
  validity?(name: string, where: XmlElement): { column: string } | "unrestricted" | null;
  /** A field's declaration (its dataType tells a date, time or dateTime field); absent: nothing is known. */
  field?(name: string): FieldInfo | undefined;
}

const EXPRESSION_ELEMENTS = new Set(["Constant", "FieldRef", "Apply", "NormContinuous", "NormDiscrete", "Discretize", "MapValues", "TextIndex", "Aggregate", "Lag"]);

/** The expression child of an element (DerivedField, OutputField, DefineFunction), if any. */
export function expressionChild(e: XmlElement): XmlElement | undefined {
  return e.children.find((c) => EXPRESSION_ELEMENTS.has(c.name));
}

export function constNode(type: ExprKind, value: number | string | boolean | null): ExprConst {
  const v = typeof value === "number" && !Number.isFinite(value) ? (Number.isNaN(value) ? "NaN" : value > 0 ? "INF" : "-INF") : value;
  return { op: "const", type, value: v };
}

export function apply(fn: string, ...args: Node[]): Node {
  return { op: "apply", fn, args };
}

/** The node with columns numbered: an `expr` expression and its input columns. */
export function finish(node: Node): { expr: Expr; inputs: string[] } {
  const inputs: string[] = [];
  const index = new Map<string, number>();
  const walk = (n: Node): Expr => {
    switch (n.op) {
      case "const":
        return n;
      case "col": {
        let i = index.get(n.column);
        if (i === undefined) {
          i = inputs.length;
          inputs.push(n.column);
          index.set(n.column, i);
        }
        return n.mapMissingTo === undefined ? { op: "input", index: i } : { op: "input", index: i, mapMissingTo: n.mapMissingTo };
      }
      case "apply": {
        const { args, ...rest } = n;
        return { ...rest, args: args.map(walk) };
      }
      case "cast":
        return { ...n, arg: walk(n.arg) };
    }
  };
  return { expr: walk(node), inputs };
}

/** The IR type an expression gives (refusing, with the expr op's reason, one it cannot type). */
export function nodeType(node: Node, builder: PipelineBuilder, where: XmlElement | string, type?: ExprKind): IRType {
  if (node.op === "col" && node.mapMissingTo === undefined && type === undefined) return builder.typeOf(node.column);
  const { expr, inputs } = finish(node);
  try {
    return opDefinition("expr")!.outputTypes(type === undefined ? { expr } : { expr, type }, inputs.map((c) => builder.typeOf(c)))[0]!;
  } catch (e) {
    return builder.fail(where, (e as Error).message);
  }
}

export function nodeKind(node: Node, builder: PipelineBuilder, where: XmlElement | string): ExprKind {
  const k = exprKindOf(nodeType(node, builder, where));
  if (k === null) builder.fail(where, "the expression is not a number, a string or a boolean");
  return k;
}

/**
 * The expression as a column: the column itself for a plain reference (of the wanted type), else a
 * new `expr` step named after `hint`, converted to `type` when given (PMML's DerivedField@dataType).
 */
export function materialize(node: Node, builder: PipelineBuilder, hint: string, origin: XmlElement | string, type?: ExprKind): string {
  if (node.op === "col" && node.mapMissingTo === undefined && (type === undefined || exprKindOf(builder.typeOf(node.column)) === type)) return node.column;
  const { expr, inputs } = finish(node);
  return builder.add("expr", inputs, [hint], type === undefined ? { expr } : { expr, type }, origin)[0]!;
}

/** PMML's data types as expression kinds (the value kinds of fields.ts). */
export function exprKindOfDataType(dataType: string | undefined): ExprKind | null {
  return kindOfDataType(dataType);
}

/** The kind jpmml-evaluator gives a Constant without a dataType: an integer, else a number, else a string. */
function constantKind(text: string): ExprKind {
  if (parseInteger(text) !== null && /^[-+]?\d+$/.test(text.trim())) return "int";
  if (parseNumber(text) !== null) return "double";
  return "string";
}

function readConstant(e: XmlElement, env: Env): Node {
  const text = e.text;
  const dataType = e.attrs.dataType;
  let kind: ExprKind;
  if (dataType === undefined) kind = constantKind(text);
  else {
    const k = exprKindOfDataType(dataType);
    if (k === null) env.fail(e, `Constant dataType="${dataType}" is not supported`);
    kind = k;
  }
  if (e.attrs.missing === "true") return constNode(kind, null);
  const v = parseValue(kind, text);
  if (v === null) env.fail(e, `Constant "${text}" is not a ${dataType ?? kind}`);
  return constNode(kind, v);
}

/** A constant of the kind of an expression (an attribute's value: mapMissingTo, defaultValue). */
function constOfKind(kind: ExprKind, text: string, where: XmlElement, what: string, env: Env): ExprConst {
  const v = parseValue(kind, text);
  if (v === null) {
    // A numeric attribute on a string result and the like: jpmml-evaluator parses it by the result's type.
    return env.fail(where, `${what}="${text}" is not a ${kind}`);
  }
  return constNode(kind, v);
}

/** Applies an Apply's or FieldRef's mapMissingTo to a node of known kind. */
function withMapMissingTo(node: Node, text: string | undefined, where: XmlElement, env: Env): Node {
  if (text === undefined) return node;
  const kind = nodeKind(node, env.builder, where);
  const m = constOfKind(kind, text, where, "mapMissingTo", env);
  if (node.op === "col" && node.mapMissingTo === undefined) return { ...node, mapMissingTo: m };
  return { op: "apply", fn: "if", args: [apply("isMissing", node), m, node] };
}

const APPLY_IVT = new Set(["returnInvalid", "asMissing", "asIs"]);

/** The built-in functions the expr op knows under another name. */
const ALIASES: Record<string, string> = {};

function readApply(e: XmlElement, env: Env, hint: string): Node {
  const fn = e.attrs.function;
  if (fn === undefined) env.fail(e, "an Apply needs a function");
  const argElements = e.children.filter((c) => EXPRESSION_ELEMENTS.has(c.name));
  const defined = env.functions.get(fn);
  if (defined === undefined) {
    if (fn === "formatDatetime") env.fail(e, "formatDatetime is not supported: jpmml-evaluator formats in the JVM's default time zone (the result depends on where it runs)");
    const temporal = readTemporalApply(fn, e, argElements, env);
    if (temporal !== null) return withApplyAttributes(temporal.node, temporal.args, e, env);
  }
  const args = argElements.map((a) => readExpression(a, env, hint));
  let node: Node;
  if (defined === undefined && (fn === "isValid" || fn === "isNotValid")) return readValidity(fn, e, argElements, args, env);
  if (defined !== undefined) node = inlineFunction(defined, args, e, env, hint);
  else {
    const ivt = e.attrs.invalidValueTreatment;
    if (ivt !== undefined && !APPLY_IVT.has(ivt)) env.fail(e, `invalidValueTreatment="${ivt}" is not supported`);
    node = { op: "apply", fn: ALIASES[fn] ?? fn, args, ...(ivt === undefined ? {} : { invalidValueTreatment: ivt as ExprApply["invalidValueTreatment"] }) };
    if (fn.startsWith("x-") && fn !== "x-atan2") env.fail(e, `the vendor function ${fn} is not supported`);
    // Type it now: an unknown or refused function is refused here, at its element.
    const where = `Apply '${fn}'`;
    const kind = nodeKind(node, env.builder, where);
    const extra: { mapMissingTo?: ExprConst; defaultValue?: ExprConst } = {};
    if (e.attrs.mapMissingTo !== undefined) extra.mapMissingTo = constOfKind(kind, e.attrs.mapMissingTo, e, "mapMissingTo", env);
    if (e.attrs.defaultValue !== undefined) extra.defaultValue = constOfKind(kind, e.attrs.defaultValue, e, "defaultValue", env);
    if (Object.keys(extra).length > 0) {
      node = { ...(node as Extract<Node, { op: "apply" }>), ...extra };
      nodeKind(node, env.builder, where);
    }
    return node;
  }
  // A user-defined function: mapMissingTo and defaultValue apply to its result.
  if (e.attrs.mapMissingTo !== undefined) {
    const kind = nodeKind(node, env.builder, e);
    const m = constOfKind(kind, e.attrs.mapMissingTo, e, "mapMissingTo", env);
    node = { op: "apply", fn: "if", args: [args.reduce<Node>((acc, a) => apply("or", acc, apply("isMissing", a)), constNode("boolean", false)), m, node] };
  }
  if (e.attrs.defaultValue !== undefined) {
    const kind = nodeKind(node, env.builder, e);
    const d = constOfKind(kind, e.attrs.defaultValue, e, "defaultValue", env);
    node = { op: "apply", fn: "if", args: [apply("isMissing", node), d, node] };
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// Dates and times

const DATE_FUNCTIONS = new Set(["dateDaysSinceYear", "dateSecondsSinceYear", "dateSecondsSinceMidnight"]);
const TEMPORAL_COMPARISONS = new Set(["equal", "notEqual", "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual"]);

/** A date, time or dateTime value (ISO text) as the number of the `temporal` op; refuses anything else. */
export function temporalValueNode(kind: TemporalKind, text: string, where: XmlElement, env: Env): Node {
  const v = parseTemporalValue(kind, text);
  if (v === null) return env.fail(where, `the value "${text}" is not a ${kind} (ISO ${kind === "date" ? "YYYY-MM-DD" : kind === "time" ? "HH:MM:SS" : "YYYY-MM-DDTHH:MM:SS"})`);
  return constNode(kind === "date" ? "int" : "double", v);
}

/** A FieldRef to a date, time or dateTime field, or a Constant of such a dataType: its number and kind; null for anything else. */
function temporalArg(a: XmlElement, env: Env): { node: Node; kind: TemporalKind } | null {
  if (a.name === "Constant") {
    const kind = temporalKindOf(a.attrs.dataType);
    if (kind === null) return null;
    if (a.attrs.missing === "true") return { node: constNode(kind === "date" ? "int" : "double", null), kind };
    return { node: temporalValueNode(kind, a.text, a, env), kind };
  }
  if (a.name !== "FieldRef" || a.attrs.field === undefined) return null;
  const name = a.attrs.field;
  const kind = temporalKindOf(env.field?.(name)?.dataType);
  if (kind === null) return null;
  if (a.attrs.mapMissingTo !== undefined) env.fail(a, `a FieldRef with mapMissingTo to the ${kind} field "${name}" is not supported`);
  return { node: withTemporal(() => env.ref(name, a)), kind };
}

function intConst(x: number): Node {
  return constNode("int", x);
}
function longConst(x: number): Node {
  return constNode("long", x);
}

/**
 * The date functions, comparisons of dates and times, and isMissing on them (null: `fn` with these
 * arguments is none of them). jpmml-evaluator (Functions.java):
 * - dateDaysSinceYear(date or dateTime, year): DaysSinceDate(LocalDate.of(year, 1, 1), asLocalDate()):
 *   the days from January 1 of the year to the date (a dateTime's date part); an integer.
 * - dateSecondsSinceYear(dateTime or date, year): SecondsSinceDate: ChronoUnit.SECONDS.between(the
 *   year's first midnight, asLocalDateTime()) (a date is its midnight): whole seconds, truncated toward
 *   zero; a long (the IR's long: it exceeds 2^31 for years 68 years apart).
 * - dateSecondsSinceMidnight(time or dateTime): asLocalTime().toSecondOfDay(): whole seconds (the
 *   fraction dropped) of the time (a dateTime's time part); an integer.
 * The year must be a constant integer. The argument's temporal type must be known: a FieldRef to a
 * date, time or dateTime field, or a Constant of such a dataType.
 */
function readTemporalApply(fn: string, e: XmlElement, argElements: XmlElement[], env: Env): { node: Node; args: Node[] } | null {
  if (DATE_FUNCTIONS.has(fn)) {
    const arity = fn === "dateSecondsSinceMidnight" ? 1 : 2;
    if (argElements.length !== arity) env.fail(e, `${fn} takes ${arity} argument${arity === 1 ? "" : "s"}, found ${argElements.length}`);
    const t = temporalArg(argElements[0]!, env);
    if (t === null) {
      env.fail(e, `${fn} of an argument whose date or time type is not known (an expression, or a field that is not a date, time or dateTime) is not supported: the argument must be a FieldRef to such a field or a Constant of such a dataType`);
    }
    const x = t.node;
    if (fn === "dateSecondsSinceMidnight") {
      if (t.kind === "date") env.fail(e, `${fn} of a date is not supported (a date has no time of day)`);
      // A time's seconds are non-negative: truncating is flooring.
      if (t.kind === "time") return { node: { op: "cast", type: "int", arg: x, rounding: "truncate" }, args: [x] };
      return { node: { op: "cast", type: "int", arg: apply("modulo", apply("floor", x), longConst(86400)) }, args: [x] };
    }
    if (t.kind === "time") env.fail(e, `${fn} of a time is not supported (a time has no date)`);
    const yearElement = argElements[1]!;
    const year = yearElement.name === "Constant" && yearElement.attrs.missing !== "true" && (yearElement.attrs.dataType ?? "integer") === "integer" ? parseInteger(yearElement.text) : null;
    if (year === null || !/^[-+]?\d+$/.test(yearElement.text.trim())) env.fail(e, `${fn} with a year that is not a constant integer is not supported`);
    if (year < -1000000 || year > 1000000) env.fail(e, `${fn}: the year ${year} is out of the supported range (-1000000 to 1000000)`);
    const epochDays = daysFromCivil(year, 1, 1);
    if (fn === "dateDaysSinceYear") {
      if (t.kind === "date") return { node: apply("-", x, intConst(epochDays)), args: [x] };
      // The dateTime's date part: floor(seconds / 86400), in exact integer arithmetic.
      const whole = apply("floor", x);
      const days = apply("/", apply("-", whole, apply("modulo", whole, longConst(86400))), longConst(86400));
      return { node: { op: "cast", type: "int", arg: apply("-", days, longConst(epochDays)) }, args: [x] };
    }
    const epochSeconds = epochDays * 86400;
    if (t.kind === "date") return { node: apply("-", apply("*", { op: "cast", type: "long", arg: x }, longConst(86400)), longConst(epochSeconds)), args: [x] };
    // Exact in doubles (both are multiples of the dateTime's ulp); then truncated toward zero.
    return { node: { op: "cast", type: "long", arg: apply("-", x, constNode("double", epochSeconds)), rounding: "truncate" }, args: [x] };
  }
  if (fn === "isMissing" || fn === "isNotMissing") {
    if (argElements.length !== 1) return null;
    const t = temporalArg(argElements[0]!, env);
    return t === null ? null : { node: apply(fn, t.node), args: [t.node] };
  }
  if (TEMPORAL_COMPARISONS.has(fn) && argElements.length === 2) {
    const isTemporal = (a: XmlElement): boolean => (a.name === "Constant" ? temporalKindOf(a.attrs.dataType) !== null : a.name === "FieldRef" && temporalKindOf(env.field?.(a.attrs.field ?? "")?.dataType) !== null);
    if (!argElements.some(isTemporal)) return null;
    const a = temporalArg(argElements[0]!, env);
    const b = temporalArg(argElements[1]!, env);
    if (a === null || b === null || a.kind !== b.kind) env.fail(e, `${fn} of a ${(a ?? b)!.kind} and a value of another type is not supported (both must be ${(a ?? b)!.kind}s: a FieldRef or a Constant of that dataType)`);
    return { node: apply(fn, a.node, b.node), args: [a.node, b.node] };
  }
  return null;
}

/** An Apply's mapMissingTo (a missing argument) and defaultValue (a missing result) around a node read by other means. */
function withApplyAttributes(node: Node, args: Node[], e: XmlElement, env: Env): Node {
  let out = node;
  if (e.attrs.mapMissingTo !== undefined) {
    const kind = nodeKind(out, env.builder, e);
    const m = constOfKind(kind, e.attrs.mapMissingTo, e, "mapMissingTo", env);
    out = { op: "apply", fn: "if", args: [args.reduce<Node>((acc, a) => apply("or", acc, apply("isMissing", a)), constNode("boolean", false)), m, out] };
  }
  if (e.attrs.defaultValue !== undefined) {
    const kind = nodeKind(out, env.builder, e);
    const d = constOfKind(kind, e.attrs.defaultValue, e, "defaultValue", env);
    out = { op: "apply", fn: "if", args: [apply("isMissing", out), d, out] };
  }
  nodeKind(out, env.builder, e);
  return out;
}

/**
 * isValid(field) and isNotValid(field) (PMML 4.4): whether the field's value is present and valid,
 * present and invalid, by the field's declaration (a DataField's Values and Intervals, applied to the
 * value the model sees, after its MiningField's treatments, as jpmml-evaluator checks FieldValue
 * validity). A field that declares no valid values has every present value valid. The argument must
 * be a FieldRef whose declaration is known (not a function's parameter).
 */
function readValidity(fn: "isValid" | "isNotValid", e: XmlElement, argElements: XmlElement[], args: Node[], env: Env): Node {
  if (argElements.length !== 1) env.fail(e, `${fn} takes one field, found ${argElements.length} arguments`);
  const ref = argElements[0]!;
  const name = ref.attrs.field;
  if (ref.name !== "FieldRef" || name === undefined) env.fail(e, `${fn} of an expression (not a FieldRef) is not supported: validity is a field's`);
  if (ref.attrs.mapMissingTo !== undefined) env.fail(e, `${fn} of a FieldRef with mapMissingTo is not supported`);
  const validity = env.validity?.(name, e) ?? null;
  if (validity === null) env.fail(e, `${fn} of "${name}", whose valid values are not known here (a function's parameter), is not supported`);
  const value = args[0]!;
  if (validity === "unrestricted") return fn === "isValid" ? apply("isNotMissing", value) : constNode("boolean", false);
  const valid: Node = { op: "col", column: validity.column };
  return fn === "isValid" ? apply("isNotMissing", valid) : apply("and", apply("isNotMissing", value), apply("isMissing", valid));
}

/** A DefineFunction's body with its ParameterFields bound to the arguments, converted to its dataType. */
function inlineFunction(def: XmlElement, args: Node[], call: XmlElement, env: Env, hint: string): Node {
  const params = children(def, "ParameterField");
  if (params.length !== args.length) env.fail(call, `the function ${def.attrs.name} takes ${params.length} arguments, found ${args.length}`);
  const bound = new Map<string, Node>();
  params.forEach((p, i) => {
    let a = args[i]!;
    const k = exprKindOfDataType(p.attrs.dataType);
    if (p.attrs.dataType !== undefined && k === null) env.fail(def, `ParameterField dataType="${p.attrs.dataType}" is not supported`);
    if (k !== null && nodeKind(a, env.builder, call) !== k) a = { op: "cast", type: k, arg: a };
    bound.set(p.attrs.name ?? "", a);
  });
  const depth = (env as { depth?: number }).depth ?? 0;
  if (depth > 32) env.fail(def, "user-defined functions nest more than 32 deep (a recursive definition?)");
  const inner: Env & { depth: number } = {
    builder: env.builder,
    functions: env.functions,
    depth: depth + 1,
    fail: (w, c) => env.fail(w, c),
    ref(name, where) {
      const b = bound.get(name);
      if (b === undefined) return env.fail(where, `"${name}" is not a parameter of the function ${def.attrs.name}`);
      return b;
    },
    column(name, where) {
      return materialize(this.ref(name, where), env.builder, hint, where);
    },
  };
  const body = expressionChild(def);
  if (body === undefined) env.fail(def, "the function has no expression");
  let node: Node;
  try {
    node = readExpression(body, inner, hint);
  } catch (e) {
    // Say in which function the construct is (its body is read once per call).
    if (e instanceof PmmlUnsupported && !e.message.includes("(in DefineFunction")) throw new PmmlUnsupported(`${e.message} (in DefineFunction '${def.attrs.name}')`);
    throw e;
  }
  const k = exprKindOfDataType(def.attrs.dataType);
  if (def.attrs.dataType !== undefined && k === null) env.fail(def, `dataType="${def.attrs.dataType}" is not supported`);
  if (k !== null && nodeKind(node, env.builder, def) !== k) {
    node = { op: "cast", type: k, arg: node };
    nodeKind(node, env.builder, def);
  }
  return node;
}

function readFieldRef(e: XmlElement, env: Env): Node {
  const field = e.attrs.field;
  if (field === undefined) env.fail(e, "a FieldRef needs a field");
  return withMapMissingTo(env.ref(field, e), e.attrs.mapMissingTo, e, env);
}

function readNormContinuous(e: XmlElement, env: Env, hint: string): Node {
  const field = e.attrs.field;
  if (field === undefined) env.fail(e, "NormContinuous needs a field");
  const points = children(e, "LinearNorm").map((n) => {
    const orig = parseNumber(n.attrs.orig ?? "");
    const norm = parseNumber(n.attrs.norm ?? "");
    if (orig === null || norm === null) env.fail(e, "LinearNorm needs numbers orig and norm");
    return { orig: realOf(orig), norm: realOf(norm) };
  });
  if (points.length < 2) env.fail(e, `NormContinuous with ${points.length} LinearNorm element${points.length === 1 ? "" : "s"} is not supported (two or more)`);
  const outliers = e.attrs.outliers ?? "asIs";
  if (!["asIs", "asMissingValues", "asExtremeValues"].includes(outliers)) env.fail(e, `outliers="${outliers}" is not supported`);
  let mapMissingTo: number | null = null;
  if (e.attrs.mapMissingTo !== undefined) {
    mapMissingTo = parseNumber(e.attrs.mapMissingTo);
    if (mapMissingTo === null) env.fail(e, `mapMissingTo="${e.attrs.mapMissingTo}" is not a number`);
  }
  const input = env.column(field, e);
  const params = { points, outliers, mapMissingTo: mapMissingTo === null ? null : realOf(mapMissingTo) };
  return { op: "col", column: env.builder.add("normContinuous", [input], [hint], params, e)[0]! };
}

function readNormDiscrete(e: XmlElement, env: Env): Node {
  const field = e.attrs.field;
  const value = e.attrs.value;
  if (field === undefined || value === undefined) env.fail(e, "NormDiscrete needs a field and a value");
  if (e.attrs.method !== undefined && e.attrs.method !== "indicator") env.fail(e, `method="${e.attrs.method}" is not supported`);
  const x = env.ref(field, e);
  const kind = nodeKind(x, env.builder, e);
  const v = parseValue(kind, value);
  // A value that is not of the field's type matches nothing: the indicator is 0 for every present value.
  const test: Node = v === null ? apply("not", apply("isMissing", x)) : apply("equal", x, constNode(kind, v));
  const body: Node =
    v === null
      ? { op: "apply", fn: "if", args: [apply("isMissing", x), constNode("double", null), constNode("double", 0)] }
      : { op: "apply", fn: "if", args: [test, constNode("double", 1), constNode("double", 0)] };
  if (e.attrs.mapMissingTo === undefined) return body;
  const m = parseNumber(e.attrs.mapMissingTo);
  if (m === null) env.fail(e, `mapMissingTo="${e.attrs.mapMissingTo}" is not a number`);
  return { op: "apply", fn: "if", args: [apply("isMissing", x), constNode("double", m), body] };
}

/** A scalar of an output kind, as a bucketize/valueMap parameter. */
function scalarOf(kind: ExprKind, text: string, where: XmlElement, what: string, env: Env): Scalar {
  const v = parseValue(kind, text);
  if (v === null) env.fail(where, `${what} "${text}" is not a ${kind}`);
  return typeof v === "number" ? realOf(v) : v;
}

function readDiscretize(e: XmlElement, env: Env, hint: string, declared: ExprKind | null): Node {
  const field = e.attrs.field;
  if (field === undefined) env.fail(e, "Discretize needs a field");
  const kind = exprKindOfDataType(e.attrs.dataType) ?? declared ?? "string";
  if (kind === "long") env.fail(e, "a long result is not supported");
  const bins: DiscretizeBin[] = children(e, "DiscretizeBin").map((b) => {
    const interval = child(b, "Interval");
    if (interval === undefined || b.attrs.binValue === undefined) env.fail(e, "a DiscretizeBin needs an Interval and a binValue");
    const i = readInterval(interval, e, (w, c) => env.fail(w, c));
    return { closure: i.closure, left: i.left, right: i.right, value: scalarOf(kind, b.attrs.binValue, e, "binValue", env) };
  });
  const opt = (text: string | undefined, what: string) => (text === undefined ? null : scalarOf(kind, text, e, what, env));
  const params = { kind: "intervals", bins, outputType: kind, defaultValue: opt(e.attrs.defaultValue, "defaultValue"), mapMissingTo: opt(e.attrs.mapMissingTo, "mapMissingTo") };
  return { op: "col", column: env.builder.add("bucketize", [env.column(field, e)], [hint], params, e)[0]! };
}

function readMapValues(e: XmlElement, env: Env, hint: string, declared: ExprKind | null): Node {
  const output = e.attrs.outputColumn;
  if (output === undefined) env.fail(e, "MapValues needs an outputColumn");
  const kind = exprKindOfDataType(e.attrs.dataType) ?? declared ?? "string";
  if (child(e, "TableLocator") !== undefined) env.fail(e, "TableLocator (a table outside the document) is not supported");
  const table = child(e, "InlineTable");
  if (table === undefined) env.fail(e, "MapValues needs an InlineTable");
  const pairs = children(e, "FieldColumnPair").map((p) => {
    if (p.attrs.field === undefined || p.attrs.column === undefined) env.fail(e, "a FieldColumnPair needs a field and a column");
    return { column: p.attrs.column, input: env.column(p.attrs.field, e) };
  });
  if (pairs.length === 0) env.fail(e, "MapValues needs at least one FieldColumnPair");
  const keyKinds = pairs.map((p) => {
    const k = exprKindOf(env.builder.typeOf(p.input));
    if (k === null) env.fail(e, "MapValues keys must be numbers, strings or booleans");
    return k;
  });
  const rows: { keys: Scalar[]; value: Scalar | null }[] = [];
  for (const row of children(table, "row")) {
    const cell = (name: string): string | undefined => row.children.find((c) => c.name === name)?.rawText;
    const keys: Scalar[] = [];
    let matchable = true;
    pairs.forEach((p, i) => {
      const raw = cell(p.column);
      // Spaces are part of a string cell's value; numbers and booleans are read without them.
      const text = keyKinds[i] === "string" ? raw : raw?.trim();
      const v = text === undefined ? null : parseValue(keyKinds[i]!, text);
      // A key that is not a value of its column's type can never match (jpmml-evaluator compares by the field's type).
      if (v === null) matchable = false;
      else keys.push(typeof v === "number" ? realOf(v) : v);
    });
    if (!matchable) continue;
    const rawOut = cell(output);
    const out = kind === "string" ? rawOut : rawOut?.trim();
    rows.push({ keys, value: out === undefined ? null : scalarOf(kind, out, e, `the ${output} cell`, env) });
  }
  const opt = (text: string | undefined, what: string) => (text === undefined ? null : scalarOf(kind, text, e, what, env));
  const params = { rows, outputType: kind, defaultValue: opt(e.attrs.defaultValue, "defaultValue"), mapMissingTo: opt(e.attrs.mapMissingTo, "mapMissingTo") };
  return { op: "col", column: env.builder.add("valueMap", pairs.map((p) => p.input), [hint], params, e)[0]! };
}

/**
 * An expression element as a Node. `hint` names the columns made on the way; `declared` is the type
 * the result is declared to have (a DerivedField's dataType), which MapValues and Discretize use for
 * their values when they do not say.
 */
export function readExpression(e: XmlElement, env: Env, hint: string, declared: ExprKind | null = null): Node {
  switch (e.name) {
    case "Constant":
      if (temporalKindOf(e.attrs.dataType) !== null) {
        return env.fail(e, `a Constant of dataType="${e.attrs.dataType}" is supported only as an argument of dateDaysSinceYear, dateSecondsSinceYear, dateSecondsSinceMidnight and of comparisons with a value of its type`);
      }
      return readConstant(e, env);
    case "FieldRef":
      return readFieldRef(e, env);
    case "Apply":
      return readApply(e, env, hint);
    case "NormContinuous":
      return readNormContinuous(e, env, hint);
    case "NormDiscrete":
      return readNormDiscrete(e, env);
    case "Discretize":
      return readDiscretize(e, env, hint, declared);
    case "MapValues":
      return readMapValues(e, env, hint, declared);
    case "TextIndex":
      return readTextIndex(e, env, hint);
    case "Aggregate":
      return env.fail(e, "Aggregate (which reads other records) is not supported");
    case "Lag":
      return env.fail(e, "Lag (which reads earlier records) is not supported");
    default:
      return env.fail(e, `${e.name} is not an expression`);
  }
}

/** A field's declaration as FieldInfo (DerivedField, OutputField). */
export function infoOf(name: string, dataType: string, optype: string, values: string[] = []): FieldInfo {
  return { name, dataType, optype, values };
}

/** The IR column type's kind, for messages and checks. */
export function kindOfColumn(builder: PipelineBuilder, column: string): ExprKind | null {
  return exprKindOf(nonNull(builder.typeOf(column)));
}

/** A model scope as an expression environment (model readers reading FieldRefs and Applies). */
export function envOf(scope: ModelScope): Env {
  const s = scope as Partial<Env> & ModelScope;
  if (typeof s.ref === "function" && s.functions !== undefined) return s as Env;
  return {
    builder: scope.builder,
    functions: new Map(),
    fail: (w, c) => scope.fail(w, c),
    ref: (name, where) => ({ op: "col", column: scope.column(name, where) }),
    column: (name, where) => scope.column(name, where),
    field: (name) => scope.field(name),
  };
}

// ---------------------------------------------------------------------------------------------
// TextIndex

/** Java's `\w` and `\s` (without UNICODE_CHARACTER_CLASS: ASCII only) as POSIX bracket expressions. */
const JAVA_WORD = "[A-Za-z0-9_]";
const JAVA_SPACE = "[ \t\n\u000b\f\r]";

/** Java's tokenizing patterns that have an exact POSIX translation (on the texts jpmml-evaluator reads). */
const WORD_RES: Record<string, string> = {
  "\\w+": `${JAVA_WORD}+`,
  // Whole runs of two or more word characters; `\b` taken as JDK 19+ defines it (consistent with `\w`).
  "\\b\\w\\w+\\b": `${JAVA_WORD}${JAVA_WORD}+`,
  "(?u)\\b\\w\\w+\\b": `${JAVA_WORD}${JAVA_WORD}+`,
};
const SEPARATOR_RES: Record<string, string> = { "\\s+": `${JAVA_SPACE}+`, "\\s": JAVA_SPACE };

/** The characters that Java's CASE_INSENSITIVE | UNICODE_CASE matching equates with an ASCII letter. */
function caseVariants(c: string): string {
  const lower = c.toLowerCase();
  const extra = lower === "k" ? "\u212a" : lower === "s" ? "\u017f" : lower === "i" ? "\u0130\u0131" : "";
  return `[${lower}${lower.toUpperCase()}${extra}]`;
}

/** The text and term tokens of PMML TextIndexes already made, by builder: one tokens step per text and tokenizer. */
const tokenColumns = new WeakMap<PipelineBuilder, Map<string, string>>();

function attrBoolean(e: XmlElement, name: string, env: Env): boolean | undefined {
  const v = e.attrs[name];
  if (v === undefined) return undefined;
  if (v !== "true" && v !== "false") env.fail(e, `${name}="${v}" is not a boolean`);
  return v === "true";
}

function readTextIndex(e: XmlElement, env: Env, hint: string): Node {
  const textField = e.attrs.textField;
  if (textField === undefined) env.fail(e, "TextIndex needs a textField");
  if (attrBoolean(e, "tokenize", env) === false) env.fail(e, 'TextIndex tokenize="false" is not supported');
  const distance = e.attrs.maxLevenshteinDistance ?? "0";
  if (distance !== "0") env.fail(e, `TextIndex maxLevenshteinDistance="${distance}" is not supported`);
  const countHits = e.attrs.countHits ?? "allHits";
  // With no Levenshtein distance every hit is a best hit.
  if (countHits !== "allHits" && countHits !== "bestHits") env.fail(e, `TextIndex countHits="${countHits}" is not supported`);
  const weights = e.attrs.localTermWeights ?? "termFrequency";
  if (weights !== "termFrequency" && weights !== "binary" && weights !== "logarithmic") env.fail(e, `TextIndex localTermWeights="${weights}" is not supported`);
  const caseSensitive = attrBoolean(e, "isCaseSensitive", env) ?? false;

  let tokenizer: TextTokenizer;
  const wordRE = e.attrs["x-wordRE"] ?? e.attrs.wordRE;
  if (wordRE !== undefined) {
    const p = WORD_RES[wordRE];
    if (p === undefined) env.fail(e, `TextIndex word pattern "${wordRE}" is not supported`);
    tokenizer = { kind: "match", pattern: p };
  } else {
    const sep = e.attrs.wordSeparatorCharacterRE ?? "\\s+";
    const p = SEPARATOR_RES[sep];
    if (p === undefined) env.fail(e, `TextIndex wordSeparatorCharacterRE="${sep}" is not supported`);
    tokenizer = { kind: "split", pattern: p };
  }
  const normalizations = children(e, "TextIndexNormalization").map((n) => readTextIndexNormalization(n, caseSensitive, env));

  const termElement = expressionChild(e);
  if (termElement === undefined) env.fail(e, "TextIndex needs a term expression");
  const term = readExpression(termElement, env, hint);
  if (term.op !== "const" || term.type !== "string" || typeof term.value !== "string") env.fail(e, "TextIndex with a term that is not a string constant is not supported");
  let termTokens = textTokens({ normalizations: [], tokenizer, foldCase: false }, term.value);
  if (!caseSensitive) {
    // Case-insensitive comparison is exact for ASCII terms (the text's tokens are folded to match).
    if (termTokens.some((t) => [...t].some((c) => c.charCodeAt(0) > 0x7f))) env.fail(e, `TextIndex: case-insensitive matching of the non-ASCII term "${term.value}" is not supported`);
    termTokens = textTokens({ normalizations: [], tokenizer, foldCase: true }, term.value);
  }

  const text = env.column(textField, e);
  const tokensParams: TextTokensParams = { stage: "tokens", normalizations, tokenizer, foldCase: !caseSensitive };
  const key = `${text}\u0000${JSON.stringify(tokensParams)}`;
  let byKey = tokenColumns.get(env.builder);
  if (byKey === undefined) tokenColumns.set(env.builder, (byKey = new Map()));
  let tokens = byKey.get(key);
  if (tokens === undefined) {
    tokens = env.builder.add("textIndex", [text], [`${text}:tokens`], tokensParams, e)[0]!;
    byKey.set(key, tokens);
  }
  const countParams: TextCountParams = { stage: "count", term: termTokens, localTermWeights: weights };
  return { op: "col", column: env.builder.add("textIndex", [tokens], [hint], countParams, e)[0]! };
}

function readTextIndexNormalization(n: XmlElement, caseSensitiveIndex: boolean, env: Env): TextNormalization {
  for (const a of ["wordRE", "x-wordRE", "wordSeparatorCharacterRE", "tokenize"]) {
    if (n.attrs[a] !== undefined) env.fail(n, `TextIndexNormalization ${a} is not supported`);
  }
  const distance = n.attrs.maxLevenshteinDistance ?? "0";
  if (distance !== "0") env.fail(n, `TextIndexNormalization maxLevenshteinDistance="${distance}" is not supported`);
  const caseSensitive = attrBoolean(n, "isCaseSensitive", env) ?? caseSensitiveIndex;
  const recursive = attrBoolean(n, "recursive", env) ?? false;
  const table = child(n, "InlineTable");
  if (table === undefined) env.fail(n, "TextIndexNormalization without an InlineTable is not supported");
  const inField = n.attrs.inField ?? "string";
  const outField = n.attrs.outField ?? "stem";
  const regexField = n.attrs.regexField ?? "regex";
  const rows = children(table, "row").map((row) => {
    const cell = (name: string): string | undefined => row.children.find((c) => c.name === name)?.text;
    const pattern = cell(inField);
    // The replacement as written, blanks included (they separate the words the replacement leaves).
    const replacement = row.children.find((c) => c.name === outField)?.rawText;
    if (pattern === undefined || replacement === undefined) env.fail(row, `a normalization row needs ${inField} and ${outField}`);
    if ((cell(regexField) ?? "").toLowerCase() !== "true") env.fail(row, "TextIndexNormalization: a row that is not a regular expression is not supported");
    // `\b(word|word|...)\b`: whole words replaced; Java's leftmost-first and POSIX's leftmost-longest
    // matching agree on it, as do Java's and the engine's `\b` on ASCII text.
    const m = /^\\b\(([A-Za-z0-9_]+(?:\|[A-Za-z0-9_]+)*)\)\\b$/.exec(pattern);
    if (m === null) env.fail(row, `TextIndexNormalization: the pattern ${JSON.stringify(pattern.slice(0, 60))} is not supported (only \\b(word|...)\\b is)`);
    const words = m[1]!.split("|").map((w) => (caseSensitive ? w : [...w].map((c) => (/[A-Za-z]/.test(c) ? caseVariants(c) : c)).join("")));
    // Java's replaceAll reads `$n` and `\\` in a replacement; a literal one means the same everywhere.
    if (/[$\\]/.test(replacement)) env.fail(row, `TextIndexNormalization: the replacement ${JSON.stringify(replacement.slice(0, 60))} refers to groups or escapes ($ or \\), which is not supported`);
    return { pattern: `\\b(${words.join("|")})\\b`, replacement, words: m[1]!.split("|") };
  });
  // Applied again until nothing changes, a replacement that brings back a word it replaces may never end.
  if (recursive) {
    for (const r of rows) {
      const again = rows.find((other) => other.words.some((w) => new RegExp(`\\b${w}\\b`, caseSensitive ? "" : "i").test(r.replacement)));
      if (again !== undefined) env.fail(n, `TextIndexNormalization: recursive, and the replacement ${JSON.stringify(r.replacement)} contains a word it replaces, so it may never end`);
    }
  }
  return { rows: rows.map(({ pattern, replacement }) => ({ pattern, replacement })), recursive };
}
