/**
 * What a model's prediction becomes: the Targets element (applied to the model's own result, nested
 * models included) and the Output element's fields.
 *
 * Targets (PMML 4.4 "Targets", in jpmml-evaluator's order):
 * - regression: a missing prediction takes TargetValue@defaultValue (the only TargetValue); then the
 *   value is limited to [min, max] (NaN stays NaN), multiplied by rescaleFactor, rescaleConstant added,
 *   rounded by castInteger (round: half up; ceiling; floor); the value is a double (a float for a
 *   float target, an int for an integer target with castInteger: a regression of an integer target
 *   is not rounded unless castInteger says so);
 * - classification: a missing prediction takes the TargetValues' priorProbability (normalised to sum 1)
 *   as its probabilities and their most probable value as the prediction.
 *
 * Output: each OutputField is a column named after it, of its dataType when it declares one, read from
 * the model's result by its feature: predictedValue, predictedDisplayValue (TargetValue@displayValue,
 * or the model's own), probability (of a category, or of the predicted one), transformedValue and
 * decision (an expression over the model's fields and the other output fields), and whatever else the
 * model reader provides (entityId, clusterId, affinity, clusterAffinity, entityAffinity, reasonCode with
 * its rank, ruleValue, confidence, standardError, ...). A feature the model does not provide is refused.
 */
import type { ExprConst, ExprKind } from "../../src/ir/ops/expr.js";
import { isNumeric } from "../../src/ir/types.js";
import { apply, constNode, exprKindOfDataType, expressionChild, materialize, nodeKind, readExpression, type Env, type Node } from "./expressions.js";
import { exprKindOf, parseNumber, parseValue, sameCategory } from "./fields.js";
import type { FieldInfo, ModelResult } from "./model.js";
import { child, children, type XmlElement } from "./xml.js";

/**
 * An OutputField of a nested model that jpmml-evaluator counts among the results of the whole model:
 * those of a modelChain's last segment and of a selectFirst's selected segment (recursively), next to
 * the model's own OutputFields. `column` computes it (when first asked for).
 */
export interface FinalOutput {
  name: string;
  column: () => string;
}

/**
 * A model's results besides its prediction, by the ModelResult the document reader returns for it
 * (ModelScope.nested): its own OutputFields and those its reader carried over (carriedOutputs).
 */
export const resultFields = new WeakMap<ModelResult, FinalOutput[]>();

/**
 * The segments' result fields a model reader counts among its own model's (see FinalOutput), by the
 * ModelResult the reader returns: the MiningModel reader carries those of its last (modelChain) or
 * selected (selectFirst) segment over. A reader that sets nothing carries nothing over.
 */
export const carriedOutputs = new WeakMap<ModelResult, FinalOutput[]>();

/** What output.ts needs of a model scope. */
export interface OutputScope extends Env {
  readonly target: FieldInfo | null;
  /** Registers an output field in the scope (computed when first read, or now). */
  define(name: string, info: FieldInfo, compute: () => string): void;
  /** The column of a field defined in the scope (computing it if needed). */
  column(name: string, where: XmlElement): string;
  /** A field's observed value (the target's own input value, not the prediction its name stands for in the Output). */
  observed(name: string, where: XmlElement): Node;
}

function col(column: string): Node {
  return { op: "col", column };
}

/** The Target element that applies to the model's target (or the only one). */
function targetElement(model: XmlElement, target: FieldInfo | null): XmlElement | undefined {
  const targets = child(model, "Targets");
  if (targets === undefined) return undefined;
  const all = children(targets, "Target");
  const named = all.find((t) => t.attrs.field !== undefined && t.attrs.field === target?.name);
  if (named !== undefined) return named;
  return all.find((t) => t.attrs.field === undefined) ?? (all.length === 1 && target === null ? all[0] : undefined);
}

function num(t: XmlElement, attr: string, scope: OutputScope): number | null {
  const text = t.attrs[attr];
  if (text === undefined) return null;
  const x = parseNumber(text);
  if (x === null) scope.fail(t, `${attr}="${text}" is not a number`);
  return x;
}

