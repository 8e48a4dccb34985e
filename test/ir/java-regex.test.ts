/**
 * The Java regular expression translator (src/ir/ops/java-regex.ts): each supported construct, in the
 * PFA engine's syntax and as a JavaScript RegExp (both run here on hand-checked haystacks, with the
 * values Java gives), whether a pattern is safe for replace, and each refusal's message.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { JavaRegexError, literalJavaReplacement, translateJavaRegex } from "../../src/ir/ops/java-regex.js";
import { Regex } from "../../src/pfa/lib/re-engine.js";

const codes = (s: string): Int32Array => Int32Array.from(Array.from(s, (c) => c.codePointAt(0)!));

/** Whether the PFA engine finds the translated pattern in `s` (for a `$` pattern, as the lowering chooses). */
function pfaFinds(pattern: string, s: string): boolean {
  const t = translateJavaRegex(pattern);
  const p = t.pfaCrlf !== null && s.endsWith("\r\n") ? t.pfaCrlf : t.pfa;
  return new Regex(codes(p), true).search(codes(s), 0, -1, false) !== null;
}

function jsFinds(pattern: string, s: string): boolean {
  return new RegExp(translateJavaRegex(pattern).js, "u").test(s);
}

/** Java's Matcher.find() on each haystack, as `expected`; both translations must give it. */
function finds(pattern: string, cases: Record<string, boolean>): void {
  for (const [s, expected] of Object.entries(cases)) {
    assert.equal(pfaFinds(pattern, s), expected, `PFA: ${JSON.stringify(pattern)} in ${JSON.stringify(s)}`);
    assert.equal(jsFinds(pattern, s), expected, `JS: ${JSON.stringify(pattern)} in ${JSON.stringify(s)}`);
  }
}

function refused(pattern: string, message: RegExp): void {
  assert.throws(() => translateJavaRegex(pattern), (e: unknown) => e instanceof JavaRegexError && message.test(e.message));
}

test("literals, and characters special to the PFA engine escaped", () => {
  assert.equal(translateJavaRegex("abc").pfa, "abc");
  assert.equal(translateJavaRegex("a]b}").pfa, "a\\]b\\}");
  finds("a]b}", { "xa]b}": true, "ab": false });
  finds("\\.\\\\\\-\\*\\(\\[\\{\\|\\^\\$", { ".\\-*([{|^$": true, ".\\-*([{|^": false });
  assert.equal(translateJavaRegex("\\.\\\\").pfa, "\\.\\\\");
  finds("\\t\\n\\r\\f\\a\\e", { "\t\n\r\f\x07\x1b": true, "tnrfae": false });
  finds("\\x41\\u00e9\\x{1F600}\\0101\\012", { "Aé😀A\n": true, "Ae😀A\n": false });
  finds("\\Qa.b*\\E+", { "a.b**": true, "axbb": false });
  finds("é😀", { "xé😀": true, "é": false });
});

test("\\d \\s \\w and their negations are Java's ASCII classes", () => {
  assert.equal(translateJavaRegex("\\d").pfa, "[0-9]");
  assert.equal(translateJavaRegex("\\w").pfa, "[0-9A-Z_a-z]");
  assert.equal(translateJavaRegex("\\s").pfa, "[\t-\r ]");
  finds("\\d", { "a1": true, "٣": false, "abc": false });
  finds("\\D", { "1": false, "٣": true });
  finds("\\s", { "\u000b": true, "\u00a0": false, "\u2028": false });
  finds("\\S", { " \t\n": false, "\u00a0": true });
  finds("\\w", { "é": false, "_": true });
  finds("\\W", { "é": true, "aZ_9": false });
});

test(". is any character but Java's line terminators; one character beyond U+FFFF is one character", () => {
  assert.equal(translateJavaRegex(".").pfa, "[^\n\r\u0085\u2028\u2029]");
  finds(".", { "\n": false, "\r": false, "\u0085": false, "\u2028\u2029": false, "\t": true, "é": true });
  finds("^.$", { "😀": true, "ab": false });
  finds("^.{2}$", { "😀": false, "😀a": true });
});

