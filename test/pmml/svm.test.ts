/**
 * SupportVectorMachineModel reader: small models written for these tests (decision values computed by
 * hand in the test), scored by the IR's reference evaluator and by the PFA the writer makes of it.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { close, scoreWith, type Row } from "./score-harness.js";
import { readSupportVectorMachineModel } from "../../converters/pmml/models/svm.js";

const scoreDocument = (xml: string, rows: Row[]): Row[] => scoreWith(xml, rows, { SupportVectorMachineModel: readSupportVectorMachineModel });

const DICTIONARY = `<DataDictionary>
    <DataField name="x1" optype="continuous" dataType="double"/>
    <DataField name="x2" optype="continuous" dataType="double"/>
    <DataField name="c" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/><Value value="c"/></DataField>
  </DataDictionary>`;

const VECTORS = `<VectorDictionary>
      <VectorFields><FieldRef field="x1"/><FieldRef field="x2"/></VectorFields>
      <VectorInstance id="1"><REAL-SparseArray n="2"><Indices>1 2</Indices><REAL-Entries>1 0</REAL-Entries></REAL-SparseArray></VectorInstance>
      <VectorInstance id="2"><REAL-SparseArray n="2"><Indices>2</Indices><REAL-Entries>1</REAL-Entries></REAL-SparseArray></VectorInstance>
      <VectorInstance id="3"><Array type="real" n="2">-1 -1</Array></VectorInstance>
    </VectorDictionary>`;

/** One machine per pair of categories, RBF kernel, no classificationMethod (inferred OneAgainstOne). */
const ONE_AGAINST_ONE = `<PMML version="4.3">${DICTIONARY}
  <SupportVectorMachineModel functionName="classification" threshold="0.1">
    <MiningSchema><MiningField name="x1"/><MiningField name="x2"/><MiningField name="c" usageType="target"/></MiningSchema>
    <Output>
      <OutputField name="p_a" feature="probability" value="a"/>
      <OutputField name="p_b" feature="probability" value="b"/>
      <OutputField name="p_c" feature="probability" value="c"/>
    </Output>
    <RadialBasisKernelType gamma="0.5"/>
    ${VECTORS}
    <SupportVectorMachine targetCategory="a" alternateTargetCategory="b">
      <SupportVectors><SupportVector vectorId="1"/><SupportVector vectorId="2"/></SupportVectors>
      <Coefficients absoluteValue="0.2"><Coefficient value="-1"/><Coefficient value="1"/></Coefficients>
    </SupportVectorMachine>
    <SupportVectorMachine targetCategory="a" alternateTargetCategory="c" threshold="0">
      <SupportVectors><SupportVector vectorId="1"/><SupportVector vectorId="3"/></SupportVectors>
      <Coefficients absoluteValue="0"><Coefficient value="-1"/><Coefficient value="1"/></Coefficients>
    </SupportVectorMachine>
    <SupportVectorMachine targetCategory="b" alternateTargetCategory="c" threshold="0">
      <SupportVectors><SupportVector vectorId="2"/><SupportVector vectorId="3"/></SupportVectors>
      <Coefficients absoluteValue="0"><Coefficient value="-1"/><Coefficient value="1"/></Coefficients>
    </SupportVectorMachine>
  </SupportVectorMachineModel>
</PMML>`;

const rbf = (x: number[], y: number[], g: number): number => Math.exp(-g * x.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0));
const SV = [[1, 0], [0, 1], [-1, -1]];

