/**
 * The model ops against real models' own outputs: small R rattle PMML documents from the corpus, their
 * parameters read here with a few regular expressions (standing in for the PMML reader), scored by the
 * written PFA and by the reference evaluator, and compared with the expected CSVs that R wrote.
 * Skipped, visibly, when ../shared is absent.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { cluster, type ClusterParams } from "../../src/ir/ops/cluster.js";
import { linearModel, type LinearModelParams } from "../../src/ir/ops/linear-model.js";
import { naiveBayes, type NaiveBayesParams, type PmmlBayesInput } from "../../src/ir/ops/naive-bayes.js";
import { neuralNetwork, type NeuralLayer, type NeuralNetworkParams } from "../../src/ir/ops/neural-network.js";
import { svm, type SvmMachine, type SvmParams } from "../../src/ir/ops/svm.js";
import { DOUBLE, type IRType, vector } from "../../src/ir/types.js";
import { scoreBoth } from "./model-ops-harness.js";
import { SKIP_SHARED, sharedPath } from "../shared.js";

const DIR = "corpus/pmml/jpmml-evaluator-rattle/";
const read = (rel: string): string => readFileSync(sharedPath(DIR + rel), "utf8");
const csv = (rel: string): string[][] =>
  read(rel)
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
const iris = (): number[][] => csv("csv/Iris.csv").map((r) => r.slice(0, 4).map(Number));
const SPECIES = ["setosa", "versicolor", "virginica"];

/** Scores every Iris row both ways; `check` sees the PFA's outputs and the reference's for each row. */
function scoreIris(op: OpDef<unknown>, params: unknown, inputs: IRType[], row: (x: number[]) => unknown[], check: (out: unknown[], i: number) => void): void {
  iris().forEach((x, i) => {
    const { pfa, ref } = scoreBoth(op, params, inputs, row(x));
    check(pfa, i);
    check(ref, i);
  });
}

function relClose(actual: unknown, expected: number, rtol: number, what: string): void {
  assert.ok(typeof actual === "number" && Math.abs(actual - expected) <= rtol * Math.abs(expected) + 1e-300, `${what}: ${String(actual)} vs ${expected}`);
}

test("corpus: R multinom as PMML RegressionModel (softmax) scores like R", { skip: SKIP_SHARED }, () => {
  const x = read("pmml/LogisticRegressionIris.pmml");
  const tables = [...x.matchAll(/<RegressionTable intercept="([^"]+)" targetCategory="([^"]+)"(\/>|>([\s\S]*?)<\/RegressionTable>)/g)];
  const labels = tables.map((t) => t[2]!);
  const params: LinearModelParams = {
    coefficients: tables.map((t) => {
      const c = [...(t[4] ?? "").matchAll(/coefficient="([^"]+)"/g)].map((m) => Number(m[1]));
      return c.length > 0 ? c : [0, 0, 0, 0];
    }),
    intercepts: tables.map((t) => Number(t[1])),
    transform: { kind: "softmax" },
    labels,
    labelType: "string",
    decision: { kind: "argmax", of: "values" },
    missing: "null",
    outputs: [{ kind: "label" }, { kind: "values" }],
  };
  const expected = csv("csv/LogisticRegressionIris.csv");
  scoreIris(linearModel as OpDef<unknown>, params, [vector(4)], (v) => [v], (out, i) => {
    assert.equal(out[0], expected[i]![1]);
    SPECIES.forEach((s, j) => relClose((out[1] as number[])[labels.indexOf(s)], Number(expected[i]![2 + j]), 1e-12, `row ${i} ${s}`));
  });
});

test("corpus: R k-means as PMML ClusteringModel scores like R", { skip: SKIP_SHARED }, () => {
  const x = read("pmml/KMeansIris.pmml");
  const params: ClusterParams = {
    centers: [...x.matchAll(/<Array n="4" type="real">([^<]+)<\/Array>/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number)),
    measure: { kind: "squaredEuclidean" },
    compare: "absDiff",
    ids: ["1", "2", "3"],
    idType: "string",
    adjustMissing: true,
    missing: "error",
    outputs: [{ kind: "id" }, { kind: "affinities" }],
  };
  const expected = csv("csv/KMeansIris.csv");
  scoreIris(cluster as OpDef<unknown>, params, [DOUBLE, DOUBLE, DOUBLE, DOUBLE], (v) => v, (out, i) => {
    assert.equal(out[0], expected[i]![0]);
    (out[1] as number[]).forEach((d, j) => relClose(d, Number(expected[i]![1 + j]), 1e-12, `row ${i} cluster ${j + 1}`));
  });
});

