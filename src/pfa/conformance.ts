/**
 * Runs suites in the PFA conformance format (../shared/conformance/README.md): for each test, build
 * its engine, run its trials in order, and compare like the official runner. Two verdicts per numeric
 * comparison: the official rule (relative 1e-2, or both below 1e-8 in magnitude) decides pass or fail;
 * the strict rule (relative 1e-9, or both below 1e-12) is the engine's precision figure.
 */
import { CONFORMANCE, fromJson, toJsonValue } from "./data.js";
import { PFAEngine, PFAInitializationError, PFAValidationError } from "./engine.js";
import { type JsonValue, JsonDouble, isJsonObject } from "./json-value.js";
import { isPFAError, PFARuntimeError, PFAUserError } from "./runtime.js";
import type { AvroType } from "./types.js";

export interface Trial {
  sample?: JsonValue;
  result?: JsonValue;
  error?: number | null;
  errorType?: string;
  message?: string;
  nondeterministic?: "pseudorandom" | "unstable" | "unordered";
  call?: "begin" | "end";
  emitted?: JsonValue[];
  logs?: { namespace: string | null; message: JsonValue[] }[];
}

export interface SuiteTest {
  function: string;
  engine: JsonValue;
  trials: Trial[];
  buildError?: string;
  source?: { test: string; engineIndex: number };
}

export type Verdict = "pass" | "fail" | "skip" | "soft";

export interface TrialOutcome {
  verdict: Verdict;
  /** For passing numeric trials: whether they also pass the strict precision rule. */
  precise: boolean;
  expectsError: boolean;
  detail?: string;
}

export interface FunctionTally {
  passed: number;
  failed: number;
  skipped: number;
  soft: number;
  precise: number;
  errorTrials: number;
  errorTrialsPassed: number;
  firstFailure?: string;
}

export function emptyTally(): FunctionTally {
  return { passed: 0, failed: 0, skipped: 0, soft: 0, precise: 0, errorTrials: 0, errorTrialsPassed: 0 };
}

function numberOf(v: JsonValue): number | null {
  if (typeof v === "number") return v;
  if (v instanceof JsonDouble) return v.value;
  if (typeof v === "bigint") return Number(v);
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "nan") return NaN;
  return null;
}

/** Compares an expected and an actual JSON value; returns [official pass, strict pass]. */
export function compareJson(expected: JsonValue, actual: JsonValue): [boolean, boolean] {
  const en = numberOf(expected);
  const an = numberOf(actual);
  if (en !== null && an !== null && (typeof expected !== "string" || typeof actual !== "string" || expected === actual)) {
    if (typeof expected === "bigint" || typeof actual === "bigint") {
      // Longs beyond 2^53: exactly.
      const exact = (v: JsonValue) => (typeof v === "bigint" ? v : Number.isInteger(numberOf(v)) ? BigInt(numberOf(v)!) : null);
      const same = exact(expected) !== null && exact(expected) === exact(actual);
      return [same, same];
    }
    return [closeEnough(en, an, 1e-8, 0.01), closeEnough(en, an, 1e-12, 1e-9)];
  }
  if (typeof expected === "string" || typeof expected === "boolean" || expected === null) {
    const same = expected === actual;
    return [same, same];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [false, false];
    let strict = true;
    for (let i = 0; i < expected.length; i++) {
      const [ok, s] = compareJson(expected[i]!, actual[i]!);
      if (!ok) return [false, false];
      strict &&= s;
    }
    return [true, strict];
  }
  if (isJsonObject(expected)) {
    if (!isJsonObject(actual)) return [false, false];
    const ek = Object.keys(expected);
    if (ek.length !== Object.keys(actual).length) return [false, false];
    let strict = true;
    for (const k of ek) {
      if (!(k in actual)) return [false, false];
      const [ok, s] = compareJson(expected[k]!, actual[k]!);
      if (!ok) return [false, false];
      strict &&= s;
    }
    return [true, strict];
  }
  return [false, false];
}

function closeEnough(e: number, a: number, zero: number, relative: number): boolean {
  if (Number.isNaN(e) || Number.isNaN(a)) return Number.isNaN(e) && Number.isNaN(a);
  const big = (x: number) => Math.abs(x) > 1e80;
  if (big(e) || big(a)) return big(e) && big(a) && Math.sign(e) === Math.sign(a);
  if (Math.abs(e) < zero && Math.abs(a) < zero) return true;
  return Math.abs(e - a) <= relative * Math.max(Math.abs(e), Math.abs(a));
}

function canonical(v: JsonValue): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x instanceof JsonDouble ? x.value : x));
}

function sortedCopy(v: JsonValue): JsonValue {
  return Array.isArray(v) ? [...v].sort((a, b) => (canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0)) : v;
}

function errorCode(e: unknown): number | null {
  if (e instanceof PFARuntimeError) return e.code;
  if (e instanceof PFAUserError) return e.code ?? null;
  return null;
}

