/**
 * Java regular expressions (java.util.regex, `Pattern.compile(pattern)` without flags, what
 * jpmml-evaluator runs for PMML's `matches` and `replace`), translated into the pattern syntax of the
 * PFA engine's `re` module (POSIX extended, leftmost-longest: ../../pfa/lib/re-engine.ts) and into an
 * equivalent JavaScript RegExp source (for the `u` flag: JavaScript, like Java, backtracks
 * leftmost-first), for a subset whose meaning is the same in all three. Anything else is refused with
 * a message naming the construct.
 *
 * The subset:
 * - literal characters; escaped punctuation (`\.`, `\\`, `\-`, ...); `\t \n \r \f \a \e`; `\xhh`,
 *   `\x{h...}`, `\uhhhh` and octal `\0o`, `\0oo`, `\0ooo` (not naming a surrogate); `\Q...\E`
 *   (quoted literal text, outside classes);
 * - `\d \D \s \S \w \W` as Java reads them by default (ASCII: `\s` is [ \t\n\x0B\f\r], `\w` is
 *   [a-zA-Z_0-9]); `.`, any character but Java's line terminators \n \r \u0085 \u2028 \u2029;
 * - classes `[...]` and `[^...]` of characters, ranges and the escapes above (not a `]` first, not
 *   nested classes, not intersections `&&`, not `\p{...}`; not a class with some surrogate code
 *   points but not every character beyond U+FFFF, as `[^\x{1F600}]`, unless the pattern has a literal
 *   character beyond U+FFFF: Java may read the low half of a pair alone there);
 * - groups `(...)` and `(?:...)`, alternation `|`, the greedy quantifiers `* + ? {m} {m,} {m,n}`
 *   (counts up to 1000);
 * - `^` (the start of the input); `$` (the end of the input, or before a line terminator that ends
 *   it) only at the end of the pattern or of one of its top-level alternatives.
 *
 * Every character class is written out as an explicit bracket expression of code point ranges in
 * both targets (never the engines' own `\w`, `[:alpha:]` or `.`), and all three engines read strings
 * as code points (a character outside the Basic Multilingual Plane is one character to Java's
 * classes and `.`, to JavaScript's `u` flag and to the PFA engine).
 *
 * For `matches` (Matcher.find: does any substring match) every translated pattern is exact, as the
 * existence of a match does not depend on which match an engine prefers. For `replace`
 * (Matcher.replaceAll) the matches' spans must agree too: `fixedSpanRefusal` accepts only patterns
 * without `|` and `$`, without quantified groups, with at most one quantified atom (a single-character
 * matcher) and every other atom a single character, so that Java's greedy backtracking and POSIX's
 * leftmost-longest rule choose the same match; and that cannot match the empty string (Java's
 * replaceAll accepts an empty match right after a non-empty one, as the engine's re.replaceall does
 * not), unless anchored by a leading `^` (at most one match then).
 */

/** A pattern (or replacement) outside the supported subset, or not a valid Java regular expression. */
export class JavaRegexError extends Error {}

// ---------------------------------------------------------------------------------------------
// Syntax tree

/** Sorted, disjoint, non-adjacent inclusive code point ranges [lo0, hi0, lo1, hi1, ...]. */
type Ranges = readonly number[];

type Item =
  | { readonly t: "char"; readonly c: number }
  | { readonly t: "set"; readonly ranges: Ranges }
  | { readonly t: "bol" }
  | { readonly t: "eol" }
  | { readonly t: "group"; readonly body: Alt }
  | { readonly t: "repeat"; readonly body: Item; readonly min: number; readonly max: number };

/** Alternatives, each a sequence of items. */
interface Alt {
  readonly branches: readonly (readonly Item[])[];
}

const MAX_CODE = 0x10ffff;
const MAX_COUNT = 1000;
/** A bound on the size of the translated pattern once its counted repetitions are expanded. */
const MAX_SIZE = 20000;
const MAX_DEPTH = 100;

