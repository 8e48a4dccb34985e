/**
 * Avro object container files, read and written as streams. The `avsc` package parses schemas and
 * encodes and decodes values (every Avro type, named and recursive types included); the container's
 * framing (header, blocks, sync markers, codecs) is read and written here, block by block, so that
 * memory is bounded by one block and a batch of rows is one write.
 *
 * avsc's values are mapped to and from the engine's runtime values (runtime.ts):
 * - longs are exact: a custom long type decodes the zig-zag varint itself, to a number when it is a
 *   safe integer and to a bigint beyond 2^53 (the runtime's canonical form); avsc's own long type
 *   would refuse such values;
 * - bytes and fixed become Uint8Array (copies: avsc's buffers are views of the whole block);
 * - maps become null-prototype objects, records plain objects;
 * - unions are decoded in avsc's wrapped form (`{"double": 1.5}`, always, so that the branch is never
 *   guessed) and unwrapped to the runtime's untagged values; on writing, the branch of an untagged
 *   value is found as the runtime finds it (`unionBranch`) and wrapped.
 *
 * The file's own schema is parsed with the project's parser into an AvroType: rows come out as
 * values of that type, and coerce.ts resolves them to a document's input type.
 * Codecs: null, deflate, and snappy (decoded here: Spark writes Avro with it by default); written:
 * null and deflate. Hostile sizes (a block or header claiming gigabytes) are refused.
 */
import type { Writable } from "node:stream";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { crc32, deflateRawSync, inflateRaw } from "node:zlib";
import avsc from "avsc";
import { type JsonValue, JsonDouble, stringifyJson } from "../pfa/json-value.js";
import { parseJson } from "../pfa/json.js";
import { longCompare, longOrNull, unionBranch } from "../pfa/runtime.js";
import { AvroArray, AvroMap, AvroRecord, type AvroType, AvroUnion, parseSchema, unionTag } from "../pfa/types.js";
import { writeWithBackpressure } from "./stream.js";

/** The file is not a readable Avro container (bad magic, unknown codec, corrupt block, a schema we cannot read). */
export class AvroReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AvroReadError";
  }
}

export interface AvroInput {
  /** The schema the file was written with. */
  type: AvroType;
  /** The block codec (`null`, `deflate`, `snappy`). */
  codec: string;
  /** The rows, as runtime values of `type`, in batches. */
  batches: AsyncGenerator<unknown[]>;
}

// ---------------------------------------------------------------------------------------------
// Longs: the zig-zag varint decoded to the runtime's canonical form (number when safe, else bigint).

const TWO_7 = 128;

/** Decodes one zig-zag varint long (Avro's binary long) to the runtime's canonical form. */
export function decodeLong(buf: Uint8Array): number | bigint {
  // Up to 7 bytes carry 49 bits: exact in a double.
  let n = 0;
  let mul = 1;
  let i = 0;
  let b = 0;
  do {
    b = buf[i]!;
    n += (b & 0x7f) * mul;
    mul *= TWO_7;
    i++;
  } while (b & 0x80 && i < 7);
  if (!(b & 0x80)) return n % 2 === 1 ? -(n + 1) / 2 : n / 2;
  let big = BigInt(n);
  let shift = 49n;
  do {
    b = buf[i++]!;
    big |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  } while (b & 0x80 && i < buf.length);
  big = BigInt.asUintN(64, big);
  const v = BigInt.asIntN(64, (big >> 1n) ^ -(big & 1n));
  return longOrNull(v) ?? v;
}

/** Encodes a long as Avro's zig-zag varint. */
export function encodeLong(v: number | bigint): Buffer {
  const out: number[] = [];
  // The zig-zag value is 2|v| or 2|v| - 1: exact in a double while |v| < 2^52.
  if (typeof v === "number" && v < 4503599627370496 && v > -4503599627370496) {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    while (z >= TWO_7) {
      out.push((z % TWO_7) | 0x80);
      z = Math.floor(z / TWO_7);
    }
    out.push(z);
  } else {
    const x = BigInt(v);
    let z = BigInt.asUintN(64, (x << 1n) ^ (x >> 63n));
    while (z >= 128n) {
      out.push(Number(z & 0x7fn) | 0x80);
      z >>= 7n;
    }
    out.push(Number(z));
  }
  return Buffer.from(out);
}

