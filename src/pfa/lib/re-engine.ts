/**
 * A POSIX extended regular expression engine for the "re" module (JavaScript's RegExp is
 * leftmost-first and has a different syntax; POSIX is leftmost-longest).
 *
 * Syntax (POSIX ERE as GNU regcomp reads it, which the reference engines follow): alternation `|`,
 * groups `( )`, the quantifiers `* + ? {m} {m,} {m,n} {,n}` (stackable, counts up to 32767), `.`,
 * the anchors `^ $` (at the very start and end of the haystack only: no multi-line mode; `.` matches
 * a newline), bracket
 * expressions with ranges, negation, the classes `[:alpha:]` etc., `[.c.]` and `[=c=]` for single
 * characters, and backslash escapes: back-references `\1`..`\9` to an already closed group, the GNU
 * operators `\w \W \s \S \b \B \< \> \` \'`, the control characters `\n \t \r \f \v` (as the JVM
 * reference engine reads them), and any other escaped character as itself. A backslash inside a
 * bracket expression is an ordinary character. A `)` without an open group is an ordinary character.
 *
 * Errors ("bad pattern"): an unclosed `(` or `[`, a trailing backslash, a quantifier with nothing to
 * repeat (at the start of a branch, or after an anchor), a malformed or out-of-range interval, a
 * reversed range, an unknown class name, a back-reference to a group that is not closed before it in
 * its own branch (`(a)|\1` is refused, as by GNU regcomp), a pattern too large or too deeply nested.
 *
 * Matching: the overall match is the leftmost, and among those starting there the longest. Group
 * positions are those of the preferred path (first alternative, greedy quantifiers) among the paths
 * that give that overall match. Patterns without back-references run on a Thompson NFA simulation
 * (time linear in the haystack, no catastrophic backtracking); patterns with back-references run on
 * a memoised backtracking search. Both count their steps against a budget, past which
 * `RegexBudgetError` is raised instead of running for minutes.
 *
 * Input is an Int32Array of characters: Unicode code points for strings (classes are Unicode-aware),
 * byte values for bytes (classes are ASCII).
 */

/** A pattern that does not compile. */
export class RegexSyntaxError extends Error {}

/** A search that needed more steps than its budget. */
export class RegexBudgetError extends Error {}

const MAX_REPEAT = 32767;
const MAX_PROGRAM = 200000;
const MAX_DEPTH = 1000;
/**
 * The step budgets of one search (each about a second at most): thread steps of the NFA simulation
 * (no pattern of a reasonable size comes near it: it stops patterns like a{30000} on long haystacks),
 * and states plus compared characters of the backtracking search.
 */
const VM_BUDGET = 50000000;
const VM_BUDGET_PER_CHAR = 64;
const BACKTRACK_BUDGET = 3000000;
const BACKTRACK_BUDGET_PER_CHAR = 16;

// ---------------------------------------------------------------------------------------------
// Character sets

const UNI_ALPHA = /\p{Alphabetic}/u;
const UNI_UPPER = /\p{Uppercase}/u;
const UNI_LOWER = /\p{Lowercase}/u;
const UNI_SPACE = /\p{White_Space}/u;
const UNI_BLANK = /\p{Zs}/u;
const UNI_PUNCT = /[\p{P}\p{S}]/u;
const UNI_CNTRL = /\p{Cc}/u;
const UNI_NONGRAPH = /[\p{White_Space}\p{Cc}\p{Cn}\p{Cs}]/u;

type Pred = (c: number) => boolean;

function asciiAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function asciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function asciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
function uni(re: RegExp): Pred {
  return (c) => re.test(String.fromCodePoint(c));
}

