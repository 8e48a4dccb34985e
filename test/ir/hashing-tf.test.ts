import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { hashingTF } from "../../src/ir/ops/hashing-tf.js";
import { murmur3String, nonNegativeMod } from "../../src/ir/ops/text-util.js";
import { STRING, arrayOf, nullable, vector } from "../../src/ir/types.js";
import { implementation } from "../../src/pfa/lib/index.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = hashingTF as OpDef<unknown>;
/** The PFA reads a term's bytes with the bytes module; until the engine implements it, only the reference evaluation is checked. */
const engineHasBytes = implementation("bytes.encodeUtf8") !== undefined && implementation("bytes.decodeLatin1") !== undefined;
const skipPfa = engineHasBytes ? false : "the engine does not implement bytes.encodeUtf8 / bytes.decodeLatin1 yet";

test("MurmurHash3_x86_32: the published test vectors", () => {
  assert.equal(murmur3String("", 0, "murmur3"), 0);
  assert.equal(murmur3String("hello", 0, "murmur3") >>> 0, 0x248bfa47);
  assert.equal(murmur3String("The quick brown fox jumps over the lazy dog", 0x9747b28c, "murmur3") >>> 0, 0x2fa826cd);
});

test("hashingTF: Spark 3 HashingTFSuite's indexes (numFeatures 100: a 67, b 65, c 68, d 90)", () => {
  const index = (t: string) => nonNegativeMod(murmur3String(t, 42, "murmur3"), 100);
  assert.deepEqual(["a", "b", "c", "d"].map(index), [67, 65, 68, 90]);
  const expected = new Array<number>(100).fill(0);
  expected[67] = 2;
  expected[65] = 2;
  expected[68] = 1;
  expected[90] = 1;
  checkCases(op, { numFeatures: 100, binary: false, hash: "murmur3", seed: 42 }, [arrayOf(STRING)], [{ inputs: [["a", "a", "b", "b", "c", "d"]], expected: [expected] }], { pfa: engineHasBytes });
  const binary = expected.map((x) => (x > 0 ? 1 : 0));
  checkCases(op, { numFeatures: 100, binary: true, hash: "murmur3", seed: 42 }, [nullable(arrayOf(STRING))], [
    { inputs: [["a", "a", "b", "b", "c", "d"]], expected: [binary] },
    { inputs: [null], expected: REFUSED },
  ], { pfa: engineHasBytes });
});

test("hashingTF: Spark 2's hash differs only for terms whose UTF-8 length is not a multiple of 4", () => {
  for (const t of ["abcd", "spark ml", ""]) assert.equal(murmur3String(t, 42, "murmur3Spark2"), murmur3String(t, 42, "murmur3"), t);
  for (const t of ["a", "abc", "abcde", "é"]) assert.notEqual(murmur3String(t, 42, "murmur3Spark2"), murmur3String(t, 42, "murmur3"), t);
});

test("hashingTF: the checks", () => {
  assert.deepEqual(hashingTF.outputTypes({ numFeatures: 16, binary: false, hash: "murmur3", seed: 42 }, [arrayOf(STRING)]), [vector(16)]);
  assert.throws(() => hashingTF.outputTypes({ numFeatures: 0, binary: false, hash: "murmur3", seed: 42 }, [arrayOf(STRING)]), /numFeatures/);
  assert.throws(() => hashingTF.outputTypes({ numFeatures: 16, binary: false, hash: "native" as never, seed: 42 }, [arrayOf(STRING)]), /hash must be/);
});

test("hashingTF: the written PFA agrees with the reference evaluator (property, 200 draws)", { skip: skipPfa }, () => {
  checkOpProperty(op, 7108, 200, 6);
});
