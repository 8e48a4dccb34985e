/**
 * PFA reader: a JSON value (from json.ts or yaml.ts) to the AST of ast.ts (spec chapter 2 and the
 * syntax of chapters 5 to 7). It checks only the document's shape: which keys a form has, what kind of
 * JSON each holds, names. Types and scopes are the type checker's job. Every problem is collected with
 * its JSON Pointer; reading goes on after an error so that one run reports all of them.
 */
import type * as A from "./ast.js";
import { type Diagnostic, type JsonObject, type JsonValue, isJsonObject, JsonDouble, pointer } from "./json-value.js";
import { libraryFunction } from "./signature.js";
import { describeJson } from "./types.js";

const TOP_LEVEL_KEYS = new Set([
  "name", "method", "input", "output", "begin", "action", "end", "fcns", "zero", "merge",
  "cells", "pools", "randseed", "doc", "version", "metadata", "options",
]);

export const SYMBOL_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** User and library function names: dotted segments, as in `m.link.logit` or `u.my_fcn` (the core operators, `+` or `<=`, are library names too). */
export const FUNCTION_NAME_RE = /^[A-Za-z_]([A-Za-z0-9_]|\.[A-Za-z][A-Za-z0-9_]*)*$/;
const CELL_SOURCE_URL_RE = /^[a-zA-Z][a-zA-Z0-9+\-.]*:\/\/.*/;

/**
 * Special forms by their distinguishing key. An object with one of these keys is that form; its other
 * keys must be among the form's keys. (An object with no such key is a function call or a literal.)
 */
const SPECIAL_FORM_KEYS: Record<string, { required: string[]; optional: string[] }> = {
  params: { required: ["params", "ret", "do"], optional: [] },
  fcn: { required: ["fcn"], optional: ["fill"] },
  call: { required: ["call", "args"], optional: [] },
  new: { required: ["new", "type"], optional: [] },
  let: { required: ["let"], optional: [] },
  set: { required: ["set"], optional: [] },
  attr: { required: ["attr", "path"], optional: ["to"] },
  cell: { required: ["cell"], optional: ["path", "to"] },
  pool: { required: ["pool"], optional: ["path", "to", "init", "del"] },
  if: { required: ["if", "then"], optional: ["else"] },
  cond: { required: ["cond"], optional: ["else"] },
  while: { required: ["while", "do"], optional: [] },
  until: { required: ["do", "until"], optional: [] },
  for: { required: ["for", "while", "step", "do"], optional: [] },
  foreach: { required: ["foreach", "in", "do"], optional: ["seq"] },
  forkey: { required: ["forkey", "forval", "in", "do"], optional: [] },
  forval: { required: ["forkey", "forval", "in", "do"], optional: [] },
  cast: { required: ["cast", "cases"], optional: ["partial"] },
  upcast: { required: ["upcast", "as"], optional: [] },
  ifnotnull: { required: ["ifnotnull", "then"], optional: ["else"] },
  unpack: { required: ["unpack", "format", "then"], optional: ["else"] },
  pack: { required: ["pack"], optional: [] },
  doc: { required: ["doc"], optional: [] },
  error: { required: ["error"], optional: ["code"] },
  try: { required: ["try"], optional: ["filter"] },
  log: { required: ["log"], optional: ["namespace"] },
  do: { required: ["do"], optional: [] },
};
/** The order in which distinguishing keys are looked for: `for` has a `while` and several forms have a `do`. */
const FORM_PRIORITY = [
  "params", "fcn", "call", "new", "let", "set", "attr", "cell", "pool", "if", "cond", "for", "foreach", "forkey",
  "forval", "while", "until", "cast", "upcast", "ifnotnull", "unpack", "pack", "doc", "error", "try", "log", "do",
];

const LITERAL_KEYS = new Set(["int", "long", "float", "double", "string", "base64"]);

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * How deeply expressions may nest. Real documents stay far below (model parameters live in cells as
 * data, which may nest deeper); the limit keeps every recursive pass (reading, checking, compiling)
 * well inside the JavaScript stack on a hostile document.
 */
export const MAX_EXPRESSION_DEPTH = 256;

export class Reader {
  readonly errors: Diagnostic[] = [];
  private depth = 0;
  private reportedTooDeep = false;

  private error(path: string, code: string, message: string): void {
    this.errors.push({ path, code, message });
  }