test("classes: ranges, negation, escapes inside, written as explicit bracket expressions", () => {
  finds("[a-c]", { "b": true, "d": false });
  finds("[^a-c]", { "abc": false, "abcd": true, "\n": true, "😀": true });
  finds("[-a]", { "-": true, "b": false });
  finds("[a-]", { "-": true });
  finds("[a-c-e]", { "-": true, "d": false, "e": true });
  finds("[\\]\\[\\^\\-\\\\]", { "]": true, "[": true, "^": true, "-": true, "\\": true, "a": false });
  finds("[^\\]]", { "]]": false, "]a": true });
  finds("[a^.$]", { "^": true, ".": true, "$": true, "x": false });
  finds("[\\d\\s_]", { "_": true, "5": true, "\n": true, "x": false });
  finds("[^\\d\\s]", { "5 ": false, "x": true });
  finds("[\\W]", { "a": false, "!": true });
  finds("[\\x{1F600}-\\x{1F64F}]", { "😀": true, "🙏": true, "a": false });
  finds("[😀]", { "😀": true, "\ud83d": false });
  assert.equal(translateJavaRegex("[.^\\]\\[-]").pfa, "[[.-.].[.[.][.].][.^.]]");
});

test("groups, alternation, quantifiers", () => {
  assert.equal(translateJavaRegex("(?:ab)+|c{2,3}").pfa, "(ab)+|c{2,3}");
  finds("(ab)+c", { "ababc": true, "ac": false });
  finds("(?:ab|cd){2}", { "abcd": true, "ab": false });
  finds("a|b|", { "": true, "x": true });
  finds("^(a|bc)$", { "bc": true, "abc": false });
  finds("x{2}", { "xx": true, "x": false });
  finds("x{2,}", { "xxx": true, "x": false });
  finds("^x{1,2}$", { "xx": true, "xxx": false });
  finds("^a?b*c+$", { "c": true, "abbcc": true, "aac": false });
  finds("()*a", { "a": true });
});

test("^ is the start of the input only; $ the end, or before a final line terminator", () => {
  finds("^a", { "ab": true, "ba": false, "b\na": false });
  const t = translateJavaRegex("a$");
  assert.equal(t.pfa, "a[\n\r\u0085\u2028\u2029]?$");
  assert.equal(t.pfaCrlf, "a(\r\n)?$");
  finds("a$", { "a": true, "a\n": true, "a\r": true, "a\r\n": true, "a\u0085": true, "a\u2028": true, "a\n\n": false, "ab": false, "a\nb": false });
  // Not between \r and \n: "\r$" does not match "\r\n" (Java: the $ at index 1 is refused).
  finds("\\r$", { "\r\n": false, "\r": true, "x\r\r\n": true });
  finds("^$", { "": true, "\n": true, "\r\n": true, "\n\n": false });
  finds("a$|^b", { "ba": true, "cb": false, "a\r\n": true });
  assert.equal(translateJavaRegex("^a").pfaCrlf, null);
});

test("fixed-span safety: what replace accepts", () => {
  for (const p of ["[0-9]+", "a\\d*b", "x{2,5}", "(ab)c?", "^a*", "[^,]+", "\\s+", "-"]) assert.equal(translateJavaRegex(p).fixedSpanRefusal, null, p);
  const why = (p: string): string => translateJavaRegex(p).fixedSpanRefusal ?? "";
  assert.match(why("a|ab"), /alternation '\|'/);
  assert.match(why("(a|b)c"), /alternation '\|'/);
  assert.match(why("(ab)+"), /a quantified group/);
  assert.match(why("a+b+"), /more than one quantified atom/);
  assert.match(why("x*"), /can match the empty string/);
  assert.match(why("a?"), /can match the empty string/);
  assert.match(why("a$"), /'\$'/);
  assert.equal(translateJavaRegex("x*").canMatchEmpty, true);
  assert.equal(translateJavaRegex("x+").canMatchEmpty, false);
});

