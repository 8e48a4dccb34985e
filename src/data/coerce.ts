/**
 * Input rows to runtime values of a document's input type (runtime.ts), from each kind of source:
 *
 * - CSV (`csvCoercer`): cells are strings or null (missing). The input type must be a record whose
 *   fields are primitives, enums or nullable ones (a field of another type is read as JSON text in
 *   its cell), or a single such type when the file has one column. Columns are matched to fields by
 *   name (or a field's aliases); extra columns are ignored. Numbers are parsed strictly (`1e3` is a
 *   number, `0x10` and ` 1` are not); an int must be integral and in 32-bit range; a long is exact
 *   (BigInt beyond 2^53); a float is rounded to 32 bits; booleans are true/false (any case) or 1/0;
 *   NaN, Inf and Infinity (any case, signed) are numbers. A missing value goes only into a nullable
 *   field.
 * - JSON (`jsonCoercer`): values of the project's JSON model, by Avro's JSON encoding, leniently:
 *   unions may be tagged (`{"double": 1}`) or not (the first member that fits is chosen, as the
 *   runtime's untagged values do), "NaN", "Infinity", "-Infinity" (and "nan", "inf", "-inf") are
 *   numbers, bytes are strings of code points 0 to 255, a record field that is absent takes its
 *   default, or null when its type is nullable.
 * - typed values (`typedCoercer`): runtime values of one type (from an Avro file) resolved to another,
 *   as Avro's schema resolution does (fields by name, defaults, numeric promotion, union branches),
 *   except that record names need not match. When the two types have the same shape, values pass as
 *   they are.
 *
 * Each coercer is compiled once per type (a closure per field), so rows cost no type dispatch. A
 * value that does not fit throws a CoercionError, whose message names the field:
 * `field "sepal_length": "abc" is not a double`; `rowError` adds the row.
 */
import { EMBEDDED, fromJson } from "../pfa/data.js";
import { parseJson } from "../pfa/json.js";
import { type JsonValue, JsonDouble } from "../pfa/json-value.js";
import { INT_MAX, INT_MIN, isMapValue, longOrNull } from "../pfa/runtime.js";
import {
  type AvroArray,
  type AvroEnum,
  type AvroField,
  type AvroFixed,
  type AvroMap,
  AvroNamed,
  AvroRecord,
  type AvroType,
  AvroUnion,
  T,
  unionTag,
} from "../pfa/types.js";
import type { CsvRecord } from "./csv.js";

// ---------------------------------------------------------------------------------------------
// Errors

/** A value that does not fit its type. `path` says where in the row (`sepal_length`, `a.b[2]`). */
export class CoercionError extends Error {
  constructor(
    readonly reason: string,
    public path = "",
  ) {
    super(path === "" ? reason : `field "${path}": ${reason}`);
    this.name = "CoercionError";
  }

  /** The same error one level further out: `step` is a field name, `[3]` or `["key"]`. */
  within(step: string): CoercionError {
    const path = this.path === "" ? step : step + (this.path.startsWith("[") ? "" : ".") + this.path;
    return new CoercionError(this.reason, path);
  }
}

/** The columns do not fit the input type at all (a field has no column): nothing can be read. */
export class InputMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputMismatchError";
  }
}

/** One line for a bad row: `row 17, field "x": "abc" is not a double`. */
export function rowError(row: number, e: CoercionError | string): string {
  if (typeof e === "string") return `row ${row}: ${e}`;
  return e.path === "" ? `row ${row}: ${e.reason}` : `row ${row}, field "${e.path}": ${e.reason}`;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v);
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (v instanceof JsonDouble) return Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
  if (Array.isArray(v)) return "an array";
  if (v instanceof Uint8Array) return "bytes";
  return "an object";
}

function article(t: AvroType): string {
  const s = t instanceof AvroNamed ? `${t.kind} ${t.fullName}` : t.toString();
  return /^(?!union)[aeiou]/.test(s) ? `an ${s}` : `a ${s}`;
}

function fail(v: unknown, t: AvroType): never {
  throw new CoercionError(`${describe(v)} is not ${article(t)}`);
}

type Coerce<I = unknown> = (v: I) => unknown;

function isNullable(t: AvroType): boolean {
  return t.kind === "null" || (t instanceof AvroUnion && t.types.some((m) => m.kind === "null"));
}

/** A field's default as a runtime value (Avro: a union's default is of its first member). */
function defaultValue(f: AvroField): unknown {
  return fromJson(f.type instanceof AvroUnion ? f.type.types[0]! : f.type, f.default!, EMBEDDED);
}

