/**
 * CSV (RFC 4180) with a header row, read and written as a stream.
 *
 * Reading: the first record is the header (column names); every following record is an array of
 * cells, one per column, each a string or null for a missing value. A cell is missing when it is
 * unquoted and empty, `NA` or `N/A`; a quoted cell is taken literally (`""` is the empty string,
 * `"NA"` the string NA). Quoted cells may hold delimiters, line breaks and doubled quotes; lines may
 * end in LF or CRLF; a UTF-8 byte order mark is skipped; blank lines are skipped (except in a
 * one-column file, where an empty line is a missing value). Text after a closing quote is kept
 * literally, as most readers do (`"a"b` is `ab`).
 *
 * Speed matters (this is scoring's input path): a line without quotes is cut with one `split`; only
 * lines with quotes are scanned field by field, with indexOf. Records come in batches, one batch
 * per chunk of input, so that the cost of the asynchronous machinery is paid per chunk, not per row.
 *
 * Writing: a header from the column names, then one line per row; values are formatted by the
 * caller's column formatters (see `csvFormatter`), missing values as empty cells.
 */
import type { Writable } from "node:stream";
import { toJsonText } from "../pfa/data.js";
import { AvroRecord, type AvroType, AvroUnion } from "../pfa/types.js";
import { type ByteSource, DEFAULT_MAX_ROW_CHARS, utf8Chunks, writeWithBackpressure } from "./stream.js";

export type CsvCell = string | null;
export type CsvRecord = CsvCell[];

export interface CsvReadOptions {
  /** The field delimiter, one character. Default `,`. */
  delimiter?: string;
  /** Unquoted cells that mean "missing". Default `""`, `NA`, `N/A`. */
  missing?: readonly string[];
  /** A record longer than this many characters is refused (a quote never closed in a huge file). */
  maxRecordChars?: number;
}

export interface CsvInput {
  /** The column names, as written in the header. */
  header: string[];
  /** The data records, in batches. */
  batches: AsyncGenerator<CsvRecord[]>;
}

/** Malformed CSV that cannot be read past (an unclosed quote, a record without end). `row` 0 is the header. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(row === 0 ? `header: ${reason}` : `row ${row}: ${reason}`);
    this.name = "CsvSyntaxError";
  }
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const DEFAULT_MISSING = ["", "NA", "N/A"];

/**
 * Incremental CSV parsing: `push` text as it arrives, get the complete records back; `finish` at the
 * end. Exported for tests and for callers that have text rather than a stream.
 */
export class CsvParser {
  private rest = "";
  private held: string[] = [];
  private heldChars = 0;
  private readonly delim: string;
  private readonly delimCode: number;
  private readonly isMissing: (cell: string) => boolean;
  private readonly maxRecordChars: number;
  /** The header, once read. */
  header: string[] | null = null;
  /** Data records returned so far (for row numbers in errors). */
  private rows = 0;
  /** `cellEnd`'s remembered searches: -2 not searched yet, -1 none in the text. */
  private nextDelim = -2;
  private nextLf = -2;

  constructor(options: CsvReadOptions = {}) {
    this.delim = options.delimiter ?? ",";
    if (this.delim.length !== 1 || this.delim === '"' || this.delim === "\n" || this.delim === "\r") {
      throw new Error(`a CSV delimiter must be one character other than a quote or a line break, not ${JSON.stringify(this.delim)}`);
    }
    this.delimCode = this.delim.charCodeAt(0);
    const missing = options.missing ?? DEFAULT_MISSING;
    if (missing === DEFAULT_MISSING) {
      this.isMissing = (c) => c.length <= 3 && (c === "" || c === "NA" || c === "N/A");
    } else {
      const set = new Set(missing);
      this.isMissing = (c) => set.has(c);
    }
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_ROW_CHARS;
  }

