/**
 * PMML RuleSetModel: a ruleset's SimpleRules (nested in CompoundRules) with predicates, scores,
 * confidences and weights, through `expr` and `valueMap` steps.
 *
 * Semantics (PMML 4.4 "RuleSet"; where the specification leaves a choice open, as jpmml-evaluator's
 * RuleSetModelEvaluator decides, since it is the reference the corpus was scored with):
 *
 * - A rule fires when its predicate is TRUE (UNKNOWN does not fire); a CompoundRule's rules are tried
 *   only when its own predicate is TRUE. The first RuleSelectionMethod is the one used.
 * - No rule fires: the prediction is RuleSet@defaultScore with defaultConfidence (missing when the
 *   RuleSet has no defaultScore).
 * - firstHit: the first rule that fires (document order) gives the prediction and the confidence; the
 *   confidence of another category is that of its first firing rule.
 * - weightedSum: each category that fired scores Σ weight of its firing rules / the number of firing
 *   rules (all categories); the highest score wins, a tie going to the category that fired first.
 * - weightedMax: each category that fired is represented by its firing rule of the highest weight (the
 *   first of equal weights), and scores that rule's confidence; the highest score wins, a tie going to
 *   the category that fired first. (The specification's wording picks the rule of the highest weight
 *   over all categories; jpmml-evaluator compares the representatives' confidences. They differ only
 *   when weights and confidences rank rules differently.)
 * - The entity (entityId / ruleId) is the winning rule: its `id`, or its 1-based position among all
 *   SimpleRules in document order.
 *
 * Features: "confidence" (of the prediction), "confidence:<category>", "entityId" / "ruleId" (the winning
 * rule). Rules carry no probabilities (ScoreDistribution is informational), so no `probabilities`.
 *
 * This file also holds the expression helpers shared with the Scorecard reader: building one `expr`
 * over several columns from predicates and constants.
 */
import type { Expr, ExprConst, ExprKind } from "../../../src/ir/ops/expr.js";
import type { Scalar, ScalarKind } from "../../../src/ir/ops/feature-util.js";
import type { LabelType } from "../../../src/ir/ops/model-util.js";
import { labelOf, labelTypeOf, parseNumber } from "../fields.js";
import type { ModelReader, ModelScope } from "../model.js";
import { child, type XmlElement } from "../xml.js";

// ---------------------------------------------------------------------------------------------
// Expression helpers (shared with scorecard.ts, baseline.ts, anomaly.ts)

/** The columns one `expr` step reads, growing as expressions over more columns are adopted. */
export class ExprInputs {
  readonly columns: string[] = [];
  private readonly index = new Map<string, number>();

  /** A reference to `column`, as an input of the step. */
  input(column: string): Expr {
    let i = this.index.get(column);
    if (i === undefined) {
      i = this.columns.length;
      this.columns.push(column);
      this.index.set(column, i);
    }
    return { op: "input", index: i };
  }

  /** An expression over its own `inputs` (a predicate from the scope), rewritten over this step's inputs. */
  adopt(x: { expr: Expr; inputs: string[] }): Expr {
    const map = x.inputs.map((c) => (this.input(c) as { index: number }).index);
    return remapInputs(x.expr, map);
  }
}

export function remapInputs(e: Expr, map: readonly number[]): Expr {
  switch (e.op) {
    case "input":
      return { ...e, index: map[e.index]! };
    case "apply":
      return { ...e, args: e.args.map((a) => remapInputs(a, map)) };
    case "cast":
      return { ...e, arg: remapInputs(e.arg, map) };
    default:
      return e;
  }
}

export function constant(type: ExprKind, value: number | string | boolean | null): ExprConst {
  return { op: "const", type, value };
}

export function call(fn: string, ...args: Expr[]): Expr {
  return { op: "apply", fn, args };
}

/** A double constant (NaN and the infinities in PMML's spelling). */
export function dbl(x: number): ExprConst {
  return constant("double", Number.isFinite(x) ? x : Number.isNaN(x) ? "NaN" : x > 0 ? "INF" : "-INF");
}

export function int(x: number): ExprConst {
  return constant("int", x);
}

/** A predicate as "fires": true when TRUE, false when FALSE or UNKNOWN (never missing). */
export function fires(p: Expr): Expr {
  if (p.op === "const" && p.type === "boolean") return constant("boolean", p.value === true || p.value === "true");
  return { op: "apply", fn: "equal", args: [p, constant("boolean", true)], mapMissingTo: constant("boolean", false) };
}

