import { test } from "node:test";
import assert from "node:assert/strict";
import { avroEncoder, functions } from "../../src/pfa/lib/cast.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { makeRecord, mapFromEntries } from "../../src/pfa/runtime.js";
import { AvroArray, AvroEnum, AvroFixed, AvroMap, AvroRecord, type AvroType, AvroUnion, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

function gen(name: string, paramTypes: AvroType[], sigIndex = 0): CompiledFunction {
  return generateSite(functions, name, paramTypes, sigIndex, () => 0.5, T.null);
}


const b64 = (b: unknown) => Buffer.from(b as Uint8Array).toString("base64");
const hex = (b: unknown) => Buffer.from(b as Uint8Array).toString("hex");

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 13);
  assert.equal(new Set(names).size, 13);
});

test("signed and unsigned", () => {
  const signed = gen("cast.signed", [T.long, T.int]);
  assert.equal(signed(5, 2), 1);
  assert.equal(signed(3, 2), -1);
  assert.equal(signed(-1, 5), -1);
  assert.equal(signed(255, 8), -1);
  assert.equal(signed(128, 8), -128);
  assert.equal(signed(2 ** 31, 32), -(2 ** 31));
  assert.equal(signed(2 ** 40 + 5, 33), 5);
  assert.equal(signed(2n ** 63n - 1n, 64), 2n ** 63n - 1n);
  assert.equal(signed(2n ** 63n - 1n, 63), -1);
  assert.equal(signed(2 ** 52, 53), -(2 ** 52));
  throwsCode(() => signed(5, 1), 17000);
  throwsCode(() => signed(5, 65), 17000);
  const unsigned = gen("cast.unsigned", [T.long, T.int]);
  assert.equal(unsigned(-1, 2), 3);
  assert.equal(unsigned(-1, 17), 131071);
  assert.equal(unsigned(2, 1), 0);
  assert.equal(unsigned(-1, 31), 2 ** 31 - 1);
  assert.equal(unsigned(-1, 63), 2n ** 63n - 1n);
  assert.equal(unsigned(-(2n ** 63n), 63), 0);
  throwsCode(() => unsigned(5, 0), 17010);
  throwsCode(() => unsigned(5, 64), 17010);
});

test("int and long round half up and raise on overflow", () => {
  assert.equal(gen("cast.int", [T.int], 0)(-5), -5);
  const fromLong = gen("cast.int", [T.long], 1);
  assert.equal(fromLong(-100), -100);
  throwsCode(() => fromLong(2147483648), 17020);
  throwsCode(() => fromLong(2n ** 62n), 17020);
  const fromDouble = gen("cast.int", [T.double], 3);
  assert.equal(fromDouble(0.5), 1);
  assert.equal(fromDouble(-0.5), 0);
  assert.equal(fromDouble(-0.9), -1);
  assert.equal(fromDouble(2147483647.4), 2147483647);
  throwsCode(() => fromDouble(2147483647.5), 17020);
  throwsCode(() => fromDouble(NaN), 17020);
  throwsCode(() => fromDouble(-Infinity), 17020);
  const longFromDouble = gen("cast.long", [T.double], 3);
  assert.equal(longFromDouble(1.5), 2);
  assert.equal(longFromDouble(-0.5), 0);
  assert.equal(longFromDouble(2 ** 60), 2n ** 60n);
  assert.equal(longFromDouble(-(2 ** 63)), -(2n ** 63n));
  throwsCode(() => longFromDouble(2 ** 63), 17030);
  throwsCode(() => longFromDouble(Infinity), 17030);
  throwsCode(() => longFromDouble(NaN), 17030);
  assert.equal(gen("cast.long", [T.long], 1)(2n ** 62n), 2n ** 62n);
});

test("float and double", () => {
  assert.equal(gen("cast.float", [T.double], 3)(0.1), Math.fround(0.1));
  assert.equal(gen("cast.float", [T.int], 0)(16777217), 16777216);
  const fromLong = gen("cast.float", [T.long], 1);
  // 2^60 + 2^36 + 1 is just above a float midpoint: rounding through a double would give 2^60
  assert.equal(fromLong(2n ** 60n + 2n ** 36n + 1n), 2 ** 60 + 2 ** 37);
  assert.equal(fromLong(-(2n ** 60n + 2n ** 36n + 1n)), -(2 ** 60 + 2 ** 37));
  assert.equal(fromLong(2n ** 60n + 2n ** 36n), 2 ** 60);
  assert.equal(gen("cast.double", [T.long], 1)(2n ** 62n + 1n), 2 ** 62);
  assert.equal(gen("cast.double", [T.float], 2)(Math.fround(0.1)), Math.fround(0.1));
});