  /** Adds text; returns the data records it completes (the header is kept in `header`). */
  push(text: string): CsvRecord[] {
    // Records end at line breaks: a chunk without one completes nothing, so keep it aside (no
    // copying and rescanning of a long record for each chunk).
    if (text.indexOf("\n") < 0) {
      this.held.push(text);
      this.heldChars += text.length;
      this.checkLength(this.rest.length + this.heldChars);
      return [];
    }
    const s = this.takeHeld() + text;
    const out: CsvRecord[] = [];
    const used = this.parse(s, false, out);
    this.rest = used === s.length ? "" : s.slice(used);
    this.checkLength(this.rest.length);
    return out;
  }

  private checkLength(chars: number): void {
    if (chars > this.maxRecordChars) {
      throw new CsvSyntaxError(this.header === null ? 0 : this.rows + 1, `longer than ${this.maxRecordChars} characters (is a quote not closed?)`);
    }
  }

  /** The unfinished record: `rest` and the chunks held since. */
  private takeHeld(): string {
    if (this.held.length === 0) return this.rest;
    const s = this.rest + this.held.join("");
    this.held = [];
    this.heldChars = 0;
    return s;
  }

  /** Ends the input; returns the last records. */
  finish(): CsvRecord[] {
    const out: CsvRecord[] = [];
    this.rest = this.takeHeld();
    if (this.rest.length > 0) this.parse(this.rest, true, out);
    this.rest = "";
    return out;
  }

  /** Parses complete records of `s` into `out`; returns how much of `s` was used. */
  private parse(s: string, final: boolean, out: CsvRecord[]): number {
    const len = s.length;
    const delim = this.delim;
    const isMissing = this.isMissing;
    let pos = 0;
    this.nextDelim = -2;
    this.nextLf = -2;
    let quote = -2; // the next quote at or after pos (-1: none); -2: not looked for yet
    while (pos < len) {
      let nl = s.indexOf("\n", pos);
      if (nl < 0) {
        if (!final) break;
        nl = len;
      }
      if (quote !== -1 && quote < pos) quote = s.indexOf('"', pos);
      if (this.header === null) {
        // The header: cells are names, never missing.
        const r = this.parseRecord(s, pos, final, false);
        if (r === null) break;
        if (r.cells.length === 1 && r.cells[0] === "" && r.quoted === 0) {
          pos = r.next; // leading blank lines
          continue;
        }
        this.header = r.cells as string[];
        pos = r.next;
        continue;
      }
      if (quote === -1 || quote > nl) {
        // The fast path: a line without quotes.
        let end = nl;
        if (end > pos && s.charCodeAt(end - 1) === CR) end--;
        if (end === pos && this.header.length !== 1) {
          pos = nl + 1;
          continue;
        }
        const cells: CsvRecord = s.slice(pos, end).split(delim);
        for (let i = 0; i < cells.length; i++) if (isMissing(cells[i]!)) cells[i] = null;
        out.push(cells);
        this.rows++;
        pos = nl + 1;
        continue;
      }
      const r = this.parseRecord(s, pos, final, true);
      if (r === null) break;
      out.push(r.cells);
      this.rows++;
      pos = r.next;
    }
    return pos > len ? len : pos;
  }