/** `and` of conditions that are never missing (one condition stands alone; none is true). */
export function allOf(conds: readonly Expr[]): Expr {
  const c = conds.filter((x) => !(x.op === "const" && x.value === true));
  if (c.some((x) => x.op === "const" && x.value === false)) return constant("boolean", false);
  if (c.length === 0) return constant("boolean", true);
  return c.length === 1 ? c[0]! : call("and", ...c);
}

export function anyOf(conds: readonly Expr[]): Expr {
  const c = conds.filter((x) => !(x.op === "const" && x.value === false));
  if (c.some((x) => x.op === "const" && x.value === true)) return constant("boolean", true);
  if (c.length === 0) return constant("boolean", false);
  return c.length === 1 ? c[0]! : call("or", ...c);
}

/** if/else-if chain: the value of the first true condition, else `otherwise`. */
export function chain(clauses: readonly (readonly [Expr, Expr])[], otherwise: Expr): Expr {
  let e = otherwise;
  for (let i = clauses.length - 1; i >= 0; i--) {
    const [cond, value] = clauses[i]!;
    if (cond.op === "const" && cond.value === true) e = value;
    else if (cond.op === "const" && cond.value === false) continue;
    else e = call("if", cond, value, e);
  }
  return e;
}

/**
 * The position (1-based, or `positions[i]`) of the first true condition, `none` when none is: the
 * minimum of if(condition, position, none), flat however many conditions there are.
 */
export function firstOf(conds: readonly Expr[], none: number, positions?: readonly number[]): Expr {
  const terms = conds.map((c, i) => call("if", c, int(positions?.[i] ?? i + 1), int(none)));
  return terms.length === 1 ? terms[0]! : call("min", ...terms);
}

/** Adds an `expr` step over `inputs`; returns its column. */
export function addExpr(scope: ModelScope, inputs: ExprInputs, expr: Expr, hint: string, origin: XmlElement | string, type?: ExprKind): string {
  const params = type === undefined ? { expr } : { expr, type };
  return scope.builder.add("expr", [...inputs.columns], [hint], params, origin)[0]!;
}

/**
 * Features made on demand: the steps of a feature are added when the document reader asks for it
 * (`get` or `has`), so that a pipeline holds only what its outputs need.
 */
export class LazyFeatures extends Map<string, string> {
  constructor(private readonly resolve: (key: string) => string | undefined) {
    super();
  }

  override get(key: string): string | undefined {
    let v = super.get(key);
    if (v === undefined) {
      v = this.resolve(key);
      if (v !== undefined) super.set(key, v);
    }
    return v;
  }