function normalize(pairs: number[]): number[] {
  const sorted: [number, number][] = [];
  for (let k = 0; k < pairs.length; k += 2) sorted.push([pairs[k]!, pairs[k + 1]!]);
  sorted.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

function complement(r: Ranges): number[] {
  const out: number[] = [];
  let next = 0;
  for (let k = 0; k < r.length; k += 2) {
    if (r[k]! > next) out.push(next, r[k]! - 1);
    next = r[k + 1]! + 1;
  }
  if (next <= MAX_CODE) out.push(next, MAX_CODE);
  return out;
}

function overlaps(r: Ranges, lo: number, hi: number): boolean {
  for (let k = 0; k < r.length; k += 2) if (r[k]! <= hi && r[k + 1]! >= lo) return true;
  return false;
}

function covers(r: Ranges, lo: number, hi: number): boolean {
  for (let k = 0; k < r.length; k += 2) if (r[k]! <= lo && r[k + 1]! >= hi) return true;
  return false;
}

const DIGIT: Ranges = [0x30, 0x39];
const SPACE: Ranges = normalize([0x20, 0x20, 0x09, 0x0d]); // space, \t \n \x0B \f \r
const WORD: Ranges = normalize([0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]);
/** Java's `.` by default: anything but \n, \r, \u0085, \u2028, \u2029. */
const DOT: Ranges = complement(normalize([0x0a, 0x0a, 0x0d, 0x0d, 0x85, 0x85, 0x2028, 0x2029]));

const SHORTHANDS: Record<string, Ranges> = {
  d: DIGIT,
  D: complement(DIGIT),
  s: SPACE,
  S: complement(SPACE),
  w: WORD,
  W: complement(WORD),
};

const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, a: 7, e: 27 };

/** Escaped letters with a meaning in Java that this subset does not give them, and what they are. */
const REFUSED_ESCAPES: Record<string, string> = {
  b: "the word boundary \\b",
  B: "the non-word boundary \\B",
  A: "the anchor \\A",
  z: "the anchor \\z",
  Z: "the anchor \\Z",
  G: "the anchor \\G",
  p: "the Unicode class \\p{...}",
  P: "the Unicode class \\P{...}",
  k: "the named back-reference \\k<...>",
  h: "the horizontal whitespace class \\h",
  H: "the class \\H",
  v: "the vertical whitespace class \\v",
  V: "the class \\V",
  R: "the linebreak matcher \\R",
  X: "the grapheme cluster matcher \\X",
  N: "the named character \\N{...}",
  c: "the control character escape \\c",
};

const ch = (c: number): string => String.fromCodePoint(c);
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isAsciiLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAsciiAlnum = (c: number): boolean => isAsciiLetter(c) || isDigit(c);
const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

// ---------------------------------------------------------------------------------------------
// Parser

class Parser {
  private i = 0;
  private readonly p: number[];

  /** The pattern has a literal character beyond U+FFFF (Java then starts no match inside a surrogate pair). */
  private readonly supplementary: boolean;

  constructor(private readonly source: string) {
    this.p = Array.from(source, (s) => s.codePointAt(0)!);
    this.supplementary = this.p.some((c) => c > 0xffff);
  }

  /** A construct outside the subset. */
  private refuse(what: string, note?: string): never {
    throw new JavaRegexError(`pattern ${JSON.stringify(this.source)}: ${what} is not supported${note === undefined ? "" : ` (${note})`}`);
  }

  /** A pattern that Java would not compile. */
  private invalid(why: string): never {
    throw new JavaRegexError(`pattern ${JSON.stringify(this.source)} is not a valid Java regular expression: ${why}`);
  }

  private peek(k = 0): number | undefined {
    return this.p[this.i + k];
  }

  parse(): Alt {
    const alt = this.alternation(0);
    if (this.i < this.p.length) this.invalid("an unmatched ')'");
    return alt;
  }

  private alternation(depth: number): Alt {
    if (depth > MAX_DEPTH) this.refuse(`groups nested deeper than ${MAX_DEPTH}`);
    const branches = [this.sequence(depth)];
    while (this.peek() === 0x7c /* | */) {
      this.i++;
      branches.push(this.sequence(depth));
    }
    return { branches };
  }

