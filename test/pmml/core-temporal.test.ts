/**
 * Dates and times: date, time and dateTime DataFields (ISO text in, the `temporal` op's number), their
 * predicates, Constants, the date functions as jpmml-evaluator computes them, the MiningField
 * treatments, and what is refused. The expected values are computed by hand in the comments
 * (day numbers: 1970-01-01 is day 0, 1960-01-01 day -3653, 2003-04-01 day 12143).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { pmml, refusal, scorer } from "./core-helpers.js";

/** A regression model (intercept 0) whose OutputFields show derived fields; `mining` is extra MiningField XML per input. */
function showing(fields: string[], derived: string, outputs: string[], mining: Record<string, string> = {}): string {
  const inputs = fields.filter((f) => !f.startsWith("<")).map((f) => f.split(":")[0]!);
  return pmml(
    [...fields, "y:double"],
    `<RegressionModel functionName="regression">
       <MiningSchema>${inputs.map((n) => `<MiningField name="${n}" ${mining[n] ?? ""}/>`).join("")}<MiningField name="y" usageType="target"/></MiningSchema>
       <Output>${outputs.map((o) => `<OutputField name="out ${o}" feature="transformedValue"><FieldRef field="${o}"/></OutputField>`).join("")}</Output>
       <LocalTransformations>${derived}</LocalTransformations>
       <RegressionTable intercept="0"/>
     </RegressionModel>`,
  );
}

function show(xml: string, row: Record<string, unknown>): Record<string, unknown> | "refused" {
  const r = scorer(xml).score(row);
  if (r === "refused") return r;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (k.startsWith("out ")) out[k.slice(4)] = v;
  return out;
}

const df = (name: string, dataType: string, body: string) => `<DerivedField name="${name}" dataType="${dataType}" optype="continuous">${body}</DerivedField>`;
const fn = (f: string, ...args: string[]) => `<Apply function="${f}">${args.join("")}</Apply>`;
const ref = (f: string) => `<FieldRef field="${f}"/>`;
const year = (y: number) => `<Constant>${y}</Constant>`;

test("a date field in a TreeModel's SimplePredicate and SimpleSetPredicate compares dates", () => {
  const xml = pmml(
    ["d:date", "y:double"],
    `<TreeModel functionName="regression">
       <MiningSchema><MiningField name="d"/><MiningField name="y" usageType="target"/></MiningSchema>
       <Node score="0"><True/>
         <Node score="1"><SimplePredicate field="d" operator="lessThan" value="2000-01-01"/></Node>
         <Node score="2"><SimpleSetPredicate field="d" booleanOperator="isIn"><Array type="string">2003-04-01 "2004-02-29"</Array></SimpleSetPredicate></Node>
         <Node score="3"><True/></Node>
       </Node>
     </TreeModel>`,
  );
  const s = scorer(xml);
  assert.equal(s.pipeline.inputs[0]!.type.kind, "nullable");
  assert.deepEqual(s.score({ d: "1999-12-31" }), { y: 1 });
  assert.deepEqual(s.score({ d: "2000-01-01" }), { y: 3 });
  assert.deepEqual(s.score({ d: "2003-04-01" }), { y: 2 });
  assert.deepEqual(s.score({ d: "2004-02-29" }), { y: 2 });
  // Not a date (2003 is not a leap year): invalid, and invalidValueTreatment defaults to returnInvalid.
  assert.equal(s.score({ d: "2003-02-29" }), "refused");
  assert.equal(s.score({ d: "2003-04-01T00:00" }), "refused");
  // A value that is not a date in the document is refused.
  assert.match(refusal(xml.replace('value="2000-01-01"', 'value="2000-1-1"')), /value "2000-1-1" is not a date/);
});

test("SimplePredicates on time and dateTime fields (segment predicates, through expr)", () => {
  // A MiningModel segment predicate goes through the expr predicates.
  const xml = pmml(
    ["t:time", "dt:dateTime", "y:double"],
    `<MiningModel functionName="regression">
       <MiningSchema><MiningField name="t"/><MiningField name="dt"/><MiningField name="y" usageType="target"/></MiningSchema>
       <Segmentation multipleModelMethod="selectFirst">
         <Segment><CompoundPredicate booleanOperator="and">
             <SimplePredicate field="t" operator="greaterOrEqual" value="12:00"/>
             <SimplePredicate field="dt" operator="lessThan" value="2003-04-01T14:30:00.5"/>
           </CompoundPredicate>
           <RegressionModel functionName="regression"><MiningSchema><MiningField name="y" usageType="target"/></MiningSchema><RegressionTable intercept="1"/></RegressionModel></Segment>
         <Segment><True/><RegressionModel functionName="regression"><MiningSchema><MiningField name="y" usageType="target"/></MiningSchema><RegressionTable intercept="2"/></RegressionModel></Segment>
       </Segmentation>
     </MiningModel>`,
  );
  const s = scorer(xml);
  assert.deepEqual(s.score({ t: "12:00:00", dt: "2003-04-01T14:30:00.4" }), { y: 1 });
  assert.deepEqual(s.score({ t: "11:59:59.999", dt: "2003-04-01T14:30" }), { y: 2 });
  assert.deepEqual(s.score({ t: "13:00", dt: "2003-04-01T14:30:00.5" }), { y: 2 });
});