  /**
   * One record from `pos`, field by field (the slow path, for records with quotes). Returns null when
   * the record is not complete in `s` and more input may come.
   */
  private parseRecord(s: string, pos: number, final: boolean, mapMissing: boolean): { cells: CsvRecord; next: number; quoted: number } | null {
    const len = s.length;
    const d = this.delimCode;
    const cells: CsvRecord = [];
    let quoted = 0;
    let p = pos;
    while (true) {
      let value: string;
      let endCode: number; // what ended the cell: the delimiter, LF, or -1 (end of input)
      if (p < len && s.charCodeAt(p) === QUOTE) {
        quoted++;
        let start = p + 1;
        value = "";
        while (true) {
          const q = s.indexOf('"', start);
          if (q < 0) {
            if (final) throw new CsvSyntaxError(this.header === null ? 0 : this.rows + 1, "a quoted field is not closed before the end of the input");
            return null;
          }
          if (q + 1 >= len && !final) return null; // a doubled quote may follow
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(start, q + 1);
            start = q + 2;
            continue;
          }
          value += s.slice(start, q);
          p = q + 1;
          break;
        }
        // After the closing quote: the delimiter, a line break, or text kept literally.
        const stop = this.cellEnd(s, p);
        if (stop < 0 && !final) return null;
        const e = stop < 0 ? len : stop;
        if (e > p) {
          let tail = s.slice(p, e);
          if (tail.charCodeAt(tail.length - 1) === CR && (e === len || s.charCodeAt(e) === LF)) tail = tail.slice(0, -1);
          value += tail;
        }
        p = e;
        endCode = e < len ? s.charCodeAt(e) : -1;
        cells.push(value);
      } else {
        const stop = this.cellEnd(s, p);
        if (stop < 0 && !final) return null;
        const e = stop < 0 ? len : stop;
        endCode = e < len ? s.charCodeAt(e) : -1;
        let cellEnd = e;
        if (endCode !== d && cellEnd > p && s.charCodeAt(cellEnd - 1) === CR) cellEnd--;
        value = s.slice(p, cellEnd);
        cells.push(mapMissing && this.isMissing(value) ? null : value);
        p = e;
      }
      if (endCode === d) {
        p++;
        continue;
      }
      // LF or the end of the input ends the record.
      return { cells, next: endCode === LF ? p + 1 : len, quoted };
    }
  }

  /**
   * The position of the next delimiter or LF at or after `p`, or -1. Both searches are remembered
   * (for the text of one `parse` call), so that a line with few delimiters is not scanned again for
   * each of its cells.
   */
  private cellEnd(s: string, p: number): number {
    if (this.nextDelim !== -1 && this.nextDelim < p) this.nextDelim = s.indexOf(this.delim, p);
    if (this.nextLf !== -1 && this.nextLf < p) this.nextLf = s.indexOf("\n", p);
    const a = this.nextDelim;
    const b = this.nextLf;
    if (a < 0) return b;
    if (b < 0) return a;
    return a < b ? a : b;
  }
}

/**
 * Reads CSV from a byte or text source: the header first (so that a caller can check the columns
 * before any row is read), then the records in batches.
 */
export async function openCsv(source: ByteSource, options: CsvReadOptions = {}): Promise<CsvInput> {
  const parser = new CsvParser(options);
  const chunks = utf8Chunks(source)[Symbol.asyncIterator]();
  let pending: CsvRecord[] = [];
  let done = false;
  while (parser.header === null) {
    const next = await chunks.next();
    if (next.done) {
      pending = parser.finish();
      done = true;
      break;
    }
    pending = parser.push(next.value);
  }
  const header = parser.header ?? [];
  async function* batches(): AsyncGenerator<CsvRecord[]> {
    try {
      if (pending.length > 0) yield pending;
      pending = [];
      if (done) return;
      while (true) {
        const next = await chunks.next();
        if (next.done) break;
        const records = parser.push(next.value);
        if (records.length > 0) yield records;
      }
      const last = parser.finish();
      if (last.length > 0) yield last;
    } finally {
      await chunks.return?.(undefined);
    }
  }
  return { header, batches: batches() };
}

