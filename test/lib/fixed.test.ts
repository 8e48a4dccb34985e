import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/fixed.js";
import { AvroFixed, T } from "../../src/pfa/types.js";
import { generateSite } from "./helpers.js";

const F = new AvroFixed("Fixed1", null, 4);

test("toBytes", () => {
  const toBytes = generateSite(functions, "fixed.toBytes", [F], 0, () => 0.5, T.bytes);
  assert.deepEqual(toBytes(new Uint8Array([1, 2, 3, 4])), new Uint8Array([1, 2, 3, 4]));
});

test("fromBytes overlays the replacement, keeping the original's size and leaving it alone", () => {
  const fromBytes = generateSite(functions, "fixed.fromBytes", [F, T.bytes], 0, () => 0.5, F);
  const original = new Uint8Array([0x55, 0x55, 0x55, 0x55]);
  assert.deepEqual(fromBytes(original, new Uint8Array([])), original);
  assert.deepEqual(fromBytes(original, new Uint8Array([1, 2])), new Uint8Array([1, 2, 0x55, 0x55]));
  assert.deepEqual(fromBytes(original, new Uint8Array([1, 2, 3, 4])), new Uint8Array([1, 2, 3, 4]));
  assert.deepEqual(fromBytes(original, new Uint8Array([1, 2, 3, 4, 5, 6])), new Uint8Array([1, 2, 3, 4]));
  assert.notEqual(fromBytes(original, new Uint8Array([])), original);
  assert.deepEqual(original, new Uint8Array([0x55, 0x55, 0x55, 0x55]));
});
