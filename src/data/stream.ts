/**
 * Plumbing shared by the row readers and writers: opening an input (a file or standard input) as a
 * stream of bytes, decoding UTF-8 text chunk by chunk, and writing with backpressure. Everything
 * works chunk by chunk: no input is ever held whole in memory.
 */
import { open } from "node:fs/promises";
import type { Readable, Writable } from "node:stream";
import { UsageError, UserError } from "../errors.js";

/** A source of bytes or text, as node streams and async generators are. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/** One row that could not be read (a JSON line that is not JSON, ...). Readers put it in the batch in place of the row. */
export class BadRow {
  constructor(readonly message: string) {}
}

/** Input read in one piece larger than this is refused (a row without end, a hostile file). */
export const DEFAULT_MAX_ROW_CHARS = 64 * 1024 * 1024;

/** Reads of this size: large enough that per-chunk costs vanish, small enough to stay out of the way. */
export const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Opens `path` for reading (`-` is standard input). A file that does not exist is a usage error
 * (exit status 2), one that cannot be read a user error; both name the file.
 */
export async function openInput(path: string): Promise<Readable> {
  if (path === "-") return process.stdin;
  let handle;
  try {
    handle = await open(path, "r");
    // Opening a directory succeeds; reading it would fail later, less clearly.
    if ((await handle.stat()).isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
  } catch (e) {
    await handle?.close();
    throw fileError(path, e);
  }
  return handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES });
}

/** A one-line error for a failed file operation: `rows.csv: no such file`. */
export function fileError(path: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return new UsageError(`${path}: no such file`, { cause: e });
    case "EISDIR":
      return new UserError(`${path}: is a directory`, { cause: e });
    case "EACCES":
    case "EPERM":
      return new UserError(`${path}: permission denied`, { cause: e });
    default:
      return new UserError(`${path}: ${code ? `cannot be read or written (${code})` : (e as Error).message}`, { cause: e });
  }
}

/**
 * Decodes a byte source as UTF-8 text, chunk by chunk (a character split between chunks is kept
 * whole), without the byte order mark. Invalid bytes become U+FFFD.
 */
export async function* utf8Chunks(source: ByteSource): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    // TextDecoder drops a BOM at the start of bytes; text sources may still have one.
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/** Writes `text` to `stream`; resolves at once, or when the stream has drained if its buffer is full. */
export function writeWithBackpressure(stream: Writable, chunk: string | Uint8Array): Promise<void> | undefined {
  if (stream.write(chunk)) return undefined;
  return drained(stream);
}

/** Resolves when `stream` drains (or fails: the error is thrown). */
export function drained(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.destroyed) {
      reject(stream.errored ?? Object.assign(new Error("the output was closed"), { code: "ERR_STREAM_DESTROYED" }));
      return;
    }
    const done = (err?: Error) => {
      stream.off("drain", onDrain);
      stream.off("error", onError);
      stream.off("close", onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (e: Error) => done(e);
    // A destroyed stream never drains (EPIPE on stdout: the reader has gone).
    const onClose = () => done(stream.errored ?? Object.assign(new Error("the output was closed"), { code: "ERR_STREAM_DESTROYED" }));
    stream.on("drain", onDrain);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}

/** Ends `stream` and resolves when everything written has been flushed (`finish`), or rejects on its error. */
export function finishStream(stream: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.writableFinished) {
      resolve();
      return;
    }
    stream.once("error", reject);
    stream.end(() => {
      stream.off("error", reject);
      resolve();
    });
  });
}
