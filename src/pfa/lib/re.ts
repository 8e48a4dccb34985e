/**
 * The "re" module: POSIX extended regular expressions over strings and bytes (the engine, its syntax
 * and its matching rule are in ./re-engine.ts). Positions are in characters (code points, as in the
 * "s" module) for strings and in bytes for bytes; a group that did not take part in the match is at
 * [-1, -1] and reads as empty.
 *
 * The functions that visit every match (count, rindex, indexall, findall, findgroupsall, groupsall,
 * replacelast, split, replaceall) search again from the end of each match, and an empty match is not
 * accepted right where the previous match ended (as sed's global substitution does). The reference
 * engines loop forever on a pattern that matches the empty string before the end of the haystack, and
 * find nothing at all in an empty haystack; where they terminate, this gives their results, and an
 * empty haystack is searched like any other (so `re.contains("", "^$")` is true).
 */
import { PFARuntimeError } from "../runtime.js";
import { bySite, type CallSite, type CompiledFunction, type LibFcnImpl } from "./define.js";
import { Regex, RegexBudgetError, RegexSyntaxError } from "./re-engine.js";

/** A haystack as the engine reads it, and how to cut pieces out of the original. */
interface Text<V> {
  readonly codes: Int32Array;
  /** The original value's piece between two character positions. */
  slice(a: number, b: number): V;
}

/** How one signature (string or bytes) reads its arguments and builds its results. */
interface Kind<V> {
  text(v: V): Text<V>;
  /** The pattern's characters and the key it is cached under. */
  pattern(v: V): [Int32Array, string];
  readonly unicode: boolean;
  readonly empty: V;
  concat(parts: V[]): V;
}

const SURROGATES = /[\uD800-\uDFFF]/;

const STRING: Kind<string> = {
  text(s) {
    if (!SURROGATES.test(s)) {
      const codes = new Int32Array(s.length);
      for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
      return { codes, slice: (a, b) => s.slice(a, b) };
    }
    const codes: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < s.length; ) {
      const c = s.codePointAt(i)!;
      codes.push(c);
      offsets.push(i);
      i += c > 0xffff ? 2 : 1;
    }
    offsets.push(s.length);
    return { codes: Int32Array.from(codes), slice: (a, b) => s.slice(offsets[a], offsets[b]) };
  },
  pattern(s) {
    return [STRING.text(s).codes, s];
  },
  unicode: true,
  empty: "",
  concat: (parts) => parts.join(""),
};

const BYTES: Kind<Uint8Array> = {
  text(x) {
    return { codes: Int32Array.from(x), slice: (a, b) => x.slice(a, b) };
  },
  pattern(x) {
    return [Int32Array.from(x), Buffer.from(x.buffer, x.byteOffset, x.length).toString("latin1")];
  },
  unicode: false,
  empty: new Uint8Array(0),
  concat(parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    n = 0;
    for (const p of parts) {
      out.set(p, n);
      n += p.length;
    }
    return out;
  },
};

/** The compiled patterns of one call site, by pattern (a document's patterns are usually constants). */
class PatternCache {
  private readonly map = new Map<string, Regex>();

  constructor(
    private readonly code: number,
    private readonly fcnName: string,
  ) {}

  get<V>(kind: Kind<V>, pattern: V): Regex {
    const [codes, key] = kind.pattern(pattern);
    let re = this.map.get(key);
    if (re === undefined) {
      try {
        re = new Regex(codes, kind.unicode);
      } catch (e) {
        if (e instanceof RegexSyntaxError) throw new PFARuntimeError(this.code, "bad pattern", this.fcnName);
        throw e;
      }
      if (this.map.size >= 64) this.map.clear();
      this.map.set(key, re);
    }
    return re;
  }

  /** Runs a search, turning an exhausted step budget into this function's error. */
  search(re: Regex, codes: Int32Array, from: number, noEmptyAt: number, groups: boolean): Int32Array | null {
    try {
      return re.search(codes, from, noEmptyAt, groups);
    } catch (e) {
      if (e instanceof RegexBudgetError) throw new PFARuntimeError(this.code, e.message, this.fcnName);
      throw e;
    }
  }

  first(re: Regex, codes: Int32Array, groups: boolean): Int32Array | null {
    return this.search(re, codes, 0, -1, groups);
  }

  /** Every match, each searched for from the end of the previous one. */
  all(re: Regex, codes: Int32Array, groups: boolean): Int32Array[] {
    const out: Int32Array[] = [];
    for (let from = 0, noEmptyAt = -1; from <= codes.length; ) {
      const m = this.search(re, codes, from, noEmptyAt, groups);
      if (m === null) break;
      out.push(m);
      from = noEmptyAt = m[1]!;
    }
    return out;
  }
}

/** The last match, found as `all` would (so that it agrees with re.indexall). */
function last(cache: PatternCache, re: Regex, codes: Int32Array): Int32Array | null {
  const all = cache.all(re, codes, false);
  return all.length === 0 ? null : all[all.length - 1]!;
}

