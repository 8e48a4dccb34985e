/**
 * RegressionModel (every normalizationMethod, NumericPredictor exponents, CategoricalPredictor,
 * PredictorTerm, missing values), Targets, and the Output element's features.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { close, pmml, refusal, scorer } from "./core-helpers.js";

const logistic = (z: number) => 1 / (1 + Math.exp(-z));

function regression(attrs: string, tables: string, extra = "", fields = ["x:double", "c:string"], target = "y:double"): string {
  const names = fields.map((f) => f.split(":")[0]!);
  const targetName = target.startsWith("<") ? /name="([^"]*)"/.exec(target)![1]! : target.split(":")[0]!;
  return pmml(
    [...fields, target],
    `<RegressionModel ${attrs}>
       <MiningSchema>${names.map((n) => `<MiningField name="${n}" invalidValueTreatment="asIs"/>`).join("")}<MiningField name="${targetName}" usageType="target"/></MiningSchema>
       ${extra}
       ${tables}
     </RegressionModel>`,
  );
}

const CLASSES = `<DataField name="k" dataType="string" optype="categorical"><Value value="a"/><Value value="b"/><Value value="c"/></DataField>`;
const BINARY = `<DataField name="k" dataType="string" optype="categorical"><Value value="yes"/><Value value="no"/></DataField>`;

test("regression: Σ coefficient·x^exponent + categorical coefficients + interaction terms + intercept", () => {
  const xml = regression(
    'functionName="regression"',
    `<RegressionTable intercept="0.5">
       <NumericPredictor name="x" exponent="2" coefficient="3"/>
       <NumericPredictor name="x" coefficient="-1"/>
       <CategoricalPredictor name="c" value="red" coefficient="10"/>
       <CategoricalPredictor name="c" value="blue" coefficient="20"/>
       <PredictorTerm coefficient="0.25"><FieldRef field="x"/><FieldRef field="z"/></PredictorTerm>
     </RegressionTable>`,
    "",
    ["x:double", "c:string", "z:double"],
  );
  const s = scorer(xml);
  assert.deepEqual(s.score({ x: 2, c: "blue", z: 4 }), { y: 0.5 + 12 - 2 + 20 + 2 });
  // A categorical field that is missing (or another value) adds nothing; a numeric one makes it missing.
  assert.deepEqual(s.score({ x: 2, c: null, z: 4 }), { y: 0.5 + 12 - 2 + 2 });
  assert.deepEqual(s.score({ x: 2, c: "green", z: 4 }), { y: 0.5 + 12 - 2 + 2 });
  assert.deepEqual(s.score({ x: null, c: "red", z: 4 }), { y: null });
  assert.deepEqual(s.score({ x: 2, c: "red", z: null }), { y: null });
});

test("regression normalizations: none, logit, softmax, exp, probit, cloglog, loglog, cauchit; simplemax refused", () => {
  const z = 0.7;
  const cases: [string, number][] = [
    ["none", z],
    ["logit", logistic(z)],
    ["softmax", logistic(z)],
    ["exp", Math.exp(z)],
    ["cloglog", 1 - Math.exp(-Math.exp(z))],
    ["loglog", Math.exp(-Math.exp(-z))],
    ["cauchit", 0.5 + Math.atan(z) / Math.PI],
  ];
  for (const [method, expected] of cases) {
    const s = scorer(regression(`functionName="regression" normalizationMethod="${method}"`, `<RegressionTable intercept="${z}"/>`, "", ["x:double"]));
    close((s.score({ x: 1 }) as Record<string, number>).y, expected, 1e-12);
  }
  const probit = scorer(regression('functionName="regression" normalizationMethod="probit"', `<RegressionTable intercept="0"/>`, "", ["x:double"]));
  close((probit.score({ x: 1 }) as Record<string, number>).y, 0.5);
  assert.match(refusal(regression('functionName="regression" normalizationMethod="simplemax"', `<RegressionTable intercept="0"/>`, "", ["x:double"])), /normalizationMethod="simplemax" is not supported for regression/);
});

test("classification, softmax over three tables; the first most probable category wins", () => {
  const xml = regression(
    'functionName="classification" normalizationMethod="softmax"',
    `<RegressionTable targetCategory="a" intercept="1"><NumericPredictor name="x" coefficient="1"/></RegressionTable>
     <RegressionTable targetCategory="b" intercept="2"/>
     <RegressionTable targetCategory="c" intercept="0"/>`,
    `<Output><OutputField name="P(a)" feature="probability" value="a"/><OutputField name="P(c)" feature="probability" value="c"/><OutputField name="P" feature="probability"/><OutputField name="label" feature="predictedValue"/></Output>`,
    ["x:double"],
    CLASSES,
  ).replace('<MiningField name="k" usageType="target"/>', '<MiningField name="k" usageType="predicted"/>');
  const s = scorer(xml);
  const r = s.score({ x: 2 }) as Record<string, number | string>;
  const e = [Math.exp(3), Math.exp(2), Math.exp(0)];
  const sum = e[0]! + e[1]! + e[2]!;
  assert.equal(r.k, "a");
  assert.equal(r.label, "a");
  close(r["P(a)"], e[0]! / sum);
  close(r["P(c)"], e[2]! / sum);
  close(r.P, e[0]! / sum);
  // A tie goes to the first table.
  assert.equal((s.score({ x: 1 }) as Record<string, string>).k, "a");
  assert.deepEqual(s.score({ x: null }), { k: null, "P(a)": null, "P(c)": null, P: null, label: null });
});

test("classification, two tables: logit, probit, none (clamped), softmax with an empty second table, simplemax", () => {
  const two = (method: string, second = `<RegressionTable targetCategory="no" intercept="0"/>`) =>
    scorer(regression(`functionName="classification" normalizationMethod="${method}"`, `<RegressionTable targetCategory="yes" intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable>${second}`, `<Output><OutputField name="p" feature="probability" value="yes"/></Output>`, ["x:double"], BINARY));
  const p = (s: ReturnType<typeof scorer>, x: number) => (s.score({ x }) as Record<string, number>).p;
  close(p(two("logit"), 0.3), logistic(0.3));
  close(p(two("probit"), 0), 0.5);
  assert.equal(p(two("none"), 1.7), 1);
  assert.equal(p(two("none"), 0.25), 0.25);
  close(p(two("softmax"), 0.3), logistic(0.3));
  close(p(two("softmax", `<RegressionTable targetCategory="no" intercept="0.5"/>`), 0.3), Math.exp(0.3) / (Math.exp(0.3) + Math.exp(0.5)));
  close(p(two("simplemax", `<RegressionTable targetCategory="no" intercept="3"/>`), 1), 0.25);
  assert.equal((two("logit").score({ x: 2 }) as Record<string, string>).k, "yes");
  assert.equal((two("logit").score({ x: -2 }) as Record<string, string>).k, "no");
});

test("classification with more categories: none gives the last the rest; the links are refused", () => {
  const s = scorer(
    regression(
      'functionName="classification" normalizationMethod="none"',
      `<RegressionTable targetCategory="a" intercept="0.2"/><RegressionTable targetCategory="b" intercept="0.5"/><RegressionTable targetCategory="c" intercept="9"/>`,
      `<Output><OutputField name="pc" feature="probability" value="c"/></Output>`,
      ["x:double"],
      CLASSES,
    ),
  );
  close((s.score({ x: 0 }) as Record<string, number>).pc, 0.3);
  assert.match(
    refusal(regression('functionName="classification" normalizationMethod="logit"', `<RegressionTable targetCategory="a" intercept="0"/><RegressionTable targetCategory="b" intercept="0"/><RegressionTable targetCategory="c" intercept="0"/>`, "", ["x:double"], CLASSES)),
    /normalizationMethod="logit" with 3 categories is not supported/,
  );
});

test("ordinal target: cumulative link probabilities of all tables but the last", () => {
  const ord = `<DataField name="k" dataType="string" optype="ordinal"><Value value="low"/><Value value="mid"/><Value value="high"/></DataField>`;
  const s = scorer(
    regression(
      'functionName="classification" normalizationMethod="logit"',
      `<RegressionTable targetCategory="low" intercept="-1"><NumericPredictor name="x" coefficient="1"/></RegressionTable><RegressionTable targetCategory="mid" intercept="1"><NumericPredictor name="x" coefficient="1"/></RegressionTable><RegressionTable targetCategory="high" intercept="0"/>`,
      `<Output><OutputField name="pl" feature="probability" value="low"/><OutputField name="pm" feature="probability" value="mid"/><OutputField name="ph" feature="probability" value="high"/></Output>`,
      ["x:double"],
      ord,
    ),
  );
  const r = s.score({ x: 0.5 }) as Record<string, number>;
  close(r.pl, logistic(-0.5));
  close(r.pm, logistic(1.5) - logistic(-0.5));
  close(r.ph, 1 - logistic(1.5));
});

test("numeric targets: labels keep their type (an integer target gives ints)", () => {
  const intTarget = `<DataField name="k" dataType="integer" optype="categorical"><Value value="0"/><Value value="1"/></DataField>`;
  const s = scorer(regression('functionName="classification" normalizationMethod="logit"', `<RegressionTable targetCategory="1" intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable><RegressionTable targetCategory="0" intercept="0"/>`, `<Output><OutputField name="p1" feature="probability" value="1"/></Output>`, ["x:double"], intTarget));
  const r = s.score({ x: 1 }) as Record<string, number>;
  assert.equal(r.k, 1);
  close(r.p1, logistic(1));
});

test("Targets: default value, min/max, rescaleFactor and rescaleConstant, castInteger", () => {
  const t = (target: string, targetType = "y:double") => scorer(regression('functionName="regression"', `<RegressionTable intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable>`, `<Targets>${target}</Targets>`, ["x:double"], targetType));
  const y = (s: ReturnType<typeof scorer>, x: number | null) => (s.score({ x }) as Record<string, number>).y;
  const scaled = t(`<Target field="y" rescaleFactor="2" rescaleConstant="10" min="-1" max="4"><TargetValue defaultValue="3"/></Target>`);
  assert.equal(y(scaled, 1), 12);
  assert.equal(y(scaled, 7), 18);
  assert.equal(y(scaled, -5), 8);
  assert.equal(y(scaled, null), 16);
  assert.ok(Number.isNaN(y(scaled, NaN)));
  const rounded = t(`<Target field="y" castInteger="round"/>`, "y:integer");
  assert.equal(y(rounded, 2.5), 3);
  assert.equal(y(rounded, -2.5), -2);
  assert.equal(y(t(`<Target castInteger="floor"/>`), -2.5), -3);
  assert.equal(y(t(`<Target castInteger="ceiling"/>`), -2.5), -2);
  // An integer target without castInteger keeps the regression's value.
  assert.equal(y(t("", "y:integer"), 2.5), 2.5);
});

test("Targets: prior probabilities when the model cannot predict", () => {
  const s = scorer(
    regression(
      'functionName="classification" normalizationMethod="softmax"',
      `<RegressionTable targetCategory="a" intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable><RegressionTable targetCategory="b" intercept="0"/><RegressionTable targetCategory="c" intercept="0"/>`,
      `<Output><OutputField name="pb" feature="probability" value="b"/></Output><Targets><Target field="k"><TargetValue value="a" priorProbability="0.2"/><TargetValue value="b" priorProbability="0.6"/><TargetValue value="c" priorProbability="0.2"/></Target></Targets>`,
      ["x:double"],
      CLASSES,
    ),
  );
  assert.deepEqual(s.score({ x: null }), { k: "b", pb: 0.6 });
});

test("Output: predictedDisplayValue, transformedValue over output fields, decision, residual; what is refused", () => {
  const targets = `<Targets><Target field="k"><TargetValue value="yes" displayValue="Yes!"/></Target></Targets>`;
  const out = `<Output>
      <OutputField name="shown" feature="predictedDisplayValue"/>
      <OutputField name="p" feature="probability" value="yes"/>
      <OutputField name="odds" dataType="double" feature="transformedValue"><Apply function="/"><FieldRef field="p"/><Apply function="-"><Constant>1</Constant><FieldRef field="p"/></Apply></Apply></OutputField>
      <OutputField name="act" dataType="string" feature="decision"><Apply function="if"><Apply function="greaterThan"><FieldRef field="p"/><Constant>0.9</Constant></Apply><Constant>call</Constant><Constant>wait</Constant></Apply></OutputField>
      <OutputField name="res" feature="residual" value="yes"/>
    </Output>`;
  const xml = regression('functionName="classification" normalizationMethod="logit"', `<RegressionTable targetCategory="yes" intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable><RegressionTable targetCategory="no" intercept="0"/>`, out + targets, ["x:double"], BINARY);
  const s = scorer(xml);
  // The model reads its own target (for the residual): the target stays an input, the output fields carry the prediction.
  assert.deepEqual(s.pipeline.outputs, ["shown", "p", "odds", "act", "res"]);
  const r = s.score({ x: 3, k: "no" }) as Record<string, number | string>;
  assert.equal(r.shown, "Yes!");
  close(r.odds, Math.exp(3));
  assert.equal(r.act, "call");
  close(r.res, -logistic(3));
  assert.equal((s.score({ x: -3, k: "no" }) as Record<string, string>).shown, "no");
  assert.equal((s.score({ x: -3, k: null }) as Record<string, unknown>).res, null);

  const base = (field: string) => regression('functionName="classification" normalizationMethod="logit"', `<RegressionTable targetCategory="yes" intercept="0"/><RegressionTable targetCategory="no" intercept="0"/>`, `<Output>${field}</Output>`, ["x:double"], BINARY);
  assert.match(refusal(base(`<OutputField name="e" feature="entityId"/>`)), /OutputField 'e': feature="entityId" is not provided by RegressionModel/);
  assert.match(refusal(base(`<OutputField name="w" feature="warning"/>`)), /feature="warning" is not supported/);
  assert.match(refusal(base(`<OutputField name="a" feature="probability" value="a"/><OutputField name="a" feature="predictedValue"/>`)), /the output field "a" is defined twice/);
  // The same field written twice (R's pmml package does so) is one field.
  assert.deepEqual(scorer(base(`<OutputField name="a" feature="predictedValue"/><OutputField name="a" feature="predictedValue"/>`)).pipeline.outputs, ["k", "a"]);
  assert.match(refusal(base(`<OutputField name="n" dataType="double" feature="predictedValue"/>`)), /the predictedValue is a string, which does not convert to dataType="double"/);
});
