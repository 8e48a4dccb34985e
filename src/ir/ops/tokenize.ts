/**
 * tokenize: a string to its tokens (Spark's Tokenizer and RegexTokenizer, MLeap's tokenizer and
 * regex_tokenizer). Spark lower-cases the text (`toLowercase`), then splits it at the matches of a
 * Java regular expression (`gaps`, with Java's `split`: a leading empty token when the text starts
 * with a match, trailing empty tokens dropped, the whole text when nothing matches) or takes the
 * matches themselves, and drops tokens shorter than `minTokenLength` (in UTF-16 units, Java's length).
 * Spark's Tokenizer is the pattern `\s` with gaps and no minimum length.
 *
 * The PFA engine has no regular expressions, so the op runs the patterns it can translate exactly
 * into string operations: one character class (`\s`, `\W`, `[^a-z0-9]`, `.`, a single character),
 * optionally followed by `+`, and, for splitting, a literal text (`, `). Other patterns are refused.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { STRING, arrayOf, describeType, nonNull, nullable } from "../types.js";
import { MissingValueError, pick } from "./common.js";
import { ARRAY_STRING, str } from "./text-util.js";

export interface TokenizeParams {
  /** A Java regular expression (Spark's `pattern`, default `\s+`; Tokenizer: `\s`; MLeap's `regex`). */
  pattern: string;
  /** Split at the matches (true, Spark's default) or take the matches as the tokens (false). */
  gaps: boolean;
  /** Tokens shorter than this (in UTF-16 code units) are dropped (Spark's default 1; Tokenizer: 0). */
  minTokenLength: number;
  /** Lower-case the text first (Spark's default true), as Java's `toLowerCase()` does outside Turkic and Lithuanian locales. */
  toLowercase: boolean;
}

/** Sorted, disjoint, non-adjacent ranges of code points. */
type Ranges = [number, number][];

/** What the op can run: one character class, once or repeated, or a literal text. */
export type TokenPattern = { kind: "class"; ranges: Ranges; plus: boolean } | { kind: "literal"; text: string };

const MAX = 0x10ffff;

function normalize(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX) out.push([next, MAX]);
  return out;
}

