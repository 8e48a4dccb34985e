/**
 * The IR's own file format: a pipeline as JSON (what `pfa inspect --ir` prints), marked by the key
 * `"pfa-ir": 1`. It lets a person or a program write a pipeline directly, and tests use it to drive
 * `pfa convert` and `pfa diff-score` without any source format.
 */
import { readFile } from "node:fs/promises";
import { UserError } from "../../src/errors.js";
import { columnTypes, IRError, type Pipeline } from "../../src/ir/pipeline.js";
import { isJsonObject } from "../../src/pfa/json-value.js";
import { parseJson } from "../../src/pfa/json.js";
import type { FormatReader } from "../registry.js";

export const IR_FORMAT_KEY = "pfa-ir";

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new UserError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  try {
    // The IR holds plain numbers: JSON.parse's reading is what the IR means.
    return JSON.parse(text) as unknown;
  } catch (e) {
    try {
      parseJson(text);
    } catch (detailed) {
      throw new UserError(`${path}: ${(detailed as Error).message}`);
    }
    throw new UserError(`${path}: ${(e as Error).message}`);
  }
}

export const irReader: FormatReader = {
  format: "ir",
  description: "a pfa IR pipeline as JSON (what `pfa inspect --ir` prints)",
  async detect(path) {
    if (!path.endsWith(".json")) return false;
    try {
      const head = (await readFile(path, "utf8")).slice(0, 200);
      return head.includes(`"${IR_FORMAT_KEY}"`);
    } catch {
      return false;
    }
  },
  async read(path) {
    const json = await readJson(path);
    if (!isJsonObject(json as never) || (json as Record<string, unknown>)[IR_FORMAT_KEY] !== 1) {
      throw new UserError(`${path}: not a pfa IR file (it needs "${IR_FORMAT_KEY}": 1)`);
    }
    const { [IR_FORMAT_KEY]: _version, ...pipeline } = json as Record<string, unknown>;
    const p = pipeline as unknown as Pipeline;
    if (typeof p.name !== "string" || !Array.isArray(p.inputs) || !Array.isArray(p.steps) || !Array.isArray(p.outputs)) {
      throw new UserError(`${path}: an IR pipeline needs "name", "inputs", "steps" and "outputs"`);
    }
    p.metadata ??= {};
    try {
      columnTypes(p);
    } catch (e) {
      if (e instanceof IRError) throw new UserError(`${path}: ${e.message}`);
      throw e;
    }
    return p;
  },
};
