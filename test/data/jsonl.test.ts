import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable, Writable } from "node:stream";
import { JsonLinesError, JsonLinesParser, JsonLinesWriter, readJsonLines } from "../../src/data/jsonl.js";
import { CoercionError, jsonCoercer, rowError } from "../../src/data/coerce.js";
import { BadRow } from "../../src/data/stream.js";
import { JsonDouble, type JsonValue } from "../../src/pfa/json-value.js";
import { parseSchema, type AvroType } from "../../src/pfa/types.js";

function schema(json: unknown): AvroType {
  const { type, errors } = parseSchema(json as never);
  assert.deepEqual(errors, []);
  return type!;
}

async function readAll(chunks: (string | Buffer)[]): Promise<(JsonValue | BadRow)[]> {
  const out: (JsonValue | BadRow)[] = [];
  for await (const b of readJsonLines(Readable.from(chunks))) out.push(...b);
  return out;
}

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString("utf8");
    cb();
  }
}

function coercionMessage(f: () => unknown, row = 3): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof CoercionError, String(e));
    return rowError(row, e);
  }
  assert.fail("expected a coercion error");
}

describe("JSON lines reader", () => {
  it("reads one value per line, skipping blank lines, across chunk boundaries", async () => {
    const values = await readAll(['{"a": 1}\n\n  \n[1, ', '2.0]\r\n"x"', "\n42"]);
    assert.deepEqual(values, [{ a: 1 }, [1, new JsonDouble(2)], "x", 42]);
  });

  it("keeps 1 and 1.0 apart and longs exact", async () => {
    const [v] = await readAll(['{"i": 1, "d": 1.0, "big": 9007199254740993, "neg": -9223372036854775808}\n']);
    assert.deepEqual(v, { i: 1, d: new JsonDouble(1), big: 9007199254740993n, neg: -9223372036854775808n });
  });

  it("turns a line that is not JSON into a BadRow and goes on", async () => {
    const values = await readAll(['{"a": 1}\n{"a": \n{"a": 3}\n']);
    assert.equal(values.length, 3);
    assert.ok(values[1] instanceof BadRow);
    assert.match((values[1] as BadRow).message, /^not JSON: /);
    assert.deepEqual(values[2], { a: 3 });
  });

  it("refuses a line longer than the limit", () => {
    const p = new JsonLinesParser({ maxLineChars: 50 });
    assert.throws(() => {
      for (let i = 0; i < 10; i++) p.push('"' + "x".repeat(10));
    }, (e: unknown) => e instanceof JsonLinesError && e.row === 1);
  });

  it("reads bytes with a BOM and a split UTF-8 character", async () => {
    const bytes = Buffer.from('\ufeff"\u00e9"\n', "utf8");
    assert.deepEqual(await readAll([bytes.subarray(0, 5), bytes.subarray(5)]), ["\u00e9"]);
  });
});

