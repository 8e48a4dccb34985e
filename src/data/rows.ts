/**
 * Rows in and out by format: what a streaming command (score, diff-score) needs to read a file of
 * rows as values of a document's input type, and to write values of its output type.
 *
 *     const input = await openRows("rows.csv", "csv", engine.inputType);
 *     for await (const batch of input.batches)
 *       for (const raw of batch) { const value = input.coerce(raw); ... }   // CoercionError for a bad row
 *
 * Formats: `csv`, `jsonl` (JSON lines) and `avro` (object container files); `.gz` inputs are
 * decompressed on the fly. The format of a file is told by its extension (`formatOfPath`).
 */
import { basename, extname } from "node:path";
import type { Readable, Writable } from "node:stream";
import { createGunzip } from "node:zlib";
import { UsageError, UserError } from "../errors.js";
import { AvroUnion, type AvroType, T } from "../pfa/types.js";
import { AvroReadError, AvroWriter, openAvro } from "./avro.js";
import { CoercionError, InputMismatchError, csvCoercer, jsonCoercer, typedCoercer, unresolvable } from "./coerce.js";
import { CsvSyntaxError, CsvWriter, openCsv } from "./csv.js";
import { JsonLinesError, JsonLinesWriter, readJsonLines } from "./jsonl.js";
import { BadRow, openInput } from "./stream.js";

export const INPUT_FORMATS = ["csv", "jsonl", "avro"] as const;
export const OUTPUT_FORMATS = ["jsonl", "csv", "avro"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const EXTENSIONS: Record<string, InputFormat> = {
  ".csv": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "jsonl",
  ".avro": "avro",
};

/** The format a file's extension says (`rows.csv`, `rows.csv.gz`), or undefined. */
export function formatOfPath(path: string): InputFormat | undefined {
  const name = path.toLowerCase().endsWith(".gz") ? path.slice(0, -3) : path;
  return EXTENSIONS[extname(name).toLowerCase()];
}

export interface RowInput {
  /** Raw rows in batches: CSV records, JSON values, typed Avro values, or BadRow for a row that could not be read. */
  batches: AsyncIterable<unknown[]>;
  /** A raw row to a value of the input type; throws CoercionError when it does not fit. */
  coerce: (raw: unknown) => unknown;
  /** Stops reading and releases the input (when the rows are not read to their end). */
  close(): Promise<void>;
}

/** Names the input in messages: the path, or `<stdin>`. */
export function inputName(path: string): string {
  return path === "-" ? "<stdin>" : path;
}

export interface RowInputOptions {
  /**
   * Column names (CSV) or keys (JSON lines) of the input record's fields, when they differ from the
   * field names (field name -> column): the original names a converted document records.
   */
  columnNames?: ReadonlyMap<string, string>;
}

/**
 * Opens `path` (`-`: standard input) as rows of `format`, to be coerced to `type`. Fails with a
 * one-line UserError (naming the file) when the file cannot be opened, or when its columns or schema
 * cannot fit the type; errors met later while reading are mapped by `readFailure`.
 */
export async function openRows(path: string, format: InputFormat, type: AvroType, options: RowInputOptions = {}): Promise<RowInput> {
  const name = inputName(path);
  let stream: Readable = await openInput(path);
  if (path !== "-" && path.toLowerCase().endsWith(".gz")) {
    const raw = stream;
    const gunzip = createGunzip();
    raw.on("error", (e) => gunzip.destroy(e));
    stream = raw.pipe(gunzip);
  }
  try {
    switch (format) {
      case "csv": {
        const csv = await openCsv(stream);
        const coerce = csvCoercer(type, csv.header, { columnNames: options.columnNames }) as (raw: unknown) => unknown;
        return { batches: csv.batches, coerce: badRowAware(coerce), close: closer(csv.batches, stream) };
      }
      case "jsonl": {
        const coerce = jsonCoercer(type, { keyNames: options.columnNames }) as (raw: unknown) => unknown;
        const batches = readJsonLines(stream);
        return { batches, coerce: badRowAware(coerce), close: closer(batches, stream) };
      }
      case "avro": {
        const avro = await openAvro(stream);
        const problem = unresolvable(avro.type, type);
        if (problem !== null) {
          avro.batches.return(undefined).catch(() => {});
          throw new UserError(`${name}: the file's schema does not fit the input type: ${problem.message}`);
        }
        return { batches: avro.batches, coerce: typedCoercer(avro.type, type), close: closer(avro.batches, stream) };
      }
    }
  } catch (e) {
    stream.destroy();
    throw readFailure(name, e);
  }
}

function closer(batches: AsyncGenerator<unknown>, stream: Readable): () => Promise<void> {
  return async () => {
    await batches.return(undefined).catch(() => {});
    if (stream !== process.stdin) stream.destroy();
  };
}

function badRowAware(coerce: (raw: unknown) => unknown): (raw: unknown) => unknown {
  return (raw) => {
    if (raw instanceof BadRow) throw new CoercionError(raw.message);
    return coerce(raw);
  };
}

/** An error met while reading rows, as a one-line UserError naming the input (other errors pass). */
export function readFailure(name: string, e: unknown): unknown {
  if (e instanceof UserError) return e;
  if (e instanceof InputMismatchError || e instanceof CsvSyntaxError || e instanceof JsonLinesError || e instanceof AvroReadError) {
    return new UserError(`${name}: ${e.message}`, { cause: e });
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR") return new UserError(`${name}: not valid gzip data`, { cause: e });
  if (typeof code === "string" && code.startsWith("E")) return new UserError(`${name}: read error (${code})`, { cause: e });
  return e;
}

export interface RowWriter {
  /** Writes values (null: a row that failed); resolves when the output can take more. */
  write(values: readonly unknown[]): Promise<void> | undefined;
  /** Writes what remains (CSV header of an empty result, the last Avro block). Leaves the stream open. */
  end(): Promise<void> | undefined;
}

/**
 * A writer of values of `type` in `format` on `out`. With `nullRows`, failed rows are written as
 * null: an Avro file's schema then becomes a union with null. `columnNames` (field name -> column)
 * names a CSV header's columns.
 */
export function rowWriter(out: Writable, format: OutputFormat, type: AvroType, options: { nullRows?: boolean; columnNames?: ReadonlyMap<string, string> } = {}): RowWriter {
  switch (format) {
    case "jsonl":
      return new JsonLinesWriter(out, type);
    case "csv":
      return new CsvWriter(out, type, { columnNames: options.columnNames });
    case "avro": {
      const nullable = type.kind === "null" || (type instanceof AvroUnion && type.types.some((m) => m.kind === "null"));
      return new AvroWriter(out, options.nullRows && !nullable ? new AvroUnion([T.null, type]) : type);
    }
  }
}

/** The output format for `path` (`-`: jsonl): by extension, jsonl when it says nothing. */
export function outputFormatOfPath(path: string): OutputFormat {
  if (path === "-") return "jsonl";
  const f = formatOfPath(path);
  if (f === undefined) return "jsonl";
  return f;
}

/** The input format for `path`, or a usage error asking for --input-format. */
export function inputFormatOfPath(path: string): InputFormat {
  if (path === "-") return "jsonl";
  const f = formatOfPath(path);
  if (f === undefined) {
    throw new UsageError(`cannot tell the format of ${basename(path)} from its extension: use --input-format csv, jsonl or avro`);
  }
  return f;
}