function isLong(v: unknown): boolean {
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) <= 2 ** 63;
  return typeof v === "bigint" && v >= -(2n ** 63n) && v < 2n ** 63n;
}

const LONG_TYPE = avsc.types.LongType.__with(
  {
    fromBuffer: decodeLong,
    toBuffer: encodeLong,
    fromJSON: (v: unknown) => (typeof v === "bigint" ? (longOrNull(v) ?? v) : v),
    toJSON: (v: number | bigint) => (typeof v === "bigint" ? Number(v) : v),
    isValid: isLong,
    compare: longCompare,
  },
  true, // hand us the varint bytes, undecoded
);

/** The avsc type for one of our types (our long, unions always wrapped). */
export function avscType(t: AvroType): avsc.Type {
  return avscTypeForSchema(plainJson(t.toJson()));
}

function avscTypeForSchema(schema: unknown): avsc.Type {
  return avsc.Type.forSchema(schema as avsc.Schema, { registry: { long: LONG_TYPE }, wrapUnions: "always" });
}

/** Our JSON model to plain JavaScript (schemas with defaults: avsc reads plain JSON values). */
function plainJson(v: JsonValue): unknown {
  if (v instanceof JsonDouble) return v.value;
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(plainJson);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainJson(x);
    return out;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Snappy (Avro's framing: the raw snappy block, then the CRC-32 of the uncompressed data, big-endian)

/** Decompresses one raw snappy block. Throws on malformed input; never writes past the declared length. */
export function snappyDecompress(src: Uint8Array): Buffer {
  let pos = 0;
  let length = 0;
  let shift = 0;
  while (true) {
    if (pos >= src.length || shift > 28) throw new Error("bad snappy length");
    const b = src[pos++]!;
    length += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) break;
    shift += 7;
  }
  if (length > MAX_BLOCK_BYTES) throw new Error("snappy block too large");
  const out = Buffer.allocUnsafe(length);
  let o = 0;
  while (pos < src.length) {
    const tag = src[pos++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const bytes = len - 59;
        if (pos + bytes > src.length) throw new Error("truncated snappy literal");
        len = 0;
        for (let k = 0; k < bytes; k++) len += src[pos + k]! * 2 ** (8 * k);
        pos += bytes;
      }
      len += 1;
      if (pos + len > src.length || o + len > length) throw new Error("snappy literal out of bounds");
      out.set(src.subarray(pos, pos + len), o);
      pos += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (pos >= src.length) throw new Error("truncated snappy copy");
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | src[pos++]!;
    } else if (kind === 2) {
      if (pos + 2 > src.length) throw new Error("truncated snappy copy");
      len = (tag >>> 2) + 1;
      offset = src[pos]! | (src[pos + 1]! << 8);
      pos += 2;
    } else {
      if (pos + 4 > src.length) throw new Error("truncated snappy copy");
      len = (tag >>> 2) + 1;
      offset = (src[pos]! | (src[pos + 1]! << 8) | (src[pos + 2]! << 16)) + src[pos + 3]! * 2 ** 24;
      pos += 4;
    }
    if (offset === 0 || offset > o || o + len > length) throw new Error("snappy copy out of bounds");
    // Copies may overlap their own output (a run): byte by byte then.
    if (offset >= len) {
      out.copyWithin(o, o - offset, o - offset + len);
    } else {
      for (let k = 0; k < len; k++) out[o + k] = out[o - offset + k]!;
    }
    o += len;
  }
  if (o !== length) throw new Error("snappy block shorter than declared");
  return out;
}

