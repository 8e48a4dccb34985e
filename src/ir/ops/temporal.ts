/**
 * temporal: ISO text to a number, as jpmml-evaluator reads PMML's date, time and dateTime values
 * (java.time's LocalDate.parse, LocalTime.parse and LocalDateTime.parse), on the subset of their ISO
 * forms below. One string column in, one number out:
 *
 * - `date`: `YYYY-MM-DD` (a 4-digit year 0000-9999, month 01-12, a day that exists in that month of
 *   the proleptic Gregorian calendar) -> int, the days since 1970-01-01 (LocalDate.toEpochDay).
 * - `time`: `HH:MM`, `HH:MM:SS` or `HH:MM:SS.f` (hours 00-23, minutes and seconds 00-59, 1 to 9
 *   fraction digits) -> double, the seconds since midnight, fraction kept.
 * - `dateTime`: `<date>T<time>` -> double, the seconds since 1970-01-01T00:00:00 (a local date-time, no
 *   time zone), fraction kept.
 *
 * The number is computed as (whole seconds) + (nanoseconds) / 1e9, the whole part exactly: one
 * rounding, the same in the reference evaluation and in the PFA. A dateTime keeps milliseconds
 * exactly enough (its double is within 2^-15 s of the true value up to the year 9999, so the whole
 * second and the order of two values stay right); a valid dateTime with a non-zero digit beyond the
 * milliseconds refuses the row whatever `invalid` says, since its double could fall across a second
 * (or a day) and give dateSecondsSinceYear or a comparison a value jpmml-evaluator would not.
 * Any other text (other widths, signs, blanks, a zone or offset such as `Z`, 24:00) is invalid:
 * `invalid: "refuse"` refuses the row, `"missing"` gives a missing value. A missing input is missing.
 */
import { defineOp, type LowerContext } from "../op.js";
import type { JsonValue } from "../../pfa/json-value.js";
import { DOUBLE, INT, describeType, nonNull, nullable, STRING, type IRType } from "../types.js";
import { MissingValueError, doubleLiteral, pick } from "./common.js";

export type TemporalKind = "date" | "time" | "dateTime";

export interface TemporalParams {
  kind: TemporalKind;
  /** Invalid text: "refuse" refuses the row (jpmml-evaluator's returnInvalid), "missing" gives a missing value. */
  invalid: "refuse" | "missing";
}

const NAME = "temporal";
const KINDS: readonly TemporalKind[] = ["date", "time", "dateTime"];

// The accepted forms, as POSIX EREs (the engine's `re`) and JavaScript RegExps: the same language.
const DATE_RE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
const TIME_RE = "[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?";
const PATTERNS: Record<TemporalKind, string> = {
  date: `^${DATE_RE}$`,
  time: `^${TIME_RE}$`,
  dateTime: `^${DATE_RE}T${TIME_RE}$`,
};

function check(p: TemporalParams): void {
  if (p === null || typeof p !== "object") throw new Error(`${NAME}: params must be an object`);
  if (!KINDS.includes(p.kind)) throw new Error(`${NAME}: kind must be date, time or dateTime, found ${JSON.stringify(p.kind)}`);
  if (p.invalid !== "refuse" && p.invalid !== "missing") throw new Error(`${NAME}: invalid must be "refuse" or "missing", found ${JSON.stringify(p.invalid)}`);
}

// ---------------------------------------------------------------------------------------------
// The calendar

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!;
}

/** The days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function parseDate(s: string): number | null {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return daysFromCivil(y, m, d);
}

/** Seconds of the day and nanoseconds of a time text that matched the pattern; null when out of range. */
function parseTime(s: string): { seconds: number; nanos: number } | null {
  const h = Number(s.slice(0, 2));
  const mi = Number(s.slice(3, 5));
  const sec = s.length >= 8 ? Number(s.slice(6, 8)) : 0;
  const nanos = s.length >= 10 ? Number(`${s.slice(9)}000000000`.slice(0, 9)) : 0;
  if (h > 23 || mi > 59 || sec > 59) return null;
  return { seconds: h * 3600 + mi * 60 + sec, nanos };
}

