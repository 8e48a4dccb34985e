/**
 * A compact text syntax for the signatures of PFA library functions (spec §4.6, "generic function
 * signatures"), so that each function can carry its signatures as strings beside its code:
 *
 *     "(x: any A of {int, long, float, double}, y: A) -> A"
 *     "(a: array(any A), fcn: function(A) -> any B) -> array(B)"
 *     "(datum: any record D, comparison: any record T with {field: enum F of fields of D, operator: string, value: any V}) -> boolean"
 *
 * Grammar (spaces between tokens are free; `print*` writes exactly the spacing shown, which is the
 * canonical form: `printSignature(parseSignature(s)) === s` for canonical strings):
 *
 *     signature := "(" [param {", " param}] ")" " -> " pattern
 *     param     := NAME ": " pattern
 *     pattern   := PRIMITIVE                                   null boolean int long float double string bytes
 *                | "array(" pattern ")"                        array whose items match
 *                | "map(" pattern ")"                          map whose values match
 *                | "union(" pattern {", " pattern} ")"         union; a union argument matches member-wise
 *                | "function(" [pattern {", " pattern}] ") -> " pattern
 *                                                              a function passed as an argument
 *                | "any " LABEL                                any type, bound to LABEL
 *                | "any " LABEL " of {" PRIMITIVE {", " PRIMITIVE} "}"
 *                                                              one of the listed types, bound to LABEL
 *                | "any record " LABEL [" with {" NAME ": " pattern {", " NAME ": " pattern} "}"]
 *                                                              any record (with at least these fields,
 *                                                              whose types match exactly), bound to LABEL
 *                | "any enum " LABEL                           any enum, bound to LABEL
 *                | "any fixed " LABEL                          any fixed, bound to LABEL
 *                | "enum " LABEL " of fields of " LABEL        an enum whose symbols are the field names
 *                                                              (same order) of the record bound to the
 *                                                              second label
 *                | LABEL                                       the type bound to LABEL elsewhere
 *     LABEL     := [A-Z][A-Za-z0-9_]*       type variables start with a capital, so never clash with a keyword
 *     NAME      := [A-Za-z_][A-Za-z0-9_]*   parameter and field names
 *
 * Rules checked by `parseSignature`: each label is introduced exactly once in a signature (by one of
 * the `any ...` forms or `enum ... of fields of ...`), every bare LABEL refers to a label introduced
 * somewhere in the same signature, and `of fields of` names a label introduced by `any record`.
 * Function patterns appear only as the type of a parameter (not nested in other patterns).
 *
 * How libfcns.xml maps to this syntax (scripts/gen-libsigs.mjs does it): element text `double` is a
 * primitive; `<array>`, `<map>` and `<function>` (with `<par>` and `<ret>`) nest; a run of sibling
 * `<union>` elements, each holding one member, is one `union(...)`; `<any label of>` is `any L [of {...}]`;
 * `<ref label>` is a bare label; `<record label>` with `<field name>` children is `any record L [with {...}]`;
 * `<enum label>` is `any enum L` and `<enum label ofRecord>` is `enum L of fields of R`; `<fixed label>`
 * is `any fixed L`.
 */

export type PrimitiveName = "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string";

export const PRIMITIVE_NAMES: readonly PrimitiveName[] = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"];

export interface FieldPattern {
  readonly name: string;
  readonly pattern: Pattern;
}

/** A parameter or return type pattern. */
export type Pattern =
  | { readonly kind: "primitive"; readonly name: PrimitiveName }
  | { readonly kind: "array"; readonly items: Pattern }
  | { readonly kind: "map"; readonly values: Pattern }
  | { readonly kind: "union"; readonly types: readonly Pattern[] }
  | { readonly kind: "function"; readonly params: readonly Pattern[]; readonly ret: Pattern }
  /** `any A` or `any A of {int, long}` (`oneOf` absent when unrestricted). */
  | { readonly kind: "wildcard"; readonly label: string; readonly oneOf?: readonly PrimitiveName[] }
  /** `any record A` or `any record A with {name: P, ...}` (`fields` empty when there is no `with`). */
  | { readonly kind: "wildRecord"; readonly label: string; readonly fields: readonly FieldPattern[] }
  /** `any enum A` */
  | { readonly kind: "wildEnum"; readonly label: string }
  /** `any fixed A` */
  | { readonly kind: "wildFixed"; readonly label: string }
  /** `enum A of fields of B` */
  | { readonly kind: "enumFields"; readonly label: string; readonly record: string }
  /** a bare `A`: the type bound to a label introduced elsewhere in the signature */
  | { readonly kind: "ref"; readonly label: string };

