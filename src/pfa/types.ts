/**
 * PFA's type system: the types of Avro 1.7.6 (spec §4), the "accepts" relation that defines type
 * promotion (§4.4), narrowest supertypes (§4.5), schema parsing with namespaces, named types used
 * before their definition and recursive types, and the check of embedded JSON data against a type.
 */
import { type Diagnostic, type JsonValue, isJsonFloat, isJsonObject, JsonDouble, pointer } from "./json-value.js";

export type AvroKind =
  | "null"
  | "boolean"
  | "int"
  | "long"
  | "float"
  | "double"
  | "bytes"
  | "string"
  | "array"
  | "map"
  | "record"
  | "enum"
  | "fixed"
  | "union"
  | "exception";

export abstract class AvroType {
  abstract readonly kind: AvroKind;

  /** The Avro JSON schema. Named types are written in full once, then by name (`seen` tracks that). */
  abstract toJson(seen?: Set<string>): JsonValue;

  /** A compact readable form for messages: `int`, `array(double)`, `union(string, null)`, `Input`. */
  abstract toString(): string;
}

export type PrimitiveKind = "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string";

export class AvroPrimitive extends AvroType {
  constructor(readonly kind: PrimitiveKind) {
    super();
  }
  toJson(): JsonValue {
    return this.kind;
  }
  toString(): string {
    return this.kind;
  }
}

/** The primitive types, as singletons: compare with `===`. */
export const T = {
  null: new AvroPrimitive("null"),
  boolean: new AvroPrimitive("boolean"),
  int: new AvroPrimitive("int"),
  long: new AvroPrimitive("long"),
  float: new AvroPrimitive("float"),
  double: new AvroPrimitive("double"),
  bytes: new AvroPrimitive("bytes"),
  string: new AvroPrimitive("string"),
} as const;

const PRIMITIVES: ReadonlyMap<string, AvroPrimitive> = new Map(Object.values(T).map((t) => [t.kind, t]));

export function primitiveType(name: string): AvroPrimitive | undefined {
  return PRIMITIVES.get(name);
}

/**
 * The type of an expression that never returns (`error`, or a function that always raises): the bottom
 * type, accepted everywhere and ignored when computing a narrowest supertype. Not an Avro type.
 */
export class ExceptionType extends AvroType {
  readonly kind = "exception" as const;
  toJson(): JsonValue {
    return { type: "exception" };
  }
  toString(): string {
    return "exception";
  }
}
export const EXCEPTION = new ExceptionType();

export class AvroArray extends AvroType {
  readonly kind = "array" as const;
  constructor(readonly items: AvroType) {
    super();
  }
  toJson(seen: Set<string> = new Set()): JsonValue {
    return { type: "array", items: this.items.toJson(seen) };
  }
  toString(): string {
    return `array(${this.items.toString()})`;
  }
}

export class AvroMap extends AvroType {
  readonly kind = "map" as const;
  constructor(readonly values: AvroType) {
    super();
  }
  toJson(seen: Set<string> = new Set()): JsonValue {
    return { type: "map", values: this.values.toJson(seen) };
  }
  toString(): string {
    return `map(${this.values.toString()})`;
  }
}

export abstract class AvroNamed extends AvroType {
  readonly fullName: string;
  constructor(
    readonly name: string,
    readonly namespace: string | null,
    readonly aliases: string[] = [],
    readonly doc?: string,
  ) {
    super();
    this.fullName = namespace ? `${namespace}.${name}` : name;
  }
  toString(): string {
    return this.fullName;
  }
  protected header(seen: Set<string>): Record<string, JsonValue> | null {
    if (seen.has(this.fullName)) return null;
    seen.add(this.fullName);
    const out: Record<string, JsonValue> = { type: this.kind, name: this.name };
    if (this.namespace) out.namespace = this.namespace;
    if (this.aliases.length > 0) out.aliases = [...this.aliases];
    if (this.doc !== undefined) out.doc = this.doc;
    return out;
  }
}

export interface AvroField {
  name: string;
  type: AvroType;
  default?: JsonValue;
  order?: "ascending" | "descending" | "ignore";
  aliases?: string[];
  doc?: string;
}