/** Whether a dateTime text (that matched the pattern) has a non-zero digit beyond the milliseconds. */
export function beyondMilliseconds(kind: TemporalKind, text: string): boolean {
  return kind === "dateTime" && text.length > 23 && /[1-9]/.test(text.slice(23));
}

/** The message of a dateTime refused for its precision. */
export function precisionMessage(text: string): string {
  return `${NAME}: the dateTime "${text}" has digits beyond the milliseconds, which a double of seconds since 1970 cannot hold exactly (not supported)`;
}

/** The number of an ISO text of `kind`, or null when the text is not a valid one. */
export function parseTemporal(kind: TemporalKind, text: string): number | null {
  if (!new RegExp(PATTERNS[kind]).test(text)) return null;
  if (kind === "date") return parseDate(text);
  if (kind === "time") {
    const t = parseTime(text);
    return t === null ? null : t.seconds + t.nanos / 1e9;
  }
  const days = parseDate(text.slice(0, 10));
  const t = parseTime(text.slice(11));
  if (days === null || t === null) return null;
  return days * 86400 + t.seconds + t.nanos / 1e9;
}

function outputType(p: TemporalParams, input: IRType): IRType {
  const t = p.kind === "date" ? INT : DOUBLE;
  return input.kind === "nullable" || p.invalid === "missing" ? nullable(t) : t;
}

// ---------------------------------------------------------------------------------------------
// Lowering

class Lowerer {
  constructor(
    private readonly p: TemporalParams,
    private readonly ctx: LowerContext,
  ) {}

  invalid(): JsonValue {
    return this.p.invalid === "refuse" ? { error: `${NAME}: "${this.p.kind}" text that is not a valid ISO ${this.p.kind}` } : null;
  }

  /** parse.int of the characters [a, b) of the string symbol `s`. */
  digits(s: string, a: number, b: number): JsonValue {
    return { "parse.int": [{ "s.substr": [s, a, b] }, 10] };
  }

  /** The days from 1970-01-01, as a user function of (y, m, d) ints. */
  daysFcn(): string {
    const c = this.ctx;
    const [y, m, d, yy, era, yoe, doy] = ["y", "m", "d", "yy", "era", "yoe", "doy"].map((h) => c.symbol(h)) as [string, string, string, string, string, string, string];
    return c.fcn("daysFromCivil", {
      params: [{ [y]: "int" }, { [m]: "int" }, { [d]: "int" }],
      ret: "int",
      do: [
        { let: { [yy]: { if: { "<=": [m, 2] }, then: { "-": [y, 1] }, else: y } } },
        { let: { [era]: { "//": [yy, 400] } } },
        { let: { [yoe]: { "-": [yy, { "*": [era, 400] }] } } },
        { let: { [doy]: { "-": [{ "+": [{ "//": [{ "+": [{ "*": [153, { "%": [{ "+": [m, 9] }, 12] }] }, 2] }, 5] }, d] }, 1] } } },
        {
          "-": [
            {
              "+": [
                { "*": [era, 146097] },
                { "+": [{ "-": [{ "+": [{ "*": [yoe, 365] }, { "//": [yoe, 4] }] }, { "//": [yoe, 100] }] }, doy] },
              ],
            },
            719468,
          ],
        },
      ],
    });
  }

  /** Whether (y, m, d) int symbols are a date: month 1-12, day within the month. */
  validDate(y: string, m: string, d: string): JsonValue {
    const leap: JsonValue = { "||": [{ "&&": [{ "==": [{ "%": [y, 4] }, 0] }, { "!=": [{ "%": [y, 100] }, 0] }] }, { "==": [{ "%": [y, 400] }, 0] }] };
    const dim: JsonValue = {
      if: { "==": [m, 2] },
      then: { if: leap, then: 29, else: 28 },
      else: { if: { "||": [{ "||": [{ "==": [m, 4] }, { "==": [m, 6] }] }, { "||": [{ "==": [m, 9] }, { "==": [m, 11] }] }] }, then: 30, else: 31 },
    };
    return { "&&": [{ "&&": [{ ">=": [m, 1] }, { "<=": [m, 12] }] }, { "&&": [{ ">=": [d, 1] }, { "<=": [d, dim] }] }] };
  }