  override has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

/** The child element `name`, which the model needs. */
export function need(parent: XmlElement, name: string, scope: ModelScope): XmlElement {
  const c = child(parent, name);
  if (c === undefined) return scope.fail(parent, `has no ${name}`);
  return c;
}

/** The predicate element of a rule, attribute, segment or node (its first predicate child). */
export function predicateOf(e: XmlElement, scope: ModelScope): XmlElement {
  const p = e.children.find((c) => PREDICATES.has(c.name));
  if (p === undefined) return scope.fail(e, "has no predicate");
  return p;
}

const PREDICATES = new Set(["SimplePredicate", "CompoundPredicate", "SimpleSetPredicate", "True", "False"]);

/** A number attribute, `fallback` when absent; refuses text that is not a number. */
export function numberAttr(e: XmlElement, name: string, fallback: number, scope: ModelScope): number;
export function numberAttr(e: XmlElement, name: string, fallback: number | undefined, scope: ModelScope): number | undefined;
export function numberAttr(e: XmlElement, name: string, fallback: number | undefined, scope: ModelScope): number | undefined {
  const s = e.attrs[name];
  if (s === undefined) return fallback;
  const v = parseNumber(s);
  if (v === null) return scope.fail(e, `${name}="${s}" is not a number`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Labels (shared with the other readers of categorical predictions)

/** The target's label type (fields.ts: strings, ints, doubles). */
export function targetLabelType(scope: ModelScope): LabelType {
  return labelTypeOf(scope.target);
}

/** A category as written (score, category) as a label of the target's type; refuses what does not parse. */
export function parseLabel(text: string, where: XmlElement, scope: ModelScope): string | number {
  const v = labelOf(scope.target, text);
  if (v === null) return scope.fail(where, `"${text}" is not a value of the target's type (${scope.target?.dataType ?? "string"})`);
  return v;
}

export function scalarKindOf(type: LabelType): ScalarKind {
  return type;
}

/** A label constant in an expression. */
export function labelConst(v: string | number | null, type: LabelType): ExprConst {
  return constant(type, v);
}

// ---------------------------------------------------------------------------------------------
// RuleSetModel

interface Rule {
  element: XmlElement;
  /** Fires: a boolean expression over `ExprInputs` (never missing). */
  fires: Expr;
  score: string | number;
  /** The category as written (the key of confidence:<category>). */
  key: string;
  confidence: number;
  weight: number;
  id: string;
}

export const readRuleSetModel: ModelReader = (model, scope) => {
  const fn = model.attrs.functionName;
  if (fn !== "classification") scope.fail(model, `functionName="${fn ?? ""}" is not supported (a ruleset is a classifier)`);
  const ruleSet = need(model, "RuleSet", scope);
  const method = need(ruleSet, "RuleSelectionMethod", scope);
  const criterion = method.attrs.criterion;
  if (criterion !== "firstHit" && criterion !== "weightedSum" && criterion !== "weightedMax") scope.fail(method, `criterion="${criterion ?? ""}" is not supported`);

  const labelType = targetLabelType(scope);
  const inputs = new ExprInputs();
  const rules: Rule[] = [];
  const walk = (parent: XmlElement, guard: Expr[]): void => {
    for (const r of parent.children) {
      if (r.name !== "SimpleRule" && r.name !== "CompoundRule") continue;
      const own = fires(inputs.adopt(scope.predicate(predicateOf(r, scope))));
      if (r.name === "CompoundRule") {
        walk(r, [...guard, own]);
        continue;
      }
      const scoreText = r.attrs.score;
      if (scoreText === undefined) return scope.fail(r, "has no score");
      rules.push({
        element: r,
        fires: allOf([...guard, own]),
        score: parseLabel(scoreText, r, scope),
        key: scoreText,
        confidence: numberAttr(r, "confidence", 1, scope),
        weight: numberAttr(r, "weight", 1, scope),
        id: r.attrs.id ?? String(rules.length + 1),
      });
    }
  };
  walk(ruleSet, []);

  const defaultText = ruleSet.attrs.defaultScore;
  const defaultScore = defaultText === undefined ? null : parseLabel(defaultText, ruleSet, scope);
  const defaultConfidence = defaultText === undefined ? null : numberAttr(ruleSet, "defaultConfidence", undefined, scope) ?? null;
  if (defaultText !== undefined && defaultConfidence === null) scope.fail(ruleSet, "has a defaultScore without a defaultConfidence");

  const labelK = labelConst(null, labelType).type;
  const nullDouble = constant("double", null);
  // categories in the order they first appear among the rules
  const keys: string[] = [];
  for (const r of rules) if (!keys.includes(r.key)) keys.push(r.key);
  const defaultKey = defaultText;
  const defaultConf = defaultConfidence === null ? nullDouble : dbl(defaultConfidence);

  if (rules.length === 0) {
    const predicted = addExpr(scope, inputs, labelConst(defaultScore, labelType), "prediction", model, labelK);
    const features = new LazyFeatures((key) => {
      if (key === "confidence" || (defaultKey !== undefined && key === `confidence:${defaultKey}`)) return addExpr(scope, new ExprInputs(), defaultConf, "confidence", model, "double");
      if (key.startsWith("confidence:")) return addExpr(scope, new ExprInputs(), nullDouble, key, model, "double");
      return undefined;
    });
    return { functionName: "classification", predicted, features };
  }

  if (criterion === "firstHit") {
    // the 1-based position of the first rule that fires, n + 1 when none does (a flat minimum: every
    // rule is evaluated, as jpmml-evaluator does, and the PFA stays shallow however many rules there are)
    const none = rules.length + 1;
    const winner = addExpr(scope, inputs, firstOf(rules.map((r) => r.fires), none), "rule", ruleSet, "int");
    const table = <T extends Scalar | null>(values: T[], outputType: ScalarKind, dflt: T, hint: string): string =>
      scope.builder.add("valueMap", [winner], [hint], { rows: values.map((value, i) => ({ keys: [i + 1], value })), outputType, defaultValue: dflt, mapMissingTo: null }, ruleSet)[0]!;
    const predicted = table(rules.map((r) => r.score), scalarKindOf(labelType), defaultScore, "prediction");
    let entity: string | undefined;
    const features = new LazyFeatures((key) => {
      if (key === "confidence") return table(rules.map((r) => r.confidence), "double", defaultConfidence, "confidence");
      if (key === "entityId" || key === "ruleId") return (entity ??= table<string | null>(rules.map((r) => r.id), "string", null, "entityId"));
      if (!key.startsWith("confidence:")) return undefined;
      const cat = key.slice("confidence:".length);
      // a category no rule gives has no confidence (jpmml-evaluator: missing)
      if (!keys.includes(cat) && cat !== defaultKey) return addExpr(scope, new ExprInputs(), nullDouble, `confidence(${cat})`, ruleSet, "double");
      // the confidence of the category's first firing rule
      const clauses = rules.filter((r) => r.key === cat).map((r) => [r.fires, dbl(r.confidence)] as const);
      const otherwise = cat === defaultKey ? call("if", call("equal", inputs.input(winner), int(none)), defaultConf, nullDouble) : nullDouble;
      return addExpr(scope, inputs, chain(clauses, otherwise), `confidence(${cat})`, ruleSet, "double");
    });
    return { functionName: "classification", predicted, features };
  }

  // weightedSum / weightedMax: per category, whether it fired, its value, when it first fired and its
  // representative rule (the first firing rule of the highest weight)
  const count = rules.map((r) => call("if", r.fires, dbl(1), dbl(0))).reduce((a, b) => call("+", a, b), dbl(0) as Expr);
  const cats = keys.map((key) => {
    const own = rules.filter((r) => r.key === key);
    const best = own.map((r, i) =>
      allOf([r.fires, ...own.filter((o, j) => (j < i ? o.weight >= r.weight : j > i ? o.weight > r.weight : false)).map((o) => call("not", o.fires))]),
    );
    const present = addExpr(scope, inputs, anyOf(own.map((r) => r.fires)), `fired(${key})`, ruleSet, "boolean");
    let valueExpr: Expr;
    if (criterion === "weightedSum") {
      const sum = own.map((r) => call("if", r.fires, dbl(r.weight), dbl(0))).reduce((a, b) => call("+", a, b), dbl(0) as Expr);
      valueExpr = call("if", inputs.input(present), call("/", sum, count), nullDouble);
    } else valueExpr = chain(own.map((r, i) => [best[i]!, dbl(r.confidence)] as const), nullDouble);
    const value = addExpr(scope, inputs, valueExpr, `value(${key})`, ruleSet, "double");
    const first = addExpr(scope, inputs, firstOf(own.map((r) => r.fires), rules.length + 1, own.map((r) => rules.indexOf(r) + 1)), `first(${key})`, ruleSet, "int");
    const entity = (): string => addExpr(scope, inputs, chain(own.map((r, i) => [best[i]!, constant("string", r.id)] as const), constant("string", null)), `entity(${key})`, ruleSet, "string");
    return { key, score: own[0]!.score, present, value, first, entity };
  });
  // the winner: fired, and no other fired category scores higher or ties having fired earlier
  const w = new ExprInputs();
  const ref = cats.map((c) => ({ present: w.input(c.present), value: w.input(c.value), first: w.input(c.first) }));
  const wins = cats.map((_c, i) => {
    const me = ref[i]!;
    const beaten = ref
      .filter((_o, j) => j !== i)
      .map((o) => fires(call("and", o.present, call("or", call("greaterThan", o.value, me.value), call("and", call("equal", o.value, me.value), call("lessThan", o.first, me.first))))));
    return allOf([me.present, ...beaten.map((b) => call("not", b))]);
  });
  const winner = addExpr(scope, w, chain(wins.map((c, i) => [c, int(i + 1)] as const), int(0)), "category", ruleSet, "int");
  /** Per winning category (1-based; 0: no rule fired). */
  const pick = (hint: string, value: (x: ExprInputs, i: number) => Expr, otherwise: Expr, type: ExprKind): string => {
    const x = new ExprInputs();
    const win = x.input(winner);
    return addExpr(scope, x, chain(cats.map((_c, i) => [call("equal", win, int(i + 1)), value(x, i)] as const), otherwise), hint, ruleSet, type);
  };
  const predicted = pick("prediction", (_x, i) => labelConst(cats[i]!.score, labelType), labelConst(defaultScore, labelType), labelK);
  let entity: string | undefined;
  const features = new LazyFeatures((key) => {
    if (key === "confidence") return pick("confidence", (x, i) => x.input(cats[i]!.value), defaultConf, "double");
    if (key === "entityId" || key === "ruleId") {
      if (entity === undefined) {
        const entities = cats.map((c) => c.entity());
        entity = pick("entityId", (x, i) => x.input(entities[i]!), constant("string", null), "string");
      }
      return entity;
    }
    if (!key.startsWith("confidence:")) return undefined;
    const cat = key.slice("confidence:".length);
    const c = cats.find((k) => k.key === cat);
    if (c === undefined && cat !== defaultKey) return addExpr(scope, new ExprInputs(), nullDouble, `confidence(${cat})`, ruleSet, "double");
    const x = new ExprInputs();
    const otherwise = cat === defaultKey ? call("if", call("equal", x.input(winner), int(0)), defaultConf, nullDouble) : nullDouble;
    const e = c === undefined ? otherwise : call("if", x.input(c.present), x.input(c.value), otherwise);
    return addExpr(scope, x, e, `confidence(${cat})`, ruleSet, "double");
  });
  return { functionName: "classification", predicted, features };
};