  /** Reads a whole document. Returns null only when the root is not an object. */
  readDocument(json: JsonValue): A.PfaDocument | null {
    if (!isJsonObject(json)) {
      this.error("", "syntax", `a PFA document must be a JSON object, found ${describeJson(json)}`);
      return null;
    }
    const present = new Set<string>();
    for (const key of Object.keys(json)) {
      if (key === "@") continue;
      if (!TOP_LEVEL_KEYS.has(key)) {
        this.error(pointer("", key), "syntax", `unknown top-level field "${key}" (allowed: ${[...TOP_LEVEL_KEYS].join(", ")})`);
      } else {
        present.add(key);
      }
    }
    for (const required of ["input", "output", "action"]) {
      if (!(required in json)) this.error("", "syntax", `missing required top-level field "${required}"`);
    }

    const doc: A.PfaDocument = {
      method: "map",
      input: { json: json.input ?? "null", path: "/input" },
      output: { json: json.output ?? "null", path: "/output" },
      begin: [],
      action: [],
      end: [],
      fcns: new Map(),
      cells: new Map(),
      pools: new Map(),
      metadata: new Map(),
      options: new Map(),
      present,
    };

    if ("name" in json) {
      if (typeof json.name === "string") doc.name = json.name;
      else this.error("/name", "syntax", `"name" must be a string, found ${describeJson(json.name)}`);
    }
    if ("method" in json) {
      const m = json.method;
      if (m === "map" || m === "emit" || m === "fold") doc.method = m;
      else this.error("/method", "syntax", `"method" must be "map", "emit" or "fold", found ${describeJson(m)}`);
    }
    if ("action" in json) doc.action = this.body(json.action!, "/action");
    if ("begin" in json) doc.begin = this.exprList(json.begin!, "/begin");
    if ("end" in json) doc.end = this.exprList(json.end!, "/end");
    if ("merge" in json) doc.merge = this.exprList(json.merge!, "/merge");
    if ("zero" in json) doc.zero = { value: json.zero!, path: "/zero" };

    if ("fcns" in json) {
      const fcns = json.fcns!;
      if (!isJsonObject(fcns)) {
        this.error("/fcns", "syntax", `"fcns" must be an object of function name to definition, found ${describeJson(fcns)}`);
      } else {
        for (const [name, def] of Object.entries(fcns)) {
          if (name === "@") continue;
          const p = pointer("/fcns", name);
          if (!FUNCTION_NAME_RE.test(name) || name.startsWith("u.")) {
            this.error(p, "syntax", `"${name}" is not a valid user function name (letters, digits, _ and dots; it is called as "u.${name}")`);
            continue;
          }
          const f = this.fcnDef(def, p);
          if (f !== null) doc.fcns.set(name, f);
        }
      }
    }
    if ("cells" in json) this.storage(json.cells!, "/cells", "cell", doc.cells);
    if ("pools" in json) this.storage(json.pools!, "/pools", "pool", doc.pools);

    if ("randseed" in json) {
      const r = json.randseed;
      if ((typeof r === "number" && Number.isInteger(r)) || typeof r === "bigint") doc.randseed = r;
      else this.error("/randseed", "syntax", `"randseed" must be an integer, found ${describeJson(r)}`);
    }
    if ("doc" in json) {
      if (typeof json.doc === "string") doc.doc = json.doc;
      else this.error("/doc", "syntax", `"doc" must be a string, found ${describeJson(json.doc)}`);
    }
    if ("version" in json) {
      const v = json.version;
      if (typeof v === "number" && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX) doc.version = v;
      else this.error("/version", "syntax", `"version" must be an int, found ${describeJson(v)}`);
    }
    if ("metadata" in json) {
      const m = json.metadata!;
      if (!isJsonObject(m)) {
        this.error("/metadata", "syntax", `"metadata" must be an object of strings, found ${describeJson(m)}`);
      } else {
        for (const [k, v] of Object.entries(m)) {
          if (k === "@") continue;
          if (typeof v === "string") doc.metadata.set(k, v);
          else this.error(pointer("/metadata", k), "syntax", `metadata values must be strings, found ${describeJson(v)}`);
        }
      }
    }
    if ("options" in json) {
      const o = json.options!;
      if (!isJsonObject(o)) {
        this.error("/options", "syntax", `"options" must be an object, found ${describeJson(o)}`);
      } else {
        for (const [k, v] of Object.entries(o)) if (k !== "@") doc.options.set(k, v);
      }
    }
    return doc;
  }

  private storage(json: JsonValue, path: string, what: "cell" | "pool", into: Map<string, A.CellSpec>): void {
    if (!isJsonObject(json)) {
      this.error(path, "syntax", `"${what}s" must be an object of ${what} name to specification, found ${describeJson(json)}`);
      return;
    }
    for (const [name, spec] of Object.entries(json)) {
      if (name === "@") continue;
      const p = pointer(path, name);
      if (!SYMBOL_RE.test(name)) {
        this.error(p, "syntax", `"${name}" is not a valid ${what} name`);
        continue;
      }
      if (!isJsonObject(spec)) {
        this.error(p, "syntax", `a ${what} must be an object with "type" and "init", found ${describeJson(spec)}`);
        continue;
      }
      const allowed = ["type", "init", "shared", "rollback", "source"];
      for (const k of Object.keys(spec)) {
        if (k !== "@" && !allowed.includes(k)) this.error(pointer(p, k), "syntax", `unknown ${what} field "${k}" (allowed: ${allowed.join(", ")})`);
      }
      if (!("type" in spec)) {
        this.error(p, "syntax", `${what} "${name}" has no "type"`);
        continue;
      }
      if (what === "cell" && !("init" in spec)) {
        this.error(p, "syntax", `cell "${name}" has no "init"`);
        continue;
      }
      const flag = (key: "shared" | "rollback"): boolean => {
        const v = spec[key];
        if (v === undefined) return false;
        if (typeof v === "boolean") return v;
        this.error(pointer(p, key), "syntax", `"${key}" must be true or false, found ${describeJson(v)}`);
        return false;
      };
      const shared = flag("shared");
      const rollback = flag("rollback");
      if (shared && rollback) this.error(p, "syntax", `${what} "${name}" cannot be both shared and rollback`);
      let source: A.CellSpec["source"] = "embedded";
      if ("source" in spec) {
        const s = spec.source;
        if (s === "embedded" || s === "json" || s === "avro") source = s;
        else this.error(pointer(p, "source"), "syntax", `"source" must be "embedded", "json" or "avro", found ${describeJson(s)}`);
      }
      const init = spec.init ?? (what === "pool" ? {} : null);
      if (source !== "embedded" && !(typeof init === "string" && (CELL_SOURCE_URL_RE.test(init) || init.length > 0))) {
        this.error(pointer(p, "init"), "syntax", `with "source": "${source}", "init" must be a file name or URL, found ${describeJson(init)}`);
      }
      if (what === "pool" && source === "embedded" && !isJsonObject(init)) {
        this.error(pointer(p, "init"), "data", `a pool's "init" must be an object of item name to value, found ${describeJson(init)}`);
        continue;
      }
      into.set(name, {
        path: p,
        typeRef: { json: spec.type!, path: pointer(p, "type") },
        init,
        initPath: pointer(p, "init"),
        shared,
        rollback,
        source,
      });
    }
  }

