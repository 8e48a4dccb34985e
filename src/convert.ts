/**
 * `convert(path, options)`: a model file or folder in any supported format to a validated PFA document,
 * through the IR. The library form of `pfa convert`.
 */
import { stat } from "node:fs/promises";
import { detectFormat, readerFor, readers, type ReadOptions } from "../converters/registry.js";
import { UsageError, UserError } from "./errors.js";
import type { Pipeline } from "./ir/pipeline.js";
import type { JsonValue } from "./pfa/json-value.js";
import { writePfa } from "./writer/write.js";

export interface ConvertOptions {
  /** The source format; detected from the file when absent. */
  from?: string;
  /** The document's name. */
  name?: string;
  /** Reader options (e.g. `schema` for Spark). */
  readOptions?: ReadOptions;
}

export interface Conversion {
  format: string;
  pipeline: Pipeline;
  doc: JsonValue;
}

/** Reads a model into the IR (without writing PFA). */
export async function readModel(path: string, options: ConvertOptions = {}): Promise<{ format: string; pipeline: Pipeline }> {
  try {
    await stat(path);
  } catch {
    throw new UsageError(`${path}: no such file or folder`);
  }
  const reader = options.from !== undefined ? readerFor(options.from) : await detectFormat(path);
  if (reader === undefined) {
    if (options.from !== undefined) throw new UsageError(`unknown format "${options.from}" (known: ${readers().map((r) => r.format).join(", ")})`);
    throw new UserError(`${path}: not a model format pfa reads (known: ${readers().map((r) => `${r.format}: ${r.description}`).join("; ")})`);
  }
  return { format: reader.format, pipeline: await reader.read(path, options.readOptions ?? {}) };
}

export async function convert(path: string, options: ConvertOptions = {}): Promise<Conversion> {
  const { format, pipeline } = await readModel(path, options);
  const doc = writePfa(pipeline, options.name === undefined ? {} : { name: options.name });
  return { format, pipeline, doc };
}