describe("JSON coercion", () => {
  const row = schema({
    type: "record",
    name: "Row",
    fields: [
      { name: "x", type: "double" },
      { name: "n", type: "long" },
      { name: "i", type: "int" },
      { name: "f", type: "float" },
      { name: "u", type: ["null", "string", "double"] },
      { name: "tags", type: { type: "array", items: "string" }, default: [] },
      { name: "opt", type: ["null", "int"] },
    ],
  });
  const coerce = jsonCoercer(row);

  it("converts a JSON object to a record, with defaults and nulls for absent fields", () => {
    const v = coerce({ x: 1, n: 9007199254740993n, i: new JsonDouble(2), f: 0.1, u: "s" }) as Record<string, unknown>;
    assert.deepEqual(v, { x: 1, n: 9007199254740993n, i: 2, f: Math.fround(0.1), u: "s", tags: [], opt: null });
  });

  it("takes unions tagged or untagged", () => {
    assert.equal((coerce({ x: 1, n: 1, i: 1, f: 1, u: { double: 2.5 } }) as Record<string, unknown>).u, 2.5);
    assert.equal((coerce({ x: 1, n: 1, i: 1, f: 1, u: { string: "t" } }) as Record<string, unknown>).u, "t");
    assert.equal((coerce({ x: 1, n: 1, i: 1, f: 1, u: 7 }) as Record<string, unknown>).u, 7);
    assert.equal((coerce({ x: 1, n: 1, i: 1, f: 1, u: null }) as Record<string, unknown>).u, null);
    assert.equal((coerce({ x: 1, n: 1, i: 1, f: 1, opt: { int: 3 } }) as Record<string, unknown>).opt, 3);
  });

  it("accepts NaN and the infinities written as strings", () => {
    const v = coerce({ x: "NaN", n: 1, i: 1, f: "-Infinity", u: null }) as Record<string, unknown>;
    assert.ok(Number.isNaN(v.x));
    assert.equal(v.f, -Infinity);
    assert.equal((coerce({ x: "Infinity", n: 1, i: 1, f: "inf" }) as Record<string, unknown>).x, Infinity);
  });

  it("names the field (with its path) of a value that does not fit", () => {
    assert.equal(coercionMessage(() => coerce({ x: "abc", n: 1, i: 1, f: 1 })), 'row 3, field "x": "abc" is not a double');
    assert.equal(coercionMessage(() => coerce({ x: 1, n: 1.5, i: 1, f: 1 })), 'row 3, field "n": 1.5 is not a long');
    assert.equal(coercionMessage(() => coerce({ x: 1, n: 1, i: 3000000000, f: 1 })), 'row 3, field "i": 3000000000 is out of the int range');
    assert.equal(coercionMessage(() => coerce({ x: 1, n: 1, f: 1 })), 'row 3, field "i": missing, and the type int is not nullable');
    assert.equal(coercionMessage(() => coerce({ x: 1, n: 1, i: 1, f: 1, tags: ["a", 2] })), 'row 3, field "tags[1]": 2 is not a string');
    assert.equal(coercionMessage(() => coerce({ x: 1, n: 1, i: 1, f: 1, u: [1] })), 'row 3, field "u": an array is not a union(null, string, double)');
    assert.equal(coercionMessage(() => coerce([1, 2])), "row 3: an array is not a record Row");
    assert.equal(coercionMessage(() => coerce({ x: 1, n: 9223372036854775808n, i: 1, f: 1 })), 'row 3, field "n": 9223372036854775808 is out of the long range');
  });

  it("reads maps as null-prototype objects, nested records, enums and bytes", () => {
    const t = schema({
      type: "record",
      name: "Outer",
      fields: [
        { name: "m", type: { type: "map", values: { type: "record", name: "Inner", fields: [{ name: "e", type: { type: "enum", name: "E", symbols: ["A", "B"] } }] } } },
        { name: "b", type: "bytes" },
      ],
    });
    const v = jsonCoercer(t)({ m: { k: { e: "B" } }, b: "\u0000\u00ff" }) as { m: Record<string, unknown>; b: Uint8Array };
    assert.equal(Object.getPrototypeOf(v.m), null);
    assert.deepEqual({ ...v.m }, { k: { e: "B" } });
    assert.deepEqual([...v.b], [0, 255]);
    assert.equal(coercionMessage(() => jsonCoercer(t)({ m: { k: { e: "C" } }, b: "" })), 'row 3, field "m["k"].e": "C" is not an enum E');
  });
});

describe("JSON lines writer", () => {
  it("writes Avro JSON: unions tagged, longs exact, doubles as doubles, null rows as null", async () => {
    const t = schema({
      type: "record",
      name: "Out",
      fields: [
        { name: "d", type: "double" },
        { name: "n", type: "long" },
        { name: "u", type: ["null", "double"] },
      ],
    });
    const sink = new Sink();
    const w = new JsonLinesWriter(sink, t);
    await w.write([{ d: 1, n: 2n ** 62n, u: 2 }, null, { d: NaN, n: -1, u: null }]);
    assert.equal(sink.text, '{"d":1.0,"n":4611686018427387904,"u":{"double":2.0}}\nnull\n{"d":"nan","n":-1,"u":null}\n');
  });
});
