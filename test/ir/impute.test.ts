/** The impute op: hand-checked cases (Spark Imputer, ONNX Imputer, PMML missingValueReplacement), and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { impute } from "../../src/ir/ops/impute.js";
import { DOUBLE, INT, STRING, nullable, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

test("impute: Spark Imputer with missingValue -1 replaces null and -1, keeps NaN", () => {
  // the corpus' Housing pipeline: AGE = -1 -> median 77.7
  const p = { value: [77.7], replaceNaN: false, replaceValue: -1 };
  const t = nullable(DOUBLE);
  assert.equal(impute.evaluate(p, [-1], [t])[0], 77.7);
  assert.equal(impute.evaluate(p, [null], [t])[0], 77.7);
  assert.ok(Number.isNaN(impute.evaluate(p, [NaN], [t])[0] as number));
  assert.equal(impute.evaluate(p, [3], [t])[0], 3);
  assert.deepEqual(impute.outputTypes(p, [t]), [DOUBLE]);
});

test("impute: ONNX Imputer with replaced_value_float NaN, one value per element", () => {
  const p = { value: [1, 2, 3], replaceNaN: false, replaceValue: "NaN" as const };
  assert.deepEqual(impute.evaluate(p, [[NaN, 5, NaN]], [vector(3)])[0], [1, 5, 3]);
  assert.deepEqual(impute.evaluate(p, [null], [nullable(vector(3))])[0], [1, 2, 3]);
});

test("impute: PMML missingValueReplacement for strings and integers", () => {
  assert.equal(impute.evaluate({ value: ["Iris-setosa"], replaceNaN: false, replaceValue: null }, [null], [nullable(STRING)])[0], "Iris-setosa");
  assert.equal(impute.evaluate({ value: [4], replaceNaN: true, replaceValue: null }, [null], [nullable(INT)])[0], 4);
  assert.throws(() => impute.outputTypes({ value: [4.5], replaceNaN: false, replaceValue: null }, [nullable(INT)]), /integer/);
});

test("impute: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(impute as OpDef<unknown>, 8, 300, 6);
});