  private sequence(depth: number): Item[] {
    const items: Item[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c /* | */ || c === 0x29 /* ) */) return items;
      if (c === 0x2a || c === 0x2b || c === 0x3f || c === 0x7b) {
        // * + ? {
        const [min, max] = this.quantifier();
        const last = items.pop();
        if (last === undefined) this.invalid(`a quantifier ${ch(c)} with nothing before it to repeat`);
        if (last.t === "repeat") this.refuse("a quantifier right after another quantifier");
        if (last.t === "bol" || last.t === "eol") this.refuse(`a quantifier on the anchor ${last.t === "bol" ? "^" : "$"}`);
        items.push({ t: "repeat", body: last, min, max });
        continue;
      }
      if (c === 0x5c /* \ */ && this.peek(1) === 0x51 /* Q */) {
        this.i += 2;
        while (this.i < this.p.length && !(this.peek() === 0x5c && this.peek(1) === 0x45 /* E */)) items.push({ t: "char", c: this.p[this.i++]! });
        if (this.i < this.p.length) this.i += 2;
        continue;
      }
      items.push(this.atom(depth));
    }
  }

  /** A quantifier at the cursor: [min, max] (max -1: unbounded); greedy only. */
  private quantifier(): [number, number] {
    const c = this.p[this.i++]!;
    let min: number;
    let max: number;
    if (c === 0x2a) [min, max] = [0, -1];
    else if (c === 0x2b) [min, max] = [1, -1];
    else if (c === 0x3f) [min, max] = [0, 1];
    else {
      const start = this.i - 1;
      const number = (): number => {
        if (!isDigit(this.peek())) return -1;
        let v = 0;
        while (isDigit(this.peek())) {
          v = v * 10 + (this.p[this.i++]! - 0x30);
          if (v > MAX_COUNT) this.refuse(`a repetition count above ${MAX_COUNT}`);
        }
        return v;
      };
      min = number();
      if (min < 0) this.invalid("a '{' that does not start a repetition {m}, {m,} or {m,n} (write \\{ for the character)");
      max = min;
      if (this.peek() === 0x2c /* , */) {
        this.i++;
        max = number();
      }
      if (this.peek() !== 0x7d /* } */) this.invalid(`an unterminated repetition ${this.source.slice(start)}`);
      this.i++;
      if (max >= 0 && max < min) this.invalid(`the repetition {${min},${max}} has its maximum below its minimum`);
    }
    const next = this.peek();
    if (next === 0x3f) this.refuse(`the lazy quantifier ${this.quantifierText(min, max)}?`, "only greedy quantifiers are");
    if (next === 0x2b) this.refuse(`the possessive quantifier ${this.quantifierText(min, max)}+`, "only greedy quantifiers are");
    return [min, max];
  }

  private quantifierText(min: number, max: number): string {
    if (min === 0 && max === -1) return "*";
    if (min === 1 && max === -1) return "+";
    if (min === 0 && max === 1) return "?";
    return max === min ? `{${min}}` : max < 0 ? `{${min},}` : `{${min},${max}}`;
  }

  private atom(depth: number): Item {
    const c = this.p[this.i++]!;
    switch (c) {
      case 0x28: /* ( */ {
        if (this.peek() === 0x3f /* ? */) {
          const k = this.peek(1);
          const k2 = this.peek(2);
          if (k === 0x3a /* : */) this.i += 2;
          else if (k === 0x3d) this.refuse("the lookahead (?=...)");
          else if (k === 0x21) this.refuse("the negative lookahead (?!...)");
          else if (k === 0x3c && k2 === 0x3d) this.refuse("the lookbehind (?<=...)");
          else if (k === 0x3c && k2 === 0x21) this.refuse("the negative lookbehind (?<!...)");
          else if (k === 0x3c) this.refuse("the named group (?<name>...)");
          else if (k === 0x3e) this.refuse("the atomic group (?>...)");
          else this.refuse("inline flags (?...) such as (?i)");
        }
        const body = this.alternation(depth + 1);
        if (this.peek() !== 0x29) this.invalid("an unclosed '('");
        this.i++;
        return { t: "group", body };
      }
      case 0x5b /* [ */:
        return { t: "set", ranges: this.bracket() };
      case 0x2e /* . */:
        return { t: "set", ranges: DOT };
      case 0x5e /* ^ */:
        return { t: "bol" };
      case 0x24 /* $ */:
        return { t: "eol" };
      case 0x5c /* \ */: {
        const e = this.escape(false);
        return typeof e === "number" ? { t: "char", c: e } : { t: "set", ranges: e };
      }
      default:
        return { t: "char", c };
    }
  }

  /** An escape after its backslash: a character, or a class's ranges. */
  private escape(inClass: boolean): number | Ranges {
    const c = this.peek();
    if (c === undefined) return this.invalid("a trailing backslash");
    this.i++;
    const s = ch(c);
    if (c >= 0x31 && c <= 0x39) this.refuse(`the back-reference \\${s}`);
    if (c === 0x30) return this.checked(this.octal(), `\\0`);
    if (Object.hasOwn(SHORTHANDS, s)) return SHORTHANDS[s]!;
    if (Object.hasOwn(CONTROL_ESCAPES, s)) return CONTROL_ESCAPES[s]!;
    if (s === "x") {
      if (this.peek() === 0x7b /* { */) {
        const end = this.p.indexOf(0x7d, this.i);
        const hex = end < 0 ? "" : String.fromCodePoint(...this.p.slice(this.i + 1, end));
        if (!/^[0-9a-fA-F]{1,6}$/.test(hex) || parseInt(hex, 16) > MAX_CODE) this.invalid("a malformed escape \\x{...}");
        this.i = end + 1;
        return this.checked(parseInt(hex, 16), `\\x{${hex}}`);
      }
      return this.checked(this.hex(2, "\\x"), "\\x");
    }
    if (s === "u") return this.checked(this.hex(4, "\\u"), "\\u");
    if (s === "Q" && inClass) this.refuse("\\Q...\\E inside a class");
    if (s === "E") this.invalid("\\E without a \\Q before it");
    if (Object.hasOwn(REFUSED_ESCAPES, s)) this.refuse(REFUSED_ESCAPES[s]!);
    if (isAsciiAlnum(c)) this.refuse(`the escape \\${s}`);
    return c;
  }

  private checked(c: number, what: string): number {
    if (isSurrogate(c)) this.refuse(`the escape ${what} names a surrogate (U+${c.toString(16).toUpperCase()})`);
    return c;
  }

  private hex(n: number, what: string): number {
    const digits = String.fromCodePoint(...this.p.slice(this.i, this.i + n));
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) this.invalid(`a malformed escape ${what}`);
    this.i += n;
    return parseInt(digits, 16);
  }

  /** Java's octal escape after `\0`: 1 to 3 octal digits, 3 only when the first is at most 3. */
  private octal(): number {
    const od = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x37;
    if (!od(this.peek())) return this.invalid("a malformed octal escape \\0");
    const n = this.p[this.i++]! - 0x30;
    if (!od(this.peek())) return n;
    const m = this.p[this.i++]! - 0x30;
    if (od(this.peek()) && n <= 3) return n * 64 + m * 8 + (this.p[this.i++]! - 0x30);
    return n * 8 + m;
  }

  /** A class, the cursor just after its `[`: its ranges (negation applied). */
  private bracket(): Ranges {
    let negated = false;
    if (this.peek() === 0x5e /* ^ */) {
      negated = true;
      this.i++;
    }
    if (this.peek() === 0x5d /* ] */) this.refuse("a ']' first in a class", "write \\] for the character");
    const pairs: number[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.invalid("an unclosed '['");
      if (c === 0x5d) {
        this.i++;
        break;
      }
      if (c === 0x5b) this.refuse("a class nested in a class");
      if (c === 0x26 && this.peek(1) === 0x26) this.refuse("the class intersection &&");
      const lo = this.classElement();
      if (typeof lo !== "number") {
        if (this.peek() === 0x2d && this.peek(1) !== 0x5d) this.refuse("a '-' right after a class escape in a class", "write \\- for the character");
        for (let k = 0; k < lo.length; k++) pairs.push(lo[k]!);
        continue;
      }
      if (this.peek() === 0x2d /* - */ && this.peek(1) !== 0x5d && this.peek(1) !== undefined) {
        this.i++;
        if (this.peek() === 0x5b || (this.peek() === 0x26 && this.peek(1) === 0x26)) this.refuse("a range ending in '[' or '&&' in a class");
        const hi = this.classElement();
        if (typeof hi !== "number") this.refuse("a range to a class escape in a class");
        if (hi < lo) this.invalid(`the range ${ch(lo)}-${ch(hi)} ends before it starts`);
        pairs.push(lo, hi);
      } else pairs.push(lo, lo);
    }
    const set = normalize(pairs);
    const ranges = negated ? complement(set) : set;
    // Java (8, at least) tries matches at the low half of a surrogate pair too (reading it alone),
    // unless the pattern has a literal character beyond U+FFFF: harmless only when a class with low
    // surrogates also has every character beyond U+FFFF (then the match at the pair itself is found
    // first), which the other engines, reading code points, agree with.
    if (!this.supplementary && overlaps(ranges, 0xdc00, 0xdfff) && !covers(ranges, 0x10000, MAX_CODE)) {
      this.refuse("a class with surrogate code points (U+D800-U+DFFF) but not every character beyond U+FFFF, in a pattern without a literal character beyond U+FFFF");
    }
    return ranges;
  }

  private classElement(): number | Ranges {
    const c = this.p[this.i++]!;
    return c === 0x5c ? this.escape(true) : c;
  }
}