/**
 * Runs one test's trials. `onTrial` receives each outcome. An engine that cannot be built because a
 * library function is not implemented (a suite of functions beyond PFA 0.8.1) makes its trials "skip"; any other build failure fails them.
 */
export function runTest(test: SuiteTest, onTrial: (o: TrialOutcome, trial: Trial) => void): void {
  const logs: { namespace: string | null; message: JsonValue[] }[] = [];
  const emitted: JsonValue[] = [];
  let outputType: AvroType | null = null;
  let engine: PFAEngine;
  try {
    engine = PFAEngine.fromJson(test.engine, {
      emit: (v) => emitted.push(toJsonValue(outputType!, v, CONFORMANCE)),
      log: (values, namespace, types) => logs.push({ namespace, message: values.map((v, i) => toJsonValue(types[i]!, v, CONFORMANCE)) }),
    });
    outputType = engine.outputType;
  } catch (e) {
    if (test.buildError !== undefined) {
      onTrial({ verdict: "pass", precise: true, expectsError: true }, {});
      return;
    }
    const notImplemented = e instanceof PFAInitializationError && /not implemented/.test(e.message);
    const detail = e instanceof PFAValidationError ? `${e.message}` : (e as Error).message;
    for (const t of test.trials) onTrial({ verdict: notImplemented ? "skip" : "fail", precise: false, expectsError: t.error !== undefined, detail }, t);
    return;
  }
  if (test.buildError !== undefined) {
    onTrial({ verdict: "fail", precise: false, expectsError: true, detail: `the engine must not build (${test.buildError})` }, {});
    return;
  }
  for (const trial of test.trials) {
    logs.length = 0;
    emitted.length = 0;
    const expectsError = trial.error !== undefined || trial.errorType !== undefined;
    let actual: JsonValue = null;
    let failure: unknown = null;
    try {
      if (trial.call === "begin") engine.begin();
      else if (trial.call === "end") engine.end();
      else actual = toJsonValue(engine.outputType, engine.action(fromJson(engine.inputType, trial.sample ?? null, CONFORMANCE)), CONFORMANCE);
    } catch (e) {
      if (!isPFAError(e)) {
        failure = e;
      } else {
        failure = e;
      }
    }
    onTrial(judge(trial, actual, failure, logs, emitted, engine.method, expectsError), trial);
  }
}

function judge(
  trial: Trial,
  actual: JsonValue,
  failure: unknown,
  logs: { namespace: string | null; message: JsonValue[] }[],
  emitted: JsonValue[],
  method: string,
  expectsError: boolean,
): TrialOutcome {
  const fail = (detail: string): TrialOutcome => ({ verdict: "fail", precise: false, expectsError, detail });
  if (expectsError) {
    if (failure === null) return fail(`expected error ${trial.error ?? trial.message}, got ${canonical(actual)}`);
    if (trial.error !== undefined && trial.error !== null) {
      const code = errorCode(failure);
      return code === trial.error ? { verdict: "pass", precise: true, expectsError } : fail(`expected error ${trial.error}, got ${code} (${(failure as Error).message})`);
    }
    const ok = failure instanceof PFAUserError && (trial.message === undefined || failure.message === trial.message);
    return ok ? { verdict: "pass", precise: true, expectsError } : fail(`expected user error "${trial.message}", got ${(failure as Error).message}`);
  }
  if (failure !== null) return fail(`unexpected error: ${(failure as Error).message}`);
  if (trial.nondeterministic === "pseudorandom") return { verdict: "pass", precise: true, expectsError };
  let official = true;
  let strict = true;
  const check = (expected: JsonValue, got: JsonValue, what: string): string | null => {
    const [ok, s] = trial.nondeterministic === "unordered" ? compareJson(sortedCopy(expected), sortedCopy(got)) : compareJson(expected, got);
    official &&= ok;
    strict &&= s;
    return ok ? null : `${what}: expected ${canonical(expected)}, got ${canonical(got)}`;
  };
  const problems: string[] = [];
  if (trial.call === undefined && "result" in trial && method !== "emit") {
    const p = check(trial.result!, actual, "result");
    if (p) problems.push(p);
  }
  if (trial.emitted !== undefined) {
    const p = check(trial.emitted, emitted, "emitted");
    if (p) problems.push(p);
  }
  if (trial.logs !== undefined) {
    const p = check(trial.logs.map((l) => ({ namespace: l.namespace, message: l.message })) as unknown as JsonValue, logs as unknown as JsonValue, "logs");
    if (p) problems.push(p);
  }
  if (trial.nondeterministic === "unstable") return { verdict: official ? "pass" : "soft", precise: strict, expectsError, detail: problems.join("; ") };
  return official ? { verdict: "pass", precise: strict, expectsError } : fail(problems.join("; "));
}

/** The spec module of a function name: the prefix before the last dot; "core" without one. */
export function moduleOf(fcn: string): string {
  if (fcn.startsWith("(")) return fcn; // "(special-form)"
  const cut = fcn.lastIndexOf(".");
  return cut < 0 ? "core" : fcn.slice(0, cut);
}
