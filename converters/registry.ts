/**
 * The format readers, and how `pfa convert` picks one: by `--from`, else by asking each reader whether
 * it recognises the file or folder (extension, magic bytes, layout). A reader lowers its format into
 * the IR and never writes PFA (DESIGN.md: reader -> IR -> writer).
 */
import type { ReferenceScorer } from "../src/diff/diff-score.js";
import type { Pipeline } from "../src/ir/pipeline.js";
import { irReader } from "./ir/reader.js";
import { pmmlReader } from "./pmml/reader.js";

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
  /**
   * References for diff-score that this format offers, by kind (a PMML document's ModelVerification,
   * a model's own runtime): each gives a reference scorer for a model file, or null when the model has
   * none.
   */
  readonly references?: Readonly<Record<string, (model: string, pipeline: Pipeline) => Promise<ReferenceScorer | null>>>;
}

const READERS: readonly FormatReader[] = [irReader, pmmlReader];

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