  /**
   * Statements binding the date at offset 0 of `s` (y, m, d), then `body(days)` when it is valid, else
   * the invalid outcome.
   */
  date(s: string, body: (days: JsonValue) => JsonValue): JsonValue {
    const c = this.ctx;
    const [y, m, d] = [c.symbol("y"), c.symbol("m"), c.symbol("d")];
    const fcn = this.daysFcn();
    return {
      do: [
        { let: { [y]: this.digits(s, 0, 4), [m]: this.digits(s, 5, 7), [d]: this.digits(s, 8, 10) } },
        { if: this.validDate(y, m, d), then: body({ [fcn]: [y, m, d] }), else: this.invalid() },
      ],
    };
  }

  /** The time at offset `at` of `s`: `body(seconds of the day as a double, the fraction as a double)` when valid. */
  time(s: string, at: number, body: (seconds: JsonValue, fraction: JsonValue) => JsonValue): JsonValue {
    const c = this.ctx;
    const [n, h, mi, sec, nanos] = [c.symbol("n"), c.symbol("h"), c.symbol("mi"), c.symbol("sec"), c.symbol("nanos")];
    const rest: JsonValue = { "-": [n, at] };
    const nanosText: JsonValue = { "s.substr": [{ "s.concat": [{ "s.substr": [s, at + 9, n] }, { string: "000000000" }] }, 0, 9] };
    return {
      do: [
        { let: { [n]: { "s.len": s } } },
        {
          let: {
            [h]: this.digits(s, at, at + 2),
            [mi]: this.digits(s, at + 3, at + 5),
            [sec]: { if: { ">=": [rest, 8] }, then: this.digits(s, at + 6, at + 8), else: 0 },
            [nanos]: { if: { ">=": [rest, 10] }, then: { "parse.int": [nanosText, 10] }, else: 0 },
          },
        },
        {
          if: { "&&": [{ "<=": [h, 23] }, { "&&": [{ "<=": [mi, 59] }, { "<=": [sec, 59] }] }] },
          then: body({ "cast.double": { "+": [{ "+": [{ "*": [h, 3600] }, { "*": [mi, 60] }] }, sec] } }, { "/": [{ "cast.double": nanos }, doubleLiteral(1e9)] }),
          else: this.invalid(),
        },
      ],
    };
  }

  /** The PFA of a present string (a symbol). */
  present(s: string): JsonValue {
    const k = this.p.kind;
    let parsed: JsonValue;
    if (k === "date") parsed = this.date(s, (days) => days);
    else if (k === "time") parsed = this.time(s, 0, (seconds, fraction) => ({ "+": [seconds, fraction] }));
    else {
      // A valid dateTime with digits beyond the milliseconds (from offset 23 on) not all zeros refuses the row.
      const beyond: JsonValue = { "re.contains": [{ "s.substr": [s, 23, { "s.len": s }] }, { string: "[1-9]" }] };
      parsed = this.date(s, (days) =>
        this.time(s, 11, (seconds, fraction) => ({
          if: beyond,
          then: { error: `${NAME}: a dateTime with digits beyond the milliseconds is not supported` },
          else: { "+": [{ "+": [{ "*": [{ "cast.double": days }, doubleLiteral(86400)] }, seconds] }, fraction] },
        })),
      );
    }
    return { if: { "re.contains": [s, { string: PATTERNS[k] }] }, then: parsed, else: this.invalid() };
  }
}

// ---------------------------------------------------------------------------------------------
// Property tests

