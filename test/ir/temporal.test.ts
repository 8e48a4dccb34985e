/** The temporal op: ISO date, time and dateTime texts as java.time parses them, hand-checked, and the property test. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { OpDef } from "../../src/ir/op.js";
import { MissingValueError } from "../../src/ir/ops/common.js";
import { parseTemporal, temporal, type TemporalParams } from "../../src/ir/ops/temporal.js";
import { DOUBLE, INT, nullable, STRING } from "../../src/ir/types.js";
import { checkCases, REFUSED } from "./op-cases.js";
import { checkOpProperty } from "./property.js";

const op = temporal as OpDef<unknown>;

test("temporal: dates are days since 1970-01-01 (LocalDate.toEpochDay)", () => {
  const p: TemporalParams = { kind: "date", invalid: "refuse" };
  checkCases(op, p, [nullable(STRING)], [
    { inputs: ["1970-01-01"], expected: [0] },
    { inputs: ["1969-12-31"], expected: [-1] },
    // 2000-01-01 is day 10957; + 31 (January) + 28 -> Feb 29 (2000 is a leap year: divisible by 400)
    { inputs: ["2000-02-29"], expected: [11016] },
    // 1900-01-01 is day -25567; + 31 + 28 (1900 is not a leap year) -> March 1
    { inputs: ["1900-03-01"], expected: [-25508] },
    { inputs: ["1900-02-29"], expected: REFUSED },
    { inputs: ["0000-01-01"], expected: [-719528] },
    // year 0 is a leap year of the proleptic Gregorian calendar
    { inputs: ["0000-02-29"], expected: [-719528 + 59] },
    { inputs: ["9999-12-31"], expected: [2932896] },
    // 2003-01-01 is day 12053 (10957 + 366 + 365 + 365); + 31 + 28 + 31
    { inputs: ["2003-04-01"], expected: [12143] },
    { inputs: ["2001-02-29"], expected: REFUSED },
    { inputs: ["2001-04-31"], expected: REFUSED },
    { inputs: ["2001-13-01"], expected: REFUSED },
    { inputs: ["2001-00-01"], expected: REFUSED },
    { inputs: [" 2001-01-01"], expected: REFUSED },
    { inputs: ["2001-01-01 "], expected: REFUSED },
    { inputs: ["+2001-01-01"], expected: REFUSED },
    { inputs: ["2001-1-01"], expected: REFUSED },
    { inputs: ["2001-01-01T00:00"], expected: REFUSED },
    { inputs: [""], expected: REFUSED },
    { inputs: [null], expected: [null] },
  ]);
  assert.deepEqual(temporal.outputTypes(p, [STRING]), [INT]);
  assert.deepEqual(temporal.outputTypes(p, [nullable(STRING)]), [nullable(INT)]);
  assert.deepEqual(temporal.outputTypes({ kind: "date", invalid: "missing" }, [STRING]), [nullable(INT)]);
});

test("temporal: times are seconds since midnight, fraction kept", () => {
  const p: TemporalParams = { kind: "time", invalid: "missing" };
  checkCases(op, p, [STRING], [
    { inputs: ["00:00"], expected: [0] },
    { inputs: ["14:30"], expected: [52200] },
    { inputs: ["14:30:15"], expected: [52215] },
    { inputs: ["14:30:15.25"], expected: [52215.25] },
    { inputs: ["23:59:59.999999999"], expected: [86399 + 999999999 / 1e9] },
    { inputs: ["24:00"], expected: [null] },
    { inputs: ["12:60"], expected: [null] },
    { inputs: ["12:00:60"], expected: [null] },
    { inputs: ["12:00:00."], expected: [null] },
    { inputs: ["12:00:00.1234567890"], expected: [null] },
    { inputs: ["12:00Z"], expected: [null] },
    { inputs: ["1:00"], expected: [null] },
  ]);
  assert.deepEqual(temporal.outputTypes(p, [STRING]), [nullable(DOUBLE)]);
});

test("temporal: dateTimes are seconds since 1970-01-01T00:00:00, no time zone", () => {
  const p: TemporalParams = { kind: "dateTime", invalid: "refuse" };
  checkCases(op, p, [nullable(STRING)], [
    { inputs: ["1970-01-01T00:00"], expected: [0] },
    // 2003-04-01 is day 12143: 12143 * 86400 + 14.5 hours (52200 s) + 0.5
    { inputs: ["2003-04-01T14:30:00.5"], expected: [1049207400.5] },
    { inputs: ["1969-12-31T23:59:59"], expected: [-1] },
    { inputs: ["0000-01-01T00:00"], expected: [-719528 * 86400] },
    { inputs: ["2003-04-01T14:30:00Z"], expected: REFUSED },
    { inputs: ["2003-04-01 14:30:00"], expected: REFUSED },
    { inputs: ["2003-04-01T24:00"], expected: REFUSED },
    { inputs: ["2001-02-29T10:00"], expected: REFUSED },
    { inputs: [null], expected: [null] },
  ]);
});

test("temporal: refuse or missing", () => {
  assert.throws(() => temporal.evaluate({ kind: "date", invalid: "refuse" }, ["2001-02-29"], [STRING]), MissingValueError);
  assert.deepEqual(temporal.evaluate({ kind: "date", invalid: "missing" }, ["2001-02-29"], [STRING]), [null]);
  assert.equal(parseTemporal("date", "2003-04-01"), 12143);
  assert.equal(parseTemporal("time", "24:00"), null);
});

test("temporal: property (PFA agrees with the reference evaluator)", () => {
  checkOpProperty(op, 11, 300, 8);
});

test("temporal: a dateTime beyond the milliseconds refuses the row, whatever the invalid policy", () => {
  for (const invalid of ["refuse", "missing"] as const) {
    checkCases(op, { kind: "dateTime", invalid }, [nullable(STRING)], [
      // 2003-04-01 is day 12143: 12143 * 86400 + 14.5 h
      { inputs: ["2003-04-01T14:30:00.123"], expected: [12143 * 86400 + 52200 + 0.123] },
      { inputs: ["2003-04-01T14:30:00.123000000"], expected: [12143 * 86400 + 52200 + 0.123] },
      // .9999999999 would round to the next second in a double: refused rather than scored
      { inputs: ["2003-04-01T23:59:59.999999999"], expected: REFUSED },
      { inputs: ["2003-04-01T14:30:00.1234"], expected: REFUSED },
    ]);
  }
  // A time keeps all nine digits (seconds of a day are small enough).
  checkCases(op, { kind: "time", invalid: "refuse" }, [STRING], [{ inputs: ["23:59:59.999999999"], expected: [86399 + 0.999999999] }]);
});
