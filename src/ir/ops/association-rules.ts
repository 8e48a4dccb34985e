/**
 * associationRules: the rules of a market-basket model that apply to a transaction (its set of items),
 * ranked, and one feature of the chosen rule(s) per output. PMML AssociationModel (PMML 4.4
 * "Association Rules"), with the OutputField attributes algorithm, rankBasis, rankOrder, rank,
 * isMultiValued and the rule feature.
 *
 * A rule A -> C (antecedent and consequent itemsets) fires for a transaction T by the algorithm:
 * - recommendation: A ⊆ T;
 * - exclusiveRecommendation: A ⊆ T and not C ⊆ T (the recommendation is not already in the basket);
 * - ruleAssociation: A ⊆ T and C ⊆ T.
 * The rules that fire are ranked by rankBasis (confidence, support, lift, leverage or affinity), highest
 * first ("descending") or lowest first ("ascending"); rules of equal value keep their order in the
 * model (jpmml-evaluator's stable sort, which the corpus's ties need). A single-valued output is the
 * rule at position `rank` (1-based; missing when fewer rules fire); a multi-valued one the first `rank`
 * rules (all of them for rank 0). A missing transaction is an empty one.
 *
 * The rankings do not depend on the row: each is computed once, here, and the PFA walks the rules in
 * that order, so neither side sorts at scoring time.
 */
import type { JsonValue } from "../../pfa/json-value.js";
import { defineOp } from "../op.js";
import { arrayOf, DOUBLE, describeType, type IRType, nonNull, nullable, STRING } from "../types.js";
import { doubleData, pick } from "./common.js";
import { randomInt } from "./feature-util.js";

export type RankBasis = "confidence" | "support" | "lift" | "leverage" | "affinity";
export type RuleFeature = "ruleId" | "antecedent" | "consequent" | RankBasis;
export type RuleAlgorithm = "recommendation" | "exclusiveRecommendation" | "ruleAssociation";

export interface AssociationRule {
  id: string;
  antecedent: string[];
  consequent: string[];
  support: number;
  confidence: number;
  /** The optional measures: null when the model does not give them. */
  lift: number | null;
  leverage: number | null;
  affinity: number | null;
}

export interface RuleOutput {
  algorithm: RuleAlgorithm;
  rankBasis: RankBasis;
  rankOrder: "descending" | "ascending";
  /** Single-valued: the 1-based position of the rule; multi-valued: how many rules (0: all). */
  rank: number;
  multiValued: boolean;
  feature: RuleFeature;
}

export interface AssociationRulesParams {
  rules: AssociationRule[];
  outputs: RuleOutput[];
}

const ALGORITHMS: readonly RuleAlgorithm[] = ["recommendation", "exclusiveRecommendation", "ruleAssociation"];
const BASES: readonly RankBasis[] = ["confidence", "support", "lift", "leverage", "affinity"];
const FEATURES: readonly RuleFeature[] = ["ruleId", "antecedent", "consequent", ...BASES];

function check(params: AssociationRulesParams): void {
  if (!Array.isArray(params.rules) || !Array.isArray(params.outputs)) throw new Error("associationRules: needs rules and outputs");
  for (const [i, o] of params.outputs.entries()) {
    const where = `associationRules: output ${i}`;
    if (!ALGORITHMS.includes(o.algorithm)) throw new Error(`${where}: unknown algorithm ${JSON.stringify(o.algorithm)}`);
    if (!BASES.includes(o.rankBasis)) throw new Error(`${where}: unknown rankBasis ${JSON.stringify(o.rankBasis)}`);
    if (o.rankOrder !== "descending" && o.rankOrder !== "ascending") throw new Error(`${where}: unknown rankOrder ${JSON.stringify(o.rankOrder)}`);
    if (!FEATURES.includes(o.feature)) throw new Error(`${where}: unknown feature ${JSON.stringify(o.feature)}`);
    if (!Number.isInteger(o.rank) || o.rank < (o.multiValued ? 0 : 1)) throw new Error(`${where}: rank ${o.rank} is not a ${o.multiValued ? "count" : "position"}`);
    for (const m of [o.rankBasis, o.feature]) {
      if (m === "lift" || m === "leverage" || m === "affinity") {
        const without = params.rules.find((r) => r[m] === null);
        if (without !== undefined) throw new Error(`${where}: rule ${without.id} has no ${m}`);
      }
    }
  }
}