const DATES = ["1970-01-01", "2000-02-29", "1900-02-28", "1900-02-29", "2001-02-29", "2004-02-29", "0000-01-01", "0000-02-29", "9999-12-31", "1969-12-31", "2003-04-01", "1600-03-01", "2023-13-01", "2023-00-10", "2023-04-31", "2023-06-30", "2023-01-00"];
const TIMES = ["00:00", "23:59", "12:30:15", "23:59:59.999999999", "00:00:00.5", "07:08:09.000000001", "14:30:00.5", "24:00", "12:60", "12:00:60", "01:02:03.123456789", "10:00:00.25"];
const MALFORMED = ["", " 2001-01-01", "2001-01-01 ", "2001-1-01", "+2001-01-01", "-0001-01-01", "20010-01-01", "2001/01/01", "2001-01-01Z", "1:00", "01:00:00.", "01:00:00.1234567890", "01:00Z", "2001-01-01T", "T01:00", "2001-01-01t01:00", "2001-01-01T01:00:00+01:00", "abc", "٢٠٠١-٠١-٠١"];

function randomText(kind: TemporalKind, random: () => number): string {
  const r = random();
  if (r < 0.15) return pick(random, MALFORMED);
  if (kind === "date") return r < 0.6 ? pick(random, DATES) : randomDate(random);
  if (kind === "time") return r < 0.6 ? pick(random, TIMES) : randomTime(random);
  const d = r < 0.6 ? pick(random, DATES) : randomDate(random);
  const t = random() < 0.5 ? pick(random, TIMES) : randomTime(random);
  return random() < 0.1 ? `${d} ${t}` : `${d}T${t}`;
}

function pad(x: number, n: number): string {
  return String(x).padStart(n, "0");
}

function randomDate(random: () => number): string {
  const y = random() < 0.5 ? Math.floor(random() * 10000) : pick(random, [0, 4, 100, 400, 1900, 2000, 2100, 1969, 1970, 9999]);
  const m = 1 + Math.floor(random() * 12);
  const d = 1 + Math.floor(random() * 31);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function randomTime(random: () => number): string {
  const base = `${pad(Math.floor(random() * 24), 2)}:${pad(Math.floor(random() * 60), 2)}`;
  if (random() < 0.2) return base;
  const withSec = `${base}:${pad(Math.floor(random() * 60), 2)}`;
  if (random() < 0.4) return withSec;
  const n = 1 + Math.floor(random() * 9);
  return `${withSec}.${Array.from({ length: n }, () => Math.floor(random() * 10)).join("")}`;
}

export const temporal = defineOp<TemporalParams>({
  name: NAME,
  summary: "ISO date, time or dateTime text to a number: days since 1970-01-01, seconds since midnight, seconds since 1970-01-01T00:00",
  outputTypes(params, inputs) {
    check(params);
    if (inputs.length !== 1) throw new Error(`${NAME} takes one column, found ${inputs.length}`);
    const t = inputs[0]!;
    if (nonNull(t).kind !== "string") throw new Error(`${NAME}: the input must be a string, found ${describeType(t)}`);
    return [outputType(params, t)];
  },
  evaluate(params, inputs) {
    check(params);
    const v = inputs[0];
    if (v === null || v === undefined) return [null];
    const x = parseTemporal(params.kind, v as string);
    if (x !== null && beyondMilliseconds(params.kind, v as string)) throw new MissingValueError(precisionMessage(v as string));
    if (x !== null) return [x];
    if (params.invalid === "refuse") throw new MissingValueError(`${NAME}: "${String(v)}" is not a valid ISO ${params.kind}`);
    return [null];
  },
  lower(params, inputs, types, ctx) {
    check(params);
    const l = new Lowerer(params, ctx);
    const s = ctx.symbol("s");
    if (types[0]!.kind === "nullable") return [{ ifnotnull: { [s]: inputs[0]! }, then: l.present(s), else: null }];
    return [{ do: [{ let: { [s]: inputs[0]! } }, l.present(s)] }];
  },
  arbitrary(random) {
    return {
      params: { kind: pick(random, KINDS), invalid: pick(random, ["refuse", "missing"] as const) },
      inputs: [random() < 0.6 ? nullable(STRING) : STRING],
    };
  },
  arbitraryInputs(params, inputs, random) {
    if (inputs[0]!.kind === "nullable" && random() < 0.1) return [null];
    return [randomText(params.kind, random)];
  },
});