test("fanouts", () => {
  const E = new AvroEnum("E", null, ["a", "b", "c"]);
  assert.deepEqual(gen("cast.fanoutBoolean", [E], 0)("b"), [false, true, false]);
  assert.deepEqual(gen("cast.fanoutDouble", [E], 0)("c"), [0, 0, 1]);
  const str = gen("cast.fanoutInt", [T.string, new AvroArray(T.string), T.boolean], 1);
  assert.deepEqual(str("b", ["a", "b"], false), [0, 1]);
  assert.deepEqual(str("z", ["a", "b"], true), [0, 0, 1]);
  assert.deepEqual(str("a", ["a", "b"], true), [1, 0, 0]);
  throwsCode(() => str("a", ["a", "a"], true), 17070);
  throwsCode(() => gen("cast.fanoutBoolean", [T.string, new AvroArray(T.string), T.boolean], 1)("a", ["x", "x"], false), 17060);
  const int = gen("cast.fanoutLong", [T.int, T.int, T.int, T.boolean], 2);
  assert.deepEqual(int(3, 2, 5, false), [0, 1, 0]);
  assert.deepEqual(int(7, 2, 5, true), [0, 0, 0, 1]);
  assert.deepEqual(int(2, 5, 2, true), [1]);
  assert.deepEqual(int(2, 5, 2, false), []);
});

test("avro: primitives", () => {
  const enc = (t: AvroType, v: unknown) => b64(gen("cast.avro", [t])(v));
  assert.equal(enc(T.int, 0), "AA==");
  assert.equal(enc(T.int, -1), "AQ==");
  assert.equal(enc(T.int, 100), "yAE=");
  assert.equal(enc(T.int, -100), "xwE=");
  assert.equal(hex(gen("cast.avro", [T.long])(2n ** 63n - 1n)), "feffffffffffffffff01");
  assert.equal(hex(gen("cast.avro", [T.long])(-(2n ** 63n))), "ffffffffffffffffff01");
  assert.equal(hex(gen("cast.avro", [T.long])(2 ** 53 - 1)), "feffffffffffff1f");
  assert.equal(hex(gen("cast.avro", [T.long])(-(2 ** 53 - 1))), "fdffffffffffff1f");
  assert.equal(hex(gen("cast.avro", [T.null])(null)), "");
  assert.equal(hex(gen("cast.avro", [T.boolean])(true)), "01");
  assert.equal(hex(gen("cast.avro", [T.float])(1)), "0000803f");
  assert.equal(enc(T.double, -17), "AAAAAAAAMcA=");
  assert.equal(enc(T.double, NaN), "AAAAAAAA+H8=");
  assert.equal(hex(gen("cast.avro", [T.string])("oneee−two")), "166f6e656565e288927477" + "6f");
  assert.equal(hex(gen("cast.avro", [T.bytes])(new Uint8Array([1, 2]))), "040102");
});

test("avro: complex types", () => {
  assert.equal(b64(gen("cast.avro", [new AvroArray(T.string)])(["o", "hello"])), "BAJvCmhlbGxvAA==");
  assert.equal(b64(gen("cast.avro", [new AvroArray(T.string)])([])), "AA==");
  assert.equal(hex(gen("cast.avro", [new AvroMap(T.int)])(mapFromEntries([["a", 1]]))), "020261" + "0200");
  assert.equal(hex(gen("cast.avro", [new AvroMap(T.int)])(mapFromEntries<number>([]))), "00");
  const R = new AvroRecord("R", null);
  R.fields = [
    { name: "x", type: T.int },
    { name: "y", type: T.string },
  ];
  assert.equal(b64(gen("cast.avro", [R])(makeRecord(["x", "y"], [100, "hello"]))), "yAEKaGVsbG8=");
  const U = new AvroUnion([T.null, T.double]);
  assert.equal(b64(gen("cast.avro", [U])(null)), "AA==");
  assert.equal(b64(gen("cast.avro", [U])(-0.1)), "ApqZmZmZmbm/");
  const E = new AvroEnum("E", null, ["a", "b", "c"]);
  assert.equal(hex(gen("cast.avro", [E])("c")), "04");
  const F = new AvroFixed("F", null, 2);
  assert.equal(hex(gen("cast.avro", [F])(new Uint8Array([9, 8]))), "0908");
  // a recursive type
  const L = new AvroRecord("L", null);
  L.fields = [
    { name: "v", type: T.int },
    { name: "next", type: new AvroUnion([T.null, L]) },
  ];
  const list = makeRecord(["v", "next"], [1, makeRecord(["v", "next"], [2, null])]);
  assert.equal(hex(avroEncoder(L)(list)), "0202" + "0400");
  // a long array (several buffer growths)
  const big = Array.from({ length: 1000 }, (_, i) => i);
  assert.equal((avroEncoder(new AvroArray(T.int))(big) as Uint8Array).length, 2 + 64 + 936 * 2 + 1);
});

test("json", () => {
  const R = new AvroRecord("R", null);
  R.fields = [
    { name: "x", type: T.int },
    { name: "y", type: new AvroUnion([T.null, T.double]) },
  ];
  assert.equal(gen("cast.json", [R])(makeRecord(["x", "y"], [1, 2.5])), '{"x":1,"y":{"double":2.5}}');
  assert.equal(gen("cast.json", [R])(makeRecord(["x", "y"], [1, null])), '{"x":1,"y":null}');
  assert.equal(gen("cast.json", [new AvroArray(T.string)])(["o", "hello"]), '["o","hello"]');
  assert.equal(gen("cast.json", [T.double])(1), "1.0");
  assert.equal(gen("cast.json", [T.long])(2n ** 62n), "4611686018427387904");
});