test("refusals name the construct", () => {
  refused("a*?", /the lazy quantifier \*\? is not supported/);
  refused("a{2,3}?", /the lazy quantifier \{2,3\}\? is not supported/);
  refused("a++", /the possessive quantifier \+\+ is not supported/);
  refused("(a)\\1", /the back-reference \\1 is not supported/);
  refused("a(?=b)", /the lookahead \(\?=\.\.\.\)/);
  refused("a(?!b)", /the negative lookahead/);
  refused("(?<=a)b", /the lookbehind/);
  refused("(?<!a)b", /the negative lookbehind/);
  refused("(?<x>a)", /the named group/);
  refused("(?>a)", /the atomic group/);
  refused("(?i)a", /inline flags/);
  refused("\\bword\\b", /the word boundary \\b is not supported/);
  refused("\\Ba", /the non-word boundary \\B/);
  refused("\\Aa", /the anchor \\A/);
  refused("a\\z", /the anchor \\z/);
  refused("a\\Z", /the anchor \\Z/);
  refused("\\Ga", /the anchor \\G/);
  refused("\\p{L}", /the Unicode class \\p\{\.\.\.\}/);
  refused("[\\p{L}]", /the Unicode class \\p/);
  refused("[a-z&&[^x]]", /the class intersection &&/);
  refused("[a[bc]]", /a class nested in a class/);
  refused("[]a]", /a ']' first in a class/);
  refused("[\\d-z]", /a '-' right after a class escape/);
  refused("[a-\\d]", /a range to a class escape/);
  refused("[\\Qa\\E]", /\\Q\.\.\.\\E inside a class/);
  refused("\\h", /the horizontal whitespace class \\h/);
  refused("\\R", /the linebreak matcher \\R/);
  refused("\\cA", /the control character escape \\c/);
  refused("\\g", /the escape \\g is not supported/);
  refused("\\uD83D\\uDE00", /names a surrogate/);
  refused("[^\\x{1F600}]", /a class with surrogate code points/);
  refused("^*a", /a quantifier on the anchor \^/);
  refused("a$*", /a quantifier on the anchor \$/);
  refused("a**", /a quantifier right after another quantifier/);
  refused("a{2}{3}", /a quantifier right after another quantifier/);
  refused("a{1001}", /a repetition count above 1000/);
  refused("a$b", /'\$' other than at the end/);
  refused("(a$)", /'\$' other than at the end/);
  refused("([a-z]{1000}){1000}", /a pattern this large/);
});

test("patterns Java does not compile are refused as invalid", () => {
  for (const [p, why] of [
    ["(a", /an unclosed '\('/],
    ["a)", /an unmatched '\)'/],
    ["[a", /an unclosed '\['/],
    ["*a", /a quantifier \* with nothing before it/],
    ["a|+", /a quantifier \+ with nothing before it/],
    ["a{", /a '\{' that does not start a repetition/],
    ["a{2", /an unterminated repetition/],
    ["a{3,2}", /its maximum below its minimum/],
    ["[z-a]", /the range z-a ends before it starts/],
    ["a\\", /a trailing backslash/],
    ["\\x4", /a malformed escape \\x/],
    ["\\0", /a malformed octal escape/],
    ["\\E", /\\E without a \\Q/],
  ] as const) {
    refused(p, new RegExp(`is not a valid Java regular expression: .*${why.source}`));
  }
});

test("replacements: literal text, with \\$ and \\\\ unescaped; group references refused", () => {
  assert.equal(literalJavaReplacement("#"), "#");
  assert.equal(literalJavaReplacement("\\$1 \\\\ x"), "$1 \\ x");
  assert.equal(literalJavaReplacement(""), "");
  assert.throws(() => literalJavaReplacement("$1"), /the group reference '\$' is not supported/);
  assert.throws(() => literalJavaReplacement("${name}"), /the group reference '\$' is not supported/);
  assert.throws(() => literalJavaReplacement("a\\n"), /the escape \\n is not supported .*Java reads \\n as "n"/);
  assert.throws(() => literalJavaReplacement("a\\"), /a trailing backslash/);
});
