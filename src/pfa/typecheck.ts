/**
 * The type checker (spec chapters 4 to 7): resolves every schema of a document, infers the type of
 * every expression (types are local: only literals, `new`, parameters, cells, pools and the input carry
 * declarations), checks calls against the library's generic signatures and user functions, enforces
 * scope rules (no shadowing, sealed scopes), method rules (emit, fold with zero and merge) and the
 * checks on cells, pools and options. Each expression gets its type in `expr.type`; calls get their
 * matched signature. Every error is collected with its JSON Pointer; checking goes on after an error
 * (an expression whose type could not be inferred is typed `null` internally and not reported twice).
 */
import * as A from "./ast.js";
import { type Diagnostic, pointer } from "./json-value.js";
import { Scope } from "./scope.js";
import { FcnType, libraryFunction, libraryFunctionAsCallback, matchCall, type ArgType } from "./signature.js";
import {
  accepts,
  AvroArray,
  AvroEnum,
  AvroMap,
  AvroRecord,
  type AvroType,
  AvroUnion,
  checkData,
  EXCEPTION,
  narrowestSupertype,
  T,
  TypeRegistry,
} from "./types.js";

const KNOWN_INT_OPTIONS = ["timeout", "timeout.begin", "timeout.action", "timeout.end"];

/** Thrown inside one expression's check after its error was recorded, to skip the rest of that expression. */
class Reported extends Error {}

export class TypeChecker {
  readonly errors: Diagnostic[] = [];
  private readonly registry = new TypeRegistry();
  private readonly fcnTypes = new Map<string, FcnType>();
  private outputType: AvroType = T.null;

  constructor(private readonly doc: A.PfaDocument) {}

  private error(path: string, code: string, message: string): Reported {
    this.errors.push({ path, code, message });
    return new Reported(message);
  }

  check(): void {
    const doc = this.doc;
    this.declareAllTypes();

    const input = this.resolve(doc.input);
    const output = this.resolve(doc.output);
    this.outputType = output ?? T.null;

    for (const [name, fcn] of doc.fcns) {
      const params = fcn.params.map((p) => this.resolve(p.typeRef));
      const ret = this.resolve(fcn.ret);
      if (ret !== null && params.every((p) => p !== null)) this.fcnTypes.set(name, new FcnType(params as AvroType[], ret));
    }
    this.checkStorage(doc.cells, "cell");
    this.checkStorage(doc.pools, "pool");
    this.checkOptions();
    this.checkMethod(output);

    for (const [name, fcn] of doc.fcns) this.checkFcnDef(fcn, new Scope(null, true, false), `user function "${name}"`);

    const predefined = (phase: "begin" | "action" | "end"): Scope => {
      const root = new Scope(null, false, false);
      root.declare("name", T.string, true);
      root.declare("instance", T.int, true);
      root.declare("metadata", new AvroMap(T.string), true);
      if (doc.version !== undefined) root.declare("version", T.int, true);
      if (phase !== "begin") {
        root.declare("actionsStarted", T.long, true);
        root.declare("actionsFinished", T.long, true);
        if (doc.method === "fold") root.declare("tally", this.outputType, true);
      }
      if (phase === "action" && input !== null) root.declare("input", input, true);
      return root.child(true, false);
    };
    this.checkBody(doc.begin, predefined("begin"));
    const actionType = this.checkBody(doc.action, predefined("action"));
    this.checkBody(doc.end, predefined("end"));

    if (doc.method !== "emit" && output !== null && actionType !== null && !accepts(output, actionType)) {
      const last = doc.action[doc.action.length - 1];
      this.error(last?.path ?? "/action", "type-mismatch", `the action returns ${actionType}, which the output type ${output} does not accept`);
    }
    if (doc.method === "fold" && doc.merge !== undefined && output !== null) {
      const scope = new Scope(null, false, false);
      scope.declare("tallyOne", output, true);
      scope.declare("tallyTwo", output, true);
      const mergeType = this.checkBody(doc.merge, scope.child(true, false));
      if (mergeType !== null && !accepts(output, mergeType)) {
        this.error(doc.merge[doc.merge.length - 1]?.path ?? "/merge", "type-mismatch", `"merge" returns ${mergeType}, which the output type ${output} does not accept`);
      }
    }
    this.checkDeadlocks();
  }

  // -------------------------------------------------------------------------------------------
  // Types