/** The model's result after its Targets element. */
export function applyTargets(scope: OutputScope, model: XmlElement, result: ModelResult): ModelResult {
  const target = scope.target;
  const t = targetElement(model, target);
  const b = scope.builder;
  const predictedType = b.typeOf(result.predicted);
  const targetKind = exprKindOfDataType(target?.dataType);
  const regression = result.functionName === "regression";
  if (regression && isNumeric(predictedType)) {
    let node: Node = col(result.predicted);
    let changed = false;
    if (t !== undefined) {
      const values = children(t, "TargetValue");
      const defaults = values.filter((v) => v.attrs.defaultValue !== undefined);
      if (defaults.length > 0) {
        if (values.length !== 1) scope.fail(t, "a regression target takes one TargetValue with a defaultValue");
        const d = num(defaults[0]!, "defaultValue", scope)!;
        node = { op: "apply", fn: "if", args: [apply("isMissing", node), constNode("double", d), node] };
        changed = true;
      }
      const min = num(t, "min", scope);
      const max = num(t, "max", scope);
      if (min !== null || max !== null) {
        let clamped: Node = node;
        if (max !== null) clamped = { op: "apply", fn: "if", args: [apply("greaterThan", node, constNode("double", max)), constNode("double", max), clamped] };
        if (min !== null) clamped = { op: "apply", fn: "if", args: [apply("lessThan", node, constNode("double", min)), constNode("double", min), clamped] };
        // NaN stays NaN (it equals nothing, itself included).
        node = { op: "apply", fn: "if", args: [apply("equal", node, node), clamped, node] };
        changed = true;
      }
      const factor = num(t, "rescaleFactor", scope);
      if (factor !== null && factor !== 1) {
        node = apply("*", node, constNode("double", factor));
        changed = true;
      }
      const constant = num(t, "rescaleConstant", scope);
      if (constant !== null && constant !== 0) {
        node = apply("+", node, constNode("double", constant));
        changed = true;
      }
      const cast = t.attrs.castInteger;
      if (cast !== undefined) {
        const fn = { round: "round", ceiling: "ceil", floor: "floor" }[cast];
        if (fn === undefined) scope.fail(t, `castInteger="${cast}" is not supported`);
        node = apply(fn, node);
        changed = true;
      }
    }
    // The value is a double (a float for a float target; an int when castInteger makes an integer
    // target's value whole). A regression of an integer target is not rounded without castInteger.
    const castInteger = t?.attrs.castInteger !== undefined;
    const kind: ExprKind = targetKind === "float" ? "float" : targetKind === "int" && castInteger ? "int" : "double";
    if (!changed && exprKindOf(predictedType) === kind) return result;
    if (changed && node.op === "apply") nodeKind(node, b, t ?? model);
    const predicted = materialize(node, b, target?.name ?? "predicted", t ?? model, kind);
    return { ...result, predicted };
  }
  // Rescaling applies to regressions only (jpmml-evaluator ignores it elsewhere).
  if (t === undefined || result.functionName !== "classification") return result;
  const priors = children(t, "TargetValue").filter((v) => v.attrs.priorProbability !== undefined);
  if (priors.length === 0) return result;
  const probs = priors.map((v) => ({ value: v.attrs.value ?? scope.fail(v, "a TargetValue with a priorProbability needs a value"), p: num(v, "priorProbability", scope)! }));
  const sum = probs.reduce((a, x) => a + x.p, 0);
  if (sum === 0) scope.fail(t, "the prior probabilities sum to 0");
  const normal = probs.map((x) => ({ value: x.value, p: sum === 1 ? x.p : x.p / sum }));
  let best = normal[0]!;
  for (const x of normal) if (x.p > best.p) best = x;
  const predictedKind = exprKindOf(predictedType);
  if (predictedKind === null) scope.fail(t, "the prediction is not a label");
  const label = parseValue(predictedKind, best.value);
  if (label === null) scope.fail(t, `the category "${best.value}" is not a ${predictedKind}`);
  const missing = apply("isMissing", col(result.predicted));
  const predicted = materialize({ op: "apply", fn: "if", args: [missing, constNode(predictedKind, label), col(result.predicted)] }, b, target?.name ?? "predicted", t);
  let probabilities = result.probabilities;
  if (probabilities !== undefined) {
    const out = new Map<string, string>();
    for (const [category, column] of probabilities) {
      const prior = normal.find((x) => sameCategory(target, x.value, category));
      const p = prior?.p ?? 0;
      out.set(category, materialize({ op: "apply", fn: "if", args: [missing, constNode("double", p), col(column)] }, b, `probability(${category})`, t));
    }
    probabilities = out;
  }
  return { ...result, predicted, ...(probabilities === undefined ? {} : { probabilities }) };
}

/** The probability column of a category (the text of an OutputField@value). */
function probabilityOf(result: ModelResult, target: FieldInfo | null, value: string): string | undefined {
  if (result.probabilities === undefined) return undefined;
  const exact = result.probabilities.get(value);
  if (exact !== undefined) return exact;
  for (const [category, column] of result.probabilities) if (sameCategory(target, category, value)) return column;
  return undefined;
}

