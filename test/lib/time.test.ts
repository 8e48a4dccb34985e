import { test } from "node:test";
import assert from "node:assert/strict";
import { functions } from "../../src/pfa/lib/time.js";
import type { CompiledFunction } from "../../src/pfa/lib/define.js";
import { generateSite, throwsCode } from "./helpers.js";

const gen = (name: string): CompiledFunction => generateSite(functions, name);

const year = gen("time.year");
const month = gen("time.monthOfYear");
const dayOfYear = gen("time.dayOfYear");
const day = gen("time.dayOfMonth");
const dayOfWeek = gen("time.dayOfWeek");
const hour = gen("time.hourOfDay");
const minute = gen("time.minuteOfHour");
const second = gen("time.secondOfMinute");
const make = gen("time.makeTimestamp");

/** All the fields of a timestamp in a zone, as [y, mo, d, h, mi, s]. */
const fields = (ts: number, zone: string): number[] => [year, month, day, hour, minute, second].map((f) => f(ts, zone) as number);

const CHICAGO = "America/Chicago";

test("every function of the module is implemented once", () => {
  const names = functions.map((f) => f.name);
  assert.equal(names.length, 18);
  assert.equal(new Set(names).size, 18);
});

test("fields at and around the epoch, in UTC and in Chicago", () => {
  assert.deepEqual(fields(0, "Etc/UTC"), [1970, 1, 1, 0, 0, 0]);
  assert.deepEqual(fields(0, ""), [1970, 1, 1, 0, 0, 0]);
  assert.deepEqual(fields(0, "UTC"), [1970, 1, 1, 0, 0, 0]);
  assert.deepEqual(fields(0, CHICAGO), [1969, 12, 31, 18, 0, 0]);
  // a timestamp is floored to the millisecond, so just before the epoch is the last second of 1969
  assert.deepEqual(fields(-0.5, "Etc/UTC"), [1969, 12, 31, 23, 59, 59]);
  assert.deepEqual(fields(-1e-5, "Etc/UTC"), [1969, 12, 31, 23, 59, 59]);
  assert.deepEqual(fields(0.99999, "Etc/UTC"), [1970, 1, 1, 0, 0, 0]);
  assert.equal(dayOfWeek(0, "Etc/UTC"), 3); // a Thursday
  assert.equal(dayOfWeek(0, CHICAGO), 2);
  assert.equal(dayOfWeek(-86400 * 3, "Etc/UTC"), 0); // Monday 1969-12-29
  assert.equal(dayOfWeek(-86400 * 4, "Etc/UTC"), 6);
  assert.equal(dayOfYear(0, CHICAGO), 365);
});

test("leap years and the ends of the expressible range", () => {
  const dec31of2016 = make(2016, 12, 31, 12, 0, 0, 0, "") as number;
  assert.equal(dayOfYear(dec31of2016, ""), 366);
  assert.equal(dayOfYear(make(2015, 12, 31, 12, 0, 0, 0, ""), ""), 365);
  assert.equal(make(2000, 2, 29, 0, 0, 0, 0, ""), 951782400);
  throwsCode(() => make(1900, 2, 29, 0, 0, 0, 0, ""), 40081);
  assert.deepEqual(fields(-62135596800, "Etc/UTC"), [1, 1, 1, 0, 0, 0]);
  assert.equal(dayOfWeek(-62135596800, "Etc/UTC"), 0); // 0001-01-01 was a Monday (proleptic Gregorian)
  assert.deepEqual(fields(253402300799, "Etc/UTC"), [9999, 12, 31, 23, 59, 59]);
  assert.equal(make(1, 1, 1, 0, 0, 0, 0, "Etc/UTC"), -62135596800);
  assert.equal(make(9999, 12, 31, 23, 59, 59, 999, "Etc/UTC"), 253402300799.999);
  // in Chicago the first instant is still year 0 (1 BC) locally, on local mean time (-5:50:36)
  assert.deepEqual(fields(-62135596800, CHICAGO), [0, 12, 31, 18, 9, 24]);
  for (const ts of [NaN, Infinity, -Infinity, -62135596801, 253402300800]) {
    throwsCode(() => year(ts, "Etc/UTC"), 40001);
    throwsCode(() => dayOfWeek(ts, CHICAGO), 40041);
  }
});

test("Chicago's daylight-saving time, including far-future rules", () => {
  // 2015-07-01 12:00 UTC is 07:00 CDT; 2015-01-01 12:00 UTC is 06:00 CST
  assert.equal(hour(1435752000, CHICAGO), 7);
  assert.equal(hour(1420113600, CHICAGO), 6);
  // the transition instants of 2015: 2015-03-08 08:00 UTC and 2015-11-01 07:00 UTC (1446361200)
  assert.equal(hour(1425801599, CHICAGO), 1);
  assert.equal(hour(1425801600, CHICAGO), 3);
  assert.deepEqual([hour(1446361199, CHICAGO), minute(1446361199, CHICAGO)], [1, 59]);
  assert.deepEqual([hour(1446361200, CHICAGO), minute(1446361200, CHICAGO)], [1, 0]);
  // a skipped local time has no timestamp; a repeated one is its earlier instant (daylight time)
  throwsCode(() => make(2015, 3, 8, 2, 30, 0, 0, CHICAGO), 40081);
  assert.equal(make(2015, 3, 8, 3, 0, 0, 0, CHICAGO), 1425801600);
  assert.equal(make(2015, 11, 1, 1, 30, 0, 0, CHICAGO), 1446359400);
  assert.equal(make(2015, 11, 1, 2, 0, 0, 0, CHICAGO), 1446364800);
  // the US rules go on past 2037 (the reference's tz data stopped there: see the report)
  assert.equal(make(2300, 6, 1, 0, 0, 0, 0, CHICAGO), 10426856400);
  assert.equal(hour(10426856400, CHICAGO), 0);
});

