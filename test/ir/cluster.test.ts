/**
 * cluster: hand-checked cases (Spark k-means, PMML distance and similarity measures, missing-value
 * adjustment) and the property test.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { cluster, type ClusterParams } from "../../src/ir/ops/cluster.js";
import { DOUBLE, type IRType, nullable, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";
import { checkComputedOnce, close, scoreBoth } from "./model-ops-harness.js";

function run(params: ClusterParams, inputs: IRType[], row: unknown[]): unknown[][] {
  const { pfa, ref } = scoreBoth(cluster as OpDef<unknown>, params, inputs, row);
  return [pfa, ref];
}

test("cluster: Spark k-means picks the nearest centre by squared distance, first on ties", () => {
  const params: ClusterParams = { centers: [[0, 0], [2, 0], [0, 2]], measure: { kind: "squaredEuclidean" }, missing: "error", outputs: [{ kind: "index" }, { kind: "affinities" }] };
  for (const r of run(params, [vector(2)], [[1.5, 0.25]])) {
    assert.equal(r[0], 1);
    const d = r[1] as number[];
    close(d[0], 2.3125);
    close(d[1], 0.3125);
    close(d[2], 2.25 + 3.0625);
  }
  for (const r of run(params, [vector(2)], [[1, 0]])) assert.equal(r[0], 0);
});

test("cluster: PMML euclidean with field weights, gaussSim and missing-value adjustment", () => {
  // fields: absDiff weight 2, gaussSim scale 2 weight 1; x = [1, missing]; centre [0, 5]
  // term0 = 2 * |1 - 0|^2 = 2; adjustment = (1 + 3) / 1 = 4 (missing weights 1, 3); distance sqrt(2 * 4)
  const params: ClusterParams = {
    centers: [[0, 5], [3, 3]],
    measure: { kind: "euclidean" },
    compare: ["absDiff", "gaussSim"],
    similarityScales: [1, 2],
    fieldWeights: [2, 1],
    adjustMissing: true,
    missingWeights: [1, 3],
    ids: ["c1", "c2"],
    idType: "string",
    missing: "error",
    outputs: [{ kind: "id" }, { kind: "affinity" }, { kind: "affinities" }],
  };
  for (const r of run(params, [DOUBLE, nullable(DOUBLE)], [1, null])) {
    assert.equal(r[0], "c1");
    close(r[1], Math.sqrt(8));
    close((r[2] as number[])[1], Math.sqrt(2 * 4 * 4));
  }
  // all present: x = [1, 5]: gaussSim(0) = 1 -> term 1; d0 = sqrt(2 + 1)
  for (const r of run(params, [DOUBLE, nullable(DOUBLE)], [1, 5])) close((r[2] as number[])[0], Math.sqrt(3));
});

test("cluster: PMML similarity measures over binary fields", () => {
  // x = [1, 0, 1, 1], centre [1, 1, 0, 1]: a11 = 2, a10 = 1, a01 = 1, a00 = 0
  const centres = [[1, 1, 0, 1], [0, 0, 0, 0]];
  const affinity = (measure: ClusterParams["measure"]): number =>
    run({ centers: centres, measure, missing: "error", outputs: [{ kind: "affinities" }] }, [vector(4)], [[1, 0, 1, 1]])[0]![0] as unknown as number[][0];
  const aff = (m: ClusterParams["measure"]): number[] => run({ centers: centres, measure: m, missing: "error", outputs: [{ kind: "affinities" }] }, [vector(4)], [[1, 0, 1, 1]])[0]![0] as number[];
  void affinity;
  close(aff({ kind: "simpleMatching" })[0]!, 2 / 4);
  close(aff({ kind: "jaccard" })[0]!, 2 / 4);
  close(aff({ kind: "tanimoto" })[0]!, 2 / (2 + 4));
  close(aff({ kind: "binarySimilarity", c00: 1, c01: 0, c10: 0, c11: 1, d00: 1, d01: 1, d10: 1, d11: 1 })[0]!, 2 / 4);
  // a value other than 0 or 1 refuses the row in both
  const bad = run({ centers: centres, measure: { kind: "jaccard" }, missing: "error", outputs: [{ kind: "index" }] }, [vector(4)], [[1, 0, 0.5, 1]]);
  assert.deepEqual(bad, [["refused"], ["refused"]]);
});

test("cluster: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(cluster as OpDef<unknown>, 7002, 300, 8);
});

test("cluster: the winner, its id and its distance share one pass over the centres per row", () => {
  const params: ClusterParams = {
    centers: [[0, 0], [1, 1], [3, 0]],
    measure: { kind: "squaredEuclidean" },
    ids: ["c1", "c2", "c3"],
    idType: "string",
    missing: "null",
    outputs: [{ kind: "index" }, { kind: "id" }, { kind: "affinity" }, { kind: "affinities" }],
  };
  const rows = [[[0.5, 0.5]], [null], [[2, 0.25]]];
  checkComputedOnce(cluster as OpDef<unknown>, params, [nullable(vector(2))], ["u.squaredEuclidean"], rows);
  // without an affinity output: model.cluster.closest
  const closest: ClusterParams = { ...params, outputs: [{ kind: "id" }, { kind: "index" }] };
  checkComputedOnce(cluster as OpDef<unknown>, closest, [nullable(vector(2))], ["model.cluster.closest"], rows);
  // PMML's missing-value adjustment reads missing inputs itself
  checkComputedOnce(cluster as OpDef<unknown>, { ...params, adjustMissing: true }, [nullable(DOUBLE), nullable(DOUBLE)], ["u.squaredEuclidean"], [[0.5, 0.5], [null, 2], [3, null]]);
  // similarities: the largest wins
  const jaccard: ClusterParams = { centers: [[0, 1], [1, 1]], measure: { kind: "jaccard" }, missing: "error", outputs: [{ kind: "index" }, { kind: "affinity" }] };
  checkComputedOnce(cluster as OpDef<unknown>, jaccard, [vector(2)], ["u.jaccard"], [[[1, 0]], [[0, 1]], [[0.5, 1]]]);
});
