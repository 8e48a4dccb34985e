/** What "scores the same" means, value by value (src/diff/compare.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compareValues, atPath } from "../../src/diff/compare.js";
import { JsonDouble } from "../../src/pfa/json-value.js";

const tol = { rtol: 1e-6, atol: 1e-9 };

test("numbers within atol + rtol * |reference|; NaN only with NaN; text and JSON references", () => {
  assert.equal(compareValues(1.0000001, 1, tol).equal, true);
  assert.equal(compareValues(1.00001, 1, tol).equal, false);
  assert.equal(compareValues(29, new JsonDouble(29), tol).equal, true, "a reference read as 29.0");
  assert.equal(compareValues(0.5, "0.5", tol).equal, true, "a CSV cell");
  assert.equal(compareValues(NaN, "NaN", tol).equal, true);
  assert.equal(compareValues(NaN, 1, tol).equal, false);
  assert.equal(compareValues(Infinity, "Infinity", tol).equal, true);
  assert.deepEqual(compareValues(1.5, 1, tol), { equal: false, abs: 0.5, rel: 0.5 });
});

test("labels exactly (a number-like label by its number); missing only with missing", () => {
  assert.equal(compareValues("setosa", "setosa", tol).equal, true);
  assert.equal(compareValues("setosa", "Setosa", tol).equal, false);
  assert.equal(compareValues("1", "1.0", tol).equal, true);
  assert.equal(compareValues(null, "", tol).equal, true);
  assert.equal(compareValues(null, "NA", tol).equal, true);
  assert.equal(compareValues(null, 0, tol).equal, false);
  assert.equal(compareValues(0, null, tol).equal, false);
  assert.equal(compareValues(true, "true", tol).equal, true);
});

test("vectors element by element; paths into outputs", () => {
  assert.equal(compareValues([1, 2], [1, 2.0000001], tol).equal, true);
  assert.equal(compareValues([1, 2], [1], tol).equal, false);
  assert.equal(atPath({ probability: [0.1, 0.9] }, ["probability", 1]), 0.9);
  assert.equal(atPath({ probability: [0.1] }, ["probability", 3]), undefined);
});

test("a value the document declares float compares with the reference rounded to float", async () => {
  const { holdsFloats } = await import("../../src/diff/compare.js");
  const { AvroArray, AvroRecord, AvroUnion, T } = await import("../../src/pfa/types.js");
  const strict = { rtol: 1e-9, atol: 1e-9 };
  const asFloat = Math.fround(-4.7832);
  assert.equal(compareValues(asFloat, -4.7832, strict).equal, false, "a double reference is nearer than any float");
  assert.equal(compareValues(asFloat, -4.7832, { ...strict, float32: true }).equal, true);
  assert.equal(compareValues([asFloat], ["-4.7832"], { ...strict, float32: true }).equal, true, "element by element");
  assert.equal(compareValues(Math.fround(0.1) + 1e-6, 0.1, { ...strict, float32: true }).equal, false, "not a licence to differ by more");

  const out = new AvroRecord("Output", null);
  out.fields = [
    { name: "score", type: new AvroUnion([T.null, T.float]) },
    { name: "scores", type: new AvroArray(T.float) },
    { name: "label", type: T.double },
  ];
  assert.equal(holdsFloats(out, ["score"]), true);
  assert.equal(holdsFloats(out, ["scores"]), true);
  assert.equal(holdsFloats(out, ["scores", 0]), true);
  assert.equal(holdsFloats(out, ["label"]), false);
  assert.equal(holdsFloats(out, ["missing"]), false);
});
