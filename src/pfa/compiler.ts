/**
 * The compiler: a type-checked PFA document to JavaScript source, evaluated once with `new Function`.
 * Generated code is what makes the engine fast (a compiled tree is an order of magnitude faster than a
 * walk over the AST; see ../shared/notes/perf.md), and it is safe because nothing from the document
 * reaches the source except through two doors:
 *
 * - identifiers made from names the reader checked against `[A-Za-z_][A-Za-z0-9_]*`, always with a
 *   prefix (`v_` for symbols) so that they cannot be keywords, or numbered (`u3`, `t12`);
 * - literals, either numbers the compiler formats itself or values placed in the constants array `K`
 *   and referenced by index (strings too: `K[4]`), so that no document text is ever spliced into code.
 *
 * PFA is expression-oriented (an `if` has a value, a `do` is a block with a value); the code generator
 * turns each expression into statements that leave its value in a temporary, and returns the JavaScript
 * expression that reads it (a temporary, a variable or a constant).
 */
import * as A from "./ast.js";
import type { CompiledFunction, EngineServices, LibFcnImpl } from "./lib/define.js";
import { implementation } from "./lib/index.js";
import { fromJson } from "./data.js";
import { packValues, unpackBytes } from "./binary.js";
import * as R from "./runtime.js";
import { FcnType, libraryFunction, libraryFunctionAsCallback } from "./signature.js";
import {
  accepts,
  AvroArray,
  AvroMap,
  AvroRecord,
  type AvroType,
  AvroUnion,
  T,
} from "./types.js";

export class CompileError extends Error {}

/** The first argument's value that decides each short-circuit operator without its second. */
const SHORT_CIRCUIT: Record<string, string> = { "&&": "false", "||": "true", "&&&": "false", "|||": "true" };

/** What a compiled document is made of; `instantiate` binds it to one engine's state. */
export interface CompiledDocument {
  readonly source: string;
  instantiate(state: EngineState, services: EngineServices): PhaseFunctions;
}

export interface PhaseFunctions {
  begin(): void;
  action(input: unknown): unknown;
  end(): void;
  merge?(a: unknown, b: unknown): unknown;
}

/** The mutable state the generated code reads and writes (one per engine instance, shared cells aside). */
export interface EngineState {
  cells: Record<string, unknown>;
  pools: Record<string, Record<string, unknown>>;
  /** Cells and pools declared `shared`: one object for all engines of one document. */
  sharedCells: Record<string, unknown>;
  sharedPools: Record<string, Record<string, unknown>>;
  name: string;
  instance: number;
  metadata: Record<string, string>;
  version: number | null;
  actionsStarted: R.Long;
  actionsFinished: R.Long;
  tally: unknown;
  emit(value: unknown): void;
  log(values: unknown[], namespace: string | null, types: AvroType[]): void;
  /** Called in every loop iteration and function call: enforces the phase's timeout. */
  tick(): void;
}

/** The runtime helpers the generated code calls, as `R.<name>`. */
const HELPERS = {
  PFARuntimeError: R.PFARuntimeError,
  PFAUserError: R.PFAUserError,
  isPFAError: R.isPFAError,
  makeRecord: R.makeRecord,
  newMap: R.newMap,
  unionBranch: R.unionBranch,
  toNumber: R.toNumber,
  arrayAt(arr: unknown[], index: R.Long, code: number): unknown {
    const i = typeof index === "bigint" ? -1 : index;
    if (i < 0 || i >= arr.length) throw new R.PFARuntimeError(code, "array index not found");
    return arr[i];
  },
  mapAt(m: Record<string, unknown>, key: string, code: number): unknown {
    if (!Object.prototype.hasOwnProperty.call(m, key)) throw new R.PFARuntimeError(code, "map key not found");
    return m[key];
  },
  /**
   * A copy of `value` with the element at `path` replaced by `update(old)`. `kinds` says what each step
   * indexes: "r" a record field, "a" an array index, "m" a map key.
   */
  updateIn(value: unknown, kinds: string, keys: unknown[], update: (old: unknown) => unknown, arrayCode: number, mapCode: number, depth = 0): unknown {
    if (depth === kinds.length) return update(value);
    const key = keys[depth];
    switch (kinds[depth]) {
      case "r": {
        const r = value as Record<string, unknown>;
        return R.recordWith(r, key as string, HELPERS.updateIn(r[key as string], kinds, keys, update, arrayCode, mapCode, depth + 1));
      }
      case "a": {
        const arr = value as unknown[];
        const i = typeof key === "bigint" ? -1 : (key as number);
        if (i < 0 || i >= arr.length) throw new R.PFARuntimeError(arrayCode, "array index not found");
        const out = arr.slice();
        out[i] = HELPERS.updateIn(arr[i], kinds, keys, update, arrayCode, mapCode, depth + 1);
        return out;
      }
      default: {
        const m = value as Record<string, unknown>;
        if (!Object.prototype.hasOwnProperty.call(m, key as string)) throw new R.PFARuntimeError(mapCode, "map key not found");
        const out = R.newMap();
        Object.assign(out, m);
        out[key as string] = HELPERS.updateIn(m[key as string], kinds, keys, update, arrayCode, mapCode, depth + 1);
        return out;
      }
    }
  },
  packValues,
  unpackBytes,
  /** Whether a caught error passes a `try` filter (messages and codes). */
  matchesFilter(e: unknown, messages: readonly string[], codes: readonly number[]): boolean {
    if (!(e instanceof R.PFARuntimeError || e instanceof R.PFAUserError)) return false;
    if (messages.length === 0 && codes.length === 0) return true;
    return messages.includes(e.message) || (e.code !== undefined && codes.includes(e.code));
  },
};

