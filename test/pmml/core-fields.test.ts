/**
 * The DataDictionary and the MiningSchema: valid, invalid and missing values (Values, Intervals, the
 * field's type), missingValueReplacement and missingValueTreatment, invalidValueTreatment with
 * invalidValueReplacement, outliers, usage types; nested models' own MiningFields.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModelReader } from "../../converters/pmml/model.js";
import { constNode, materialize } from "../../converters/pmml/expressions.js";
import { MODEL_READERS } from "../../converters/pmml/models/index.js";
import { child } from "../../converters/pmml/xml.js";
import { pmml, refusal, scorer } from "./core-helpers.js";

/** y = x (a regression with one coefficient 1), with the MiningField of x as given. */
function identity(dataField: string, miningField: string): string {
  return pmml(
    [dataField, "y:double"],
    `<RegressionModel functionName="regression">
       <MiningSchema>${miningField}<MiningField name="y" usageType="target"/></MiningSchema>
       <Targets><Target field="y"><TargetValue defaultValue="-1"/></Target></Targets>
       <RegressionTable intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable>
     </RegressionModel>`,
  );
}

/** The value of a string field as the model sees it, through an OutputField. */
function passString(dataField: string, miningField: string): string {
  return pmml(
    [dataField, "y:double"],
    `<RegressionModel functionName="regression">
       <MiningSchema>${miningField}<MiningField name="y" usageType="target"/></MiningSchema>
       <Output><OutputField name="seen" dataType="string" feature="transformedValue"><FieldRef field="s"/></OutputField></Output>
       <RegressionTable intercept="0"><CategoricalPredictor name="s" value="a" coefficient="1"/></RegressionTable>
     </RegressionModel>`,
  );
}

function y(s: ReturnType<typeof scorer>, x: unknown): unknown {
  const r = s.score({ x });
  return r === "refused" ? r : r.y;
}

test("missing values: asIs by default; missingValueReplacement; returnInvalid refuses", () => {
  assert.equal(y(scorer(identity("x:double", `<MiningField name="x"/>`)), null), -1);
  assert.equal(y(scorer(identity("x:double", `<MiningField name="x" missingValueReplacement="4.5"/>`)), null), 4.5);
  assert.equal(y(scorer(identity("x:double", `<MiningField name="x" missingValueTreatment="asMean" missingValueReplacement="4.5"/>`)), null), 4.5);
  const strict = scorer(identity("x:double", `<MiningField name="x" missingValueTreatment="returnInvalid"/>`));
  assert.equal(y(strict, null), "refused");
  assert.equal(y(strict, 2), 2);
  assert.match(refusal(identity("x:double", `<MiningField name="x" missingValueTreatment="returnInvalid" missingValueReplacement="1"/>`)), /returnInvalid with a missingValueReplacement/);
});

test("Value property=missing: a value that counts as missing (NaN, a sentinel)", () => {
  const df = `<DataField name="x" dataType="double" optype="continuous"><Value value="NaN" property="missing"/><Value value="-999" property="missing"/></DataField>`;
  const s = scorer(identity(df, `<MiningField name="x" missingValueReplacement="0"/>`));
  assert.equal(y(s, NaN), 0);
  assert.equal(y(s, -999), 0);
  assert.equal(y(s, 7), 7);
});

test("invalid values: outside the Intervals, or not among the valid Values; the treatments", () => {
  const df = `<DataField name="x" dataType="double" optype="continuous"><Interval closure="closedOpen" leftMargin="0" rightMargin="10"/></DataField>`;
  assert.equal(y(scorer(identity(df, `<MiningField name="x"/>`)), 10), "refused");
  assert.equal(y(scorer(identity(df, `<MiningField name="x"/>`)), 0), 0);
  assert.equal(y(scorer(identity(df, `<MiningField name="x" invalidValueTreatment="asIs"/>`)), 10), 10);
  assert.equal(y(scorer(identity(df, `<MiningField name="x" invalidValueTreatment="asMissing"/>`)), 10), -1);
  assert.equal(y(scorer(identity(df, `<MiningField name="x" invalidValueTreatment="asMissing" missingValueReplacement="3"/>`)), 10), 3);
  assert.equal(y(scorer(identity(df, `<MiningField name="x" invalidValueTreatment="asValue" invalidValueReplacement="5"/>`)), -2), 5);
  // jpmml-evaluator's reading of asIs with a replacement.
  assert.equal(y(scorer(identity(df, `<MiningField name="x" invalidValueTreatment="asIs" invalidValueReplacement="5"/>`)), 11), 5);
  assert.match(refusal(identity(df, `<MiningField name="x" invalidValueTreatment="asValue"/>`)), /needs an invalidValueReplacement/);
  // NaN is above every number: an interval without a right margin contains it.
  const open = `<DataField name="x" dataType="double" optype="continuous"><Interval closure="closedClosed" leftMargin="0"/></DataField>`;
  assert.ok(Number.isNaN(y(scorer(identity(open, `<MiningField name="x"/>`)), NaN) as number));
  assert.equal(y(scorer(identity(df, `<MiningField name="x"/>`)), NaN), "refused");

  const cat = `<DataField name="s" dataType="string" optype="categorical"><Value value="a"/><Value value="b"/><Value value="?" property="missing"/><Value value="bad" property="invalid"/></DataField>`;
  const s = scorer(passString(cat, `<MiningField name="s" invalidValueTreatment="asMissing"/>`));
  assert.equal((s.score({ s: "a" }) as Record<string, unknown>).seen, "a");
  assert.equal((s.score({ s: "c" }) as Record<string, unknown>).seen, null);
  assert.equal((s.score({ s: "?" }) as Record<string, unknown>).seen, null);
  assert.equal((s.score({ s: "bad" }) as Record<string, unknown>).seen, null);
  const strict = scorer(passString(cat, `<MiningField name="s"/>`));
  assert.equal(strict.score({ s: "c" }), "refused");
  assert.equal(strict.score({ s: "bad" }), "refused");
  // Without valid Values, any value is valid.
  const open2 = scorer(passString("s:string", `<MiningField name="s"/>`));
  assert.equal((open2.score({ s: "anything" }) as Record<string, unknown>).seen, "anything");
});