export class AvroRecord extends AvroNamed {
  readonly kind = "record" as const;
  /** Filled after construction, so that a record can refer to itself. */
  fields: AvroField[] = [];
  private index: Map<string, AvroField> | null = null;

  field(name: string): AvroField | undefined {
    if (this.index === null || this.index.size !== this.fields.length) {
      this.index = new Map(this.fields.map((f) => [f.name, f]));
    }
    return this.index.get(name);
  }
  toJson(seen: Set<string> = new Set()): JsonValue {
    const out = this.header(seen);
    if (out === null) return this.fullName;
    out.fields = this.fields.map((f) => {
      const j: Record<string, JsonValue> = { name: f.name, type: f.type.toJson(seen) };
      if (f.default !== undefined) j.default = f.default;
      if (f.order !== undefined) j.order = f.order;
      if (f.aliases !== undefined) j.aliases = [...f.aliases];
      if (f.doc !== undefined) j.doc = f.doc;
      return j;
    });
    return out;
  }
}

export class AvroEnum extends AvroNamed {
  readonly kind = "enum" as const;
  constructor(
    name: string,
    namespace: string | null,
    readonly symbols: string[],
    aliases: string[] = [],
    doc?: string,
  ) {
    super(name, namespace, aliases, doc);
  }
  toJson(seen: Set<string> = new Set()): JsonValue {
    const out = this.header(seen);
    if (out === null) return this.fullName;
    out.symbols = [...this.symbols];
    return out;
  }
}

export class AvroFixed extends AvroNamed {
  readonly kind = "fixed" as const;
  constructor(
    name: string,
    namespace: string | null,
    readonly size: number,
    aliases: string[] = [],
    doc?: string,
  ) {
    super(name, namespace, aliases, doc);
  }
  toJson(seen: Set<string> = new Set()): JsonValue {
    const out = this.header(seen);
    if (out === null) return this.fullName;
    out.size = this.size;
    return out;
  }
}

export class AvroUnion extends AvroType {
  readonly kind = "union" as const;
  constructor(readonly types: AvroType[]) {
    super();
  }
  toJson(seen: Set<string> = new Set()): JsonValue {
    return this.types.map((t) => t.toJson(seen));
  }
  toString(): string {
    return `union(${this.types.map((t) => t.toString()).join(", ")})`;
  }
}

/** The key that tags a union branch in Avro JSON: the primitive's name or the named type's full name. */
export function unionTag(t: AvroType): string {
  if (t instanceof AvroNamed) return t.fullName;
  return t.kind;
}

// ---------------------------------------------------------------------------------------------
// Type relations

const NUMERIC_RANK: Partial<Record<AvroKind, number>> = { int: 0, long: 1, float: 2, double: 3 };

export function isNumeric(t: AvroType): boolean {
  return NUMERIC_RANK[t.kind] !== undefined;
}

/**
 * Would a value of type `found` be accepted where `expected` is declared? (spec §4.4: long accepts int;
 * float accepts int and long; double accepts all numbers; arrays and maps are covariant; a record
 * accepts a record of the same full name whose fields cover its own; an enum accepts one of the same
 * name with a subset of its symbols; a union accepts any of its members or a union of them.)
 */
export function accepts(expected: AvroType, found: AvroType): boolean {
  return acceptsMemo(expected, found, new Set());
}

