import { test } from "node:test";
import assert from "node:assert/strict";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { functions } from "../../src/pfa/lib/re.js";
import { Regex, RegexBudgetError, RegexSyntaxError } from "../../src/pfa/lib/re-engine.js";
import { AvroArray, T } from "../../src/pfa/types.js";
import { generateSite, throwsCode } from "./helpers.js";

const NAMES = [
  "re.index", "re.contains", "re.count", "re.rindex", "re.groups", "re.indexall", "re.findall", "re.findfirst",
  "re.findgroupsfirst", "re.findgroupsall", "re.groupsall", "re.replacefirst", "re.replacelast", "re.split", "re.replaceall",
];
const CODES = [35000, 35010, 35020, 35030, 35040, 35050, 35060, 35070, 35080, 35090, 35100, 35110, 35120, 35130, 35140];

/** The string (0) or bytes (1) signature of `name`. */
function gen(name: string, sigIndex = 0): CompiledFunction {
  const x = sigIndex === 0 ? T.string : T.bytes;
  const params = name.startsWith("re.replace") ? [x, x, x] : [x, x];
  return generateSite(functions, name, params, sigIndex, undefined, new AvroArray(T.int));
}

const s = (name: string) => gen(name, 0);
const b = (name: string) => gen(name, 1);
const ascii = (x: string): Uint8Array => new Uint8Array(Buffer.from(x, "latin1"));

test("every function of the module is implemented", () => {
  assert.deepEqual(functions.map((f) => f.name), NAMES);
});

test("the conformance examples: hello, ll, l{2}, (.)\\1", () => {
  for (const p of ["ll", "l{2}", "(.)\\1"]) {
    assert.deepEqual(s("re.index")("hello", p), [2, 4]);
    assert.deepEqual(s("re.index")("", p), []);
    assert.equal(s("re.contains")("o", p), false);
    assert.equal(s("re.count")("hello", p), 1);
    assert.deepEqual(s("re.split")("hello", p), ["he", "o"]);
    assert.equal(s("re.replaceall")("hello", p, "oneee\u2212two"), "heoneee\u2212twoo");
    assert.deepEqual(b("re.index")(ascii("hello"), ascii(p)), [2, 4]);
  }
  assert.deepEqual(s("re.groups")("hello", "(.)\\1"), [[2, 4], [2, 3]]);
  assert.deepEqual(s("re.findall")("oneee\u2212two", "(.)\\1"), ["ee"]);
  assert.deepEqual(s("re.findgroupsfirst")("oneee\u2212two", "(.)\\1"), ["ee", "e"]);
  assert.equal(s("re.replacelast")("oneee\u2212two", "(.)\\1", "o"), "onoe\u2212two");
  assert.deepEqual(b("re.findgroupsall")(ascii("hello"), ascii("(.)\\1")), [[ascii("ll"), ascii("l")]]);
});

test("every function raises its own code for a bad pattern, on strings and bytes", () => {
  NAMES.forEach((name, k) => {
    const args = name.startsWith("re.replace") ? ["hello", "\\1", "x"] : ["hello", "\\1"];
    throwsCode(() => s(name)(...args), CODES[k]!);
    throwsCode(() => b(name)(...args.map(ascii)), CODES[k]!);
  });
});

test("bad patterns: the POSIX ERE compile errors", () => {
  for (const p of ["(a", "((a)", "[a", "[]", "[[:alpha:]", "a\\", "*a", "a|*b", "(*a)", "+", "?", "{1}", "^*", "a$+", "\\b*",
    "a{", "a{1", "a{x}", "a{}", "a{2,1}", "a{32768}", "[z-a]", "[[:foo:]]", "[a-[:alpha:]]", "[[:alpha:]-z]", "[a-z-9]",
    "[[.ab.]]", "\\1", "(a)\\2", "(a\\1)", "(a)|\\1", "(a{1000}){1000}"]) {
    assert.throws(() => new Regex(Int32Array.from(ascii(p)), true), RegexSyntaxError, p);
  }
  for (const p of ["", "a)", ")", "}", "]", "a{,2}", "a{2,}", "a**", "a+?", "()", "(|a)", "a|", "[]a]", "[^]a]", "[a-]", "[-a]",
    "[--/]", "[[.-.]]", "[[=a=]]", "[\\]", "(a)\\1", "(a)(b)\\2\\1", "a{32767}", "\\.", "\\{", "[[:alpha:][:digit:]]"]) {
    assert.doesNotThrow(() => new Regex(Int32Array.from(ascii(p)), true), p);
  }
});

