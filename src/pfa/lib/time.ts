/**
 * The "time" module: calendar fields of timestamps (seconds since the epoch, as doubles) in Olson
 * time zones, and timestamps from calendar fields. The calendar is the proleptic Gregorian one; zone
 * offsets come from the platform's time-zone data (Intl.DateTimeFormat, which Node ships with full
 * ICU), so they follow today's tz rules where the spec names version 2015f. The zone "" is UTC.
 *
 * As in the reference, a timestamp is floored to whole milliseconds before its fields are taken, a
 * timestamp outside years 1 to 9999 (UTC) is an error, and a local time that a zone skips (a
 * daylight-saving gap) has no timestamp; a local time that occurs twice is its earlier instant.
 */
import { PFARuntimeError } from "../runtime.js";
import { fixed, type LibFcnImpl } from "./define.js";

const MIN_TS = -62135596800;
const MAX_TS = 253402300799;
const MS_PER_DAY = 86400000;
const MS_PER_HOUR = 3600000;

// ---------------------------------------------------------------------------------------------
// Proleptic Gregorian calendar arithmetic (days since 1970-01-01)

/** Days since the epoch of a civil date (any year, proleptic Gregorian). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date [year, month, day] of a day number. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!;
}

// ---------------------------------------------------------------------------------------------
// Time zones

/** A zone's offset from UTC (milliseconds) at a UTC instant (milliseconds). */
type OffsetFn = (utcMs: number) => number;

const utcOffset: OffsetFn = () => 0;

/** Offsets by the platform's tz data, memoized by the hour where the offset is constant over it. */
function intlOffset(zone: string): OffsetFn | null {
  let format: Intl.DateTimeFormat;
  try {
    // formats as "12/31/1969, GMT-06:00" (seconds too where an offset has them, as local mean time does)
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  } catch {
    return null;
  }
  // Olson names are case-sensitive; ICU's lookup is not
  const canonical = format.resolvedOptions().timeZone;
  if (canonical.toLowerCase() === zone.toLowerCase() && canonical !== zone) return null;
  const exact = (utcMs: number): number => {
    const text = format.format(utcMs);
    const at = text.lastIndexOf("GMT") + 3;
    if (at >= text.length) return 0;
    const sign = text.charCodeAt(at) === 45 || text.charCodeAt(at) === 0x2212 ? -1 : 1;
    const hms = text.slice(at + 1).split(":");
    return sign * ((Number(hms[0]) * 60 + Number(hms[1] ?? 0)) * 60 + Number(hms[2] ?? 0)) * 1000;
  };
  const byHour = new Map<number, number>();
  return (utcMs: number): number => {
    const h = Math.floor(utcMs / MS_PER_HOUR);
    const cached = byHour.get(h);
    if (cached !== undefined) return Number.isNaN(cached) ? exact(utcMs) : cached;
    const start = exact(h * MS_PER_HOUR);
    const uniform = start === exact(h * MS_PER_HOUR + MS_PER_HOUR - 1);
    if (byHour.size > 100000) byHour.clear();
    byHour.set(h, uniform ? start : NaN);
    return uniform ? start : exact(utcMs);
  };
}

const zones = new Map<string, OffsetFn | null>([
  ["", utcOffset],
  ["UTC", utcOffset],
  ["Etc/UTC", utcOffset],
]);

/** The offset function of a zone name, or null when the name is not a known zone. */
function zoneOffset(zone: string): OffsetFn | null {
  let z = zones.get(zone);
  if (z === undefined) {
    z = intlOffset(zone);
    // names come from the data: remember only so many
    if (zones.size < 10000) zones.set(zone, z);
  }
  return z;
}

// ---------------------------------------------------------------------------------------------
// Fields of a timestamp

/** Milliseconds of local time (since the local epoch) of a timestamp, with the spec's checks. */
function localMs(ts: number, zone: string, zoneCode: number, rangeCode: number, name: string): number {
  if (!(ts >= MIN_TS && ts <= MAX_TS)) throw new PFARuntimeError(rangeCode, "timestamp out of range", name);
  const offset = zoneOffset(zone);
  if (offset === null) throw new PFARuntimeError(zoneCode, "unrecognized timezone string", name);
  const ms = Math.floor(ts * 1000);
  return ms + offset(ms);
}

type Field = (local: number) => number;