/** A label constant of the predicted column's kind for a category text; null when it cannot be one. */
function labelConst(kind: ExprKind, text: string): ExprConst | null {
  const v = parseValue(kind, text);
  return v === null ? null : constNode(kind, v);
}

/** An if-chain over the predicted label: `pairs` maps a category to a node; `otherwise` for the rest. */
function byLabel(predicted: string, kind: ExprKind, pairs: [string, Node][], otherwise: Node): Node {
  let out = otherwise;
  for (let i = pairs.length - 1; i >= 0; i--) {
    const [category, node] = pairs[i]!;
    const c = labelConst(kind, category);
    if (c === null) continue;
    out = { op: "apply", fn: "if", args: [apply("equal", col(predicted), c), node, out] };
  }
  return out;
}

/** The TargetValue displayValues of the model's target. */
function displayValues(model: XmlElement, target: FieldInfo | null): [string, string][] {
  const t = targetElement(model, target);
  if (t === undefined) return [];
  return children(t, "TargetValue")
    .filter((v) => v.attrs.value !== undefined && v.attrs.displayValue !== undefined)
    .map((v) => [v.attrs.value!, v.attrs.displayValue!]);
}

/** One OutputField's value as a node. */
function outputNode(of: XmlElement, scope: OutputScope, model: XmlElement, result: ModelResult): Node {
  const feature = of.attrs.feature ?? "predictedValue";
  const value = of.attrs.value;
  const b = scope.builder;
  const fromFeatures = (key: string): Node | null => {
    const c = result.features.get(key);
    return c === undefined ? null : col(c);
  };
  const notProvided = (): never => scope.fail(of, `feature="${feature}"${value === undefined ? "" : ` value="${value}"`} is not provided by ${model.name}`);
  if (of.attrs.segmentId !== undefined) scope.fail(of, "segmentId (the output of one segment) is not supported");
  if (of.attrs.targetField !== undefined && scope.target !== null && of.attrs.targetField !== scope.target.name) {
    return fromFeatures(`${feature}:${of.attrs.targetField}`) ?? scope.fail(of, `targetField="${of.attrs.targetField}" (a second target) is not supported`);
  }
  switch (feature) {
    case "predictedValue":
      return col(result.predicted);
    case "predictedDisplayValue": {
      const own = fromFeatures("predictedDisplayValue");
      if (own !== null) return own;
      const kind = exprKindOf(b.typeOf(result.predicted));
      if (kind !== "string") {
        if (kind === "int" || kind === "long") return apply("concat", constNode("string", ""), col(result.predicted));
        return scope.fail(of, `predictedDisplayValue of a ${kind ?? "non-scalar"} prediction is not supported`);
      }
      const pairs = displayValues(model, scope.target).map(([v, d]): [string, Node] => [v, constNode("string", d)]);
      return byLabel(result.predicted, kind, pairs, col(result.predicted));
    }
    case "probability": {
      if (value !== undefined) {
        const c = probabilityOf(result, scope.target, value);
        if (c !== undefined) return col(c);
        const own = fromFeatures(`probability:${value}`);
        if (own !== null) return own;
        if (result.probabilities !== undefined && result.probabilities.size > 0) {
          // A category the model never predicts has probability 0 (jpmml-evaluator).
          if (scope.target !== null && scope.target.values.length > 0 && !scope.target.values.some((v) => sameCategory(scope.target, v, value))) {
            return scope.fail(of, `value="${value}" is not a category of the target ${scope.target.name}`);
          }
          return { op: "apply", fn: "if", args: [apply("isMissing", col(result.predicted)), constNode("double", null), constNode("double", 0)] };
        }
        return notProvided();
      }
      const own = fromFeatures("probability");
      if (own !== null) return own;
      if (result.probabilities === undefined) return notProvided();
      const kind = exprKindOf(b.typeOf(result.predicted));
      if (kind === null) return notProvided();
      return byLabel(result.predicted, kind, [...result.probabilities].map(([c, column]): [string, Node] => [c, col(column)]), constNode("double", null));
    }
    case "transformedValue":
    case "decision": {
      const e = expressionChild(of);
      if (e !== undefined) return readExpression(e, scope, of.attrs.name ?? feature, exprKindOfDataType(of.attrs.dataType));
      return fromFeatures(feature) ?? notProvided();
    }
    case "residual":
      return residual(of, scope, result);
    case "warning":
    case "report":
    case "x-report":
      return scope.fail(of, `feature="${feature}" is not supported`);
    case "reasonCode": {
      const rank = of.attrs.rank ?? "1";
      return fromFeatures(`reasonCode:${rank}`) ?? notProvided();
    }
    case "clusterAffinity":
    case "entityAffinity":
    case "affinity":
      return (value === undefined ? null : fromFeatures(`affinity:${value}`)) ?? (value === undefined ? (fromFeatures(feature) ?? fromFeatures("affinity")) : null) ?? notProvided();
    default: {
      if (of.attrs.rank !== undefined && of.attrs.rank !== "1") return fromFeatures(`${feature}:${of.attrs.rank}`) ?? notProvided();
      return (value === undefined ? fromFeatures(feature) : fromFeatures(`${feature}:${value}`)) ?? notProvided();
    }
  }
}

