/**
 * isValid and isNotValid (PMML 4.4 built-in functions): a field's value is valid when its declaration
 * (the DataField's Values and Intervals) says so, after the MiningField's treatments; missing values
 * are neither valid nor invalid. Values worked out by hand from the DataFields below.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { pmml, refusal, scorer } from "./core-helpers.js";

const FIELDS = [
  `<DataField name="color" dataType="string" optype="categorical"><Value value="red"/><Value value="blue"/><Value value="none" property="invalid"/><Value value="?" property="missing"/></DataField>`,
  `<DataField name="size" dataType="double" optype="continuous"><Interval closure="closedOpen" leftMargin="0" rightMargin="10"/></DataField>`,
  "free:double",
  "y:double",
];

/** A model whose outputs are the given expressions (transformedValue), with the MiningField XML. */
function doc(outputs: Record<string, string>, mining = `<MiningField name="color" invalidValueTreatment="asIs"/><MiningField name="size" invalidValueTreatment="asIs"/><MiningField name="free"/>`, extra = ""): string {
  return pmml(
    FIELDS,
    `<RegressionModel functionName="regression">
       <MiningSchema>${mining}<MiningField name="y" usageType="target"/></MiningSchema>
       <Output>${Object.entries(outputs)
         .map(([name, x]) => `<OutputField name="${name}" dataType="boolean" feature="transformedValue">${x}</OutputField>`)
         .join("")}</Output>
       ${extra}
       <RegressionTable intercept="0"/>
     </RegressionModel>`,
  );
}

const valid = (f: string) => `<Apply function="isValid"><FieldRef field="${f}"/></Apply>`;
const invalid = (f: string) => `<Apply function="isNotValid"><FieldRef field="${f}"/></Apply>`;

test("listed values, intervals and no declaration; missing is neither", () => {
  const s = scorer(doc({ cv: valid("color"), ci: invalid("color"), sv: valid("size"), si: invalid("size"), fv: valid("free"), fi: invalid("free") }));
  const at = (color: string | null, size: number | null, free: number | null) => {
    const r = s.score({ color, size, free });
    assert.notEqual(r, "refused");
    const o = r as Record<string, unknown>;
    return [o.cv, o.ci, o.sv, o.si, o.fv, o.fi];
  };
  assert.deepEqual(at("red", 0, 1), [true, false, true, false, true, false]);
  // "green" is not listed (a field with valid Values makes every other value invalid); 10 is outside [0, 10).
  assert.deepEqual(at("green", 10, -1), [false, true, false, true, true, false]);
  // "none" is declared invalid; NaN is in no interval with a right margin.
  assert.deepEqual(at("none", NaN, NaN), [false, true, false, true, true, false]);
  // Missing, and "?" (declared missing), are neither valid nor invalid.
  assert.deepEqual(at(null, null, null), [false, false, false, false, false, false]);
  assert.deepEqual(at("?", 5, null), [false, false, true, false, false, false]);
});

test("after the MiningField's treatments: an invalid value made missing, or replaced", () => {
  const mining = `<MiningField name="color" invalidValueTreatment="asMissing"/><MiningField name="size" invalidValueTreatment="asValue" invalidValueReplacement="5"/><MiningField name="free"/>`;
  const s = scorer(doc({ cv: valid("color"), ci: invalid("color"), sv: valid("size"), si: invalid("size") }, mining));
  assert.deepEqual(s.score({ color: "green", size: 20, free: 0 }), { y: 0, cv: false, ci: false, sv: true, si: false });
});

test("a derived field without declarations: valid when present; refusals", () => {
  const local = `<LocalTransformations><DerivedField name="twice" dataType="double" optype="continuous"><Apply function="*"><FieldRef field="free"/><Constant>2</Constant></Apply></DerivedField></LocalTransformations>`;
  const s = scorer(doc({ dv: valid("twice"), di: invalid("twice") }, undefined, local));
  assert.deepEqual(s.score({ color: "red", size: 1, free: 3 }), { y: 0, dv: true, di: false });
  assert.deepEqual(s.score({ color: "red", size: 1, free: null }), { y: 0, dv: false, di: false });

  assert.match(refusal(doc({ v: `<Apply function="isValid"><Constant>1</Constant></Apply>` })), /isValid of an expression \(not a FieldRef\)/);
  assert.match(refusal(doc({ v: `<Apply function="isValid"><FieldRef field="free"/><FieldRef field="free"/></Apply>` })), /isValid takes one field, found 2/);
  const fn = `<TransformationDictionary><DefineFunction name="ok" optype="categorical" dataType="boolean"><ParameterField name="p"/><Apply function="isValid"><FieldRef field="p"/></Apply></DefineFunction></TransformationDictionary>`;
  const xml = doc({ v: `<Apply function="ok"><FieldRef field="color"/></Apply>` }).replace("<RegressionModel", `${fn}<RegressionModel`);
  assert.match(refusal(xml), /whose valid values are not known here/);
});