test("dateDaysSinceYear, dateSecondsSinceYear, dateSecondsSinceMidnight on date, time and dateTime fields", () => {
  const xml = showing(
    ["d:date", "t:time", "dt:dateTime"],
    df("days", "integer", fn("dateDaysSinceYear", ref("d"), year(1960))) +
      df("dtDays", "integer", fn("dateDaysSinceYear", ref("dt"), year(1970))) +
      df("secs", "double", fn("dateSecondsSinceYear", ref("dt"), year(1960))) +
      df("dSecs", "double", fn("dateSecondsSinceYear", ref("d"), year(1960))) +
      df("mid", "integer", fn("dateSecondsSinceMidnight", ref("t"))) +
      df("dtMid", "integer", fn("dateSecondsSinceMidnight", ref("dt"))),
    ["days", "dtDays", "secs", "dSecs", "mid", "dtMid"],
  );
  // 2003-04-01 is day 12143, 1960-01-01 day -3653: 12143 + 3653 = 15796 days since 1960.
  // dateTime 2003-04-01T14:30:00.5: 15796 * 86400 + 52200 = 1364826600 seconds since 1960 (the .5 dropped),
  // its date is day 12143 since 1970, its time 52200 seconds after midnight.
  // time 14:30:15.75: 52215 whole seconds after midnight.
  assert.deepEqual(show(xml, { d: "2003-04-01", t: "14:30:15.75", dt: "2003-04-01T14:30:00.5" }), {
    days: 15796,
    dtDays: 12143,
    secs: 1364826600,
    dSecs: 15796 * 86400,
    mid: 52215,
    dtMid: 52200,
  });
  // Before the year's start: seconds truncate toward zero (ChronoUnit.SECONDS.between): -0.5 -> 0,
  // -1.5 -> -1; the date part floors (1969-12-31 is day -1); the time of day is 23:59:59 (86399).
  assert.deepEqual(show(xml, { d: "1959-12-31", t: "00:00", dt: "1959-12-31T23:59:59.5" }), {
    days: -1,
    dtDays: -3654,
    secs: 0,
    dSecs: -86400,
    mid: 0,
    dtMid: 86399,
  });
  assert.deepEqual((show(xml, { d: "2000-02-29", t: "23:59:59.999999999", dt: "1959-12-31T23:59:58.5" }) as Record<string, number>).secs, -1);
  // 2000-02-29: 2000-01-01 is day 10957, + 59 = 11016; since 1960: 11016 + 3653.
  assert.equal((show(xml, { d: "2000-02-29", t: "23:59:59.999999999", dt: "1970-01-01T00:00" }) as Record<string, number>).days, 14669);
  assert.equal((show(xml, { d: "2000-02-29", t: "23:59:59.999999999", dt: "1970-01-01T00:00" }) as Record<string, number>).mid, 86399);
  // A missing input gives missing values.
  assert.deepEqual(show(xml, { d: null, t: null, dt: null }), { days: null, dtDays: null, secs: null, dSecs: null, mid: null, dtMid: null });
});

test("Constants of dataType date, time, dateTime; comparisons of dates", () => {
  const xml = showing(
    ["d:date"],
    df("c", "integer", fn("dateDaysSinceYear", `<Constant dataType="date">2003-04-01</Constant>`, year(1960))) +
      df("ct", "integer", fn("dateSecondsSinceMidnight", `<Constant dataType="time">01:02:03.9</Constant>`)) +
      df("cdt", "integer", fn("dateDaysSinceYear", `<Constant dataType="dateTime">1970-01-02T00:00:00</Constant>`, year(1970))) +
      df("before", "boolean", fn("lessThan", ref("d"), `<Constant dataType="date">2003-04-01</Constant>`)) +
      df("same", "boolean", fn("equal", `<Constant dataType="date">2003-04-01</Constant>`, ref("d"))) +
      df("gone", "boolean", fn("isMissing", ref("d"))),
    ["c", "ct", "cdt", "before", "same", "gone"],
  );
  // 01:02:03.9 is 3723 whole seconds after midnight.
  assert.deepEqual(show(xml, { d: "2003-03-31" }), { c: 15796, ct: 3723, cdt: 1, before: true, same: false, gone: false });
  assert.deepEqual(show(xml, { d: "2003-04-01" }), { c: 15796, ct: 3723, cdt: 1, before: false, same: true, gone: false });
  assert.deepEqual(show(xml, { d: null }), { c: 15796, ct: 3723, cdt: 1, before: null, same: null, gone: true });
  assert.match(refusal(showing(["d:date"], df("c", "integer", fn("dateDaysSinceYear", `<Constant dataType="date">2003-02-29</Constant>`, year(1960))), ["c"])), /the value "2003-02-29" is not a date/);
  assert.match(refusal(showing(["d:date"], df("c", "boolean", fn("lessThan", ref("d"), `<Constant dataType="time">10:00</Constant>`)), ["c"])), /lessThan of a date and a value of another type is not supported/);
});