/**
 * The residual: the observed target (read as an input) minus the prediction; for a category (value),
 * 1 or 0 (observed is that category or not) minus its probability. Missing when the observation is.
 */
function residual(of: XmlElement, scope: OutputScope, result: ModelResult): Node {
  const target = scope.target;
  if (target === null) return scope.fail(of, 'feature="residual" needs a target field');
  const observed = scope.observed(target.name, of);
  const value = of.attrs.value;
  if (result.functionName === "regression") return apply("-", observed, col(result.predicted));
  if (value === undefined) return scope.fail(of, 'feature="residual" of a classification needs a value');
  const p = probabilityOf(result, target, value);
  if (p === undefined) return scope.fail(of, `feature="residual" value="${value}": the model gives no probability of "${value}"`);
  const kind = nodeKind(observed, scope.builder, of);
  const c = labelConst(kind, value);
  const hit: Node = c === null ? constNode("double", 0) : { op: "apply", fn: "if", args: [apply("equal", observed, c), constNode("double", 1), constNode("double", 0)] };
  return apply("-", hit, col(p));
}

/** An OutputField as a column, of its declared dataType. */
function computeOutputField(of: XmlElement, scope: OutputScope, model: XmlElement, result: ModelResult): string {
  const name = of.attrs.name!;
  // The model reader computed the field itself (and checked its dataType).
  const own = result.features.get(`output:${name}`);
  if (own !== undefined) return own;
  const node = outputNode(of, scope, model, result);
  const b = scope.builder;
  let kind = nodeKind(node, b, of);
  const declared = of.attrs.dataType === undefined ? null : exprKindOfDataType(of.attrs.dataType);
  if (of.attrs.dataType !== undefined && declared === null) scope.fail(of, `dataType="${of.attrs.dataType}" is not supported`);
  let out = node;
  if (declared !== null && declared !== kind) {
    const numeric = (k: ExprKind) => k === "double" || k === "float" || k === "int" || k === "long" || k === "boolean";
    if (declared === "string" && (kind === "int" || kind === "long")) {
      out = apply("concat", constNode("string", ""), node);
      kind = "string";
    } else if (!(numeric(declared) && numeric(kind))) {
      scope.fail(of, `the ${feature(of)} is a ${kind}, which does not convert to dataType="${of.attrs.dataType}"`);
    } else kind = declared;
  }
  return materialize(out, b, name, of, kind);
}

function feature(of: XmlElement): string {
  return of.attrs.feature ?? "predictedValue";
}

/** The FieldInfo of an OutputField. */
function outputInfo(of: XmlElement, scope: OutputScope): FieldInfo {
  let dataType = of.attrs.dataType;
  if (dataType === undefined) {
    const f = feature(of);
    if (f === "predictedValue" || f === "predictedDisplayValue") dataType = f === "predictedValue" ? (scope.target?.dataType ?? "") : "string";
    else if (f === "probability" || f === "affinity" || f === "clusterAffinity" || f === "entityAffinity" || f === "confidence") dataType = "double";
    else dataType = "";
  }
  const values = feature(of) === "predictedValue" ? (scope.target?.values ?? []) : [];
  return { name: of.attrs.name!, dataType, optype: of.attrs.optype ?? "", values };
}

/**
 * Registers the model's OutputFields in the scope (each computed when first read) and returns their
 * names in document order.
 */
export function defineOutputs(scope: OutputScope, model: XmlElement, result: ModelResult): string[] {
  const output = child(model, "Output");
  if (output === undefined) return [];
  const names: string[] = [];
  const seen = new Map<string, XmlElement>();
  for (const of of children(output, "OutputField")) {
    const name = of.attrs.name;
    if (name === undefined) scope.fail(of, "an OutputField needs a name");
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      // The same field written twice (R's pmml package does) is one field; two different ones are refused.
      if (JSON.stringify(earlier) === JSON.stringify(of)) continue;
      scope.fail(of, `the output field "${name}" is defined twice`);
    }
    seen.set(name, of);
    names.push(name);
    scope.define(name, outputInfo(of, scope), () => computeOutputField(of, scope, model, result));
  }
  return names;
}

