/**
 * NeuralNetwork reader: small networks written for these tests, their values computed by hand in the
 * test, scored by the IR's reference evaluator and by the PFA the writer makes of it.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { close, scoreWith, type Row } from "./score-harness.js";
import { readNeuralNetwork } from "../../converters/pmml/models/neural-network.js";

const scoreDocument = (xml: string, rows: Row[]): Row[] => scoreWith(xml, rows, { NeuralNetwork: readNeuralNetwork });

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** A regression network: x as it is, z normalised, a logistic hidden layer, an identity output denormalised. */
const REGRESSION = `<PMML version="4.3">
  <DataDictionary>
    <DataField name="x" optype="continuous" dataType="double"/>
    <DataField name="z" optype="continuous" dataType="double"/>
    <DataField name="y" optype="continuous" dataType="double"/>
  </DataDictionary>
  <NeuralNetwork functionName="regression" activationFunction="logistic">
    <MiningSchema><MiningField name="x"/><MiningField name="z"/><MiningField name="y" usageType="target"/></MiningSchema>
    <NeuralInputs>
      <NeuralInput id="i1"><DerivedField optype="continuous" dataType="double"><FieldRef field="x"/></DerivedField></NeuralInput>
      <NeuralInput id="i2"><DerivedField optype="continuous" dataType="double">
        <NormContinuous field="z"><LinearNorm orig="0" norm="0"/><LinearNorm orig="10" norm="1"/></NormContinuous>
      </DerivedField></NeuralInput>
    </NeuralInputs>
    <NeuralLayer>
      <Neuron id="h1" bias="0.5"><Con from="i1" weight="1"/><Con from="i2" weight="-2"/></Neuron>
      <Neuron id="h2" bias="-1"><Con from="i2" weight="3"/></Neuron>
    </NeuralLayer>
    <NeuralLayer activationFunction="identity">
      <Neuron id="o" bias="0.1"><Con from="h1" weight="2"/><Con from="h2" weight="-1"/></Neuron>
    </NeuralLayer>
    <NeuralOutputs>
      <NeuralOutput outputNeuron="o"><DerivedField optype="continuous" dataType="double">
        <NormContinuous field="y"><LinearNorm orig="0" norm="0"/><LinearNorm orig="100" norm="0.5"/><LinearNorm orig="300" norm="1"/></NormContinuous>
      </DerivedField></NeuralOutput>
    </NeuralOutputs>
  </NeuralNetwork>
</PMML>`;

/** A classifier: a NormDiscrete input, a tanh hidden layer, an identity output layer with softmax. */
const CLASSIFIER = `<PMML version="4.3">
  <DataDictionary>
    <DataField name="x" optype="continuous" dataType="double"/>
    <DataField name="g" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>
    <DataField name="c" optype="categorical" dataType="string"><Value value="u"/><Value value="v"/><Value value="w"/></DataField>
  </DataDictionary>
  <NeuralNetwork functionName="classification" activationFunction="tanh">
    <MiningSchema><MiningField name="x"/><MiningField name="g"/><MiningField name="c" usageType="predicted"/></MiningSchema>
    <Output>
      <OutputField name="p_u" feature="probability" value="u"/>
      <OutputField name="p_v" feature="probability" value="v"/>
      <OutputField name="p_w" feature="probability" value="w"/>
      <OutputField name="neuron" feature="entityId"/>
    </Output>
    <NeuralInputs>
      <NeuralInput id="0"><DerivedField optype="continuous" dataType="double"><FieldRef field="x"/></DerivedField></NeuralInput>
      <NeuralInput id="1"><DerivedField optype="continuous" dataType="double"><NormDiscrete field="g" value="b"/></DerivedField></NeuralInput>
    </NeuralInputs>
    <NeuralLayer>
      <Neuron id="2" bias="0.2"><Con from="0" weight="0.7"/><Con from="1" weight="-1.1"/></Neuron>
    </NeuralLayer>
    <NeuralLayer activationFunction="identity" normalizationMethod="softmax">
      <Neuron id="3" bias="0"><Con from="2" weight="1"/></Neuron>
      <Neuron id="4" bias="0.5"><Con from="2" weight="-1"/></Neuron>
      <Neuron id="5" bias="0"><Con from="2" weight="0"/></Neuron>
    </NeuralLayer>
    <NeuralOutputs>
      <NeuralOutput outputNeuron="3"><DerivedField optype="categorical" dataType="string"><NormDiscrete field="c" value="u"/></DerivedField></NeuralOutput>
      <NeuralOutput outputNeuron="4"><DerivedField optype="categorical" dataType="string"><NormDiscrete field="c" value="v"/></DerivedField></NeuralOutput>
      <NeuralOutput outputNeuron="5"><DerivedField optype="categorical" dataType="string"><NormDiscrete field="c" value="w"/></DerivedField></NeuralOutput>
    </NeuralOutputs>
  </NeuralNetwork>
</PMML>`;