/** A pattern that introduces a label. */
export type LabelDefinition = Extract<Pattern, { kind: "wildcard" | "wildRecord" | "wildEnum" | "wildFixed" | "enumFields" }>;

export interface ParamPattern {
  readonly name: string;
  readonly pattern: Pattern;
}

export interface SignaturePattern {
  readonly params: readonly ParamPattern[];
  readonly ret: Pattern;
}

/** One signature of a library function as stored in the generated tables (src/pfa/lib/signatures/). */
export interface SigSpec {
  /** The signature in this file's syntax. */
  readonly sig: string;
  /** PFA version from which the signature is deprecated (it still works, with a warning). */
  readonly deprecation?: string;
  /** PFA version from which the signature no longer exists. */
  readonly death?: string;
  /** What to use instead, for the deprecation warning. */
  readonly contingency?: string;
}

/** A library function's facts from libfcns.xml: its signatures, runtime error codes and nondeterminism. */
export interface FunctionSignatures {
  readonly name: string;
  readonly sigs: readonly SigSpec[];
  readonly errors: readonly number[];
  /** "pseudorandom", "unstable" or "unordered" when the function is not deterministic. */
  readonly nondeterministic?: string;
}

export class SignatureSyntaxError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset} in signature ${JSON.stringify(source)}`);
    this.name = "SignatureSyntaxError";
  }
}

const LABEL_RE = /^[A-Z][A-Za-z0-9_]*$/;
const PRIMITIVES: ReadonlySet<string> = new Set(PRIMITIVE_NAMES);

export function isLabel(s: string): boolean {
  return LABEL_RE.test(s);
}

// ---------------------------------------------------------------------------------------------
// Parsing

type Token = { kind: "ident"; text: string; at: number } | { kind: "punct"; text: string; at: number } | { kind: "end"; text: ""; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      out.push({ kind: "ident", text: src.slice(start, i), at: start });
    } else if (c === "-" && src[i + 1] === ">") {
      out.push({ kind: "punct", text: "->", at: i });
      i += 2;
    } else if ("(){},:".includes(c)) {
      out.push({ kind: "punct", text: c, at: i });
      i++;
    } else {
      throw new SignatureSyntaxError(`unexpected character ${JSON.stringify(c)}`, src, i);
    }
  }
  out.push({ kind: "end", text: "", at: src.length });
  return out;
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  constructor(private readonly src: string) {
    this.tokens = tokenize(src);
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== "end") this.pos++;
    return t;
  }
  private fail(message: string, t: Token = this.peek()): never {
    throw new SignatureSyntaxError(message, this.src, t.at);
  }
  private describe(t: Token): string {
    return t.kind === "end" ? "the end" : JSON.stringify(t.text);
  }
  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text || t.kind === "end") this.fail(`expected ${JSON.stringify(text)}, found ${this.describe(t)}`, t);
  }
  private accept(text: string): boolean {
    const t = this.peek();
    if (t.kind !== "end" && t.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }
  private name(what: string): string {
    const t = this.next();
    if (t.kind !== "ident") this.fail(`expected ${what}, found ${this.describe(t)}`, t);
    return t.text;
  }
  private label(): string {
    const t = this.next();
    if (t.kind !== "ident" || !LABEL_RE.test(t.text)) this.fail(`expected a label (a name starting with a capital letter), found ${this.describe(t)}`, t);
    return t.text;
  }
  end(): void {
    const t = this.peek();
    if (t.kind !== "end") this.fail(`unexpected ${this.describe(t)} after the end`, t);
  }

  signature(): SignaturePattern {
    this.expect("(");
    const params: ParamPattern[] = [];
    if (!this.accept(")")) {
      do {
        const name = this.name("a parameter name");
        this.expect(":");
        params.push({ name, pattern: this.pattern(true) });
      } while (this.accept(","));
      this.expect(")");
    }
    this.expect("->");
    const ret = this.pattern(false);
    return { params, ret };
  }

  pattern(functionAllowed: boolean): Pattern {
    const t = this.next();
    if (t.kind !== "ident") this.fail(`expected a type pattern, found ${this.describe(t)}`, t);
    const word = t.text;
    if (PRIMITIVES.has(word)) return { kind: "primitive", name: word as PrimitiveName };
    switch (word) {
      case "array": {
        this.expect("(");
        const items = this.pattern(false);
        this.expect(")");
        return { kind: "array", items };
      }
      case "map": {
        this.expect("(");
        const values = this.pattern(false);
        this.expect(")");
        return { kind: "map", values };
      }
      case "union": {
        this.expect("(");
        const types: Pattern[] = [];
        do types.push(this.pattern(false));
        while (this.accept(","));
        this.expect(")");
        return { kind: "union", types };
      }
      case "function": {
        if (!functionAllowed) this.fail("a function pattern can only be the type of a parameter", t);
        this.expect("(");
        const params: Pattern[] = [];
        if (!this.accept(")")) {
          do params.push(this.pattern(false));
          while (this.accept(","));
          this.expect(")");
        }
        this.expect("->");
        return { kind: "function", params, ret: this.pattern(false) };
      }
      case "any": {
        if (this.accept("record")) {
          const label = this.label();
          const fields: FieldPattern[] = [];
          if (this.accept("with")) {
            this.expect("{");
            do {
              const name = this.name("a field name");
              if (fields.some((f) => f.name === name)) this.fail(`field "${name}" appears twice`);
              this.expect(":");
              fields.push({ name, pattern: this.pattern(false) });
            } while (this.accept(","));
            this.expect("}");
          }
          return { kind: "wildRecord", label, fields };
        }
        if (this.accept("enum")) return { kind: "wildEnum", label: this.label() };
        if (this.accept("fixed")) return { kind: "wildFixed", label: this.label() };
        const label = this.label();
        if (this.accept("of")) {
          this.expect("{");
          const oneOf: PrimitiveName[] = [];
          do {
            const n = this.next();
            if (n.kind !== "ident" || !PRIMITIVES.has(n.text)) this.fail(`expected a primitive type name, found ${this.describe(n)}`, n);
            oneOf.push(n.text as PrimitiveName);
          } while (this.accept(","));
          this.expect("}");
          return { kind: "wildcard", label, oneOf };
        }
        return { kind: "wildcard", label };
      }
      case "enum": {
        const label = this.label();
        this.expect("of");
        this.expect("fields");
        this.expect("of");
        return { kind: "enumFields", label, record: this.label() };
      }
      default:
        if (LABEL_RE.test(word)) return { kind: "ref", label: word };
        return this.fail(`unknown type ${JSON.stringify(word)}`, t);
    }
  }
}

/** Parses a whole signature and checks its labels (see the rules in the header). Throws SignatureSyntaxError. */
export function parseSignature(src: string): SignaturePattern {
  const p = new Parser(src);
  const sig = p.signature();
  p.end();
  const problem = checkLabels(sig);
  if (problem !== null) throw new SignatureSyntaxError(problem, src, 0);
  return sig;
}

/** Parses one pattern (labels are not checked: a lone pattern has no scope). Throws SignatureSyntaxError. */
export function parsePattern(src: string): Pattern {
  const p = new Parser(src);
  const pat = p.pattern(true);
  p.end();
  return pat;
}

// ---------------------------------------------------------------------------------------------
// Labels

/** Calls `f` on `p` and every pattern nested in it, outside in, left to right. */
export function walkPattern(p: Pattern, f: (p: Pattern) => void): void {
  f(p);
  switch (p.kind) {
    case "array":
      walkPattern(p.items, f);
      return;
    case "map":
      walkPattern(p.values, f);
      return;
    case "union":
      for (const t of p.types) walkPattern(t, f);
      return;
    case "function":
      for (const t of p.params) walkPattern(t, f);
      walkPattern(p.ret, f);
      return;
    case "wildRecord":
      for (const fp of p.fields) walkPattern(fp.pattern, f);
      return;
    default:
      return;
  }
}

function isDefinition(p: Pattern): p is LabelDefinition {
  return p.kind === "wildcard" || p.kind === "wildRecord" || p.kind === "wildEnum" || p.kind === "wildFixed" || p.kind === "enumFields";
}

function checkLabels(sig: SignaturePattern): string | null {
  const defs = new Map<string, LabelDefinition>();
  const refs: { label: string; record?: boolean }[] = [];
  let problem: string | null = null;
  const visit = (p: Pattern): void => {
    if (isDefinition(p)) {
      if (defs.has(p.label) && problem === null) problem = `label ${p.label} is introduced twice`;
      defs.set(p.label, p);
      if (p.kind === "enumFields") refs.push({ label: p.record, record: true });
    } else if (p.kind === "ref") {
      refs.push({ label: p.label });
    }
  };
  for (const param of sig.params) walkPattern(param.pattern, visit);
  walkPattern(sig.ret, visit);
  if (problem !== null) return problem;
  for (const r of refs) {
    const d = defs.get(r.label);
    if (d === undefined) return `label ${r.label} is used but never introduced (write "any ${r.label}" where it is first bound)`;
    if (r.record === true && d.kind !== "wildRecord") return `"of fields of ${r.label}" needs ${r.label} to be introduced by "any record ${r.label}"`;
  }
  return null;
}

/** The pattern that introduces each label of a signature. */
export function labelDefinitions(sig: SignaturePattern): Map<string, LabelDefinition> {
  const defs = new Map<string, LabelDefinition>();
  const visit = (p: Pattern): void => {
    if (isDefinition(p) && !defs.has(p.label)) defs.set(p.label, p);
  };
  for (const param of sig.params) walkPattern(param.pattern, visit);
  walkPattern(sig.ret, visit);
  return defs;
}

/** True when the pattern has no labels (it denotes exactly one type, or one function type). */
export function isConcrete(p: Pattern): boolean {
  let concrete = true;
  walkPattern(p, (q) => {
    if (q.kind === "ref" || isDefinition(q)) concrete = false;
  });
  return concrete;
}

/** True when the signature has labels (a generic signature). */
export function isGeneric(sig: SignaturePattern): boolean {
  return !sig.params.every((p) => isConcrete(p.pattern)) || !isConcrete(sig.ret);
}

// ---------------------------------------------------------------------------------------------
// Printing

export function printPattern(p: Pattern): string {
  switch (p.kind) {
    case "primitive":
      return p.name;
    case "array":
      return `array(${printPattern(p.items)})`;
    case "map":
      return `map(${printPattern(p.values)})`;
    case "union":
      return `union(${p.types.map(printPattern).join(", ")})`;
    case "function":
      return `function(${p.params.map(printPattern).join(", ")}) -> ${printPattern(p.ret)}`;
    case "wildcard":
      return p.oneOf === undefined ? `any ${p.label}` : `any ${p.label} of {${p.oneOf.join(", ")}}`;
    case "wildRecord":
      return p.fields.length === 0
        ? `any record ${p.label}`
        : `any record ${p.label} with {${p.fields.map((f) => `${f.name}: ${printPattern(f.pattern)}`).join(", ")}}`;
    case "wildEnum":
      return `any enum ${p.label}`;
    case "wildFixed":
      return `any fixed ${p.label}`;
    case "enumFields":
      return `enum ${p.label} of fields of ${p.record}`;
    case "ref":
      return p.label;
  }
}

/** The parameter list alone, as in error messages: `(x: any A of {int, long, float, double}, y: A)`. */
export function printParams(sig: SignaturePattern): string {
  return `(${sig.params.map((p) => `${p.name}: ${printPattern(p.pattern)}`).join(", ")})`;
}

export function printSignature(sig: SignaturePattern): string {
  return `${printParams(sig)} -> ${printPattern(sig.ret)}`;
}