const inflateRawAsync = promisify(inflateRaw) as (buf: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

/** A block's data, decompressed. Throws AvroReadError for unknown codecs and corrupt data. */
async function decompress(codec: string, data: Buffer): Promise<Buffer> {
  switch (codec) {
    case "null":
      return data;
    case "deflate":
      try {
        return await inflateRawAsync(data, { maxOutputLength: MAX_BLOCK_BYTES });
      } catch (e) {
        throw new AvroReadError(`corrupt deflate block (${(e as Error).message})`, { cause: e });
      }
    case "snappy": {
      let out: Buffer;
      try {
        if (data.length < 4) throw new Error("block too short");
        out = snappyDecompress(data.subarray(0, data.length - 4));
      } catch (e) {
        throw new AvroReadError(`corrupt snappy block (${(e as Error).message})`, { cause: e });
      }
      if (crc32(out) >>> 0 !== data.readUInt32BE(data.length - 4)) throw new AvroReadError("corrupt snappy block (checksum mismatch)");
      return out;
    }
    default:
      throw new AvroReadError(`unsupported codec ${JSON.stringify(codec)} (pfa reads null, deflate and snappy)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Values: avsc's to ours and back, one compiled converter per type.

type Convert = (v: unknown) => unknown;
const identity: Convert = (v) => v;

/** Whether avsc's values of `t` differ from runtime values (otherwise they pass as they are). */
function needsConversion(t: AvroType, seen: Set<AvroType> = new Set()): boolean {
  switch (t.kind) {
    case "bytes":
    case "fixed":
    case "map":
    case "record":
    case "union":
      return true;
    case "array":
      if (seen.has(t)) return false;
      seen.add(t);
      return needsConversion((t as AvroArray).items, seen);
    default:
      return false;
  }
}

function defineField(r: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(r, name, { value, enumerable: true, writable: true, configurable: true });
}

/** avsc's decoded values of `t` (unions wrapped) to runtime values. */
function fromAvsc(t: AvroType, named: Map<string, Convert> = new Map()): Convert {
  if (!needsConversion(t)) return identity;
  switch (t.kind) {
    case "bytes":
    case "fixed":
      return (v) => new Uint8Array(v as Uint8Array);
    case "array": {
      const item = fromAvsc((t as AvroArray).items, named);
      return (v) => (v as unknown[]).map(item);
    }
    case "map": {
      const value = fromAvsc((t as AvroMap).values, named);
      return (v) => {
        const m = Object.create(null) as Record<string, unknown>;
        const src = v as Record<string, unknown>;
        for (const k of Object.keys(src)) m[k] = value(src[k]);
        return m;
      };
    }
    case "record": {
      const r = t as AvroRecord;
      const existing = named.get(r.fullName);
      if (existing !== undefined) return existing;
      let impl: Convert = identity;
      const lazy: Convert = (v) => impl(v);
      named.set(r.fullName, lazy);
      const names = r.fields.map((f) => f.name);
      const converts = r.fields.map((f) => fromAvsc(f.type, named));
      const hasProto = names.includes("__proto__");
      impl = (v) => {
        const src = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) {
          const name = names[i]!;
          const x = converts[i]!(src[name]);
          if (hasProto && name === "__proto__") defineField(out, name, x);
          else out[name] = x;
        }
        return out;
      };
      return lazy;
    }
    case "union": {
      const u = t as AvroUnion;
      const branches = u.types.filter((m) => m.kind !== "null").map((m) => ({ tag: unionTag(m), convert: fromAvsc(m, named) }));
      return (v) => {
        if (v === null) return null;
        const w = v as Record<string, unknown>;
        for (const b of branches) if (Object.prototype.hasOwnProperty.call(w, b.tag)) return b.convert(w[b.tag]);
        throw new AvroReadError(`a union value with no known branch (${Object.keys(w).join(", ")})`);
      };
    }
    default:
      return identity;
  }
}

/** Runtime values of `t` to what avsc writes (unions wrapped, bytes as Buffer). */
function toAvsc(t: AvroType, named: Map<string, Convert> = new Map()): Convert {
  switch (t.kind) {
    case "bytes":
    case "fixed":
      return (v) => {
        const b = v as Uint8Array;
        return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      };
    case "array": {
      const items = (t as AvroArray).items;
      if (!needsConversion(items)) return identity;
      const item = toAvsc(items, named);
      return (v) => (v as unknown[]).map(item);
    }
    case "map": {
      const values = (t as AvroMap).values;
      if (!needsConversion(values)) return identity;
      const value = toAvsc(values, named);
      return (v) => {
        const m: Record<string, unknown> = {};
        const src = v as Record<string, unknown>;
        for (const k of Object.keys(src)) {
          if (k === "__proto__") defineField(m, k, value(src[k]));
          else m[k] = value(src[k]);
        }
        return m;
      };
    }
    case "record": {
      const r = t as AvroRecord;
      const existing = named.get(r.fullName);
      if (existing !== undefined) return existing;
      let impl: Convert = identity;
      const lazy: Convert = (v) => impl(v);
      named.set(r.fullName, lazy);
      const fields = r.fields.filter((f) => needsConversion(f.type)).map((f) => ({ name: f.name, convert: toAvsc(f.type, named) }));
      if (fields.length === 0) {
        impl = identity;
        return identity;
      }
      impl = (v) => {
        const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
        for (const f of fields) out[f.name] = f.convert((v as Record<string, unknown>)[f.name]);
        return out;
      };
      return lazy;
    }
    case "union": {
      const u = t as AvroUnion;
      const converts = new Map(u.types.map((m) => [m, toAvsc(m, named)]));
      const others = u.types.filter((m) => m.kind !== "null");
      if (others.length === 1 && others.length < u.types.length) {
        // X or null: no search for the branch.
        const tag = unionTag(others[0]!);
        const convert = converts.get(others[0]!)!;
        return (v) => (v === null ? null : { [tag]: convert(v) });
      }
      return (v) => {
        if (v === null) return null;
        const branch = unionBranch(u, v);
        return { [unionTag(branch)]: converts.get(branch)!(v) };
      };
    }
    default:
      return identity;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A block (compressed or not) larger than this is refused: a corrupt or hostile size. */
const MAX_BLOCK_BYTES = 1024 * 1024 * 1024;
/** A header larger than this is refused. */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;
/** Values decoded per batch at most (a block may hold many). */
const MAX_BATCH = 4096;

/**
 * Bytes from an async source, taken as needed: `fill(n)` makes `n` bytes (or all that is left)
 * contiguous from `pos`, concatenating the chunks once, so that a large block costs one copy.
 */
class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  private done = false;

  constructor(private readonly it: AsyncIterator<Uint8Array | string>) {}

  /** Bytes available from `pos`. */
  get available(): number {
    return this.buf.length - this.pos + this.buffered;
  }

  /** Ensures `n` contiguous bytes from `pos`; false when the input ends before. */
  async fill(n: number): Promise<boolean> {
    while (this.available < n && !this.done) {
      const next = await this.it.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const chunk = typeof next.value === "string" ? Buffer.from(next.value, "latin1") : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    if (this.buf.length - this.pos < Math.min(n, this.available) && this.chunks.length > 0) {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), ...this.chunks]);
      this.pos = 0;
      this.chunks = [];
      this.buffered = 0;
    }
    return this.available >= n;
  }

  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.it.return?.(undefined);
    }
  }
}

/** Reads a zig-zag varint long at `r.pos` (the bytes must be there); advances. Undefined when malformed. */
function readVarLong(r: ByteReader): number | undefined {
  let n = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.buf.length) return undefined;
    const b = r.buf[r.pos++]!;
    n += (b & 0x7f) * mul;
    if (!(b & 0x80)) return n % 2 === 1 ? -(n + 1) / 2 : n / 2;
    mul *= TWO_7;
  }
  return undefined;
}

/**
 * Opens an Avro container file from a byte source: reads the header (schema and codec) before
 * returning, then the rows in batches, block by block. avsc decodes the header and each value; the
 * framing is read here (so that any value, a top-level null included, comes through).
 */
export async function openAvro(source: AsyncIterable<Uint8Array | string>): Promise<AvroInput> {
  const r = new ByteReader(source[Symbol.asyncIterator]());
  try {
    if (!(await r.fill(4)) || !r.buf.subarray(r.pos, r.pos + 4).equals(MAGIC)) {
      throw new AvroReadError(r.available === 0 ? "empty input, not an Avro object container file" : "not an Avro object container file (bad magic bytes)");
    }
    // The header's size is not known in advance: decode, and read more until it is complete.
    let want = 4096;
    let header: { value: { meta: Record<string, Buffer>; sync: Buffer }; offset: number };
    while (true) {
      const complete = await r.fill(want);
      header = HEADER_TYPE.decode(r.buf, r.pos) as typeof header;
      if (header.offset >= 0) break;
      if (!complete) throw new AvroReadError("truncated header");
      if (want >= MAX_HEADER_BYTES) throw new AvroReadError(`header larger than ${MAX_HEADER_BYTES} bytes`);
      want *= 4;
    }
    r.pos = header.offset;
    const meta = header.value.meta;
    const sync = Buffer.from(header.value.sync);
    const codec = meta["avro.codec"]?.toString("utf8") || "null";
    if (!["null", "deflate", "snappy"].includes(codec)) throw new AvroReadError(`unsupported codec ${JSON.stringify(codec)} (pfa reads null, deflate and snappy)`);
    const schemaBytes = meta["avro.schema"];
    if (schemaBytes === undefined) throw new AvroReadError("the header has no avro.schema");
    let schema: JsonValue;
    try {
      schema = parseJson(schemaBytes.toString("utf8"));
    } catch (e) {
      throw new AvroReadError(`the file's schema is not JSON: ${(e as Error).message}`);
    }
    const parsed = parseSchema(schema);
    if (parsed.type === null) {
      const e = parsed.errors[0];
      throw new AvroReadError(`the file's schema is not valid Avro: ${e ? `${e.path || "/"}: ${e.message}` : "unknown error"}`);
    }
    const type = parsed.type;
    let decoderType: avsc.Type;
    try {
      decoderType = avscTypeForSchema(plainJson(schema));
    } catch (e) {
      throw new AvroReadError(`the file's schema cannot be read: ${(e as Error).message}`);
    }
    return { type, codec, batches: blocks(r, decoderType, fromAvsc(type), codec, sync) };
  } catch (e) {
    await r.close();
    throw e;
  }
}

async function* blocks(r: ByteReader, type: avsc.Type, convert: Convert, codec: string, sync: Buffer): AsyncGenerator<unknown[]> {
  try {
    let index = 0;
    while (true) {
      await r.fill(20); // two longs at most
      if (r.available === 0) return;
      index++;
      const count = readVarLong(r);
      const size = readVarLong(r);
      if (count === undefined || size === undefined || count < 0 || size < 0) throw new AvroReadError(`block ${index}: corrupt or truncated block header`);
      if (size > MAX_BLOCK_BYTES) throw new AvroReadError(`block ${index}: declared size ${size} is too large`);
      if (!(await r.fill(size + 16))) throw new AvroReadError(`block ${index}: truncated (the file ends inside it)`);
      const data = r.buf.subarray(r.pos, r.pos + size);
      if (!r.buf.subarray(r.pos + size, r.pos + size + 16).equals(sync)) throw new AvroReadError(`block ${index}: wrong sync marker (corrupt file)`);
      r.pos += size + 16;
      const block = await decompress(codec, data);
      let pos = 0;
      let batch: unknown[] = [];
      for (let i = 0; i < count; i++) {
        let decoded: { value: unknown; offset: number };
        try {
          decoded = type.decode(block, pos);
        } catch (e) {
          throw new AvroReadError(`block ${index}: corrupt value ${i + 1} (${(e as Error).message})`, { cause: e });
        }
        if (decoded.offset < 0) throw new AvroReadError(`block ${index}: truncated (${count} values declared, ${i} found)`);
        pos = decoded.offset;
        batch.push(convert(decoded.value));
        if (batch.length >= MAX_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (pos !== block.length) throw new AvroReadError(`block ${index}: ${block.length - pos} bytes left after its ${count} values (corrupt file)`);
      if (batch.length > 0) yield batch;
    }
  } finally {
    await r.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface AvroWriteOptions {
  /** `null` (default) or `deflate`. */
  codec?: "null" | "deflate";
  /** Uncompressed bytes per block. Default 64 KiB. */
  blockSize?: number;
}

/** The container's header record (Avro spec, "Object Container Files"). */
const HEADER_TYPE = avsc.Type.forSchema({
  type: "record",
  name: "Header",
  fields: [
    { name: "magic", type: { type: "fixed", name: "Magic", size: 4 } },
    { name: "meta", type: { type: "map", values: "bytes" } },
    { name: "sync", type: { type: "fixed", name: "Sync", size: 16 } },
  ],
});
const BLOCK_LONG = avsc.Type.forSchema("long");
const MAGIC = Buffer.from("Obj\x01", "latin1");

/**
 * An Avro container writer for values of one type, on `out`, with backpressure. avsc encodes the
 * values (`Type.encode` into a block buffer) and the header; the framing (blocks of about
 * `blockSize` bytes, each with its count, size and the sync marker) is written here, so that any
 * value, a top-level null included, can be written and each batch of rows is one write.
 */
export class AvroWriter {
  private readonly avsc: avsc.Type;
  private readonly convert: Convert;
  private readonly codec: "null" | "deflate";
  private readonly blockSize: number;
  private readonly sync: Buffer;
  private readonly schemaText: string;
  private buf: Buffer;
  private pos = 0;
  private count = 0;
  private pending: Buffer[] = [];
  private headerDone = false;

  constructor(
    private readonly out: Writable,
    readonly type: AvroType,
    options: AvroWriteOptions = {},
  ) {
    this.avsc = avscType(type);
    this.convert = toAvsc(type);
    this.codec = options.codec ?? "null";
    this.blockSize = options.blockSize ?? 65536;
    this.buf = Buffer.alloc(this.blockSize * 2);
    this.sync = randomBytes(16);
    this.schemaText = stringifyJson(type.toJson());
  }

  /** Writes rows; resolves when `out` can take more. */
  write(values: readonly unknown[]): Promise<void> | undefined {
    this.header();
    for (const v of values) {
      const x = this.convert(v);
      let p = this.avsc.encode(x, this.buf, this.pos);
      if (p < 0) {
        const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.buf.length - p));
        this.buf.copy(bigger, 0, 0, this.pos);
        this.buf = bigger;
        p = this.avsc.encode(x, this.buf, this.pos);
      }
      this.pos = p;
      this.count++;
      if (this.pos >= this.blockSize) this.flushBlock();
    }
    return this.send();
  }

  /** Writes the last block (and the header, for an empty file); `out` is left open. */
  end(): Promise<void> | undefined {
    this.header();
    if (this.count > 0) this.flushBlock();
    return this.send();
  }

  private header(): void {
    if (this.headerDone) return;
    this.headerDone = true;
    const meta = { "avro.schema": Buffer.from(this.schemaText, "utf8"), "avro.codec": Buffer.from(this.codec, "latin1") };
    this.pending.push(HEADER_TYPE.toBuffer({ magic: MAGIC, meta, sync: this.sync }));
  }

  private flushBlock(): void {
    const data = this.buf.subarray(0, this.pos);
    const body = this.codec === "deflate" ? deflateRawSync(data) : Buffer.from(data);
    this.pending.push(BLOCK_LONG.toBuffer(this.count), BLOCK_LONG.toBuffer(body.length), body, this.sync);
    this.pos = 0;
    this.count = 0;
  }

  private send(): Promise<void> | undefined {
    if (this.pending.length === 0) return undefined;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    return writeWithBackpressure(this.out, chunk);
  }
}
