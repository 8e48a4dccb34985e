import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, readFileSync } from "node:fs";
import { Readable, Writable } from "node:stream";
import { crc32 } from "node:zlib";
import avsc from "avsc";
import { AvroReadError, AvroWriter, decodeLong, encodeLong, openAvro, snappyDecompress } from "../../src/data/avro.js";
import { CoercionError, rowError, typedCoercer, unresolvable } from "../../src/data/coerce.js";
import { parseSchema, type AvroType } from "../../src/pfa/types.js";
import { SKIP_SHARED, sharedPath } from "../shared.js";

function schema(json: unknown): AvroType {
  const { type, errors } = parseSchema(json as never);
  assert.deepEqual(errors, []);
  return type!;
}

class Sink extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    cb();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

async function writeAvro(type: AvroType, values: unknown[], options: { codec?: "null" | "deflate"; blockSize?: number } = {}): Promise<Buffer> {
  const sink = new Sink();
  const w = new AvroWriter(sink, type, options);
  // Several batches, as score writes them.
  for (let i = 0; i < values.length; i += 3) await w.write(values.slice(i, i + 3));
  await w.end();
  return sink.bytes;
}

/** Reads a whole container file from bytes, delivered in chunks of `chunk` bytes. */
async function readAvro(bytes: Buffer, chunk = 7): Promise<{ type: AvroType; codec: string; rows: unknown[] }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  const input = await openAvro(Readable.from(pieces));
  const rows: unknown[] = [];
  for await (const b of input.batches) rows.push(...b);
  return { type: input.type, codec: input.codec, rows };
}

function map(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, entries);
}

const EDGE_LONGS: (number | bigint)[] = [0, -1, 1, 63, -64, 64, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 53 - 1), 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n)];

describe("Avro longs", () => {
  it("encode and decode exactly, in canonical form (number when safe, else bigint)", () => {
    for (const v of EDGE_LONGS) {
      const back = decodeLong(encodeLong(v));
      assert.equal(typeof back, Number.isSafeInteger(Number(v)) && (typeof v === "number" || (v >= -(2n ** 53n - 1n) && v <= 2n ** 53n - 1n)) ? "number" : "bigint", String(v));
      assert.equal(BigInt(back), BigInt(v));
    }
  });

  it("agree with avsc's own long encoding for safe values", () => {
    const plain = avsc.Type.forSchema("long");
    for (const v of [0, -1, 1, 300, -300, 2 ** 40, -(2 ** 52)]) assert.deepEqual(encodeLong(v), plain.toBuffer(v));
  });
});