const year: Field = (local) => civilFromDays(Math.floor(local / MS_PER_DAY))[0];
const monthOfYear: Field = (local) => civilFromDays(Math.floor(local / MS_PER_DAY))[1];
const dayOfMonth: Field = (local) => civilFromDays(Math.floor(local / MS_PER_DAY))[2];
const dayOfYear: Field = (local) => {
  const days = Math.floor(local / MS_PER_DAY);
  return days - daysFromCivil(civilFromDays(days)[0], 1, 1) + 1;
};
// 1970-01-01 was a Thursday (3, counting Monday as 0)
const dayOfWeek: Field = (local) => (((Math.floor(local / MS_PER_DAY) + 3) % 7) + 7) % 7;
const msOfDay = (local: number): number => ((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
const hourOfDay: Field = (local) => Math.floor(msOfDay(local) / MS_PER_HOUR);
const minuteOfHour: Field = (local) => Math.floor(msOfDay(local) / 60000) % 60;
const secondOfMinute: Field = (local) => Math.floor(msOfDay(local) / 1000) % 60;

function getter(name: string, base: number, field: Field): LibFcnImpl {
  return fixed(name, (ts: number, zone: string): number => field(localMs(ts, zone, base, base + 1, name)));
}

function tester(name: string, base: number, field: Field): LibFcnImpl {
  return fixed(name, (ts: number, zone: string, low: number, high: number): boolean => {
    if (low >= high) throw new PFARuntimeError(base, "bad time range", name);
    const v = field(localMs(ts, zone, base + 1, base + 2, name));
    return v >= low && v < high;
  });
}

export const functions: readonly LibFcnImpl[] = [
  getter("time.year", 40000, year),
  getter("time.monthOfYear", 40010, monthOfYear),
  getter("time.dayOfYear", 40020, dayOfYear),
  getter("time.dayOfMonth", 40030, dayOfMonth),
  getter("time.dayOfWeek", 40040, dayOfWeek),
  getter("time.hourOfDay", 40050, hourOfDay),
  getter("time.minuteOfHour", 40060, minuteOfHour),
  getter("time.secondOfMinute", 40070, secondOfMinute),

  fixed("time.makeTimestamp", (yr: number, mo: number, dy: number, hr: number, mi: number, sc: number, ms: number, zone: string): number => {
    const name = "time.makeTimestamp";
    const offset = zoneOffset(zone);
    if (offset === null) throw new PFARuntimeError(40080, "unrecognized timezone string", name);
    const undefinedTs = (): PFARuntimeError => new PFARuntimeError(40081, "timestamp undefined for given parameters", name);
    if (yr < 1 || yr > 9999 || mo < 1 || mo > 12 || dy < 1 || dy > daysInMonth(yr, mo)) throw undefinedTs();
    if (hr < 0 || hr > 23 || mi < 0 || mi > 59 || sc < 0 || sc > 59 || ms < 0 || ms > 999) throw undefinedTs();
    const local = daysFromCivil(yr, mo, dy) * MS_PER_DAY + ((hr * 60 + mi) * 60 + sc) * 1000 + ms;
    // the instants whose local time this is, by the offsets in force a day either side
    const before = offset(local - MS_PER_DAY);
    const after = offset(local + MS_PER_DAY);
    let best = NaN;
    for (const o of before === after ? [before] : [before, after]) {
      const t = local - o;
      if (offset(t) === o && !(t >= best)) best = t;
    }
    if (Number.isNaN(best)) throw undefinedTs();
    return best / 1000;
  }),

  tester("time.isSecondOfMinute", 40090, secondOfMinute),
  tester("time.isMinuteOfHour", 40100, minuteOfHour),
  tester("time.isHourOfDay", 40110, hourOfDay),
  tester("time.isDayOfWeek", 40120, dayOfWeek),
  tester("time.isDayOfMonth", 40130, dayOfMonth),
  tester("time.isMonthOfYear", 40140, monthOfYear),
  tester("time.isDayOfYear", 40150, dayOfYear),

  fixed("time.isWeekend", (ts: number, zone: string): boolean => dayOfWeek(localMs(ts, zone, 40160, 40161, "time.isWeekend")) >= 5),

  fixed("time.isWorkHours", (ts: number, zone: string): boolean => {
    const local = localMs(ts, zone, 40170, 40171, "time.isWorkHours");
    const h = hourOfDay(local);
    return dayOfWeek(local) < 5 && h >= 9 && h < 17;
  }),
];
