/**
 * svm: hand-checked cases (PMML one-against-all and one-against-one, ONNX votes and the binary
 * scores, Platt probabilities) and the property test.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { coupleProbabilities, svm, type SvmParams } from "../../src/ir/ops/svm.js";
import { nullable, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";
import { checkComputedOnce, close, scoreBoth } from "./model-ops-harness.js";

const run = (params: SvmParams, row: unknown[]): unknown[][] => Object.values(scoreBoth(svm as OpDef<unknown>, params, [vector(2)], row));

const supportVectors = [
  [0, 0],
  [1, 1],
  [2, 0],
];

test("svm: PMML one-against-all with an RBF kernel (the smallest decision value wins)", () => {
  // x = [1, 0]: K = exp(-0.5 * [1, 1, 1]) = e^-0.5 for all three
  const k = Math.exp(-0.5);
  const params: SvmParams = {
    kernel: { kind: "rbf", gamma: 0.5 },
    supportVectors,
    machines: [
      { vectors: [0, 1], coefficients: [1, -1], intercept: 0.25 },
      { vectors: [2], coefficients: [2], intercept: -2 },
      { vectors: [0], coefficients: [-1], intercept: 0 },
    ],
    mode: { kind: "oneVsAll", maxWins: false },
    labels: ["a", "b", "c"],
    labelType: "string",
    missing: "error",
    outputs: [{ kind: "decisions" }, { kind: "label" }],
  };
  for (const r of run(params, [[1, 0]])) {
    const d = r[0] as number[];
    close(d[0], 0.25);
    close(d[1], 2 * k - 2);
    close(d[2], -k);
    assert.equal(r[1], "b");
  }
  for (const r of run({ ...params, mode: { kind: "oneVsAll", maxWins: true } }, [[1, 0]])) assert.equal(r[1], "a");
});

test("svm: one-against-one votes, PMML's threshold rule and ONNX's, ties", () => {
  // linear kernel, x = [1, 1]: K = [0, 2, 2]
  const params: SvmParams = {
    kernel: { kind: "linear" },
    supportVectors,
    machines: [
      { vectors: [1], coefficients: [1], intercept: -1, classes: [0, 1], threshold: 0 }, // f = 1
      { vectors: [2], coefficients: [1], intercept: -3, classes: [0, 2], threshold: 0 }, // f = -1
      { vectors: [0], coefficients: [1], intercept: 0.5, classes: [1, 2], threshold: 0 }, // f = 0.5
    ],
    mode: { kind: "oneVsOne", rule: "above", ties: "lowestIndex" },
    labels: [10, 20, 30],
    labelType: "long",
    missing: "error",
    outputs: [{ kind: "votes" }, { kind: "label" }],
  };
  // above: votes 0, 2, 1 -> classes 0, 2, 1 get one each: a tie, the lowest index wins
  for (const r of run(params, [[1, 1]])) {
    assert.deepEqual(r[0], [1, 1, 1]);
    assert.equal(r[1], 10);
  }
  // below (PMML): f < 0 votes classes[0]: machine 1 -> 1, machine 2 -> 0, machine 3 -> 2; JPMML's tie: the first voted (class 1)
  for (const r of run({ ...params, mode: { kind: "oneVsOne", rule: "below", ties: "firstVoted" } }, [[1, 1]])) assert.equal(r[1], 20);
});

test("svm: ONNX binary scores, one-class output, and libsvm's probability coupling", () => {
  const params: SvmParams = {
    kernel: { kind: "poly", gamma: 1, coef0: 1, degree: 2 },
    supportVectors,
    machines: [{ vectors: [1], coefficients: [0.5], intercept: -1 }],
    mode: { kind: "oneClass" },
    missing: "error",
    outputs: [{ kind: "decisionsNegPos" }, { kind: "value" }],
  };
  // x = [1, 0]: K(x, [1, 1]) = (1 + 1)^2 = 4; f = 2 - 1 = 1
  for (const r of run(params, [[1, 0]])) {
    assert.deepEqual(r[0], [-1, 1]);
    assert.equal(r[1], 1);
  }
  // two classes: the coupling returns the pairwise probabilities (to the iteration's tolerance)
  const p = coupleProbabilities(2, [
    [0, 0.3],
    [0.7, 0],
  ]);
  assert.ok(Math.abs(p[0]! - 0.3) < 1e-6 && Math.abs(p[0]! + p[1]! - 1) < 1e-12);
});

test("svm: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(svm as OpDef<unknown>, 7005, 300, 8);
});

test("svm: decision values, votes, probabilities and label share one pass over the kernels per row", () => {
  const params: SvmParams = {
    kernel: { kind: "rbf", gamma: 0.5 },
    supportVectors: [[0, 1], [1, 0], [1, 1]],
    machines: [
      { vectors: [0, 1], coefficients: [1, -1], intercept: 0.1, classes: [0, 1] },
      { vectors: [0, 2], coefficients: [0.5, -0.5], intercept: 0, classes: [0, 2] },
      { vectors: [1, 2], coefficients: [1, -0.5], intercept: -0.2, classes: [1, 2] },
    ],
    mode: { kind: "oneVsOne", rule: "above", ties: "firstVoted", platt: { a: [-1, -2, -1.5], b: [0.1, 0, -0.1] } },
    labels: ["a", "b", "c"],
    labelType: "string",
    missing: "null",
    outputs: [{ kind: "decisions" }, { kind: "votes" }, { kind: "probabilities" }, { kind: "label" }, { kind: "probabilities", index: 1 }],
  };
  const rows = [[[0.5, 0.25]], [null], [[2, -1]]];
  checkComputedOnce(svm as OpDef<unknown>, params, [nullable(vector(2))], ["m.kernel.rbf", "u.coupleProbabilities"], rows);
  checkComputedOnce(svm as OpDef<unknown>, { ...params, missing: "error" }, [nullable(vector(2))], ["m.kernel.rbf", "u.coupleProbabilities"], rows);
  // a refused row refuses every output at once
  const rounded: SvmParams = { kernel: { kind: "linear" }, supportVectors: [[1, 1]], machines: [{ vectors: [0], coefficients: [1], intercept: 0 }], mode: { kind: "binaryRounded" }, labels: ["yes", "no"], labelType: "string", missing: "null", outputs: [{ kind: "label" }, { kind: "decisions", index: 0 }, { kind: "decisionsNegPos" }] };
  checkComputedOnce(svm as OpDef<unknown>, rounded, [nullable(vector(2))], ["m.kernel.linear"], [[[0.5, 0.25]], [[0, 0.25]], [[2, 2]], [null]]);
});
