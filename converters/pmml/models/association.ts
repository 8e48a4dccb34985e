/**
 * PMML AssociationModel (PMML 4.4 "Association Rules"): Items, Itemsets and AssociationRules, scored on
 * a transaction, through the `associationRules` op.
 *
 * The transaction: the model's MiningSchema has a group field (usageType="group", the transaction id)
 * and one active field (the item); the document reader gives the active field as one input per
 * transaction, the array of its items. An Item matches an input item by its value.
 *
 * The results are the OutputFields that ask for a rule's value: feature="ruleValue" with ruleFeature
 * (PMML 4.0 to 4.1) or the rule feature itself as the feature (PMML 4.2 on: ruleId, antecedent,
 * consequent, confidence, support, lift, leverage, affinity), each with algorithm (default
 * exclusiveRecommendation), rankBasis (confidence), rankOrder (descending), rank (1) and isMultiValued.
 * A rule's id is its id attribute, else its 1-based position (jpmml-evaluator, pmml4s). Antecedent and
 * consequent are the items' values (an array of strings).
 *
 * Refused: a model without a group field (items as several fields), Items with a field or category,
 * the rule feature "rule" (a display string each runtime formats its own way), OutputFields of other
 * features.
 */
import type { AssociationRule, RankBasis, RuleAlgorithm, RuleFeature, RuleOutput } from "../../../src/ir/ops/association-rules.js";
import type { ModelReader, ModelScope } from "../model.js";
import { child, children, type XmlElement } from "../xml.js";
import { parseNumber } from "./values.js";

const RULE_FEATURES = new Set(["ruleId", "antecedent", "consequent", "rule", "confidence", "support", "lift", "leverage", "affinity"]);
const ALGORITHMS = new Set(["recommendation", "exclusiveRecommendation", "ruleAssociation"]);
const BASES = new Set(["confidence", "support", "lift", "leverage", "affinity"]);

function optionalNumber(scope: ModelScope, e: XmlElement, attr: string): number | null {
  const text = e.attrs[attr];
  return text === undefined ? null : parseNumber(scope, e, attr, text);
}

function readRules(model: XmlElement, scope: ModelScope): AssociationRule[] {
  const items = new Map<string, string>();
  for (const item of children(model, "Item")) {
    const { id, value } = item.attrs;
    if (id === undefined || value === undefined) scope.fail(item, "an Item needs an id and a value");
    if (item.attrs.field !== undefined || item.attrs.category !== undefined) scope.fail(item, "an Item of a field or category (items from several fields) is not supported");
    if (items.has(id)) scope.fail(item, `the Item id "${id}" is used twice`);
    items.set(id, value);
  }
  const itemsets = new Map<string, string[]>();
  for (const set of children(model, "Itemset")) {
    const id = set.attrs.id;
    if (id === undefined) scope.fail(set, "an Itemset needs an id");
    if (itemsets.has(id)) scope.fail(set, `the Itemset id "${id}" is used twice`);
    itemsets.set(
      id,
      children(set, "ItemRef").map((ref) => items.get(ref.attrs.itemRef ?? "") ?? scope.fail(ref, `itemRef="${ref.attrs.itemRef ?? ""}" names no Item`)),
    );
  }
  return children(model, "AssociationRule").map((r, i) => {
    const itemset = (attr: "antecedent" | "consequent"): string[] => itemsets.get(r.attrs[attr] ?? "") ?? scope.fail(r, `${attr}="${r.attrs[attr] ?? ""}" names no Itemset`);
    const required = (attr: string): number => optionalNumber(scope, r, attr) ?? scope.fail(r, `an AssociationRule needs ${attr}`);
    return {
      id: r.attrs.id ?? String(i + 1),
      antecedent: itemset("antecedent"),
      consequent: itemset("consequent"),
      support: required("support"),
      confidence: required("confidence"),
      lift: optionalNumber(scope, r, "lift"),
      leverage: optionalNumber(scope, r, "leverage"),
      affinity: optionalNumber(scope, r, "affinity"),
    };
  });
}