describe("Avro container files", () => {
  const everything = schema({
    type: "record",
    name: "Everything",
    namespace: "test",
    fields: [
      { name: "n", type: "long" },
      { name: "i", type: "int" },
      { name: "f", type: "float" },
      { name: "d", type: "double" },
      { name: "s", type: "string" },
      { name: "b", type: "bytes" },
      { name: "x", type: { type: "fixed", name: "Four", size: 4 } },
      { name: "e", type: { type: "enum", name: "Color", symbols: ["RED", "GREEN"] } },
      { name: "m", type: { type: "map", values: "long" } },
      { name: "a", type: { type: "array", items: ["null", "long"] } },
      { name: "u", type: ["null", "string", "double"] },
      { name: "r", type: ["null", { type: "record", name: "Inner", fields: [{ name: "ok", type: "boolean" }] }] },
    ],
  });
  const rows = EDGE_LONGS.map((n, k) => ({
    n,
    i: k - 5,
    f: Math.fround(k / 3),
    d: k === 0 ? NaN : k / 7,
    s: `row ${k} \u00e9`,
    b: new Uint8Array([k, 255, 0]),
    x: new Uint8Array([1, 2, 3, k]),
    e: k % 2 === 0 ? "RED" : "GREEN",
    m: map({ big: 2n ** 60n + BigInt(k), small: k }),
    a: [null, n],
    u: k % 3 === 0 ? null : k % 3 === 1 ? `s${k}` : k + 0.5,
    r: k % 2 === 0 ? null : { ok: k % 4 === 1 },
  }));

  for (const codec of ["null", "deflate"] as const) {
    it(`round-trips every type (${codec} codec), longs beyond 2^53 exact`, async () => {
      const bytes = await writeAvro(everything, rows, { codec, blockSize: 200 });
      const back = await readAvro(bytes);
      assert.equal(back.codec, codec);
      assert.equal(back.type.toString(), "test.Everything");
      assert.deepEqual(back.rows, rows);
      const first = back.rows[1] as { m: object; b: Uint8Array };
      assert.equal(Object.getPrototypeOf(first.m), null, "maps have a null prototype");
      assert.ok(first.b instanceof Uint8Array && !Buffer.isBuffer(first.b), "bytes are plain Uint8Arrays");
    });
  }

  it("writes files that avsc's own decoder reads, and reads files that avsc's encoder writes", async () => {
    const t = schema({ type: "record", name: "R", fields: [{ name: "k", type: "long" }, { name: "v", type: ["null", "double"] }, { name: "tags", type: { type: "array", items: "string" } }] });
    const values = Array.from({ length: 500 }, (_, k) => ({ k: k * 1000, v: k % 5 === 0 ? null : k / 4, tags: [`t${k}`] }));
    const ours = await writeAvro(t, values, { codec: "deflate" });
    const decoded: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      Readable.from([ours])
        .pipe(new avsc.streams.BlockDecoder())
        .on("data", (v: unknown) => decoded.push(v))
        .on("end", resolve)
        .on("error", reject);
    });
    assert.equal(JSON.stringify(decoded), JSON.stringify(values));

    const encoder = new avsc.streams.BlockEncoder(t.toJson() as avsc.Schema, { codec: "deflate", blockSize: 1000 });
    const sink = new Sink();
    encoder.pipe(sink);
    for (const v of values) encoder.write(v);
    encoder.end();
    await new Promise((resolve) => sink.on("finish", resolve));
    assert.deepEqual((await readAvro(sink.bytes, 4096)).rows, values);
  });

  it("reads the snappy codec", async () => {
    // A literal-only snappy compressor: enough to frame blocks as Spark's writer does.
    const snappy = (buf: Buffer, cb: (err: Error | null, out?: Buffer) => void): void => {
      const parts: Buffer[] = [];
      let n = buf.length;
      const pre: number[] = [];
      do {
        pre.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
        n >>>= 7;
      } while (n > 0);
      parts.push(Buffer.from(pre));
      for (let i = 0; i < buf.length; i += 1000) {
        const chunk = buf.subarray(i, i + 1000);
        const len = chunk.length - 1;
        parts.push(Buffer.from(len < 60 ? [len << 2] : len < 256 ? [60 << 2, len] : [61 << 2, len & 255, len >> 8]), chunk);
      }
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(buf) >>> 0);
      cb(null, Buffer.concat([...parts, crc]));
    };
    const t = schema({ type: "record", name: "R", fields: [{ name: "s", type: "string" }] });
    const values = Array.from({ length: 300 }, (_, k) => ({ s: "x".repeat(k % 50) }));
    const encoder = new avsc.streams.BlockEncoder(t.toJson() as avsc.Schema, { codec: "snappy", codecs: { snappy }, blockSize: 2000 });
    const sink = new Sink();
    encoder.pipe(sink);
    for (const v of values) encoder.write(v);
    encoder.end();
    await new Promise((resolve) => sink.on("finish", resolve));
    const back = await readAvro(sink.bytes, 100);
    assert.equal(back.codec, "snappy");
    assert.deepEqual(back.rows, values);
  });

  it("decompresses snappy copies, overlapping ones included, and refuses bad ones", () => {
    // "hello " literal, a 2-byte-offset copy of 11 (overlapping), a 1-byte-offset copy of 4, "!" literal.
    const block = Buffer.from([22, 5 << 2, ...Buffer.from("hello "), ((11 - 1) << 2) | 2, 6, 0, ((4 - 4) << 2) | 1, 6, 0 << 2, 0x21]);
    assert.equal(snappyDecompress(block).toString("latin1"), "hello hello hello hel!");
    assert.throws(() => snappyDecompress(Buffer.from([5, ((4 - 4) << 2) | 1, 9])), /out of bounds/);
    assert.throws(() => snappyDecompress(Buffer.from([200, 1, 0, 0x41])), /shorter than declared/);
  });

  it("writes and reads a top-level null (a failed row in an ['null', T] file)", async () => {
    const t = schema(["null", "double"]);
    const bytes = await writeAvro(t, [1.5, null, 2]);
    assert.deepEqual((await readAvro(bytes)).rows, [1.5, null, 2]);
  });

  it("writes a valid empty file (header only)", async () => {
    const back = await readAvro(await writeAvro(schema("string"), []));
    assert.deepEqual(back.rows, []);
    assert.equal(back.type.toString(), "string");
  });

  it("refuses what is not a container file, and truncated or corrupt ones", async () => {
    const refuse = async (bytes: Buffer, pattern: RegExp) => {
      await assert.rejects(readAvro(bytes), (e: unknown) => e instanceof AvroReadError && pattern.test(e.message));
    };
    await refuse(Buffer.from("a,b\n1,2\n"), /not an Avro object container file/);
    await refuse(Buffer.alloc(0), /empty input/);
    const good = await writeAvro(schema({ type: "array", items: "long" }), [[1, 2, 3], [4]]);
    await refuse(good.subarray(0, 20), /truncated header/);
    await refuse(good.subarray(0, good.length - 5), /truncated/);
    const badSync = Buffer.from(good);
    badSync[badSync.length - 1]! ^= 0xff;
    await refuse(badSync, /wrong sync marker/);
    const deflated = await writeAvro(schema("string"), ["a", "b"], { codec: "deflate" });
    const garbled = Buffer.from(deflated);
    garbled[garbled.length - 18]! ^= 0xff;
    await refuse(garbled, /corrupt|truncated|left after/);
  });

  it("reads exoplanets.avro, a real file: nullable unions, nested records, enums, arrays of strings", { skip: SKIP_SHARED }, async () => {
    const path = sharedPath("corpus/pfa/exoplanets.avro");
    const input = await openAvro(createReadStream(path));
    assert.equal(input.codec, "null");
    assert.equal(input.type.toString(), "Star");
    const rows: Record<string, unknown>[] = [];
    for await (const b of input.batches) rows.push(...(b as Record<string, unknown>[]));
    assert.equal(rows.length, 1103);
    const first = rows[0]!;
    assert.equal(first.name, "Kepler-207");
    assert.equal(first.ra, 290.0305176);
    assert.equal(first.mag, null);
    const planets = first.planets as Record<string, unknown>[];
    assert.equal(planets[0]!.name, "Kepler-207 b");
    assert.equal(planets[0]!.detection, "transit");
    assert.ok(Array.isArray(planets[0]!.molecules));
    // Every row equals what avsc itself decodes (its unions unwrapped, its records as plain data).
    const theirs: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      avsc.createFileDecoder(path).on("data", (v: unknown) => theirs.push(v)).on("end", resolve).on("error", reject);
    });
    assert.equal(JSON.stringify(rows), JSON.stringify(theirs));
    assert.ok(readFileSync(path).length > 100000);
  });
});

