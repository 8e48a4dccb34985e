/**
 * The "cast" module: integer truncation, number precision casts, fanouts, and serialization of any
 * value as Avro binary (implemented here, per the Avro 1.7.6 specification) or as JSON text.
 */
import { toJsonText } from "../data.js";
import { canonLong, INT_MAX, INT_MIN, type Long, PFARuntimeError, toBig, unionBranch } from "../runtime.js";
import { type AvroArray, type AvroEnum, type AvroMap, type AvroRecord, type AvroType, AvroUnion } from "../types.js";
import { bySite, fixed, type LibFcnImpl } from "./define.js";

// ---------------------------------------------------------------------------------------------
// Avro binary encoding (shared with the map module's sets, whose keys are base64 Avro)

/** A growable byte buffer for the encoder. */
class ByteWriter {
  buf = new Uint8Array(64);
  pos = 0;
  private view = new DataView(this.buf.buffer);

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** A long (or int) as a zigzag varint. */
  long(v: Long): void {
    this.ensure(10);
    if (typeof v === "number" && v <= 4503599627370496 && v >= -4503599627370496) {
      // |v| <= 2^52, so the zigzag value 2|v| (or 2|v| - 1) is exact in a double.
      let z = v >= 0 ? v * 2 : -v * 2 - 1;
      while (z >= 128) {
        this.buf[this.pos++] = (z % 128) | 128;
        z = Math.floor(z / 128);
      }
      this.buf[this.pos++] = z;
      return;
    }
    const b = toBig(v);
    let z = b >= 0n ? b << 1n : ((-b) << 1n) - 1n;
    while (z >= 128n) {
      this.buf[this.pos++] = Number(z & 127n) | 128;
      z >>= 7n;
    }
    this.buf[this.pos++] = Number(z);
  }

  float(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }

