/** Element text in PMML: an InlineTable cell's spaces are part of its value (xml.ts keeps rawText). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseXml } from "../../converters/pmml/xml.js";
import { pmml, scorer } from "./core-helpers.js";

test("xml: text is trimmed, rawText keeps the spaces", () => {
  const root = parseXml("<PMML><row><c> a </c><n>\n 2 \n</n></row></PMML>");
  const row = root.children[0]!;
  assert.equal(row.children[0]!.text, "a");
  assert.equal(row.children[0]!.rawText, " a ");
  assert.equal(row.children[1]!.text, "2");
});

test("MapValues: a string key with spaces matches only itself; numbers are read without spaces", () => {
  const xml = pmml(
    [`<DataField name="code" optype="categorical" dataType="string"/>`, `<DataField name="y" optype="continuous" dataType="double"/>`],
    `<RegressionModel functionName="regression">
      <MiningSchema><MiningField name="code"/><MiningField name="y" usageType="target"/></MiningSchema>
      <LocalTransformations>
        <DerivedField name="weight" optype="continuous" dataType="double">
          <MapValues outputColumn="w" dataType="double" defaultValue="0">
            <FieldColumnPair field="code" column="c"/>
            <InlineTable><row><c> a</c><w> 1.5 </w></row><row><c>a</c><w>2.5</w></row></InlineTable>
          </MapValues>
        </DerivedField>
      </LocalTransformations>
      <RegressionTable intercept="0"><NumericPredictor name="weight" coefficient="1"/></RegressionTable>
    </RegressionModel>`,
  );
  const s = scorer(xml);
  assert.deepEqual(s.score({ code: " a" }), { y: 1.5 });
  assert.deepEqual(s.score({ code: "a" }), { y: 2.5 });
  assert.deepEqual(s.score({ code: "b" }), { y: 0 });
});
