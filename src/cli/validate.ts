/**
 * `pfa validate FILE...`: the spec's syntax and type checks on each document, every error with its
 * JSON location. A file that cannot be parsed is reported as invalid and the run goes on; a file that
 * does not exist is a usage error (exit 2) but the other files are still checked.
 */
import type { Diagnostic } from "../pfa/json-value.js";
import { DocumentReadError, parseDocumentText, readDocumentFile } from "../pfa/load.js";
import { validate } from "../pfa/validate.js";
import { UsageError } from "../errors.js";
import type { RegisterCommand } from "./main.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Output } from "./output.js";

/** One file's entry in the report; `--json` prints `{ files: FileReport[] }`. */
export interface FileReport {
  file: string;
  valid: boolean;
  errors: Diagnostic[];
}

const STDIN = "-";

export const registerValidate: RegisterCommand = (program, ctx) => {
  program
    .command("validate")
    .summary("check PFA documents against the PFA 0.8.1 syntax and type rules")
    .description(
      "Check PFA documents against PFA 0.8.1: the document's structure, its Avro types, every special form " +
        "and library function call. Each error comes with its JSON location (a JSON Pointer), a message and a " +
        "code. Documents may be JSON (.pfa, .json), YAML (.yaml, .yml) or gzipped (.pfaz).",
    )
    .argument("<FILE...>", `documents to check; ${STDIN} reads standard input (JSON or YAML)`)
    .option("--json", "print the report as JSON on stdout (see below)")
    .addHelpText(
      "after",
      `
Output: for each file, "FILE: valid" or "FILE: N errors" and one line per
error, "  /json/pointer: message [code]"; a summary when there are several.
With --json, only this on stdout:
  {"files": [{"file", "valid", "errors": [{"path", "message", "code"}]}]}

Examples:
  $ pfa validate model.pfa
  $ pfa validate --json a.pfa b.yaml | jq -r '.files[] | select(.valid | not) | .file'

Exit status: 0 if every document is valid, 1 if any is invalid or malformed,
2 if a file does not exist (the other files are still checked).`,
    )
    .action(async (files: string[], options: { json?: boolean }) => {
      ctx.exitCode = await runValidate(files, options.json === true, ctx.out);
    });
};

/** Checks `files` in order, printing as it goes (or the JSON report at the end); returns the exit status. */
export async function runValidate(files: string[], json: boolean, out: Output): Promise<number> {
  if (files.filter((f) => f === STDIN).length > 1) throw new UsageError(`standard input ('${STDIN}') can be read only once`);
  const reports: FileReport[] = [];
  let invalid = 0;
  let missing = 0;
  for (const file of files) {
    const { report, notFound } = await checkFile(file);
    reports.push(report);
    if (notFound) {
      missing++;
      out.printError(`${out.errStyle.red("pfa:")} ${file}: ${report.errors[0]?.message ?? "no such file"}`);
      continue;
    }
    if (!report.valid) invalid++;
    if (!json) printReport(report, out);
  }
  if (json) {
    out.printJson({ files: reports });
  } else if (files.length > 1) {
    const parts = [`${reports.length - invalid - missing} valid`, `${invalid} invalid`];
    if (missing > 0) parts.push(`${missing} not found`);
    out.print(`${files.length} files: ${parts.join(", ")}`);
  }
  return missing > 0 ? EXIT_USAGE : invalid > 0 ? EXIT_FAILURE : EXIT_OK;
}

async function checkFile(file: string): Promise<{ report: FileReport; notFound: boolean }> {
  try {
    const doc = file === STDIN ? parseDocumentText(await readStdin(), undefined, "<stdin>") : await readDocumentFile(file);
    const { valid, errors } = validate(doc);
    // Exactly these keys, in this order, whatever else a diagnostic may carry.
    const report = { file, valid, errors: errors.map(({ path, message, code }) => ({ path, message, code })) };
    return { report, notFound: false };
  } catch (err) {
    if (!(err instanceof DocumentReadError)) throw err;
    const code = err.notFound ? "not-found" : err.line !== undefined ? "syntax" : "read";
    return { report: { file, valid: false, errors: [{ path: "", message: err.reason, code }] }, notFound: err.notFound };
  }
}

function printReport(report: FileReport, out: Output): void {
  const name = report.file === STDIN ? "<stdin>" : report.file;
  const { style } = out;
  if (report.valid) {
    out.print(`${name}: ${style.green("valid")}`);
    return;
  }
  const n = report.errors.length;
  out.print(`${name}: ${style.red(`${n} error${n === 1 ? "" : "s"}`)}`);
  for (const e of report.errors) out.print(`  ${style.bold(e.path || "/")}: ${e.message} ${style.dim(`[${e.code}]`)}`);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