  /** A place where a list of expressions is expected; a single expression is also accepted (spec §2.1). */
  exprList(json: JsonValue, path: string): A.Expr[] {
    // A broken expression stays in its block as "invalid", so that the checker does not report a
    // second, derived error (a block "returning null" because its last expression was dropped).
    const one = (x: JsonValue, p: string): A.Expr => this.expr(x, p) ?? { kind: "invalid", path: p };
    if (Array.isArray(json)) return json.map((x, i) => one(x, pointer(path, i)));
    return [one(json, path)];
  }

  /** A non-empty list of expressions (bodies of then, else, do, ...). */
  private body(json: JsonValue, path: string): A.Expr[] {
    if (Array.isArray(json) && json.length === 0) {
      this.error(path, "syntax", "expected at least one expression, found an empty array");
      return [];
    }
    return this.exprList(json, path);
  }

  expr(json: JsonValue, path: string): A.Expr | null {
    if (this.depth >= MAX_EXPRESSION_DEPTH) {
      if (!this.reportedTooDeep) this.error(path, "syntax", `expressions nest more than ${MAX_EXPRESSION_DEPTH} levels deep`);
      this.reportedTooDeep = true;
      return null;
    }
    this.depth++;
    try {
      return this.exprAtDepth(json, path);
    } finally {
      this.depth--;
    }
  }

  private exprAtDepth(json: JsonValue, path: string): A.Expr | null {
    if (json === null) return { kind: "null", path };
    if (typeof json === "boolean") return { kind: "boolean", value: json, path };
    if (typeof json === "number" || typeof json === "bigint" || json instanceof JsonDouble) return this.numberLiteral(json, path);
    if (typeof json === "string") return this.symbolRef(json, path);
    if (Array.isArray(json)) {
      if (json.length === 1 && typeof json[0] === "string") return { kind: "string", value: json[0], path };
      this.error(path, "syntax", `expected an expression, which may be ["string"], but no other array can be an expression`);
      return null;
    }
    return this.objectForm(json, path);
  }

  private numberLiteral(json: number | bigint | JsonDouble, path: string): A.Expr | null {
    if (json instanceof JsonDouble) return { kind: "double", value: json.value, path };
    if (typeof json === "number" && !Number.isInteger(json)) return { kind: "double", value: json, path };
    const big = BigInt(json);
    if (big >= BigInt(INT_MIN) && big <= BigInt(INT_MAX)) return { kind: "int", value: Number(big), path };
    if (big >= LONG_MIN && big <= LONG_MAX) return { kind: "long", value: big, path };
    this.error(path, "literal", `integer literal ${big} does not fit in a 64-bit long`);
    return null;
  }

  /** A bare string is a symbol; `a.b.c` is shorthand for an attr path (`{"attr": "a", "path": [["b"], ["c"]]}`). */
  private symbolRef(s: string, path: string): A.Expr | null {
    const parts = s.split(".");
    const head = parts[0]!;
    if (!SYMBOL_RE.test(head)) {
      this.error(path, "syntax", `"${s}" is not a symbol name (a bare string is a symbol reference; write a string literal as {"string": ${JSON.stringify(s)}} or [${JSON.stringify(s)}])`);
      return null;
    }
    if (parts.length === 1) return { kind: "ref", name: s, path };
    const steps: A.Expr[] = [];
    for (const part of parts.slice(1)) {
      if (/^[0-9]+$/.test(part)) steps.push({ kind: "int", value: Number(part), path });
      else if (SYMBOL_RE.test(part)) steps.push({ kind: "string", value: part, path });
      else {
        this.error(path, "syntax", `"${s}" is not a valid dotted path (segment "${part}")`);
        return null;
      }
    }
    return { kind: "attr", expr: { kind: "ref", name: head, path }, steps, path };
  }