function setField(r: Record<string, unknown>, name: string, value: unknown): void {
  if (name === "__proto__") Object.defineProperty(r, name, { value, enumerable: true, writable: true, configurable: true });
  else r[name] = value;
}

// ---------------------------------------------------------------------------------------------
// Text to numbers (CSV cells)

const C_0 = 48;
const C_9 = 57;
const C_PLUS = 43;
const C_MINUS = 45;
const C_DOT = 46;

/** Optional sign, then digits only. */
function isIntegerText(s: string): boolean {
  const n = s.length;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === C_MINUS || c0 === C_PLUS) i = 1;
  if (i >= n) return false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < C_0 || c > C_9) return false;
  }
  return true;
}

/** A decimal number: sign, digits with an optional fraction (at least one digit), optional exponent. */
function isDecimalText(s: string): boolean {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === C_MINUS || c === C_PLUS) c = s.charCodeAt(++i);
  let digits = 0;
  while (c >= C_0 && c <= C_9) {
    digits++;
    c = s.charCodeAt(++i);
  }
  if (c === C_DOT) {
    c = s.charCodeAt(++i);
    while (c >= C_0 && c <= C_9) {
      digits++;
      c = s.charCodeAt(++i);
    }
  }
  if (digits === 0) return false;
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++i);
    if (c === C_MINUS || c === C_PLUS) c = s.charCodeAt(++i);
    let e = 0;
    while (c >= C_0 && c <= C_9) {
      e++;
      c = s.charCodeAt(++i);
    }
    if (e === 0) return false;
  }
  return i === n;
}

/** NaN, Inf, Infinity in any case, with a sign for the infinities; undefined otherwise. */
function nonFiniteText(s: string): number | undefined {
  if (s.length < 3 || s.length > 9) return undefined;
  const l = s.toLowerCase();
  switch (l) {
    case "nan":
      return NaN;
    case "inf":
    case "+inf":
    case "infinity":
    case "+infinity":
      return Infinity;
    case "-inf":
    case "-infinity":
      return -Infinity;
    default:
      return undefined;
  }
}

/** x, b or o in either case: `0x10` is not a decimal number. */
function isRadixLetter(c: number): boolean {
  const l = c | 0x20;
  return l === 0x78 || l === 0x62 || l === 0x6f;
}

function parseDoubleText(s: string, t: AvroType): number {
  // Number() does the work; what it accepts beyond decimal numbers (surrounding whitespace, 0x, 0b,
  // 0o, Infinity) is excluded by looking at the first and last characters only.
  const n = +s;
  if (n - n === 0) {
    const c0 = s.charCodeAt(0);
    const cl = s.charCodeAt(s.length - 1);
    if (
      ((c0 >= C_0 && c0 <= C_9) || c0 === C_MINUS || c0 === C_PLUS || c0 === C_DOT) &&
      ((cl >= C_0 && cl <= C_9) || cl === C_DOT) &&
      !(c0 === C_0 && s.length > 2 && isRadixLetter(s.charCodeAt(1)))
    ) {
      return n;
    }
    return fail(s, t);
  }
  if (n === Infinity || n === -Infinity) {
    if (isDecimalText(s)) return n; // too large for a double: infinite, as Java and Python read it
  }
  const x = nonFiniteText(s);
  if (x === undefined) fail(s, t);
  return x;
}

