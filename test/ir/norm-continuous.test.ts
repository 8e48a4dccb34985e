/** The normContinuous op: hand-checked cases from PMML's NormContinuous definition, and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { normContinuous, type NormContinuousParams } from "../../src/ir/ops/norm-continuous.js";
import { DOUBLE, nullable } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

// The PMML spec's example shape: (0.01 -> 0), (3.07897 -> 0.5), (11.44 -> 1)
const points = [
  { orig: 0.01, norm: 0 },
  { orig: 3.07897, norm: 0.5 },
  { orig: 11.44, norm: 1 },
];
const run = (p: Partial<NormContinuousParams>, x: unknown) => normContinuous.evaluate({ points, outliers: "asIs", mapMissingTo: null, ...p }, [x], [nullable(DOUBLE)])[0];

test("normContinuous: interpolation inside the points, inner points exact", () => {
  assert.equal(run({}, 0.01), 0);
  assert.equal(run({}, 3.07897), 0.5);
  assert.equal(run({}, 11.44), 1);
  // halfway through the second segment
  assert.ok(Math.abs((run({}, (3.07897 + 11.44) / 2) as number) - 0.75) < 1e-15);
});

test("normContinuous: outliers asIs extrapolate, asMissingValues give missing, asExtremeValues clamp", () => {
  // below: first segment extended: 0 + (x - 0.01) / 3.06897 * 0.5
  assert.equal(run({}, -3.05897), 0 + ((-3.05897 - 0.01) / (3.07897 - 0.01)) * 0.5);
  assert.equal(run({ outliers: "asMissingValues" }, 12), null);
  assert.equal(run({ outliers: "asExtremeValues" }, 12), 1);
  assert.equal(run({ outliers: "asExtremeValues" }, -5), 0);
});

test("normContinuous: mapMissingTo", () => {
  assert.equal(run({ mapMissingTo: 0.25 }, null), 0.25);
  assert.equal(run({}, null), null);
  assert.deepEqual(normContinuous.outputTypes({ points, outliers: "asIs", mapMissingTo: 0.25 }, [nullable(DOUBLE)]), [DOUBLE]);
  assert.throws(() => normContinuous.outputTypes({ points: [points[1]!, points[0]!], outliers: "asIs", mapMissingTo: null }, [DOUBLE]), /strictly ascending/);
});

test("normContinuous: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(normContinuous as OpDef<unknown>, 2, 300, 6);
});