function acceptsMemo(expected: AvroType, found: AvroType, assumed: Set<string>): boolean {
  if (found.kind === "exception") return true;
  if (expected === found) return true;
  if (expected instanceof AvroUnion) {
    if (found instanceof AvroUnion) return found.types.every((f) => expected.types.some((e) => acceptsMemo(e, f, assumed)));
    return expected.types.some((e) => acceptsMemo(e, found, assumed));
  }
  if (found instanceof AvroUnion) return found.types.every((f) => acceptsMemo(expected, f, assumed));

  const er = NUMERIC_RANK[expected.kind];
  const fr = NUMERIC_RANK[found.kind];
  if (er !== undefined && fr !== undefined) return fr <= er;

  switch (expected.kind) {
    case "null":
    case "boolean":
    case "bytes":
    case "string":
      return found.kind === expected.kind;
    case "array":
      return found instanceof AvroArray && acceptsMemo((expected as AvroArray).items, found.items, assumed);
    case "map":
      return found instanceof AvroMap && acceptsMemo((expected as AvroMap).values, found.values, assumed);
    case "fixed":
      return found instanceof AvroFixed && found.fullName === (expected as AvroFixed).fullName && found.size === (expected as AvroFixed).size;
    case "enum": {
      const e = expected as AvroEnum;
      return found instanceof AvroEnum && found.fullName === e.fullName && found.symbols.every((s) => e.symbols.includes(s));
    }
    case "record": {
      const e = expected as AvroRecord;
      if (!(found instanceof AvroRecord) || found.fullName !== e.fullName) return false;
      // Recursive records: assume the pair is compatible while checking it (coinductive).
      const key = `${e.fullName}\u0000${found.fullName}`;
      if (assumed.has(key) || e === found) return true;
      const inner = new Set(assumed).add(key);
      return e.fields.every((ef) => {
        const ff = found.field(ef.name);
        if (ff === undefined) return ef.default !== undefined;
        return acceptsMemo(ef.type, ff.type, inner);
      });
    }
    default:
      return false;
  }
}

/** Structural equality (named types by full name). */
export function typeEquals(a: AvroType, b: AvroType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a instanceof AvroNamed && b instanceof AvroNamed) return a.fullName === b.fullName;
  if (a instanceof AvroArray && b instanceof AvroArray) return typeEquals(a.items, b.items);
  if (a instanceof AvroMap && b instanceof AvroMap) return typeEquals(a.values, b.values);
  if (a instanceof AvroUnion && b instanceof AvroUnion) {
    return a.types.length === b.types.length && a.types.every((t, i) => typeEquals(t, b.types[i]!));
  }
  return a instanceof AvroPrimitive && b instanceof AvroPrimitive && a.kind === b.kind;
}

/**
 * The narrowest type that accepts all of `types` (spec §4.5), or null when there is none (for
 * example two different enums in an array). The bottom type is ignored. Numbers widen to the widest
 * of them; arrays and maps recurse; named types must agree by name; anything else becomes a union
 * of the distinct kinds.
 */
export function narrowestSupertype(types: readonly AvroType[]): AvroType | null {
  const real = types.filter((t) => t.kind !== "exception");
  if (types.length === 0) return null;
  if (real.length === 0) return EXCEPTION;
  const first = real[0]!;
  if (real.every((t) => typeEquals(t, first)) && !(first instanceof AvroUnion)) return first;

  const members: AvroType[] = [];
  for (const t of real) {
    if (t instanceof AvroUnion) members.push(...t.types);
    else members.push(t);
  }

  const numerics = members.filter(isNumeric);
  const arrays = members.filter((t): t is AvroArray => t instanceof AvroArray);
  const maps = members.filter((t): t is AvroMap => t instanceof AvroMap);
  const out: AvroType[] = [];
  const placed = new Set<string>();
  for (const t of members) {
    if (isNumeric(t)) {
      if (!placed.has("#number")) {
        placed.add("#number");
        out.push(numerics.reduce((a, b) => (NUMERIC_RANK[b.kind]! > NUMERIC_RANK[a.kind]! ? b : a)));
      }
    } else if (t instanceof AvroArray) {
      if (!placed.has("#array")) {
        placed.add("#array");
        const items = narrowestSupertype(arrays.map((a) => a.items));
        if (items === null) return null;
        out.push(new AvroArray(items));
      }
    } else if (t instanceof AvroMap) {
      if (!placed.has("#map")) {
        placed.add("#map");
        const values = narrowestSupertype(maps.map((m) => m.values));
        if (values === null) return null;
        out.push(new AvroMap(values));
      }
    } else if (t instanceof AvroNamed) {
      const same = out.find((o): o is AvroNamed => o instanceof AvroNamed && o.fullName === t.fullName);
      if (same === undefined) {
        out.push(t);
      } else if (same.kind !== t.kind) {
        return null;
      } else if (t instanceof AvroEnum && same instanceof AvroEnum) {
        if (!accepts(same, t)) {
          if (!accepts(t, same)) return null;
          out[out.indexOf(same)] = t;
        }
      } else if (!accepts(same, t)) {
        if (!accepts(t, same)) return null;
        out[out.indexOf(same)] = t;
      }
    } else if (!placed.has(t.kind)) {
      placed.add(t.kind);
      out.push(t);
    }
  }
  // Two distinct fixed (or enum) types cannot share a collection: their union would be ambiguous there.
  return out.length === 1 ? out[0]! : new AvroUnion(out);
}