test("corpus: R naiveBayes as PMML NaiveBayesModel (Gaussian inputs) scores like R", { skip: SKIP_SHARED }, () => {
  const x = read("pmml/NaiveBayesIris.pmml");
  const g = [...x.matchAll(/mean="([^"]+)" variance="([^"]+)"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const inputs: PmmlBayesInput[] = [0, 1, 2, 3].map((i) => ({ kind: "gaussian", means: g.slice(3 * i, 3 * i + 3).map((v) => v[0]), variances: g.slice(3 * i, 3 * i + 3).map((v) => v[1]) }));
  const params: NaiveBayesParams = {
    model: { kind: "pmml", priorCounts: [50, 50, 50], inputs, threshold: Number(/threshold="([^"]+)"/.exec(x)![1]) },
    labels: SPECIES,
    labelType: "string",
    decision: { kind: "argmax", of: "probabilities" },
    missing: "error",
    outputs: [{ kind: "label" }, { kind: "probabilities" }],
  };
  const expected = csv("csv/NaiveBayesIris.csv");
  scoreIris(naiveBayes as OpDef<unknown>, params, [DOUBLE, DOUBLE, DOUBLE, DOUBLE], (v) => v, (out, i) => {
    assert.equal(out[0], expected[i]![1]);
    // R printed 15 significant digits
    (out[1] as number[]).forEach((p, j) => relClose(p, Number(expected[i]![2 + j]), 1e-11, `row ${i} class ${j}`));
  });
});

test("corpus: R e1071 svm as PMML SupportVectorMachineModel (RBF, one-against-one) labels like R", { skip: SKIP_SHARED }, () => {
  const x = read("pmml/LibSVMIris.pmml");
  // the inputs are normalised by NormContinuous (two points each): computed here, as a separate step would
  const norms = [...x.matchAll(/<NormContinuous field="[^"]+">\s*<LinearNorm orig="([^"]+)" norm="([^"]+)"\/>\s*<LinearNorm orig="([^"]+)" norm="([^"]+)"\/>/g)].map((m) => m.slice(1).map(Number));
  const ids: string[] = [];
  const supportVectors: number[][] = [];
  for (const m of x.matchAll(/<VectorInstance id="([^"]+)">[\s\S]*?<REAL-Entries>([^<]+)<\/REAL-Entries>/g)) {
    ids.push(m[1]!);
    supportVectors.push(m[2]!.trim().split(/\s+/).map(Number));
  }
  const machines: SvmMachine[] = [...x.matchAll(/<SupportVectorMachine targetCategory="([^"]+)" alternateTargetCategory="([^"]+)">([\s\S]*?)<\/SupportVectorMachine>/g)].map((m) => ({
    vectors: [...m[3]!.matchAll(/vectorId="([^"]+)"/g)].map((v) => ids.indexOf(v[1]!)),
    coefficients: [...m[3]!.matchAll(/<Coefficient value="([^"]+)"/g)].map((c) => Number(c[1])),
    intercept: Number(/absoluteValue="([^"]+)"/.exec(m[3]!)![1]),
    classes: [SPECIES.indexOf(m[1]!), SPECIES.indexOf(m[2]!)],
    threshold: 0,
  }));
  const params: SvmParams = {
    kernel: { kind: "rbf", gamma: Number(/RadialBasisKernelType gamma="([^"]+)"/.exec(x)![1]) },
    supportVectors,
    machines,
    mode: { kind: "oneVsOne", rule: "below", ties: "firstVoted" },
    labels: SPECIES,
    labelType: "string",
    missing: "error",
    outputs: [{ kind: "label" }],
  };
  const expected = csv("csv/LibSVMIris.csv");
  const normalise = (v: number[]): number[] => v.map((a, j) => {
    const [o1, n1, o2, n2] = norms[j]!;
    return n1! + ((a - o1!) / (o2! - o1!)) * (n2! - n1!);
  });
  scoreIris(svm as OpDef<unknown>, params, [vector(4)], (v) => [normalise(v)], (out, i) => assert.equal(out[0], expected[i]![1], `row ${i}`));
});

test("corpus: R nnet as PMML NeuralNetwork (logistic hidden layer, softmax output) scores like R", { skip: SKIP_SHARED }, () => {
  const x = read("pmml/NeuralNetworkIris.pmml");
  let ids = ["1", "2", "3", "4"];
  const layers: NeuralLayer[] = [...x.matchAll(/<NeuralLayer([^>]*)>([\s\S]*?)<\/NeuralLayer>/g)].map((m) => {
    const neurons = [...m[2]!.matchAll(/<Neuron id="([^"]+)" bias="([^"]+)">([\s\S]*?)<\/Neuron>/g)];
    const weights = neurons.map((n) => {
      const w = ids.map(() => 0);
      for (const c of n[3]!.matchAll(/<Con from="([^"]+)" weight="([^"]+)"\/>/g)) w[ids.indexOf(c[1]!)] = Number(c[2]);
      return w;
    });
    ids = neurons.map((n) => n[1]!);
    const normalization = /normalizationMethod="([^"]+)"/.exec(m[1]!)?.[1] as NeuralLayer["normalization"];
    const fn = (/activationFunction="([^"]+)"/.exec(m[1]!)?.[1] ?? "logistic") as "logistic" | "identity";
    return { weights, biases: neurons.map((n) => Number(n[2])), activation: { fn }, ...(normalization ? { normalization } : {}) };
  });
  const params: NeuralNetworkParams = { layers, labels: SPECIES, labelType: "string", decision: { kind: "argmax", of: "values" }, missing: "error", outputs: [{ kind: "label" }, { kind: "values" }] };
  const expected = csv("csv/NeuralNetworkIris.csv");
  scoreIris(neuralNetwork as OpDef<unknown>, params, [vector(4)], (v) => [v], (out, i) => {
    assert.equal(out[0], expected[i]![1]);
    // R wrote the weights with 15 digits and a bias of 403: the original test's tolerance was 1e-6
    (out[1] as number[]).forEach((p, j) => {
      const e = Number(expected[i]![2 + j]);
      if (e > 1e-3) relClose(p, e, 1e-6, `row ${i} class ${j}`);
    });
  });
});
