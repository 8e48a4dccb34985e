/**
 * `pfa score DOC [-i FILE] [-o FILE]`: runs a PFA document over rows (CSV, JSON lines, Avro) and
 * writes its outputs (JSON lines, CSV, Avro), streaming: rows are read, scored and written batch by
 * batch, in constant memory, with backpressure on the output.
 *
 * A map document writes one output per input row, an emit document every value it emits, a fold
 * document its final tally. A row that cannot be scored (a value that does not fit the input type, a
 * PFA runtime error) stops the run (`--on-error fail`, exit 1, one line naming the row), is dropped
 * and counted (`skip`), or is written as null (`null`). Output to a file goes to a temporary file
 * beside it, renamed when the run succeeds: a failed run never leaves a partial file.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import type { Writable } from "node:stream";
import { Option } from "commander";
import { CoercionError, rowError } from "../data/coerce.js";
import {
  INPUT_FORMATS,
  type InputFormat,
  inputFormatOfPath,
  inputName,
  OUTPUT_FORMATS,
  type OutputFormat,
  openRows,
  outputFormatOfPath,
  readFailure,
  rowWriter,
} from "../data/rows.js";
import { fileError, finishStream } from "../data/stream.js";
import { UsageError, UserError } from "../errors.js";
import { EMBEDDED, fromJson, toJsonText } from "../pfa/data.js";
import { type EngineOptions, PFAEngine, PFAInitializationError, PFAValidationError } from "../pfa/engine.js";
import { isJsonObject, type JsonValue } from "../pfa/json-value.js";
import { DocumentReadError, parseDocumentText, readDocumentFile } from "../pfa/load.js";
import { isPFAError, PFARuntimeError, PFAUserError } from "../pfa/runtime.js";
import type { RegisterCommand } from "./main.js";
import { EXIT_OK, type Output } from "./output.js";

export type OnError = "fail" | "skip" | "null";

export interface ScoreOptions {
  input: string;
  output: string;
  inputFormat?: InputFormat;
  outputFormat?: OutputFormat;
  onError: OnError;
  json: boolean;
}

/** What `--json` prints when the run ends. */
export interface ScoreSummary {
  document: string;
  input: string;
  output: string;
  method: "map" | "emit" | "fold";
  /** Input rows read. */
  rows: number;
  /** Values written. */
  written: number;
  /** Rows that could not be scored (skipped, or written as null). */
  failed: number;
  onError: OnError;
  /** The failed rows' messages, the first 100. */
  errors: { row: number; message: string }[];
}

const STDIO = "-";
const MAX_REPORTED_ERRORS = 100;

export const registerScore: RegisterCommand = (program, ctx) => {
  program
    .command("score")
    .summary("run a PFA document over rows of CSV, JSON lines or Avro")
    .description(
      "Run a PFA document over input rows and write its outputs: one per row for a map document, every emitted " +
        "value for an emit document, the final tally for a fold document. Rows are read, scored and written as a " +
        "stream, in constant memory. Formats are told by file extension (.csv, .jsonl/.ndjson/.json, .avro, " +
        "optionally .gz for inputs) unless given; standard input and output are JSON lines by default.",
    )
    .argument("<DOC>", `the PFA document (JSON, YAML or .pfaz); ${STDIO} reads it from standard input`)
    .option("-i, --input <FILE>", `the input rows; ${STDIO} is standard input`, STDIO)
    .option("-o, --output <FILE>", `where to write the outputs; ${STDIO} is standard output`, STDIO)
    .addOption(new Option("--input-format <FORMAT>", "the input's format").choices([...INPUT_FORMATS]))
    .addOption(new Option("--output-format <FORMAT>", "the output's format").choices([...OUTPUT_FORMATS]))
    .addOption(new Option("--on-error <MODE>", "what to do with a row that cannot be scored").choices(["fail", "skip", "null"]).default("fail"))
    .option("--json", "print a summary of the run as JSON (on stdout with -o FILE, else on stderr)")
    .addHelpText(
      "after",
      `
Input: CSV needs a header row whose column names are the input record's field
names; an empty cell, NA or N/A is a missing value (for nullable fields only).
JSON lines hold one value per line in Avro's JSON encoding (unions tagged or
not). Avro container files are read with their own schema, resolved to the
document's input type.

Output: JSON lines in Avro's JSON encoding (unions tagged, longs exact); CSV
with a header from the output record's fields (nested values as JSON text);
an Avro container file whose schema is the output type.

Errors (--on-error): fail stops at the first bad row (exit 1); skip drops bad
rows and reports how many on stderr; null writes null in their place (Avro
output then has the schema ["null", output]). A bad row is a value that does
not fit the input type, or a PFA runtime error in the action.

Examples:
  $ pfa score model.pfa -i rows.csv
  $ pfa score model.pfa -i rows.avro -o scores.csv
  $ cat rows.jsonl | pfa score model.pfa --on-error skip > scores.jsonl

Exit status: 0 when every row was scored (or skipped/nulled as asked), 1 for
an invalid document or a bad row with --on-error fail, 2 for a usage error
(such as a missing file).`,
    )
    .action(async (doc: string, options: { input: string; output: string; inputFormat?: InputFormat; outputFormat?: OutputFormat; onError: OnError; json?: boolean }) => {
      ctx.exitCode = await runScore(doc, { ...options, json: options.json === true }, ctx.out);
    });
};