// ---------------------------------------------------------------------------------------------
// Schema parsing

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FULLNAME_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isValidName(name: string): boolean {
  return NAME_RE.test(name);
}

interface Definition {
  json: { [k: string]: JsonValue };
  path: string;
  namespace: string | null;
  built?: AvroNamed;
}

function withoutLocators(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(withoutLocators);
  if (isJsonObject(v)) {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) if (k !== "@") out[k] = withoutLocators(x);
    return out;
  }
  if (v instanceof JsonDouble) return v.value;
  return v;
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(withoutLocators(a), (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)) ===
    JSON.stringify(withoutLocators(b), (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
}

/**
 * All the named types of one PFA document. Schemas appear in many places (input, output, cells, pools,
 * function signatures, `new`, `cast`, literals), and JSON does not order them, so parsing is two
 * passes: `declare` records every named definition found anywhere, then `resolve` builds types,
 * resolving names whatever their position. Problems are collected as diagnostics, never thrown.
 */
export class TypeRegistry {
  private readonly definitions = new Map<string, Definition>();
  readonly errors: Diagnostic[] = [];

  /** Pass 1: record the named types defined anywhere inside `schema` (at JSON pointer `path`). */
  declare(schema: JsonValue, path: string, namespace: string | null = null): void {
    if (Array.isArray(schema)) {
      schema.forEach((s, i) => this.declare(s, pointer(path, i), namespace));
      return;
    }
    if (!isJsonObject(schema)) return;
    const type = schema.type;
    if (type === "record" || type === "enum" || type === "fixed" || type === "error") {
      const names = this.nameOf(schema, namespace);
      if (names !== null) {
        const existing = this.definitions.get(names.fullName);
        if (existing === undefined) {
          this.definitions.set(names.fullName, { json: schema, path, namespace: names.namespace });
        } else if (!sameJson(existing.json, schema)) {
          this.error(path, "schema", `type name "${names.fullName}" is defined twice with different definitions (first at ${existing.path || "/"})`);
        }
        if ((type === "record" || type === "error") && Array.isArray(schema.fields)) {
          schema.fields.forEach((f, i) => {
            if (isJsonObject(f)) this.declare(f.type ?? null, pointer(path, "fields", i, "type"), names.namespace);
          });
        }
      }
    } else if (type === "array") {
      this.declare(schema.items ?? null, pointer(path, "items"), namespace);
    } else if (type === "map") {
      this.declare(schema.values ?? null, pointer(path, "values"), namespace);
    } else if (isJsonObject(type) || Array.isArray(type)) {
      this.declare(type, pointer(path, "type"), namespace);
    }
  }

  /** A named type by full name, if declared (building it on first use). */
  named(fullName: string): AvroNamed | undefined {
    const def = this.definitions.get(fullName);
    if (def === undefined) return undefined;
    return this.build(def) ?? undefined;
  }

  /** Pass 2: the type that `schema` denotes, or null after recording a diagnostic. */
  resolve(schema: JsonValue, path: string, namespace: string | null = null): AvroType | null {
    if (typeof schema === "string") return this.resolveName(schema, path, namespace);
    if (Array.isArray(schema)) return this.resolveUnion(schema, path, namespace);
    if (!isJsonObject(schema)) {
      this.error(path, "schema", `expected an Avro schema (a type name, an object or a union array), found ${describeJson(schema)}`);
      return null;
    }
    const type = schema.type;
    if (type === undefined) {
      this.error(path, "schema", `Avro schema object has no "type"`);
      return null;
    }
    if (typeof type === "string") {
      switch (type) {
        case "array": {
          if (!("items" in schema)) return this.fail(path, `array schema has no "items"`);
          this.checkKeys(schema, path, ["type", "items"]);
          const items = this.resolve(schema.items!, pointer(path, "items"), namespace);
          return items === null ? null : new AvroArray(items);
        }
        case "map": {
          if (!("values" in schema)) return this.fail(path, `map schema has no "values"`);
          this.checkKeys(schema, path, ["type", "values"]);
          const values = this.resolve(schema.values!, pointer(path, "values"), namespace);
          return values === null ? null : new AvroMap(values);
        }
        case "record":
        case "enum":
        case "fixed": {
          if (!this.checkNamedSchema(schema, path)) return null;
          const names = this.nameOf(schema, namespace);
          if (names === null) return null;
          const def = this.definitions.get(names.fullName);
          if (def === undefined) {
            // Not declared beforehand (a schema resolved on its own): declare it now.
            this.declare(schema, path, namespace);
            const d = this.definitions.get(names.fullName);
            return d === undefined ? null : this.build(d);
          }
          return this.build(def);
        }
        case "error":
          return this.fail(path, `"error" types (Avro protocols) are not PFA types`);
        default: {
          const prim = primitiveType(type);
          if (prim !== undefined) return prim;
          // {"type": "SomeNamedType"} is a reference in Avro's JSON form.
          if (this.isDeclared(type, namespace)) return this.resolveName(type, pointer(path, "type"), namespace);
          return this.fail(path, `"${type}" is not an Avro type (expected a primitive, record, enum, fixed, array, map or a defined type name)`);
        }
      }
    }
    return this.resolve(type, pointer(path, "type"), namespace);
  }

  private isDeclared(name: string, namespace: string | null): boolean {
    return this.definitions.has(name) || (namespace !== null && this.definitions.has(`${namespace}.${name}`));
  }

  private resolveName(name: string, path: string, namespace: string | null): AvroType | null {
    const prim = primitiveType(name);
    if (prim !== undefined) return prim;
    if (!FULLNAME_RE.test(name)) return this.fail(path, `"${name}" is not a valid Avro type name`, "schema");
    const candidates = name.includes(".") || namespace === null ? [name] : [`${namespace}.${name}`, name];
    for (const c of candidates) {
      const def = this.definitions.get(c);
      if (def !== undefined) return this.build(def);
    }
    this.error(path, "unknown-type", `unknown type "${name}": no primitive or defined named type has this name`);
    return null;
  }

  private resolveUnion(schema: JsonValue[], path: string, namespace: string | null): AvroType | null {
    const types: AvroType[] = [];
    let ok = true;
    const seen = new Set<string>();
    schema.forEach((s, i) => {
      const p = pointer(path, i);
      const t = this.resolve(s, p, namespace);
      if (t === null) {
        ok = false;
        return;
      }
      if (t instanceof AvroUnion) {
        this.error(p, "schema", "a union cannot directly contain another union");
        ok = false;
        return;
      }
      const key = t instanceof AvroNamed ? `named:${t.fullName}` : t.kind;
      if (seen.has(key)) {
        this.error(p, "schema", `a union cannot contain two ${t instanceof AvroNamed ? `types named "${t.fullName}"` : `${t.kind} types`}`);
        ok = false;
        return;
      }
      seen.add(key);
      types.push(t);
    });
    if (!ok) return null;
    if (types.length === 0) return this.fail(path, "a union must have at least one type");
    return new AvroUnion(types);
  }

  private build(def: Definition): AvroNamed | null {
    if (def.built !== undefined) return def.built;
    const { json, path, namespace } = def;
    const names = this.nameOf(json, namespace);
    if (names === null) return null;
    const aliases = this.aliasesOf(json, path);
    const doc = typeof json.doc === "string" ? json.doc : undefined;
    if (json.doc !== undefined && doc === undefined) this.error(pointer(path, "doc"), "schema", `"doc" must be a string`);
    switch (json.type) {
      case "enum": {
        this.checkKeys(json, path, ["type", "name", "namespace", "symbols", "aliases", "doc"]);
        const symbols = json.symbols;
        if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === "string")) {
          this.error(symbols === undefined ? path : pointer(path, "symbols"), "schema", `enum "${names.fullName}" needs "symbols", an array of strings`);
          return null;
        }
        const strs = symbols as string[];
        const seen = new Set<string>();
        strs.forEach((s, i) => {
          if (!NAME_RE.test(s)) this.error(pointer(path, "symbols", i), "schema", `enum symbol "${s}" is not a valid Avro name`);
          if (seen.has(s)) this.error(pointer(path, "symbols", i), "schema", `enum symbol "${s}" appears twice`);
          seen.add(s);
        });
        def.built = new AvroEnum(names.name, names.namespace, strs, aliases, doc);
        return def.built;
      }
      case "fixed": {
        this.checkKeys(json, path, ["type", "name", "namespace", "size", "aliases", "doc"]);
        const size = json.size;
        if (typeof size !== "number" || !Number.isInteger(size) || size < 0) {
          this.error(size === undefined ? path : pointer(path, "size"), "schema", `fixed "${names.fullName}" needs "size", a non-negative integer`);
          return null;
        }
        def.built = new AvroFixed(names.name, names.namespace, size, aliases, doc);
        return def.built;
      }
      default: {
        this.checkKeys(json, path, ["type", "name", "namespace", "fields", "aliases", "doc"]);
        const record = new AvroRecord(names.name, names.namespace, aliases, doc);
        def.built = record; // before the fields: they may refer to the record itself
        const fields = json.fields;
        if (!Array.isArray(fields)) {
          this.error(fields === undefined ? path : pointer(path, "fields"), "schema", `record "${names.fullName}" needs "fields", an array`);
          return record;
        }
        const seen = new Set<string>();
        fields.forEach((f, i) => {
          const fp = pointer(path, "fields", i);
          if (!isJsonObject(f)) {
            this.error(fp, "schema", `a record field must be an object with "name" and "type"`);
            return;
          }
          this.checkKeys(f, fp, ["name", "type", "default", "order", "aliases", "doc"]);
          if (typeof f.name !== "string" || !NAME_RE.test(f.name)) {
            this.error(pointer(fp, "name"), "schema", typeof f.name === "string" ? `"${f.name}" is not a valid field name (letters, digits and _, not starting with a digit)` : `a record field needs a "name"`);
            return;
          }
          if (seen.has(f.name)) this.error(pointer(fp, "name"), "schema", `field "${f.name}" appears twice in record "${names.fullName}"`);
          seen.add(f.name);
          if (!("type" in f)) {
            this.error(fp, "schema", `field "${f.name}" of record "${names.fullName}" has no "type"`);
            return;
          }
          const ft = this.resolve(f.type!, pointer(fp, "type"), names.namespace);
          if (ft === null) return;
          const field: AvroField = { name: f.name, type: ft };
          if ("default" in f) {
            const dflt = f.default!;
            // Avro: a union's default is a value of its first branch, written untagged.
            const dt = ft instanceof AvroUnion ? ft.types[0]! : ft;
            this.errors.push(...checkData(dt, dflt, pointer(fp, "default")));
            field.default = dflt;
          }
          if (f.order !== undefined) {
            if (f.order === "ascending" || f.order === "descending" || f.order === "ignore") field.order = f.order;
            else this.error(pointer(fp, "order"), "schema", `"order" must be "ascending", "descending" or "ignore"`);
          }
          if (f.aliases !== undefined) field.aliases = this.aliasesOf(f, fp);
          if (typeof f.doc === "string") field.doc = f.doc;
          record.fields.push(field);
        });
        return record;
      }
    }
  }

  /** The name parts of a named schema, or null when they are invalid (reported by checkNamedSchema). */
  private nameOf(json: { [k: string]: JsonValue }, enclosing: string | null): { name: string; namespace: string | null; fullName: string } | null {
    const name = json.name;
    const ns = json.namespace;
    if (typeof name !== "string") return null;
    if (ns !== undefined && ns !== null && (typeof ns !== "string" || (ns !== "" && !FULLNAME_RE.test(ns)))) {
      return null;
    }
    if (name.includes(".")) {
      if (!FULLNAME_RE.test(name)) return null;
      const cut = name.lastIndexOf(".");
      return { name: name.slice(cut + 1), namespace: name.slice(0, cut), fullName: name };
    }
    if (!NAME_RE.test(name)) return null;
    const namespace = typeof ns === "string" ? (ns === "" ? null : ns) : enclosing;
    if (primitiveType(name) !== undefined) return null;
    return { name, namespace, fullName: namespace ? `${namespace}.${name}` : name };
  }

  private aliasesOf(json: { [k: string]: JsonValue }, path: string): string[] {
    const a = json.aliases;
    if (a === undefined) return [];
    if (!Array.isArray(a) || !a.every((x) => typeof x === "string" && FULLNAME_RE.test(x))) {
      this.error(pointer(path, "aliases"), "schema", `"aliases" must be an array of valid names`);
      return [];
    }
    return a as string[];
  }

  private checkKeys(json: { [k: string]: JsonValue }, path: string, allowed: string[]): void {
    for (const k of Object.keys(json)) {
      if (k === "@" || allowed.includes(k)) continue;
      // Avro allows extra attributes (metadata) on schemas; PFA keeps them harmless. Only flag
      // keys that look like misspelled structure.
      if (["item", "value", "field", "symbol", "sizes"].includes(k)) {
        this.error(pointer(path, k), "schema", `unexpected key "${k}" in ${String(json.type)} schema (did you mean "${k === "sizes" ? "size" : k + "s"}"?)`);
      }
    }
  }

  private fail(path: string, message: string, code = "schema"): null {
    this.error(path, code, message);
    return null;
  }

  private error(path: string, code: string, message: string): void {
    this.errors.push({ path, message, code });
  }

  /**
   * Reports a named-type definition whose name is missing or invalid: `declare` skips such schemas
   * silently, so that one bad name is reported once, where the schema is resolved.
   */
  private checkNamedSchema(schema: { [k: string]: JsonValue }, path: string): boolean {
    const name = schema.name;
    if (typeof name !== "string") {
      this.error(path, "schema", `${String(schema.type)} schema needs a "name"`);
      return false;
    }
    const ns = schema.namespace;
    if (ns !== undefined && ns !== null && (typeof ns !== "string" || (ns !== "" && !FULLNAME_RE.test(ns)))) {
      this.error(pointer(path, "namespace"), "schema", `"namespace" must be a dotted sequence of valid names`);
      return false;
    }
    if (!(name.includes(".") ? FULLNAME_RE : NAME_RE).test(name)) {
      this.error(pointer(path, "name"), "schema", `"${name}" is not a valid Avro name (letters, digits and _, not starting with a digit)`);
      return false;
    }
    if (primitiveType(name) !== undefined) {
      this.error(pointer(path, "name"), "schema", `"${name}" is a primitive type and cannot be redefined`);
      return false;
    }
    return true;
  }
}

