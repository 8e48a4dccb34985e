/**
 * textIndex: PMML's TextIndex (the frequency of a term in a text), in two stages so that the text is
 * normalized and tokenized once however many terms are counted in it.
 *
 * - `stage: "tokens"` (a string to its tokens): the TextIndexNormalizations' rows are applied in turn,
 *   each row replacing every match of its pattern by its replacement (a normalization marked
 *   `recursive` applies its rows again until a pass changes nothing); then the text is tokenized,
 *   either by splitting it at the matches of a pattern and trimming punctuation (Unicode general
 *   category P, per UTF-16 unit of the BMP: what jpmml-evaluator's TextSplitter does) from both ends of
 *   each piece, empty pieces dropped (`split`), or by taking the matches of a pattern (`match`, the
 *   JPMML `x-wordRE` extension). With `foldCase`, each token is then folded for case-insensitive
 *   comparison with ASCII terms: A-Z to a-z, and the four characters that Java's `equalsIgnoreCase`
 *   also equates with an ASCII letter (KELVIN SIGN to k, LONG S to s, dotted capital I and dotless
 *   small i to i).
 * - `stage: "count"` (tokens to a number): the number of places where the term's tokens occur in a row
 *   (an empty term occurs nowhere), weighted as PMML's `localTermWeights`: `termFrequency` (the
 *   count), `binary` (1 when it occurs, else 0), `logarithmic` (log10(1 + count)).
 *
 * Patterns are POSIX extended regular expressions run as the PFA engine's "re" module runs them
 * (leftmost-longest; every match searched from the end of the previous one); a missing text gives
 * missing tokens and a missing count. The PMML reader translates Java's patterns into these.
 */
import { defineOp } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { Regex } from "../../pfa/lib/re-engine.js";
import { DOUBLE, STRING, arrayOf, describeType, nonNull, nullable, typeEquals } from "../types.js";
import { pick } from "./common.js";
import { dbl, str } from "./text-util.js";

/** One TextIndexNormalization: its rows (pattern and replacement, applied in order). */
export interface TextNormalization {
  rows: { pattern: string; replacement: string }[];
  recursive: boolean;
}

export type TextTokenizer = { kind: "split"; pattern: string } | { kind: "match"; pattern: string };

export interface TextTokensParams {
  stage: "tokens";
  normalizations: TextNormalization[];
  tokenizer: TextTokenizer;
  foldCase: boolean;
}

export interface TextCountParams {
  stage: "count";
  /** The term's tokens (folded as the text's tokens are). */
  term: string[];
  localTermWeights: "termFrequency" | "binary" | "logarithmic";
}

export type TextIndexParams = TextTokensParams | TextCountParams;

/** Java's `Character.getType(c)` in one of the punctuation categories, for the characters of the BMP. */
const PUNCT = /\p{P}/u;

