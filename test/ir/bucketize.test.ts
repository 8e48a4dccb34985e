/** The bucketize op: hand-checked cases (Spark Bucketizer's documented example, PMML Discretize), and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import { bucketize, type BucketizeIntervalsParams, type BucketizeSplitsParams } from "../../src/ir/ops/bucketize.js";
import { DOUBLE, STRING, nullable } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

const spark: BucketizeSplitsParams = { kind: "splits", splits: ["-Infinity", -0.5, 0.0, 0.5, "Infinity"], handleInvalid: "error", missing: "propagate" };
const bucket = (p: BucketizeSplitsParams, x: unknown) => bucketize.evaluate(p, [x], [nullable(DOUBLE)])[0];

test("bucketize: Spark Bucketizer's documented example", () => {
  // Spark ML guide: splits [-inf, -0.5, 0.0, 0.5, inf], data [-999.9, -0.5, -0.3, 0.0, 0.2, 999.9] -> [0, 1, 1, 2, 2, 3]
  assert.deepEqual([-999.9, -0.5, -0.3, 0.0, 0.2, 999.9].map((x) => bucket(spark, x)), [0, 1, 1, 2, 2, 3]);
});

test("bucketize: last split in the last bucket, out of range refused, NaN by handleInvalid, -0.0 below 0.0", () => {
  const p: BucketizeSplitsParams = { ...spark, splits: [-0.5, 0, 0.5, 10] };
  assert.equal(bucket(p, 10), 2);
  assert.throws(() => bucket(p, 10.5), MissingValueError);
  assert.throws(() => bucket(p, -0.6), MissingValueError);
  assert.throws(() => bucket(p, NaN), MissingValueError);
  assert.equal(bucket({ ...p, handleInvalid: "keep" }, NaN), 3);
  assert.equal(bucket(p, 0), 1);
  assert.equal(bucket(p, -0), 0); // Arrays.binarySearch puts -0.0 before 0.0
  assert.equal(bucket(p, null), null);
});

const discretize: BucketizeIntervalsParams = {
  kind: "intervals",
  bins: [
    { closure: "openClosed", left: null, right: 10, value: "low" },
    { closure: "openOpen", left: 10, right: 20, value: "mid" },
    { closure: "closedOpen", left: 20, right: null, value: "high" },
  ],
  outputType: "string",
  defaultValue: "none",
  mapMissingTo: "missing",
};

test("bucketize: PMML Discretize intervals, defaultValue, mapMissingTo", () => {
  const d = (x: unknown) => bucketize.evaluate(discretize, [x], [nullable(DOUBLE)])[0];
  assert.deepEqual([-1e9, 10, 10.5, 20, 1e9].map(d), ["low", "low", "mid", "high", "high"]);
  assert.equal(d(null), "missing");
  assert.equal(d(NaN), "none");
  const gap: BucketizeIntervalsParams = { ...discretize, bins: discretize.bins.slice(0, 2), defaultValue: null };
  assert.equal(bucketize.evaluate(gap, [25], [DOUBLE])[0], null);
  assert.deepEqual(bucketize.outputTypes(gap, [DOUBLE]), [nullable(STRING)]);
  assert.deepEqual(bucketize.outputTypes(discretize, [nullable(DOUBLE)]), [STRING]);
});

test("bucketize: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(bucketize as OpDef<unknown>, 9, 400, 8);
});