function featureType(f: RuleFeature): IRType {
  if (f === "ruleId") return STRING;
  if (f === "antecedent" || f === "consequent") return arrayOf(STRING);
  return DOUBLE;
}

/** The rule indices in the order of a ranking (ties in the model's order). */
function ranking(rules: readonly AssociationRule[], basis: RankBasis, order: "descending" | "ascending"): number[] {
  const value = (i: number): number => rules[i]![basis]!;
  const sign = order === "descending" ? -1 : 1;
  return rules.map((_, i) => i).sort((a, b) => sign * (value(a) - value(b)) || a - b);
}

function fires(rule: AssociationRule, items: ReadonlySet<string>, algorithm: RuleAlgorithm): boolean {
  if (!rule.antecedent.every((x) => items.has(x))) return false;
  if (algorithm === "recommendation") return true;
  const inBasket = rule.consequent.every((x) => items.has(x));
  return algorithm === "ruleAssociation" ? inBasket : !inBasket;
}

function featureOf(rule: AssociationRule, f: RuleFeature): unknown {
  if (f === "antecedent" || f === "consequent") return [...rule[f]];
  return f === "ruleId" ? rule.id : rule[f];
}

export const associationRules = defineOp<AssociationRulesParams>({
  name: "associationRules",
  summary: "the association rules that fire for a transaction's items, ranked; a feature of the chosen rules",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`associationRules takes one column (the transaction's items), found ${inputs.length}`);
    const t = nonNull(inputs[0]!);
    if (t.kind !== "array" || t.items.kind !== "string") throw new Error(`associationRules: the items are an array of strings, found ${describeType(inputs[0]!)}`);
    check(params);
    return params.outputs.map((o) => (o.multiValued ? arrayOf(featureType(o.feature)) : nullable(featureType(o.feature))));
  },
  evaluate(params, inputs) {
    check(params);
    const items = new Set((inputs[0] as string[] | null) ?? []);
    return params.outputs.map((o) => {
      const chosen = ranking(params.rules, o.rankBasis, o.rankOrder).filter((i) => fires(params.rules[i]!, items, o.algorithm));
      if (!o.multiValued) {
        const i = chosen[o.rank - 1];
        return i === undefined ? null : featureOf(params.rules[i]!, o.feature);
      }
      return (o.rank === 0 ? chosen : chosen.slice(0, o.rank)).map((i) => featureOf(params.rules[i]!, o.feature));
    });
  },
  lower(params, inputs, types, ctx) {
    check(params);
    const measure = (x: number | null): JsonValue => (x === null ? null : { double: doubleData(x) });
    const ruleType = {
      type: "record",
      name: ctx.typeName("AssociationRule"),
      fields: [
        { name: "id", type: "string" },
        { name: "antecedent", type: { type: "array", items: "string" } },
        { name: "consequent", type: { type: "array", items: "string" } },
        { name: "support", type: "double" },
        { name: "confidence", type: "double" },
        { name: "lift", type: ["null", "double"] },
        { name: "leverage", type: ["null", "double"] },
        { name: "affinity", type: ["null", "double"] },
      ],
    };
    const rules = ctx.cell(
      "associationRules",
      { type: "array", items: ruleType },
      params.rules.map((r) => ({
        id: r.id,
        antecedent: r.antecedent,
        consequent: r.consequent,
        support: doubleData(r.support),
        confidence: doubleData(r.confidence),
        lift: measure(r.lift),
        leverage: measure(r.leverage),
        affinity: measure(r.affinity),
      })),
    );
    const ruleTypeName = ruleType.name;
    // subset(xs, items): every element of xs is one of items.
    const subset = ctx.fcn("itemsetIn", {
      params: [{ xs: { type: "array", items: "string" } }, { items: { type: "array", items: "string" } }],
      ret: "boolean",
      do: [{ "a.all": ["xs", { params: [{ x: "string" }], ret: "boolean", do: [{ "a.contains": ["items", "x"] }] }] }],
    });
    const fire = ctx.fcn("ruleFires", {
      params: [{ rule: ruleTypeName }, { items: { type: "array", items: "string" } }, { algorithm: "int" }],
      ret: "boolean",
      do: [
        {
          if: { [subset]: ["rule.antecedent", "items"] },
          then: [
            {
              cond: [
                { if: { "==": ["algorithm", 0] }, then: [true] },
                { if: { "==": ["algorithm", 1] }, then: [{ "!": { [subset]: ["rule.consequent", "items"] } }] },
              ],
              else: [{ [subset]: ["rule.consequent", "items"] }],
            },
          ],
          else: [false],
        },
      ],
    });
    const t = types[0]!;
    const present = ctx.symbol("items");
    const items = ctx.let(
      "basket",
      t.kind === "nullable" ? { ifnotnull: { [present]: inputs[0]! }, then: present, else: { value: [], type: { type: "array", items: "string" } } } : inputs[0]!,
    );
    // One list of the firing rules (as indices into the rules cell) per algorithm and ranking.
    const chosen = new Map<string, string>();
    const chosenFor = (o: RuleOutput): string => {
      const key = `${o.algorithm} ${o.rankBasis} ${o.rankOrder}`;
      let sym = chosen.get(key);
      if (sym === undefined) {
        const order = ctx.cell("ruleRanking", { type: "array", items: "int" }, ranking(params.rules, o.rankBasis, o.rankOrder));
        const algorithm = ALGORITHMS.indexOf(o.algorithm);
        const i = ctx.symbol("rule");
        sym = ctx.let(
          "firing",
          {
            "a.filter": [
              { cell: order },
              { params: [{ [i]: "int" }], ret: "boolean", do: [{ [fire]: [{ attr: { cell: rules }, path: [i] }, items, algorithm] }] },
            ],
          },
        );
        chosen.set(key, sym);
      }
      return sym;
    };
    const featureExpr = (f: RuleFeature, index: JsonValue): JsonValue => {
      const field: JsonValue = { attr: { cell: rules }, path: [index, { string: f === "ruleId" ? "id" : f }] };
      // The optional measures are nullable in the cell; check() saw to it that the chosen one is given.
      if (f === "lift" || f === "leverage" || f === "affinity") {
        const m = ctx.symbol(f);
        return { ifnotnull: { [m]: field }, then: m, else: { error: `associationRules: a rule has no ${f}` } };
      }
      return field;
    };
    return params.outputs.map((o): JsonValue => {
      const list = chosenFor(o);
      const itemType = ctx.avroType(featureType(o.feature));
      if (!o.multiValued) {
        return { if: { ">=": [{ "a.len": [list] }, o.rank] }, then: featureExpr(o.feature, { attr: list, path: [o.rank - 1] }), else: null };
      }
      const taken: JsonValue = o.rank === 0 ? list : { "a.subseq": [list, 0, { min: [o.rank, { "a.len": [list] }] }] };
      const i = ctx.symbol("rule");
      return { "a.map": [taken, { params: [{ [i]: "int" }], ret: itemType, do: [featureExpr(o.feature, i)] }] };
    });
  },
  arbitrary(random) {
    const vocabulary = ["a", "b", "c", "d", "e"];
    const itemset = (): string[] => vocabulary.filter(() => random() < 0.35);
    const measure = (): number => Math.round(random() * 8) / 8; // coarse, so that ties happen
    const rules: AssociationRule[] = Array.from({ length: randomInt(random, 0, 8) }, (_, i) => ({
      id: String(i + 1),
      antecedent: itemset(),
      consequent: itemset().slice(0, 2),
      support: measure(),
      confidence: measure(),
      lift: random() < 0.8 ? measure() * 3 : null,
      leverage: random() < 0.8 ? measure() - 0.5 : null,
      affinity: random() < 0.8 ? measure() : null,
    }));
    const usable = (m: RankBasis | RuleFeature): boolean => !(m === "lift" || m === "leverage" || m === "affinity") || rules.every((r) => r[m] !== null);
    const outputs: RuleOutput[] = Array.from({ length: randomInt(random, 1, 3) }, () => {
      const multiValued = random() < 0.4;
      return {
        algorithm: pick(random, ALGORITHMS),
        rankBasis: pick(random, BASES.filter(usable)),
        rankOrder: pick(random, ["descending", "ascending"] as const),
        rank: multiValued ? randomInt(random, 0, 3) : randomInt(random, 1, 3),
        multiValued,
        feature: pick(random, FEATURES.filter(usable)),
      };
    });
    const items = arrayOf(STRING);
    return { params: { rules, outputs }, inputs: [random() < 0.3 ? nullable(items) : items] };
  },
  arbitraryInputs(_params, inputs, random) {
    if (inputs[0]!.kind === "nullable" && random() < 0.15) return [null];
    return [["a", "b", "c", "d", "e", "f"].filter(() => random() < 0.5)];
  },
});
