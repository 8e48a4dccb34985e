/**
 * Predicates (ModelScope.predicate): SimplePredicate with every operator and the value read by the
 * field's type, SimpleSetPredicate, CompoundPredicate and/or/xor/surrogate with three-valued logic,
 * True and False. A test model reader evaluates one predicate into a nullable boolean.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { finish, materialize } from "../../converters/pmml/expressions.js";
import type { ModelReader } from "../../converters/pmml/model.js";
import { predicateChild } from "../../converters/pmml/predicates.js";
import { pmml, refusal, scorer } from "./core-helpers.js";

/** A "model" (a BaselineModel element) whose prediction is the value of its predicate. */
const predicateReader: ModelReader = (model, scope) => {
  const p = scope.predicate(predicateChild(model)!);
  const column = scope.builder.add("expr", p.inputs, ["holds"], { expr: p.expr }, model)[0]!;
  return { functionName: "regression", predicted: column, features: new Map() };
};
const READERS = { BaselineModel: predicateReader };

function holds(predicate: string, fields = ["x:double", "s:string", "n:integer", "f:float", "b:boolean"]) {
  const names = fields.map((f) => f.split(":")[0]!);
  const s = scorer(
    pmml(
      [...fields, "y:boolean"],
      `<BaselineModel functionName="regression">
         <MiningSchema>${names.map((n) => `<MiningField name="${n}" invalidValueTreatment="asIs"/>`).join("")}<MiningField name="y" usageType="target"/></MiningSchema>
         ${predicate}
       </BaselineModel>`,
    ),
    READERS,
  );
  return (row: Record<string, unknown>) => (s.score(row) as Record<string, unknown>).y;
}

test("SimplePredicate: comparisons (UNKNOWN on a missing value), isMissing, isNotMissing", () => {
  const lt = holds(`<SimplePredicate field="x" operator="lessThan" value="2.5"/>`);
  assert.equal(lt({ x: 2 }), true);
  assert.equal(lt({ x: 3 }), false);
  assert.equal(lt({ x: null }), null);
  assert.equal(holds(`<SimplePredicate field="x" operator="greaterOrEqual" value="2.5"/>`)({ x: 2.5 }), true);
  assert.equal(holds(`<SimplePredicate field="x" operator="lessOrEqual" value="-1"/>`)({ x: 0 }), false);
  assert.equal(holds(`<SimplePredicate field="x" operator="greaterThan" value="1E2"/>`)({ x: 101 }), true);
  assert.equal(holds(`<SimplePredicate field="s" operator="equal" value="a b"/>`)({ s: "a b" }), true);
  assert.equal(holds(`<SimplePredicate field="s" operator="notEqual" value="a"/>`)({ s: "a" }), false);
  assert.equal(holds(`<SimplePredicate field="s" operator="isMissing"/>`)({ s: null }), true);
  assert.equal(holds(`<SimplePredicate field="s" operator="isNotMissing"/>`)({ s: null }), false);
  assert.equal(holds(`<SimplePredicate field="b" operator="equal" value="true"/>`)({ b: true }), true);
  // NaN is above every number (jpmml-evaluator's order).
  assert.equal(lt({ x: NaN }), false);
  assert.equal(holds(`<SimplePredicate field="x" operator="greaterThan" value="1"/>`)({ x: NaN }), true);
});

test("values are read by the field's type: integer fields, float fields (float32)", () => {
  assert.equal(holds(`<SimplePredicate field="n" operator="equal" value="3"/>`)({ n: 3 }), true);
  assert.equal(holds(`<SimplePredicate field="n" operator="lessThan" value="2.5"/>`)({ n: 2 }), true);
  // A float field compares with the value as a float: 0.1 (the double) becomes 0.1f, as the input does.
  assert.equal(holds(`<SimplePredicate field="f" operator="equal" value="0.1"/>`)({ f: 0.1 }), true);
  assert.equal(holds(`<SimplePredicate field="f" operator="lessOrEqual" value="0.1"/>`)({ f: 0.1 }), true);
  assert.match(refusal(pmml(["x:double", "y:boolean"], `<BaselineModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema><SimplePredicate field="x" operator="equal" value="abc"/></BaselineModel>`), READERS), /the value "abc" is not a double/);
  assert.match(refusal(pmml(["x:double", "y:boolean"], `<BaselineModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema><SimplePredicate field="x" operator="like" value="1"/></BaselineModel>`), READERS), /operator="like" is not supported/);
});

test("SimpleSetPredicate: isIn and isNotIn over an Array (quoted strings too)", () => {
  const isIn = holds(`<SimpleSetPredicate field="s" booleanOperator="isIn"><Array type="string" n="3">a "b c" "d\\"e"</Array></SimpleSetPredicate>`);
  assert.equal(isIn({ s: "b c" }), true);
  assert.equal(isIn({ s: 'd"e' }), true);
  assert.equal(isIn({ s: "b" }), false);
  assert.equal(isIn({ s: null }), null);
  const notIn = holds(`<SimpleSetPredicate field="n" booleanOperator="isNotIn"><Array type="int">1 2 3</Array></SimpleSetPredicate>`);
  assert.equal(notIn({ n: 2 }), false);
  assert.equal(notIn({ n: 5 }), true);
});

test("CompoundPredicate: and, or (Kleene), xor, surrogate; True and False", () => {
  const a = `<SimplePredicate field="x" operator="greaterThan" value="0"/>`;
  const b = `<SimplePredicate field="s" operator="equal" value="yes"/>`;
  const and = holds(`<CompoundPredicate booleanOperator="and">${a}${b}</CompoundPredicate>`);
  assert.equal(and({ x: 1, s: "yes" }), true);
  assert.equal(and({ x: -1, s: null }), false);
  assert.equal(and({ x: 1, s: null }), null);
  const or = holds(`<CompoundPredicate booleanOperator="or">${a}${b}</CompoundPredicate>`);
  assert.equal(or({ x: 1, s: null }), true);
  assert.equal(or({ x: -1, s: null }), null);
  const xor = holds(`<CompoundPredicate booleanOperator="xor">${a}${b}<True/></CompoundPredicate>`);
  assert.equal(xor({ x: 1, s: "yes" }), true);
  assert.equal(xor({ x: 1, s: "no" }), false);
  assert.equal(xor({ x: null, s: "no" }), null);
  const surrogate = holds(`<CompoundPredicate booleanOperator="surrogate">${a}${b}<False/></CompoundPredicate>`);
  assert.equal(surrogate({ x: 1, s: "no" }), true);
  assert.equal(surrogate({ x: null, s: "yes" }), true);
  assert.equal(surrogate({ x: null, s: null }), false);
  assert.equal(holds(`<True/>`)({}), true);
  assert.equal(holds(`<False/>`)({}), false);
});

test("predicates compose with the expression helpers (finish, materialize)", () => {
  const reader: ModelReader = (model, scope) => {
    const p = scope.predicate(predicateChild(model)!);
    const { expr, inputs } = finish({ op: "apply", fn: "not", args: [{ op: "col", column: scope.builder.add("expr", p.inputs, ["p"], { expr: p.expr }, model)[0]! }] });
    const column = scope.builder.add("expr", inputs, ["notP"], { expr }, model)[0]!;
    return { functionName: "regression", predicted: materialize({ op: "col", column }, scope.builder, "out", model), features: new Map() };
  };
  const s = scorer(pmml(["x:double", "y:boolean"], `<BaselineModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema><SimplePredicate field="x" operator="equal" value="1"/></BaselineModel>`), { BaselineModel: reader });
  assert.deepEqual(s.score({ x: 1 }), { y: false });
});