/** Parses one standalone schema (all its named types defined inside it). */
export function parseSchema(schema: JsonValue, path = ""): { type: AvroType | null; errors: Diagnostic[] } {
  const reg = new TypeRegistry();
  reg.declare(schema, path);
  const type = reg.resolve(schema, path);
  return { type, errors: reg.errors };
}

// ---------------------------------------------------------------------------------------------
// Embedded data

export function describeJson(v: JsonValue | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return v.length > 40 ? "a string" : `the string ${JSON.stringify(v)}`;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number" || typeof v === "bigint" || v instanceof JsonDouble) {
    const s = v instanceof JsonDouble ? `${v.value}.0` : String(v);
    return `the number ${s}`;
  }
  return "an object";
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * Checks JSON data embedded in a document (cell and pool inits, `zero`, `{"type", "value"}` literals,
 * field defaults) against a type, in PFA's JSON encoding of Avro: unions tagged `{"type": value}`
 * except null; bytes and fixed as strings of code points 0 to 255; records as objects.
 */
export function checkData(type: AvroType, value: JsonValue, path: string): Diagnostic[] {
  const errors: Diagnostic[] = [];
  checkDataInto(type, value, path, errors);
  return errors;
}

function dataError(errors: Diagnostic[], path: string, type: AvroType, value: JsonValue, detail = ""): void {
  errors.push({ path, code: "data", message: `expected data of type ${type.toString()}, found ${describeJson(value)}${detail}` });
}

