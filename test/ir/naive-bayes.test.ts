/**
 * naiveBayes: hand-checked cases (Spark multinomial and Bernoulli, PMML counts and Gaussian
 * distributions) and the property test.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { naiveBayes, type NaiveBayesParams } from "../../src/ir/ops/naive-bayes.js";
import { DOUBLE, STRING, nullable, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";
import { checkComputedOnce, close, scoreBoth } from "./model-ops-harness.js";

const run = (params: NaiveBayesParams, inputs: Parameters<typeof scoreBoth>[2], row: unknown[]): unknown[][] => Object.values(scoreBoth(naiveBayes as OpDef<unknown>, params, inputs, row));

test("naiveBayes: Spark multinomial (raw = theta x + pi) and Bernoulli", () => {
  const pi = [Math.log(0.4), Math.log(0.6)];
  const theta = [
    [Math.log(0.7), Math.log(0.3)],
    [Math.log(0.2), Math.log(0.8)],
  ];
  const params: NaiveBayesParams = { model: { kind: "multinomial", pi, theta, validate: true }, labels: [0, 1], labelType: "double", decision: { kind: "argmax", of: "raw" }, missing: "error", outputs: [{ kind: "raw" }, { kind: "probabilities" }, { kind: "label" }] };
  // x = [2, 1]: raw0 = ln .4 + 2 ln .7 + ln .3 = ln(0.0588); raw1 = ln .6 + 2 ln .2 + ln .8 = ln(0.0192)
  for (const r of run(params, [vector(2)], [[2, 1]])) {
    close((r[0] as number[])[0], Math.log(0.4 * 0.49 * 0.3));
    close((r[1] as number[])[0], 0.0588 / (0.0588 + 0.0192));
    assert.equal(r[2], 0);
  }
  assert.deepEqual(run(params, [vector(2)], [[-1, 1]]), [["refused"], ["refused"]]);
  // Bernoulli, x = [1, 0]: class c: ln pi_c + ln p_c0 + ln(1 - p_c1)
  const bern: NaiveBayesParams = { ...params, model: { kind: "bernoulli", pi, theta, validate: true } };
  for (const r of run(bern, [vector(2)], [[1, 0]])) {
    close((r[0] as number[])[0], Math.log(0.4 * 0.7 * 0.7));
    close((r[0] as number[])[1], Math.log(0.6 * 0.2 * 0.2));
  }
});

test("naiveBayes: PMML pair counts, Gaussian distribution, threshold and missing inputs", () => {
  // classes [yes, no], priors 3 and 1; colour: red [2, 0], blue [1, 1]; size ~ N(0, 1) for yes, N(2, 4) for no
  const params: NaiveBayesParams = {
    model: {
      kind: "pmml",
      priorCounts: [3, 1],
      inputs: [
        { kind: "discrete", values: ["red", "blue"], counts: [[2, 0], [1, 1]] },
        { kind: "gaussian", means: [0, 2], variances: [1, 4] },
      ],
      threshold: 0.001,
    },
    labels: ["yes", "no"],
    labelType: "string",
    decision: { kind: "argmax", of: "probabilities" },
    missing: "error",
    outputs: [{ kind: "probabilities", index: 0 }, { kind: "label" }],
  };
  const n = (x: number, m: number, v: number): number => Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
  // red, size 1: yes = 3 * 2/3 * N(1; 0, 1); no = 1 * 0.001 (zero count) * N(1; 2, 4)
  const yes = 3 * (2 / 3) * n(1, 0, 1);
  const no = 1 * 0.001 * n(1, 2, 4);
  for (const r of run(params, [nullable(STRING), nullable(DOUBLE)], ["red", 1])) {
    close(r[0], yes / (yes + no), 1e-12);
    assert.equal(r[1], "yes");
  }
  // a missing colour and an unseen one add nothing: only the priors and the size
  const y2 = 3 * n(1, 0, 1);
  const n2 = 1 * n(1, 2, 4);
  for (const row of [[null, 1], ["green", 1]]) for (const r of run(params, [nullable(STRING), nullable(DOUBLE)], row)) close(r[0], y2 / (y2 + n2), 1e-12);
});

test("naiveBayes: PMML Gaussian floor: below the threshold (default) or only an exact zero", () => {
  // classes [a, b], priors 1 and 1; x ~ N(0, 1) for a, N(4, 1) for b; threshold 0.001
  const params = (floor?: "below" | "zero"): NaiveBayesParams => ({
    model: { kind: "pmml", priorCounts: [1, 1], inputs: [{ kind: "gaussian", means: [0, 4], variances: [1, 1], ...(floor === undefined ? {} : { floor }) }], threshold: 0.001 },
    labels: ["a", "b"],
    labelType: "string",
    decision: { kind: "argmax", of: "probabilities" },
    missing: "null",
    outputs: [{ kind: "raw", index: 0 }, { kind: "probabilities", index: 0 }],
  });
  // x = 4: N(4; 0, 1) = e^-8 / sqrt(2π) = 1.3383e-4 (below 0.001), N(4; 4, 1) = 1 / sqrt(2π) = 0.39894
  const low = Math.exp(-8) / Math.sqrt(2 * Math.PI);
  const peak = 1 / Math.sqrt(2 * Math.PI);
  close(low / 1.3383e-4, 1, 1e-4);
  for (const floor of [undefined, "below"] as const)
    for (const r of run(params(floor), [DOUBLE], [4])) {
      close(r[0], Math.log(0.001), 1e-12);
      close(r[1], 0.001 / (0.001 + peak), 1e-12);
    }
  for (const r of run(params("zero"), [DOUBLE], [4])) {
    close(r[0], -8 - Math.log(Math.sqrt(2 * Math.PI)), 1e-12);
    close(r[1], low / (low + peak), 1e-12);
  }
  // x = 44: N(44; 0, 1) = e^-968 / sqrt(2π) underflows to exactly 0, which takes the threshold either way;
  // N(44; 4, 1) = e^-800 / sqrt(2π) is 0 too: both classes score ln 0.001, probability 1/2
  for (const floor of ["below", "zero"] as const)
    for (const r of run(params(floor), [DOUBLE], [44])) {
      close(r[0], Math.log(0.001), 1e-12);
      close(r[1], 0.5, 1e-12);
    }
});

test("naiveBayes: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(naiveBayes as OpDef<unknown>, 7004, 300, 8);
});

test("naiveBayes: log scores, probabilities and label share one computation per row", () => {
  const spark: NaiveBayesParams = {
    model: { kind: "multinomial", pi: [Math.log(0.4), Math.log(0.6)], theta: [[Math.log(0.7), Math.log(0.3)], [Math.log(0.2), Math.log(0.8)]], validate: true },
    labels: ["x", "y"],
    labelType: "string",
    decision: { kind: "argmaxScaled", thresholds: [0.3, 0.7] },
    missing: "null",
    outputs: [{ kind: "raw" }, { kind: "probabilities" }, { kind: "label" }, { kind: "probabilities", index: 1 }],
  };
  const rows = [[[2, 1]], [null], [[-1, 1]], [[0, 3]]];
  checkComputedOnce(naiveBayes as OpDef<unknown>, spark, [nullable(vector(2))], ["model.reg.linear", "m.link.softmax"], rows);
  checkComputedOnce(naiveBayes as OpDef<unknown>, { ...spark, missing: "error" }, [nullable(vector(2))], ["model.reg.linear", "m.link.softmax"], rows);
  const pmml: NaiveBayesParams = {
    model: { kind: "pmml", priorCounts: [3, 5], threshold: 0.001, inputs: [{ kind: "gaussian", means: [0, 1], variances: [1, 2] }] },
    labels: ["x", "y"],
    labelType: "string",
    decision: { kind: "argmax", of: "probabilities" },
    missing: "null",
    outputs: [{ kind: "raw" }, { kind: "label" }, { kind: "probabilities" }],
  };
  checkComputedOnce(naiveBayes as OpDef<unknown>, pmml, [nullable(DOUBLE)], ["priorCounts", "m.link.softmax"], [[0.5], [null]]);
});
