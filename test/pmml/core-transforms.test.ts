/**
 * Transformations: DerivedField (TransformationDictionary and LocalTransformations, dataType casts),
 * Constant, FieldRef, Apply with the built-in functions and their attributes, DefineFunction,
 * NormContinuous, NormDiscrete, Discretize, MapValues; what is refused.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { close, df, refusal, scorer, show, showing } from "./core-helpers.js";




test("arithmetic, with PMML's integer rules: int / int divides as integers", () => {
  const xml = showing(
    ["a:integer", "b:integer", "x:double"],
    df("q", "integer", `<Apply function="/"><FieldRef field="a"/><FieldRef field="b"/></Apply>`) +
      df("r", "double", `<Apply function="/"><FieldRef field="x"/><FieldRef field="b"/></Apply>`) +
      df("m", "integer", `<Apply function="modulo"><FieldRef field="a"/><Constant>-3</Constant></Apply>`) +
      df("s", "double", `<Apply function="-"><Apply function="*"><FieldRef field="x"/><Constant dataType="double">2</Constant></Apply><Constant>1</Constant></Apply>`),
    ["q", "r", "m", "s"],
  );
  assert.deepEqual(show(xml, { a: 7, b: 2, x: 7 }), { q: 3, r: 3.5, m: -2, s: 13 });
});

test("DerivedField dataType converts the value; a fraction to integer refuses the row", () => {
  const xml = showing(["x:double"], df("i", "integer", `<FieldRef field="x"/>`) + df("d", "double", `<Apply function="round"><FieldRef field="x"/></Apply>`), ["i", "d"]);
  assert.deepEqual(show(xml, { x: 4 }), { i: 4, d: 4 });
  assert.equal(scorer(xml).score({ x: 4.5 }), "refused");
  assert.match(refusal(showing(["s:string"], df("n", "double", `<FieldRef field="s"/>`), ["n"])), /DerivedField 'n': expr: the expression gives string, which does not convert to the declared double/);
});

test("Constant: typed by dataType, or inferred (integer, then number, then string); missing constants", () => {
  const xml = showing(
    ["x:double"],
    df("c1", "string", `<Apply function="concat"><Constant>ab</Constant><Constant>12</Constant></Apply>`) +
      df("c2", "double", `<Constant dataType="double">NaN</Constant>`) +
      df("c3", "double", `<Apply function="if"><Apply function="isMissing"><Constant missing="true" dataType="double"/></Apply><Constant>1.5</Constant><Constant>0</Constant></Apply>`),
    ["c1", "c2", "c3"],
  );
  const r = show(xml, { x: 0 });
  assert.equal(r.c1, "ab12");
  assert.ok(Number.isNaN(r.c2 as number));
  assert.equal(r.c3, 1.5);
});

test("FieldRef mapMissingTo; Apply mapMissingTo, defaultValue, invalidValueTreatment", () => {
  const xml = showing(
    ["x:double"],
    df("f", "double", `<FieldRef field="x" mapMissingTo="-1"/>`) +
      df("g", "double", `<Apply function="+" mapMissingTo="100"><FieldRef field="x"/><Constant>1</Constant></Apply>`) +
      df("h", "double", `<Apply function="ln" invalidValueTreatment="asMissing" defaultValue="0"><FieldRef field="x"/></Apply>`),
    ["f", "g", "h"],
  );
  assert.deepEqual(show(xml, { x: null }), { f: -1, g: 100, h: 0 });
  const r = show(xml, { x: -2 });
  assert.deepEqual([r.f, r.g, r.h], [-2, -1, 0]);
  close(show(xml, { x: Math.E }).h, 1);
  const strict = showing(["x:double"], df("h", "double", `<Apply function="ln"><FieldRef field="x"/></Apply>`), ["h"]);
  assert.equal(scorer(strict).score({ x: -1 }), "refused");
});

test("the function families: math, comparisons, boolean logic, strings, aggregates, normal distribution", () => {
  const xml = showing(
    ["x:double", "s:string"],
    df("pow", "double", `<Apply function="pow"><FieldRef field="x"/><Constant>2</Constant></Apply>`) +
      df("cmp", "boolean", `<Apply function="and"><Apply function="greaterThan"><FieldRef field="x"/><Constant>1</Constant></Apply><Apply function="isIn"><FieldRef field="s"/><Constant>ab</Constant><Constant>cd</Constant></Apply></Apply>`) +
      df("str", "string", `<Apply function="uppercase"><Apply function="substring"><Apply function="trimBlanks"><FieldRef field="s"/></Apply><Constant>1</Constant><Constant>1</Constant></Apply></Apply>`) +
      df("avg", "double", `<Apply function="avg"><FieldRef field="x"/><Constant>4</Constant><Constant missing="true" dataType="double"/></Apply>`) +
      df("cdf", "double", `<Apply function="stdNormalCDF"><Constant>0</Constant></Apply>`) +
      df("fmt", "string", `<Apply function="formatNumber"><FieldRef field="x"/><Constant>%.2f</Constant></Apply>`) +
      df("thr", "integer", `<Apply function="threshold"><FieldRef field="x"/><Constant>1</Constant></Apply>`),
    ["pow", "cmp", "str", "avg", "cdf", "fmt", "thr"],
  );
  assert.deepEqual(show(xml, { x: 2, s: " ab " }), { pow: 4, cmp: false, str: "A", avg: 3, cdf: 0.5, fmt: "2.00", thr: 1 });
  assert.deepEqual(show(xml, { x: 2, s: "ab" }), { pow: 4, cmp: true, str: "A", avg: 3, cdf: 0.5, fmt: "2.00", thr: 1 });
  // Kleene's logic: false and missing is false.
  const r = show(xml, { x: 0, s: null });
  assert.equal(r.cmp, false);
  assert.equal(r.str, null);
});

test("functions that cannot be expressed exactly are refused by name", () => {
  for (const [fn, args, re] of [
    ["matches", `<FieldRef field="s"/><Constant>(?i)a</Constant>`, /matches: .*inline flag/],
    ["replace", `<FieldRef field="s"/><Constant>a|b</Constant><Constant>b</Constant>`, /replace: pattern "a\|b": alternation/],
    ["formatDatetime", `<FieldRef field="s"/><Constant>%Y</Constant>`, /formatDatetime is not supported/],
    ["x-mystery", `<FieldRef field="s"/>`, /the vendor function x-mystery is not supported/],
    ["noSuchFunction", `<FieldRef field="s"/>`, /unknown function "noSuchFunction"/],
  ] as const) {
    assert.match(refusal(showing(["s:string"], df("f", "string", `<Apply function="${fn}">${args}</Apply>`), ["f"])), re);
  }
});

test("DefineFunction: the body inlined with its ParameterFields bound, its dataType applied; resolved before built-ins", () => {
  const functions = `
    <DefineFunction name="scale" optype="continuous" dataType="double">
      <ParameterField name="v"/><ParameterField name="k"/>
      <Apply function="*"><FieldRef field="v"/><FieldRef field="k"/></Apply>
    </DefineFunction>
    <DefineFunction name="twiceScaled" optype="continuous" dataType="double">
      <ParameterField name="v"/>
      <Apply function="scale"><Apply function="scale"><FieldRef field="v"/><Constant>2</Constant></Apply><Constant>3</Constant></Apply>
    </DefineFunction>
    <DefineFunction name="ln" optype="continuous" dataType="double"><ParameterField name="v"/><Constant>42</Constant></DefineFunction>
    <DefineFunction name="leak" optype="continuous" dataType="double"><ParameterField name="v"/><FieldRef field="x"/></DefineFunction>`;
  const xml = showing(["x:double"], df("a", "double", `<Apply function="twiceScaled"><FieldRef field="x"/></Apply>`) + df("b", "double", `<Apply function="ln"><FieldRef field="x"/></Apply>`), ["a", "b"], functions);
  assert.deepEqual(show(xml, { x: 5 }), { a: 30, b: 42 });
  assert.match(refusal(showing(["x:double"], df("c", "double", `<Apply function="leak"><Constant>1</Constant></Apply>`), ["c"], functions)), /"x" is not a parameter of the function leak/);
  assert.match(refusal(showing(["x:double"], df("c", "double", `<Apply function="scale"><Constant>1</Constant></Apply>`), ["c"], functions)), /the function scale takes 2 arguments, found 1/);
});

test("TransformationDictionary fields: computed when a model reads them; cycles refused", () => {
  const dictionary = df("g1", "double", `<Apply function="+"><FieldRef field="x"/><Constant>1</Constant></Apply>`) + df("g2", "double", `<Apply function="*"><FieldRef field="g1"/><Constant>2</Constant></Apply>`);
  assert.deepEqual(show(showing(["x:double"], df("l", "double", `<FieldRef field="g2"/>`), ["l", "g1"], dictionary), { x: 1 }), { l: 4, g1: 2 });
  const cycle = df("p", "double", `<FieldRef field="q"/>`) + df("q", "double", `<FieldRef field="p"/>`);
  assert.match(refusal(showing(["x:double"], cycle, ["p"])), /the field "p" is defined in terms of itself/);
  assert.match(refusal(showing(["x:double"], df("u", "double", `<FieldRef field="nope"/>`), ["u"])), /the field "nope" is not defined/);
});

test("NormContinuous: piecewise linear, outliers, mapMissingTo", () => {
  const norm = (attrs: string) =>
    df("n", "double", `<NormContinuous field="x" ${attrs}><LinearNorm orig="0" norm="0"/><LinearNorm orig="10" norm="1"/><LinearNorm orig="20" norm="3"/></NormContinuous>`);
  assert.deepEqual(show(showing(["x:double"], norm(""), ["n"]), { x: 15 }), { n: 2 });
  assert.deepEqual(show(showing(["x:double"], norm(""), ["n"]), { x: 30 }), { n: 5 });
  assert.deepEqual(show(showing(["x:double"], norm('outliers="asExtremeValues"'), ["n"]), { x: 30 }), { n: 3 });
  assert.deepEqual(show(showing(["x:double"], norm('outliers="asMissingValues"'), ["n"]), { x: -1 }), { n: null });
  assert.deepEqual(show(showing(["x:double"], norm('mapMissingTo="0.5"'), ["n"]), { x: null }), { n: 0.5 });
  assert.match(refusal(showing(["x:double"], df("n", "double", `<NormContinuous field="x"><LinearNorm orig="0" norm="0"/></NormContinuous>`), ["n"])), /1 LinearNorm element is not supported/);
});

test("NormDiscrete: 1 for the value, 0 otherwise, mapMissingTo for a missing value", () => {
  const xml = showing(["s:string", "k:integer"], df("a", "double", `<NormDiscrete field="s" value="red"/>`) + df("b", "double", `<NormDiscrete field="k" value="3" mapMissingTo="-1"/>`), ["a", "b"]);
  assert.deepEqual(show(xml, { s: "red", k: 3 }), { a: 1, b: 1 });
  assert.deepEqual(show(xml, { s: "blue", k: 2 }), { a: 0, b: 0 });
  assert.deepEqual(show(xml, { s: null, k: null }), { a: null, b: -1 });
});

test("Discretize: the first bin whose interval holds the value; defaultValue; mapMissingTo", () => {
  const bins = `<DiscretizeBin binValue="low"><Interval closure="openClosed" rightMargin="1"/></DiscretizeBin>
    <DiscretizeBin binValue="mid"><Interval closure="openOpen" leftMargin="1" rightMargin="5"/></DiscretizeBin>`;
  const xml = showing(["x:double"], df("b", "string", `<Discretize field="x" defaultValue="high" mapMissingTo="none">${bins}</Discretize>`), ["b"]);
  assert.deepEqual(show(xml, { x: 1 }), { b: "low" });
  assert.deepEqual(show(xml, { x: 3 }), { b: "mid" });
  assert.deepEqual(show(xml, { x: 5 }), { b: "high" });
  assert.deepEqual(show(xml, { x: null }), { b: "none" });
  const numeric = showing(["x:double"], df("b", "integer", `<Discretize field="x"><DiscretizeBin binValue="7"><Interval closure="closedClosed" leftMargin="0" rightMargin="1"/></DiscretizeBin></Discretize>`), ["b"]);
  assert.deepEqual(show(numeric, { x: 0.5 }), { b: 7 });
  assert.deepEqual(show(numeric, { x: 2 }), { b: null });
});

test("MapValues with an InlineTable: keys by the fields' types, several key columns, defaults", () => {
  const table = `<InlineTable>
      <row><k>1</k><c>a</c><v>one-a</v></row>
      <row><k>2</k><c>a</c><v>two-a</v></row>
      <row><k>1</k><c>b</c></row>
    </InlineTable>`;
  const xml = showing(
    ["n:integer", "s:string"],
    df("m", "string", `<MapValues outputColumn="v" defaultValue="other" mapMissingTo="?"><FieldColumnPair field="n" column="k"/><FieldColumnPair field="s" column="c"/>${table}</MapValues>`),
    ["m"],
  );
  assert.deepEqual(show(xml, { n: 2, s: "a" }), { m: "two-a" });
  assert.deepEqual(show(xml, { n: 1, s: "b" }), { m: null });
  assert.deepEqual(show(xml, { n: 3, s: "a" }), { m: "other" });
  assert.deepEqual(show(xml, { n: null, s: "a" }), { m: "?" });
  const numbers = showing(["s:string"], df("m", "double", `<MapValues outputColumn="v"><FieldColumnPair field="s" column="k"/><InlineTable><row><k>x</k><v>1.5</v></row></InlineTable></MapValues>`), ["m"]);
  assert.deepEqual(show(numbers, { s: "x" }), { m: 1.5 });
  assert.match(refusal(showing(["s:string"], df("m", "string", `<MapValues outputColumn="v"><FieldColumnPair field="s" column="k"/><TableLocator/></MapValues>`), ["m"])), /TableLocator/);
});

test("Aggregate and Lag (which read other records) are refused", () => {
  assert.match(refusal(showing(["x:double"], df("a", "double", `<Aggregate field="x" function="sum"/>`), ["a"])), /Aggregate \(which reads other records\) is not supported/);
  assert.match(refusal(showing(["x:double"], df("a", "double", `<Lag field="x"/>`), ["a"])), /Lag \(which reads earlier records\) is not supported/);
});