  private objectForm(json: JsonObject, path: string): A.Expr | null {
    const keys = Object.keys(json).filter((k) => k !== "@");
    if (keys.length === 0) {
      this.error(path, "syntax", "expected an expression, found an empty object");
      return null;
    }
    // Literal forms.
    if (keys.length === 1 && LITERAL_KEYS.has(keys[0]!)) return this.literalForm(keys[0]!, json[keys[0]!]!, path);
    if (keys.length === 2 && keys.includes("type") && keys.includes("value")) {
      return { kind: "typed", typeRef: { json: json.type!, path: pointer(path, "type") }, value: json.value!, valuePath: pointer(path, "value"), path };
    }
    const form = FORM_PRIORITY.find((k) => keys.includes(k));
    if (form !== undefined) {
      const shape = SPECIAL_FORM_KEYS[form]!;
      const allowed = new Set([...shape.required, ...shape.optional]);
      let ok = true;
      for (const k of keys) {
        if (!allowed.has(k)) {
          this.error(pointer(path, k), "syntax", `unexpected key "${k}" in the "${formName(form)}" form (allowed: ${[...allowed].join(", ")})`);
          ok = false;
        }
      }
      for (const k of shape.required) {
        if (!keys.includes(k)) {
          this.error(path, "syntax", `the "${formName(form)}" form needs "${k}"`);
          ok = false;
        }
      }
      if (!ok) return null;
      return this.specialForm(form, json, path);
    }
    if (keys.length === 1) return this.call(keys[0]!, json[keys[0]!]!, path);
    this.error(path, "syntax", `expected an expression: an object with keys {${keys.join(", ")}} is neither a special form nor a function call (a call has exactly one key)`);
    return null;
  }

  private literalForm(key: string, v: JsonValue, path: string): A.Expr | null {
    const p = pointer(path, key);
    switch (key) {
      case "int":
        if (typeof v === "number" && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX) return { kind: "int", value: v, path };
        this.error(p, "literal", `{"int": ...} needs an integer between ${INT_MIN} and ${INT_MAX}, found ${describeJson(v)}`);
        return null;
      case "long":
        if ((typeof v === "number" && Number.isInteger(v)) || (typeof v === "bigint" && v >= LONG_MIN && v <= LONG_MAX)) {
          return { kind: "long", value: BigInt(v), path };
        }
        this.error(p, "literal", `{"long": ...} needs a 64-bit integer, found ${describeJson(v)}`);
        return null;
      case "float":
      case "double": {
        const n = v instanceof JsonDouble ? v.value : typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null;
        if (n === null) {
          this.error(p, "literal", `{"${key}": ...} needs a number, found ${describeJson(v)}`);
          return null;
        }
        if (key === "float" && Number.isFinite(n) && !Number.isFinite(Math.fround(n))) {
          this.error(p, "literal", `{"float": ${n}} is beyond the range of a 32-bit float`);
          return null;
        }
        return key === "float" ? { kind: "float", value: Math.fround(n), path } : { kind: "double", value: n, path };
      }
      case "string":
        if (typeof v === "string") return { kind: "string", value: v, path };
        this.error(p, "literal", `{"string": ...} needs a string, found ${describeJson(v)}`);
        return null;
      default: {
        if (typeof v !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(v.replace(/\s/g, "")) || v.replace(/\s/g, "").length % 4 === 1) {
          this.error(p, "literal", `{"base64": ...} needs a base64 string, found ${typeof v === "string" ? "invalid base64" : describeJson(v)}`);
          return null;
        }
        return { kind: "bytes", value: new Uint8Array(Buffer.from(v, "base64")), path };
      }
    }
  }

  private call(name: string, argsJson: JsonValue, path: string): A.Expr | null {
    const p = pointer(path, name);
    if (!FUNCTION_NAME_RE.test(name) && libraryFunction(name) === undefined) {
      this.error(p, "syntax", `"${name}" is not a special form or a valid function name`);
      return null;
    }
    const argList = Array.isArray(argsJson) ? argsJson : [argsJson];
    const args: A.Arg[] = [];
    let ok = true;
    argList.forEach((a, i) => {
      const ap = Array.isArray(argsJson) ? pointer(p, i) : p;
      const arg = this.arg(a, ap);
      if (arg === null) ok = false;
      else args.push(arg);
    });
    return ok ? { kind: "call", name, args, path } : null;
  }

  /** A function argument: an expression, or a function (reference, partial application, inline definition). */
  private arg(json: JsonValue, path: string): A.Arg | null {
    if (isJsonObject(json) && ("fcn" in json || "params" in json)) {
      const f = this.fcnArg(json, path);
      return f;
    }
    return this.expr(json, path);
  }

  private fcnArg(json: JsonValue, path: string): A.FcnArg | null {
    if (!isJsonObject(json)) {
      this.error(path, "syntax", `expected a function: {"fcn": "name"}, {"fcn": "name", "fill": {...}} or {"params": [...], "ret": T, "do": [...]}, found ${describeJson(json)}`);
      return null;
    }
    if ("params" in json) return this.fcnDef(json, path);
    const keys = Object.keys(json).filter((k) => k !== "@");
    for (const k of keys) {
      if (k !== "fcn" && k !== "fill") this.error(pointer(path, k), "syntax", `unexpected key "${k}" in a function reference (allowed: fcn, fill)`);
    }
    const name = json.fcn;
    if (typeof name !== "string" || (!FUNCTION_NAME_RE.test(name) && libraryFunction(name) === undefined)) {
      this.error(pointer(path, "fcn"), "syntax", `"fcn" must name a function, found ${describeJson(name ?? null)}`);
      return null;
    }
    if (!("fill" in json)) return { kind: "fcnRef", name, path };
    const fillJson = json.fill!;
    if (!isJsonObject(fillJson)) {
      this.error(pointer(path, "fill"), "syntax", `"fill" must be an object of parameter name to expression, found ${describeJson(fillJson)}`);
      return null;
    }
    const fill: [string, A.Expr][] = [];
    for (const [k, v] of Object.entries(fillJson)) {
      if (k === "@") continue;
      const e = this.expr(v, pointer(path, "fill", k));
      if (e !== null) fill.push([k, e]);
    }
    return { kind: "fcnRefFill", name, fill, path };
  }

