/**
 * `pfa diff-score`: proves that a PFA document scores like the model it came from, row by row, and says
 * against what (the model's own runtime, the producing tool's expected outputs, or pfa's evaluation of
 * the IR). `--cases` runs a whole manifest of models.
 */
import { type Case, type CaseResult, readCases, runCase } from "../diff/cases.js";
import { diffScore, type DiffReport } from "../diff/diff-score.js";
import { UsageError } from "../errors.js";
import type { RegisterCommand } from "./main.js";
import { EXIT_FAILURE, EXIT_OK, type Output } from "./output.js";

interface Options {
  input?: string;
  expected?: string;
  reference?: string;
  rtol: string;
  atol: string;
  json?: boolean;
  from?: string;
  schema?: string;
  cases?: string;
  filter?: string;
  show: string;
}

function number(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} needs a non-negative number, found "${text}"`);
  return n;
}

export const registerDiffScore: RegisterCommand = (program, ctx) => {
  program
    .command("diff-score")
    .summary("prove that the PFA scores like the original model")
    .description(
      "Score the same rows with the PFA (converted from MODEL, or DOC when given) and with a reference, and compare " +
        "every output column: numbers within atol + rtol * |reference|, labels exactly, missing only with missing. " +
        "The reference is the model's own runtime when pfa has it, else --expected outputs, else pfa's own evaluation " +
        "of the model's IR; the report says which.",
    )
    .argument("[MODEL]", "the model (any format pfa converts)")
    .argument("[DOC]", "a PFA document to test instead of converting MODEL")
    .option("-i, --input <file>", "input rows (CSV with a header, or JSON lines)")
    .option("--expected <file>", "expected outputs, row for row (CSV or JSON lines)")
    .option("--reference <kind>", "force the reference: expected, ir (or one a format offers)")
    .option("--rtol <r>", "relative tolerance", "1e-9")
    .option("--atol <a>", "absolute tolerance", "1e-9")
    .option("--from <format>", "the model's format, when it cannot be detected")
    .option("--schema <file>", "the input schema, for formats that do not carry one (Spark)")
    .option("--cases <file>", "run a manifest of cases (JSON lines, see ../shared/corpus/README.md)")
    .option("--filter <regex>", "with --cases: only the cases whose id matches")
    .option("--show <n>", "how many differing rows to show", "10")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ pfa diff-score model.pmml -i rows.csv --expected scores.csv
  $ pfa diff-score model.ir.json model.pfa -i rows.jsonl
  $ pfa diff-score --cases ../shared/corpus/cases.jsonl --filter '^pmml/'

Exit status: 0 every row agrees (every case meets its expectation), 1 a row differs
(a case does not), 2 the run itself failed (bad usage, unreadable input).`,
    )
    .action(async (model: string | undefined, doc: string | undefined, options: Options) => {
      const tolerance = { rtol: number("--rtol", options.rtol), atol: number("--atol", options.atol) };
      const show = number("--show", options.show);
      if (options.cases !== undefined) {
        if (model !== undefined) throw new UsageError("--cases runs a manifest: give no MODEL with it");
        ctx.exitCode = await runCases(options.cases, options.filter, options.json === true, ctx.out);
        return;
      }
      if (model === undefined) throw new UsageError("diff-score needs a MODEL (or --cases FILE)");
      const progress = ctx.out.progress({ label: "diff-score", json: options.json === true });
      const report = await diffScore({
        model,
        ...(doc === undefined ? {} : { doc }),
        ...(options.input === undefined ? {} : { rows: options.input }),
        ...(options.expected === undefined ? {} : { expected: options.expected }),
        ...(options.reference === undefined ? {} : { reference: options.reference }),
        ...(options.from === undefined ? {} : { from: options.from }),
        readOptions: options.schema === undefined ? {} : { schema: options.schema },
        tolerance,
        maxDifferences: show,
        onRow: (n) => progress.update(n),
      });
      progress.finish();
      if (options.json) ctx.out.printJson(report);
      else printReport(report, ctx.out);
      ctx.exitCode = report.agree ? EXIT_OK : EXIT_FAILURE;
    });
};