test("integer fields: a fraction is not an integer, hence invalid", () => {
  const s = scorer(identity("x:integer", `<MiningField name="x" invalidValueTreatment="asMissing"/>`));
  assert.equal(y(s, 3), 3);
  assert.equal(y(s, 3.5), -1);
  assert.equal(y(s, NaN), -1);
  // asIs cannot keep a value the field's type cannot hold.
  assert.equal(y(scorer(identity("x:integer", `<MiningField name="x" invalidValueTreatment="asIs"/>`)), 3.5), "refused");
});

test("outliers: asMissingValues and asExtremeValues with lowValue and highValue (valid values only)", () => {
  const miss = scorer(identity("x:double", `<MiningField name="x" outliers="asMissingValues" lowValue="1" highValue="5"/>`));
  assert.equal(y(miss, 0.5), -1);
  assert.equal(y(miss, 5), 5);
  assert.equal(y(miss, 6), -1);
  const ext = scorer(identity("x:double", `<MiningField name="x" outliers="asExtremeValues" lowValue="1" highValue="5"/>`));
  assert.equal(y(ext, -3), 1);
  assert.equal(y(ext, 9), 5);
  assert.equal(y(ext, 2), 2);
  assert.ok(Number.isNaN(y(ext, NaN) as number), "NaN is no outlier");
  const low = scorer(identity("x:double", `<MiningField name="x" outliers="asExtremeValues" lowValue="1"/>`));
  assert.equal(y(low, 100), 100);
  assert.match(refusal(identity("x:double", `<MiningField name="x" outliers="asExtremeValues"/>`)), /needs lowValue or highValue/);
});

test("usage types: supplementary and weights are not read; group and order are refused", () => {
  const s = scorer(
    pmml(
      ["x:double", "w:double", "z:string", "y:double"],
      `<RegressionModel functionName="regression">
         <MiningSchema><MiningField name="x"/><MiningField name="w" usageType="frequencyWeight"/><MiningField name="z" usageType="supplementary"/><MiningField name="y" usageType="target"/></MiningSchema>
         <RegressionTable intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable>
       </RegressionModel>`,
    ),
  );
  assert.deepEqual(s.pipeline.inputs.map((f) => f.name), ["x"]);
  assert.match(refusal(identity("x:double", `<MiningField name="x" usageType="group"/>`)), /usageType="group"/);
  assert.match(refusal(identity("x:double", `<MiningField name="x" invalidValueTreatment="sometimes"/>`)), /invalidValueTreatment="sometimes" is not supported/);
});

test("a nested model applies its own MiningField treatments to its parent's fields", () => {
  // A test reader for MiningModel: reads its one segment in a nested scope.
  const nestedReader: ModelReader = (model, scope) => {
    const segment = child(child(model, "Segmentation")!, "Segment")!;
    const inner = segment.children.find((c) => c.name === "RegressionModel")!;
    return scope.nested(inner);
  };
  const xml = pmml(
    ["x:double", "y:double"],
    `<MiningModel functionName="regression">
       <MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
       <Segmentation multipleModelMethod="selectFirst"><Segment><True/>
         <RegressionModel functionName="regression">
           <MiningSchema><MiningField name="x" missingValueReplacement="10"/><MiningField name="y" usageType="target"/></MiningSchema>
           <Output><OutputField name="inner" feature="predictedValue"/></Output>
           <RegressionTable intercept="0"><NumericPredictor name="x" coefficient="2"/></RegressionTable>
         </RegressionModel>
       </Segment></Segmentation>
       <Output><OutputField name="outer" dataType="double" feature="transformedValue"><Apply function="+"><FieldRef field="inner"/><Constant>1</Constant></Apply></OutputField></Output>
     </MiningModel>`,
  );
  const s = scorer(xml, { ...MODEL_READERS, MiningModel: nestedReader });
  assert.deepEqual(s.score({ x: null }), { y: 20, outer: 21 });
  assert.deepEqual(s.score({ x: 1 }), { y: 2, outer: 3 });
});

test("a test reader can make columns through the scope (materialize)", () => {
  const reader: ModelReader = (model, scope) => ({ functionName: "regression", predicted: materialize(constNode("double", 42), scope.builder, "c", model), features: new Map() });
  const s = scorer(pmml(["y:double"], `<RegressionModel functionName="regression"><MiningSchema><MiningField name="y" usageType="target"/></MiningSchema></RegressionModel>`), { RegressionModel: reader });
  assert.deepEqual(s.score({}), { y: 42 });
});