  /** All named types of the document are declared before any is resolved: they may be used before their definition. */
  private declareAllTypes(): void {
    const refs: A.TypeRef[] = [this.doc.input, this.doc.output];
    for (const c of this.doc.cells.values()) refs.push(c.typeRef);
    for (const p of this.doc.pools.values()) refs.push(p.typeRef);
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const x of node) visit(x);
        return;
      }
      if (typeof node !== "object" || node === null || node instanceof Uint8Array) return;
      const obj = node as Record<string, unknown>;
      if ("json" in obj && "path" in obj && !("kind" in obj)) {
        refs.push(obj as unknown as A.TypeRef);
        return;
      }
      for (const [k, v] of Object.entries(obj)) {
        if (k === "type" || k === "value" || k === "resolved") continue;
        visit(v);
      }
    };
    visit([...this.doc.fcns.values(), this.doc.begin, this.doc.action, this.doc.end, this.doc.merge ?? []]);
    for (const r of refs) this.registry.declare(r.json, r.path);
    this.errors.push(...this.registry.errors);
    this.registry.errors.length = 0;
  }

  private resolve(ref: A.TypeRef): AvroType | null {
    if (ref.resolved !== undefined) return ref.resolved;
    const before = this.registry.errors.length;
    const t = this.registry.resolve(ref.json, ref.path);
    this.errors.push(...this.registry.errors.slice(before));
    if (t !== null) ref.resolved = t;
    return t;
  }

  private resolveOrThrow(ref: A.TypeRef): AvroType {
    const t = this.resolve(ref);
    if (t === null) throw new Reported("bad type");
    return t;
  }

  // -------------------------------------------------------------------------------------------
  // Top-level checks

  private checkStorage(specs: Map<string, A.CellSpec>, what: "cell" | "pool"): void {
    for (const [name, spec] of specs) {
      const t = this.resolve(spec.typeRef);
      if (t === null || spec.source !== "embedded") continue;
      if (what === "cell") {
        this.errors.push(...checkData(t, spec.init, spec.initPath));
      } else if (spec.init !== null && typeof spec.init === "object" && !Array.isArray(spec.init)) {
        for (const [k, v] of Object.entries(spec.init)) {
          if (k !== "@") this.errors.push(...checkData(t, v, pointer(spec.initPath, k)));
        }
      }
      void name;
    }
  }

  private checkOptions(): void {
    for (const [k, v] of this.doc.options) {
      if (KNOWN_INT_OPTIONS.includes(k) && !(typeof v === "number" && Number.isInteger(v))) {
        this.error(pointer("/options", k), "syntax", `option "${k}" must be an integer number of milliseconds`);
      }
    }
  }

  private checkMethod(output: AvroType | null): void {
    const doc = this.doc;
    if (doc.method === "fold") {
      if (doc.zero === undefined) this.error("", "method", `a "fold" document needs "zero", the initial tally`);
      else if (output !== null) this.errors.push(...checkData(output, doc.zero.value, doc.zero.path));
      if (doc.merge === undefined) this.error("", "method", `a "fold" document needs "merge", which combines two tallies`);
    } else {
      if (doc.zero !== undefined) this.error("/zero", "method", `"zero" is only allowed with "method": "fold"`);
      if (doc.merge !== undefined) this.error("/merge", "method", `"merge" is only allowed with "method": "fold"`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** Checks a block; returns the type of its last expression (null type for an empty block), or null after an error. */
  private checkBody(body: A.Expr[], scope: Scope): AvroType | null {
    let last: AvroType | null = T.null;
    for (const e of body) last = this.expr(e, scope);
    return last;
  }

  /** Checks one expression; returns its type, or null when an error was recorded. */
  private expr(e: A.Expr, scope: Scope): AvroType | null {
    try {
      const t = this.infer(e, scope);
      e.type = t;
      return t;
    } catch (err) {
      if (err instanceof Reported) return null;
      throw err;
    }
  }

  /** An expression in a sealed scope (function arguments, conditions, values of let/set): it can neither declare nor assign outside. */
  private sealed(e: A.Expr, scope: Scope): AvroType | null {
    return this.expr(e, scope.child(true, true));
  }

  private need(t: AvroType | null): AvroType {
    if (t === null) throw new Reported("already reported");
    return t;
  }

  private infer(e: A.Expr, scope: Scope): AvroType {
    switch (e.kind) {
      case "null":
      case "boolean":
      case "int":
      case "long":
      case "float":
      case "double":
      case "string":
      case "bytes":
        // A literal's type is its kind.
        return T[e.kind];
      case "typed": {
        const t = this.resolveOrThrow(e.typeRef);
        const errs = checkData(t, e.value, e.valuePath);
        if (errs.length > 0) {
          this.errors.push(...errs);
          throw new Reported("bad literal");
        }
        return t;
      }
      case "ref": {
        const s = scope.get(e.name);
        if (s === undefined) {
          if (e.name === "tally" && this.doc.method !== "fold") throw this.error(e.path, "method", `"tally" exists only in documents with "method": "fold"`);
          throw this.error(e.path, "unknown-symbol", `unknown symbol "${e.name}"${this.hint(e.name, scope.visibleNames())}`);
        }
        if (s.poisoned) throw new Reported("the symbol's value already failed");
        return s.type;
      }
      case "call":
        return this.call(e, scope);
      case "callUserFcn":
        return this.callUserFcn(e, scope);
      case "newObject":
        return this.newObject(e, scope);
      case "newArray": {
        const t = this.resolveOrThrow(e.typeRef);
        if (!(t instanceof AvroArray)) throw this.error(e.typeRef.path, "type-mismatch", `"new" with an array needs an array type, found ${t}`);
        let ok = true;
        e.items.forEach((item) => {
          const it = this.sealed(item, scope);
          if (it === null) ok = false;
          else if (!accepts(t.items, it)) {
            this.error(item.path, "type-mismatch", `array items must be ${t.items}, found ${it}`);
            ok = false;
          }
        });
        if (!ok) throw new Reported("bad items");
        return t;
      }
      case "do": {
        // A block that always raises is typed null, not bottom: `do` is how a document passes an
        // error where a value is expected (spec's reference behaviour).
        const t = this.need(this.checkBody(e.body, scope.child(false, false)));
        return t.kind === "exception" ? T.null : t;
      }
      case "let":
        return this.letForm(e, scope);
      case "set":
        return this.setForm(e, scope);
      case "attr": {
        const t = this.need(this.sealed(e.expr, scope));
        return this.walkPath(t, e.steps, scope, `${e.path}`);
      }
      case "attrTo": {
        const root = this.need(this.sealed(e.expr, scope));
        const target = this.walkPath(root, e.steps, scope, e.path);
        this.checkUpdate(e.to, target, scope, pointer(e.path, "to"));
        return root;
      }
      case "cell": {
        const cell = this.cellType(e.cell, e.path, "cell");
        return this.walkPath(cell, e.steps, scope, e.path);
      }
      case "cellTo": {
        const cell = this.cellType(e.cell, e.path, "cell");
        const target = this.walkPath(cell, e.steps, scope, e.path);
        this.checkUpdate(e.to, target, scope, pointer(e.path, "to"));
        return cell;
      }
      case "pool": {
        const item = this.cellType(e.pool, e.path, "pool");
        this.poolKey(e.steps[0]!, scope);
        return this.walkPath(item, e.steps.slice(1), scope, e.path);
      }
      case "poolTo": {
        const item = this.cellType(e.pool, e.path, "pool");
        this.poolKey(e.steps[0]!, scope);
        const target = this.walkPath(item, e.steps.slice(1), scope, e.path);
        const init = this.need(this.sealed(e.init, scope));
        if (!accepts(item, init)) this.error(e.init.path, "type-mismatch", `pool "${e.pool}" holds ${item}, so "init" must be ${item}, found ${init}`);
        this.checkUpdate(e.to, target, scope, pointer(e.path, "to"));
        return item;
      }
      case "poolDel": {
        this.cellType(e.pool, e.path, "pool");
        const k = this.need(this.sealed(e.del, scope));
        if (!accepts(T.string, k)) throw this.error(e.del.path, "type-mismatch", `a pool item's name must be a string, found ${k}`);
        return T.null;
      }
      case "if": {
        this.condition(e.cond, scope);
        const thenT = this.checkBody(e.then, scope.child(false, false));
        if (e.else === undefined) return T.null;
        const elseT = this.checkBody(e.else, scope.child(false, false));
        return this.join([thenT, elseT], e.path, "the branches of \"if\"");
      }
      case "cond": {
        const types: (AvroType | null)[] = [];
        for (const c of e.clauses) {
          this.condition(c.cond, scope);
          types.push(this.checkBody(c.then, scope.child(false, false)));
        }
        if (e.else === undefined) return T.null;
        types.push(this.checkBody(e.else, scope.child(false, false)));
        return this.join(types, e.path, "the branches of \"cond\"");
      }
      case "while":
        this.condition(e.cond, scope);
        this.checkBody(e.body, scope.child(false, false));
        return T.null;
      case "doUntil": {
        const loop = scope.child(false, false);
        this.checkBody(e.body, loop);
        this.condition(e.cond, loop);
        return T.null;
      }
      case "for": {
        const loop = scope.child(false, false);
        for (const b of e.init) {
          this.declare(loop, b.name, this.sealed(b.expr, scope), b.path);
        }
        this.condition(e.cond, loop);
        for (const b of e.step) this.assign(loop, b);
        this.checkBody(e.body, loop.child(false, false));
        return T.null;
      }
      case "foreach": {
        const arr = this.need(this.sealed(e.array, scope));
        if (!(arr instanceof AvroArray)) throw this.error(e.array.path, "type-mismatch", `"foreach" needs an array after "in", found ${arr}`);
        const loop = scope.child(!e.seq, false);
        this.declare(loop, e.name, arr.items, pointer(e.path, "foreach"));
        this.checkBody(e.body, loop);
        return T.null;
      }
      case "forkeyval": {
        const m = this.need(this.sealed(e.map, scope));
        if (!(m instanceof AvroMap)) throw this.error(e.map.path, "type-mismatch", `"forkey"/"forval" needs a map after "in", found ${m}`);
        const loop = scope.child(false, false);
        this.declare(loop, e.key, T.string, pointer(e.path, "forkey"));
        this.declare(loop, e.value, m.values, pointer(e.path, "forval"));
        this.checkBody(e.body, loop);
        return T.null;
      }
      case "castCase":
        return this.castCase(e, scope);
      case "upcast": {
        const t = this.need(this.value(e.expr, scope, "the value to upcast"));
        const as = this.resolveOrThrow(e.typeRef);
        if (!accepts(as, t)) throw this.error(e.typeRef.path, "type-mismatch", `cannot upcast ${t} to ${as}: ${as} does not accept ${t}`);
        return as;
      }
      case "ifNotNull": {
        const inner = scope.child(false, false);
        for (const b of e.vars) {
          const t = this.need(this.sealed(b.expr, scope));
          const nonNull = t instanceof AvroUnion ? t.types.filter((x) => x.kind !== "null") : [t];
          if (!(t instanceof AvroUnion) || nonNull.length === t.types.length || nonNull.length === 0) {
            throw this.error(b.path, "type-mismatch", `"ifnotnull" needs a nullable value (a union with null), found ${t}`);
          }
          this.declare(inner, b.name, nonNull.length === 1 ? nonNull[0]! : new AvroUnion(nonNull), b.path);
        }
        const thenT = this.checkBody(e.then, inner);
        if (e.else === undefined) return T.null;
        const elseT = this.checkBody(e.else, scope.child(false, false));
        return this.join([thenT, elseT], e.path, "the branches of \"ifnotnull\"");
      }
      case "unpack": {
        const b = this.need(this.sealed(e.bytes, scope));
        if (!accepts(T.bytes, b)) throw this.error(e.bytes.path, "type-mismatch", `"unpack" needs bytes, found ${b}`);
        const inner = scope.child(false, false);
        for (const f of e.format) this.declare(inner, f.name, unpackedType(f.format), f.path);
        const thenT = this.checkBody(e.then, inner);
        if (e.else === undefined) return T.null;
        const elseT = this.checkBody(e.else, scope.child(false, false));
        return this.join([thenT, elseT], e.path, "the branches of \"unpack\"");
      }
      case "pack": {
        for (const item of e.items) {
          const t = this.sealed(item.expr, scope);
          const want = packedType(item.format);
          if (t !== null && !accepts(want, t)) this.error(item.path, "type-mismatch", `pack format "${item.format.kind}" needs ${want}, found ${t}`);
        }
        return T.bytes;
      }
      case "doc":
        return T.null;
      case "error":
        return EXCEPTION;
      case "try": {
        const t = this.need(this.checkBody(e.body, scope.child(false, false)));
        if (t.kind === "null" || t.kind === "exception") return T.null;
        if (t instanceof AvroUnion) return t.types.some((x) => x.kind === "null") ? t : new AvroUnion([...t.types, T.null]);
        return new AvroUnion([t, T.null]);
      }
      case "log":
        for (const a of e.args) this.sealed(a, scope);
        return T.null;
      case "invalid":
        throw new Reported("reported by the reader");
    }
  }

  private hint(name: string, candidates: string[]): string {
    const close = candidates.find((c) => c.toLowerCase() === name.toLowerCase());
    return close !== undefined ? ` (did you mean "${close}"?)` : "";
  }

  private condition(e: A.Expr, scope: Scope): void {
    const t = this.sealed(e, scope);
    if (t !== null && !accepts(T.boolean, t)) this.error(e.path, "type-mismatch", `a condition must be boolean, found ${t}`);
  }

  private join(types: (AvroType | null)[], path: string, what: string): AvroType {
    if (types.some((t) => t === null)) throw new Reported("branch error");
    const t = narrowestSupertype(types as AvroType[]);
    if (t === null) throw this.error(path, "type-mismatch", `${what} have no common type: ${types.join(", ")}`);
    return t;
  }

  private declare(scope: Scope, name: string, type: AvroType | null, path: string): void {
    if (scope.sealedWithin) {
      this.error(path, "sealed", `cannot declare "${name}" here: a function argument or condition is not a block (wrap it in {"do": [...]})`);
      return;
    }
    if (scope.get(name) !== undefined) {
      this.error(path, "shadowing", `symbol "${name}" is already declared in an enclosing scope; PFA does not allow shadowing`);
      return;
    }
    scope.declare(name, type ?? T.null, false, type === null);
  }

  private letForm(e: A.Let, scope: Scope): AvroType {
    // All values first: a let's symbols are not visible to each other's values.
    const types = e.vars.map((b) => this.value(b.expr, scope, `the value of "${b.name}"`));
    e.vars.forEach((b, i) => this.declare(scope, b.name, types[i] ?? null, b.path));
    return T.null;
  }

  /**
   * An expression whose value is kept (assigned, stored, passed to a user function): it must return.
   * A bare `error` there has the bottom type and nothing could hold it (the reference implementation
   * refuses it; wrapping it in `do` is allowed).
   */
  private value(e: A.Expr, scope: Scope, what: string): AvroType | null {
    const t = this.sealed(e, scope);
    if (t !== null && t.kind === "exception") {
      this.error(e.path, "type-mismatch", `${what} is an expression that never returns (it always raises an error), so it cannot be used as a value`);
      return null;
    }
    return t;
  }

  private setForm(e: A.SetVar, scope: Scope): AvroType {
    for (const b of e.vars) this.assign(scope, b);
    return T.null;
  }

  private assign(scope: Scope, b: A.Binding): void {
    const target = scope.get(b.name);
    const t = this.value(b.expr, scope, `the new value of "${b.name}"`);
    if (target === undefined) {
      this.error(b.path, "unknown-symbol", `cannot set "${b.name}": no such symbol (declare it with "let" first)`);
      return;
    }
    if (!scope.writable(b.name)) {
      this.error(b.path, "sealed", target.readOnly
        ? `"${b.name}" is predefined and cannot be set`
        : `cannot set "${b.name}" from here: it is declared outside a sealed scope (a function argument, condition, closure or unordered loop)`);
      return;
    }
    if (t !== null && !accepts(target.type, t)) {
      this.error(b.path, "type-mismatch", `cannot set "${b.name}" (of type ${target.type}) to a value of type ${t}: a symbol's type cannot change`);
    }
  }

  private cellType(name: string, path: string, what: "cell" | "pool"): AvroType {
    const spec = what === "cell" ? this.doc.cells.get(name) : this.doc.pools.get(name);
    if (spec === undefined) throw this.error(pointer(path, what), `unknown-${what}`, `unknown ${what} "${name}"`);
    const t = spec.typeRef.resolved;
    if (t === undefined) throw new Reported("bad cell type");
    return t;
  }

  private poolKey(step: A.Expr, scope: Scope): void {
    const t = this.need(this.sealed(step, scope));
    if (!accepts(T.string, t)) throw this.error(step.path, "type-mismatch", `the first step of a pool path is the item's name, a string; found ${t}`);
  }

  /** The type reached by following `steps` from `t`: record fields by literal string, array indexes by int or long, map keys by string. */
  private walkPath(t: AvroType, steps: A.Expr[], scope: Scope, _path: string): AvroType {
    let cur = t;
    for (const step of steps) {
      if (cur instanceof AvroRecord) {
        if (step.kind !== "string") throw this.error(step.path, "type-mismatch", `a record field in a path must be a literal string, found ${step.kind === "ref" ? `the symbol "${step.name}"` : "an expression"}`);
        step.type = T.string;
        const f = cur.field(step.value);
        if (f === undefined) throw this.error(step.path, "type-mismatch", `record ${cur.fullName} has no field "${step.value}" (fields: ${cur.fields.map((x) => x.name).join(", ")})`);
        cur = f.type;
      } else if (cur instanceof AvroArray) {
        const k = this.need(this.sealed(step, scope));
        if (!accepts(T.long, k)) throw this.error(step.path, "type-mismatch", `an array index must be an int or long, found ${k}`);
        cur = cur.items;
      } else if (cur instanceof AvroMap) {
        const k = this.need(this.sealed(step, scope));
        if (!accepts(T.string, k)) throw this.error(step.path, "type-mismatch", `a map key must be a string, found ${k}`);
        cur = cur.values;
      } else {
        throw this.error(step.path, "type-mismatch", `cannot index into ${cur}: a path goes through records, arrays and maps only`);
      }
    }
    return cur;
  }

  /** The `to` of attr-to, cell-to and pool-to: a new value, or a function from the old value to the new one. */
  private checkUpdate(to: A.Expr | A.FcnArg, target: AvroType, scope: Scope, path: string): void {
    if (!A.isFcnArg(to)) {
      const t = this.value(to, scope, "the new value");
      if (t !== null && !accepts(target, t)) this.error(to.path, "type-mismatch", `the new value must be ${target}, found ${t}`);
      return;
    }
    const f = this.fcnArg(to, scope);
    if (f === null) return;
    if (f.params.length !== 1 || !accepts(f.params[0]!, target) || !accepts(target, f.ret)) {
      this.error(path, "type-mismatch", `an update function must take and return ${target}, found ${f}`);
    }
  }

  private newObject(e: A.NewObject, scope: Scope): AvroType {
    const t = this.resolveOrThrow(e.typeRef);
    const values = new Map<string, AvroType | null>();
    for (const [k, v] of e.fields) values.set(k, this.sealed(v, scope));
    const at = (k: string) => pointer(e.path, "new", k);
    if (t instanceof AvroRecord) {
      for (const [k, vt] of values) {
        const f = t.field(k);
        if (f === undefined) this.error(at(k), "type-mismatch", `record ${t.fullName} has no field "${k}"`);
        else if (vt !== null && !accepts(f.type, vt)) this.error(at(k), "type-mismatch", `field "${k}" of ${t.fullName} must be ${f.type}, found ${vt}`);
      }
      for (const f of t.fields) {
        if (!values.has(f.name)) this.error(pointer(e.path, "new"), "type-mismatch", `"new" ${t.fullName} is missing field "${f.name}"`);
      }
      return t;
    }
    if (t instanceof AvroMap) {
      for (const [k, vt] of values) {
        if (vt !== null && !accepts(t.values, vt)) this.error(at(k), "type-mismatch", `map values must be ${t.values}, found ${vt}`);
      }
      return t;
    }
    throw this.error(e.typeRef.path, "type-mismatch", `"new" with an object needs a record or map type, found ${t}`);
  }

  private castCase(e: A.CastCase, scope: Scope): AvroType {
    const t = this.need(this.sealed(e.expr, scope));
    const members = t instanceof AvroUnion ? t.types : [t];
    const bodies: (AvroType | null)[] = [];
    const covered = new Set<AvroType>();
    for (const c of e.cases) {
      const as = this.resolve(c.typeRef);
      if (as === null) {
        bodies.push(null);
        continue;
      }
      const matching = members.filter((m) => accepts(as, m));
      if (matching.length === 0) {
        this.error(c.typeRef.path, "type-mismatch", `cannot cast ${t} to ${as}: it is not one of the value's possible types (${members.join(", ")})`);
        bodies.push(null);
        continue;
      }
      for (const m of matching) covered.add(m);
      const inner = scope.child(false, false);
      this.declare(inner, c.named, as, pointer(c.path, "named"));
      bodies.push(this.checkBody(c.body, inner));
    }
    if (!e.partial) {
      const missing = members.filter((m) => !covered.has(m));
      if (missing.length > 0) {
        throw this.error(pointer(e.path, "cases"), "type-mismatch", `the cases do not cover ${missing.join(", ")} (add cases or "partial": true)`);
      }
      return this.join(bodies, e.path, "the cases of \"cast\"");
    }
    if (bodies.some((b) => b === null)) throw new Reported("bad case");
    return T.null;
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private call(e: A.Call, scope: Scope): AvroType {
    if (e.name.startsWith("u.")) return this.callUser(e, scope);
    if (e.name === "emit") return this.emit(e, scope);
    const fn = libraryFunction(e.name);
    if (fn === undefined) throw this.error(e.path, "unknown-function", `unknown function "${e.name}"${e.name.includes(".") || !this.doc.fcns.has(e.name) ? "" : ` (user functions are called as "u.${e.name}")`}`);

    const argTypes: (ArgType | null)[] = e.args.map((a) => (A.isFcnArg(a) ? this.fcnArg(a, scope) : this.sealed(a, scope)));
    if (argTypes.some((t) => t === null)) throw new Reported("bad argument");
    const result = matchCall(fn, argTypes as ArgType[]);
    if (!result.ok) {
      const arityOk = fn.sigs.some((s) => s.params.length === e.args.length);
      const blamed = result.argIndex === undefined ? undefined : e.args[result.argIndex];
      throw this.error(blamed?.path ?? e.path, arityOk ? "type-mismatch" : "arity", result.message);
    }
    e.sigIndex = result.sigIndex;
    e.paramTypes = result.params;
    return result.ret;
  }

  private emit(e: A.Call, scope: Scope): AvroType {
    if (this.doc.method !== "emit") throw this.error(e.path, "method", `"emit" can only be called in a document with "method": "emit"`);
    if (e.args.length !== 1 || A.isFcnArg(e.args[0]!)) throw this.error(e.path, "arity", `"emit" takes exactly one value`);
    const t = this.need(this.sealed(e.args[0] as A.Expr, scope));
    if (!accepts(this.outputType, t)) throw this.error((e.args[0] as A.Expr).path, "type-mismatch", `"emit" needs the output type ${this.outputType}, found ${t}`);
    return T.null;
  }

  private callUser(e: A.Call, scope: Scope): AvroType {
    const name = e.name.slice(2);
    const def = this.doc.fcns.get(name);
    if (def === undefined) throw this.error(e.path, "unknown-function", `unknown user function "${e.name}" (define it in "fcns" as "${name}")`);
    const ft = this.fcnTypes.get(name);
    if (e.args.length !== def.params.length) {
      throw this.error(e.path, "arity", `"${e.name}" takes ${def.params.length} argument${def.params.length === 1 ? "" : "s"}, found ${e.args.length}`);
    }
    let ok = true;
    e.args.forEach((a, i) => {
      if (A.isFcnArg(a)) {
        this.error(a.path, "type-mismatch", `user functions take values, not functions (argument ${i + 1} of "${e.name}")`);
        ok = false;
        return;
      }
      const t = this.value(a, scope, `argument "${def.params[i]?.name}" of "${e.name}"`);
      const want = ft?.params[i];
      if (t === null || want === undefined) {
        ok = false;
      } else if (!accepts(want, t)) {
        this.error(a.path, "type-mismatch", `argument "${def.params[i]!.name}" of "${e.name}" must be ${want}, found ${t}`);
        ok = false;
      }
    });
    if (!ok || ft === undefined) throw new Reported("bad call");
    e.paramTypes = [...ft.params];
    return ft.ret;
  }

  private callUserFcn(e: A.CallUserFcn, scope: Scope): AvroType {
    const t = this.need(this.sealed(e.fcn, scope));
    if (!(t instanceof AvroEnum)) throw this.error(e.fcn.path, "type-mismatch", `"call" needs an enum whose symbols name user functions, found ${t}`);
    const argTypes = e.args.map((a) => this.sealed(a, scope));
    if (argTypes.some((x) => x === null)) throw new Reported("bad argument");
    const rets: AvroType[] = [];
    for (const sym of t.symbols) {
      const ft = this.fcnTypes.get(sym);
      if (ft === undefined) throw this.error(e.fcn.path, "unknown-function", `"call": enum ${t.fullName} has symbol "${sym}", but there is no user function "${sym}"`);
      if (ft.params.length !== argTypes.length || !ft.params.every((p, i) => accepts(p, argTypes[i]!))) {
        throw this.error(e.path, "type-mismatch", `"call": user function "${sym}" does not accept (${argTypes.join(", ")})`);
      }
      rets.push(ft.ret);
    }
    return this.join(rets, e.path, "the user functions named by the enum");
  }

  /** The type of a function passed as an argument: a reference, a partial application, or an inline definition. */
  private fcnArg(f: A.FcnArg, scope: Scope): FcnType | null {
    switch (f.kind) {
      case "fcnDef": {
        const closure = scope.child(true, false);
        return this.checkFcnDef(f, closure, "inline function");
      }
      case "fcnRef": {
        if (f.name.startsWith("u.")) {
          const ft = this.fcnTypes.get(f.name.slice(2));
          if (ft === undefined && !this.doc.fcns.has(f.name.slice(2))) {
            this.error(f.path, "unknown-function", `unknown user function "${f.name}"`);
          }
          return ft ?? null;
        }
        const lib = libraryFunctionAsCallback(f.name);
        if (typeof lib === "string") {
          this.error(f.path, libraryFunction(f.name) === undefined ? "unknown-function" : "type-mismatch", lib);
          return null;
        }
        return lib;
      }
      case "fcnRefFill": {
        let params: { name: string; type: AvroType }[];
        let ret: AvroType;
        if (f.name.startsWith("u.")) {
          const def = this.doc.fcns.get(f.name.slice(2));
          const ft = this.fcnTypes.get(f.name.slice(2));
          if (def === undefined) {
            this.error(f.path, "unknown-function", `unknown user function "${f.name}"`);
            return null;
          }
          if (ft === undefined) return null;
          params = def.params.map((p, i) => ({ name: p.name, type: ft.params[i]! }));
          ret = ft.ret;
        } else {
          const fn = libraryFunction(f.name);
          const lib = libraryFunctionAsCallback(f.name);
          if (fn === undefined || typeof lib === "string") {
            this.error(f.path, fn === undefined ? "unknown-function" : "type-mismatch", typeof lib === "string" ? lib : `unknown function "${f.name}"`);
            return null;
          }
          params = fn.sigs[0]!.params.map((p, i) => ({ name: p.name, type: lib.params[i]! }));
          ret = lib.ret;
        }
        const filled = new Set<string>();
        let ok = true;
        for (const [name, expr] of f.fill) {
          const p = params.find((x) => x.name === name);
          const t = this.sealed(expr, scope);
          if (p === undefined) {
            this.error(pointer(f.path, "fill", name), "type-mismatch", `"${f.name}" has no parameter "${name}" (parameters: ${params.map((x) => x.name).join(", ")})`);
            ok = false;
          } else if (t !== null && !accepts(p.type, t)) {
            this.error(pointer(f.path, "fill", name), "type-mismatch", `parameter "${name}" of "${f.name}" must be ${p.type}, found ${t}`);
            ok = false;
          }
          filled.add(name);
        }
        if (!ok) return null;
        return new FcnType(params.filter((p) => !filled.has(p.name)).map((p) => p.type), ret);
      }
    }
  }

  /** Checks a function definition's body in `scope` (a fresh root for user functions, a closure over the caller otherwise). */
  private checkFcnDef(f: A.FcnDef, scope: Scope, what: string): FcnType | null {
    const params = f.params.map((p) => this.resolve(p.typeRef));
    const ret = this.resolve(f.ret);
    params.forEach((t, i) => scope.declare(f.params[i]!.name, t ?? T.null, false, t === null));
    const body = this.checkBody(f.body, scope.child(false, false));
    if (ret === null || params.some((p) => p === null)) return null;
    if (body !== null && !accepts(ret, body)) {
      const last = f.body[f.body.length - 1];
      this.error(last?.path ?? pointer(f.path, "do"), "type-mismatch", `${what} is declared to return ${ret}, but its body returns ${body}`);
    }
    return new FcnType(params as AvroType[], ret);
  }

  // -------------------------------------------------------------------------------------------
  // Deadlocks

  /**
   * Cell and pool updates lock; an update function that itself updates a cell or pool (directly or
   * through the user functions it calls) could deadlock, so the spec forbids it (§3.5).
   */
  private checkDeadlocks(): void {
    const updatesIn = new Map<string, boolean>();
    const fcnUpdates = (name: string, stack: Set<string>): boolean => {
      const known = updatesIn.get(name);
      if (known !== undefined) return known;
      const def = this.doc.fcns.get(name);
      if (def === undefined || stack.has(name)) return false;
      stack.add(name);
      const r = containsUpdate(def.body, stack);
      stack.delete(name);
      updatesIn.set(name, r);
      return r;
    };
    const containsUpdate = (node: unknown, stack: Set<string>): boolean => {
      let found = false;
      visitNodes(node, (n) => {
        if (found) return;
        if (n.kind === "cellTo" || n.kind === "poolTo" || n.kind === "poolDel") found = true;
        else if ((n.kind === "call" || n.kind === "fcnRef" || n.kind === "fcnRefFill") && typeof n.name === "string" && n.name.startsWith("u.")) {
          if (fcnUpdates(n.name.slice(2), stack)) found = true;
        }
      });
      return found;
    };
    const roots = [...this.doc.fcns.values(), this.doc.begin, this.doc.action, this.doc.end];
    visitNodes(roots, (n) => {
      if (n.kind !== "cellTo" && n.kind !== "poolTo") return;
      const to = (n as unknown as A.CellTo | A.PoolTo).to;
      if (!A.isFcnArg(to)) return;
      const body = to.kind === "fcnDef" ? to.body : to.name.startsWith("u.") ? (this.doc.fcns.get(to.name.slice(2))?.body ?? []) : [];
      if (containsUpdate(body, new Set())) {
        this.error(to.path, "deadlock", `this update function changes a cell or pool itself (directly or through the functions it calls), which could deadlock`);
      }
    });
  }
}

/** Calls `fn` on every AST node (anything with a `kind`) below `node`, skipping data and types. */
export type AnyNode = { kind: string; [key: string]: unknown };

export function visitNodes(node: unknown, fn: (n: AnyNode) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) visitNodes(x, fn);
    return;
  }
  if (typeof node !== "object" || node === null || node instanceof Uint8Array) return;
  const obj = node as Record<string, unknown>;
  if (typeof obj.kind === "string") fn(obj as AnyNode);
  for (const [k, v] of Object.entries(obj)) {
    if (k === "type" || k === "value" || k === "typeRef" || k === "ret" || k === "resolved" || k === "paramTypes") continue;
    if (typeof v === "object" && v !== null) visitNodes(v, fn);
  }
}

function unpackedType(f: A.BinaryFormat): AvroType {
  switch (f.kind) {
    case "pad":
      return T.null;
    case "boolean":
      return T.boolean;
    case "byte":
    case "short":
      return T.int;
    case "int":
      return f.unsigned ? T.long : T.int;
    case "long":
      return f.unsigned ? T.double : T.long;
    case "float":
      return T.float;
    case "double":
      return T.double;
    default:
      return T.bytes;
  }
}

function packedType(f: A.BinaryFormat): AvroType {
  switch (f.kind) {
    case "pad":
      return T.null;
    case "boolean":
      return T.boolean;
    case "byte":
    case "short":
    case "int":
      return f.unsigned && f.kind === "int" ? T.long : T.int;
    case "long":
      return f.unsigned ? T.double : T.long;
    case "float":
      return T.float;
    case "double":
      return T.double;
    default:
      return T.bytes;
  }
}