/** A parser of one CSV cell (never null) for a type. */
function cellParser(t: AvroType): (s: string) => unknown {
  switch (t.kind) {
    case "null":
      return (s) => fail(s, t);
    case "boolean":
      return (s) => {
        if (s === "true" || s === "1") return true;
        if (s === "false" || s === "0") return false;
        const l = s.toLowerCase();
        if (l === "true") return true;
        if (l === "false") return false;
        return fail(s, t);
      };
    case "int":
      return (s) => {
        if (s.length < 10 && isIntegerText(s)) return +s | 0;
        if (!isDecimalText(s)) return fail(s, t);
        const n = +s;
        if (!Number.isInteger(n)) return fail(s, t);
        if (n < INT_MIN || n > INT_MAX) throw new CoercionError(`${s} is out of the int range`);
        return n === 0 ? 0 : n;
      };
    case "long":
      return (s) => {
        if (isIntegerText(s)) {
          if (s.length <= 15) return +s + 0; // + 0: no -0
          const v = longOrNull(BigInt(s));
          if (v === null) throw new CoercionError(`${s} is out of the long range`);
          return v;
        }
        if (!isDecimalText(s)) return fail(s, t);
        const n = +s;
        if (!Number.isInteger(n)) return fail(s, t);
        if (!Number.isSafeInteger(n)) throw new CoercionError(`${s} is not an exact long (write it without a fraction or exponent)`);
        return n === 0 ? 0 : n;
      };
    case "float":
      return (s) => Math.fround(parseDoubleText(s, t));
    case "double":
      return (s) => parseDoubleText(s, t);
    case "string":
      return (s) => s;
    case "bytes":
      return (s) => new Uint8Array(Buffer.from(s, "base64"));
    case "fixed":
      return (s) => {
        const b = new Uint8Array(Buffer.from(s, "base64"));
        if (b.length !== (t as AvroFixed).size) throw new CoercionError(`${describe(s)} is not ${(t as AvroFixed).size} bytes in base64`);
        return b;
      };
    case "enum": {
      const symbols = new Set((t as AvroEnum).symbols);
      return (s) => (symbols.has(s) ? s : fail(s, t));
    }
    case "union": {
      const members = (t as AvroUnion).types.filter((m) => m.kind !== "null");
      const parsers = members.map(cellParser);
      if (parsers.length === 1) return parsers[0]!;
      return (s) => {
        for (const p of parsers) {
          try {
            return p(s);
          } catch (e) {
            if (!(e instanceof CoercionError)) throw e;
          }
        }
        return fail(s, t);
      };
    }
    default: {
      // Arrays, maps, records: JSON text in the cell.
      const json = jsonCoercer(t);
      return (s) => {
        let v: JsonValue;
        try {
          v = parseJson(s);
        } catch {
          throw new CoercionError(`${describe(s)} is not JSON text of ${article(t)}`);
        }
        return json(v);
      };
    }
  }
}

/** A cell (string or missing) to a value of `t`. */
function cellCoercer(t: AvroType): (cell: string | null) => unknown {
  const parse = cellParser(t);
  if (isNullable(t)) return (cell) => (cell === null ? null : parse(cell));
  return (cell) => {
    if (cell === null) throw new CoercionError(`missing value, but the type ${t.toString()} is not nullable`);
    return parse(cell);
  };
}

export interface CsvCoercerOptions {
  /** Column names to use for fields, when they differ from the field names (field name -> column). */
  columnNames?: ReadonlyMap<string, string>;
}

/**
 * A coercer of CSV records (cells in header order) to values of `type`. Throws InputMismatchError
 * when the header cannot fit the type (a field has no column and no default, or the type is not a
 * record and there is not exactly one column).
 */
export function csvCoercer(type: AvroType, header: readonly string[], options: CsvCoercerOptions = {}): (cells: CsvRecord) => unknown {
  const width = header.length;
  const checkWidth = (cells: CsvRecord) => {
    if (cells.length !== width) throw new CoercionError(`${cells.length} cell${cells.length === 1 ? "" : "s"}, but the header has ${width} column${width === 1 ? "" : "s"}`);
  };
  if (!(type instanceof AvroRecord)) {
    if (width !== 1) throw new InputMismatchError(`the input type ${type.toString()} is not a record, so the CSV must have one column (it has ${width})`);
    const cell = cellCoercer(type);
    const column = header[0]!;
    return (cells) => {
      checkWidth(cells);
      try {
        return cell(cells[0]!);
      } catch (e) {
        throw e instanceof CoercionError ? e.within(column) : e;
      }
    };
  }

  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  const names: string[] = [];
  const columns: number[] = []; // -1: no column, use `constants`
  const constants: unknown[] = [];
  const coercers: ((cell: string | null) => unknown)[] = [];
  const missing: string[] = [];
  for (const f of type.fields) {
    const candidates = [options.columnNames?.get(f.name), f.name, ...(f.aliases ?? [])].filter((c): c is string => c !== undefined);
    const col = candidates.map((c) => index.get(c)).find((i) => i !== undefined) ?? -1;
    names.push(f.name);
    columns.push(col);
    coercers.push(cellCoercer(f.type));
    if (col >= 0) constants.push(undefined);
    else if (f.default !== undefined) constants.push(defaultValue(f));
    else if (isNullable(f.type)) constants.push(null);
    else {
      constants.push(undefined);
      missing.push(f.name);
    }
  }
  if (missing.length > 0) {
    const list = missing.map((m) => `"${m}"`).join(", ");
    throw new InputMismatchError(`no column for the input field${missing.length === 1 ? "" : "s"} ${list} (the columns are: ${header.join(", ")})`);
  }
  const n = names.length;
  const hasProto = names.includes("__proto__");
  return (cells) => {
    checkWidth(cells);
    const r: Record<string, unknown> = {};
    let i = 0;
    try {
      for (; i < n; i++) {
        const col = columns[i]!;
        const v = col < 0 ? constants[i] : coercers[i]!(cells[col]!);
        if (hasProto) setField(r, names[i]!, v);
        else r[names[i]!] = v;
      }
    } catch (e) {
      throw e instanceof CoercionError ? e.within(names[i]!) : e;
    }
    return r;
  };
}

