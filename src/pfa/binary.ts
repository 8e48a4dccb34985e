/**
 * The `pack` and `unpack` special forms (spec §7): values to and from binary, field by field.
 * Numbers are big-endian unless the format says little; lengths of `lengthprefixed` are one
 * unsigned byte; `nullterminated` ends at the first zero byte.
 */
import type { BinaryFormat } from "./ast.js";
import { PFARuntimeError, toBig, type Long, canonLong } from "./runtime.js";

const SIZES: Partial<Record<BinaryFormat["kind"], number>> = { pad: 1, boolean: 1, byte: 1, short: 2, int: 4, long: 8, float: 4, double: 8 };

/**
 * Decodes `bytes` with `formats`, or returns null when they do not fit exactly (too short, too long,
 * a missing terminator): `unpack` then takes its `else` branch.
 */
export function unpackBytes(bytes: Uint8Array, formats: readonly BinaryFormat[]): unknown[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: unknown[] = [];
  let pos = 0;
  for (const f of formats) {
    const size = SIZES[f.kind];
    if (size !== undefined) {
      if (pos + size > bytes.length) return null;
      const le = f.littleEndian;
      switch (f.kind) {
        case "pad":
          out.push(null);
          break;
        case "boolean":
          out.push(bytes[pos] !== 0);
          break;
        case "byte":
          out.push(f.unsigned ? view.getUint8(pos) : view.getInt8(pos));
          break;
        case "short":
          out.push(f.unsigned ? view.getUint16(pos, le) : view.getInt16(pos, le));
          break;
        case "int":
          out.push(f.unsigned ? view.getUint32(pos, le) : view.getInt32(pos, le));
          break;
        case "long":
          out.push(f.unsigned ? Number(view.getBigUint64(pos, le)) : canonLong(view.getBigInt64(pos, le), 0, "unpack"));
          break;
        case "float":
          out.push(view.getFloat32(pos, le));
          break;
        default:
          out.push(view.getFloat64(pos, le));
      }
      pos += size;
      continue;
    }
    if (f.kind === "rawsize") {
      const n = f.size!;
      if (pos + n > bytes.length) return null;
      out.push(bytes.slice(pos, pos + n));
      pos += n;
    } else if (f.kind === "nullterminated") {
      const end = bytes.indexOf(0, pos);
      if (end < 0) return null;
      out.push(bytes.slice(pos, end));
      pos = end + 1;
    } else if (f.kind === "lengthprefixed") {
      if (pos >= bytes.length) return null;
      const n = bytes[pos]!;
      if (pos + 1 + n > bytes.length) return null;
      out.push(bytes.slice(pos + 1, pos + 1 + n));
      pos += 1 + n;
    } else {
      return null;
    }
  }
  return pos === bytes.length ? out : null;
}

/** Encodes `values` with `formats` (the types were checked: each value fits its format's type). */
export function packValues(formats: readonly BinaryFormat[], values: readonly unknown[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  formats.forEach((f, i) => {
    const v = values[i];
    const size = SIZES[f.kind];
    if (size !== undefined) {
      const buf = new Uint8Array(size);
      const view = new DataView(buf.buffer);
      const le = f.littleEndian;
      switch (f.kind) {
        case "pad":
          break;
        case "boolean":
          buf[0] = v ? 1 : 0;
          break;
        case "byte":
          view.setUint8(0, Number(v) & 0xff);
          break;
        case "short":
          view.setUint16(0, Number(v) & 0xffff, le);
          break;
        case "int":
          view.setUint32(0, Number(BigInt.asUintN(32, toBig(v as Long))), le);
          break;
        case "long":
          view.setBigUint64(0, BigInt.asUintN(64, typeof v === "number" && !Number.isInteger(v) ? BigInt(Math.trunc(v)) : toBig(v as Long)), le);
          break;
        case "float":
          view.setFloat32(0, v as number, le);
          break;
        default:
          view.setFloat64(0, v as number, le);
      }
      chunks.push(buf);
      return;
    }
    const b = v as Uint8Array;
    if (f.kind === "rawsize") {
      if (b.length !== f.size) throw new PFARuntimeError(3000, `pack: raw ${f.size} needs exactly ${f.size} bytes, found ${b.length}`, "pack");
      chunks.push(b);
    } else if (f.kind === "raw") {
      chunks.push(b);
    } else if (f.kind === "nullterminated") {
      chunks.push(b, new Uint8Array([0]));
    } else {
      if (b.length > 255) throw new PFARuntimeError(3001, "pack: a length-prefixed value is longer than 255 bytes", "pack");
      chunks.push(new Uint8Array([b.length]), b);
    }
  });
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}
