/**
 * linearModel: hand-checked cases from the formats' documented semantics, and the property test
 * (the written PFA against the reference evaluator).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { linearModel, type LinearModelParams } from "../../src/ir/ops/linear-model.js";
import { DOUBLE, type IRType, nullable, vector } from "../../src/ir/types.js";
import { checkComputedOnce, close, scoreBoth } from "./model-ops-harness.js";
import { checkOpProperty } from "./property.js";

/** Scores one row through the written PFA and through the reference evaluator; returns both. */
const both = (params: LinearModelParams, inputs: IRType[], row: unknown[]): { pfa: unknown[]; ref: unknown[] } => scoreBoth(linearModel as OpDef<unknown>, params, inputs, row);

test("linearModel: Spark binomial logistic regression (raw [-m, m], probability, threshold on the margin)", () => {
  // m = 0.5*1 - 0.25*2 + 0.3 = 0.3; p1 = 1/(1+e^-0.3) = 0.574442516811659; threshold 0.6 -> raw threshold log(0.6/0.4)
  const params: LinearModelParams = {
    coefficients: [[0.5, -0.25]],
    intercepts: [0.3],
    transform: { kind: "binary", link: { fn: "logit" }, position: 1 },
    decision: { kind: "threshold", of: "raw", index: 0, threshold: Math.log(0.6 / 0.4) },
    labels: [0, 1],
    labelType: "double",
    missing: "error",
    outputs: [{ kind: "rawNegPos" }, { kind: "values" }, { kind: "label" }],
  };
  for (const r of [both(params, [vector(2)], [[1, 2]])].flatMap((x) => [x.pfa, x.ref])) {
    const raw = r[0] as number[];
    close(raw[0], -0.3);
    close(raw[1], 0.3);
    const prob = r[1] as number[];
    close(prob[1], 0.574442516811659);
    close(prob[0], 1 - 0.574442516811659);
    assert.equal(r[2], 0);
  }
});

test("linearModel: PMML multinomial regression with softmax and argmax label", () => {
  // tables: y0 = 1 + 2x, y1 = 0.5 - x, y2 = 0 ; x = 0.5 -> [2, 0, 0]
  const params: LinearModelParams = {
    coefficients: [[2], [-1], [0]],
    intercepts: [1, 0.5, 0],
    transform: { kind: "softmax" },
    decision: { kind: "argmax", of: "values" },
    labels: ["setosa", "versicolor", "virginica"],
    labelType: "string",
    missing: "null",
    outputs: [{ kind: "values" }, { kind: "label" }],
  };
  const e2 = Math.exp(2);
  for (const r of Object.values(both(params, [DOUBLE], [0.5]))) {
    const p = r[0] as number[];
    close(p[0], e2 / (e2 + 2));
    close(p[1], 1 / (e2 + 2));
    assert.equal(r[1], "setosa");
  }
});

test("linearModel: PMML ordinal (cumulative logit) and GLM links by hand", () => {
  // eta_k = theta_k + 1*x, x = 0: c = [logistic(-1), logistic(1)]
  const params: LinearModelParams = {
    coefficients: [[1], [1]],
    intercepts: [-1, 1],
    transform: { kind: "cumulative", link: { fn: "logit" } },
    missing: "error",
    outputs: [{ kind: "values" }],
  };
  const c0 = 1 / (1 + Math.E);
  const c1 = 1 / (1 + Math.exp(-1));
  for (const r of Object.values(both(params, [DOUBLE], [0]))) {
    const p = r[0] as number[];
    close(p[0], c0);
    close(p[1], c1 - c0);
    close(p[2], 1 - c1);
  }
  // power link p = 0.5: mu = eta^2; negbin c = 2: 1/(2 (e^-eta - 1)); eta = 3
  const glm = (link: LinearModelParams["transform"]): number =>
    both({ coefficients: [[1]], intercepts: [0], transform: link, missing: "error", outputs: [{ kind: "values", index: 0 }] }, [DOUBLE], [3]).pfa[0] as number;
  close(glm({ kind: "link", link: { fn: "power", p: 0.5 } }), 9);
  close(glm({ kind: "link", link: { fn: "negbin", c: 2 } }), 1 / (2 * (Math.exp(-3) - 1)));
  close(glm({ kind: "link", link: { fn: "oddspower", d: 1 } }), 1 / (1 + 1 / 4));
  close(glm({ kind: "link", link: { fn: "loglog" } }), Math.exp(-Math.exp(-3)));
  close(glm({ kind: "link", link: { fn: "logc" } }), 1 - Math.exp(3));
});

test("linearModel: ONNX binary LinearClassifier shape and missing rows", () => {
  const params: LinearModelParams = {
    coefficients: [[1, 1]],
    intercepts: [-0.25],
    transform: { kind: "binary", link: { fn: "identity" }, position: 1 },
    decision: { kind: "threshold", of: "raw", index: 0, threshold: 0 },
    labels: [7, 9],
    labelType: "long",
    float32: true,
    missing: "error",
    outputs: [{ kind: "label" }, { kind: "values" }],
  };
  for (const r of Object.values(both(params, [DOUBLE, DOUBLE], [0.1, 0.1]))) {
    assert.equal(r[0], 7);
    const s = Math.fround(Math.fround(0.1) * 2 - 0.25);
    close((r[1] as number[])[1], s);
  }
});

test("linearModel: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(linearModel as OpDef<unknown>, 7001, 300, 8);
});

test("linearModel: raw scores, probabilities and label share one model.reg.linear per row", () => {
  const params: LinearModelParams = {
    coefficients: [[2, 1], [-1, 0.5], [0, 0]],
    intercepts: [1, 0.5, 0],
    transform: { kind: "softmax" },
    decision: { kind: "argmaxScaled", thresholds: [0.5, 0.25, 0] },
    labels: ["a", "b", "c"],
    labelType: "string",
    missing: "null",
    outputs: [{ kind: "raw" }, { kind: "values" }, { kind: "label" }, { kind: "rawNegPos" }, { kind: "values", index: 2 }],
  };
  const rows = [[0.5, 1], [null, 1], [-2, 3]];
  checkComputedOnce(linearModel as OpDef<unknown>, params, [nullable(DOUBLE), DOUBLE], ["model.reg.linear"], rows);
  checkComputedOnce(linearModel as OpDef<unknown>, { ...params, missing: "error" }, [nullable(DOUBLE), DOUBLE], ["model.reg.linear"], rows);
  // a trials column, read after the scores: GLM counts
  const glm: LinearModelParams = { coefficients: [[0.5, -1]], intercepts: [0.25], transform: { kind: "link", link: { fn: "exp" } }, trialsColumn: true, missing: "null", outputs: [{ kind: "raw", index: 0 }, { kind: "values", index: 0 }] };
  checkComputedOnce(linearModel as OpDef<unknown>, glm, [vector(2), nullable(DOUBLE)], ["model.reg.linear"], [[[1, 2], 3], [[1, 2], null]]);
});