// ---------------------------------------------------------------------------------------------
// JSON values and typed values

type Mode = "json" | "typed";

function asNumber(v: unknown, mode: Mode, t: AvroType): number {
  if (typeof v === "number") return v;
  if (mode === "json") {
    if (v instanceof JsonDouble) return v.value;
    if (typeof v === "string") {
      switch (v) {
        case "NaN":
        case "nan":
          return NaN;
        case "Infinity":
        case "inf":
          return Infinity;
        case "-Infinity":
        case "-inf":
          return -Infinity;
      }
    }
  }
  if (typeof v === "bigint") return Number(v);
  return fail(v, t);
}

function latin1Bytes(s: string, t: AvroType): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new CoercionError(`${describe(s)} is not ${article(t)} (bytes are written as characters 0 to 255)`);
    out[i] = c;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof JsonDouble) && !(v instanceof Uint8Array);
}

const utf8 = new TextDecoder();

function compile(t: AvroType, mode: Mode, named: Map<string, Coerce>, keyNames?: ReadonlyMap<string, string>): Coerce {
  switch (t.kind) {
    case "null":
      return (v) => (v === null ? null : fail(v, t));
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : fail(v, t));
    case "int":
      return (v) => {
        const n = typeof v === "number" ? v : mode === "json" && v instanceof JsonDouble ? v.value : typeof v === "bigint" ? Number(v) : NaN;
        if (!Number.isInteger(n)) return fail(v, t);
        if (n < INT_MIN || n > INT_MAX) throw new CoercionError(`${describe(v)} is out of the int range`);
        return n;
      };
    case "long":
      return (v) => {
        if (typeof v === "number") {
          if (Number.isSafeInteger(v)) return v;
          if (!Number.isInteger(v)) return fail(v, t);
          throw new CoercionError(`${describe(v)} is not an exact long`);
        }
        if (typeof v === "bigint") {
          const x = longOrNull(v);
          if (x === null) throw new CoercionError(`${describe(v)} is out of the long range`);
          return x;
        }
        if (mode === "json" && v instanceof JsonDouble && Number.isSafeInteger(v.value)) return v.value;
        return fail(v, t);
      };
    case "float":
      return (v) => Math.fround(asNumber(v, mode, t));
    case "double":
      return (v) => asNumber(v, mode, t);
    case "string":
      return (v) => {
        if (typeof v === "string") return v;
        if (mode === "typed" && v instanceof Uint8Array) return utf8.decode(v);
        return fail(v, t);
      };
    case "bytes":
      return (v) => {
        if (mode === "typed") {
          if (v instanceof Uint8Array) return v;
          if (typeof v === "string") return new TextEncoder().encode(v);
          return fail(v, t);
        }
        return typeof v === "string" ? latin1Bytes(v, t) : fail(v, t);
      };
    case "fixed": {
      const size = (t as AvroFixed).size;
      return (v) => {
        const b = mode === "typed" ? (v instanceof Uint8Array ? v : fail(v, t)) : typeof v === "string" ? latin1Bytes(v, t) : fail(v, t);
        if (b.length !== size) throw new CoercionError(`${b.length} bytes is not ${article(t)} (${size} bytes)`);
        return b;
      };
    }
    case "enum": {
      const symbols = new Set((t as AvroEnum).symbols);
      return (v) => (typeof v === "string" && symbols.has(v) ? v : fail(v, t));
    }
    case "array": {
      const item = compile((t as AvroArray).items, mode, named);
      return (v) => {
        if (!Array.isArray(v)) return fail(v, t);
        const out = new Array<unknown>(v.length);
        let i = 0;
        try {
          for (; i < v.length; i++) out[i] = item(v[i]);
        } catch (e) {
          throw e instanceof CoercionError ? e.within(`[${i}]`) : e;
        }
        return out;
      };
    }
    case "map": {
      const value = compile((t as AvroMap).values, mode, named);
      return (v) => {
        if (mode === "typed" ? !isMapValue(v) : !isPlainObject(v)) return fail(v, t);
        const src = v as Record<string, unknown>;
        const out = Object.create(null) as Record<string, unknown>;
        for (const k of Object.keys(src)) {
          try {
            out[k] = value(src[k]);
          } catch (e) {
            throw e instanceof CoercionError ? e.within(`[${JSON.stringify(k)}]`) : e;
          }
        }
        return out;
      };
    }
    case "record": {
      const r = t as AvroRecord;
      const existing = named.get(r.fullName);
      if (existing !== undefined) return existing;
      let impl: Coerce = (v) => v;
      const lazy: Coerce = (v) => impl(v);
      named.set(r.fullName, lazy);
      const fields = r.fields.map((f) => ({
        name: f.name,
        keys: [f.name, ...(f.aliases ?? []), ...(keyNames?.has(f.name) ? [keyNames.get(f.name)!] : [])],
        typeName: f.type.toString(),
        coerce: compile(f.type, mode, named),
        absent: f.default !== undefined ? { value: defaultValue(f) } : isNullable(f.type) ? { value: null } : undefined,
      }));
      const hasProto = fields.some((f) => f.name === "__proto__");
      const has = Object.prototype.hasOwnProperty;
      impl = (v) => {
        if (!isPlainObject(v) || (mode === "typed" && isMapValue(v))) return fail(v, t);
        const out: Record<string, unknown> = {};
        for (const f of fields) {
          let x: unknown;
          let found = has.call(v, f.name);
          let key = f.name;
          if (!found && f.keys.length > 1) {
            const alias = f.keys.find((k) => has.call(v, k));
            if (alias !== undefined) {
              found = true;
              key = alias;
            }
          }
          if (found) {
            try {
              x = f.coerce(v[key]);
            } catch (e) {
              throw e instanceof CoercionError ? e.within(f.name) : e;
            }
          } else if (f.absent !== undefined) {
            x = f.absent.value;
          } else {
            throw new CoercionError(`missing, and the type ${f.typeName} is not nullable`).within(f.name);
          }
          if (hasProto) setField(out, f.name, x);
          else out[f.name] = x;
        }
        return out;
      };
      return lazy;
    }
    case "union": {
      const u = t as AvroUnion;
      const hasNull = u.types.some((m) => m.kind === "null");
      const members = u.types.filter((m) => m.kind !== "null").map((m) => ({ type: m, coerce: compile(m, mode, named) }));
      const byTag = new Map<string, Coerce>();
      if (mode === "json") {
        for (const m of members) {
          byTag.set(unionTag(m.type), m.coerce);
          if (m.type instanceof AvroNamed && !byTag.has(m.type.name)) byTag.set(m.type.name, m.coerce);
        }
      }
      if (mode === "json" && hasNull) byTag.set("null", (v) => (v === null ? null : fail(v, T.null)));
      return (v) => {
        if (v === null) return hasNull ? null : fail(v, t);
        // Tagged: {"double": 1.5}.
        if (byTag.size > 0 && isPlainObject(v)) {
          const keys = Object.keys(v);
          if (keys.length === 1) {
            const c = byTag.get(keys[0]!);
            if (c !== undefined) return c(v[keys[0]!]);
          }
        }
        // Untagged: the first member that takes it.
        if (members.length === 1) return members[0]!.coerce(v);
        for (const m of members) {
          try {
            return m.coerce(v);
          } catch (e) {
            if (!(e instanceof CoercionError)) throw e;
          }
        }
        return fail(v, t);
      };
    }
    default:
      return (v) => fail(v, t);
  }
}

