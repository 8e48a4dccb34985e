/**
 * The AssociationModel reader (converters/pmml/models/association.ts) and the associationRules op, on a
 * small basket model written for these tests: which rules fire by each algorithm, ranked by each basis
 * and order (ties in the model's order), single and multi-valued outputs, and the refusals. The values
 * are worked out by hand; the PFA engine running the written PFA must agree with the reference
 * evaluator on every row.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readDocument } from "../../converters/pmml/document.js";
import { MODEL_READERS } from "../../converters/pmml/models/index.js";
import { parseXml } from "../../converters/pmml/xml.js";
import { compileEvaluator } from "../../src/ir/evaluate.js";
import { PFAEngine } from "../../src/pfa/engine.js";
import { writePfa } from "../../src/writer/write.js";

type Row = Record<string, unknown>;

function read(xml: string): { score: (items: string[] | null) => Row; inputs: string[] } {
  const pipeline = readDocument(parseXml(xml), "test.pmml", MODEL_READERS, "test");
  const evaluate = compileEvaluator(pipeline);
  const engine = PFAEngine.fromJson(writePfa(pipeline));
  return {
    inputs: pipeline.inputs.map((f) => f.name),
    score(items) {
      const row = { item: items };
      const ref = evaluate(row);
      assert.deepEqual(engine.action(row), ref, `PFA and the reference evaluator differ on ${JSON.stringify(items)}`);
      return ref;
    },
  };
}

function refused(xml: string, pattern: RegExp): void {
  assert.throws(() => readDocument(parseXml(xml), "test.pmml", MODEL_READERS, "test"), pattern);
}

const ITEMS = `<Item id="1" value="bread"/><Item id="2" value="butter"/><Item id="3" value="jam"/><Item id="4" value="milk"/><Item id="5" value="tea"/>
<Itemset id="1"><ItemRef itemRef="1"/></Itemset><Itemset id="2"><ItemRef itemRef="2"/></Itemset>
<Itemset id="3"><ItemRef itemRef="1"/><ItemRef itemRef="2"/></Itemset><Itemset id="4"><ItemRef itemRef="3"/></Itemset>
<Itemset id="5"><ItemRef itemRef="4"/></Itemset><Itemset id="6"><ItemRef itemRef="5"/></Itemset>`;
const RULES = `<AssociationRule antecedent="1" consequent="2" support="0.4" confidence="0.8" lift="1.6"/>
<AssociationRule antecedent="1" consequent="4" support="0.2" confidence="0.4" lift="2.0"/>
<AssociationRule antecedent="3" consequent="4" support="0.2" confidence="0.5" lift="2.5"/>
<AssociationRule id="tea-rule" antecedent="5" consequent="6" support="0.1" confidence="0.9" lift="3.0"/>
<AssociationRule antecedent="2" consequent="1" support="0.4" confidence="0.8" lift="1.6"/>`;
const SCHEMA = `<MiningSchema><MiningField name="basket" usageType="group"/><MiningField name="item"/></MiningSchema>`;
const doc = (output: string, { schema = SCHEMA, items = ITEMS, rules = RULES } = {}) => `<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
<DataDictionary><DataField name="basket" optype="categorical" dataType="string"/><DataField name="item" optype="categorical" dataType="string"/></DataDictionary>
<AssociationModel functionName="associationRules" numberOfTransactions="10" minimumSupport="0.1" minimumConfidence="0.4" numberOfItems="5" numberOfItemsets="6" numberOfRules="5">
${schema}<Output>${output}</Output>${items}${rules}</AssociationModel></PMML>`;

const OUTPUT = `
<OutputField name="best" feature="ruleValue" ruleFeature="ruleId"/>
<OutputField name="recommended" feature="consequent" algorithm="recommendation"/>
<OutputField name="secondLeastSupported" feature="ruleId" algorithm="recommendation" rankBasis="support" rankOrder="ascending" rank="2"/>
<OutputField name="byLift" feature="ruleId" algorithm="recommendation" rankBasis="lift" rank="0" isMultiValued="1"/>
<OutputField name="associated" feature="ruleValue" ruleFeature="ruleId" algorithm="ruleAssociation" rank="1" isMultiValued="1"/>
<OutputField name="secondLift" feature="lift" rank="2"/>`;

test("each algorithm, basis, order and rank, on a basket of bread and butter", () => {
  const m = read(doc(OUTPUT));
  assert.deepEqual(m.inputs, ["item"], "the group field is not an input: the rows are already grouped");
  assert.deepEqual(m.score(["bread", "butter"]), {
    // exclusive: rules 2 and 3 (1 and 5 recommend what is in the basket); by confidence 0.5 > 0.4
    best: "3",
    // recommendation: rules 1, 2, 3, 5; rules 1 and 5 tie at confidence 0.8: the first in the model wins
    recommended: ["butter"],
    // support ascending: 2 (0.2), 3 (0.2), 1 (0.4), 5 (0.4)
    secondLeastSupported: "3",
    // lift descending: 3 (2.5), 2 (2.0), 1 (1.6), 5 (1.6)
    byLift: ["3", "2", "1", "5"],
    // ruleAssociation: rules 1 and 5 (both sides in the basket), the first by confidence
    associated: ["1"],
    // exclusive by confidence: 3, then 2, whose lift is 2.0
    secondLift: 2.0,
  });
});

test("a rule's id attribute names it; fewer rules than the rank give a missing value or a shorter list", () => {
  const m = read(doc(OUTPUT));
  assert.deepEqual(m.score(["milk", "coffee"]), {
    best: "tea-rule",
    recommended: ["tea"],
    secondLeastSupported: null,
    byLift: ["tea-rule"],
    associated: [],
    secondLift: null,
  });
  assert.deepEqual(m.score(["bread", "butter", "jam"]).best, null, "every recommendation is already in the basket");
  assert.deepEqual(m.score(["bread", "butter", "jam"]).associated, ["1"]);
});

test("a missing or empty basket fires no rule", () => {
  const m = read(doc(OUTPUT));
  for (const basket of [null, []]) {
    assert.deepEqual(m.score(basket), { best: null, recommended: null, secondLeastSupported: null, byLift: [], associated: [], secondLift: null });
  }
});

test("refused: no group field, items of fields, the rule display string, other features, a missing measure", () => {
  refused(doc(OUTPUT, { schema: `<MiningSchema><MiningField name="basket"/><MiningField name="item"/></MiningSchema>` }), /without a group field/);
  refused(doc(OUTPUT, { items: ITEMS.replace(`<Item id="1" value="bread"/>`, `<Item id="1" value="bread" field="item"/>`) }), /Item of a field or category/);
  refused(doc(`<OutputField name="r" feature="ruleValue" ruleFeature="rule"/>`), /"rule" \(a display string/);
  refused(doc(`<OutputField name="p" feature="predictedValue"/>`), /feature="predictedValue" is not provided by AssociationModel/);
  refused(doc(`<OutputField name="p" feature="ruleId" rank="0"/>`), /rank="0" is not a position/);
  refused(doc(`<OutputField name="p" feature="ruleId" rankBasis="leverage"/>`), /rule 1 has no leverage/);
  refused(doc(`<OutputField name="p" feature="support" dataType="integer"/>`), /dataType="integer"/);
  refused(doc(`<OutputField name="p" feature="ruleId" algorithm="bestGuess"/>`), /algorithm="bestGuess" is not supported/);
});