test("leftmost-longest matching, with groups on the preferred path", () => {
  assert.equal(s("re.findfirst")("abcd", "a|ab|abc"), "abc");
  assert.equal(s("re.findfirst")("xabcd", "(a|ab)(c|bcd)"), "abcd");
  assert.deepEqual(s("re.groups")("abcd", "(a|ab)(c|bcd)(d*)"), [[0, 4], [0, 1], [1, 4], [4, 4]]);
  assert.deepEqual(s("re.groups")("aab", "(a*)(a|b)*"), [[0, 3], [0, 2], [2, 3]]);
  assert.deepEqual(s("re.groups")("ab", "(a|b)*"), [[0, 2], [1, 2]]);
  assert.deepEqual(s("re.groups")("b", "()*"), [[0, 0], [0, 0]]);
  assert.equal(s("re.findfirst")("xyz", "q"), null);
  assert.equal(s("re.findfirst")("xyz", "q*"), "");
});

test("a group that does not take part is at [-1, -1] and reads as empty", () => {
  assert.deepEqual(s("re.groups")("ac", "a(b)?c"), [[0, 2], [-1, -1]]);
  assert.deepEqual(s("re.findgroupsfirst")("ac", "a(b)?(c)"), ["ac", "", "c"]);
  assert.deepEqual(b("re.findgroupsfirst")(ascii("ac"), ascii("a(b)?c")), [ascii("ac"), ascii("")]);
  assert.deepEqual(s("re.groupsall")("ac abc", "a(b)?c"), [[[0, 2], [-1, -1]], [[3, 6], [4, 5]]]);
});

test("syntax: brackets, classes, anchors, escapes", () => {
  const all = s("re.findall");
  assert.deepEqual(all("a]b-c", "[]-]"), ["]", "-"]);
  assert.deepEqual(all("a^b", "[^^a]"), ["b"]);
  assert.deepEqual(all("ab12_ ", "[[:digit:]_]+"), ["12_"]);
  assert.deepEqual(all("a\\b", "[\\]"), ["\\"]);
  assert.deepEqual(all("a.b", "\\."), ["."]);
  assert.deepEqual(all("a)b", ")"), [")"]);
  assert.deepEqual(all("one two", "\\<[a-z]"), ["o", "t"]);
  assert.deepEqual(all("one two", "[a-z]\\>"), ["e", "o"]);
  assert.deepEqual(all("one two", "\\w+"), ["one", "two"]);
  assert.deepEqual(all("a b\tc", "\\s"), [" ", "\t"]);
  assert.deepEqual(all("a\tb\nc", "\\t|\\n"), ["\t", "\n"]);
  assert.deepEqual(all("a\nb", "a.b"), ["a\nb"]);
  assert.deepEqual(s("re.indexall")("ab\nab", "^ab|ab$"), [[0, 2], [3, 5]]);
  assert.deepEqual(all("aaaaa", "a{2}"), ["aa", "aa"]);
  assert.deepEqual(all("aaaa", "a{,3}"), ["aaa", "a"]);
  assert.deepEqual(all("abab xyxy abba", "(..)\\1"), ["abab", "xyxy"]);
  assert.deepEqual(all("abba", "(a)(b)\\2\\1"), ["abba"]);
});

test("strings count code points; classes are Unicode-aware, bytes are ASCII", () => {
  assert.deepEqual(s("re.index")("a\u{1F600}b\u{1F600}c", "b.c"), [2, 5]);
  assert.deepEqual(s("re.findall")("x\u{1F600}y", "[^x]"), ["\u{1F600}", "y"]);
  assert.deepEqual(s("re.findall")("h\u00e9llo w\u00f6rld 123", "[[:alpha:]]+"), ["h\u00e9llo", "w\u00f6rld"]);
  assert.deepEqual(s("re.findall")("a\u00e9z\u20ac", "[\u00e0-\u00ff]"), ["\u00e9"]);
  assert.deepEqual(s("re.split")("a\u{1F600}b", "\u{1F600}"), ["a", "b"]);
  assert.deepEqual(b("re.findall")(new Uint8Array([0xe9, 65, 66]), ascii("[[:alpha:]]+")), [ascii("AB")]);
  assert.deepEqual(b("re.index")(new Uint8Array([0, 0xff, 0xff, 0]), ascii("(.)\\1")), [1, 3]);
  assert.deepEqual(b("re.index")(new Uint8Array([5, 0, 7]), new Uint8Array([0])), [1, 2]);
});

