/**
 * Matching library function calls against their generic signatures (spec §4.6), as the type checker
 * needs it: which signature a call uses, what each argument is converted to, and the call's type.
 *
 * The signatures come from the generated tables in lib/signatures/ (written in the syntax of
 * lib/signature-dsl.ts). The rules follow the reference implementation (Hadrian's signature.scala,
 * Titus's signature.py), with the differences listed at `matchCall`.
 */
import {
  AvroArray,
  AvroEnum,
  AvroFixed,
  AvroMap,
  AvroPrimitive,
  AvroRecord,
  AvroUnion,
  type AvroType,
  T,
  accepts,
  narrowestSupertype,
  typeEquals,
} from "./types.js";
import {
  type FunctionSignatures,
  type LabelDefinition,
  type ParamPattern,
  type Pattern,
  type SignaturePattern,
  isConcrete,
  isGeneric,
  labelDefinitions,
  parseSignature,
  printParams,
  printPattern,
} from "./lib/signature-dsl.js";
import { librarySignatures } from "./lib/signatures/index.js";

/** The type of a function passed as an argument (`{"fcn": ...}` or an inline `{"params": ..., "ret": ..., "do": ...}`). */
export class FcnType {
  constructor(
    readonly params: readonly AvroType[],
    readonly ret: AvroType,
  ) {}
  toString(): string {
    return `function(${this.params.map((p) => p.toString()).join(", ")}) -> ${this.ret.toString()}`;
  }
}

export type ArgType = AvroType | FcnType;

/** Can a function of type `found` be used where one of type `expected` is required? (contravariant parameters, covariant return) */
export function acceptsFcn(expected: FcnType, found: FcnType): boolean {
  return (
    expected.params.length === found.params.length &&
    expected.params.every((p, i) => accepts(found.params[i]!, p)) &&
    accepts(expected.ret, found.ret)
  );
}

export interface LibSig extends SignaturePattern {
  readonly params: readonly ParamPattern[];
  readonly ret: Pattern;
  /** The signature as written in the table. */
  readonly text: string;
  readonly deprecation?: string;
  readonly death?: string;
  readonly contingency?: string;
}

export interface LibFunction {
  readonly name: string;
  readonly sigs: readonly LibSig[];
  readonly errors: readonly number[];
  readonly nondeterministic?: string;
}

export type MatchResult =
  | { ok: true; sigIndex: number; params: ArgType[]; ret: AvroType }
  /**
   * `reasons` has one entry per signature: why that signature did not match. `argIndex` is the
   * argument that every signature of the right arity blames, when they agree on one.
   */
  | { ok: false; message: string; reasons: string[]; argIndex?: number };

/** Parses a table entry (throws SignatureSyntaxError on a malformed signature). */
export function libFunction(spec: FunctionSignatures): LibFunction {
  const sigs = spec.sigs.map((s): LibSig => {
    const parsed = parseSignature(s.sig);
    const out: { -readonly [K in keyof LibSig]: LibSig[K] } = { params: parsed.params, ret: parsed.ret, text: s.sig };
    if (s.deprecation !== undefined) out.deprecation = s.deprecation;
    if (s.death !== undefined) out.death = s.death;
    if (s.contingency !== undefined) out.contingency = s.contingency;
    return out;
  });
  const fn: { -readonly [K in keyof LibFunction]: LibFunction[K] } = { name: spec.name, sigs, errors: spec.errors };
  if (spec.nondeterministic !== undefined) fn.nondeterministic = spec.nondeterministic;
  return fn;
}

let specs: Map<string, FunctionSignatures> | null = null;
const parsed = new Map<string, LibFunction>();

function specTable(): Map<string, FunctionSignatures> {
  if (specs === null) specs = new Map(librarySignatures.map((s) => [s.name, s]));
  return specs;
}

/** The library function of that name (parsed on first use), or undefined. */
export function libraryFunction(name: string): LibFunction | undefined {
  const done = parsed.get(name);
  if (done !== undefined) return done;
  const spec = specTable().get(name);
  if (spec === undefined) return undefined;
  const fn = libFunction(spec);
  parsed.set(name, fn);
  return fn;
}

/** The names of all library functions, in the specification's order. */
export function libraryFunctionNames(): string[] {
  return [...specTable().keys()];
}