/** The rule an OutputField asks for, or null when it asks for something else. */
function ruleOutput(of: XmlElement, scope: ModelScope): RuleOutput | null {
  const a = of.attrs;
  const feature = a.feature ?? "predictedValue";
  let ruleFeature: string;
  if (feature === "ruleValue") ruleFeature = a.ruleFeature ?? "consequent";
  else if (RULE_FEATURES.has(feature)) ruleFeature = feature;
  else return null;
  if (ruleFeature === "rule") scope.fail(of, 'the rule feature "rule" (a display string of the rule) is not supported: ask for antecedent and consequent');
  if (!RULE_FEATURES.has(ruleFeature)) scope.fail(of, `ruleFeature="${ruleFeature}" is not supported`);
  const algorithm = a.algorithm ?? "exclusiveRecommendation";
  if (!ALGORITHMS.has(algorithm)) scope.fail(of, `algorithm="${algorithm}" is not supported`);
  const rankBasis = a.rankBasis ?? "confidence";
  if (!BASES.has(rankBasis)) scope.fail(of, `rankBasis="${rankBasis}" is not supported`);
  const rankOrder = a.rankOrder ?? "descending";
  if (rankOrder !== "descending" && rankOrder !== "ascending") scope.fail(of, `rankOrder="${rankOrder}" is not supported`);
  const multiValued = a.isMultiValued === "1" || a.isMultiValued === "true";
  if (a.isMultiValued !== undefined && !multiValued && a.isMultiValued !== "0" && a.isMultiValued !== "false") scope.fail(of, `isMultiValued="${a.isMultiValued}" is not a boolean`);
  const rank = a.rank === undefined ? 1 : Number(a.rank);
  if (!Number.isInteger(rank) || rank < (multiValued ? 0 : 1)) scope.fail(of, `rank="${a.rank ?? ""}" is not ${multiValued ? "a count (0: all)" : "a position from 1"}`);
  const declared = a.dataType;
  if (declared !== undefined) {
    const numeric = BASES.has(ruleFeature);
    if (numeric ? declared !== "double" : declared !== "string") scope.fail(of, `dataType="${declared}" for the rule's ${ruleFeature}, which is a ${numeric ? "double" : "string"}`);
  }
  return { algorithm: algorithm as RuleAlgorithm, rankBasis: rankBasis as RankBasis, rankOrder, rank, multiValued, feature: ruleFeature as RuleFeature };
}

export const readAssociationModel: ModelReader = (model, scope) => {
  const schema = children(child(model, "MiningSchema") ?? model, "MiningField");
  const group = schema.find((m) => m.attrs.usageType === "group");
  const active = schema.filter((m) => (m.attrs.usageType ?? "active") === "active");
  if (group === undefined) scope.fail(model, "an AssociationModel without a group field (items as the values of several fields) is not supported");
  if (active.length !== 1) scope.fail(model, `an AssociationModel with a group field reads one item field, found ${active.length}`);
  const rules = readRules(model, scope);
  const fields = children(child(model, "Output") ?? model, "OutputField");
  const outputs: { name: string; rule: RuleOutput }[] = [];
  for (const of of fields) {
    const rule = ruleOutput(of, scope);
    if (rule === null) return scope.fail(of, `feature="${of.attrs.feature ?? "predictedValue"}" is not provided by AssociationModel (its results are rule values)`);
    outputs.push({ name: of.attrs.name ?? scope.fail(of, "an OutputField needs a name"), rule });
  }
  if (outputs.length === 0) scope.fail(model, "has no OutputField: an AssociationModel's results are the rule values its Output asks for");
  const items = scope.column(active[0]!.attrs.name!, active[0]!);
  const columns = scope.builder.add(
    "associationRules",
    [items],
    outputs.map((o) => o.name),
    { rules, outputs: outputs.map((o) => o.rule) },
    model,
  );
  return {
    functionName: "associationRules",
    predicted: columns[0]!,
    features: new Map(outputs.map((o, i) => [`output:${o.name}`, columns[i]!])),
    outputsOnly: true,
  };
};