test("iterating: an empty match is not taken where the previous match ended", () => {
  assert.deepEqual(s("re.indexall")("baaac", "a*"), [[0, 0], [1, 4], [5, 5]]);
  assert.equal(s("re.replaceall")("baaac", "a*", "X"), "XbXcX");
  assert.equal(s("re.replaceall")("ab", "x*", "-"), "-a-b-");
  assert.equal(s("re.count")("abc", "$"), 1);
  assert.equal(s("re.count")("abc", "c*$"), 1);
  assert.deepEqual(s("re.split")("abc", "x*"), ["a", "b", "c"]);
  assert.deepEqual(s("re.rindex")("aaa", "aa"), [0, 2]);
  assert.equal(s("re.replacelast")("one two three", "[a-z]+", "X"), "one two X");
  assert.equal(s("re.count")("aaaa", "aa"), 2);
});

test("an empty haystack is searched like any other", () => {
  assert.equal(s("re.contains")("", "^$"), true);
  assert.deepEqual(s("re.index")("", ""), [0, 0]);
  assert.equal(s("re.count")("", "x*"), 1);
  assert.deepEqual(s("re.split")("", "ll"), [""]);
  assert.deepEqual(s("re.findall")("", "ll"), []);
  assert.equal(s("re.replaceall")("", "ll", "x"), "");
});

test("split drops the empty pieces at the ends only", () => {
  assert.deepEqual(s("re.split")(",a,,b,", ","), ["a", "", "b"]);
  assert.deepEqual(s("re.split")("a b  c", " +"), ["a", "b", "c"]);
  assert.deepEqual(s("re.split")("abc", "x"), ["abc"]);
  assert.deepEqual(s("re.split")(",", ","), []);
  assert.deepEqual(b("re.split")(ascii("a1b22c"), ascii("[0-9]+")), [ascii("a"), ascii("b"), ascii("c")]);
});

test("replacement is literal and arguments are left alone", () => {
  assert.equal(s("re.replacefirst")("hello", "(l+)", "[\\1$1&]"), "he[\\1$1&]o");
  const h = ascii("hello");
  const out = b("re.replaceall")(h, ascii("l"), ascii("L"));
  assert.deepEqual(out, ascii("heLLo"));
  assert.deepEqual(h, ascii("hello"));
  assert.equal(b("re.replacefirst")(h, ascii("x"), ascii("y")), h);
});

test("hostile patterns: linear simulation, or a clear error from the step budget", () => {
  const as = "a".repeat(20000);
  assert.equal(s("re.contains")(as, "(a*)*b"), false);
  assert.equal(s("re.contains")(as, "(a|aa)*c"), false);
  assert.deepEqual(s("re.groups")(as, "(a|a)*$"), [[0, 20000], [19999, 20000]]);
  throwsCode(() => s("re.contains")(as.slice(0, 3000), "(a*)*\\1b"), 35010);
  const re = new Regex(Int32Array.from(ascii("(a*)*\\1b")), false);
  assert.throws(() => re.search(Int32Array.from(ascii(as.slice(0, 3000))), 0, -1, false), RegexBudgetError);
});

test("patterns are cached per call site; a bad one fails at every call", () => {
  const f = s("re.count");
  for (let k = 0; k < 200; k++) assert.equal(f("a1b2", `[0-9]${k % 3 === 0 ? "" : "?"}`), k % 3 === 0 ? 2 : 3);
  for (let k = 0; k < 3; k++) throwsCode(() => f("a", "(("), 35020);
});

test("patterns too large or too deeply nested are bad patterns, not crashes", () => {
  throwsCode(() => s("re.contains")("a", "(".repeat(5000) + "a" + ")".repeat(5000)), 35010);
  throwsCode(() => s("re.contains")("a", "a" + "*".repeat(100000)), 35010);
  throwsCode(() => s("re.groups")("a", "((a){100}){1000}"), 35040);
  assert.deepEqual(s("re.groups")("aaa", "((a){1}){3}"), [[0, 3], [2, 3], [2, 3]]);
});
