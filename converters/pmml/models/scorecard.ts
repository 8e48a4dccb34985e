/**
 * PMML Scorecard through `expr` steps (PMML 4.4 "Scorecard", as jpmml-evaluator's scorecard evaluators
 * compute it).
 *
 * - Each Characteristic takes its first Attribute whose predicate is TRUE: its partialScore, or the
 *   value of its ComplexPartialScore expression (which takes precedence). The score is initialScore
 *   plus the partial scores, added in document order.
 * - A Characteristic with no TRUE Attribute makes the result invalid: the row is refused (through an
 *   `expr` invalid value naming the Characteristic). A ComplexPartialScore that is
 *   missing makes the score missing (the characteristics before it decide first, in order).
 * - Reason codes (useReasonCodes, the default): each Characteristic's matched Attribute gives its
 *   reasonCode (or the Characteristic's) the points baselineScore − partialScore (pointsBelow, the
 *   default) or partialScore − baselineScore (pointsAbove); the baseline is the Characteristic's, or the
 *   Scorecard's. A code's points are summed over the characteristics; codes with negative points are
 *   dropped; the rest are ranked by points, highest first, a tie going to the code met first (in
 *   characteristic order). The code of rank k is the feature "reasonCode:<k>", missing when fewer codes
 *   remain (and when the score is missing).
 *
 * Refused: functionName other than regression, an Attribute without partialScore or
 * ComplexPartialScore, reason codes without a code or a baseline.
 */
import type { Expr } from "../../../src/ir/ops/expr.js";
import { envOf, expressionChild, finish, readExpression } from "../expressions.js";
import { realOf } from "../fields.js";
import type { ModelReader } from "../model.js";
import { children, type XmlElement } from "../xml.js";
import { addExpr, allOf, anyOf, call, chain, constant, dbl, ExprInputs, fires, firstOf, int, LazyFeatures, need, numberAttr, predicateOf } from "./ruleset.js";

interface Attr {
  element: XmlElement;
  fires: Expr;
  /** The partial score (double, may be missing for a ComplexPartialScore). */
  partial: Expr;
  /** The partialScore, when it is a constant. */
  constant: number | null;
  reasonCode: string | null;
}

interface Characteristic {
  element: XmlElement;
  attrs: Attr[];
  baseline: number | null;
  /** Columns: the 1-based matched attribute (attrs.length + 1: none) and the partial score. */
  selected: string;
  partial: string;
  /** Whether a partial score is an expression (which may be missing). */
  complex: boolean;
}