function fmt(x: number): string {
  return x === 0 ? "0" : x.toExponential(2);
}

function printReport(r: DiffReport, out: Output): void {
  out.print(`reference: ${r.reference} (${r.referenceDescription})`);
  out.print(`rows: ${r.rows}, differing: ${r.differingRows}`);
  out.print(`${"column".padEnd(30)} ${"compared".padStart(9)} ${"differ".padStart(7)} ${"max abs diff".padStart(13)} ${"max rel diff".padStart(13)}`);
  for (const c of r.columns) {
    const line = `${c.column.padEnd(30)} ${String(c.compared).padStart(9)} ${String(c.differing).padStart(7)} ${fmt(c.maxAbsDiff).padStart(13)} ${fmt(c.maxRelDiff).padStart(13)}`;
    out.print(c.differing > 0 ? out.style.red(line) : line);
  }
  if (r.unmatchedColumns.length > 0) out.print(`not compared (no such output): ${r.unmatchedColumns.join(", ")}`);
  if (r.differences.length > 0) {
    out.print("first differing rows:");
    for (const d of r.differences) out.print(`  row ${d.row}, ${d.column}: pfa ${JSON.stringify(d.pfa)}, reference ${JSON.stringify(d.reference)}`);
  }
  out.print(r.agree ? out.style.green(`agree: all ${r.rows} rows`) : out.style.red(`differ: ${r.differingRows} of ${r.rows} rows`));
}

async function runCases(path: string, filter: string | undefined, json: boolean, out: Output): Promise<number> {
  let regex: RegExp | null = null;
  if (filter !== undefined) {
    try {
      regex = new RegExp(filter);
    } catch (e) {
      throw new UsageError(`--filter: not a regular expression: ${(e as Error).message}`);
    }
  }
  const cases: Case[] = await readCases(path, regex);
  const progress = out.progress({ label: "cases", total: cases.length, json });
  const results: CaseResult[] = [];
  for (const c of cases) {
    const r = await runCase(c);
    results.push(r);
    progress.tick();
    if (!json) {
      const mark = r.met ? out.style.green("ok  ") : out.style.red("FAIL");
      out.print(`${mark} ${r.id}: ${r.status}: ${r.message}`);
    }
  }
  progress.finish();
  const byFormat = new Map<string, { cases: number; met: number; pass: number; fail: number; rejected: number; error: number }>();
  for (const r of results) {
    const s = byFormat.get(r.format) ?? { cases: 0, met: 0, pass: 0, fail: 0, rejected: 0, error: 0 };
    s.cases++;
    if (r.met) s.met++;
    s[r.status]++;
    byFormat.set(r.format, s);
  }
  const passed = results.filter((r) => r.met).length;
  const failed = results.length - passed;
  if (json) {
    out.printJson({
      cases: results.map((r) => ({ id: r.id, status: r.status, reference: r.reference, rows: r.rows, message: r.message, met: r.met })),
      summary: { passed, failed, formats: Object.fromEntries(byFormat) },
    });
  } else {
    out.print("");
    out.print(`${"format".padEnd(8)} ${"cases".padStart(6)} ${"met".padStart(6)} ${"pass".padStart(6)} ${"rejected".padStart(9)} ${"fail".padStart(6)} ${"error".padStart(6)}`);
    for (const [f, s] of [...byFormat].sort(([a], [b]) => a.localeCompare(b))) {
      out.print(`${f.padEnd(8)} ${String(s.cases).padStart(6)} ${String(s.met).padStart(6)} ${String(s.pass).padStart(6)} ${String(s.rejected).padStart(9)} ${String(s.fail).padStart(6)} ${String(s.error).padStart(6)}`);
    }
    out.print(`cases: ${passed} passed, ${failed} failed`);
  }
  return failed > 0 ? EXIT_FAILURE : EXIT_OK;
}