// ---------------------------------------------------------------------------------------------
// Analysis

function canBeEmpty(item: Item): boolean {
  switch (item.t) {
    case "char":
    case "set":
      return false;
    case "bol":
    case "eol":
      return true;
    case "group":
      return altCanBeEmpty(item.body);
    case "repeat":
      return item.min === 0 || canBeEmpty(item.body);
  }
}

function altCanBeEmpty(alt: Alt): boolean {
  return alt.branches.some((b) => b.every(canBeEmpty));
}

function size(item: Item): number {
  switch (item.t) {
    case "group":
      return altSize(item.body) + 2;
    case "repeat":
      return size(item.body) * Math.max(1, item.max < 0 ? item.min : item.max) + 2;
    default:
      return 1;
  }
}

function altSize(alt: Alt): number {
  return alt.branches.reduce((s, b) => s + b.reduce((t, i) => t + size(i), 1), 0);
}

/** The items of a sequence with its (unquantified, single-branch) groups opened. */
function flatten(items: readonly Item[]): Item[] {
  return items.flatMap((i) => (i.t === "group" && i.body.branches.length === 1 ? flatten(i.body.branches[0]!) : [i]));
}

function hasAlternation(alt: Alt): boolean {
  return alt.branches.length > 1 || alt.branches.some((b) => b.some(itemHasAlternation));
}
function itemHasAlternation(i: Item): boolean {
  return i.t === "group" ? hasAlternation(i.body) : i.t === "repeat" ? itemHasAlternation(i.body) : false;
}