export const readScorecard: ModelReader = (model, scope) => {
  const fn = model.attrs.functionName;
  if (fn !== "regression") scope.fail(model, `functionName="${fn ?? ""}" is not supported (a scorecard is a regression)`);
  const useReasonCodes = (model.attrs.useReasonCodes ?? "true") === "true";
  const algorithm = model.attrs.reasonCodeAlgorithm ?? "pointsBelow";
  if (useReasonCodes && algorithm !== "pointsBelow" && algorithm !== "pointsAbove") scope.fail(model, `reasonCodeAlgorithm="${algorithm}" is not supported`);
  const initialScore = numberAttr(model, "initialScore", 0, scope);
  const modelBaseline = numberAttr(model, "baselineScore", undefined, scope);
  const env = envOf(scope);

  const characteristicElements = children(need(model, "Characteristics", scope), "Characteristic");
  if (characteristicElements.length === 0) scope.fail(model, "has no Characteristic");
  const chars: Characteristic[] = characteristicElements.map((ce, ci) => {
    const x = new ExprInputs();
    const attrs: Attr[] = children(ce, "Attribute").map((a, ai) => {
      const complex = a.children.find((c) => c.name === "ComplexPartialScore");
      let partial: Expr;
      let fixed: number | null = null;
      if (complex !== undefined) {
        const e = expressionChild(complex);
        if (e === undefined) return scope.fail(complex, "has no expression");
        partial = { op: "cast", type: "double", arg: x.adopt(finish(readExpression(e, env, `${ce.attrs.name ?? `characteristic${ci + 1}`}(${ai + 1})`))) };
      } else {
        const p = numberAttr(a, "partialScore", undefined, scope);
        if (p === undefined) return scope.fail(a, "has neither a partialScore nor a ComplexPartialScore");
        partial = dbl(p);
        fixed = p;
      }
      const reasonCode = a.attrs.reasonCode ?? ce.attrs.reasonCode ?? null;
      if (useReasonCodes && reasonCode === null) scope.fail(a, "has no reasonCode (neither has its Characteristic)");
      return { element: a, fires: fires(x.adopt(scope.predicate(predicateOf(a, scope)))), partial, constant: fixed, reasonCode };
    });
    if (attrs.length === 0) scope.fail(ce, "has no Attribute");
    const baseline = numberAttr(ce, "baselineScore", modelBaseline, scope) ?? null;
    if (useReasonCodes && baseline === null) scope.fail(ce, "has no baselineScore (neither has the Scorecard)");
    const hint = ce.attrs.name ?? `characteristic${ci + 1}`;
    // the matched attribute (1-based; n + 1: none)
    const none = attrs.length + 1;
    const selected = addExpr(scope, x, firstOf(attrs.map((a) => a.fires), none), `${hint}.attribute`, ce, "int");
    const complex = attrs.some((a) => a.constant === null);
    let partial: string;
    if (complex) {
      const y = new ExprInputs();
      const sel = y.input(selected);
      const remapped = attrs.map((a) => y.adopt({ expr: a.partial, inputs: x.columns }));
      partial = addExpr(scope, y, chain(remapped.map((p, i) => [call("equal", sel, int(i + 1)), p] as const), constant("double", null)), `${hint}.score`, ce, "double");
    } else {
      // (no attribute matched: the row is refused by the score, so the default does not matter; 0
      // keeps the column from being nullable)
      const rows = attrs.map((a, i) => ({ keys: [i + 1], value: realOf(a.constant!) }));
      partial = scope.builder.add("valueMap", [selected], [`${hint}.score`], { rows, outputType: "double", defaultValue: 0, mapMissingTo: null }, ce)[0]!;
    }
    return { element: ce, attrs, baseline, selected, partial, complex };
  });

  // the score: refused when a characteristic matches nothing, missing when a partial score is missing
  const s = new ExprInputs();
  const refs = chars.map((c) => ({ selected: s.input(c.selected), partial: s.input(c.partial), complex: c.complex, none: c.attrs.length + 1 }));
  let score: Expr = refs.reduce((acc, r) => call("+", acc, r.partial), dbl(initialScore) as Expr);
  for (let i = refs.length - 1; i >= 0; i--) {
    const r = refs[i]!;
    const rest = r.complex ? call("if", call("isMissing", r.partial), constant("double", null), score) : score;
    const name = chars[i]!.element.attrs.name;
    const invalid: Expr = { op: "invalid", type: "double", reason: `Scorecard: no Attribute of the Characteristic${name === undefined ? ` ${i + 1}` : ` '${name}'`} matches the row` };
    score = call("if", call("equal", r.selected, int(r.none)), invalid, rest);
  }
  const predicted = addExpr(scope, s, score, "score", model, "double");

  let ranks: { code: string; eligible: string; rank: string }[] | null = null;
  const ranking = (): { code: string; eligible: string; rank: string }[] => {
    if (ranks !== null) return ranks;
    const codes: string[] = [];
    for (const c of chars) for (const a of c.attrs) if (!codes.includes(a.reasonCode!)) codes.push(a.reasonCode!);
    const per = codes.map((code) => {
      const x = new ExprInputs();
      // the characteristics that give this code in this row, with their points
      const terms = chars.flatMap((c, ci) => {
        const matches = c.attrs.flatMap((a, ai) => (a.reasonCode === code ? [ai + 1] : []));
        if (matches.length === 0) return [];
        const sel = x.input(c.selected);
        const cond = anyOf(matches.map((m) => call("equal", sel, int(m))));
        const p = x.input(c.partial);
        const diff = algorithm === "pointsBelow" ? call("-", dbl(c.baseline!), p) : call("-", p, dbl(c.baseline!));
        return [{ cond, diff, index: ci + 1 }];
      });
      const points = addExpr(scope, x, terms.reduce((acc, t) => call("+", acc, call("if", t.cond, t.diff, dbl(0))), dbl(0) as Expr), `points(${code})`, model, "double");
      const first = addExpr(scope, x, chain(terms.map((t) => [t.cond, int(t.index)] as const), int(chars.length + 1)), `first(${code})`, model, "int");
      const present = anyOf(terms.map((t) => t.cond));
      const eligible = addExpr(scope, x, allOf([present, fires(call("greaterOrEqual", x.input(points), dbl(0)))]), `eligible(${code})`, model, "boolean");
      return { code, points, first, eligible };
    });
    ranks = per.map((r, i) => {
      const x = new ExprInputs();
      const me = { points: x.input(r.points), first: x.input(r.first) };
      const above = per
        .filter((_o, j) => j !== i)
        .map((o) => {
          const op = { eligible: x.input(o.eligible), points: x.input(o.points), first: x.input(o.first) };
          // ranked higher: more points, or as many (in PMML's total order of numbers) and met earlier
          const same = call("and", call("greaterOrEqual", op.points, me.points), call("lessOrEqual", op.points, me.points));
          const higher = fires(call("and", op.eligible, call("or", call("greaterThan", op.points, me.points), call("and", same, call("lessThan", op.first, me.first)))));
          return call("if", higher, int(1), int(0));
        });
      const rank = addExpr(scope, x, above.reduce((acc, t) => call("+", acc, t), int(1) as Expr), `rank(${r.code})`, model, "int");
      return { code: r.code, eligible: r.eligible, rank };
    });
    return ranks;
  };

  const features = new LazyFeatures((key) => {
    if (!useReasonCodes || !key.startsWith("reasonCode:")) return undefined;
    const k = Number(key.slice("reasonCode:".length));
    if (!Number.isInteger(k) || k < 1) return undefined;
    const x = new ExprInputs();
    const clauses = ranking().map((r) => [call("and", x.input(r.eligible), call("equal", x.input(r.rank), int(k))), constant("string", r.code)] as const);
    const e = call("if", call("isMissing", x.input(predicted)), constant("string", null), chain(clauses, constant("string", null)));
    return addExpr(scope, x, e, `reasonCode(${k})`, model, "string");
  });
  return { functionName: "regression", predicted, features };
};
