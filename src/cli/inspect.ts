/**
 * `pfa inspect MODEL|DOC`: what a model or a PFA document contains. For a model: its format, input and
 * output columns with types, and steps; `--ir` prints the IR itself as JSON. For a PFA document: its
 * method, input and output types, functions, cells and pools with their sizes.
 */
import { stat } from "node:fs/promises";
import { detectFormat } from "../../converters/registry.js";
import { readModel } from "../convert.js";
import { UsageError, UserError } from "../errors.js";
import { opDefinition } from "../ir/ops/index.js";
import { outputFields, pipelineToJson } from "../ir/pipeline.js";
import { describeType } from "../ir/types.js";
import { isJsonObject, type JsonValue } from "../pfa/json-value.js";
import { DocumentReadError, readDocumentFile } from "../pfa/load.js";
import { checkDocument } from "../pfa/validate.js";
import { IR_FORMAT_KEY } from "../../converters/ir/reader.js";
import { serializeJson } from "../writer/serialize.js";
import { INPUT_NAMES_KEY, OUTPUT_NAMES_KEY } from "../writer/write.js";
import { AvroRecord, type AvroType } from "../pfa/types.js";
import type { RegisterCommand } from "./main.js";
import type { Output } from "./output.js";

interface Options {
  ir?: boolean;
  json?: boolean;
  from?: string;
}

export const registerInspect: RegisterCommand = (program, ctx) => {
  program
    .command("inspect")
    .summary("show what a model or a PFA document contains")
    .description(
      "Show a model's format, inputs, outputs and steps (as pfa reads it into its intermediate representation), " +
        "or a PFA document's method, types, functions, cells and pools with their sizes.",
    )
    .argument("<FILE>", "a model (file or folder) or a PFA document")
    .option("--ir", "print the model's IR as JSON (an IR file that `pfa convert` reads back)")
    .option("--json", "print the summary as JSON")
    .option("--from <format>", "the model's format, when it cannot be detected")
    .action(async (file: string, options: Options) => {
      try {
        await stat(file);
      } catch {
        throw new UsageError(`${file}: no such file or folder`);
      }
      const reader = options.from === undefined ? await detectFormat(file) : undefined;
      if (reader === undefined && options.from === undefined && !options.ir) {
        inspectDocument(file, await readPfa(file), options, ctx.out);
        return;
      }
      const { format, pipeline } = await readModel(file, options.from === undefined ? {} : { from: options.from });
      if (options.ir) {
        ctx.out.writeOut(serializeJson({ [IR_FORMAT_KEY]: 1, ...(pipelineToJson(pipeline) as Record<string, JsonValue>) }) + "\n");
        return;
      }
      const outputs = outputFields(pipeline);
      const summary = {
        file,
        format,
        name: pipeline.name,
        inputs: pipeline.inputs.map((f) => ({ name: f.name, type: describeType(f.type) })),
        outputs: outputs.map((f) => ({ name: f.name, type: describeType(f.type) })),
        steps: pipeline.steps.map((s) => ({ op: s.op, summary: opDefinition(s.op)?.summary ?? "", inputs: s.inputs, outputs: s.outputs.map((o) => o.name), ...(s.origin === undefined ? {} : { origin: s.origin }) })),
      };
      if (options.json) {
        ctx.out.printJson(summary);
        return;
      }
      const out = ctx.out;
      out.print(`${file}: ${format} model "${pipeline.name}"`);
      out.print(`inputs (${summary.inputs.length}):`);
      for (const f of summary.inputs) out.print(`  ${f.name}: ${f.type}`);
      out.print(`outputs (${summary.outputs.length}):`);
      for (const f of summary.outputs) out.print(`  ${f.name}: ${f.type}`);
      out.print(`steps (${summary.steps.length}):`);
      summary.steps.forEach((s, i) => out.print(`  ${i + 1}. ${s.op}${s.origin ? ` (${s.origin})` : ""}: ${s.inputs.join(", ")} -> ${s.outputs.join(", ")}`));
    });
};

async function readPfa(file: string): Promise<JsonValue> {
  try {
    return await readDocumentFile(file);
  } catch (e) {
    if (e instanceof DocumentReadError) throw new UserError(e.message);
    throw e;
  }
}

function jsonSize(v: JsonValue): number {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))?.length ?? 0;
}

function inspectDocument(file: string, json: JsonValue, options: Options, out: Output): void {
  const checked = checkDocument(json);
  if (!checked.valid || checked.doc === null) {
    throw new UserError(`${file}: not a valid PFA document or a model pfa recognises (${checked.errors.length} validation errors; see 'pfa validate ${file}')`);
  }
  const doc = checked.doc;
  const raw = isJsonObject(json) ? json : {};
  const section = (key: string): Record<string, JsonValue> => (isJsonObject(raw[key] ?? null) ? (raw[key] as Record<string, JsonValue>) : {});
  const originals = (key: string): Record<string, string> => {
    try {
      return JSON.parse(doc.metadata.get(key) ?? "{}") as Record<string, string>;
    } catch {
      return {};
    }
  };
  const describe = (t: AvroType, names: Record<string, string>): string =>
    t instanceof AvroRecord
      ? `record ${t.fullName} {${t.fields.map((f) => `${f.name}${names[f.name] !== undefined && names[f.name] !== f.name ? ` (${JSON.stringify(names[f.name])})` : ""}: ${f.type}`).join(", ")}}`
      : t.toString();
  const summary = {
    file,
    name: doc.name ?? null,
    method: doc.method,
    input: describe(doc.input.resolved!, originals(INPUT_NAMES_KEY)),
    output: describe(doc.output.resolved!, originals(OUTPUT_NAMES_KEY)),
    functions: [...doc.fcns.keys()].map((name) => `u.${name}`),
    cells: [...doc.cells].map(([name, c]) => ({ name, type: c.typeRef.resolved!.toString(), bytes: jsonSize(section("cells")[name] ?? null) })),
    pools: [...doc.pools].map(([name, p]) => ({ name, type: p.typeRef.resolved!.toString(), bytes: jsonSize(section("pools")[name] ?? null) })),
    metadata: Object.fromEntries(doc.metadata),
  };
  if (options.json) {
    out.printJson(summary);
    return;
  }
  out.print(`${file}: PFA document${summary.name ? ` "${summary.name}"` : ""}, method ${summary.method}`);
  out.print(`input:  ${summary.input}`);
  out.print(`output: ${summary.output}`);
  if (summary.functions.length > 0) out.print(`functions (${summary.functions.length}): ${summary.functions.join(", ")}`);
  for (const [title, list] of [["cells", summary.cells], ["pools", summary.pools]] as const) {
    if (list.length === 0) continue;
    out.print(`${title} (${list.length}):`);
    for (const c of list) out.print(`  ${c.name}: ${c.type}, ${c.bytes} bytes`);
  }
}