/**
 * The type of a library function passed by name as an argument (`{"fcn": "m.sqrt"}`), or a message
 * saying why it cannot be: only a function with exactly one signature, free of labels and of
 * function-typed parameters, has a single function type.
 */
export function libraryFunctionAsCallback(name: string): FcnType | string {
  const fn = libraryFunction(name);
  if (fn === undefined) return `unknown library function "${name}"`;
  const cannot = `library function "${name}" cannot be passed as a function argument`;
  if (fn.sigs.length !== 1) return `${cannot}: it has ${fn.sigs.length} signatures`;
  const sig = fn.sigs[0]!;
  if (sig.params.some((p) => p.pattern.kind === "function")) return `${cannot}: it takes a function argument (${sig.text})`;
  if (isGeneric(sig)) return `${cannot}: its signature is generic (${sig.text})`;
  const params = sig.params.map((p) => substitute(p.pattern, new Map()));
  const ret = substitute(sig.ret, new Map());
  if (ret === null || params.some((p) => p === null)) return `${cannot}: its signature has no single type (${sig.text})`;
  return new FcnType(params as AvroType[], ret);
}

/**
 * Matches a call's argument types against a library function's signatures, in order; the first that
 * matches wins.
 *
 * - The number of arguments must equal the number of parameters.
 * - Value arguments are matched structurally against their patterns: primitives exactly or by numeric
 *   promotion (int -> long -> float -> double), except inside unions and record fields, where they must
 *   match exactly; arrays and maps by their items/values; a union argument against a union pattern
 *   member by member (each member of the argument must match a different member of the pattern); a
 *   non-union argument against a union pattern if it matches one member (members without labels are
 *   tried first); `any record A with {f: P}` needs a record having (at least) those fields, matching
 *   exactly; `enum A of fields of B` needs an enum, whose symbols must be B's field names in order.
 * - Each place a label occurs contributes the type found there; the label is bound to the narrowest
 *   supertype of them all (so `+` on (int, double) binds A = double), which must satisfy the label's
 *   introduction (`of {...}`, record, enum, fixed). Places where the label is only referenced obey
 *   the same restriction as its introduction.
 * - Function arguments (FcnType): the return type of the function is matched like a value argument
 *   (it binds labels such as B in a.map, and may widen labels bound by value arguments). Its parameter
 *   types bind only labels that nothing else binds. Then, with all labels substituted, the function
 *   must accept what the library passes it (each pattern parameter must be accepted by the function's
 *   parameter: contravariance) and its return must be accepted by the return pattern.
 * - Finally every value argument must be accepted by its parameter type (labels substituted). The
 *   result's `params` are those types (what each argument is converted to; the function itself for a
 *   function argument) and `ret` is the return pattern with labels substituted.
 *
 * Differences from Hadrian: Hadrian lets function parameter types widen labels bound by value
 * arguments (a.map over array(int) with a function of double converted the array to array(double))
 * and never checks that a function accepts what it will be given; Hadrian does not check a label's
 * `of {...}` restriction where the label is only referenced (so `+` on (int, string) passed there,
 * binding A to a union); a union parameter's type here is the union pattern with labels substituted,
 * where Hadrian keeps the argument's own type.
 */
export function matchCall(fn: LibFunction, args: readonly ArgType[]): MatchResult {
  const reasons: string[] = [];
  for (let i = 0; i < fn.sigs.length; i++) {
    const r = matchSignature(fn.sigs[i]!, args);
    if (typeof r === "string") {
      reasons.push(r);
    } else {
      return { ok: true, sigIndex: i, params: r.params, ret: r.ret };
    }
  }
  const found = `(${args.map((a) => a.toString()).join(", ")})`;
  const expected = fn.sigs.length === 1 ? printParams(fn.sigs[0]!) : `one of: ${fn.sigs.map((s) => printParams(s)).join("; ")}`;
  const message = `function "${fn.name}" does not accept ${found}; expected ${expected}`;
  const blamed = new Set<number | undefined>();
  fn.sigs.forEach((sig, i) => {
    if (sig.params.length === args.length) blamed.add(blamedArgument(reasons[i]!));
  });
  const [only] = blamed;
  return blamed.size === 1 && only !== undefined ? { ok: false, message, reasons, argIndex: only } : { ok: false, message, reasons };
}

