/**
 * The "model-verification" reference: a PMML document's own ModelVerification rows, used by
 * diff-score when no input rows are given; each field within its own precision.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { diffScore } from "../../src/diff/diff-score.js";
import { pmml } from "./core-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "pfa-pmml-mv-"));

function model(rows: string, precision = ""): string {
  const path = join(dir, `m${Math.random().toString(36).slice(2)}.pmml`);
  writeFileSync(
    path,
    pmml(
      ["x:double", "c:string", "y:double"],
      `<RegressionModel functionName="regression">
         <MiningSchema><MiningField name="x"/><MiningField name="c"/><MiningField name="y" usageType="target"/></MiningSchema>
         <Output><OutputField name="twice" dataType="double" feature="transformedValue"><Apply function="*"><FieldRef field="y"/><Constant>2</Constant></Apply></OutputField></Output>
         <RegressionTable intercept="1"><NumericPredictor name="x" coefficient="0.1"/><CategoricalPredictor name="c" value="a" coefficient="10"/></RegressionTable>
         <ModelVerification recordCount="3" fieldCount="4">
           <VerificationFields>
             <VerificationField field="x" column="data:x"/>
             <VerificationField field="c" column="data:c"/>
             <VerificationField field="y" column="data:y" ${precision}/>
             <VerificationField field="twice" column="data:twice"/>
           </VerificationFields>
           <InlineTable>${rows}</InlineTable>
         </ModelVerification>
       </RegressionModel>`,
    ),
  );
  return path;
}

const GOOD = `
  <row><data:x>1</data:x><data:c>a</data:c><data:y>11.1</data:y><data:twice>22.2</data:twice></row>
  <row><data:x>2</data:x><data:c>b</data:c><data:y>1.2</data:y></row>
  <row><data:c>a</data:c><data:y/></row>`;

test("diff-score without input rows takes the document's ModelVerification rows", async () => {
  const report = await diffScore({ model: model(GOOD), tolerance: { rtol: 1e-12, atol: 1e-12 } });
  assert.equal(report.reference, "model-verification");
  assert.equal(report.rows, 3);
  assert.ok(report.agree, JSON.stringify(report.differences));
  // "twice" is verified in one row only: a cell a row leaves out is not compared.
  assert.deepEqual(
    report.columns.map((c) => [c.column, c.compared]),
    [
      ["y", 3],
      ["twice", 1],
    ],
  );
});

test("a wrong expected value is found; each field within its own precision", async () => {
  const wrong = GOOD.replace("<data:y>11.1</data:y>", "<data:y>11.1001</data:y>");
  const strict = await diffScore({ model: model(wrong), tolerance: { rtol: 1e-12, atol: 1e-12 } });
  assert.equal(strict.agree, false);
  assert.equal(strict.differences[0]?.column, "y");
  const loose = await diffScore({ model: model(wrong, 'precision="1E-4"'), tolerance: { rtol: 1e-12, atol: 1e-12 } });
  assert.ok(loose.agree);
});

test("with input rows given, the ModelVerification rows are not used", async () => {
  const rows = join(dir, "rows.csv");
  writeFileSync(rows, "x,c\n1,a\n");
  const report = await diffScore({ model: model(GOOD), rows, tolerance: { rtol: 1e-12, atol: 1e-12 } });
  assert.equal(report.reference, "ir");
  assert.equal(report.rows, 1);
});

test("the reference can be asked for by name; a document without ModelVerification has none", async () => {
  const report = await diffScore({ model: model(GOOD), reference: "model-verification", tolerance: { rtol: 1e-12, atol: 1e-12 } });
  assert.equal(report.reference, "model-verification");
  const plain = join(dir, "plain.pmml");
  writeFileSync(plain, pmml(["x:double", "y:double"], `<RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema><RegressionTable intercept="1"/></RegressionModel>`));
  await assert.rejects(diffScore({ model: plain, reference: "model-verification", tolerance: { rtol: 0, atol: 0 } }), /has no "model-verification" reference/);
});
