/**
 * The format readers, and how `pfa convert` picks one: by `--from`, else by asking each reader whether
 * it recognises the file or folder (extension, magic bytes, layout). A reader lowers its format into
 * the IR and never writes PFA (DESIGN.md: reader -> IR -> writer).
 */
import type { Pipeline } from "../src/ir/pipeline.js";
import { irReader } from "./ir/reader.js";

export interface ReadOptions {
  /** Reader-specific options, e.g. `schema` (a Spark input schema file). */
  [key: string]: unknown;
}

export interface FormatReader {
  /** The name used by `--from` and in reports: pmml, onnx, spark, mleap, ir. */
  readonly format: string;
  /** One line for `--help`: what files it reads. */
  readonly description: string;
  /** Whether `path` looks like this format (cheap: extension, first bytes, folder layout). */
  detect(path: string): Promise<boolean>;
  /** The model as an IR pipeline. Throws UserError (one line: file, element, construct) when it cannot convert faithfully. */
  read(path: string, options: ReadOptions): Promise<Pipeline>;
}

const READERS: readonly FormatReader[] = [irReader];

export function readers(): readonly FormatReader[] {
  return READERS;
}

export function readerFor(format: string): FormatReader | undefined {
  return READERS.find((r) => r.format === format);
}

/** The reader that recognises `path`, or undefined. */
export async function detectFormat(path: string): Promise<FormatReader | undefined> {
  for (const r of READERS) if (await r.detect(path)) return r;
  return undefined;
}