/** The POSIX classes: [ascii predicate, predicate for characters beyond ASCII in strings]. */
const CLASSES: Record<string, readonly [Pred, Pred]> = {
  alpha: [asciiAlpha, uni(UNI_ALPHA)],
  digit: [asciiDigit, () => false],
  alnum: [(c) => asciiAlpha(c) || asciiDigit(c), uni(UNI_ALPHA)],
  upper: [(c) => c >= 65 && c <= 90, uni(UNI_UPPER)],
  lower: [(c) => c >= 97 && c <= 122, uni(UNI_LOWER)],
  space: [(c) => c === 32 || (c >= 9 && c <= 13), uni(UNI_SPACE)],
  blank: [(c) => c === 32 || c === 9, uni(UNI_BLANK)],
  punct: [asciiPunct, uni(UNI_PUNCT)],
  cntrl: [(c) => c < 32 || c === 127, uni(UNI_CNTRL)],
  print: [(c) => c >= 32 && c <= 126, (c) => !UNI_NONGRAPH.test(String.fromCodePoint(c)) || UNI_BLANK.test(String.fromCodePoint(c))],
  graph: [(c) => c >= 33 && c <= 126, (c) => !UNI_NONGRAPH.test(String.fromCodePoint(c))],
  xdigit: [(c) => asciiDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102), () => false],
};

/** A set of characters: a table below 256, ranges and class predicates above (strings only). */
class CharSet {
  readonly table = new Uint8Array(256);
  private readonly ranges: number[] = [];
  private readonly preds: Pred[] = [];
  negated = false;

  constructor(private readonly unicode: boolean) {}

  addRange(lo: number, hi: number): void {
    for (let c = lo; c <= Math.min(hi, 255); c++) this.table[c] = 1;
    if (hi > 255) this.ranges.push(Math.max(lo, 256), hi);
  }

  addClass(name: string): void {
    const [ascii, beyond] = CLASSES[name]!;
    for (let c = 0; c < 128; c++) if (ascii(c)) this.table[c] = 1;
    if (this.unicode) {
      for (let c = 128; c < 256; c++) if (beyond(c)) this.table[c] = 1;
      this.preds.push(beyond);
    }
  }

  /** Applies the negation to the table (call once, after the members are added). */
  finish(): void {
    if (this.negated) for (let c = 0; c < 256; c++) this.table[c] ^= 1;
  }

  has(c: number): boolean {
    if (c < 256) return this.table[c] === 1;
    let r = false;
    for (let i = 0; i < this.ranges.length && !r; i += 2) r = c >= this.ranges[i]! && c <= this.ranges[i + 1]!;
    for (let i = 0; i < this.preds.length && !r; i++) r = this.preds[i]!(c);
    return r !== this.negated;
  }
}

function isWordChar(c: number, unicode: boolean): boolean {
  if (c < 128) return asciiAlpha(c) || asciiDigit(c) || c === 95;
  return unicode && UNI_ALPHA.test(String.fromCodePoint(c));
}

// ---------------------------------------------------------------------------------------------
// Syntax tree and parser

const enum Assert {
  Bol,
  Eol,
  WordBoundary,
  NotWordBoundary,
  WordStart,
  WordEnd,
}

type Node =
  | { readonly t: "empty" }
  | { readonly t: "char"; readonly c: number }
  | { readonly t: "any" }
  | { readonly t: "set"; readonly set: CharSet }
  | { readonly t: "cat"; readonly items: readonly Node[] }
  | { readonly t: "alt"; readonly items: readonly Node[] }
  | { readonly t: "group"; readonly index: number; readonly body: Node }
  | { readonly t: "repeat"; readonly body: Node; readonly min: number; readonly max: number }
  | { readonly t: "assert"; readonly kind: Assert }
  | { readonly t: "backref"; readonly index: number };

const CH = (s: string): number => s.charCodeAt(0);
const LPAREN = CH("("), RPAREN = CH(")"), BAR = CH("|"), STAR = CH("*"), PLUS = CH("+"), QUESTION = CH("?");
const LBRACE = CH("{"), RBRACE = CH("}"), LBRACKET = CH("["), RBRACKET = CH("]"), BACKSLASH = CH("\\");
const DOT = CH("."), CARET = CH("^"), DOLLAR = CH("$"), COMMA = CH(","), HYPHEN = CH("-"), COLON = CH(":"), EQUALS = CH("=");

class Parser {
  private i = 0;
  groups = 0;
  private readonly closed = new Set<number>();
  readonly referenced = new Set<number>();

  constructor(
    private readonly p: Int32Array,
    private readonly unicode: boolean,
  ) {}

  parse(): Node {
    const node = this.alternation(0);
    if (this.i < this.p.length) throw new RegexSyntaxError("unexpected character");
    return node;
  }

  private peek(k = 0): number {
    return this.i + k < this.p.length ? this.p[this.i + k]! : -1;
  }