/**
 * A coercer of JSON values (the project's JSON model, as parseJson gives) to values of `type`.
 * `keyNames` (field name -> key) gives a top-level record's fields another key to be found by (the
 * original column names a converted document records).
 */
export function jsonCoercer(type: AvroType, options: { keyNames?: ReadonlyMap<string, string> } = {}): (v: JsonValue) => unknown {
  return compile(type, "json", new Map(), options.keyNames) as (v: JsonValue) => unknown;
}

/**
 * A coercer of runtime values of type `from` (an Avro file's schema) to values of `to` (a document's
 * input type). Identity when the two have the same shape.
 */
export function typedCoercer(from: AvroType, to: AvroType): (v: unknown) => unknown {
  if (sameShape(from, to, new Set())) return (v) => v;
  return compile(to, "typed", new Map());
}

/** Whether values of `a` are values of `b` as they are: the same structure, names aside. */
export function sameShape(a: AvroType, b: AvroType, assumed: Set<string>): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "array":
      return sameShape((a as AvroArray).items, (b as AvroArray).items, assumed);
    case "map":
      return sameShape((a as AvroMap).values, (b as AvroMap).values, assumed);
    case "enum": {
      const x = (a as AvroEnum).symbols;
      const y = (b as AvroEnum).symbols;
      return x.every((s) => y.includes(s));
    }
    case "fixed":
      return (a as AvroFixed).size === (b as AvroFixed).size;
    case "record": {
      const x = a as AvroRecord;
      const y = b as AvroRecord;
      const key = `${x.fullName}\u0000${y.fullName}`;
      if (assumed.has(key)) return true;
      assumed.add(key);
      return x.fields.length === y.fields.length && x.fields.every((f, i) => f.name === y.fields[i]!.name && sameShape(f.type, y.fields[i]!.type, assumed));
    }
    case "union": {
      const x = (a as AvroUnion).types;
      const y = (b as AvroUnion).types;
      return x.length === y.length && x.every((m, i) => sameShape(m, y[i]!, assumed));
    }
    default:
      return true;
  }
}