  fcnDef(json: JsonValue, path: string): A.FcnDef | null {
    if (!isJsonObject(json)) {
      this.error(path, "syntax", `expected a function definition {"params": [...], "ret": T, "do": [...]}, found ${describeJson(json)}`);
      return null;
    }
    let ok = true;
    for (const k of Object.keys(json)) {
      if (k !== "@" && k !== "params" && k !== "ret" && k !== "do") {
        this.error(pointer(path, k), "syntax", `unexpected key "${k}" in a function definition (allowed: params, ret, do)`);
        ok = false;
      }
    }
    for (const k of ["params", "ret", "do"]) {
      if (!(k in json)) {
        this.error(path, "syntax", `a function definition needs "${k}"`);
        ok = false;
      }
    }
    if (!ok) return null;
    const params: A.Param[] = [];
    const paramsJson = json.params!;
    if (!Array.isArray(paramsJson)) {
      this.error(pointer(path, "params"), "syntax", `"params" must be an array of {"name": type} objects, found ${describeJson(paramsJson)}`);
      return null;
    }
    const seen = new Set<string>();
    paramsJson.forEach((pj, i) => {
      const pp = pointer(path, "params", i);
      const keys = isJsonObject(pj) ? Object.keys(pj).filter((k) => k !== "@") : [];
      if (!isJsonObject(pj) || keys.length !== 1) {
        this.error(pp, "syntax", `each parameter must be an object with exactly one key, {"name": type}, found ${describeJson(pj)}`);
        ok = false;
        return;
      }
      const name = keys[0]!;
      if (!SYMBOL_RE.test(name)) {
        this.error(pointer(pp, name), "syntax", `"${name}" is not a valid parameter name`);
        ok = false;
        return;
      }
      if (seen.has(name)) {
        this.error(pointer(pp, name), "shadowing", `parameter "${name}" appears twice`);
        ok = false;
      }
      seen.add(name);
      params.push({ name, typeRef: { json: pj[name]!, path: pointer(pp, name) } });
    });
    const body = this.body(json.do!, pointer(path, "do"));
    if (!ok) return null;
    return { kind: "fcnDef", params, ret: { json: json.ret!, path: pointer(path, "ret") }, body, path };
  }

  /** Whether `json` is an object with exactly these keys; reports a wrong shape, each unexpected key and each missing one. */
  private hasExactly(json: JsonValue, path: string, keys: string[], shape: string): json is JsonObject {
    if (!isJsonObject(json)) {
      this.error(path, "syntax", `${shape}, found ${describeJson(json)}`);
      return false;
    }
    let ok = true;
    for (const k of Object.keys(json)) {
      if (k !== "@" && !keys.includes(k)) {
        this.error(pointer(path, k), "syntax", `unexpected key "${k}": ${shape}`);
        ok = false;
      }
    }
    for (const k of keys) {
      if (!(k in json)) {
        this.error(path, "syntax", `missing "${k}": ${shape}`);
        ok = false;
      }
    }
    return ok;
  }

  private bindings(json: JsonValue, path: string, form: string): A.Binding[] | null {
    if (!isJsonObject(json)) {
      this.error(path, "syntax", `"${form}" needs an object of symbol name to expression, found ${describeJson(json)}`);
      return null;
    }
    const out: A.Binding[] = [];
    let ok = true;
    for (const [name, v] of Object.entries(json)) {
      if (name === "@") continue;
      const p = pointer(path, name);
      if (!SYMBOL_RE.test(name)) {
        this.error(p, "syntax", `"${name}" is not a valid symbol name`);
        ok = false;
        continue;
      }
      const e = this.expr(v, p);
      if (e === null) ok = false;
      else out.push({ name, expr: e, path: p });
    }
    if (out.length === 0 && ok) {
      this.error(path, "syntax", `"${form}" needs at least one symbol`);
      return null;
    }
    return ok ? out : null;
  }

  private steps(json: JsonValue, path: string): A.Expr[] | null {
    if (!Array.isArray(json)) {
      this.error(path, "syntax", `"path" must be an array of expressions, found ${describeJson(json)}`);
      return null;
    }
    if (json.length === 0) {
      this.error(path, "syntax", `"path" must not be empty`);
      return null;
    }
    const out: A.Expr[] = [];
    let ok = true;
    json.forEach((x, i) => {
      const e = this.expr(x, pointer(path, i));
      if (e === null) ok = false;
      else out.push(e);
    });
    return ok ? out : null;
  }

  private toArg(json: JsonValue, path: string): A.Expr | A.FcnArg | null {
    if (isJsonObject(json) && ("fcn" in json || "params" in json)) return this.fcnArg(json, path);
    return this.expr(json, path);
  }

  private nameField(json: JsonValue, path: string, what: string): string | null {
    if (typeof json === "string" && SYMBOL_RE.test(json)) return json;
    this.error(path, "syntax", `${what} must be a valid name, found ${describeJson(json)}`);
    return null;
  }