// ---------------------------------------------------------------------------------------------
// One signature

const RANK: Readonly<Record<string, number>> = { int: 0, long: 1, float: 2, double: 3 };

interface FieldsRequirement {
  enumLabel: string;
  recordLabel: string;
  symbols: readonly string[];
}

/** What the arguments say about each label: the types found where it occurs. */
class Bindings {
  candidates = new Map<string, AvroType[]>();
  requirements: FieldsRequirement[] = [];

  add(label: string, t: AvroType): void {
    const c = this.candidates.get(label);
    if (c === undefined) this.candidates.set(label, [t]);
    else c.push(t);
  }
  clone(): Bindings {
    const b = new Bindings();
    for (const [k, v] of this.candidates) b.candidates.set(k, [...v]);
    b.requirements = [...this.requirements];
    return b;
  }
  adopt(other: Bindings): void {
    this.candidates = other.candidates;
    this.requirements = other.requirements;
  }
}

const definitionsCache = new WeakMap<SignaturePattern, Map<string, LabelDefinition>>();

function definitionsOf(sig: SignaturePattern): Map<string, LabelDefinition> {
  let d = definitionsCache.get(sig);
  if (d === undefined) {
    d = labelDefinitions(sig);
    definitionsCache.set(sig, d);
  }
  return d;
}

/** Does `t` satisfy the way its label was introduced? */
function fitsDefinition(def: LabelDefinition | undefined, t: AvroType): boolean {
  if (def === undefined) return false;
  switch (def.kind) {
    case "wildcard":
      return def.oneOf === undefined || (t instanceof AvroPrimitive && def.oneOf.includes(t.kind));
    case "wildRecord":
      return t instanceof AvroRecord;
    case "wildEnum":
    case "enumFields":
      return t instanceof AvroEnum;
    case "wildFixed":
      return t instanceof AvroFixed;
  }
}

function matchPrimitive(name: string, a: AvroType, strict: boolean, reversed: boolean): boolean {
  if (!(a instanceof AvroPrimitive)) return false;
  if (a.kind === name) return true;
  if (strict) return false;
  const pr = RANK[name];
  const ar = RANK[a.kind];
  if (pr === undefined || ar === undefined) return false;
  // Normally the argument may be narrower than the pattern (it is promoted); for the parameters of a
  // function argument (`reversed`), the function's parameter may be wider than what it is given.
  return reversed ? ar > pr : ar < pr;
}

/**
 * Matches one pattern against one type, adding what it learns to `b`. `strict` forbids numeric
 * promotion (inside unions and record fields); `reversed` is for the parameters of function arguments.
 */
function match(p: Pattern, a: AvroType, defs: Map<string, LabelDefinition>, b: Bindings, strict: boolean, reversed: boolean): boolean {
  if (a.kind === "exception") return false;
  switch (p.kind) {
    case "primitive":
      return matchPrimitive(p.name, a, strict, reversed);
    case "array":
      return a instanceof AvroArray && match(p.items, a.items, defs, b, strict, reversed);
    case "map":
      return a instanceof AvroMap && match(p.values, a.values, defs, b, strict, reversed);
    case "union":
      return matchUnion(p.types, a, defs, b, strict, reversed);
    case "function":
      return false;
    case "wildcard":
    case "wildEnum":
    case "wildFixed":
      if (!fitsDefinition(p, a)) return false;
      b.add(p.label, a);
      return true;
    case "ref":
      if (!fitsDefinition(defs.get(p.label), a)) return false;
      b.add(p.label, a);
      return true;
    case "wildRecord": {
      if (!(a instanceof AvroRecord)) return false;
      b.add(p.label, a);
      return p.fields.every((f) => {
        const af = a.field(f.name);
        return af !== undefined && match(f.pattern, af.type, defs, b, true, reversed);
      });
    }
    case "enumFields":
      if (!(a instanceof AvroEnum)) return false;
      b.add(p.label, a);
      b.requirements.push({ enumLabel: p.label, recordLabel: p.record, symbols: a.symbols });
      return true;
  }
}

/** Union members in the order to try them: those without labels first. */
function tryOrder(types: readonly Pattern[]): number[] {
  const idx = types.map((_, i) => i);
  return [...idx.filter((i) => isConcrete(types[i]!)), ...idx.filter((i) => !isConcrete(types[i]!))];
}

