/**
 * The PFA engine (spec chapter 3): a validated, compiled document bound to its state (cells, pools,
 * counters, the random source), run through its phases: `begin`, `action` per datum, `end`.
 *
 *     const engine = PFAEngine.fromJson(doc);
 *     engine.begin();
 *     const out = engine.action(input);     // input and output are runtime values (runtime.ts)
 *     engine.end();
 *
 * Several engines of one document (`PFAEngine.factory(doc).create()`) share its `shared` cells and
 * pools and differ by their `instance` number and random seed.
 */
import { createReadStream, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { compileDocument, type CompiledDocument, type EngineState, type PhaseFunctions } from "./compiler.js";
import { EMBEDDED, fromJson, toJsonText } from "./data.js";
import type * as A from "./ast.js";
import { type Diagnostic, type JsonValue, isJsonObject } from "./json-value.js";
import { parseJson } from "./json.js";
import { parseYaml } from "./yaml.js";
import { longAdd, newMap, PFARuntimeError, PFATimeoutError, type Long } from "./runtime.js";
import { AvroMap, type AvroType } from "./types.js";
import { checkDocument } from "./validate.js";

/** The document is not valid PFA: `diagnostics` says where and why. */
export class PFAValidationError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`invalid PFA document: ${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"}, first at ${diagnostics[0]?.path || "/"}: ${diagnostics[0]?.message}`);
    this.name = "PFAValidationError";
  }
}

/** The document is valid but cannot run: a cell's data file is missing or does not fit its type. */
export class PFAInitializationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PFAInitializationError";
  }
}

/** Cell and pool values read ahead of time from `"source": "avro"` files (keys `cell:<name>`, `pool:<name>`). */
export type PreloadedSources = ReadonlyMap<string, unknown>;

export interface EngineOptions {
  /** Receives each value an emit document emits. */
  emit?: (value: unknown) => void;
  /** Receives `log` output; by default it goes to stderr as JSON. */
  log?: (values: unknown[], namespace: string | null, types: AvroType[]) => void;
  /** The instance number (0-based) when several engines run one document. */
  instance?: number;
  /** Directory against which `source: json` cell and pool files are resolved. */
  baseDir?: string;
}

/** A compiled document that can create engines (sharing its shared cells and pools). */
export class PFAEngineFactory {
  // Null-prototype objects: a cell may be named "__proto__".
  private readonly sharedCells: Record<string, unknown> = newMap();
  private readonly sharedPools: Record<string, Record<string, unknown>> = newMap();
  private instances = 0;

  constructor(
    readonly doc: A.PfaDocument,
    readonly compiled: CompiledDocument,
    private readonly baseDir: string | undefined,
    readonly preloaded: PreloadedSources = new Map(),
  ) {
    for (const [name, spec] of doc.cells) if (spec.shared) this.sharedCells[name] = initialValue(name, spec, "cell", baseDir, preloaded);
    for (const [name, spec] of doc.pools) if (spec.shared) this.sharedPools[name] = initialValue(name, spec, "pool", baseDir, preloaded) as Record<string, unknown>;
  }

  create(options: EngineOptions = {}): PFAEngine {
    const instance = options.instance ?? this.instances;
    this.instances++;
    return new PFAEngine(this, { ...options, instance, baseDir: options.baseDir ?? this.baseDir }, this.sharedCells, this.sharedPools);
  }
}