  double(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  string(s: string): void {
    const b = UTF8.encode(s);
    this.long(b.length);
    this.raw(b);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

const UTF8 = new TextEncoder();

type Encode = (w: ByteWriter, v: unknown) => void;

function compileEncoder(t: AvroType, cache: Map<AvroType, Encode>): Encode {
  const cached = cache.get(t);
  if (cached !== undefined) return cached;
  switch (t.kind) {
    case "null":
      return () => {};
    case "boolean":
      return (w, v) => {
        w.ensure(1);
        w.buf[w.pos++] = v ? 1 : 0;
      };
    case "int":
    case "long":
      return (w, v) => w.long(v as Long);
    case "float":
      return (w, v) => w.float(v as number);
    case "double":
      return (w, v) => w.double(v as number);
    case "string":
      return (w, v) => w.string(v as string);
    case "bytes":
      return (w, v) => {
        w.long((v as Uint8Array).length);
        w.raw(v as Uint8Array);
      };
    case "fixed":
      return (w, v) => w.raw(v as Uint8Array);
    case "enum": {
      const symbols = (t as AvroEnum).symbols;
      return (w, v) => w.long(symbols.indexOf(v as string));
    }
    case "array": {
      let items: Encode = () => {};
      const enc: Encode = (w, v) => {
        const a = v as unknown[];
        if (a.length > 0) {
          w.long(a.length);
          for (let i = 0; i < a.length; i++) items(w, a[i]);
        }
        w.long(0);
      };
      cache.set(t, enc);
      items = compileEncoder((t as AvroArray).items, cache);
      return enc;
    }
    case "map": {
      let values: Encode = () => {};
      const enc: Encode = (w, v) => {
        const m = v as Record<string, unknown>;
        const keys = Object.keys(m);
        if (keys.length > 0) {
          w.long(keys.length);
          for (const k of keys) {
            w.string(k);
            values(w, m[k]);
          }
        }
        w.long(0);
      };
      cache.set(t, enc);
      values = compileEncoder((t as AvroMap).values, cache);
      return enc;
    }
    case "record": {
      const r = t as AvroRecord;
      const names = r.fields.map((f) => f.name);
      const encs: Encode[] = [];
      const enc: Encode = (w, v) => {
        const rec = v as Record<string, unknown>;
        for (let i = 0; i < names.length; i++) encs[i]!(w, rec[names[i]!]);
      };
      cache.set(t, enc);
      for (const f of r.fields) encs.push(compileEncoder(f.type, cache));
      return enc;
    }
    case "union": {
      const u = t as AvroUnion;
      const encs: Encode[] = [];
      const enc: Encode = (w, v) => {
        const i = u.types.indexOf(unionBranch(u, v));
        w.long(i);
        encs[i]!(w, v);
      };
      cache.set(t, enc);
      for (const m of u.types) encs.push(compileEncoder(m, cache));
      return enc;
    }
    default:
      throw new PFARuntimeError(-1, `cannot encode a value of type ${t.toString()} as Avro`);
  }
}

/** An Avro binary encoder for values of type `t` (Avro 1.7.6: zigzag varints, blocked arrays and maps, union branch index). */
export function avroEncoder(t: AvroType): (v: unknown) => Uint8Array {
  const enc = compileEncoder(t, new Map());
  return (v) => {
    const w = new ByteWriter();
    enc(w, v);
    return w.result();
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}

/** A long beyond 2^53 rounded once to float (Math.fround(Number(x)) would round twice). */
function bigToFloat(x: bigint): number {
  const neg = x < 0n;
  const n = neg ? -x : x;
  const shift = n.toString(2).length - 53;
  if (shift <= 0) return Math.fround(Number(x));
  let m = n >> BigInt(shift);
  if ((m << BigInt(shift)) !== n) m |= 1n; // sticky bit: the discarded bits are not all zero
  const f = Math.fround(Number(m) * 2 ** shift);
  return neg ? -f : f;
}

/** The three fanout signatures, given how a match/mismatch is represented in the output array. */
function fanout(name: string, code: number, yes: unknown, no: unknown): LibFcnImpl {
  return bySite(name, (site) => {
    if (site.sigIndex === 0) {
      const symbols = (site.paramTypes[0] as AvroEnum).symbols;
      return (x: string) => {
        const out = new Array<unknown>(symbols.length);
        for (let i = 0; i < symbols.length; i++) out[i] = symbols[i] === x ? yes : no;
        return out;
      };
    }
    if (site.sigIndex === 1) {
      return (x: string, dictionary: string[], outOfRange: boolean) => {
        if (new Set(dictionary).size !== dictionary.length) throw new PFARuntimeError(code, "non-distinct values in dictionary", name);
        const out = new Array<unknown>(dictionary.length + (outOfRange ? 1 : 0));
        let found = false;
        for (let i = 0; i < dictionary.length; i++) {
          const hit = dictionary[i] === x;
          if (hit) found = true;
          out[i] = hit ? yes : no;
        }
        if (outOfRange) out[dictionary.length] = found ? no : yes;
        return out;
      };
    }
    return (x: number, minimum: number, maximum: number, outOfRange: boolean) => {
      const n = Math.max(0, maximum - minimum);
      const out = new Array<unknown>(n + (outOfRange ? 1 : 0));
      for (let i = 0; i < n; i++) out[i] = x === minimum + i ? yes : no;
      if (outOfRange) out[n] = x < minimum || x >= maximum ? yes : no;
      return out;
    };
  });
}

const TWO63 = 9223372036854775808;

export const functions: readonly LibFcnImpl[] = [
  fixed("cast.signed", (x: Long, bits: number) => {
    if (bits < 2 || bits > 64) throw new PFARuntimeError(17000, "unrepresentable unsigned number", "cast.signed");
    if (bits === 64) return x;
    if (typeof x === "number" && bits <= 32 && x >= INT_MIN && x <= INT_MAX) return bits === 32 ? x | 0 : (x << (32 - bits)) >> (32 - bits);
    return canonLong(BigInt.asIntN(bits, toBig(x)), 17000, "cast.signed");
  }),

  fixed("cast.unsigned", (x: Long, bits: number) => {
    if (bits < 1 || bits > 63) throw new PFARuntimeError(17010, "unrepresentable unsigned number", "cast.unsigned");
    if (typeof x === "number" && bits <= 30 && x >= INT_MIN && x <= INT_MAX) return x & ((1 << bits) - 1);
    return canonLong(BigInt.asUintN(bits, toBig(x)), 17010, "cast.unsigned");
  }),

  // Rounds half up (floor(x + 0.5)), as the reference implementations do.
  bySite("cast.int", (site) => {
    const overflow = (): never => {
      throw new PFARuntimeError(17020, "int overflow", "cast.int");
    };
    switch (site.sigIndex) {
      case 0:
        return (x: number) => x;
      case 1:
        return (x: Long) => (typeof x === "number" && x >= INT_MIN && x <= INT_MAX ? x : overflow());
      default:
        return (x: number) => {
          const r = roundHalfUp(x);
          return r >= INT_MIN && r <= INT_MAX ? r : overflow();
        };
    }
  }),

  bySite("cast.long", (site) => {
    if (site.sigIndex <= 1) return (x: Long) => x;
    return (x: number) => {
      const r = roundHalfUp(x);
      if (!(r >= -TWO63 && r < TWO63)) throw new PFARuntimeError(17030, "long overflow", "cast.long");
      return Number.isSafeInteger(r) ? r : BigInt(r);
    };
  }),

  bySite("cast.float", (site) => {
    if (site.sigIndex === 1) return (x: Long) => (typeof x === "bigint" ? bigToFloat(x) : Math.fround(x));
    return (x: number) => Math.fround(x);
  }),

  bySite("cast.double", (site) => {
    if (site.sigIndex === 1) return (x: Long) => (typeof x === "bigint" ? Number(x) : x);
    return (x: number) => x;
  }),

  fanout("cast.fanoutBoolean", 17060, true, false),
  fanout("cast.fanoutInt", 17070, 1, 0),
  fanout("cast.fanoutLong", 17080, 1, 0),
  fanout("cast.fanoutFloat", 17090, 1, 0),
  fanout("cast.fanoutDouble", 17100, 1, 0),

  bySite("cast.avro", (site) => avroEncoder(site.paramTypes[0] as AvroType)),

  bySite("cast.json", (site) => {
    const t = site.paramTypes[0] as AvroType;
    return (x: unknown) => toJsonText(t, x);
  }),
];