  private specialForm(form: string, j: JsonObject, path: string): A.Expr | null {
    const sub = (k: string) => pointer(path, k);
    switch (form) {
      case "params":
      case "fcn":
        this.error(path, "syntax", `a function (${form === "fcn" ? "{\"fcn\": ...}" : "inline definition"}) can only be an argument of a function call or the "to" of an update`);
        return null;
      case "call": {
        const fcn = this.expr(j.call!, sub("call"));
        const argsJson = j.args!;
        if (!Array.isArray(argsJson)) {
          this.error(sub("args"), "syntax", `"args" must be an array of expressions, found ${describeJson(argsJson)}`);
          return null;
        }
        const args = argsJson.map((a, i) => this.expr(a, pointer(path, "args", i)));
        if (fcn === null || args.some((a) => a === null)) return null;
        return { kind: "callUserFcn", fcn, args: args as A.Expr[], path };
      }
      case "new": {
        const typeRef = { json: j.type!, path: sub("type") };
        const v = j.new!;
        if (Array.isArray(v)) {
          const items = v.map((x, i) => this.expr(x, pointer(path, "new", i)));
          if (items.some((x) => x === null)) return null;
          return { kind: "newArray", items: items as A.Expr[], typeRef, path };
        }
        if (isJsonObject(v)) {
          const fields: [string, A.Expr][] = [];
          let ok = true;
          for (const [k, x] of Object.entries(v)) {
            if (k === "@") continue;
            const e = this.expr(x, pointer(path, "new", k));
            if (e === null) ok = false;
            else fields.push([k, e]);
          }
          return ok ? { kind: "newObject", fields, typeRef, path } : null;
        }
        this.error(sub("new"), "syntax", `"new" needs an array (for an array) or an object (for a record or map), found ${describeJson(v)}`);
        return null;
      }
      case "do":
        return { kind: "do", body: this.body(j.do!, sub("do")), path };
      case "let":
      case "set": {
        const vars = this.bindings(j[form]!, sub(form), form);
        if (vars === null) return null;
        return form === "let" ? { kind: "let", vars, path } : { kind: "set", vars, path };
      }
      case "attr": {
        const expr = this.expr(j.attr!, sub("attr"));
        const steps = this.steps(j.path!, sub("path"));
        if (expr === null || steps === null) return null;
        if (!("to" in j)) return { kind: "attr", expr, steps, path };
        const to = this.toArg(j.to!, sub("to"));
        return to === null ? null : { kind: "attrTo", expr, steps, to, path };
      }
      case "cell": {
        const cell = this.nameField(j.cell!, sub("cell"), `"cell"`);
        const steps = "path" in j ? this.steps(j.path!, sub("path")) : [];
        if (cell === null || steps === null) return null;
        if (!("to" in j)) return { kind: "cell", cell, steps, path };
        const to = this.toArg(j.to!, sub("to"));
        return to === null ? null : { kind: "cellTo", cell, steps, to, path };
      }
      case "pool": {
        const pool = this.nameField(j.pool!, sub("pool"), `"pool"`);
        if (pool === null) return null;
        if ("del" in j) {
          for (const k of ["path", "to", "init"]) {
            if (k in j) this.error(sub(k), "syntax", `"${k}" cannot be combined with "del" in the "pool" form`);
          }
          const del = this.expr(j.del!, sub("del"));
          return del === null ? null : { kind: "poolDel", pool, del, path };
        }
        if (!("path" in j)) {
          this.error(path, "syntax", `the "pool" form needs "path" (the first step is the item's name)`);
          return null;
        }
        const steps = this.steps(j.path!, sub("path"));
        if (steps === null) return null;
        if (!("to" in j)) {
          if ("init" in j) this.error(sub("init"), "syntax", `"init" is only allowed with "to" in the "pool" form`);
          return { kind: "pool", pool, steps, path };
        }
        if (!("init" in j)) {
          this.error(path, "syntax", `updating a pool item ("pool" with "to") needs "init", the value used when the item does not exist yet`);
          return null;
        }
        const to = this.toArg(j.to!, sub("to"));
        const init = this.expr(j.init!, sub("init"));
        return to === null || init === null ? null : { kind: "poolTo", pool, steps, to, init, path };
      }
      case "if": {
        const cond = this.expr(j.if!, sub("if"));
        const then = this.body(j.then!, sub("then"));
        const els = "else" in j ? this.body(j.else!, sub("else")) : undefined;
        if (cond === null) return null;
        return els === undefined ? { kind: "if", cond, then, path } : { kind: "if", cond, then, else: els, path };
      }
      case "cond": {
        const clausesJson = j.cond!;
        if (!Array.isArray(clausesJson) || clausesJson.length === 0) {
          this.error(sub("cond"), "syntax", `"cond" needs a non-empty array of {"if": ..., "then": ...} clauses`);
          return null;
        }
        const clauses: A.CondClause[] = [];
        let ok = true;
        clausesJson.forEach((c, i) => {
          const cp = pointer(path, "cond", i);
          if (!this.hasExactly(c, cp, ["if", "then"], `each "cond" clause must be {"if": condition, "then": expressions}`)) {
            ok = false;
            return;
          }
          const cond = this.expr(c.if!, pointer(cp, "if"));
          const then = this.body(c.then!, pointer(cp, "then"));
          if (cond === null) ok = false;
          else clauses.push({ cond, then, path: cp });
        });
        const els = "else" in j ? this.body(j.else!, sub("else")) : undefined;
        if (!ok) return null;
        return els === undefined ? { kind: "cond", clauses, path } : { kind: "cond", clauses, else: els, path };
      }
      case "while": {
        const cond = this.expr(j.while!, sub("while"));
        const body = this.exprList(j.do!, sub("do"));
        return cond === null ? null : { kind: "while", cond, body, path };
      }
      case "until": {
        const body = this.exprList(j.do!, sub("do"));
        const cond = this.expr(j.until!, sub("until"));
        return cond === null ? null : { kind: "doUntil", body, cond, path };
      }
      case "for": {
        const init = this.bindings(j.for!, sub("for"), "for");
        const cond = this.expr(j.while!, sub("while"));
        const step = this.bindings(j.step!, sub("step"), "step");
        const body = this.exprList(j.do!, sub("do"));
        if (init === null || cond === null || step === null) return null;
        return { kind: "for", init, cond, step, body, path };
      }
      case "foreach": {
        const name = this.nameField(j.foreach!, sub("foreach"), `"foreach"`);
        const array = this.expr(j.in!, sub("in"));
        const body = this.exprList(j.do!, sub("do"));
        let seq = true;
        if ("seq" in j) {
          if (typeof j.seq === "boolean") seq = j.seq;
          else this.error(sub("seq"), "syntax", `"seq" must be true or false, found ${describeJson(j.seq)}`);
        }
        if (name === null || array === null) return null;
        return { kind: "foreach", name, array, body, seq, path };
      }
      case "forkey":
      case "forval": {
        const key = this.nameField(j.forkey!, sub("forkey"), `"forkey"`);
        const value = this.nameField(j.forval!, sub("forval"), `"forval"`);
        const map = this.expr(j.in!, sub("in"));
        const body = this.exprList(j.do!, sub("do"));
        if (key === null || value === null || map === null) return null;
        if (key === value) {
          this.error(sub("forval"), "shadowing", `"forkey" and "forval" cannot both be "${key}"`);
          return null;
        }
        return { kind: "forkeyval", key, value, map, body, path };
      }
      case "cast": {
        const expr = this.expr(j.cast!, sub("cast"));
        const casesJson = j.cases!;
        let partial = false;
        if ("partial" in j) {
          if (typeof j.partial === "boolean") partial = j.partial;
          else this.error(sub("partial"), "syntax", `"partial" must be true or false, found ${describeJson(j.partial)}`);
        }
        if (!Array.isArray(casesJson) || casesJson.length === 0) {
          this.error(sub("cases"), "syntax", `"cases" must be a non-empty array of {"as": type, "named": name, "do": expressions}`);
          return null;
        }
        const cases: A.CastCaseClause[] = [];
        let ok = true;
        casesJson.forEach((c, i) => {
          const cp = pointer(path, "cases", i);
          if (!this.hasExactly(c, cp, ["as", "named", "do"], `each case must be {"as": type, "named": name, "do": expressions}`)) {
            ok = false;
            return;
          }
          const named = this.nameField(c.named!, pointer(cp, "named"), `"named"`);
          const body = this.exprList(c.do!, pointer(cp, "do"));
          if (named === null) ok = false;
          else cases.push({ typeRef: { json: c.as!, path: pointer(cp, "as") }, named, body, path: cp });
        });
        if (expr === null || !ok) return null;
        return { kind: "castCase", expr, cases, partial, path };
      }
      case "upcast": {
        const expr = this.expr(j.upcast!, sub("upcast"));
        return expr === null ? null : { kind: "upcast", expr, typeRef: { json: j.as!, path: sub("as") }, path };
      }
      case "ifnotnull": {
        const vars = this.bindings(j.ifnotnull!, sub("ifnotnull"), "ifnotnull");
        const then = this.body(j.then!, sub("then"));
        const els = "else" in j ? this.body(j.else!, sub("else")) : undefined;
        if (vars === null) return null;
        return els === undefined ? { kind: "ifNotNull", vars, then, path } : { kind: "ifNotNull", vars, then, else: els, path };
      }
      case "unpack": {
        const bytes = this.expr(j.unpack!, sub("unpack"));
        const fj = j.format!;
        if (!Array.isArray(fj) || fj.length === 0) {
          this.error(sub("format"), "syntax", `"format" must be a non-empty array of {"name": "format"} objects`);
          return null;
        }
        const format: A.Unpack["format"] = [];
        let ok = true;
        fj.forEach((f, i) => {
          const fp = pointer(path, "format", i);
          const keys = isJsonObject(f) ? Object.keys(f).filter((k) => k !== "@") : [];
          if (!isJsonObject(f) || keys.length !== 1 || typeof f[keys[0]!] !== "string") {
            this.error(fp, "syntax", `each format entry must be {"name": "format"}, found ${describeJson(f)}`);
            ok = false;
            return;
          }
          const name = keys[0]!;
          if (!SYMBOL_RE.test(name)) {
            this.error(pointer(fp, name), "syntax", `"${name}" is not a valid symbol name`);
            ok = false;
            return;
          }
          const parsed = parseBinaryFormat(f[name] as string, false);
          if (parsed === null) {
            this.error(pointer(fp, name), "syntax", `unknown unpack format ${JSON.stringify(f[name])}`);
            ok = false;
            return;
          }
          format.push({ name, format: parsed, path: pointer(fp, name) });
        });
        const then = this.body(j.then!, sub("then"));
        const els = "else" in j ? this.body(j.else!, sub("else")) : undefined;
        if (bytes === null || !ok) return null;
        return els === undefined ? { kind: "unpack", bytes, format, then, path } : { kind: "unpack", bytes, format, then, else: els, path };
      }
      case "pack": {
        const pj = j.pack!;
        if (!Array.isArray(pj)) {
          this.error(sub("pack"), "syntax", `"pack" must be an array of {"format": expression} objects`);
          return null;
        }
        const items: A.Pack["items"] = [];
        let ok = true;
        pj.forEach((f, i) => {
          const fp = pointer(path, "pack", i);
          const keys = isJsonObject(f) ? Object.keys(f).filter((k) => k !== "@") : [];
          if (!isJsonObject(f) || keys.length !== 1) {
            this.error(fp, "syntax", `each pack entry must be {"format": expression}, found ${describeJson(f)}`);
            ok = false;
            return;
          }
          const fmt = keys[0]!;
          const parsed = parseBinaryFormat(fmt, true);
          if (parsed === null) {
            this.error(pointer(fp, fmt), "syntax", `unknown pack format ${JSON.stringify(fmt)}`);
            ok = false;
            return;
          }
          const e = this.expr(f[fmt]!, pointer(fp, fmt));
          if (e === null) ok = false;
          else items.push({ format: parsed, expr: e, path: pointer(fp, fmt) });
        });
        return ok ? { kind: "pack", items, path } : null;
      }
      case "doc":
        if (typeof j.doc !== "string") {
          this.error(sub("doc"), "syntax", `"doc" must be a string, found ${describeJson(j.doc)}`);
          return null;
        }
        return { kind: "doc", text: j.doc, path };
      case "error": {
        if (typeof j.error !== "string") {
          this.error(sub("error"), "syntax", `"error" must be a message string, found ${describeJson(j.error)}`);
          return null;
        }
        if ("code" in j) {
          const c = j.code;
          if (typeof c !== "number" || !Number.isInteger(c) || c >= 0 || c < INT_MIN) {
            this.error(sub("code"), "syntax", `a user error's "code" must be a negative int, found ${describeJson(c)}`);
            return null;
          }
          return { kind: "error", message: j.error, code: c, path };
        }
        return { kind: "error", message: j.error, path };
      }
      case "try": {
        const body = this.exprList(j.try!, sub("try"));
        if (!("filter" in j)) return { kind: "try", body, path };
        const f = j.filter!;
        if (!Array.isArray(f)) {
          this.error(sub("filter"), "syntax", `"filter" must be an array of error messages (strings) and codes (integers)`);
          return null;
        }
        const bad = f.findIndex((x) => !(typeof x === "string" || (typeof x === "number" && Number.isInteger(x))));
        if (bad >= 0) {
          this.error(pointer(path, "filter", bad), "syntax", `a "filter" entry must be an error message (string) or code (integer), found ${describeJson(f[bad])}`);
          return null;
        }
        return { kind: "try", body, filter: f as (string | number)[], path };
      }
      case "log": {
        const args = this.exprList(j.log!, sub("log"));
        if (!("namespace" in j)) return { kind: "log", args, path };
        if (typeof j.namespace !== "string") {
          this.error(sub("namespace"), "syntax", `"namespace" must be a string, found ${describeJson(j.namespace)}`);
          return null;
        }
        return { kind: "log", args, namespace: j.namespace, path };
      }
      default:
        this.error(path, "syntax", `unknown form "${form}"`);
        return null;
    }
  }
}