/** Scores `docPath` over the rows of `options.input`; returns the exit status. */
export async function runScore(docPath: string, options: ScoreOptions, out: Output): Promise<number> {
  if (docPath === STDIO && options.input === STDIO) throw new UsageError(`the document and the rows cannot both come from standard input: give the rows with -i FILE`);
  const inputFormat = options.inputFormat ?? inputFormatOfPath(options.input);
  const outputFormat = options.outputFormat ?? outputFormatOfPath(options.output);
  const docName = docPath === STDIO ? "<stdin>" : docPath;
  const name = inputName(options.input);

  const doc = await readDocument(docPath);
  let emitted: unknown[] = [];
  const engine = await buildEngine(doc, docName, {
    emit: (v) => {
      emitted.push(v);
    },
    // The document's `log` output, on stderr through `out` (which erases the progress line first).
    log: (values, namespace, types) => {
      const text = values.map((v, i) => toJsonText(types[i]!, v)).join(" ");
      out.writeErr(namespace === null ? `${text}\n` : `${namespace}: ${text}\n`);
    },
    baseDir: docPath === STDIO ? process.cwd() : dirname(resolvePath(docPath)),
  });
  const method = engine.method;
  const nullRows = options.onError === "null" && method !== "fold";

  const input = await openRows(options.input, inputFormat, engine.inputType, { columnNames: originalNames(doc, INPUT_NAMES_KEY) });
  let sink: Sink;
  try {
    sink = await openOutput(options.output);
  } catch (e) {
    await input.close();
    throw e;
  }
  const writer = rowWriter(sink.stream, outputFormat, engine.outputType, { nullRows, columnNames: originalNames(doc, OUTPUT_NAMES_KEY) });
  // No progress line when the rows themselves go to the terminal.
  const progress = out.progress({ label: "rows scored", json: options.json || (options.output === STDIO && process.stdout.isTTY === true) });

  const summary: ScoreSummary = {
    document: docName,
    input: name,
    output: options.output === STDIO ? "<stdout>" : options.output,
    method,
    rows: 0,
    written: 0,
    failed: 0,
    onError: options.onError,
    errors: [],
  };
  let ok = false;
  try {
    runPhase(() => engine.begin(), docName, "begin");
    let tally: unknown = method === "fold" ? initialTally(doc, engine) : undefined;
    let row = 0;
    const results: unknown[] = [];
    // With --on-error fail, the rows scored before the bad one are still written, then the run stops.
    let fatal: UserError | undefined;
    const bad = (message: string): void => {
      if (options.onError === "fail") {
        fatal = new UserError(`${name}: ${message}`);
        return;
      }
      summary.failed++;
      if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push({ row, message });
      if (nullRows) results.push(null);
    };
    let writing = false;
    try {
      for await (const batch of input.batches) {
        results.length = 0;
        for (const raw of batch) {
          row++;
          let value: unknown;
          try {
            value = input.coerce(raw);
          } catch (e) {
            if (!(e instanceof CoercionError)) throw e;
            bad(rowError(row, e));
            if (fatal) break;
            continue;
          }
          emitted = [];
          let result: unknown;
          try {
            result = engine.action(value);
          } catch (e) {
            if (!isPFAError(e)) throw e;
            bad(`row ${row}: ${pfaErrorText(e)}`);
            if (fatal) break;
            continue;
          }
          if (method === "map") results.push(result);
          else if (method === "emit") for (const v of emitted) results.push(v);
          else tally = result;
        }
        summary.rows = row;
        summary.written += results.length;
        progress.update(row);
        writing = true;
        const wait = writer.write(results);
        if (wait !== undefined) await wait;
        writing = false;
        if (fatal) break;
      }
    } catch (e) {
      throw writing ? e : readFailure(name, e);
    }
    if (fatal) {
      await sink.flush();
      throw fatal;
    }
    runPhase(() => engine.end(), docName, "end");
    if (method === "fold" && tally !== undefined) {
      await writer.write([tally]);
      summary.written++;
    }
    await writer.end();
    progress.finish();
    await sink.commit();
    ok = true;
  } catch (e) {
    if (options.output === STDIO && isBrokenPipe(e)) {
      // The reader of our output has gone (`| head`): stop quietly.
      ok = true;
      return EXIT_OK;
    }
    throw e;
  } finally {
    progress.finish();
    if (!ok) {
      await input.close();
      await sink.abandon();
    }
  }

  if (summary.failed > 0) {
    const what = nullRows ? "written as null" : "skipped";
    const first = summary.errors[0];
    out.printError(
      `${out.errStyle.yellow("pfa:")} ${name}: ${summary.failed} of ${summary.rows} row${summary.rows === 1 ? "" : "s"} ${what}` +
        (first ? ` (first: ${first.message})` : ""),
    );
  }
  if (options.json) {
    const text = JSON.stringify(summary, null, 2);
    if (options.output === STDIO) out.printError(text);
    else out.print(text);
  }
  return EXIT_OK;
}