function pairs(m: Int32Array): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < m.length; k += 2) out.push([m[k]!, m[k + 1]!]);
  return out;
}

function pieces<V>(kind: Kind<V>, t: Text<V>, m: Int32Array): V[] {
  const out: V[] = [];
  for (let k = 0; k < m.length; k += 2) out.push(m[k]! < 0 ? kind.empty : t.slice(m[k]!, m[k + 1]!));
  return out;
}

/** A function with a string signature (0) and a bytes signature (1), given the code for one kind. */
function reFcn(name: string, code: number, make: <V>(kind: Kind<V>, cache: PatternCache) => CompiledFunction): LibFcnImpl {
  return bySite(name, (site: CallSite) => {
    const cache = new PatternCache(code, name);
    return site.sigIndex === 0 ? make(STRING, cache) : make(BYTES, cache);
  });
}

export const functions: readonly LibFcnImpl[] = [
  reFcn("re.index", 35000, (kind, cache) => (h, p) => {
    const m = cache.first(cache.get(kind, p), kind.text(h).codes, false);
    return m === null ? [] : [m[0], m[1]];
  }),
  reFcn("re.contains", 35010, (kind, cache) => (h, p) => cache.first(cache.get(kind, p), kind.text(h).codes, false) !== null),
  reFcn("re.count", 35020, (kind, cache) => (h, p) => cache.all(cache.get(kind, p), kind.text(h).codes, false).length),
  reFcn("re.rindex", 35030, (kind, cache) => (h, p) => {
    const m = last(cache, cache.get(kind, p), kind.text(h).codes);
    return m === null ? [] : [m[0], m[1]];
  }),
  reFcn("re.groups", 35040, (kind, cache) => (h, p) => {
    const m = cache.first(cache.get(kind, p), kind.text(h).codes, true);
    return m === null ? [] : pairs(m);
  }),
  reFcn("re.indexall", 35050, (kind, cache) => (h, p) => cache.all(cache.get(kind, p), kind.text(h).codes, false).map((m) => [m[0], m[1]])),
  reFcn("re.findall", 35060, (kind, cache) => (h, p) => {
    const t = kind.text(h);
    return cache.all(cache.get(kind, p), t.codes, false).map((m) => t.slice(m[0]!, m[1]!));
  }),
  reFcn("re.findfirst", 35070, (kind, cache) => (h, p) => {
    const t = kind.text(h);
    const m = cache.first(cache.get(kind, p), t.codes, false);
    return m === null ? null : t.slice(m[0]!, m[1]!);
  }),
  reFcn("re.findgroupsfirst", 35080, (kind, cache) => (h, p) => {
    const t = kind.text(h);
    const m = cache.first(cache.get(kind, p), t.codes, true);
    return m === null ? [] : pieces(kind, t, m);
  }),
  reFcn("re.findgroupsall", 35090, (kind, cache) => (h, p) => {
    const t = kind.text(h);
    return cache.all(cache.get(kind, p), t.codes, true).map((m) => pieces(kind, t, m));
  }),
  reFcn("re.groupsall", 35100, (kind, cache) => (h, p) => cache.all(cache.get(kind, p), kind.text(h).codes, true).map(pairs)),
  reFcn("re.replacefirst", 35110, (kind, cache) => (h, p, r) => {
    const t = kind.text(h);
    const m = cache.first(cache.get(kind, p), t.codes, false);
    return m === null ? h : kind.concat([t.slice(0, m[0]!), r, t.slice(m[1]!, t.codes.length)]);
  }),
  reFcn("re.replacelast", 35120, (kind, cache) => (h, p, r) => {
    const t = kind.text(h);
    const m = last(cache, cache.get(kind, p), t.codes);
    return m === null ? h : kind.concat([t.slice(0, m[0]!), r, t.slice(m[1]!, t.codes.length)]);
  }),
  // The pieces between the matches, without an empty first piece when a match starts the haystack
  // or an empty last piece when one ends it (as the reference engines do).
  reFcn("re.split", 35130, (kind, cache) => (h, p) => {
    const t = kind.text(h);
    const n = t.codes.length;
    const matches = cache.all(cache.get(kind, p), t.codes, false);
    if (matches.length === 0) return [h];
    const out = [];
    let beg = 0;
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i]!;
      if (i > 0 || m[0] !== 0) out.push(t.slice(beg, m[0]!));
      beg = m[1]!;
    }
    if (beg !== n) out.push(t.slice(beg, n));
    return out;
  }),
  reFcn("re.replaceall", 35140, (kind, cache) => (h, p, r) => {
    const t = kind.text(h);
    const matches = cache.all(cache.get(kind, p), t.codes, false);
    if (matches.length === 0) return h;
    const parts = [];
    let beg = 0;
    for (const m of matches) {
      parts.push(t.slice(beg, m[0]!), r);
      beg = m[1]!;
    }
    parts.push(t.slice(beg, t.codes.length));
    return kind.concat(parts);
  }),
];
