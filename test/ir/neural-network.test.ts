/**
 * neuralNetwork: hand-checked cases (a Spark-style perceptron, PMML activations and a radial-basis
 * layer) and the property test.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { neuralNetwork, type NeuralNetworkParams } from "../../src/ir/ops/neural-network.js";
import { DOUBLE, nullable, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";
import { checkComputedOnce, close, scoreBoth } from "./model-ops-harness.js";

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

test("neuralNetwork: a Spark multilayer perceptron (sigmoid hidden layer, softmax output)", () => {
  // x = [1, 2]; hidden h = sigmoid([0.5*1 - 0.25*2 + 0.1, 1*1 + 1*2 - 3]) = sigmoid([0.1, 0]); output z = [h0 - h1, 2 h1]
  const params: NeuralNetworkParams = {
    layers: [
      { weights: [[0.5, -0.25], [1, 1]], biases: [0.1, -3], activation: { fn: "logistic" } },
      { weights: [[1, -1], [0, 2]], biases: [0, 0], activation: { fn: "identity" }, normalization: "softmax" },
    ],
    labels: [0, 1],
    labelType: "double",
    decision: { kind: "argmax", of: "raw" },
    missing: "error",
    outputs: [{ kind: "raw" }, { kind: "values" }, { kind: "label" }],
  };
  const h0 = sigmoid(0.1);
  const h1 = 0.5;
  const z = [h0 - h1, 2 * h1];
  const e = z.map(Math.exp);
  for (const r of Object.values(scoreBoth(neuralNetwork as OpDef<unknown>, params, [vector(2)], [[1, 2]]))) {
    close((r[0] as number[])[0], z[0]!);
    close((r[0] as number[])[1], z[1]!);
    close((r[1] as number[])[1], e[1]! / (e[0]! + e[1]!));
    assert.equal(r[2], 1);
  }
});

test("neuralNetwork: PMML activations (threshold, Elliott, arctan) and a radial-basis layer", () => {
  const one = (activation: NeuralNetworkParams["layers"][0]["activation"], z: number): number =>
    scoreBoth(neuralNetwork as OpDef<unknown>, { layers: [{ weights: [[1]], biases: [0], activation }], missing: "error", outputs: [{ kind: "values", index: 0 }] }, [DOUBLE], [z]).pfa[0] as number;
  assert.equal(one({ fn: "threshold", threshold: 0.5 }, 0.75), 1);
  assert.equal(one({ fn: "threshold", threshold: 0.5 }, 0.5), 0);
  close(one({ fn: "elliott" }, -3), -3 / 4);
  close(one({ fn: "arctan" }, 1), 0.5);
  close(one({ fn: "gauss" }, 2), Math.exp(-4));
  // radial basis: centre [1, 2], width 2, altitude 3, x = [0, 0]: exp(5 / (-8) + 2 ln 3)
  const params: NeuralNetworkParams = {
    layers: [{ weights: [[1, 2]], biases: [0], activation: { fn: "radialBasis", widths: [2], altitudes: [3] } }],
    missing: "null",
    outputs: [{ kind: "values", index: 0 }, { kind: "raw", index: 0 }],
  };
  for (const r of Object.values(scoreBoth(neuralNetwork as OpDef<unknown>, params, [DOUBLE, DOUBLE], [0, 0]))) {
    close(r[0], Math.exp(-5 / 8 + 2 * Math.log(3)));
    close(r[1], 5);
  }
});

test("neuralNetwork: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(neuralNetwork as OpDef<unknown>, 7003, 300, 8);
});

test("neuralNetwork: raw scores, values and label share one pass through the layers per row", () => {
  const spark: NeuralNetworkParams = {
    layers: [
      { weights: [[1, -1], [0.5, 0.5], [-1, 2]], biases: [0, 0.1, -0.1], activation: { fn: "logistic" } },
      { weights: [[1, 0, -1], [-1, 1, 0]], biases: [0, 0], activation: { fn: "identity" }, normalization: "softmax" },
    ],
    labels: ["x", "y"],
    labelType: "string",
    decision: { kind: "argmax", of: "raw" },
    missing: "null",
    outputs: [{ kind: "raw" }, { kind: "values" }, { kind: "label" }],
  };
  const rows = [[0.5, 1], [null, 1], [-2, 0.25]];
  checkComputedOnce(neuralNetwork as OpDef<unknown>, spark, [nullable(DOUBLE), DOUBLE], ["model.neural.simpleLayers"], rows);
  // a radial-basis output layer: its outputs come from its sums of squares (raw), which read the centres once
  const radial: NeuralNetworkParams = {
    layers: [
      { weights: [[1, -1], [0.5, 0.5]], biases: [0, 0.1], activation: { fn: "tanh" }, normalization: "simplemax" },
      { weights: [[0.25, 0.5], [-1, 1], [0, 0]], biases: [0, 0, 0], activation: { fn: "radialBasis", widths: [1, 0.5, 2], altitudes: [1, 2, 0.5] }, normalization: "softmax" },
    ],
    labels: [1, 2, 3],
    labelType: "int",
    decision: { kind: "argmaxScaled", thresholds: [0.5, 0, 1] },
    missing: "error",
    outputs: [{ kind: "values", index: 1 }, { kind: "label" }, { kind: "raw" }],
  };
  checkComputedOnce(neuralNetwork as OpDef<unknown>, radial, [nullable(DOUBLE), DOUBLE], ["model.reg.linear", "center"], rows);
});