function checkDataInto(type: AvroType, value: JsonValue, path: string, errors: Diagnostic[]): void {
  if (errors.length > 100) return; // one huge bad literal should not flood the report
  switch (type.kind) {
    case "null":
      if (value !== null) dataError(errors, path, type, value);
      return;
    case "boolean":
      if (typeof value !== "boolean") dataError(errors, path, type, value);
      return;
    case "int":
      if (typeof value !== "number" || !Number.isInteger(value) || value < INT_MIN || value > INT_MAX || isJsonFloat(value)) {
        dataError(errors, path, type, value, typeof value === "number" && Number.isInteger(value) ? " (out of 32-bit range)" : "");
      }
      return;
    case "long":
      if (typeof value === "bigint") {
        if (value < LONG_MIN || value > LONG_MAX) dataError(errors, path, type, value, " (out of 64-bit range)");
      } else if (typeof value !== "number" || !Number.isInteger(value)) {
        dataError(errors, path, type, value);
      }
      return;
    case "float":
    case "double":
      if (typeof value !== "number" && typeof value !== "bigint" && !(value instanceof JsonDouble)) {
        // The strings "inf", "-inf" and "nan" are how the conformance suite writes non-finite numbers.
        if (!(typeof value === "string" && ["inf", "-inf", "nan"].includes(value))) dataError(errors, path, type, value);
      }
      return;
    case "string":
      if (typeof value !== "string") dataError(errors, path, type, value);
      return;
    case "bytes":
      if (typeof value !== "string" || !isLatin1(value)) dataError(errors, path, type, value, typeof value === "string" ? " (bytes are written as code points 0 to 255)" : "");
      return;
    case "fixed": {
      const f = type as AvroFixed;
      if (typeof value !== "string" || !isLatin1(value) || value.length !== f.size) dataError(errors, path, type, value, ` (fixed ${f.fullName} has ${f.size} bytes)`);
      return;
    }
    case "enum": {
      const e = type as AvroEnum;
      if (typeof value !== "string" || !e.symbols.includes(value)) dataError(errors, path, type, value, ` (symbols: ${e.symbols.join(", ")})`);
      return;
    }
    case "array": {
      if (!Array.isArray(value)) return dataError(errors, path, type, value);
      const items = (type as AvroArray).items;
      value.forEach((v, i) => checkDataInto(items, v, pointer(path, i), errors));
      return;
    }
    case "map": {
      if (!isJsonObject(value)) return dataError(errors, path, type, value);
      const values = (type as AvroMap).values;
      for (const [k, v] of Object.entries(value)) checkDataInto(values, v, pointer(path, k), errors);
      return;
    }
    case "record": {
      if (!isJsonObject(value)) return dataError(errors, path, type, value);
      const r = type as AvroRecord;
      for (const f of r.fields) {
        if (f.name in value) checkDataInto(f.type, value[f.name]!, pointer(path, f.name), errors);
        else if (f.default === undefined && f.type.kind !== "null") {
          errors.push({ path, code: "data", message: `record ${r.fullName} data is missing field "${f.name}"` });
        }
      }
      for (const k of Object.keys(value)) {
        if (k !== "@" && r.field(k) === undefined) errors.push({ path: pointer(path, k), code: "data", message: `record ${r.fullName} has no field "${k}"` });
      }
      return;
    }
    case "union": {
      const u = type as AvroUnion;
      if (value === null) {
        if (!u.types.some((t) => t.kind === "null")) dataError(errors, path, type, value);
        return;
      }
      if (isJsonObject(value)) {
        const keys = Object.keys(value).filter((k) => k !== "@");
        if (keys.length === 1) {
          const tag = keys[0]!;
          const branch = u.types.find((t) => unionTag(t) === tag || (t instanceof AvroNamed && t.name === tag));
          if (branch !== undefined) {
            checkDataInto(branch, value[tag]!, pointer(path, tag), errors);
            return;
          }
        }
      }
      errors.push({ path, code: "data", message: `expected data of type ${type.toString()} tagged as {"<type>": value} (or null), found ${describeJson(value)}` });
      return;
    }
    default:
      dataError(errors, path, type, value);
  }
}

function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) return false;
  return true;
}