/** The local file a `source` of a cell or pool names (`file://` URLs and paths, relative to `baseDir`). */
export function sourceFile(spec: A.CellSpec, what: "cell" | "pool", baseDir: string | undefined): string {
  const location = String(spec.init).replace(/^file:\/\//, "");
  if (/^[a-zA-Z][a-zA-Z0-9+\-.]*:\/\//.test(location)) throw new PFAInitializationError(`${what} source ${location}: only local files can be read`);
  return baseDir === undefined || isAbsolute(location) ? location : join(baseDir, location);
}

function initialValue(name: string, spec: A.CellSpec, what: "cell" | "pool", baseDir: string | undefined, preloaded: PreloadedSources): unknown {
  const type = spec.typeRef.resolved!;
  let init: JsonValue = spec.init;
  if (spec.source === "avro") {
    const key = `${what}:${name}`;
    if (!preloaded.has(key)) throw new PFAInitializationError(`${what} "${name}" reads an Avro file: build the engine with PFAEngine.load, which reads it first`);
    return preloaded.get(key);
  }
  if (spec.source === "json") {
    const file = sourceFile(spec, what, baseDir);
    try {
      init = parseJson(readFileSync(file, "utf8"));
    } catch (e) {
      throw new PFAInitializationError(`${what} "${name}" source ${file}: ${(e as Error).message}`);
    }
  }
  try {
    if (what === "cell") return fromJson(type, init, EMBEDDED);
    if (!isJsonObject(init)) throw new Error("a pool's data must be an object of item name to value");
    const pool = newMap();
    for (const [k, v] of Object.entries(init)) pool[k] = fromJson(type, v, EMBEDDED);
    return pool;
  } catch (e) {
    throw new PFAInitializationError(`${what} data does not match its type: ${(e as Error).message}`);
  }
}

/** A seeded pseudo-random source (xoshiro128**): reproducible run to run for a given `randseed`. */
export class RandomSource {
  private s = new Uint32Array(4);

  constructor(seed: number | bigint) {
    // splitmix32 spreads the seed over the state.
    let x = Number(BigInt.asUintN(32, BigInt(seed))) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  private next32(): number {
    const s = this.s;
    const result = Math.imul(((Math.imul(s[1]!, 5) << 7) | (Math.imul(s[1]!, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = ((s[3]! << 11) | (s[3]! >>> 21)) >>> 0;
    return result;
  }

  /** A double in [0, 1) with 53 random bits. */
  random(): number {
    return ((this.next32() >>> 5) * 67108864 + (this.next32() >>> 6)) / 9007199254740992;
  }
}

export class PFAEngine {
  readonly inputType: AvroType;
  readonly outputType: AvroType;
  readonly method: A.Method;
  private readonly state: EngineState;
  private readonly phases: PhaseFunctions;
  private readonly rollbackCells: string[];
  private readonly rollbackPools: string[];
  private readonly timeouts: { begin: number; action: number; end: number };
  private deadline = Infinity;
  private ticks = 0;
  private timeoutMs = -1;

  /** Validates, compiles and instantiates a document (JSON value, or JSON/YAML text). */
  static fromJson(doc: JsonValue, options: EngineOptions = {}): PFAEngine {
    return PFAEngine.factory(doc, options.baseDir).create(options);
  }

  static fromYaml(text: string, options: EngineOptions = {}): PFAEngine {
    return PFAEngine.fromJson(parseYaml(text), options);
  }

  /**
   * Like `fromJson`, but first reads the cells and pools whose data is in Avro files
   * (`"source": "avro"`: a container file whose first datum is the cell's value, or the pool's map of
   * items), which needs asynchronous reading.
   */
  static async load(json: JsonValue, options: EngineOptions = {}): Promise<PFAEngine> {
    const doc = PFAEngine.check(json);
    const preloaded = new Map<string, unknown>();
    for (const what of ["cell", "pool"] as const) {
      for (const [name, spec] of what === "cell" ? doc.cells : doc.pools) {
        if (spec.source !== "avro") continue;
        const type = spec.typeRef.resolved!;
        const file = sourceFile(spec, what, options.baseDir);
        preloaded.set(`${what}:${name}`, await readAvroDatum(file, what === "cell" ? type : new AvroMap(type), `${what} "${name}"`));
      }
    }
    return PFAEngine.factoryOf(doc, options.baseDir, preloaded).create(options);
  }

  private static check(json: JsonValue): A.PfaDocument {
    const { valid, errors, doc } = checkDocument(typeof json === "string" ? parseJson(json) : json);
    if (!valid || doc === null) throw new PFAValidationError(errors);
    return doc;
  }

  /** A factory for several engines of one document (sharing its shared cells and pools). */
  static factory(json: JsonValue, baseDir?: string): PFAEngineFactory {
    return PFAEngine.factoryOf(PFAEngine.check(json), baseDir, new Map());
  }

  private static factoryOf(doc: A.PfaDocument, baseDir: string | undefined, preloaded: PreloadedSources): PFAEngineFactory {
    let compiled: CompiledDocument;
    try {
      compiled = compileDocument(doc);
    } catch (e) {
      throw new PFAInitializationError((e as Error).message);
    }
    return new PFAEngineFactory(doc, compiled, baseDir, preloaded);
  }

  constructor(
    factory: PFAEngineFactory,
    options: EngineOptions,
    sharedCells: Record<string, unknown>,
    sharedPools: Record<string, Record<string, unknown>>,
  ) {
    const doc = factory.doc;
    this.inputType = doc.input.resolved!;
    this.outputType = doc.output.resolved!;
    this.method = doc.method;
    const instance = options.instance ?? 0;
    const cells: Record<string, unknown> = newMap();
    const pools: Record<string, Record<string, unknown>> = newMap();
    for (const [name, spec] of doc.cells) if (!spec.shared) cells[name] = initialValue(name, spec, "cell", options.baseDir, factory.preloaded);
    for (const [name, spec] of doc.pools) if (!spec.shared) pools[name] = initialValue(name, spec, "pool", options.baseDir, factory.preloaded) as Record<string, unknown>;
    this.rollbackCells = [...doc.cells].filter(([, s]) => s.rollback).map(([n]) => n);
    this.rollbackPools = [...doc.pools].filter(([, s]) => s.rollback).map(([n]) => n);
    const option = (key: string): number => {
      const v = doc.options.get(key) ?? doc.options.get("timeout");
      return typeof v === "number" ? v : -1;
    };
    this.timeouts = { begin: option("timeout.begin"), action: option("timeout.action"), end: option("timeout.end") };

    const metadata = newMap<string>();
    for (const [k, v] of doc.metadata) metadata[k] = v;
    const emit = options.emit ?? (() => {});
    const log = options.log ?? defaultLog;
    this.state = {
      cells,
      pools,
      sharedCells,
      sharedPools,
      name: doc.name ?? "Engine",
      instance,
      metadata,
      version: doc.version ?? null,
      actionsStarted: 0,
      actionsFinished: 0,
      tally: null,
      emit,
      log,
      tick: () => {
        if ((++this.ticks & 1023) === 0 && Date.now() > this.deadline) throw new PFATimeoutError(this.timeoutMs);
      },
    };
    if (doc.method === "fold" && doc.zero !== undefined) this.state.tally = fromJson(this.outputType, doc.zero.value, EMBEDDED);
    const seed = doc.randseed === undefined ? Math.floor(Math.random() * 2 ** 32) : BigInt(doc.randseed) + BigInt(instance);
    const rng = new RandomSource(seed);
    this.phases = factory.compiled.instantiate(this.state, { random: () => rng.random() });
  }

  begin(): void {
    this.run("begin", () => this.phases.begin());
  }

  /** Runs the action on one input; returns the output (map), null (emit) or the new tally (fold). */
  action(input: unknown): unknown {
    const s = this.state;
    s.actionsStarted = longAdd(s.actionsStarted, 1, 0, "action");
    const saved = this.rollbackCells.length + this.rollbackPools.length > 0 ? this.snapshot() : null;
    try {
      const result = this.run("action", () => this.phases.action(input));
      s.actionsFinished = longAdd(s.actionsFinished as Long, 1, 0, "action");
      if (this.method === "fold") {
        s.tally = result;
        return result;
      }
      return this.method === "emit" ? null : result;
    } catch (e) {
      if (saved !== null) this.restore(saved);
      throw e;
    }
  }

  end(): void {
    this.run("end", () => this.phases.end());
  }

  /** Combines two tallies of a fold document (the `merge` section). */
  merge(a: unknown, b: unknown): unknown {
    if (this.phases.merge === undefined) throw new PFARuntimeError(-1, "merge is only defined for fold documents");
    return this.run("action", () => this.phases.merge!(a, b));
  }

  /** The current value of a cell. */
  cell(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.state.cells, name) ? this.state.cells[name] : this.state.sharedCells[name];
  }

  /** A snapshot of a pool (a copy of its item map). */
  pool(name: string): Record<string, unknown> {
    const p = Object.prototype.hasOwnProperty.call(this.state.pools, name) ? this.state.pools[name] : this.state.sharedPools[name];
    const out = newMap();
    Object.assign(out, p);
    return out;
  }

  get actionsStarted(): Long {
    return this.state.actionsStarted;
  }

  get actionsFinished(): Long {
    return this.state.actionsFinished;
  }

  private run<R>(phase: "begin" | "action" | "end", fn: () => R): R {
    const ms = this.timeouts[phase];
    this.timeoutMs = ms;
    this.deadline = ms >= 0 ? Date.now() + ms : Infinity;
    try {
      return fn();
    } catch (e) {
      // Unbounded recursion between user functions exhausts the stack: report it as the document's error.
      if (e instanceof RangeError && /call stack/.test(e.message)) throw new PFARuntimeError(-1, "stack overflow: recursion too deep", phase);
      throw e;
    }
  }

  private snapshot(): { cells: Record<string, unknown>; pools: Record<string, Record<string, unknown>> } {
    const cells: Record<string, unknown> = newMap();
    const pools: Record<string, Record<string, unknown>> = newMap();
    for (const c of this.rollbackCells) cells[c] = this.state.cells[c];
    for (const p of this.rollbackPools) {
      const copy = newMap();
      Object.assign(copy, this.state.pools[p]);
      pools[p] = copy;
    }
    return { cells, pools };
  }

  private restore(saved: { cells: Record<string, unknown>; pools: Record<string, Record<string, unknown>> }): void {
    Object.assign(this.state.cells, saved.cells);
    Object.assign(this.state.pools, saved.pools);
  }
}

/** The first datum of an Avro container file, as a value of `type` (resolved as Avro resolves schemas). */
async function readAvroDatum(file: string, type: AvroType, what: string): Promise<unknown> {
  // Imported here: the data layer is only needed by documents that keep data in Avro files.
  const { openAvro } = await import("../data/avro.js");
  const { typedCoercer, unresolvable } = await import("../data/coerce.js");
  const stream = createReadStream(file);
  try {
    const avro = await openAvro(stream);
    const problem = unresolvable(avro.type, type);
    if (problem !== null) throw new Error(`its schema does not fit: ${problem.message}`);
    for await (const batch of avro.batches) {
      if (batch.length > 0) return typedCoercer(avro.type, type)(batch[0]);
    }
    throw new Error("the file holds no datum");
  } catch (e) {
    throw new PFAInitializationError(`${what} source ${file}: ${(e as Error).message}`);
  } finally {
    stream.destroy();
  }
}

function defaultLog(values: unknown[], namespace: string | null, types: AvroType[]): void {
  const text = values.map((v, i) => toJsonText(types[i]!, v)).join(" ");
  process.stderr.write(namespace === null ? `${text}\n` : `${namespace}: ${text}\n`);
}
