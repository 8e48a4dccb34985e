/**
 * nearestNeighbors: hand-checked cases (PMML k-NN regression and classification, ties, neighbour
 * ids and distances) and the property test.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { nearestNeighbors, type NearestNeighborsParams } from "../../src/ir/ops/nearest-neighbors.js";
import { DOUBLE, nullable } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";
import { checkComputedOnce, close, scoreBoth } from "./model-ops-harness.js";

const instances = [[0, 0], [1, 0], [0, 2], [3, 3], [1, 1]];
const run = (params: NearestNeighborsParams, row: unknown[]): unknown[][] => Object.values(scoreBoth(nearestNeighbors as OpDef<unknown>, params, [DOUBLE, nullable(DOUBLE)], row));

test("nearestNeighbors: regression by median, average and weighted average", () => {
  // x = [0, 0], euclidean: distances 0, 1, 2, 4.24, 1.41 -> the 3 nearest: instances 0, 1, 4
  const base: NearestNeighborsParams = {
    k: 3,
    instances,
    measure: { kind: "euclidean" },
    target: { kind: "continuous", values: [10, 20, 30, 40, 50], method: "median" },
    threshold: 0.5,
    ids: ["a", "b", "c", "d", "e"],
    idType: "string",
    adjustMissing: true,
    missing: "error",
    outputs: [{ kind: "prediction" }, { kind: "neighborIds" }, { kind: "neighborDistance", rank: 3 }],
  };
  for (const r of run(base, [0, 0])) {
    assert.equal(r[0], 20);
    assert.deepEqual(r[1], ["a", "b", "e"]);
    close(r[2], Math.SQRT2);
  }
  for (const r of run({ ...base, target: { kind: "continuous", values: [10, 20, 30, 40, 50], method: "average" } }, [0, 0])) close(r[0], 80 / 3);
  const w = [1 / 0.5, 1 / 1.5, 1 / (Math.SQRT2 + 0.5)];
  for (const r of run({ ...base, target: { kind: "continuous", values: [10, 20, 30, 40, 50], method: "weightedAverage" } }, [0, 0])) close(r[0], (10 * w[0]! + 20 * w[1]! + 50 * w[2]!) / (w[0]! + w[1]! + w[2]!));
  // a missing second input: only the first field counts, scaled by 2: x = [0, -]: distances sqrt(2 * d0²)
  for (const r of run(base, [3, null])) assert.deepEqual(r[1], ["d", "b", "e"]);
});

test("nearestNeighbors: majority vote ties go to the most frequent category, then the smallest", () => {
  const params: NearestNeighborsParams = {
    k: 2,
    instances,
    measure: { kind: "cityBlock" },
    target: { kind: "categorical", values: ["y", "x", "y", "z", "x"], valueType: "string", method: "majorityVote" },
    threshold: 0.001,
    missing: "error",
    outputs: [{ kind: "prediction" }],
  };
  // x = [0, 0]: nearest instances 0 (y) and 1 (x): a tie; x and y have two instances each: the smallest, "x"
  for (const r of run(params, [0, 0])) assert.equal(r[0], "x");
  // x = [0.9, 0.1]: instance 1 (x, distance 0.2) and instance 0 (y, 1.0); weighted: x wins
  for (const r of run({ ...params, target: { ...params.target!, method: "weightedMajorityVote" } as NearestNeighborsParams["target"] }, [0.9, 0.1])) assert.equal(r[0], "x");
});

test("nearestNeighbors: the written PFA agrees with the reference evaluator (property, 300 draws)", () => {
  checkOpProperty(nearestNeighbors as OpDef<unknown>, 7006, 300, 8);
});

test("nearestNeighbors: the prediction and the neighbours' ids and distances share one search per row", () => {
  const params: NearestNeighborsParams = {
    k: 2,
    instances: [[0, 0], [1, 1], [3, 0], [2, 2]],
    measure: { kind: "euclidean" },
    threshold: 0.001,
    target: { kind: "continuous", values: [1, 2, 3, 4], method: "weightedAverage" },
    ids: ["a", "b", "c", "d"],
    idType: "string",
    missing: "null",
    outputs: [{ kind: "prediction" }, { kind: "neighborId", rank: 1 }, { kind: "neighborDistance", rank: 2 }, { kind: "neighborIds" }],
  };
  const rows = [[0.5, 0.5], [null, 1], [2, 1]];
  checkComputedOnce(nearestNeighbors as OpDef<unknown>, params, [nullable(DOUBLE), DOUBLE], ["model.neighbor.nearestK"], rows);
  checkComputedOnce(nearestNeighbors as OpDef<unknown>, { ...params, missing: "error" }, [nullable(DOUBLE), DOUBLE], ["model.neighbor.nearestK"], rows);
  const vote: NearestNeighborsParams = { ...params, adjustMissing: true, target: { kind: "categorical", values: ["x", "y", "y", "x"], valueType: "string", method: "weightedMajorityVote" } };
  checkComputedOnce(nearestNeighbors as OpDef<unknown>, vote, [nullable(DOUBLE), DOUBLE], ["model.neighbor.nearestK"], rows);
});