export type Helpers = typeof HELPERS;

type ValueConverter = (v: unknown) => unknown;

/**
 * The conversion from a value of type `from` to type `to` (which accepts it), or null when the value
 * needs none. Most promotions are free in JavaScript; a long may be a bigint and must become a number
 * for float or double, a float target rounds, and arrays and maps convert their contents.
 */
export function converter(from: AvroType, to: AvroType): ValueConverter | null {
  if (from === to || from.kind === "exception") return null;
  switch (to.kind) {
    case "double":
      return from.kind === "long" ? (v) => R.toNumber(v as R.Long) : from instanceof AvroUnion ? unionConverter(from, to) : null;
    case "float":
      if (from.kind === "int") return (v) => Math.fround(v as number);
      if (from.kind === "long") return (v) => Math.fround(R.toNumber(v as R.Long));
      return from instanceof AvroUnion ? unionConverter(from, to) : null;
    case "array": {
      if (!(from instanceof AvroArray)) return null;
      const c = converter(from.items, (to as AvroArray).items);
      return c === null ? null : (v) => (v as unknown[]).map(c);
    }
    case "map": {
      if (!(from instanceof AvroMap)) return null;
      const c = converter(from.values, (to as AvroMap).values);
      if (c === null) return null;
      return (v) => {
        const m = v as Record<string, unknown>;
        const out = R.newMap();
        for (const k of Object.keys(m)) out[k] = c(m[k]);
        return out;
      };
    }
    case "union": {
      const u = to as AvroUnion;
      if (from instanceof AvroUnion) return unionConverter(from, to);
      const member = u.types.find((m) => accepts(m, from));
      return member === undefined ? null : converter(from, member);
    }
    default:
      return from instanceof AvroUnion ? unionConverter(from, to) : null;
  }
}

function unionConverter(from: AvroUnion, to: AvroType): ValueConverter | null {
  const perBranch = new Map<AvroType, ValueConverter | null>();
  for (const b of from.types) {
    const target = to instanceof AvroUnion ? (to.types.find((m) => accepts(m, b)) ?? to) : to;
    perBranch.set(b, target === to && to instanceof AvroUnion ? null : converter(b, target));
  }
  if ([...perBranch.values()].every((c) => c === null)) return null;
  return (v) => {
    const c = perBranch.get(R.unionBranch(from, v));
    return c ? c(v) : v;
  };
}

interface FunctionCtx {
  /** Lines of the function being generated. */
  lines: string[];
  indent: string;
}

export class Compiler {
  private readonly consts: unknown[] = [];
  private readonly constIndex = new Map<unknown, number>();
  private readonly sites: { impl: LibFcnImpl; site: Omit<Parameters<LibFcnImpl["generate"]>[0], "engine"> }[] = [];
  private readonly converters: ValueConverter[] = [];
  private temp = 0;
  private fcnIndex = new Map<string, number>();
  private out: FunctionCtx = { lines: [], indent: "" };

  constructor(private readonly doc: A.PfaDocument) {}