function matchUnion(types: readonly Pattern[], a: AvroType, defs: Map<string, LabelDefinition>, b: Bindings, strict: boolean, reversed: boolean): boolean {
  const order = tryOrder(types);
  if (a instanceof AvroUnion) {
    // Each member of the argument must match a different member of the pattern, exactly.
    const used = new Array<boolean>(types.length).fill(false);
    const solve = (i: number, st: Bindings): Bindings | null => {
      if (i === a.types.length) return st;
      for (const j of order) {
        if (used[j]) continue;
        const trial = st.clone();
        if (!match(types[j]!, a.types[i]!, defs, trial, true, reversed)) continue;
        used[j] = true;
        const done = solve(i + 1, trial);
        used[j] = false;
        if (done !== null) return done;
      }
      return null;
    };
    const solution = solve(0, b.clone());
    if (solution === null) return false;
    b.adopt(solution);
    return true;
  }
  for (const j of order) {
    const trial = b.clone();
    if (match(types[j]!, a, defs, trial, strict, reversed)) {
      b.adopt(trial);
      return true;
    }
  }
  return false;
}

/** A union of these types, flattened, without duplicates; a single type stays itself. */
function unionOf(types: AvroType[]): AvroType {
  const out: AvroType[] = [];
  for (const t of types.flatMap((x) => (x instanceof AvroUnion ? x.types : [x]))) {
    if (!out.some((o) => typeEquals(o, t))) out.push(t);
  }
  return out.length === 1 ? out[0]! : new AvroUnion(out);
}

/** The pattern with its labels replaced by their bindings; null if a label is unbound. */
function substitute(p: Pattern, bound: ReadonlyMap<string, AvroType>): AvroType | null {
  switch (p.kind) {
    case "primitive":
      return T[p.name];
    case "array": {
      const items = substitute(p.items, bound);
      return items === null ? null : new AvroArray(items);
    }
    case "map": {
      const values = substitute(p.values, bound);
      return values === null ? null : new AvroMap(values);
    }
    case "union": {
      const members = p.types.map((t) => substitute(t, bound));
      return members.some((m) => m === null) ? null : unionOf(members as AvroType[]);
    }
    case "function":
      return null;
    default:
      return bound.get(p.label) ?? null;
  }
}

function unbound(p: Pattern, bound: ReadonlyMap<string, AvroType>): string {
  const labels = new Set<string>();
  const visit = (q: Pattern): void => {
    switch (q.kind) {
      case "array":
        return visit(q.items);
      case "map":
        return visit(q.values);
      case "union":
        return q.types.forEach(visit);
      case "function":
        q.params.forEach(visit);
        return visit(q.ret);
      case "primitive":
        return;
      default:
        if (!bound.has(q.label)) labels.add(q.label);
    }
  };
  visit(p);
  return [...labels].join(", ");
}

/** The argument a failure reason starts with (`argument 2 (y): ...`), as an index. */
function blamedArgument(reason: string): number | undefined {
  const m = /^argument (\d+) /.exec(reason);
  return m === null ? undefined : Number(m[1]) - 1;
}