describe("SupportVectorMachineModel", () => {
  it("OneAgainstOne: votes below the threshold for the targetCategory, probabilities are votes over machines", () => {
    const inputs = [{ x1: 1, x2: 0.1 }, { x1: 0, x2: 1.2 }, { x1: -1, x2: -0.5 }, { x1: 0.5, x2: 0.5 }];
    const rows = scoreDocument(ONE_AGAINST_ONE, inputs);
    for (const [i, { x1, x2 }] of inputs.entries()) {
      const k = SV.map((v) => rbf([x1, x2], v, 0.5));
      const f = [-k[0]! + k[1]! + 0.2, -k[0]! + k[2]!, -k[1]! + k[2]!];
      const t = [0.1, 0, 0];
      const pairs: [string, string][] = [["a", "b"], ["a", "c"], ["b", "c"]];
      const votes = new Map<string, number>([["a", 0], ["b", 0], ["c", 0]]);
      const order: string[] = [];
      f.forEach((v, m) => {
        const w = v < t[m]! ? pairs[m]![0] : pairs[m]![1];
        votes.set(w, votes.get(w)! + 1);
        if (!order.includes(w)) order.push(w);
      });
      const max = Math.max(...votes.values());
      // ties: the tied category that received a vote first
      const winner = order.find((c) => votes.get(c) === max);
      assert.equal(rows[i]!.c, winner);
      close(rows[i]!.p_a, votes.get("a")! / 3);
      close(rows[i]!.p_b, votes.get("b")! / 3);
      close(rows[i]!.p_c, votes.get("c")! / 3);
    }
  });

  it("OneAgainstOne: a tie goes to the tied category that received a vote first", () => {
    // the thresholds make machine 1 vote for b, machine 2 for a, machine 3 for c
    const doc = ONE_AGAINST_ONE.replace('threshold="0.1"', 'threshold="-10"').replace('threshold="0"', 'threshold="10"').replace('threshold="0"', 'threshold="-10"');
    const [r] = scoreDocument(doc, [{ x1: 0.3, x2: 0.2 }]);
    assert.equal(r!.c, "b");
    close(r!.p_a, 1 / 3);
  });

  it("a missing input refuses the row", () => {
    const [r] = scoreDocument(ONE_AGAINST_ONE, [{ x1: null, x2: 1 }]);
    assert.equal(r!.refused, true);
  });

  it("OneAgainstAll: the smallest decision value wins, the largest with maxWins", () => {
    const doc = `<PMML version="4.3">${DICTIONARY}
      <SupportVectorMachineModel functionName="classification" classificationMethod="OneAgainstAll">
        <MiningSchema><MiningField name="x1"/><MiningField name="x2"/><MiningField name="c" usageType="target"/></MiningSchema>
        <PolynomialKernelType gamma="0.5" coef0="1" degree="2"/>
        ${VECTORS}
        <SupportVectorMachine targetCategory="a"><SupportVectors><SupportVector vectorId="1"/></SupportVectors><Coefficients absoluteValue="0"><Coefficient value="-1"/></Coefficients></SupportVectorMachine>
        <SupportVectorMachine targetCategory="b"><SupportVectors><SupportVector vectorId="2"/></SupportVectors><Coefficients absoluteValue="0"><Coefficient value="-1"/></Coefficients></SupportVectorMachine>
        <SupportVectorMachine targetCategory="c"><SupportVectors><SupportVector vectorId="3"/></SupportVectors><Coefficients absoluteValue="0"><Coefficient value="-1"/></Coefficients></SupportVectorMachine>
      </SupportVectorMachineModel></PMML>`;
    const inputs = [{ x1: 2, x2: 0 }, { x1: 0, x2: 3 }, { x1: -2, x2: -1 }];
    const poly = (x: number[], y: number[]): number => (0.5 * (x[0]! * y[0]! + x[1]! * y[1]!) + 1) ** 2;
    const f = inputs.map(({ x1, x2 }) => SV.map((v) => -poly([x1, x2], v)));
    const rows = scoreDocument(doc, inputs);
    rows.forEach((r, i) => assert.equal(r.c, ["a", "b", "c"][f[i]!.indexOf(Math.min(...f[i]!))]));
    const maxWins = scoreDocument(doc.replace('classificationMethod="OneAgainstAll"', 'classificationMethod="OneAgainstAll" maxWins="true"'), inputs);
    maxWins.forEach((r, i) => assert.equal(r.c, ["a", "b", "c"][f[i]!.indexOf(Math.max(...f[i]!))]));
  });

  it("alternateBinaryTargetCategory: the rounded value 1 is the targetCategory, 0 the alternate, else the row is refused", () => {
    const doc = `<PMML version="4.3">${DICTIONARY}
      <SupportVectorMachineModel functionName="classification" alternateBinaryTargetCategory="b">
        <MiningSchema><MiningField name="x1"/><MiningField name="x2"/><MiningField name="c" usageType="target"/></MiningSchema>
        <Output><OutputField name="p_a" feature="probability" value="a"/></Output>
        <LinearKernelType/>
        ${VECTORS}
        <SupportVectorMachine targetCategory="a"><SupportVectors><SupportVector vectorId="1"/></SupportVectors><Coefficients absoluteValue="0"><Coefficient value="1"/></Coefficients></SupportVectorMachine>
      </SupportVectorMachineModel></PMML>`;
    const rows = scoreDocument(doc, [{ x1: 0.9, x2: 5 }, { x1: 0.2, x2: 5 }, { x1: 1.7, x2: 5 }]);
    assert.equal(rows[0]!.c, "a");
    assert.equal(rows[0]!.p_a, 1);
    assert.equal(rows[1]!.c, "b");
    assert.equal(rows[1]!.p_a, 0);
    assert.equal(rows[2]!.refused, true);
  });

  it("regression with CategoricalPredictor vector fields", () => {
    const doc = `<PMML version="4.3">
      <DataDictionary>
        <DataField name="x" optype="continuous" dataType="double"/>
        <DataField name="g" optype="categorical" dataType="string"/>
        <DataField name="y" optype="continuous" dataType="double"/>
      </DataDictionary>
      <SupportVectorMachineModel functionName="regression">
        <MiningSchema><MiningField name="x"/><MiningField name="g"/><MiningField name="y" usageType="target"/></MiningSchema>
        <SigmoidKernelType gamma="0.25" coef0="-0.5"/>
        <VectorDictionary>
          <VectorFields><FieldRef field="x"/><CategoricalPredictor name="g" value="p" coefficient="1"/><CategoricalPredictor name="g" value="q" coefficient="1"/></VectorFields>
          <VectorInstance id="s1"><REAL-SparseArray n="3"><Indices>1 2</Indices><REAL-Entries>0.5 1</REAL-Entries></REAL-SparseArray></VectorInstance>
          <VectorInstance id="s2"><REAL-SparseArray n="3"><Indices>1 3</Indices><REAL-Entries>-2 1</REAL-Entries></REAL-SparseArray></VectorInstance>
        </VectorDictionary>
        <SupportVectorMachine>
          <SupportVectors><SupportVector vectorId="s1"/><SupportVector vectorId="s2"/></SupportVectors>
          <Coefficients absoluteValue="1.5"><Coefficient value="2"/><Coefficient value="-3"/></Coefficients>
        </SupportVectorMachine>
      </SupportVectorMachineModel></PMML>`;
    const inputs = [{ x: 1, g: "p" }, { x: -1, g: "q" }, { x: 2, g: "r" }];
    const rows = scoreDocument(doc, inputs);
    const sig = (a: number[], b: number[]): number => Math.tanh(0.25 * a.reduce((s, v, i) => s + v * b[i]!, 0) - 0.5);
    inputs.forEach(({ x, g }, i) => {
      const v = [x, g === "p" ? 1 : 0, g === "q" ? 1 : 0];
      close(rows[i]!.y, 2 * sig(v, [0.5, 1, 0]) - 3 * sig(v, [-2, 0, 1]) + 1.5);
    });
  });

  it('svmRepresentation="Coefficients": a linear machine on the vector fields', () => {
    const doc = `<PMML version="4.3">${DICTIONARY}
      <SupportVectorMachineModel functionName="classification" svmRepresentation="Coefficients" classificationMethod="OneAgainstAll">
        <MiningSchema><MiningField name="x1"/><MiningField name="x2"/><MiningField name="c" usageType="target"/></MiningSchema>
        <LinearKernelType/>
        <VectorDictionary><VectorFields><FieldRef field="x1"/><FieldRef field="x2"/></VectorFields></VectorDictionary>
        <SupportVectorMachine targetCategory="a"><Coefficients absoluteValue="0"><Coefficient value="1"/><Coefficient value="0"/></Coefficients></SupportVectorMachine>
        <SupportVectorMachine targetCategory="b"><Coefficients absoluteValue="0"><Coefficient value="0"/><Coefficient value="1"/></Coefficients></SupportVectorMachine>
        <SupportVectorMachine targetCategory="c"><Coefficients absoluteValue="0.5"><Coefficient value="0"/><Coefficient value="0"/></Coefficients></SupportVectorMachine>
      </SupportVectorMachineModel></PMML>`;
    // f = (x1, x2, 0.5): the smallest wins
    const rows = scoreDocument(doc, [{ x1: 0, x2: 1 }, { x1: 2, x2: 1 }, { x1: 2, x2: -1 }]);
    assert.deepEqual(rows.map((r) => r.c), ["a", "c", "b"]);
  });

  it("refuses what it cannot convert faithfully", () => {
    const coef = ONE_AGAINST_ONE.replace('functionName="classification"', 'functionName="classification" svmRepresentation="Coefficients"');
    assert.throws(() => scoreDocument(coef, []), /svmRepresentation="Coefficients" with a kernel other than the linear one is not supported/);
    const weighted = ONE_AGAINST_ONE.replace('<VectorFields><FieldRef field="x1"/><FieldRef field="x2"/></VectorFields>', '<VectorFields><FieldRef field="x1"/><CategoricalPredictor name="c" value="a" coefficient="2"/></VectorFields>');
    assert.throws(() => scoreDocument(weighted, []), /a CategoricalPredictor's coefficient other than 1 is not supported/);
    const float = ONE_AGAINST_ONE.replace('functionName="classification"', 'functionName="classification" x-mathContext="float"');
    assert.throws(() => scoreDocument(float, []), /mathContext="float" is not supported/);
    // A sparse array's declared size must be the VectorFields' (checked before anything is allocated).
    for (const n of ["-1", "3", "1e12"]) {
      const sized = ONE_AGAINST_ONE.replace('<VectorInstance id="2"><REAL-SparseArray n="2">', `<VectorInstance id="2"><REAL-SparseArray n="${n}">`);
      assert.throws(() => scoreDocument(sized, []), /REAL-SparseArray: n=".*": the vector has .* elements, the VectorFields 2/);
    }
  });
});
