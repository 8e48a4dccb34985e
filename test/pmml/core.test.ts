/**
 * The PMML document reader: detection, the refusals of malformed and hostile documents, the model
 * element and its dispatch, inputs and outputs of the pipeline.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pmmlReader, rootElementName } from "../../converters/pmml/reader.js";
import { detectFormat } from "../../converters/registry.js";
import { UserError } from "../../src/errors.js";
import { HAVE_SHARED, SKIP_SHARED, sharedPath } from "../shared.js";
import { inputTypes, pmml, read, refusal, scorer } from "./core-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "pfa-pmml-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const LINEAR = pmml(
  ["x:double", "y:double"],
  `<RegressionModel functionName="regression">
     <MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
     <RegressionTable intercept="1"><NumericPredictor name="x" coefficient="2"/></RegressionTable>
   </RegressionModel>`,
);

async function refusedFile(path: string): Promise<string> {
  try {
    await pmmlReader.read(path, {});
  } catch (e) {
    assert.ok(e instanceof UserError, `a UserError, found ${(e as Error).name}: ${(e as Error).message}`);
    assert.ok(!e.message.includes("\n"));
    return e.message;
  }
  return assert.fail(`${path} was read, but a refusal was expected`);
}

test("detect: .pmml files, and .xml files whose root is PMML", async () => {
  assert.equal(await pmmlReader.detect(file("a.pmml", LINEAR)), true);
  assert.equal(await pmmlReader.detect(file("a.xml", LINEAR)), true);
  assert.equal(await pmmlReader.detect(file("b.xml", "<?xml version='1.0'?>\n<!-- a comment --><pmml:PMML xmlns:pmml='x'/>")), true);
  assert.equal(await pmmlReader.detect(file("c.xml", "<?xml version='1.0'?><svg/>")), false);
  assert.equal(await pmmlReader.detect(file("d.json", "{}")), false);
  assert.equal((await detectFormat(file("e.pmml", LINEAR)))?.format, "pmml");
  assert.equal(rootElementName("\uFEFF<?xml version='1.0'?>\n<?pi x?><PMML version='4.4'>"), "PMML");
});

test("a simple regression reads, scores, and names its output after the target", async () => {
  const p = await pmmlReader.read(file("linear.pmml", LINEAR), {});
  assert.deepEqual(inputTypes(p), { x: "double?" });
  assert.deepEqual(p.outputs, ["y"]);
  assert.equal(p.metadata["pmml.model"], "RegressionModel");
  const s = scorer(LINEAR);
  assert.deepEqual(s.score({ x: 3 }), { y: 7 });
  assert.deepEqual(s.score({ x: null }), { y: null });
});

test("malformed documents are refused in one line", async () => {
  assert.match(await refusedFile(file("wrong-root.xml", "<?xml version='1.0'?><html><body/></html>")), /root element is <html>, not <PMML>/);
  assert.match(await refusedFile(file("truncated.pmml", LINEAR.slice(0, LINEAR.length / 2))), /not well-formed XML/);
  assert.match(await refusedFile(file("empty.pmml", "")), /empty/);
  assert.match(await refusedFile(file("garbage.pmml", "\u0000\u0001 not xml at all")), /well-formed|root/);
  const dtd = `<?xml version="1.0"?><!DOCTYPE PMML [<!ENTITY x "y">]><PMML version="4.4"><DataDictionary/></PMML>`;
  assert.match(await refusedFile(file("dtd.pmml", dtd)), /document type declaration/);
  const xxe = `<?xml version="1.0"?><!DOCTYPE PMML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><PMML version="4.4">&xxe;</PMML>`;
  assert.match(await refusedFile(file("xxe.pmml", xxe)), /document type declaration/);
});

test("hostile corpus files (XXE, billion laughs) are refused quickly, in bounded memory", { skip: SKIP_SHARED }, async () => {
  for (const name of ["XXEAttackTest", "XEEAttackTest"]) {
    const before = process.memoryUsage().heapUsed;
    const message = await refusedFile(sharedPath(`corpus/pmml/jpmml-model-fixtures/pmml/${name}.pmml`));
    assert.match(message, /document type declaration/);
    assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024, "no entity expansion");
  }
});

test("the model element: the first model child; none, or a type no reader handles, is refused", () => {
  assert.match(refusal(pmml(["x:double"], "")), /the document has no model element/);
  assert.match(
    refusal(pmml(["x:string"], `<SequenceModel functionName="sequences" numberOfTransactions="1" maxNumberOfItemsPerTransaction="1" avgNumberOfItemsPerTransaction="1" numberOfTransactionGroups="1" maxNumberOfTAsPerTAGroup="1" avgNumberOfTAsPerTAGroup="1"><MiningSchema><MiningField name="x"/></MiningSchema></SequenceModel>`)),
    /SequenceModel: SequenceModel is not supported$/,
  );
  assert.match(refusal(pmml(["x:double"], `<TimeSeriesModel functionName="timeSeries"><MiningSchema/></TimeSeriesModel>`)), /TimeSeriesModel is not supported/);
  // Only the first model counts: a second, unsupported one is never read.
  const two = LINEAR.replace("</PMML>", `<AssociationModel functionName="associationRules"/></PMML>`);
  assert.deepEqual(read(two).outputs, ["y"]);
});

test("PMML versions 3.0 to 4.4 are read; others refused", () => {
  for (const v of ["3.0", "3.2", "4.1", "4.4", "4.4.1"]) assert.deepEqual(read(LINEAR.replace('version="4.4"', `version="${v}"`)).outputs, ["y"]);
  assert.match(refusal(LINEAR.replace('version="4.4"', 'version="5.0"')), /version="5.0" is not supported/);
  assert.match(refusal(LINEAR.replace('version="4.4"', 'version="2.1"')), /version="2.1" is not supported/);
});

test("inputs: only the DataDictionary fields the model uses, as nullable string, double or boolean", () => {
  const xml = pmml(
    ["a:double", "b:integer", "c:float", "d:string", "e:boolean", "unused:double", "y:double"],
    `<RegressionModel functionName="regression">
       <MiningSchema><MiningField name="a"/><MiningField name="b"/><MiningField name="c"/><MiningField name="d"/><MiningField name="e"/><MiningField name="unused"/><MiningField name="y" usageType="target"/></MiningSchema>
       <RegressionTable intercept="0">
         <NumericPredictor name="a" coefficient="1"/><NumericPredictor name="b" coefficient="1"/><NumericPredictor name="c" coefficient="1"/>
         <CategoricalPredictor name="d" value="x" coefficient="1"/><CategoricalPredictor name="e" value="true" coefficient="1"/>
       </RegressionTable>
     </RegressionModel>`,
  );
  assert.deepEqual(inputTypes(read(xml)), { a: "double?", b: "double?", c: "double?", d: "string?", e: "boolean?" });
  const s = scorer(xml);
  // b is an integer field (2.0 is 2), c a float field (0.1 becomes float32).
  assert.deepEqual(s.score({ a: 1, b: 2, c: 0.5, d: "x", e: true }), { y: 5.5 });
  assert.equal((s.score({ a: 0, b: 0, c: 0.1, d: "z", e: false }) as Record<string, number>).y, Math.fround(0.1));
  // An integer field given a fraction: invalid, and invalidValueTreatment defaults to returnInvalid.
  assert.equal(s.score({ a: 1, b: 2.5, c: 0, d: "x", e: true }), "refused");
  assert.match(refusal(pmml(["t:dateTime", "y:double"], `<RegressionModel functionName="regression"><MiningSchema><MiningField name="t"/><MiningField name="y" usageType="target"/></MiningSchema><RegressionTable intercept="0"><NumericPredictor name="t" coefficient="1"/></RegressionTable></RegressionModel>`)), /the dateTime field "t" is used as a number or a string, which jpmml-evaluator refuses/);
});

test("outputs: the target and every OutputField by name; names that are taken are kept free", () => {
  const xml = pmml(
    ["x:double", "y:double"],
    `<RegressionModel functionName="regression">
       <MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
       <Output>
         <OutputField name="y hat" feature="predictedValue"/>
         <OutputField name="twice" dataType="double" feature="transformedValue"><Apply function="*"><FieldRef field="y hat"/><Constant>2</Constant></Apply></OutputField>
       </Output>
       <LocalTransformations><DerivedField name="twice_" dataType="double" optype="continuous"><FieldRef field="x"/></DerivedField></LocalTransformations>
       <RegressionTable intercept="1"><NumericPredictor name="x" coefficient="2"/></RegressionTable>
     </RegressionModel>`,
  );
  const s = scorer(xml);
  assert.deepEqual(s.pipeline.outputs, ["y", "y hat", "twice"]);
  assert.deepEqual(s.score({ x: 1 }), { y: 3, "y hat": 3, twice: 6 });
});

test("steps that no output needs are dropped (an unused derived field never refuses a row)", () => {
  const xml = pmml(
    ["x:double", "y:double"],
    `<RegressionModel functionName="regression">
       <MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
       <LocalTransformations>
         <DerivedField name="bad" dataType="integer" optype="continuous"><Apply function="/"><FieldRef field="x"/><Constant>3</Constant></Apply></DerivedField>
       </LocalTransformations>
       <RegressionTable intercept="1"><NumericPredictor name="x" coefficient="2"/></RegressionTable>
     </RegressionModel>`,
  );
  const s = scorer(xml);
  assert.deepEqual(s.pipeline.steps.map((st) => st.op), ["linearModel"]);
  assert.deepEqual(s.score({ x: 1 }), { y: 3 });
});

test("a model that is not scorable is refused", () => {
  assert.match(refusal(LINEAR.replace('<RegressionModel functionName="regression">', '<RegressionModel functionName="regression" isScorable="false">')), /isScorable="false"/);
});

test("the registry has the pmml reader, with a model-verification reference", () => {
  assert.equal(typeof pmmlReader.references?.["model-verification"], "function");
  assert.ok(HAVE_SHARED || true);
});