  /** Branches separated by `|`; a back-reference sees only the groups closed before it in its own branch. */
  private alternation(depth: number): Node {
    const before = [...this.closed];
    const items = [this.branch(depth)];
    const closedInBranches = [...this.closed];
    while (this.peek() === BAR) {
      this.i++;
      this.closed.clear();
      for (const g of before) this.closed.add(g);
      items.push(this.branch(depth));
      closedInBranches.push(...this.closed);
    }
    for (const g of closedInBranches) this.closed.add(g);
    return items.length === 1 ? items[0]! : { t: "alt", items };
  }

  private branch(depth: number): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === -1 || c === BAR || (c === RPAREN && depth > 0)) break;
      const [first, repeatable] = this.atom(depth);
      let atom = first;
      for (;;) {
        const q = this.peek();
        let min: number;
        let max: number;
        if (q === STAR) [min, max] = [0, -1];
        else if (q === PLUS) [min, max] = [1, -1];
        else if (q === QUESTION) [min, max] = [0, 1];
        else if (q === LBRACE) [min, max] = this.interval();
        else break;
        if (!repeatable) throw new RegexSyntaxError("nothing to repeat");
        if (q !== LBRACE) this.i++;
        atom = { t: "repeat", body: atom, min, max };
      }
      items.push(atom);
    }
    return items.length === 0 ? { t: "empty" } : items.length === 1 ? items[0]! : { t: "cat", items };
  }

  /** Reads `{m}`, `{m,}`, `{m,n}` or `{,n}` at the cursor. */
  private interval(): [number, number] {
    this.i++;
    const number = (): number => {
      let v = -1;
      while (this.peek() >= 48 && this.peek() <= 57) {
        v = (v < 0 ? 0 : v) * 10 + (this.p[this.i++]! - 48);
        if (v > MAX_REPEAT) throw new RegexSyntaxError("repetition count too large");
      }
      return v;
    };
    let min = number();
    let max = min;
    if (this.peek() === COMMA) {
      this.i++;
      max = number();
      if (min < 0) min = 0;
    } else if (min < 0) throw new RegexSyntaxError("invalid interval");
    if (this.peek() !== RBRACE) throw new RegexSyntaxError("unterminated interval");
    this.i++;
    if (max >= 0 && max < min) throw new RegexSyntaxError("invalid interval");
    return [min, max];
  }

  /** One atom and whether a quantifier may follow it. */
  private atom(depth: number): [Node, boolean] {
    const c = this.p[this.i++]!;
    switch (c) {
      case LPAREN: {
        if (depth >= MAX_DEPTH) throw new RegexSyntaxError("pattern too deeply nested");
        const index = ++this.groups;
        const body = this.alternation(depth + 1);
        if (this.peek() !== RPAREN) throw new RegexSyntaxError("unmatched (");
        this.i++;
        this.closed.add(index);
        return [{ t: "group", index, body }, true];
      }
      case DOT:
        return [{ t: "any" }, true];
      case CARET:
        return [{ t: "assert", kind: Assert.Bol }, false];
      case DOLLAR:
        return [{ t: "assert", kind: Assert.Eol }, false];
      case LBRACKET:
        return [{ t: "set", set: this.bracket() }, true];
      case STAR:
      case PLUS:
      case QUESTION:
      case LBRACE:
        throw new RegexSyntaxError("nothing to repeat");
      case BACKSLASH:
        return this.escape();
      default:
        return [{ t: "char", c }, true];
    }
  }

  private escape(): [Node, boolean] {
    if (this.i >= this.p.length) throw new RegexSyntaxError("trailing backslash");
    const d = this.p[this.i++]!;
    if (d >= 49 && d <= 57) {
      const index = d - 48;
      if (!this.closed.has(index)) throw new RegexSyntaxError("invalid back-reference");
      this.referenced.add(index);
      return [{ t: "backref", index }, true];
    }
    const set = (name: string, negated: boolean): [Node, boolean] => {
      const s = new CharSet(this.unicode);
      if (name === "word") {
        s.addClass("alnum");
        s.addRange(95, 95);
      } else s.addClass(name);
      s.negated = negated;
      s.finish();
      return [{ t: "set", set: s }, true];
    };
    const anchor = (kind: Assert): [Node, boolean] => [{ t: "assert", kind }, false];
    switch (String.fromCharCode(d)) {
      case "w":
        return set("word", false);
      case "W":
        return set("word", true);
      case "s":
        return set("space", false);
      case "S":
        return set("space", true);
      case "b":
        return anchor(Assert.WordBoundary);
      case "B":
        return anchor(Assert.NotWordBoundary);
      case "<":
        return anchor(Assert.WordStart);
      case ">":
        return anchor(Assert.WordEnd);
      case "`":
        return anchor(Assert.Bol);
      case "'":
        return anchor(Assert.Eol);
      case "n":
        return [{ t: "char", c: 10 }, true];
      case "t":
        return [{ t: "char", c: 9 }, true];
      case "r":
        return [{ t: "char", c: 13 }, true];
      case "f":
        return [{ t: "char", c: 12 }, true];
      case "v":
        return [{ t: "char", c: 11 }, true];
      default:
        return [{ t: "char", c: d }, true];
    }
  }

  /** A bracket expression, the cursor just after its `[`. */
  private bracket(): CharSet {
    const set = new CharSet(this.unicode);
    if (this.peek() === CARET) {
      set.negated = true;
      this.i++;
    }
    let first = true;
    for (;;) {
      if (this.i >= this.p.length) throw new RegexSyntaxError("unmatched [");
      const c = this.p[this.i]!;
      if (c === RBRACKET && !first) {
        this.i++;
        break;
      }
      if (c === HYPHEN && !first && this.peek(1) !== RBRACKET) throw new RegexSyntaxError("invalid range");
      first = false;
      const lo = this.bracketElement(set);
      if (lo < 0) {
        if (this.peek() === HYPHEN && this.peek(1) !== RBRACKET && this.peek(1) !== -1) throw new RegexSyntaxError("invalid range");
        continue;
      }
      if (this.peek() === HYPHEN && this.peek(1) !== RBRACKET && this.peek(1) !== -1) {
        this.i++;
        const hi = this.bracketElement(null);
        if (hi < lo) throw new RegexSyntaxError("invalid range");
        set.addRange(lo, hi);
      } else set.addRange(lo, lo);
    }
    set.finish();
    return set;
  }

  /** A character of a bracket expression (returned), or a class added to `set` (returns -1). */
  private bracketElement(set: CharSet | null): number {
    const c = this.p[this.i++]!;
    const k = this.peek();
    if (c !== LBRACKET || (k !== COLON && k !== DOT && k !== EQUALS)) return c;
    this.i++;
    const start = this.i;
    while (this.i + 1 < this.p.length && !(this.p[this.i] === k && this.p[this.i + 1] === RBRACKET)) this.i++;
    if (this.i + 1 >= this.p.length) throw new RegexSyntaxError("unmatched [");
    const content = this.p.subarray(start, this.i);
    this.i += 2;
    if (k === COLON) {
      const name = String.fromCharCode(...content);
      if (set === null || !Object.hasOwn(CLASSES, name)) throw new RegexSyntaxError("invalid character class");
      set.addClass(name);
      return -1;
    }
    if (content.length !== 1) throw new RegexSyntaxError("invalid collating element");
    return content[0]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Program

const enum Op {
  Char,
  Any,
  Set,
  Split,
  Jmp,
  Save,
  Assert,
  Backref,
  Match,
}

class Program {
  readonly op: number[] = [];
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly sets: CharSet[] = [];

  constructor(private readonly saves: boolean) {}

  emit(op: Op, x = 0, y = 0): number {
    if (this.op.length >= MAX_PROGRAM) throw new RegexSyntaxError("pattern too large");
    this.op.push(op);
    this.x.push(x);
    this.y.push(y);
    return this.op.length - 1;
  }

  compile(node: Node): void {
    switch (node.t) {
      case "empty":
        return;
      case "char":
        this.emit(Op.Char, node.c);
        return;
      case "any":
        this.emit(Op.Any);
        return;
      case "set":
        this.sets.push(node.set);
        this.emit(Op.Set, this.sets.length - 1);
        return;
      case "cat":
        for (const item of node.items) this.compile(item);
        return;
      case "alt": {
        const jumps: number[] = [];
        for (let k = 0; k < node.items.length; k++) {
          if (k < node.items.length - 1) {
            const split = this.emit(Op.Split);
            this.x[split] = split + 1;
            this.compile(node.items[k]!);
            jumps.push(this.emit(Op.Jmp));
            this.y[split] = this.op.length;
          } else this.compile(node.items[k]!);
        }
        for (const j of jumps) this.x[j] = this.op.length;
        return;
      }
      case "group":
        if (this.saves) this.emit(Op.Save, 2 * node.index);
        this.compile(node.body);
        if (this.saves) this.emit(Op.Save, 2 * node.index + 1);
        return;
      case "repeat": {
        const { body, min, max } = node;
        for (let k = 0; k < (max < 0 && min > 0 ? min - 1 : min); k++) this.compile(body);
        if (max < 0 && min > 0) {
          const start = this.op.length; // body, then loop back to it
          this.compile(body);
          this.emit(Op.Split, start, this.op.length + 1);
        } else if (max < 0) {
          // as (body+)?, so that an empty iteration is preferred to none: "()*" sets its group
          const split = this.emit(Op.Split, this.op.length + 1);
          this.compile(body);
          this.emit(Op.Split, split + 1, this.op.length + 1);
          this.y[split] = this.op.length;
        } else {
          const splits: number[] = [];
          for (let k = min; k < max; k++) {
            splits.push(this.emit(Op.Split, this.op.length + 1));
            this.compile(body);
          }
          for (const s of splits) this.y[s] = this.op.length;
        }
        return;
      }
      case "assert":
        this.emit(Op.Assert, node.kind);
        return;
      case "backref":
        this.emit(Op.Backref, node.index);
        return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The compiled pattern

/** The characters a match can start with (a superset), when the pattern cannot match the empty string. */
class FirstChars {
  readonly table = new Uint8Array(256);
  readonly chars: number[] = [];
  readonly sets: CharSet[] = [];

  has(c: number): boolean {
    if (c < 256) return this.table[c] === 1;
    return this.chars.includes(c) || this.sets.some((s) => s.has(c));
  }

  /** From the program's start: null when the pattern may match empty (or start with anything). */
  static of(prog: Program): FirstChars | null {
    const first = new FirstChars();
    const seen = new Uint8Array(prog.op.length);
    const stack = [0];
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen[pc] === 1) continue;
      seen[pc] = 1;
      switch (prog.op[pc]) {
        case Op.Char: {
          const c = prog.x[pc]!;
          if (c < 256) first.table[c] = 1;
          else first.chars.push(c);
          break;
        }
        case Op.Set: {
          const set = prog.sets[prog.x[pc]!]!;
          for (let c = 0; c < 256; c++) first.table[c] |= set.table[c]!;
          first.sets.push(set);
          break;
        }
        case Op.Split:
          stack.push(prog.x[pc]!, prog.y[pc]!);
          break;
        case Op.Jmp:
          stack.push(prog.x[pc]!);
          break;
        case Op.Save:
        case Op.Assert:
          stack.push(pc + 1);
          break;
        default: // Any, Backref (possibly empty), Match
          return null;
      }
    }
    return first;
  }
}

/** The buffers of a Pike VM run, kept with the program between searches. */
class VmState {
  readonly mark: Int32Array;
  gen = 0;
  cPc: Int32Array;
  nPc: Int32Array;
  cStart: Int32Array;
  nStart: Int32Array;
  cCaps: Int32Array[] = [];
  nCaps: Int32Array[] = [];
  readonly stack: number[] = [];
  readonly stackCaps: Int32Array[] = [];

  constructor(size: number) {
    this.mark = new Int32Array(size);
    this.cPc = new Int32Array(size);
    this.nPc = new Int32Array(size);
    this.cStart = new Int32Array(size);
    this.nStart = new Int32Array(size);
  }

  nextGen(): number {
    if (this.gen >= 0x7ffffff0) {
      this.mark.fill(0);
      this.gen = 0;
    }
    return ++this.gen;
  }

  swap(): void {
    [this.cPc, this.nPc] = [this.nPc, this.cPc];
    [this.cStart, this.nStart] = [this.nStart, this.cStart];
    [this.cCaps, this.nCaps] = [this.nCaps, this.cCaps];
  }
}

interface Compiled {
  readonly prog: Program;
  readonly first: FirstChars | null;
  readonly vm: VmState;
}

export class Regex {
  /** The number of parenthesised groups. */
  readonly groups: number;
  private readonly tree: Node;
  private readonly unicode: boolean;
  /** Groups that back-references read (their positions are part of the backtracking state). */
  private readonly referenced: readonly number[];
  private withSaves: Compiled | null = null;
  private withoutSaves: Compiled | null = null;
  private steps = 0;
  private budget = 0;

  constructor(pattern: Int32Array, unicode: boolean) {
    const parser = new Parser(pattern, unicode);
    try {
      this.tree = parser.parse();
      this.groups = parser.groups;
      this.unicode = unicode;
      this.referenced = [...parser.referenced];
      this.compiled(true); // the larger program: a pattern too large fails here, not at a search
    } catch (e) {
      if (e instanceof RangeError) throw new RegexSyntaxError("pattern too deeply nested");
      throw e;
    }
  }

  private compiled(saves: boolean): Compiled {
    let c = saves ? this.withSaves : this.withoutSaves;
    if (c === null) {
      const prog = new Program(saves);
      prog.compile(this.tree);
      prog.emit(Op.Match);
      c = { prog, first: FirstChars.of(prog), vm: new VmState(prog.op.length) };
      if (saves) this.withSaves = c;
      else this.withoutSaves = c;
    }
    return c;
  }

  /**
   * The leftmost-longest match starting at `from` or later: [start, end], followed by each group's
   * [start, end] (-1 when it did not take part) when `groups` is asked for. An empty match at
   * `noEmptyAt` is not accepted (for iterating over the matches of a haystack).
   */
  search(input: Int32Array, from: number, noEmptyAt: number, groups: boolean): Int32Array | null {
    this.steps = 0;
    if (this.referenced.length > 0) {
      this.budget = Math.max(BACKTRACK_BUDGET, BACKTRACK_BUDGET_PER_CHAR * input.length);
      return this.backtrack(this.compiled(true), input, from, noEmptyAt);
    }
    this.budget = Math.max(VM_BUDGET, VM_BUDGET_PER_CHAR * input.length);
    if (groups && this.groups > 0) return this.simulateGroups(this.compiled(true), input, from, noEmptyAt);
    const m = this.simulate(this.compiled(false), input, from, noEmptyAt);
    if (m === null || !groups) return m;
    const out = new Int32Array(2 * this.groups + 2).fill(-1);
    out.set(m);
    return out;
  }

  private spend(k: number): void {
    this.steps += k;
    if (this.steps > this.budget) throw new RegexBudgetError("regular expression too complex for this haystack (step limit exceeded)");
  }

  private assertion(kind: Assert, input: Int32Array, pos: number): boolean {
    const n = input.length;
    switch (kind) {
      case Assert.Bol:
        return pos === 0;
      case Assert.Eol:
        return pos === n;
      default: {
        const before = pos > 0 && isWordChar(input[pos - 1]!, this.unicode);
        const after = pos < n && isWordChar(input[pos]!, this.unicode);
        if (kind === Assert.WordBoundary) return before !== after;
        if (kind === Assert.NotWordBoundary) return before === after;
        if (kind === Assert.WordStart) return !before && after;
        return before && !after;
      }
    }
  }

  /**
   * Thompson NFA simulation (Pike VM) for the overall match only: each thread is an instruction and
   * the position its match started at; threads are kept in priority order, earlier starts first, and
   * a thread reaching an instruction already reached at this position is dropped.
   */
  private simulate(c: Compiled, input: Int32Array, from: number, noEmptyAt: number): Int32Array | null {
    const { op, x, y, sets } = c.prog;
    const { first, vm } = c;
    const { mark, stack } = vm;
    const n = input.length;
    let gen = vm.nextGen();
    let nCount = 0;
    let bestS = -1;
    let bestE = -1;

    const add = (pc0: number, start: number, pos: number): void => {
      stack.push(pc0);
      while (stack.length > 0) {
        let pc = stack.pop()!;
        for (;;) {
          if (mark[pc] === gen) break;
          mark[pc] = gen;
          const o = op[pc]!;
          if (o === Op.Jmp) pc = x[pc]!;
          else if (o === Op.Split) {
            stack.push(y[pc]!);
            pc = x[pc]!;
          } else if (o === Op.Save) pc++;
          else if (o === Op.Assert) {
            if (!this.assertion(x[pc]!, input, pos)) break;
            pc++;
          } else {
            vm.nPc[nCount] = pc;
            vm.nStart[nCount++] = start;
            break;
          }
        }
      }
    };

    for (let pos = from; pos <= n; pos++) {
      if (bestS < 0) {
        if (nCount === 0 && first !== null) {
          while (pos < n && !first.has(input[pos]!)) pos++;
          if (pos >= n) break; // the pattern cannot match the empty string
          gen = vm.nextGen();
        }
        add(0, pos, pos);
      }
      if (nCount === 0) {
        if (bestS >= 0) break;
        gen = vm.nextGen();
        continue;
      }
      vm.swap();
      const cCount = nCount;
      const { cPc, cStart } = vm;
      nCount = 0;
      gen = vm.nextGen();
      this.spend(cCount);
      const ch = pos < n ? input[pos]! : -1;
      for (let t = 0; t < cCount; t++) {
        const pc = cPc[t]!;
        const start = cStart[t]!;
        if (bestS >= 0 && start > bestS) break; // later starts lose to the match found
        switch (op[pc]) {
          case Op.Match:
            if (start === pos && pos === noEmptyAt) break;
            if (bestS < 0 || start < bestS || pos > bestE) {
              bestS = start;
              bestE = pos;
            }
            break;
          case Op.Char:
            if (ch === x[pc]) add(pc + 1, start, pos + 1);
            break;
          case Op.Any:
            if (ch >= 0) add(pc + 1, start, pos + 1);
            break;
          case Op.Set:
            if (ch >= 0 && sets[x[pc]!]!.has(ch)) add(pc + 1, start, pos + 1);
            break;
        }
      }
    }
    return bestS < 0 ? null : Int32Array.of(bestS, bestE);
  }

  /** The same simulation with the group positions carried by each thread (copied when one changes). */
  private simulateGroups(c: Compiled, input: Int32Array, from: number, noEmptyAt: number): Int32Array | null {
    const { op, x, y, sets } = c.prog;
    const { first, vm } = c;
    const { mark, stack, stackCaps } = vm;
    const n = input.length;
    const width = 2 * this.groups + 2;
    let gen = vm.nextGen();
    let nCount = 0;
    let best: Int32Array | null = null;

    const add = (pc0: number, caps0: Int32Array, pos: number): void => {
      stack.push(pc0);
      stackCaps.push(caps0);
      while (stack.length > 0) {
        let pc = stack.pop()!;
        let caps = stackCaps.pop()!;
        for (;;) {
          if (mark[pc] === gen) break;
          mark[pc] = gen;
          const o = op[pc]!;
          if (o === Op.Jmp) pc = x[pc]!;
          else if (o === Op.Split) {
            stack.push(y[pc]!);
            stackCaps.push(caps);
            pc = x[pc]!;
          } else if (o === Op.Save) {
            caps = caps.slice();
            caps[x[pc]!] = pos;
            pc++;
          } else if (o === Op.Assert) {
            if (!this.assertion(x[pc]!, input, pos)) break;
            pc++;
          } else {
            vm.nPc[nCount] = pc;
            vm.nCaps[nCount++] = caps;
            break;
          }
        }
      }
    };

    for (let pos = from; pos <= n; pos++) {
      if (best === null) {
        if (nCount === 0 && first !== null) {
          while (pos < n && !first.has(input[pos]!)) pos++;
          if (pos >= n) break;
          gen = vm.nextGen();
        }
        const caps = new Int32Array(width).fill(-1);
        caps[0] = pos;
        add(0, caps, pos);
      }
      if (nCount === 0) {
        if (best !== null) break;
        gen = vm.nextGen();
        continue;
      }
      vm.swap();
      const cCount = nCount;
      const { cPc, cCaps } = vm;
      nCount = 0;
      gen = vm.nextGen();
      this.spend(cCount);
      const ch = pos < n ? input[pos]! : -1;
      for (let t = 0; t < cCount; t++) {
        const pc = cPc[t]!;
        const caps = cCaps[t]!;
        const start = caps[0]!;
        if (best !== null && start > best[0]!) break;
        switch (op[pc]) {
          case Op.Match:
            if (start === pos && pos === noEmptyAt) break;
            if (best === null || start < best[0]! || pos > best[1]!) {
              best = caps.slice();
              best[1] = pos;
            }
            break;
          case Op.Char:
            if (ch === x[pc]) add(pc + 1, caps, pos + 1);
            break;
          case Op.Any:
            if (ch >= 0) add(pc + 1, caps, pos + 1);
            break;
          case Op.Set:
            if (ch >= 0 && sets[x[pc]!]!.has(ch)) add(pc + 1, caps, pos + 1);
            break;
        }
      }
    }
    return best;
  }

  /**
   * For back-references: a depth-first search in priority order, exhaustive from each start (to find
   * the longest match), each state (instruction, position, positions of the referenced groups) visited
   * once, so that the search is bounded; its steps are counted against the budget.
   */
  private backtrack(c: Compiled, input: Int32Array, from: number, noEmptyAt: number): Int32Array | null {
    const { op, x, y, sets } = c.prog;
    const first = c.first;
    const n = input.length;
    const width = 2 * this.groups + 2;
    const referenced = this.referenced;
    // a state's key as a number when it fits in 53 bits, else as a string
    const numeric = op.length * (n + 1) * (n + 2) ** (2 * referenced.length) < Number.MAX_SAFE_INTEGER;
    const visitedNum = new Set<number>();
    const visitedStr = new Set<string>();
    const stackPc: number[] = [];
    const stackPos: number[] = [];
    const stackCaps: Int32Array[] = [];
    for (let start = from; start <= n; start++) {
      if (first !== null) {
        while (start < n && !first.has(input[start]!)) start++;
        if (start >= n) break;
      }
      let best: Int32Array | null = null;
      const caps0 = new Int32Array(width).fill(-1);
      caps0[0] = start;
      stackPc.push(0);
      stackPos.push(start);
      stackCaps.push(caps0);
      while (stackPc.length > 0) {
        let pc = stackPc.pop()!;
        let pos = stackPos.pop()!;
        let caps = stackCaps.pop()!;
        for (;;) {
          this.spend(1);
          if (numeric) {
            let key = pc * (n + 1) + pos;
            for (const g of referenced) key = (key * (n + 2) + caps[2 * g]! + 1) * (n + 2) + caps[2 * g + 1]! + 1;
            if (visitedNum.has(key)) break;
            visitedNum.add(key);
          } else {
            let key = `${pc},${pos}`;
            for (const g of referenced) key += `,${caps[2 * g]},${caps[2 * g + 1]}`;
            if (visitedStr.has(key)) break;
            visitedStr.add(key);
          }
          const o = op[pc]!;
          if (o === Op.Char) {
            if (pos >= n || input[pos] !== x[pc]) break;
            pos++;
            pc++;
          } else if (o === Op.Any) {
            if (pos >= n) break;
            pos++;
            pc++;
          } else if (o === Op.Set) {
            if (pos >= n || !sets[x[pc]!]!.has(input[pos]!)) break;
            pos++;
            pc++;
          } else if (o === Op.Jmp) pc = x[pc]!;
          else if (o === Op.Split) {
            stackPc.push(y[pc]!);
            stackPos.push(pos);
            stackCaps.push(caps);
            pc = x[pc]!;
          } else if (o === Op.Save) {
            caps = caps.slice();
            caps[x[pc]!] = pos;
            pc++;
          } else if (o === Op.Assert) {
            if (!this.assertion(x[pc]!, input, pos)) break;
            pc++;
          } else if (o === Op.Backref) {
            const a = caps[2 * x[pc]!]!;
            const b = caps[2 * x[pc]! + 1]!;
            if (a < 0 || b < 0 || pos + (b - a) > n) break;
            this.spend(b - a);
            let same = true;
            for (let k = 0; k < b - a && same; k++) same = input[a + k] === input[pos + k];
            if (!same) break;
            pos += b - a;
            pc++;
          } else {
            if (!(start === pos && pos === noEmptyAt) && (best === null || pos > best[1]!)) {
              best = caps.slice();
              best[1] = pos;
            }
            break;
          }
        }
      }
      if (best !== null) return best;
    }
    return null;
  }
}