test("makeTimestamp inverts the getters", () => {
  let ts = -2208988800; // 1900
  for (let i = 0; i < 500; i++) {
    ts += 7919.123 * 3607;
    for (const zone of [CHICAGO, "Etc/UTC", "Asia/Kolkata", "Australia/Lord_Howe"]) {
      const [y, mo, d, h, mi, s] = fields(ts, zone);
      const ms = Math.floor(ts * 1000) - Math.floor(ts) * 1000;
      const back = make(y, mo, d, h, mi, s, ms, zone) as number;
      // equal, or the other instant of a repeated local time
      assert.deepEqual(fields(back, zone), [y, mo, d, h, mi, s]);
      assert.ok(Math.abs(back - ts) <= 3600 + 0.001, `${ts} ${zone} ${back}`);
    }
  }
});

test("makeTimestamp rejects impossible fields", () => {
  assert.equal(make(1970, 1, 1, 0, 0, 0, 1, "Etc/UTC"), 0.001);
  for (const bad of [
    [0, 1, 1, 0, 0, 0, 0],
    [10000, 1, 1, 0, 0, 0, 0],
    [2015, 0, 1, 0, 0, 0, 0],
    [2015, 13, 1, 0, 0, 0, 0],
    [2015, 11, 31, 0, 0, 0, 0],
    [2015, 1, 0, 0, 0, 0, 0],
    [2015, 1, 1, 24, 0, 0, 0],
    [2015, 1, 1, -1, 0, 0, 0],
    [2015, 1, 1, 0, 60, 0, 0],
    [2015, 1, 1, 0, 0, 60, 0],
    [2015, 1, 1, 0, 0, 0, 1000],
    [2015, 1, 1, 0, 0, 0, -1],
  ])
    throwsCode(() => make(...bad, ""), 40081);
  throwsCode(() => make(2015, 1, 1, 0, 0, 0, 0, "where/ever"), 40080);
  throwsCode(() => make(0, 1, 1, 0, 0, 0, 0, "where/ever"), 40080);
});

test("zones: Olson names only, case-sensitively", () => {
  throwsCode(() => year(0, "where/ever"), 40000);
  throwsCode(() => month(0, "america/chicago"), 40010);
  throwsCode(() => second(0, "Not/AZone"), 40070);
  assert.equal(hour(0, "US/Central"), 18);
  assert.equal(hour(0, "Asia/Kolkata"), 5);
  assert.equal(minute(0, "Asia/Kolkata"), 30);
  // a timestamp out of range is reported before an unknown zone
  throwsCode(() => year(NaN, "where/ever"), 40001);
});

test("the range tests", () => {
  const checks: [string, number, number, number][] = [
    ["time.isSecondOfMinute", 40090, 5, 6],
    ["time.isMinuteOfHour", 40100, 2, 3],
    ["time.isHourOfDay", 40110, 1, 2],
    ["time.isDayOfWeek", 40120, 3, 4],
    ["time.isDayOfMonth", 40130, 1, 2],
    ["time.isMonthOfYear", 40140, 1, 2],
    ["time.isDayOfYear", 40150, 1, 2],
  ];
  const ts = 3600 + 120 + 5.5; // Thursday 1970-01-01 01:02:05.5 UTC
  for (const [name, base, low, high] of checks) {
    const f = gen(name);
    assert.equal(f(ts, "Etc/UTC", low, high), true, name);
    assert.equal(f(ts, "Etc/UTC", low - 0.5, low + 0.5), true, name);
    assert.equal(f(ts, "Etc/UTC", high, high + 10), false, name);
    assert.equal(f(ts, "Etc/UTC", low - 10, low), false, name);
    throwsCode(() => f(ts, "Etc/UTC", high, low), base);
    throwsCode(() => f(ts, "Etc/UTC", low, low), base);
    throwsCode(() => f(NaN, "where/ever", high, low), base);
    throwsCode(() => f(ts, "where/ever", low, high), base + 1);
    throwsCode(() => f(Infinity, "Etc/UTC", low, high), base + 2);
    assert.equal(f(ts, "Etc/UTC", NaN, high), false);
  }
});

test("weekends and work hours", () => {
  const weekend = gen("time.isWeekend");
  const work = gen("time.isWorkHours");
  const monday9 = make(2015, 6, 1, 9, 0, 0, 0, CHICAGO) as number;
  assert.equal(work(monday9, CHICAGO), true);
  assert.equal(work(monday9 - 0.001, CHICAGO), false);
  assert.equal(work(monday9 + 8 * 3600 - 0.001, CHICAGO), true);
  assert.equal(work(monday9 + 8 * 3600, CHICAGO), false);
  assert.equal(work(monday9, "Etc/UTC"), true); // 14:00 UTC
  assert.equal(weekend(monday9, CHICAGO), false);
  assert.equal(weekend(monday9 - 9 * 3600 - 1, CHICAGO), true); // Sunday 23:59:59
  assert.equal(work(monday9 - 2 * 86400, CHICAGO), false); // Saturday 9:00
  throwsCode(() => weekend(0, "where/ever"), 40160);
  throwsCode(() => weekend(-Infinity, "Etc/UTC"), 40161);
  throwsCode(() => work(0, "where/ever"), 40170);
  throwsCode(() => work(NaN, "Etc/UTC"), 40171);
});
