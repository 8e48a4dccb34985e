/**
 * JSON lines: one JSON value per line, read and written as a stream.
 *
 * Lines are parsed with the project's own JSON parser, which keeps what JSON.parse loses (`1` versus
 * `1.0`, integers beyond 2^53). Blank lines are skipped; a line that is not JSON becomes a `BadRow`
 * in its batch (the caller decides whether that stops the run). Values are written in Avro's JSON
 * encoding (`toJsonText`: unions tagged, longs exact).
 */
import type { Writable } from "node:stream";
import { toJsonText } from "../pfa/data.js";
import { JsonSyntaxError, parseJson } from "../pfa/json.js";
import type { JsonValue } from "../pfa/json-value.js";
import type { AvroType } from "../pfa/types.js";
import { BadRow, type ByteSource, DEFAULT_MAX_ROW_CHARS, utf8Chunks, writeWithBackpressure } from "./stream.js";

export interface JsonLinesReadOptions {
  /** A line longer than this many characters is refused. */
  maxLineChars?: number;
}

/** A line too long to be a row: the whole read stops. */
export class JsonLinesError extends Error {
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(`row ${row}: ${reason}`);
    this.name = "JsonLinesError";
  }
}

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** Incremental JSON lines: `push` text, get the values of the complete lines; `finish` at the end. */
export class JsonLinesParser {
  private rest = "";
  private held: string[] = [];
  private heldChars = 0;
  private rows = 0;
  private readonly maxLineChars: number;

  constructor(options: JsonLinesReadOptions = {}) {
    this.maxLineChars = options.maxLineChars ?? DEFAULT_MAX_ROW_CHARS;
  }

  push(text: string): (JsonValue | BadRow)[] {
    // A chunk without a line break completes nothing: keep it aside (no copying of a long line per chunk).
    if (text.indexOf("\n") < 0) {
      this.held.push(text);
      this.heldChars += text.length;
      if (this.rest.length + this.heldChars > this.maxLineChars) throw new JsonLinesError(this.rows + 1, `longer than ${this.maxLineChars} characters`);
      return [];
    }
    const s = this.takeHeld() + text;
    const out: (JsonValue | BadRow)[] = [];
    let pos = 0;
    while (true) {
      const nl = s.indexOf("\n", pos);
      if (nl < 0) break;
      this.line(s, pos, nl, out);
      pos = nl + 1;
    }
    this.rest = pos === 0 ? s : s.slice(pos);
    if (this.rest.length > this.maxLineChars) {
      throw new JsonLinesError(this.rows + 1, `longer than ${this.maxLineChars} characters`);
    }
    return out;
  }

  finish(): (JsonValue | BadRow)[] {
    const out: (JsonValue | BadRow)[] = [];
    this.rest = this.takeHeld();
    if (this.rest.length > 0) this.line(this.rest, 0, this.rest.length, out);
    this.rest = "";
    return out;
  }

  /** The unfinished line: `rest` and the chunks held since. */
  private takeHeld(): string {
    if (this.held.length === 0) return this.rest;
    const s = this.rest + this.held.join("");
    this.held = [];
    this.heldChars = 0;
    return s;
  }

  private line(s: string, from: number, to: number, out: (JsonValue | BadRow)[]): void {
    if (isBlank(s, from, to)) return;
    this.rows++;
    const text = from === 0 && to === s.length ? s : s.slice(from, to);
    try {
      out.push(parseJson(text));
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      out.push(new BadRow(`not JSON: ${e.reason} at column ${e.column}`));
    }
  }
}

/** Reads JSON lines from a byte or text source, in batches (one per chunk of input). */
export async function* readJsonLines(source: ByteSource, options: JsonLinesReadOptions = {}): AsyncGenerator<(JsonValue | BadRow)[]> {
  const parser = new JsonLinesParser(options);
  for await (const text of utf8Chunks(source)) {
    const values = parser.push(text);
    if (values.length > 0) yield values;
  }
  const last = parser.finish();
  if (last.length > 0) yield last;
}

/** A JSON lines writer for values of one type (Avro JSON encoding), with backpressure. */
export class JsonLinesWriter {
  constructor(
    private readonly out: Writable,
    private readonly type: AvroType,
  ) {}

  /** Writes rows; `null` is written as `null` whatever the type (a row that failed). */
  write(values: readonly unknown[]): Promise<void> | undefined {
    let text = "";
    for (const v of values) text += (v === null ? "null" : toJsonText(this.type, v)) + "\n";
    return text.length > 0 ? writeWithBackpressure(this.out, text) : undefined;
  }

  end(): Promise<void> | undefined {
    return undefined;
  }
}