const single = (c: number): Ranges => [[c, c]];
/** Java's predefined classes (without UNICODE_CHARACTER_CLASS: ASCII only). */
const SPACE: Ranges = normalize([[0x20, 0x20], [0x09, 0x0d]]);
const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = normalize([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
/** `.` matches anything but Java's line terminators. */
const DOT: Ranges = complement([[0x0a, 0x0a], [0x0d, 0x0d], [0x85, 0x85], [0x2028, 0x2029]]);

class Unsupported extends Error {}

/** Reads one escape after a backslash at `p[i]`; returns its ranges and the index after it. */
function readEscape(p: string, i: number): [Ranges, number] {
  const c = p[i];
  if (c === undefined) throw new Unsupported("the pattern ends with a backslash");
  const hex = (from: number, n: number): [Ranges, number] => {
    const h = p.slice(from, from + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw new Unsupported(`bad escape \\${c}${h}`);
    return [single(parseInt(h, 16)), from + n];
  };
  switch (c) {
    case "t":
      return [single(0x09), i + 1];
    case "n":
      return [single(0x0a), i + 1];
    case "r":
      return [single(0x0d), i + 1];
    case "f":
      return [single(0x0c), i + 1];
    case "a":
      return [single(0x07), i + 1];
    case "e":
      return [single(0x1b), i + 1];
    case "s":
      return [SPACE, i + 1];
    case "S":
      return [complement(SPACE), i + 1];
    case "d":
      return [DIGIT, i + 1];
    case "D":
      return [complement(DIGIT), i + 1];
    case "w":
      return [WORD, i + 1];
    case "W":
      return [complement(WORD), i + 1];
    case "x":
      if (p[i + 1] === "{") {
        const end = p.indexOf("}", i + 2);
        const h = end < 0 ? "" : p.slice(i + 2, end);
        if (!/^[0-9a-fA-F]{1,6}$/.test(h) || parseInt(h, 16) > MAX) throw new Unsupported(`bad escape \\x{${h}}`);
        return [single(parseInt(h, 16)), end + 1];
      }
      return hex(i + 1, 2);
    case "u": {
      const [r, next] = hex(i + 1, 4);
      // Java joins \uD83D\uDE00 into one character; the op asks for \x{1F600} instead.
      if (r[0]![0] >= 0xd800 && r[0]![0] <= 0xdfff) throw new Unsupported(`the surrogate escape \\u${p.slice(i + 1, i + 5)} (write the character as \\x{...})`);
      return [r, next];
    }
    case "0": {
      const m = /^[0-7]{1,3}/.exec(p.slice(i + 1));
      if (m === null) throw new Unsupported("bad octal escape \\0");
      let digits = m[0];
      if (digits.length === 3 && parseInt(digits[0]!, 8) > 3) digits = digits.slice(0, 2);
      return [single(parseInt(digits, 8)), i + 1 + digits.length];
    }
    case "c": {
      const x = p.codePointAt(i + 1);
      if (x === undefined) throw new Unsupported("bad escape \\c");
      return [single(x ^ 64), i + 2];
    }
    default:
      if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`the construct \\${c} (only character classes and literal text can be run without a regular-expression engine)`);
      return [single(p.codePointAt(i)!), i + String.fromCodePoint(p.codePointAt(i)!).length];
  }
}

/** Reads a class `[...]` starting after its `[`; returns its ranges and the index after the `]`. */
function readClass(p: string, i: number): [Ranges, number] {
  let negate = false;
  if (p[i] === "^") {
    negate = true;
    i++;
  }
  const items: Ranges = [];
  let first = true;
  for (;;) {
    const c = p[i];
    if (c === undefined) throw new Unsupported("an unclosed character class");
    if (c === "]" && !first) break;
    if (c === "[" || (c === "&" && p[i + 1] === "&")) throw new Unsupported("nested classes and class intersections");
    if (c === "]") throw new Unsupported("a ] first in a class");
    first = false;
    let lo: Ranges;
    if (c === "\\") [lo, i] = readEscape(p, i + 1);
    else {
      const cp = p.codePointAt(i)!;
      lo = single(cp);
      i += String.fromCodePoint(cp).length;
    }
    // A range a-b (a `-` before `]` is a literal).
    if (p[i] === "-" && p[i + 1] !== "]" && p[i + 1] !== undefined) {
      if (lo.length !== 1 || lo[0]![0] !== lo[0]![1]) throw new Unsupported("a range from a predefined class");
      let hi: Ranges;
      if (p[i + 1] === "\\") [hi, i] = readEscape(p, i + 2);
      else {
        if (p[i + 1] === "[") throw new Unsupported("nested classes");
        const cp = p.codePointAt(i + 1)!;
        hi = single(cp);
        i += 1 + String.fromCodePoint(cp).length;
      }
      if (hi.length !== 1 || hi[0]![0] !== hi[0]![1]) throw new Unsupported("a range to a predefined class");
      if (hi[0]![0] < lo[0]![0]) throw new Unsupported("a range out of order");
      items.push([lo[0]![0], hi[0]![0]]);
    } else {
      items.push(...lo);
    }
  }
  const ranges = normalize(items);
  return [negate ? complement(ranges) : ranges, i + 1];
}

/** The op's reading of a Java pattern, or an Error saying why it cannot run it. */
export function parseTokenPattern(pattern: string): TokenPattern {
  try {
    if (pattern === "") throw new Unsupported("an empty pattern");
    // One class, optionally repeated.
    let atom: Ranges | null = null;
    let i = 0;
    const c = pattern[0]!;
    if (c === "[") [atom, i] = readClass(pattern, 1);
    else if (c === "\\") [atom, i] = readEscape(pattern, 1);
    else if (c === ".") [atom, i] = [DOT, 1];
    else if (!"^$|?*+(){".includes(c)) {
      const cp = pattern.codePointAt(0)!;
      [atom, i] = [single(cp), String.fromCodePoint(cp).length];
    }
    if (atom !== null && i === pattern.length) return { kind: "class", ranges: atom, plus: false };
    if (atom !== null && pattern[i] === "+" && i + 1 === pattern.length) return { kind: "class", ranges: atom, plus: true };
    // Literal text: characters and escaped characters only.
    let text = "";
    for (i = 0; i < pattern.length; ) {
      const d = pattern[i]!;
      if ("^$|?*+(){[.".includes(d)) throw new Unsupported(`"${d}" (only a character class, optionally followed by +, or literal text can be run without a regular-expression engine)`);
      if (d === "\\") {
        const [r, next] = readEscape(pattern, i + 1);
        if (r.length !== 1 || r[0]![0] !== r[0]![1]) throw new Unsupported("a character class inside a longer pattern");
        text += String.fromCodePoint(r[0]![0]);
        i = next;
      } else {
        const cp = pattern.codePointAt(i)!;
        text += String.fromCodePoint(cp);
        i += String.fromCodePoint(cp).length;
      }
    }
    return { kind: "literal", text };
  } catch (e) {
    if (e instanceof Unsupported) throw new Error(`tokenize: pattern ${JSON.stringify(pattern)} cannot be converted: ${e.message}`);
    throw e;
  }
}

/** A JavaScript regular expression (flags gu) matching what the Java pattern matches. */
function toRegExp(p: TokenPattern): RegExp {
  if (p.kind === "literal") return new RegExp(p.text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"), "gu");
  const hex = (c: number) => `\\u{${c.toString(16)}}`;
  const body = p.ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join("");
  return new RegExp(`[${body}]${p.plus ? "+" : ""}`, "gu");
}

/** Spark's tokens of a text (the reference semantics, through JavaScript's regular expressions). */
export function sparkTokens(params: TokenizeParams, text: string): string[] {
  const p = parseTokenPattern(params.pattern);
  const s = params.toLowercase ? text.toLowerCase() : text;
  const matches = [...s.matchAll(toRegExp(p))];
  let tokens: string[];
  if (params.gaps) {
    if (matches.length === 0) tokens = [s];
    else {
      tokens = [];
      let start = 0;
      for (const m of matches) {
        tokens.push(s.slice(start, m.index));
        start = m.index + m[0].length;
      }
      tokens.push(s.slice(start));
      while (tokens.length > 0 && tokens[tokens.length - 1] === "") tokens.pop();
    }
  } else {
    tokens = matches.map((m) => m[0]);
  }
  return tokens.filter((t) => t.length >= params.minTokenLength);
}

/** The PFA test that a one-character string `c` is in `ranges` (as "not in the complement" for negated classes such as `\W` or `.`). */
function memberTest(ranges: Ranges, c: string): JsonValue {
  const last = ranges[ranges.length - 1];
  if (last !== undefined && last[1] === MAX) return { "!": positiveTest(complement(ranges), c) };
  return positiveTest(ranges, c);
}

function positiveTest(ranges: Ranges, c: string): JsonValue {
  // Characters that are not in a valid string (surrogates) need no test and cannot be written.
  const clean: Ranges = [];
  for (const [lo0, hi0] of ranges) {
    const lo = lo0 >= 0xd800 && lo0 <= 0xdfff ? 0xe000 : lo0;
    const hi = hi0 >= 0xd800 && hi0 <= 0xdfff ? 0xd7ff : hi0;
    if (lo <= hi) clean.push([lo, hi]);
  }
  let singles = "";
  const tests: JsonValue[] = [];
  for (const [lo, hi] of clean) {
    if (hi - lo < 16 && !(lo < 0xd800 && hi > 0xdfff)) for (let x = lo; x <= hi; x++) singles += String.fromCodePoint(x);
    else tests.push({ "&&": [{ ">=": [c, str(String.fromCodePoint(lo))] }, { "<=": [c, str(String.fromCodePoint(hi))] }] });
  }
  if (singles !== "") tests.unshift({ "s.contains": [str(singles), c] });
  if (tests.length === 0) return false;
  return tests.reduce((a, b) => ({ "||": [a, b] }));
}

export const tokenize = defineOp<TokenizeParams>({
  name: "tokenize",
  summary: "split a string into tokens",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`tokenize takes one column, found ${inputs.length}`);
    if (nonNull(inputs[0]!).kind !== "string") throw new Error(`tokenize takes a string, found ${describeType(inputs[0]!)}`);
    if (typeof params.pattern !== "string") throw new Error("tokenize: the pattern must be a string");
    if (!Number.isInteger(params.minTokenLength)) throw new Error(`tokenize: minTokenLength must be a whole number, found ${String(params.minTokenLength)}`);
    const p = parseTokenPattern(params.pattern);
    if (p.kind === "literal" && !params.gaps) throw new Error(`tokenize: pattern ${JSON.stringify(params.pattern)} is literal text; taking its matches as tokens (gaps = false) is not supported`);
    return [arrayOf(STRING)];
  },
  evaluate(params, inputs) {
    const v = inputs[0];
    if (v === null || v === undefined) throw new MissingValueError("tokenize: a missing text");
    return [sparkTokens(params, v as string)];
  },
  lower(params, inputs, types, ctx) {
    const p = parseTokenPattern(params.pattern);
    const [text, s, n, tokens] = [ctx.symbol("text"), ctx.symbol("s"), ctx.symbol("n"), ctx.symbol("tokens")];
    const body: JsonValue[] = [{ let: { [s]: params.toLowercase ? { "s.lower": text } : text } }];
    const dropTrailingEmpty: JsonValue = {
      while: { "&&": [{ ">": [{ "a.len": tokens }, 0] }, { "==": [{ "a.last": tokens }, str("")] }] },
      do: [{ set: { [tokens]: { "a.init": tokens } } }],
    };
    if (p.kind === "literal") {
      // Java splits at the same non-overlapping occurrences as s.split; without one it keeps the whole text.
      body.push({ let: { [tokens]: { "s.split": [s, str(p.text)] } } }, { if: { "s.contains": [s, str(p.text)] }, then: [dropTrailingEmpty] });
    } else {
      const c = ctx.symbol("c");
      const inClass = ctx.fcn("patternChar", { params: [{ [c]: "string" }], ret: "boolean", do: [memberTest(p.ranges, c)] });
      const at = (k: JsonValue): JsonValue => ({ [inClass]: [{ "s.substr": [s, k, { "+": [k, 1] }] }] });
      const [i, j, start, found] = [ctx.symbol("i"), ctx.symbol("j"), ctx.symbol("start"), ctx.symbol("found")];
      const onMatch: JsonValue[] = params.gaps
        ? [{ set: { [tokens]: { "a.append": [tokens, { "s.substr": [s, start, i] }] } } }, { set: { [start]: j, [found]: true } }]
        : [{ set: { [tokens]: { "a.append": [tokens, { "s.substr": [s, i, j] }] } } }];
      body.push(
        { let: { [n]: { "s.len": s }, [tokens]: { new: [], type: ARRAY_STRING }, [i]: 0, [start]: 0, [found]: false } },
        {
          while: { "<": [i, n] },
          do: [
            {
              if: at(i),
              then: [
                { let: { [j]: { "+": [i, 1] } } },
                ...(p.plus ? [{ while: { "&&": [{ "<": [j, n] }, at(j)] }, do: [{ set: { [j]: { "+": [j, 1] } } }] }] : []),
                ...onMatch,
                { set: { [i]: j } },
              ],
              else: [{ set: { [i]: { "+": [i, 1] } } }],
            },
          ],
        },
      );
      if (params.gaps) {
        body.push({
          if: found,
          then: [{ set: { [tokens]: { "a.append": [tokens, { "s.substr": [s, start, n] }] } } }, dropTrailingEmpty],
          else: [{ set: { [tokens]: { new: [s], type: ARRAY_STRING } } }],
        });
      }
    }
    // Java's String.length counts UTF-16 units: a character beyond U+FFFF counts twice.
    const m = params.minTokenLength;
    if (m >= 1) {
      const t = ctx.symbol("t");
      let keep: JsonValue = { ">=": [{ "s.len": t }, m] };
      if (m >= 2) {
        const [u, k, count] = [ctx.symbol("u"), ctx.symbol("k"), ctx.symbol("count")];
        const utf16Length = ctx.fcn("utf16Length", {
          params: [{ [u]: "string" }],
          ret: "int",
          do: [
            { let: { [count]: { "s.len": u }, [k]: 0 } },
            {
              while: { "<": [k, { "s.len": u }] },
              do: [
                { if: { ">=": [{ "s.substr": [u, k, { "+": [k, 1] }] }, str("\u{10000}")] }, then: [{ set: { [count]: { "+": [count, 1] } } }] },
                { set: { [k]: { "+": [k, 1] } } },
              ],
            },
            count,
          ],
        });
        keep = { "||": [keep, { ">=": [{ [utf16Length]: [t] }, m] }] };
      }
      body.push({ "a.filter": [tokens, { params: [{ [t]: "string" }], ret: "boolean", do: [keep] }] });
    } else {
      body.push(tokens);
    }
    const fcn = ctx.fcn("tokenize", { params: [{ [text]: "string" }], ret: ARRAY_STRING, do: body });
    if (types[0]!.kind !== "nullable") return [{ [fcn]: [inputs[0]!] }];
    const v = ctx.symbol("v");
    return [{ ifnotnull: { [v]: inputs[0]! }, then: { [fcn]: [v] }, else: { error: "tokenize: a missing text" } }];
  },
  arbitrary(random) {
    const pattern = pick(random, ["\\s", "\\s+", "\\W+", "\\W", "\\w+", "[a-c]+", "[^a-z]", "[^\\s,]+", ",", ", ", "x", ".", ".+", "\\d+", "[\\u00e0-\\u00ff]+", "\\.", "ab", "[\\x{1F600}-\\x{1F64F}]"]);
    const gaps = parseTokenPattern(pattern).kind === "literal" ? true : random() < 0.6;
    const params: TokenizeParams = { pattern, gaps, minTokenLength: pick(random, [0, 1, 1, 2, 3]), toLowercase: random() < 0.7 };
    return { params, inputs: [random() < 0.3 ? nullable(STRING) : STRING] };
  },
  arbitraryInputs(_params, inputs, random) {
    if (inputs[0]!.kind === "nullable" && random() < 0.15) return [null];
    const pieces = ["a", "B", "c", " ", "  ", "\t", "\n", ",", ", ", "x", "ab", "Ünï", "😀", "é", "1", "42", "_", ".", "İ", "ΣΑΣ", "\u000b", "\u00a0"];
    let text = "";
    for (let k = Math.floor(random() * 8); k > 0; k--) text += pick(random, pieces);
    return [text];
  },
});
