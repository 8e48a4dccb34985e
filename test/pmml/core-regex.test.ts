/**
 * PMML's regular expression functions, matches and replace (Java regular expressions, as
 * jpmml-evaluator runs them: Matcher.find() and Matcher.replaceAll): values worked out from Java's
 * documented behaviour, the reference evaluator and the PFA engine agreeing; and what is refused.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { df, refusal, show, showing } from "./core-helpers.js";



const xmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const matches = (pattern: string) => `<Apply function="matches"><FieldRef field="s"/><Constant dataType="string">${xmlText(pattern)}</Constant></Apply>`;
const replace = (pattern: string, replacement: string) =>
  `<Apply function="replace"><FieldRef field="s"/><Constant dataType="string">${xmlText(pattern)}</Constant><Constant dataType="string">${xmlText(replacement)}</Constant></Apply>`;

test("matches: whether some part of the input matches (Matcher.find)", () => {
  const xml = showing(
    ["s:string"],
    df("digits", "boolean", matches("\\d+")) +
      df("whole", "boolean", matches("^[a-z]+$")) +
      df("dot", "boolean", matches("a.c")) +
      df("alt", "boolean", matches("(?:cat|dog)s?")) +
      df("word", "boolean", matches("\\w{3}\\s")),
    ["digits", "whole", "dot", "alt", "word"],
  );
  assert.deepEqual(show(xml, { s: "abc123" }), { digits: true, whole: false, dot: true, alt: false, word: false });
  assert.deepEqual(show(xml, { s: "abc" }), { digits: false, whole: true, dot: true, alt: false, word: false });
  // `.` does not match a line feed; Java's `$` matches before a final line terminator.
  assert.deepEqual(show(xml, { s: "a\nc" }), { digits: false, whole: false, dot: false, alt: false, word: false });
  assert.deepEqual(show(xml, { s: "abc\n" }), { digits: false, whole: true, dot: true, alt: false, word: true });
  assert.deepEqual(show(xml, { s: "abc\r\n" }), { digits: false, whole: true, dot: true, alt: false, word: true });
  assert.deepEqual(show(xml, { s: "abc\n\n" }), { digits: false, whole: false, dot: true, alt: false, word: true });
  assert.deepEqual(show(xml, { s: "hotdogs 2" }), { digits: true, whole: false, dot: false, alt: true, word: true });
  // A missing input gives missing.
  assert.deepEqual(show(xml, { s: null }), { digits: null, whole: null, dot: null, alt: null, word: null });
});

test("replace: every match replaced (Matcher.replaceAll), the replacement literal", () => {
  const xml = showing(
    ["s:string"],
    df("hash", "string", replace("[0-9]+", "#")) +
      df("dollar", "string", replace("\\d", "\\$")) +
      df("backslash", "string", replace("-", "\\\\")) +
      df("dots", "string", replace(".", "*")) +
      df("blanks", "string", replace("\\s+", "_")) +
      df("lead", "string", replace("^a*", "-")),
    ["hash", "dollar", "backslash", "dots", "blanks", "lead"],
  );
  assert.deepEqual(show(xml, { s: "a1b22c" }), { hash: "a#b#c", dollar: "a$b$$c", backslash: "a1b22c", dots: "******", blanks: "a1b22c", lead: "-1b22c" });
  // `.` is any character but a line terminator (a character beyond U+FFFF is one character).
  assert.deepEqual(show(xml, { s: "a\nb-c 😀" }), { hash: "a\nb-c 😀", dollar: "a\nb-c 😀", backslash: "a\nb\\c 😀", dots: "*\n*****", blanks: "a_b-c_😀", lead: "-\nb-c 😀" });
  assert.deepEqual(show(xml, { s: "aab  c" }), { hash: "aab  c", dollar: "aab  c", backslash: "aab  c", dots: "******", blanks: "aab_c", lead: "-b  c" });
  assert.deepEqual(show(xml, { s: "" }), { hash: "", dollar: "", backslash: "", dots: "", blanks: "", lead: "-" });
  assert.deepEqual(show(xml, { s: null }), { hash: null, dollar: null, backslash: null, dots: null, blanks: null, lead: null });
});

test("matches and replace with Apply's attributes and integer constants", () => {
  const xml = showing(
    ["s:string"],
    df("m", "boolean", `<Apply function="matches" mapMissingTo="false"><FieldRef field="s"/><Constant>5</Constant></Apply>`) +
      df("r", "string", `<Apply function="replace" defaultValue="none"><FieldRef field="s"/><Constant>5</Constant><Constant>five</Constant></Apply>`),
    ["m", "r"],
  );
  assert.deepEqual(show(xml, { s: "a5b" }), { m: true, r: "afiveb" });
  assert.deepEqual(show(xml, { s: null }), { m: false, r: "none" });
});

test("refused: patterns whose meaning or matched spans could differ, group references, non-constant patterns", () => {
  const refused = (body: string, dataType = "string") => refusal(showing(["s:string", "p:string"], df("f", dataType, body), ["f"]));
  assert.match(refused(replace("a|ab", "x")), /Apply 'replace': .*replace: pattern "a\|ab": alternation '\|' .* is not supported in replace/);
  assert.match(refused(replace("a+?", "x")), /Apply 'replace': .*the lazy quantifier \+\? is not supported/);
  assert.match(refused(matches("a*?"), "boolean"), /Apply 'matches': .*matches: pattern "a\*\?": the lazy quantifier \*\? is not supported/);
  assert.match(refused(replace("(\\d+)", "<$1>")), /Apply 'replace': .*replacement "<\$1>": the group reference '\$' is not supported/);
  assert.match(refused(replace("x*", "-")), /Apply 'replace': .*can match the empty string/);
  assert.match(refused(replace("a$", "-")), /Apply 'replace': .*'\$'/);
  assert.match(refused(matches("\\bword\\b"), "boolean"), /Apply 'matches': .*the word boundary \\b is not supported/);
  assert.match(refused(matches("(a"), "boolean"), /Apply 'matches': .*is not a valid Java regular expression: an unclosed '\('/);
  assert.match(refused(`<Apply function="matches"><FieldRef field="s"/><FieldRef field="p"/></Apply>`, "boolean"), /Apply 'matches': .*matches: the pattern must be a constant/);
  assert.match(refused(`<Apply function="replace"><FieldRef field="s"/><Constant>a</Constant><FieldRef field="p"/></Apply>`), /Apply 'replace': .*replace: the replacement must be a constant/);
  assert.match(refused(`<Apply function="matches"><FieldRef field="s"/><Constant dataType="string" missing="true"/></Apply>`, "boolean"), /the pattern must be a constant/);
});