function punctRanges(): [number, number][] {
  const out: [number, number][] = [];
  for (let c = 0; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (!PUNCT.test(String.fromCharCode(c))) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === c - 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}

let punctBracketCache: string | null = null;

/** A POSIX bracket expression of the punctuation characters (`]` first, `[-` last, so none is special). */
export function punctBracket(): string {
  if (punctBracketCache !== null) return punctBracketCache;
  const special = new Set([0x5b, 0x5d, 0x2d]);
  let body = "";
  for (const [lo, hi] of punctRanges()) {
    // Split a range around the characters that are special in a bracket expression.
    let a = lo;
    for (let c = lo; c <= hi + 1; c++) {
      if (c > hi || special.has(c)) {
        if (c - 1 >= a) body += c - 1 === a ? String.fromCharCode(a) : `${String.fromCharCode(a)}-${String.fromCharCode(c - 1)}`;
        a = c + 1;
      }
    }
  }
  punctBracketCache = `[]${body}[-]`;
  return punctBracketCache;
}

function trimPattern(): string {
  const b = punctBracket();
  return `^${b}+|${b}+$`;
}

const FOLD_FROM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ\u212a\u017f\u0130\u0131";
const FOLD_TO = "abcdefghijklmnopqrstuvwxyzksii";

// ---------------------------------------------------------------------------------------------
// The reference evaluation: the "re" module's semantics on the engine's matcher

function codesOf(s: string): { codes: Int32Array; slice: (a: number, b: number) => string } {
  const cps: number[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.codePointAt(i)!;
    cps.push(c);
    offsets.push(i);
    i += c > 0xffff ? 2 : 1;
  }
  offsets.push(s.length);
  return { codes: Int32Array.from(cps), slice: (a, b) => s.slice(offsets[a], offsets[b]) };
}

const compiled = new Map<string, Regex>();

function regex(pattern: string): Regex {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = new Regex(codesOf(pattern).codes, true);
    if (compiled.size > 256) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

function allMatches(re: Regex, codes: Int32Array): Int32Array[] {
  const out: Int32Array[] = [];
  for (let from = 0, noEmptyAt = -1; from <= codes.length; ) {
    const m = re.search(codes, from, noEmptyAt, false);
    if (m === null) break;
    out.push(m);
    from = noEmptyAt = m[1]!;
  }
  return out;
}

function replaceAll(s: string, pattern: string, replacement: string): string {
  const t = codesOf(s);
  const ms = allMatches(regex(pattern), t.codes);
  if (ms.length === 0) return s;
  let out = "";
  let beg = 0;
  for (const m of ms) {
    out += t.slice(beg, m[0]!) + replacement;
    beg = m[1]!;
  }
  return out + t.slice(beg, t.codes.length);
}

function split(s: string, pattern: string): string[] {
  const t = codesOf(s);
  const n = t.codes.length;
  const ms = allMatches(regex(pattern), t.codes);
  if (ms.length === 0) return [s];
  const out: string[] = [];
  let beg = 0;
  ms.forEach((m, i) => {
    if (i > 0 || m[0] !== 0) out.push(t.slice(beg, m[0]!));
    beg = m[1]!;
  });
  if (beg !== n) out.push(t.slice(beg, n));
  return out;
}

function fold(s: string): string {
  let out = "";
  for (const c of s) {
    const i = FOLD_FROM.indexOf(c);
    out += i < 0 ? c : FOLD_TO[i]!;
  }
  return out;
}

/** The tokens of a text (the "tokens" stage); also how the PMML reader tokenizes a constant term. */
export function textTokens(params: Omit<TextTokensParams, "stage">, text: string): string[] {
  let s = text;
  for (const n of params.normalizations) {
    for (;;) {
      let next = s;
      for (const r of n.rows) next = replaceAll(next, r.pattern, r.replacement);
      const changed = next !== s;
      s = next;
      if (!n.recursive || !changed) break;
    }
  }
  let tokens: string[];
  if (params.tokenizer.kind === "split") {
    const trim = trimPattern();
    tokens = split(s, params.tokenizer.pattern)
      .map((p) => replaceAll(p, trim, ""))
      .filter((p) => p.length > 0);
  } else {
    const t = codesOf(s);
    tokens = allMatches(regex(params.tokenizer.pattern), t.codes).map((m) => t.slice(m[0]!, m[1]!));
  }
  return params.foldCase ? tokens.map(fold) : tokens;
}

function countTerm(term: readonly string[], tokens: readonly string[]): number {
  const m = term.length;
  if (m === 0) return 0;
  let count = 0;
  for (let i = 0; i + m <= tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < m && ok; j++) ok = tokens[i + j] === term[j];
    if (ok) count++;
  }
  return count;
}

function weight(w: TextCountParams["localTermWeights"], count: number): number {
  if (w === "binary") return count > 0 ? 1 : 0;
  if (w === "logarithmic") return Math.log10(1 + count);
  return count;
}

// ---------------------------------------------------------------------------------------------
// PFA

function tokensPfa(params: TextTokensParams, text: string, ctx: { symbol(h: string): string }): JsonValue {
  const s = ctx.symbol("text");
  const statements: JsonValue[] = [{ let: { [s]: text } }];
  for (const n of params.normalizations) {
    const pass = (x: JsonValue): JsonValue => n.rows.reduce<JsonValue>((acc, r) => ({ "re.replaceall": [acc, str(r.pattern), str(r.replacement)] }), x);
    if (!n.recursive) {
      statements.push({ set: { [s]: pass(s) } });
    } else {
      const prev = ctx.symbol("previous");
      statements.push({ let: { [prev]: { string: "" } } });
      statements.push({ do: [{ set: { [prev]: s } }, { set: { [s]: pass(s) } }], until: { "==": [s, prev] } });
    }
  }
  let tokens: JsonValue;
  if (params.tokenizer.kind === "split") {
    const p = ctx.symbol("piece");
    const trimmed: JsonValue = { "a.map": [{ "re.split": [s, str(params.tokenizer.pattern)] }, { params: [{ [p]: "string" }], ret: "string", do: [{ "re.replaceall": [p, str(trimPattern()), str("")] }] }] };
    const q = ctx.symbol("token");
    tokens = { "a.filter": [trimmed, { params: [{ [q]: "string" }], ret: "boolean", do: [{ ">": [{ "s.len": [q] }, 0] }] }] };
  } else {
    tokens = { "re.findall": [s, str(params.tokenizer.pattern)] };
  }
  if (params.foldCase) {
    const t = ctx.symbol("token");
    tokens = { "a.map": [tokens, { params: [{ [t]: "string" }], ret: "string", do: [{ "s.translate": [t, str(FOLD_FROM), str(FOLD_TO)] }] }] };
  }
  statements.push(tokens);
  return { do: statements };
}

function countPfa(params: TextCountParams, tokens: string, ctx: { symbol(h: string): string }): JsonValue {
  const m = params.term.length;
  if (m === 0) return dbl(0);
  const count = ctx.symbol("count");
  const i = ctx.symbol("i");
  const conds: JsonValue[] = params.term.map((t, j) => ({ "==": [{ attr: tokens, path: [j === 0 ? i : { "+": [i, j] }] }, str(t)] }));
  const all = conds.reduce((acc, c) => ({ "&&": [acc, c] }));
  const counted: JsonValue = { "-": [{ "a.len": [tokens] }, m] };
  const c = count;
  let result: JsonValue;
  if (params.localTermWeights === "binary") result = { if: { ">": [c, 0] }, then: dbl(1), else: dbl(0) };
  else if (params.localTermWeights === "logarithmic") result = { "m.log10": [{ "+": [dbl(1), c] }] };
  else result = { "*": [dbl(1), c] };
  return {
    do: [
      { let: { [count]: 0 } },
      { for: { [i]: 0 }, while: { "<=": [i, counted] }, step: { [i]: { "+": [i, 1] } }, do: [{ if: all, then: [{ set: { [count]: { "+": [count, 1] } } }] }] },
      result,
    ],
  };
}

const WEIGHTS = ["termFrequency", "binary", "logarithmic"];

export const textIndex = defineOp<TextIndexParams>({
  name: "textIndex",
  summary: "PMML TextIndex: a text's tokens, or a term's frequency in them",
  outputTypes(params, inputs) {
    if (inputs.length !== 1) throw new Error(`textIndex takes one column, found ${inputs.length}`);
    const t = inputs[0]!;
    const isNullable = t.kind === "nullable";
    if (params.stage === "tokens") {
      if (!typeEquals(nonNull(t), STRING)) throw new Error(`textIndex (tokens) takes a string, found ${describeType(t)}`);
      const patterns = [params.tokenizer.pattern, ...params.normalizations.flatMap((n) => n.rows.map((r) => r.pattern))];
      for (const p of patterns) {
        try {
          regex(p);
        } catch {
          throw new Error(`textIndex: bad pattern ${JSON.stringify(p)}`);
        }
      }
      if (params.tokenizer.kind === "split" && regex(params.tokenizer.pattern).search(new Int32Array(0), 0, -1, false) !== null) {
        throw new Error("textIndex: a separator pattern must not match the empty string");
      }
      return [isNullable ? nullable(arrayOf(STRING)) : arrayOf(STRING)];
    }
    if (params.stage !== "count") throw new Error(`textIndex: unknown stage ${JSON.stringify((params as { stage: unknown }).stage)}`);
    if (!typeEquals(nonNull(t), arrayOf(STRING))) throw new Error(`textIndex (count) takes an array of strings, found ${describeType(t)}`);
    if (!WEIGHTS.includes(params.localTermWeights)) throw new Error(`textIndex: localTermWeights ${String(params.localTermWeights)} is not supported`);
    return [isNullable ? nullable(DOUBLE) : DOUBLE];
  },
  evaluate(params, inputs) {
    const x = inputs[0];
    if (x === null || x === undefined) return [null];
    if (params.stage === "tokens") return [textTokens(params, x as string)];
    return [weight(params.localTermWeights, countTerm(params.term, x as string[]))];
  },
  lower(params, inputs, types, ctx) {
    const body = (ref: string): JsonValue => (params.stage === "tokens" ? tokensPfa(params, ref, ctx) : countPfa(params, ref, ctx));
    const v = ctx.symbol(params.stage === "tokens" ? "text" : "tokens");
    if (types[0]!.kind !== "nullable") {
      if (typeof inputs[0] === "string") return [body(inputs[0])];
      return [{ do: [{ let: { [v]: inputs[0]! } }, body(v)] }];
    }
    return [{ ifnotnull: { [v]: inputs[0]! }, then: body(v), else: null }];
  },
  arbitrary(random) {
    if (random() < 0.5) {
      const tokenizer: TextTokenizer = pick(random, [
        { kind: "split", pattern: "[ \t\n\u000b\f\r]+" },
        { kind: "match", pattern: "[A-Za-z0-9_]+" },
        { kind: "match", pattern: "[A-Za-z0-9_][A-Za-z0-9_]+" },
        { kind: "split", pattern: "[,;]" },
      ]);
      const normalizations: TextNormalization[] =
        random() < 0.5 ? [] : [{ rows: [{ pattern: "\\b([aA]|[tT][hH][eE]|[iI\u0130\u0131][sS\u017f])\\b", replacement: " " }, { pattern: "xx", replacement: "x" }], recursive: random() < 0.5 }];
      const t = random() < 0.3 ? nullable(STRING) : STRING;
      return { params: { stage: "tokens", normalizations, tokenizer, foldCase: random() < 0.5 }, inputs: [t] };
    }
    const term = pick(random, [["a"], ["the"], ["a", "b"], [], ["b", "b", "b"], ["A"]]);
    const t = random() < 0.3 ? nullable(arrayOf(STRING)) : arrayOf(STRING);
    return { params: { stage: "count", term, localTermWeights: pick(random, ["termFrequency", "binary", "logarithmic"] as const) }, inputs: [t] };
  },
  arbitraryInputs(params, inputs, random) {
    if (random() < 0.1 && inputs[0]!.kind === "nullable") return [null];
    if (params.stage === "count") {
      const n = Math.floor(random() * 8);
      return [Array.from({ length: n }, () => pick(random, ["a", "b", "the", "A", "c"]))];
    }
    const words = ["a", "A", "the", "The", "is", "\u0130s", "xxx", "b", "...", "(c)", "d,", "-e-", "\u212aey", "\u00bfqu\u00e9?", "_f_", "g!h", "\u{1f600}"];
    const seps = [" ", "  ", "\t", ",", ";", "\n", "\u00a0", ""];
    let s = "";
    const n = Math.floor(random() * 8);
    for (let k = 0; k < n; k++) s += pick(random, words) + pick(random, seps);
    return [s];
  },
});