test("invalidValueTreatment: returnInvalid refuses the row, asMissing makes the value missing", () => {
  const derived = df("days", "integer", fn("dateDaysSinceYear", ref("d"), year(1960)));
  const refusing = showing(["d:date"], derived, ["days"]);
  assert.equal(show(refusing, { d: "2003-4-01" }), "refused");
  const missing = showing(["d:date"], derived, ["days"], { d: 'invalidValueTreatment="asMissing"' });
  assert.deepEqual(show(missing, { d: "2003-4-01" }), { days: null });
  assert.deepEqual(show(missing, { d: " 2003-04-01" }), { days: null });
  assert.deepEqual(show(missing, { d: "2003-04-01" }), { days: 15796 });
});

test("what is refused: formatDatetime, other temporal types, treatments, non-constant years, numeric use", () => {
  assert.match(refusal(showing(["d:date"], df("f", "string", fn("formatDatetime", ref("d"), `<Constant>%Y</Constant>`)), ["f"])), /formatDatetime is not supported: jpmml-evaluator formats in the JVM's default time zone/);
  assert.match(refusal(showing(["d:dateDaysSince[1960]"], df("x", "double", ref("d")), ["x"])), /dataType="dateDaysSince\[1960\]" is not supported \(of the dates and times, date, time and dateTime are\)/);
  assert.match(refusal(showing(["d:timeSeconds"], df("x", "double", ref("d")), ["x"])), /dataType="timeSeconds" is not supported/);
  const days = df("days", "integer", fn("dateDaysSinceYear", ref("d"), year(1960)));
  assert.match(refusal(showing(["d:date"], days, ["days"], { d: 'invalidValueTreatment="asIs"' })), /invalidValueTreatment="asIs" on a date field is not supported/);
  assert.match(refusal(showing(["d:date"], days, ["days"], { d: 'invalidValueTreatment="asValue" invalidValueReplacement="2000-01-01"' })), /invalidValueTreatment="asValue" on a date field/);
  assert.match(refusal(showing(["d:date"], days, ["days"], { d: 'missingValueReplacement="2000-01-01"' })), /missingValueReplacement on a date field is not supported/);
  assert.match(refusal(showing(['<DataField name="d" dataType="date" optype="continuous"><Value value="2000-01-01"/></DataField>'], days, ["days"])), /Values and Intervals of a date field are not supported/);
  assert.match(refusal(showing(["d:date", "n:integer"], df("days", "integer", fn("dateDaysSinceYear", ref("d"), ref("n"))), ["days"])), /dateDaysSinceYear with a year that is not a constant integer is not supported/);
  assert.match(
    refusal(showing(["d:date"], df("days", "integer", fn("dateDaysSinceYear", fn("if", `<Constant dataType="boolean">true</Constant>`, ref("d"), ref("d")), year(1960))), ["days"])),
    /dateDaysSinceYear of an argument whose date or time type is not known/,
  );
  assert.match(refusal(showing(["t:time"], df("x", "integer", fn("dateDaysSinceYear", ref("t"), year(1960))), ["x"])), /dateDaysSinceYear of a time is not supported/);
  assert.match(refusal(showing(["d:date"], df("x", "integer", fn("dateSecondsSinceMidnight", ref("d"))), ["x"])), /dateSecondsSinceMidnight of a date is not supported/);
  // Arithmetic on a date, or a date as a model's numeric predictor: jpmml-evaluator cannot read a date as a number.
  assert.match(refusal(showing(["d:date"], df("x", "double", fn("+", ref("d"), year(1))), ["x"])), /the date field "d" is used as a number or a string/);
  assert.match(refusal(showing(["d:date"], df("x", "double", `<Constant dataType="date">2000-01-01</Constant>`), ["x"])), /a Constant of dataType="date" is supported only as an argument/);
});