// ---------------------------------------------------------------------------------------------
// The PFA engine's syntax (POSIX ERE)

/** Characters special outside a bracket expression (escaped with a backslash: never a letter or digit). */
const POSIX_SPECIAL = new Set(Array.from("\\.[]()*+?{}|^$", (s) => s.charCodeAt(0)));
/** Characters that cannot stand for themselves everywhere in a bracket expression (written [.c.]). */
const BRACKET_SPECIAL = new Set(Array.from("[]^-", (s) => s.charCodeAt(0)));

function posixChar(c: number): string {
  return POSIX_SPECIAL.has(c) ? `\\${ch(c)}` : ch(c);
}

function posixBracketChar(c: number, source: string): string {
  if (isSurrogate(c)) throw new JavaRegexError(`pattern ${JSON.stringify(source)}: a class bounded by a surrogate code point (U+${c.toString(16).toUpperCase()}) is not supported`);
  return BRACKET_SPECIAL.has(c) ? `[.${ch(c)}.]` : ch(c);
}

/** A bracket expression of exactly these code points, in the PFA engine's syntax. */
function posixSet(r: Ranges, source: string): string {
  const all = [0, MAX_CODE];
  // A set reaching the last code point is written as the negation of its complement.
  const negated = r.length > 0 && r[r.length - 1] === MAX_CODE && !(r.length === 2 && r[0] === 0);
  const list = negated ? complement(r) : r.length === 0 ? all : r;
  let body = "";
  for (let k = 0; k < list.length; k += 2) {
    const lo = list[k]!;
    const hi = list[k + 1]!;
    body += posixBracketChar(lo, source);
    if (hi === lo + 1) body += posixBracketChar(hi, source);
    else if (hi > lo) body += `-${posixBracketChar(hi, source)}`;
  }
  return `[${negated || r.length === 0 ? "^" : ""}${body}]`;
}