  compile(): CompiledDocument {
    const doc = this.doc;
    [...doc.fcns.keys()].forEach((name, i) => this.fcnIndex.set(name, i));
    const parts: string[] = ['"use strict";'];
    for (const [name, def] of doc.fcns) {
      parts.push(`function u${this.fcnIndex.get(name)}(${def.params.map((p) => `v_${p.name}`).join(", ")}) {`);
      parts.push(...this.body(def.body, def.ret.resolved!, "  ", true));
      parts.push("}");
    }
    const predefined = (withActions: boolean, withTally: boolean): string[] => {
      const out = ["  const v_name = S.name, v_instance = S.instance, v_metadata = S.metadata, v_version = S.version;"];
      if (withActions) out.push("  const v_actionsStarted = S.actionsStarted, v_actionsFinished = S.actionsFinished;");
      if (withTally) out.push("  const v_tally = S.tally;");
      return out;
    };
    const fold = doc.method === "fold";
    const output = doc.output.resolved!;
    parts.push("function begin() {", ...predefined(false, false), ...this.body(doc.begin, null, "  ", false), "}");
    parts.push("function action(v_input) {", ...predefined(true, fold));
    parts.push(...this.body(doc.action, doc.method === "emit" ? null : output, "  ", doc.method !== "emit"));
    parts.push("}");
    parts.push("function end() {", ...predefined(true, fold), ...this.body(doc.end, null, "  ", false), "}");
    if (fold && doc.merge !== undefined) {
      parts.push("function merge(v_tallyOne, v_tallyTwo) {", ...predefined(true, false), ...this.body(doc.merge, output, "  ", true), "}");
      parts.push("return { begin, action, end, merge };");
    } else {
      parts.push("return { begin, action, end };");
    }
    const source = parts.join("\n");
    let factory: (...args: unknown[]) => PhaseFunctions;
    try {
      factory = new Function("R", "K", "F", "C", "S", source) as typeof factory;
    } catch (e) {
      throw new CompileError(`internal error: generated code does not parse (${(e as Error).message})`);
    }
    const consts = this.consts;
    const sites = this.sites;
    const converters = this.converters;
    return {
      source,
      instantiate(state: EngineState, services: EngineServices): PhaseFunctions {
        const fns: CompiledFunction[] = sites.map(({ impl, site }) => impl.generate({ ...site, engine: services }));
        return factory(HELPERS, consts, fns, converters, state);
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Emission helpers

  private emit(line: string): void {
    this.out.lines.push(this.out.indent + line);
  }

  private newTemp(): string {
    return `t${this.temp++}`;
  }

  /** A constant, referenced by index: the only way document values reach the generated code. */
  private constant(value: unknown): string {
    if (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
    if (value === null || typeof value === "boolean") return String(value);
    let i = this.constIndex.get(value);
    if (i === undefined) {
      i = this.consts.length;
      this.consts.push(value);
      if (typeof value === "string" || typeof value === "bigint") this.constIndex.set(value, i);
    }
    return `K[${i}]`;
  }

  /** `expr` converted from `from` to `to`. */
  private convert(expr: string, from: AvroType | undefined, to: AvroType): string {
    if (from === undefined) return expr;
    const c = converter(from, to);
    if (c === null) return expr;
    this.converters.push(c);
    return `C[${this.converters.length - 1}](${expr})`;
  }

  /** Generates a block; with `ret`, returns its last value converted to `ret`. */
  private body(exprs: A.Expr[], ret: AvroType | null, indent: string, returns: boolean): string[] {
    const saved = this.out;
    this.out = { lines: [], indent };
    let last = "null";
    let lastType: AvroType | undefined = T.null;
    for (const e of exprs) {
      last = this.expr(e);
      lastType = e.type;
    }
    if (returns) this.emit(`return ${ret === null ? last : this.convert(last, lastType, ret)};`);
    const lines = this.out.lines;
    this.out = saved;
    return lines;
  }

  /** A block whose value is assigned to `target` (declared by the caller; null: discarded), converted to `to`. */
  private blockInto(exprs: A.Expr[], target: string | null, to: AvroType | undefined): void {
    this.emit("{");
    const saved = this.out.indent;
    this.out.indent += "  ";
    let last = "null";
    let lastType: AvroType | undefined = T.null;
    for (const e of exprs) {
      last = this.expr(e);
      lastType = e.type;
    }
    if (target !== null) this.emit(`${target} = ${to === undefined ? last : this.convert(last, lastType, to)};`);
    this.out.indent = saved;
    this.emit("}");
  }

  private nested(fn: () => void): void {
    const saved = this.out.indent;
    this.out.indent += "  ";
    fn();
    this.out.indent = saved;
  }

  /** Evaluates `e` into a temporary (for values read after other code runs). */
  private toTemp(e: A.Expr): string {
    const v = this.expr(e);
    if (/^t\d+$/.test(v)) return v;
    const t = this.newTemp();
    this.emit(`const ${t} = ${v};`);
    return t;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** Emits the statements of `e` and returns a JavaScript expression for its value. */
  private expr(e: A.Expr): string {
    switch (e.kind) {
      case "null":
        return "null";
      case "boolean":
        return e.value ? "true" : "false";
      case "int":
      case "float":
      case "double":
        return this.constant(e.value);
      case "long":
        return this.constant(R.longOrNull(e.value));
      case "string":
        return this.constant(e.value);
      case "bytes":
        return this.constant(e.value);
      case "typed":
        return this.constant(fromJson(e.type!, e.value));
      case "ref":
        return `v_${e.name}`;
      case "call":
        return this.call(e);
      case "callUserFcn":
        return this.callUserFcn(e);
      case "newObject":
        return this.newObject(e);
      case "newArray": {
        const t = e.type as AvroArray;
        const items = e.items.map((item) => this.convert(this.toTemp(item), item.type, t.items));
        const out = this.newTemp();
        this.emit(`const ${out} = [${items.join(", ")}];`);
        return out;
      }
      case "do": {
        const t = this.newTemp();
        this.emit(`let ${t};`);
        this.blockInto(e.body, t, e.type);
        return t;
      }
      case "let":
        for (const b of e.vars) {
          const v = this.expr(b.expr);
          this.emit(`let v_${b.name} = ${v};`);
        }
        return "null";
      case "set": {
        // All values first, then the assignments: `set` binds simultaneously, like `let`.
        const values = e.vars.map((b) => {
          const t = this.newTemp();
          this.emit(`const ${t} = ${this.expr(b.expr)};`);
          return t;
        });
        e.vars.forEach((b, i) => this.emit(`v_${b.name} = ${values[i]};`));
        return "null";
      }
      case "attr":
        return this.walk(this.toTemp(e.expr), e.expr.type!, e.steps, 2000, 2001);
      case "attrTo":
        return this.update(this.toTemp(e.expr), e.expr.type!, e.steps, e.to, 2002, 2003);
      case "cell": {
        const v = this.newTemp();
        this.emit(`const ${v} = ${this.cellRef(e.cell)};`);
        return this.walk(v, this.doc.cells.get(e.cell)!.typeRef.resolved!, e.steps, 2004, 2005);
      }
      case "cellTo": {
        const ref = this.cellRef(e.cell);
        const v = this.update(ref, this.doc.cells.get(e.cell)!.typeRef.resolved!, e.steps, e.to, 2006, 2007);
        this.emit(`${ref} = ${v};`);
        return v;
      }
      case "pool": {
        const pool = this.poolRef(e.pool);
        const key = this.toTemp(e.steps[0]!);
        const v = this.newTemp();
        this.emit(`const ${v} = R.mapAt(${pool}, ${key}, 2009);`);
        return this.walk(v, this.doc.pools.get(e.pool)!.typeRef.resolved!, e.steps.slice(1), 2008, 2009);
      }
      case "poolTo": {
        const pool = this.poolRef(e.pool);
        const itemType = this.doc.pools.get(e.pool)!.typeRef.resolved!;
        const key = this.toTemp(e.steps[0]!);
        const old = this.newTemp();
        this.emit(`let ${old};`);
        this.emit(`if (Object.prototype.hasOwnProperty.call(${pool}, ${key})) ${old} = ${pool}[${key}]; else {`);
        this.nested(() => this.emit(`${old} = ${this.convert(this.expr(e.init), e.init.type, itemType)};`));
        this.emit("}");
        const v = this.update(old, itemType, e.steps.slice(1), e.to, 2010, 2011);
        // The pool object is the engine's, not a PFA value: items are replaced in place.
        this.emit(`${pool}[${key}] = ${v};`);
        return v;
      }
      case "poolDel": {
        const pool = this.poolRef(e.pool);
        const key = this.toTemp(e.del);
        this.emit(`delete ${pool}[${key}];`);
        return "null";
      }
      case "if": {
        const t = this.newTemp();
        this.emit(`let ${t} = null;`);
        const c = this.expr(e.cond);
        this.emit(`if (${c})`);
        this.blockInto(e.then, e.else === undefined ? null : t, e.type);
        if (e.else !== undefined) {
          this.emit("else");
          this.blockInto(e.else, t, e.type);
        }
        return t;
      }
      case "cond":
        return this.cond(e);
      case "while":
        this.emit("for (;;) {");
        this.nested(() => {
          const c = this.expr(e.cond);
          this.emit(`if (!(${c})) break;`);
          this.emit("S.tick();");
          this.blockInto(e.body, null, undefined);
        });
        this.emit("}");
        return "null";
      case "doUntil":
        this.emit("for (;;) {");
        this.nested(() => {
          this.emit("S.tick();");
          for (const b of e.body) this.expr(b);
          const c = this.expr(e.cond);
          this.emit(`if (${c}) break;`);
        });
        this.emit("}");
        return "null";
      case "for":
        this.emit("{");
        this.nested(() => {
          for (const b of e.init) this.emit(`let v_${b.name} = ${this.expr(b.expr)};`);
          this.emit("for (;;) {");
          this.nested(() => {
            const c = this.expr(e.cond);
            this.emit(`if (!(${c})) break;`);
            this.emit("S.tick();");
            this.blockInto(e.body, null, undefined);
            const values = e.step.map((b) => this.toTemp(b.expr));
            e.step.forEach((b, i) => this.emit(`v_${b.name} = ${values[i]};`));
          });
          this.emit("}");
        });
        this.emit("}");
        return "null";
      case "foreach": {
        const arr = this.toTemp(e.array);
        this.emit(`for (let v_${e.name} of ${arr}) {`);
        this.nested(() => {
          this.emit("S.tick();");
          this.blockInto(e.body, null, undefined);
        });
        this.emit("}");
        return "null";
      }
      case "forkeyval": {
        const m = this.toTemp(e.map);
        this.emit(`for (let v_${e.key} of Object.keys(${m})) {`);
        this.nested(() => {
          this.emit(`let v_${e.value} = ${m}[v_${e.key}];`);
          this.emit("S.tick();");
          this.blockInto(e.body, null, undefined);
        });
        this.emit("}");
        return "null";
      }
      case "castCase":
        return this.castCase(e);
      case "upcast":
        return this.convert(this.toTemp(e.expr), e.expr.type, e.type!);
      case "ifNotNull": {
        const values = e.vars.map((b) => this.toTemp(b.expr));
        const bindings = e.vars.map((b, i) => [b.name, values[i]!] as const);
        return this.conditionalBlock(values.map((v) => `${v} !== null`).join(" && "), bindings, e.then, e.else, e.type);
      }
      case "unpack": {
        const bytes = this.toTemp(e.bytes);
        const parts = this.newTemp();
        this.emit(`const ${parts} = R.unpackBytes(${bytes}, ${this.constant(e.format.map((f) => f.format))});`);
        const bindings = e.format.map((f, i) => [f.name, `${parts}[${i}]`] as const);
        return this.conditionalBlock(`${parts} !== null`, bindings, e.then, e.else, e.type);
      }
      case "pack": {
        const values = e.items.map((item) => this.toTemp(item.expr));
        const t = this.newTemp();
        this.emit(`const ${t} = R.packValues(${this.constant(e.items.map((i) => i.format))}, [${values.join(", ")}]);`);
        return t;
      }
      case "doc":
        return "null";
      case "error":
        this.emit(`throw new R.PFAUserError(${this.constant(e.message)}${e.code === undefined ? "" : `, ${e.code}`});`);
        return "null";
      case "try": {
        const t = this.newTemp();
        this.emit(`let ${t} = null;`);
        this.emit("try");
        this.blockInto(e.body, t, e.type);
        const messages = (e.filter ?? []).filter((f): f is string => typeof f === "string");
        const codes = (e.filter ?? []).filter((f): f is number => typeof f === "number");
        this.emit(`catch (err) { if (!R.matchesFilter(err, ${this.constant(messages)}, ${this.constant(codes)})) throw err; ${t} = null; }`);
        return t;
      }
      case "log": {
        const values = e.args.map((a) => this.toTemp(a));
        const types = e.args.map((a) => a.type ?? T.null);
        this.emit(`S.log([${values.join(", ")}], ${e.namespace === undefined ? "null" : this.constant(e.namespace)}, ${this.constant(types)});`);
        return "null";
      }
      case "invalid":
        throw new CompileError("cannot compile a document with errors");
    }
  }

  /** `if (test) { const v_<name> = value ...; then } else { else }`, the value of `ifnotnull` and `unpack`. */
  private conditionalBlock(test: string, bindings: readonly (readonly [string, string])[], then: A.Expr[], otherwise: A.Expr[] | undefined, type: AvroType | undefined): string {
    const t = this.newTemp();
    this.emit(`let ${t} = null;`);
    this.emit(`if (${test}) {`);
    this.nested(() => {
      for (const [name, value] of bindings) this.emit(`const v_${name} = ${value};`);
      this.blockInto(then, otherwise === undefined ? null : t, type);
    });
    this.emit("}");
    if (otherwise !== undefined) {
      this.emit("else");
      this.blockInto(otherwise, t, type);
    }
    return t;
  }

  private cellRef(name: string): string {
    const shared = this.doc.cells.get(name)!.shared;
    return `S.${shared ? "sharedCells" : "cells"}[${this.constant(name)}]`;
  }

  private poolRef(name: string): string {
    const shared = this.doc.pools.get(name)!.shared;
    return `S.${shared ? "sharedPools" : "pools"}[${this.constant(name)}]`;
  }

  /** Follows a path from `value` (of type `t`), raising the given codes when an index or key is absent. */
  private walk(value: string, t: AvroType, steps: A.Expr[], arrayCode: number, mapCode: number): string {
    let cur = value;
    let type = t;
    for (const step of steps) {
      const next = this.newTemp();
      if (type instanceof AvroRecord) {
        const field = (step as A.LitString).value;
        this.emit(`const ${next} = ${cur}[${this.constant(field)}];`);
        type = type.field(field)!.type;
      } else if (type instanceof AvroArray) {
        this.emit(`const ${next} = R.arrayAt(${cur}, ${this.expr(step)}, ${arrayCode});`);
        type = type.items;
      } else {
        this.emit(`const ${next} = R.mapAt(${cur}, ${this.expr(step)}, ${mapCode});`);
        type = (type as AvroMap).values;
      }
      cur = next;
    }
    return cur;
  }

  /** The value of `value` (of type `t`) with the element at `steps` replaced by `to` (a value or a function of the old one). */
  private update(value: string, t: AvroType, steps: A.Expr[], to: A.Expr | A.FcnArg, arrayCode: number, mapCode: number): string {
    let type = t;
    const kinds: string[] = [];
    const keys: string[] = [];
    for (const step of steps) {
      if (type instanceof AvroRecord) {
        const field = (step as A.LitString).value;
        kinds.push("r");
        keys.push(this.constant(field));
        type = type.field(field)!.type;
      } else if (type instanceof AvroArray) {
        kinds.push("a");
        keys.push(this.toTemp(step));
        type = type.items;
      } else {
        kinds.push("m");
        keys.push(this.toTemp(step));
        type = (type as AvroMap).values;
      }
    }
    const target = type;
    let fn: string;
    if (A.isFcnArg(to)) {
      const f = this.fcnArg(to);
      const ret = this.fcnArgType(to)?.ret;
      fn = ret === undefined ? f : `(old) => ${this.convert(`(${f})(old)`, ret, target)}`;
    } else {
      const v = this.convert(this.toTemp(to), to.type, target);
      fn = `() => ${v}`;
    }
    const out = this.newTemp();
    if (steps.length === 0) {
      this.emit(`const ${out} = (${fn})(${value});`);
    } else {
      this.emit(`const ${out} = R.updateIn(${value}, ${this.constant(kinds.join(""))}, [${keys.join(", ")}], ${fn}, ${arrayCode}, ${mapCode});`);
    }
    return out;
  }

  private cond(e: A.Cond): string {
    const t = this.newTemp();
    this.emit(`let ${t} = null;`);
    // Each condition may need statements, so the chain nests: else { cond2 stmts; if (c2) ... }.
    let depth = 0;
    e.clauses.forEach((clause, i) => {
      const c = this.expr(clause.cond);
      this.emit(`if (${c})`);
      this.blockInto(clause.then, e.else === undefined ? null : t, e.type);
      if (i < e.clauses.length - 1 || e.else !== undefined) {
        this.emit("else {");
        this.out.indent += "  ";
        depth++;
      }
    });
    if (e.else !== undefined) this.blockInto(e.else, t, e.type);
    for (let i = 0; i < depth; i++) {
      this.out.indent = this.out.indent.slice(2);
      this.emit("}");
    }
    return t;
  }

  private castCase(e: A.CastCase): string {
    const value = this.toTemp(e.expr);
    const from = e.expr.type!;
    const members = from instanceof AvroUnion ? from.types : [from];
    const t = this.newTemp();
    this.emit(`let ${t} = null;`);
    const branch = this.newTemp();
    this.emit(`const ${branch} = ${from instanceof AvroUnion ? `R.unionBranch(${this.constant(from)}, ${value})` : "null"};`);
    const handled = new Set<AvroType>();
    let first = true;
    for (const c of e.cases) {
      const as = c.typeRef.resolved!;
      const covered = members.filter((m) => accepts(as, m) && !handled.has(m));
      covered.forEach((m) => handled.add(m));
      if (covered.length === 0) continue;
      const test = from instanceof AvroUnion ? covered.map((m) => `${branch} === ${this.constant(m)}`).join(" || ") : "true";
      this.emit(`${first ? "" : "else "}if (${test}) {`);
      first = false;
      this.nested(() => {
        this.emit(`const v_${c.named} = ${this.convert(value, from instanceof AvroUnion ? undefined : from, as)};`);
        this.blockInto(c.body, e.partial ? null : t, e.type);
      });
      this.emit("}");
    }
    return t;
  }

  private newObject(e: A.NewObject): string {
    const t = e.type!;
    const out = this.newTemp();
    if (t instanceof AvroRecord) {
      const values = new Map(e.fields.map(([k, v]) => [k, this.convert(this.toTemp(v), v.type, t.field(k)!.type)]));
      this.emit(`const ${out} = R.makeRecord(${this.constant(t.fields.map((f) => f.name))}, [${t.fields.map((f) => values.get(f.name)).join(", ")}]);`);
    } else {
      const m = t as AvroMap;
      this.emit(`const ${out} = R.newMap();`);
      for (const [k, v] of e.fields) this.emit(`${out}[${this.constant(k)}] = ${this.convert(this.toTemp(v), v.type, m.values)};`);
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private call(e: A.Call): string {
    if (e.name === "emit") {
      const arg = e.args[0] as A.Expr;
      this.emit(`S.emit(${this.convert(this.toTemp(arg), arg.type, this.doc.output.resolved!)});`);
      return "null";
    }
    if (e.name.startsWith("u.")) {
      const def = this.doc.fcns.get(e.name.slice(2))!;
      const args = e.args.map((a, i) => this.convert(this.toTemp(a as A.Expr), (a as A.Expr).type, def.params[i]!.typeRef.resolved!));
      const t = this.newTemp();
      this.emit(`const ${t} = u${this.fcnIndex.get(e.name.slice(2))}(${args.join(", ")});`);
      return t;
    }
    if (e.name in SHORT_CIRCUIT) return this.shortCircuit(e, SHORT_CIRCUIT[e.name]!);
    const impl = implementation(e.name);
    if (impl === undefined) throw new CompileError(`library function "${e.name}" is not implemented by this engine`);
    const paramTypes = e.paramTypes!;
    const args = e.args.map((a, i) => {
      if (A.isFcnArg(a)) return this.fcnArg(a);
      const p = paramTypes[i];
      return this.convert(this.toTemp(a), a.type, p instanceof FcnType || p === undefined ? a.type! : p);
    });
    this.sites.push({ impl, site: { name: e.name, sigIndex: e.sigIndex!, paramTypes: paramTypes as (AvroType | FcnType)[], retType: e.type! } });
    const t = this.newTemp();
    this.emit(`const ${t} = F[${this.sites.length - 1}](${args.join(", ")});`);
    return t;
  }

  /**
   * `&&`, `||` and their three-valued forms do not evaluate their second argument when the first
   * decides the result (spec: "y is not evaluated"), so they are control flow, not calls.
   */
  private shortCircuit(e: A.Call, decidedWhen: string): string {
    const [x, y] = e.args as A.Expr[];
    const t = this.newTemp();
    this.emit(`let ${t} = ${this.expr(x!)};`);
    this.emit(`if (${t} !== ${decidedWhen}) {`);
    this.nested(() => {
      const yv = this.expr(y!);
      const impl = implementation(e.name)!;
      this.sites.push({ impl, site: { name: e.name, sigIndex: e.sigIndex!, paramTypes: e.paramTypes!, retType: e.type! } });
      this.emit(`${t} = F[${this.sites.length - 1}](${t}, ${yv});`);
    });
    this.emit("}");
    return t;
  }

  private callUserFcn(e: A.CallUserFcn): string {
    const which = this.toTemp(e.fcn);
    const args = e.args.map((a) => this.toTemp(a));
    const t = this.newTemp();
    this.emit(`let ${t};`);
    this.emit(`switch (${which}) {`);
    for (const [name, def] of this.doc.fcns) {
      if (!(e.fcn.type as { symbols?: string[] }).symbols?.includes(name)) continue;
      const converted = args.map((a, i) => this.convert(a, e.args[i]!.type, def.params[i]!.typeRef.resolved!));
      this.emit(`  case ${this.constant(name)}: ${t} = ${this.convert(`u${this.fcnIndex.get(name)}(${converted.join(", ")})`, def.ret.resolved!, e.type!)}; break;`);
    }
    this.emit("}");
    return t;
  }

  private fcnArgType(f: A.FcnArg): FcnType | null {
    if (f.kind === "fcnDef") return new FcnType(f.params.map((p) => p.typeRef.resolved!), f.ret.resolved!);
    if (f.name.startsWith("u.")) {
      const def = this.doc.fcns.get(f.name.slice(2))!;
      return new FcnType(def.params.map((p) => p.typeRef.resolved!), def.ret.resolved!);
    }
    const lib = libraryFunctionAsCallback(f.name);
    return typeof lib === "string" ? null : lib;
  }

  /** A JavaScript function expression for a function argument. */
  private fcnArg(f: A.FcnArg): string {
    switch (f.kind) {
      case "fcnDef": {
        const lines = this.body(f.body, f.ret.resolved!, this.out.indent + "  ", true);
        const t = this.newTemp();
        this.emit(`const ${t} = (${f.params.map((p) => `v_${p.name}`).join(", ")}) => {`);
        this.out.lines.push(...lines);
        this.emit("};");
        return t;
      }
      case "fcnRef":
        if (f.name.startsWith("u.")) return `u${this.fcnIndex.get(f.name.slice(2))}`;
        return this.libraryCallback(f.name);
      case "fcnRefFill": {
        const filled = new Map(f.fill.map(([k, v]) => [k, this.toTemp(v)]));
        let params: { name: string; type: AvroType }[];
        let target: string;
        if (f.name.startsWith("u.")) {
          const def = this.doc.fcns.get(f.name.slice(2))!;
          params = def.params.map((p) => ({ name: p.name, type: p.typeRef.resolved! }));
          target = `u${this.fcnIndex.get(f.name.slice(2))}`;
        } else {
          const fn = libraryFunction(f.name)!;
          const cb = libraryFunctionAsCallback(f.name) as FcnType;
          params = fn.sigs[0]!.params.map((p, i) => ({ name: p.name, type: cb.params[i]! }));
          target = this.libraryCallback(f.name);
        }
        const free = params.filter((p) => !filled.has(p.name));
        const fill = f.fill.map(([k, v]) => [k, this.convert(filled.get(k)!, v.type, params.find((p) => p.name === k)!.type)] as const);
        const fillMap = new Map(fill);
        const t = this.newTemp();
        this.emit(`const ${t} = (${free.map((_, i) => `a${i}`).join(", ")}) => ${target}(${params.map((p) => fillMap.get(p.name) ?? `a${free.indexOf(p)}`).join(", ")});`);
        return t;
      }
    }
  }

  private libraryCallback(name: string): string {
    const impl = implementation(name);
    if (impl === undefined) throw new CompileError(`library function "${name}" is not implemented by this engine`);
    const cb = libraryFunctionAsCallback(name) as FcnType;
    this.sites.push({ impl, site: { name, sigIndex: 0, paramTypes: cb.params, retType: cb.ret } });
    return `F[${this.sites.length - 1}]`;
  }
}

export function compileDocument(doc: A.PfaDocument): CompiledDocument {
  return new Compiler(doc).compile();
}