const NUMERIC_RANK: Partial<Record<string, number>> = { int: 0, long: 1, float: 2, double: 3 };

/**
 * Why values of `from` (an Avro file's schema) can never be read as `to` (a document's input type),
 * or null when they can, at least for some values (Avro's schema resolution rules, record names
 * aside: fields by name or alias, absent fields need a default or a nullable type, numbers promote
 * int -> long -> float -> double, string and bytes convert; a union resolves when some branch does).
 */
export function unresolvable(from: AvroType, to: AvroType): CoercionError | null {
  return resolveCheck(from, to, new Set());
}

function resolveCheck(from: AvroType, to: AvroType, assumed: Set<string>): CoercionError | null {
  if (from === to) return null;
  const mismatch = () => new CoercionError(`the file's ${from.toString()} cannot be read as the input's ${to.toString()}`);
  if (from instanceof AvroUnion) {
    const errors = from.types.map((m) => resolveCheck(m, to, assumed));
    return errors.some((e) => e === null) ? null : mismatch();
  }
  if (to instanceof AvroUnion) {
    return to.types.some((m) => resolveCheck(from, m, assumed) === null) ? null : mismatch();
  }
  const fr = NUMERIC_RANK[from.kind];
  const tr = NUMERIC_RANK[to.kind];
  if (fr !== undefined && tr !== undefined) return fr <= tr ? null : mismatch();
  switch (to.kind) {
    case "null":
    case "boolean":
      return from.kind === to.kind ? null : mismatch();
    case "string":
      return from.kind === "string" || from.kind === "bytes" || from.kind === "enum" ? null : mismatch();
    case "bytes":
      return from.kind === "bytes" || from.kind === "string" ? null : mismatch();
    case "fixed":
      return from.kind === "fixed" && (from as AvroFixed).size === (to as AvroFixed).size ? null : mismatch();
    case "enum":
      return from.kind === "enum" || from.kind === "string" ? null : mismatch();
    case "array": {
      if (from.kind !== "array") return mismatch();
      const e = resolveCheck((from as AvroArray).items, (to as AvroArray).items, assumed);
      return e === null ? null : e.within("[]");
    }
    case "map": {
      if (from.kind !== "map") return mismatch();
      const e = resolveCheck((from as AvroMap).values, (to as AvroMap).values, assumed);
      return e === null ? null : e.within("[]");
    }
    case "record": {
      if (!(from instanceof AvroRecord)) return mismatch();
      const r = to as AvroRecord;
      const key = `${from.fullName}\u0000${r.fullName}`;
      if (assumed.has(key)) return null;
      assumed.add(key);
      for (const f of r.fields) {
        const source = [f.name, ...(f.aliases ?? [])].map((n) => from.field(n)).find((x) => x !== undefined);
        if (source === undefined) {
          if (f.default !== undefined || isNullable(f.type)) continue;
          return new CoercionError(`the file has no field "${f.name}" (its fields are: ${from.fields.map((x) => x.name).join(", ")})`);
        }
        const e = resolveCheck(source.type, f.type, assumed);
        if (e !== null) return e.within(f.name);
      }
      return null;
    }
    default:
      return mismatch();
  }
}