interface PosixOptions {
  source: string;
  /** How a final `$` is written: its suffix before the engine's `$` (which is the end of the input only). */
  eolSuffix: string;
}

function posixItem(item: Item, o: PosixOptions): string {
  switch (item.t) {
    case "char":
      return posixChar(item.c);
    case "set":
      return posixSet(item.ranges, o.source);
    case "bol":
      return "^";
    case "eol":
      return `${o.eolSuffix}$`;
    case "group":
      return `(${posixAlt(item.body, o)})`;
    case "repeat": {
      const { min, max } = item;
      const q = min === 0 && max < 0 ? "*" : min === 1 && max < 0 ? "+" : min === 0 && max === 1 ? "?" : max === min ? `{${min}}` : max < 0 ? `{${min},}` : `{${min},${max}}`;
      return posixItem(item.body, o) + q;
    }
  }
}

function posixAlt(alt: Alt, o: PosixOptions): string {
  return alt.branches.map((b) => b.map((i) => posixItem(i, o)).join("")).join("|");
}

// ---------------------------------------------------------------------------------------------
// JavaScript's syntax (with the `u` flag)

function jsChar(c: number): string {
  return isAsciiAlnum(c) ? ch(c) : `\\u{${c.toString(16)}}`;
}

function jsSet(r: Ranges): string {
  if (r.length === 0) return "[^\\u{0}-\\u{10ffff}]";
  let body = "";
  for (let k = 0; k < r.length; k += 2) body += r[k] === r[k + 1] ? jsChar(r[k]!) : `${jsChar(r[k]!)}-${jsChar(r[k + 1]!)}`;
  return `[${body}]`;
}

/** Java's `$` without MULTILINE: the end, or before a final \r\n, or before a final \r, \u0085, \u2028, \u2029, or \n not after \r. */
const JS_EOL = "(?:(?=(?:\\r\\n|[\\r\\u{85}\\u{2028}\\u{2029}])?$)|(?<!\\r)(?=\\n$))";

function jsItem(item: Item): string {
  switch (item.t) {
    case "char":
      return jsChar(item.c);
    case "set":
      return jsSet(item.ranges);
    case "bol":
      return "^";
    case "eol":
      return JS_EOL;
    case "group":
      return `(?:${jsAlt(item.body)})`;
    case "repeat": {
      const { min, max } = item;
      return jsItem(item.body) + (max === min ? `{${min}}` : max < 0 ? `{${min},}` : `{${min},${max}}`);
    }
  }
}

function jsAlt(alt: Alt): string {
  return alt.branches.map((b) => b.map(jsItem).join("")).join("|");
}

// ---------------------------------------------------------------------------------------------
// The translation

export interface JavaRegex {
  /** The pattern as written. */
  readonly source: string;
  /**
   * The PFA engine's pattern. When the pattern ends in `$` (`eolSensitive`), this one is for an input
   * that does not end with "\r\n" (Java's `$` is then the end, or before a final line terminator).
   */
  readonly pfa: string;
  /** For `$` patterns: the PFA engine's pattern for an input that ends with "\r\n" (else null). */
  readonly pfaCrlf: string | null;
  /** An equivalent JavaScript RegExp source, for the `u` flag (add `g` to replace every match). */
  readonly js: string;
  /** Whether the pattern can match the empty string. */
  readonly canMatchEmpty: boolean;
  /** Why Java's replaceAll and the engine's re.replaceall might replace different spans (null: they agree). */
  readonly fixedSpanRefusal: string | null;
}