/** Parses a whole CSV text (for small inputs and tests). */
export function parseCsvText(text: string, options: CsvReadOptions = {}): { header: string[]; rows: CsvRecord[] } {
  const parser = new CsvParser(options);
  const rows = parser.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  rows.push(...parser.finish());
  return { header: parser.header ?? [], rows };
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Quotes a cell when it must be: delimiters, quotes, line breaks, or text a reader would take as missing. */
export function quoteCsvCell(s: string, delimiter = ","): string {
  if (s === "" || s === "NA" || s === "N/A") return `"${s}"`;
  if (s.includes(delimiter) || s.includes('"') || s.includes("\n") || s.includes("\r")) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** How one value of `t` is written in a CSV cell (without quoting): see `csvFormatter`. */
function cellFormatter(t: AvroType): (v: unknown) => string | null {
  switch (t.kind) {
    case "null":
      return () => null;
    case "boolean":
      return (v) => (v ? "true" : "false");
    case "int":
    case "long":
      return (v) => String(v);
    case "float":
    case "double":
      return (v) => {
        const n = v as number;
        return Number.isFinite(n) ? String(n) : Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
      };
    case "string":
    case "enum":
      return (v) => v as string;
    case "bytes":
    case "fixed":
      return (v) => Buffer.from(v as Uint8Array).toString("base64");
    case "union": {
      const u = t as AvroUnion;
      const others = u.types.filter((m) => m.kind !== "null");
      if (others.length === 1) {
        const inner = cellFormatter(others[0]!);
        return (v) => (v === null ? null : inner(v));
      }
      // Several kinds: JSON text, tagged as Avro JSON tags them, so that the branch is known.
      return (v) => (v === null ? null : toJsonText(u, v));
    }
    default:
      // Arrays, maps, records: their Avro JSON text in the cell.
      return (v) => toJsonText(t, v);
  }
}

export interface CsvWriteOptions {
  /** The field delimiter. Default `,`. */
  delimiter?: string;
  /** The column of a value that is not a record. Default `value`. */
  columnName?: string;
  /** Header names for a record's fields, when they differ from the field names (field name -> column). */
  columnNames?: ReadonlyMap<string, string>;
}

/**
 * The columns and line formatter for values of `t`: a record's fields are the columns; any other
 * type is one column named `columnName`. Numbers are written in JavaScript's shortest exact form
 * (NaN, Infinity and -Infinity spelled out), booleans as true/false, bytes in base64, missing values
 * as empty cells, nested values as JSON text. Returns the header line and a function giving each
 * value's line (both with the line break). `null` for a whole row (a row that failed) is a line of
 * empty cells.
 */
export function csvFormatter(t: AvroType, options: CsvWriteOptions = {}): { header: string; line: (v: unknown) => string } {
  const delim = options.delimiter ?? ",";
  if (t instanceof AvroRecord) {
    const names = t.fields.map((f) => f.name);
    const formats = t.fields.map((f) => cellFormatter(f.type));
    const empty = names.map(() => "").join(delim) + "\n";
    const headers = names.map((n) => options.columnNames?.get(n) ?? n);
    return {
      header: headers.map((n) => quoteCsvCell(n, delim)).join(delim) + "\n",
      line: (v) => {
        if (v === null) return empty;
        const r = v as Record<string, unknown>;
        let s = "";
        for (let i = 0; i < names.length; i++) {
          const cell = formats[i]!(r[names[i]!]);
          if (i > 0) s += delim;
          if (cell !== null) s += quoteCsvCell(cell, delim);
        }
        return s + "\n";
      },
    };
  }
  const format = cellFormatter(t);
  return {
    header: quoteCsvCell(options.columnName ?? "value", delim) + "\n",
    line: (v) => {
      const cell = v === null ? null : format(v);
      return (cell === null ? "" : quoteCsvCell(cell, delim)) + "\n";
    },
  };
}

/** A CSV writer for values of one type, on a writable stream, with backpressure. */
export class CsvWriter {
  private readonly format: { header: string; line: (v: unknown) => string };
  private started = false;

  constructor(
    private readonly out: Writable,
    type: AvroType,
    options: CsvWriteOptions = {},
  ) {
    this.format = csvFormatter(type, options);
  }

  /** Writes rows (the header first, once); resolves when the stream can take more. */
  write(values: readonly unknown[]): Promise<void> | undefined {
    let text = this.started ? "" : this.format.header;
    this.started = true;
    for (const v of values) text += this.format.line(v);
    return text.length > 0 ? writeWithBackpressure(this.out, text) : undefined;
  }

  /** Writes the header if no row was written (an empty result is still a CSV file with its columns). */
  end(): Promise<void> | undefined {
    return this.started ? undefined : this.write([]);
  }
}