function matchSignature(sig: LibSig, args: readonly ArgType[]): { params: ArgType[]; ret: AvroType } | string {
  if (sig.params.length !== args.length) {
    return `${args.length} argument${args.length === 1 ? "" : "s"} given, ${sig.params.length} expected`;
  }
  const defs = definitionsOf(sig);
  const b = new Bindings();
  const what = (i: number): string => `argument ${i + 1} (${sig.params[i]!.name})`;

  // 1. Value arguments bind labels.
  for (let i = 0; i < args.length; i++) {
    const p = sig.params[i]!.pattern;
    const a = args[i]!;
    if (p.kind === "function") {
      if (!(a instanceof FcnType)) return `${what(i)} must be a function, found ${a.toString()}`;
      if (a.params.length !== p.params.length) {
        return `${what(i)} must be a function of ${p.params.length} parameter${p.params.length === 1 ? "" : "s"}, found ${a.toString()}`;
      }
    } else if (a instanceof FcnType) {
      return `${what(i)} is a function, but ${printPattern(p)} is expected`;
    } else if (!match(p, a, defs, b, false, false)) {
      const def = p.kind === "ref" ? defs.get(p.label) : undefined;
      return `${what(i)}: ${a.toString()} does not match ${printPattern(p)}${def === undefined ? "" : ` (${printPattern(def)})`}`;
    }
  }

  // 2. What functions return binds labels too (B in a.map), or widens them.
  const fcnArgs: [Extract<Pattern, { kind: "function" }>, FcnType, number][] = [];
  for (let i = 0; i < args.length; i++) {
    const p = sig.params[i]!.pattern;
    const a = args[i]!;
    if (p.kind === "function" && a instanceof FcnType) fcnArgs.push([p, a, i]);
  }
  for (const [p, a, i] of fcnArgs) {
    if (!match(p.ret, a.ret, defs, b, false, false)) return `${what(i)} returns ${a.ret.toString()}, which does not match ${printPattern(p.ret)}`;
  }

  // 3. The parameters of functions bind only the labels that nothing else binds.
  const fromParams = new Bindings();
  for (const [p, a, i] of fcnArgs) {
    for (let j = 0; j < p.params.length; j++) {
      if (!match(p.params[j]!, a.params[j]!, defs, fromParams, false, true)) {
        return `${what(i)}: its parameter ${j + 1} is ${a.params[j]!.toString()}, which cannot take ${printPattern(p.params[j]!)}`;
      }
    }
  }
  for (const [label, ts] of fromParams.candidates) {
    if (b.candidates.has(label)) continue;
    b.candidates.set(label, ts);
    b.requirements.push(...fromParams.requirements.filter((r) => r.enumLabel === label));
  }

  // 4. Each label is bound to the narrowest supertype of what was found for it.
  const bound = new Map<string, AvroType>();
  for (const [label, ts] of b.candidates) {
    const t = narrowestSupertype(ts);
    if (t === null || t.kind === "exception") return `no type can be both ${ts.map((x) => x.toString()).join(" and ")} (label ${label})`;
    const def = defs.get(label);
    if (!fitsDefinition(def, t)) {
      return `label ${label} would be ${t.toString()}, which is not ${def === undefined ? "introduced" : printPattern(def)}`;
    }
    bound.set(label, t);
  }
  for (const r of b.requirements) {
    const rec = bound.get(r.recordLabel);
    const en = bound.get(r.enumLabel);
    if (!(rec instanceof AvroRecord)) return `label ${r.recordLabel} must be a record`;
    const names = rec.fields.map((f) => f.name);
    if (names.length !== r.symbols.length || names.some((n, k) => n !== r.symbols[k])) {
      return `the symbols of ${en === undefined ? "the enum" : en.toString()} (${r.symbols.join(", ")}) must be the field names of ${rec.toString()} in order (${names.join(", ")})`;
    }
  }

  // 5. Substitute the labels and check that every argument is accepted.
  const params: ArgType[] = [];
  for (let i = 0; i < args.length; i++) {
    const p = sig.params[i]!.pattern;
    const a = args[i]!;
    if (p.kind === "function" && a instanceof FcnType) {
      for (let j = 0; j < p.params.length; j++) {
        const given = substitute(p.params[j]!, bound);
        if (given === null) return `cannot infer ${unbound(p.params[j]!, bound)} for ${what(i)}`;
        if (!accepts(a.params[j]!, given)) {
          return `${what(i)}: its parameter ${j + 1} is ${a.params[j]!.toString()}, but it would be given ${given.toString()}`;
        }
      }
      const ret = substitute(p.ret, bound);
      if (ret === null) return `cannot infer ${unbound(p.ret, bound)} for ${what(i)}`;
      if (!accepts(ret, a.ret)) return `${what(i)} returns ${a.ret.toString()}, but ${ret.toString()} is required`;
      params.push(a);
    } else if (!(a instanceof FcnType)) {
      const t = substitute(p, bound);
      if (t === null) return `cannot infer ${unbound(p, bound)} for ${what(i)}`;
      if (!accepts(t, a)) return `${what(i)}: ${a.toString()} is not accepted as ${t.toString()}`;
      params.push(t);
    }
  }
  const ret = substitute(sig.ret, bound);
  if (ret === null) return `cannot infer ${unbound(sig.ret, bound)} for the return type`;
  return { params, ret };
}