function fixedSpanRefusal(alt: Alt): string | null {
  if (hasAlternation(alt)) return "alternation '|' (Java prefers the first alternative that matches, the PFA engine the longest match)";
  const items = flatten(alt.branches[0]!);
  let quantified = 0;
  const walk = (list: readonly Item[]): string | null => {
    for (const i of list) {
      if (i.t === "eol") return "'$' (Java's $ also matches before a final line terminator, which a replaced span cannot express)";
      if (i.t === "group") return walk(i.body.branches[0]!);
      if (i.t === "repeat") {
        if (i.body.t === "group") return "a quantified group (Java's backtracking and the PFA engine's longest match may choose different spans)";
        quantified++;
        if (quantified > 1) return "more than one quantified atom (Java's greedy backtracking and the PFA engine's longest match may choose different spans)";
      }
    }
    return null;
  };
  const why = walk(items);
  if (why !== null) return why;
  if (altCanBeEmpty(alt) && items[0]?.t !== "bol") {
    return "a pattern that can match the empty string (Java's replaceAll also replaces an empty match right after another match; the PFA engine's re.replaceall does not)";
  }
  return null;
}

/** Parses and translates a Java regular expression (JavaRegexError outside the subset). */
export function translateJavaRegex(source: string): JavaRegex {
  const alt = new Parser(source).parse();
  if (altSize(alt) > MAX_SIZE) throw new JavaRegexError(`pattern ${JSON.stringify(source)}: a pattern this large (once its repetitions are counted out) is not supported`);
  // `$` only at the end of a top-level alternative.
  const misplaced = (items: readonly Item[], top: boolean): boolean =>
    items.some((i, k) => (i.t === "eol" ? !(top && k === items.length - 1) : i.t === "group" ? i.body.branches.some((b) => misplaced(b, false)) : i.t === "repeat" ? misplaced([i.body], false) : false));
  if (alt.branches.some((b) => misplaced(b, true))) {
    throw new JavaRegexError(`pattern ${JSON.stringify(source)}: '$' other than at the end of the pattern or of one of its top-level alternatives is not supported`);
  }
  const eolSensitive = alt.branches.some((b) => b.at(-1)?.t === "eol");
  // Java's $ at the end: with an input ending in \r\n, the end or before that \r\n (not between
  // them); otherwise the end or before a last character that is a line terminator.
  const pfa = posixAlt(alt, { source, eolSuffix: eolSensitive ? "[\n\r\u0085\u2028\u2029]?" : "" });
  const pfaCrlf = eolSensitive ? posixAlt(alt, { source, eolSuffix: "(\r\n)?" }) : null;
  return { source, pfa, pfaCrlf, js: jsAlt(alt), canMatchEmpty: altCanBeEmpty(alt), fixedSpanRefusal: fixedSpanRefusal(alt) };
}

/**
 * A replacement as Java's Matcher.replaceAll reads it, when it is literal text: `\$` and `\\` stand
 * for `$` and `\`; a group reference `$n` or `${name}` and any other backslash are refused.
 */
export function literalJavaReplacement(replacement: string): string {
  let out = "";
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === "$") throw new JavaRegexError(`replacement ${JSON.stringify(replacement)}: the group reference '$' is not supported (write \\$ for a dollar sign)`);
    if (c === "\\") {
      const next = replacement[i + 1];
      if (next === undefined) throw new JavaRegexError(`replacement ${JSON.stringify(replacement)} is not a valid Java replacement: a trailing backslash`);
      if (next !== "$" && next !== "\\") throw new JavaRegexError(`replacement ${JSON.stringify(replacement)}: the escape \\${next} is not supported (only \\$ and \\\\; Java reads \\${next} as ${JSON.stringify(next)})`);
      out += next;
      i++;
    } else out += c;
  }
  return out;
}