async function readDocument(path: string): Promise<JsonValue> {
  try {
    if (path === STDIO) {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return parseDocumentText(Buffer.concat(chunks), undefined, "<stdin>");
    }
    return await readDocumentFile(path);
  } catch (e) {
    if (e instanceof DocumentReadError) {
      throw e.notFound ? new UsageError(e.message, { cause: e }) : new UserError(e.message, { cause: e });
    }
    throw e;
  }
}

async function buildEngine(doc: JsonValue, docName: string, options: EngineOptions): Promise<PFAEngine> {
  try {
    return await PFAEngine.load(doc, options);
  } catch (e) {
    if (e instanceof PFAValidationError) {
      const n = e.diagnostics.length;
      const first = e.diagnostics[0];
      const where = first ? `${first.path || "/"}: ${first.message}` : "invalid";
      const more = n > 1 ? ` (and ${n - 1} more error${n === 2 ? "" : "s"}: see pfa validate)` : "";
      throw new UserError(`${docName}: not valid PFA: ${where}${more}`, { cause: e });
    }
    if (e instanceof PFAInitializationError) throw new UserError(`${docName}: ${e.message}`, { cause: e });
    if (isPFAError(e)) throw new UserError(`${docName}: ${pfaErrorText(e)}`, { cause: e });
    throw e;
  }
}

/** Runs `begin` or `end`; a PFA error there stops the run. */
function runPhase(fn: () => void, docName: string, phase: string): void {
  try {
    fn();
  } catch (e) {
    if (isPFAError(e)) throw new UserError(`${docName}: ${phase}: ${pfaErrorText(e)}`, { cause: e });
    throw e;
  }
}

/**
 * Where a converted document records the original names of its input and output fields (see
 * src/writer/write.ts): a metadata entry holding a JSON object of field name to original name.
 */
const INPUT_NAMES_KEY = "pfa.input.names";
const OUTPUT_NAMES_KEY = "pfa.output.names";

/** The original names of a document's fields (field name -> original), if its metadata records them. */
function originalNames(doc: JsonValue, key: string): Map<string, string> | undefined {
  if (!isJsonObject(doc) || !isJsonObject(doc.metadata)) return undefined;
  const text = doc.metadata[key];
  if (typeof text !== "string") return undefined;
  try {
    const names = JSON.parse(text) as unknown;
    if (names === null || typeof names !== "object" || Array.isArray(names)) return undefined;
    const out = new Map<string, string>();
    for (const [field, original] of Object.entries(names as Record<string, unknown>)) if (typeof original === "string") out.set(field, original);
    return out;
  } catch {
    return undefined;
  }
}

/** A fold document's tally before any row: its `zero`. */
function initialTally(doc: JsonValue, engine: PFAEngine): unknown {
  if (!isJsonObject(doc) || doc.zero === undefined) return undefined;
  try {
    return fromJson(engine.outputType, doc.zero, EMBEDDED);
  } catch {
    return undefined;
  }
}

function pfaErrorText(e: Error): string {
  if (e instanceof PFARuntimeError) return e.fcnName ? `${e.fcnName}: ${e.message}` : e.message;
  if (e instanceof PFAUserError) return e.code === undefined ? `error: ${e.message}` : `error: ${e.message} (code ${e.code})`;
  return e.message;
}

/** The reader of standard output has gone (`pfa score ... | head`). */
function isBrokenPipe(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED" || process.stdout.destroyed;
}

// ---------------------------------------------------------------------------------------------
// Output: standard output, or a temporary file renamed into place on success

interface Sink {
  stream: Writable;
  /** Flushes and, for a file, renames it into place. */
  commit(): Promise<void>;
  /** Waits until what was written is flushed (standard output), before an error ends the run. */
  flush(): Promise<void>;
  /** After a failure: removes the temporary file. */
  abandon(): Promise<void>;
}

async function openOutput(path: string): Promise<Sink> {
  if (path === STDIO) {
    const stdout = process.stdout;
    return {
      stream: stdout,
      commit: () =>
        new Promise<void>((resolve, reject) => {
          stdout.write("", (err) => (err ? reject(err) : resolve()));
        }),
      abandon: async () => {},
      flush: () => new Promise<void>((resolve) => stdout.write("", () => resolve())),
    };
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const stream: WriteStream = createWriteStream(tmp);
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", (e) => {
      const code = (e as NodeJS.ErrnoException).code;
      reject(code === "ENOENT" ? new UsageError(`${path}: cannot be created (no such directory)`, { cause: e }) : fileError(path, e));
    });
  });
  let failure: Error | undefined;
  stream.on("error", (e) => {
    failure ??= e;
  });
  return {
    stream,
    commit: async () => {
      try {
        await finishStream(stream);
        if (failure) throw failure;
        await rename(tmp, path);
      } catch (e) {
        throw fileError(path, e);
      }
    },
    flush: async () => {},
    abandon: async () => {
      stream.destroy();
      await unlink(tmp).catch(() => {});
    },
  };
}
