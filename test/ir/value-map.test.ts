/** The valueMap op: hand-checked cases (PMML MapValues, ONNX LabelEncoder), and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { valueMap, type ValueMapParams } from "../../src/ir/ops/value-map.js";
import { INT, LONG, STRING, nullable, vector } from "../../src/ir/types.js";
import { checkOpProperty } from "./property.js";

test("valueMap: PMML MapValues with two key columns, defaultValue, mapMissingTo", () => {
  // PMML spec example shape: (gender, band) -> code
  const p: ValueMapParams = {
    rows: [
      { keys: ["f", 1], value: "F1" },
      { keys: ["f", 2], value: "F2" },
      { keys: ["m", 1], value: "M1" },
      { keys: ["m", 2], value: null },
    ],
    outputType: "string",
    defaultValue: "other",
    mapMissingTo: "unknown",
  };
  const types = [nullable(STRING), INT];
  const run = (a: unknown, b: unknown) => valueMap.evaluate(p, [a, b], types)[0];
  assert.equal(run("f", 2), "F2");
  assert.equal(run("m", 1), "M1");
  assert.equal(run("m", 2), null);
  assert.equal(run("x", 1), "other");
  assert.equal(run(null, 1), "unknown");
  assert.deepEqual(valueMap.outputTypes(p, types), [nullable(STRING)]);
});

test("valueMap: ONNX LabelEncoder string -> int64 with default, float -> float element-wise with NaN keys", () => {
  const p: ValueMapParams = { rows: [{ keys: ["a"], value: 0 }, { keys: ["b"], value: 1 }], outputType: "long", defaultValue: -1, mapMissingTo: null };
  assert.equal(valueMap.evaluate(p, ["b"], [STRING])[0], 1);
  assert.equal(valueMap.evaluate(p, ["c"], [STRING])[0], -1);
  assert.deepEqual(valueMap.outputTypes(p, [STRING]), [LONG]);
  const f: ValueMapParams = { rows: [{ keys: ["NaN"], value: 0 }, { keys: [1.5], value: 2 }], outputType: "double", defaultValue: -0, mapMissingTo: null };
  assert.deepEqual(valueMap.evaluate(f, [[NaN, 1.5, 3]], [vector(3)])[0], [0, 2, -0]);
});

test("valueMap: keys that are names of object properties are ordinary keys", async () => {
  const { writePfa } = await import("../../src/writer/write.js");
  const { PFAEngine } = await import("../../src/pfa/engine.js");
  const p: ValueMapParams = { rows: [{ keys: ["__proto__"], value: "p" }, { keys: ["toString"], value: "t" }], outputType: "string", defaultValue: "none", mapMissingTo: null };
  const doc = writePfa({ name: "t", inputs: [{ name: "x", type: STRING }], steps: [{ op: "valueMap", inputs: ["x"], outputs: [{ name: "y", type: STRING }], params: p }], outputs: ["y"], metadata: {} });
  const engine = PFAEngine.fromJson(doc);
  for (const [x, y] of [["__proto__", "p"], ["toString", "t"], ["constructor", "none"]]) {
    assert.equal(valueMap.evaluate(p, [x], [STRING])[0], y);
    assert.deepEqual(engine.action({ x }), { y });
  }
});

test("valueMap: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(valueMap as OpDef<unknown>, 10, 400, 8);
});