describe("Avro values to a document's input type (typed coercion)", () => {
  const file = schema({
    type: "record",
    name: "FromFile",
    fields: [
      { name: "a", type: "int" },
      { name: "b", type: ["null", "long"] },
      { name: "c", type: "string" },
    ],
  });

  it("passes values through when the shapes agree (names aside)", () => {
    const doc = schema({ type: "record", name: "Input", fields: [{ name: "a", type: "int" }, { name: "b", type: ["null", "long"] }, { name: "c", type: "string" }] });
    const v = { a: 1, b: null, c: "x" };
    assert.equal(typedCoercer(file, doc)(v), v);
    assert.equal(unresolvable(file, doc), null);
  });

  it("resolves as Avro does: promotion, reordering, absent fields with defaults or null", () => {
    const doc = schema({
      type: "record",
      name: "Input",
      fields: [
        { name: "c", type: "string" },
        { name: "a", type: "double" },
        { name: "b", type: ["null", "double"] },
        { name: "z", type: "int", default: 7 },
        { name: "w", type: ["null", "string"] },
      ],
    });
    assert.equal(unresolvable(file, doc), null);
    assert.deepEqual(typedCoercer(file, doc)({ a: 1, b: 2n ** 60n, c: "x" }), { c: "x", a: 1, b: 2 ** 60, z: 7, w: null });
  });

  it("says why a file's schema cannot be read as the input type", () => {
    const needsD = schema({ type: "record", name: "Input", fields: [{ name: "d", type: "double" }] });
    assert.match(unresolvable(file, needsD)!.message, /the file has no field "d" \(its fields are: a, b, c\)/);
    const wrongType = schema({ type: "record", name: "Input", fields: [{ name: "c", type: "double" }] });
    assert.equal(unresolvable(file, wrongType)!.message, `field "c": the file's string cannot be read as the input's double`);
    const narrower = schema({ type: "record", name: "Input", fields: [{ name: "a", type: "int" }, { name: "b", type: "int" }] });
    assert.equal(unresolvable(file, narrower)!.message, `field "b": the file's union(null, long) cannot be read as the input's int`);
  });

  it("names the field of a value that does not fit", () => {
    const doc = schema({ type: "record", name: "Input", fields: [{ name: "c", type: { type: "enum", name: "E", symbols: ["x"] } }] });
    try {
      typedCoercer(file, doc)({ a: 1, b: null, c: "y" });
      assert.fail("expected an error");
    } catch (e) {
      assert.ok(e instanceof CoercionError);
      assert.equal(rowError(4, e), 'row 4, field "c": "y" is not an enum E');
    }
  });
});
