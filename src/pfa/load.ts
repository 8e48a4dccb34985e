/**
 * Reading a PFA document from a file: choose JSON or YAML, undo gzip (.pfaz), and turn every failure
 * into one line that starts with the file name. Node's own error messages (with syscall names and
 * paths in odd places) never reach the user.
 */
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { JsonSyntaxError, parseJson } from "./json.js";
import type { JsonValue } from "./json-value.js";
import { parseYaml, YamlSyntaxError } from "./yaml.js";

export type DocumentFormat = "json" | "yaml";

/** Why a document could not be read. The message is one line: `<file>: <reason>`. */
export class DocumentReadError extends Error {
  /** True when the file does not exist (the CLI exits with status 2 for that). */
  readonly notFound: boolean;
  /** The syntax error's position, when the problem is one. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    readonly file: string,
    readonly reason: string,
    options: { notFound?: boolean; line?: number; column?: number; cause?: unknown } = {},
  ) {
    super(`${file}: ${reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DocumentReadError";
    this.notFound = options.notFound ?? false;
    this.line = options.line;
    this.column = options.column;
  }
}

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 * 1024 ** 3;

export interface ReadLimits {
  /** A gzip file whose content is larger than this is refused (a gzip bomb). Default 2 GiB. */
  maxDecompressedBytes?: number;
}

export async function readDocumentFile(path: string): Promise<JsonValue> {
  return readDocumentFileWithLimits(path, {});
}

/** readDocumentFile with adjustable limits; exported so that tests can lower them. @internal */
export async function readDocumentFileWithLimits(path: string, limits: ReadLimits): Promise<JsonValue> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw fileSystemError(path, e);
  }
  const ext = extname(path).toLowerCase();
  const compressed = isGzip(bytes);
  if (ext === ".pfaz" && !compressed) throw new DocumentReadError(path, "not gzip-compressed (a .pfaz file must be)");
  if (compressed) {
    bytes = await gunzipCapped(path, bytes, limits.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES);
  }
  // A .pfaz (or any unknown extension) holds JSON or YAML; the content decides.
  return parseDocumentText(bytes, formatOfExtension(ext), path);
}

/**
 * Parses a document given as text or UTF-8 bytes. Without a hint, the first non-blank character
 * decides: `{` or `[` is JSON, anything else YAML. `name` is what error messages start with.
 */
export function parseDocumentText(text: string | Buffer, hint?: DocumentFormat, name = "<input>"): JsonValue {
  let source = typeof text === "string" ? text : decodeUtf8(name, text);
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  const format = hint ?? sniffFormat(source);
  try {
    return format === "json" ? parseJson(source) : parseYaml(source);
  } catch (e) {
    if (e instanceof JsonSyntaxError || e instanceof YamlSyntaxError) {
      throw new DocumentReadError(name, e.message, { line: e.line, column: e.column, cause: e });
    }
    // Out of memory or a string too long for V8: a size problem, not a bug to show with a stack.
    if (e instanceof RangeError) throw new DocumentReadError(name, "document too large to parse", { cause: e });
    throw e;
  }
}

export function sniffFormat(text: string): DocumentFormat {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) continue;
    return c === 0x7b || c === 0x5b ? "json" : "yaml";
  }
  return "yaml";
}

function formatOfExtension(ext: string): DocumentFormat | undefined {
  if (ext === ".pfa" || ext === ".json") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  return undefined;
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const gunzipAsync = promisify(gunzip);

async function gunzipCapped(file: string, bytes: Buffer, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    const code = errorCode(e);
    if (code === "ERR_BUFFER_TOO_LARGE") {
      throw new DocumentReadError(file, `decompresses to more than ${maxBytes} bytes (refused as a possible gzip bomb)`);
    }
    if (code === "Z_BUF_ERROR") throw new DocumentReadError(file, "truncated gzip data");
    throw new DocumentReadError(file, "corrupt gzip data", { cause: e });
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(name: string, bytes: Buffer): string {
  if (isGzip(bytes)) throw new DocumentReadError(name, "is gzip-compressed; decompress it first");
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DocumentReadError(name, "is UTF-16 text; PFA documents must be UTF-8");
  }
  try {
    // TextDecoder drops a leading UTF-8 byte order mark.
    return utf8.decode(bytes);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new DocumentReadError(name, `too large to read as text (${bytes.length} bytes)`, { cause: e });
    }
    throw new DocumentReadError(name, "not valid UTF-8 text", { cause: e });
  }
}

function fileSystemError(path: string, e: unknown): DocumentReadError {
  const code = errorCode(e);
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return new DocumentReadError(path, "no such file", { notFound: true, cause: e });
    case "EISDIR":
      return new DocumentReadError(path, "is a directory", { cause: e });
    case "EACCES":
    case "EPERM":
      return new DocumentReadError(path, "permission denied", { cause: e });
    case "ERR_FS_FILE_TOO_LARGE":
      return new DocumentReadError(path, "file too large to read", { cause: e });
    default:
      return new DocumentReadError(path, `cannot read the file (${code ?? "unknown error"})`, { cause: e });
  }
}

function errorCode(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null || !("code" in e)) return undefined;
  return typeof e.code === "string" ? e.code : undefined;
}