describe("NeuralNetwork", () => {
  it("regression: FieldRef and NormContinuous inputs, the output's NormContinuous inverted", () => {
    const rows = scoreDocument(REGRESSION, [{ x: 1, z: 5 }, { x: -3, z: 12 }]);
    for (const [i, { x, z }] of [{ x: 1, z: 5 }, { x: -3, z: 12 }].entries()) {
      const zn = z / 10;
      const h1 = sigmoid(x - 2 * zn + 0.5);
      const h2 = sigmoid(3 * zn - 1);
      const o = 2 * h1 - h2 + 0.1;
      // norm 0..0.5 is orig 0..100, 0.5..1 is 100..300 (extrapolated beyond)
      const y = o < 0.5 ? (o / 0.5) * 100 : 100 + ((o - 0.5) / 0.5) * 200;
      close(rows[i]!.y, y);
    }
  });

  it("a missing input makes the prediction missing", () => {
    const [r] = scoreDocument(REGRESSION, [{ x: null, z: 5 }]);
    assert.equal(r!.y, null);
  });

  it("classification: softmax output layer, probabilities, label and the winning neuron's id", () => {
    const rows = scoreDocument(CLASSIFIER, [{ x: 1, g: "a" }, { x: -2, g: "b" }, { x: 1, g: null }]);
    for (const [i, { x, g }] of [{ x: 1, g: "a" }, { x: -2, g: "b" }].entries()) {
      const h = Math.tanh(0.7 * x - 1.1 * (g === "b" ? 1 : 0) + 0.2);
      const z = [h, -h + 0.5, 0];
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / s);
      close(rows[i]!.p_u, p[0]!);
      close(rows[i]!.p_v, p[1]!);
      close(rows[i]!.p_w, p[2]!);
      const best = p.indexOf(Math.max(...p));
      assert.equal(rows[i]!.c, ["u", "v", "w"][best]);
      assert.equal(rows[i]!.neuron, ["3", "4", "5"][best]);
    }
    assert.equal(rows[2]!.c, null);
  });

  it("threshold and radialBasis activations", () => {
    const doc = `<PMML version="4.3">
      <DataDictionary>
        <DataField name="x" optype="continuous" dataType="double"/>
        <DataField name="z" optype="continuous" dataType="double"/>
        <DataField name="y" optype="continuous" dataType="double"/>
      </DataDictionary>
      <NeuralNetwork functionName="regression" activationFunction="radialBasis" width="2" altitude="1.5">
        <MiningSchema><MiningField name="x"/><MiningField name="z"/><MiningField name="y" usageType="target"/></MiningSchema>
        <NeuralInputs>
          <NeuralInput id="a"><DerivedField><FieldRef field="x"/></DerivedField></NeuralInput>
          <NeuralInput id="b"><DerivedField><FieldRef field="z"/></DerivedField></NeuralInput>
        </NeuralInputs>
        <NeuralLayer>
          <Neuron id="r1"><Con from="a" weight="1"/><Con from="b" weight="2"/></Neuron>
          <Neuron id="r2" width="0.5"><Con from="a" weight="0"/><Con from="b" weight="-1"/></Neuron>
        </NeuralLayer>
        <NeuralLayer activationFunction="threshold" threshold="0.3">
          <Neuron id="t" bias="0"><Con from="r1" weight="1"/><Con from="r2" weight="1"/></Neuron>
        </NeuralLayer>
        <NeuralLayer activationFunction="identity">
          <Neuron id="o" bias="0"><Con from="t" weight="1"/><Con from="r1" weight="0"/></Neuron>
        </NeuralLayer>
        <NeuralOutputs><NeuralOutput outputNeuron="o"><DerivedField><FieldRef field="y"/></DerivedField></NeuralOutput></NeuralOutputs>
      </NeuralNetwork></PMML>`;
    // "o" reads "r1", which is not in the previous layer
    assert.throws(() => scoreDocument(doc, []), /not in the previous layer, is not supported/);
    const ok = doc.replace('<Con from="r1" weight="0"/>', "");
    const inputs = [{ x: 1, z: 2 }, { x: 0.5, z: 1 }, { x: 5, z: -5 }];
    const rows = scoreDocument(ok, inputs);
    for (const [i, { x, z }] of inputs.entries()) {
      // exp(Σ (input − weight)² / (−2 width²) + ln(altitude) · fan-in)
      const r1 = Math.exp(((x - 1) ** 2 + (z - 2) ** 2) / (-2 * 4) + Math.log(1.5) * 2);
      const r2 = Math.exp((x ** 2 + (z + 1) ** 2) / (-2 * 0.25) + Math.log(1.5) * 2);
      close(rows[i]!.y, r1 + r2 > 0.3 ? 1 : 0);
    }
    assert.deepEqual(rows.map((r) => r.y), [1, 1, 0]);
  });

  it("refuses what it cannot convert faithfully", () => {
    const partial = REGRESSION.replace('activationFunction="logistic"', 'activationFunction="radialBasis" width="1"');
    assert.throws(() => scoreDocument(partial, []), /a radialBasis neuron must read every input of its layer/);
    const reordered = CLASSIFIER.replace('<NeuralOutput outputNeuron="3">', '<NeuralOutput outputNeuron="X">').replace('<NeuralOutput outputNeuron="4">', '<NeuralOutput outputNeuron="3">').replace('<NeuralOutput outputNeuron="X">', '<NeuralOutput outputNeuron="4">');
    assert.throws(() => scoreDocument(reordered, []), /NeuralOutputs in another order than the last layer's neurons are not supported/);
    const apply = REGRESSION.replace('<FieldRef field="x"/></DerivedField>', '<Apply function="exp"><FieldRef field="x"/></Apply></DerivedField>');
    assert.throws(() => scoreDocument(apply, []), /a DerivedField with Apply is not supported/);
  });
});