function formName(key: string): string {
  return key === "until" ? "do-until" : key === "forkey" || key === "forval" ? "forkey-forval" : key;
}

/**
 * The binary formats of pack and unpack (spec §7, "pack" and "unpack"): an optional byte order
 * (`<`, `little`; `>`, `!`, `big`, `network`; big-endian by default), an optional `unsigned`, and a
 * kind; or `raw N` (a fixed number of bytes; pack also takes `raw` of any size), `nullterminated`,
 * `lengthprefixed` (spaces are optional: `null terminated`, `length prefixed`, `prefixed`).
 */
export function parseBinaryFormat(text: string, forPack: boolean): A.BinaryFormat | null {
  const s = text.trim().toLowerCase();
  let m = /^raw\s*(\d+)?$/.exec(s);
  if (m !== null) {
    if (m[1] === undefined) return forPack ? { kind: "raw", unsigned: false, littleEndian: false } : null;
    return { kind: "rawsize", unsigned: false, littleEndian: false, size: Number(m[1]) };
  }
  if (/^null\s*terminated$/.test(s)) return { kind: "nullterminated", unsigned: false, littleEndian: false };
  if (/^(length\s*)?prefixed$/.test(s)) return { kind: "lengthprefixed", unsigned: false, littleEndian: false };
  m = /^(?:(<|>|!|little|big|network)\s*)?(unsigned\s+)?(pad|boolean|byte|short|int|long|float|double)$/.exec(s);
  if (m === null) return null;
  const unsigned = m[2] !== undefined;
  const kind = m[3] as A.BinaryFormat["kind"];
  if (unsigned && !["byte", "short", "int", "long"].includes(kind)) return null;
  const littleEndian = m[1] === "<" || m[1] === "little";
  return { kind, unsigned, littleEndian };
}

export function readDocument(json: JsonValue): { doc: A.PfaDocument | null; errors: Diagnostic[] } {
  const reader = new Reader();
  const doc = reader.readDocument(json);
  return { doc, errors: reader.errors };
}
