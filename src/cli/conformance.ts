/**
 * `pfa conformance FILE...`: runs suites in the PFA conformance format and reports, by module and by
 * function, how many trials pass by the official runner's rule, how many also pass the strict
 * precision rule, and how many trials that expect an error code get exactly that code.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { emptyTally, type FunctionTally, moduleOf, runTest, type SuiteTest } from "../pfa/conformance.js";
import { isJsonObject } from "../pfa/json-value.js";
import { parseJson } from "../pfa/json.js";
import { UsageError, UserError } from "../errors.js";
import type { RegisterCommand } from "./main.js";
import { EXIT_FAILURE, EXIT_OK, type Output } from "./output.js";

interface Options {
  json?: boolean;
  module?: string[];
  failures?: string;
}

export const registerConformance: RegisterCommand = (program, ctx) => {
  program
    .command("conformance")
    .summary("run PFA conformance suites against this engine")
    .description(
      "Run test suites in the PFA conformance format (.json or .json.gz: engines, inputs and expected results " +
        "or error codes). Numbers pass by the official runner's rule (relative 1e-2, or both below 1e-8); the " +
        "precision column counts trials that also pass at relative 1e-9 (or both below 1e-12). Errors compare by code.",
    )
    .argument("<FILE...>", "suite files")
    .option("--module <name...>", "only these spec modules (e.g. core, a, model.tree)")
    .option("--failures <n>", "show the first n failing trials", "0")
    .option("--json", "print totals and per-function counts as JSON")
    .addHelpText(
      "after",
      `
Output: a table by module, then "conformance: P passed, F failed, S skipped".
Skipped trials belong to functions this engine does not implement yet.

Examples:
  $ pfa conformance ../shared/conformance/*.json.gz
  $ pfa conformance ../shared/conformance/a.json.gz --failures 5

Exit status: 0 if no trial failed, 1 if any failed, 2 on a usage error.`,
    )
    .action((files: string[], options: Options) => {
      ctx.exitCode = runConformance(files, options, ctx.out);
    });
};

function loadSuite(file: string): SuiteTest[] {
  let text: string;
  try {
    const raw = readFileSync(file);
    text = file.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`${file}: no such file`);
    throw new UserError(`${file}: cannot read: ${(e as Error).message}`);
  }
  const json = parseJson(text);
  if (!isJsonObject(json) || !Array.isArray(json["pfa-tests"])) throw new UserError(`${file}: not a conformance suite (no "pfa-tests" array)`);
  return json["pfa-tests"] as unknown as SuiteTest[];
}

export function runConformance(files: string[], options: Options, out: Output): number {
  const maxFailures = Number(options.failures ?? 0);
  if (!Number.isInteger(maxFailures) || maxFailures < 0) throw new UsageError(`--failures needs a non-negative integer, found ${options.failures}`);
  const modules = options.module === undefined ? null : new Set(options.module);
  const byFunction = new Map<string, FunctionTally>();
  const failures: string[] = [];
  const suites = files.map((f) => [f, loadSuite(f)] as const);
  const total = suites.reduce((n, [, tests]) => n + tests.length, 0);
  const progress = out.progress({ label: "conformance", total, json: options.json === true });
  for (const [file, tests] of suites) {
    for (const test of tests) {
      progress.tick();
      const name = test.function;
      if (modules !== null && !modules.has(moduleOf(name))) continue;
      let tally = byFunction.get(name);
      if (tally === undefined) byFunction.set(name, (tally = emptyTally()));
      const t = tally;
      runTest(test, (o, trial) => {
        if (o.verdict === "pass") t.passed++;
        else if (o.verdict === "fail") t.failed++;
        else if (o.verdict === "skip") t.skipped++;
        else t.soft++;
        if (o.verdict === "pass" && o.precise) t.precise++;
        if (o.expectsError) {
          t.errorTrials++;
          if (o.verdict === "pass") t.errorTrialsPassed++;
        }
        if (o.verdict === "fail") {
          const where = test.source ? `${test.source.test}#${test.source.engineIndex}` : name;
          const line = `${file}: ${where}: sample ${JSON.stringify(trial.sample ?? trial.call ?? null, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))}: ${o.detail}`;
          t.firstFailure ??= line;
          if (failures.length < maxFailures) failures.push(line);
        }
      });
    }
  }
  progress.finish();

  const byModule = new Map<string, FunctionTally>();
  for (const [fn, t] of byFunction) {
    const m = moduleOf(fn);
    const agg = byModule.get(m) ?? emptyTally();
    for (const k of ["passed", "failed", "skipped", "soft", "precise", "errorTrials", "errorTrialsPassed"] as const) agg[k] += t[k];
    byModule.set(m, agg);
  }
  const totals = emptyTally();
  for (const t of byModule.values()) for (const k of ["passed", "failed", "skipped", "soft", "precise", "errorTrials", "errorTrialsPassed"] as const) totals[k] += t[k];

  if (options.json) {
    out.printJson({
      totals,
      modules: Object.fromEntries([...byModule].sort(([a], [b]) => a.localeCompare(b))),
      functions: Object.fromEntries([...byFunction].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v])),
    });
  } else {
    const rows = [...byModule].sort(([a], [b]) => a.localeCompare(b));
    const pct = (n: number, d: number) => (d === 0 ? "-" : `${((100 * n) / d).toFixed(2)}%`);
    out.print(`${"module".padEnd(16)} ${"passed".padStart(8)} ${"failed".padStart(7)} ${"skipped".padStart(8)} ${"pass rate".padStart(9)} ${"precise".padStart(8)} ${"error codes".padStart(13)}`);
    for (const [m, t] of rows) {
      const run = t.passed + t.failed;
      const line = `${m.padEnd(16)} ${String(t.passed).padStart(8)} ${String(t.failed).padStart(7)} ${String(t.skipped).padStart(8)} ${pct(t.passed, run).padStart(9)} ${pct(t.precise, t.passed).padStart(8)} ${`${t.errorTrialsPassed}/${t.errorTrials}`.padStart(13)}`;
      out.print(t.failed > 0 ? out.style.red(line) : line);
    }
    for (const f of failures) out.print(`  ${f}`);
    out.print(`conformance: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
  return totals.failed > 0 ? EXIT_FAILURE : EXIT_OK;
}
