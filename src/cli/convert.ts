/**
 * `pfa convert MODEL`: a model (PMML, ONNX, Spark, MLeap, or an IR file) to a validated PFA document,
 * on stdout or in a file, with a one-line summary on stderr.
 */
import { writeFile } from "node:fs/promises";
import { convert } from "../convert.js";
import { readers } from "../../converters/registry.js";
import { UserError } from "../errors.js";
import { outputFields } from "../ir/pipeline.js";
import { serializeJson } from "../writer/serialize.js";
import { serializeYaml } from "../writer/yaml.js";
import type { RegisterCommand } from "./main.js";
import { EXIT_OK } from "./output.js";

interface Options {
  output?: string;
  from?: string;
  yaml?: boolean;
  name?: string;
  schema?: string;
}

export const registerConvert: RegisterCommand = (program, ctx) => {
  program
    .command("convert")
    .summary("convert a model to a validated PFA document")
    .description(
      "Convert a model to PFA through pfa's intermediate representation. The format is detected from the file " +
        "or folder unless --from says it. The document is validated before it is written; a model that cannot be " +
        "converted faithfully is refused with a one-line error naming the file, the element and the construct.",
    )
    .argument("<MODEL>", "the model file or folder")
    .option("-o, --output <file>", "write the document to this file (default: stdout)")
    .option("--from <format>", `the source format: ${readers().map((r) => r.format).join(", ")}`)
    .option("--yaml", "write YAML instead of JSON")
    .option("--name <name>", "the document's name")
    .option("--schema <file>", "the input schema, for formats that do not carry one (Spark)")
    .addHelpText(
      "after",
      `
Formats:
${readers().map((r) => `  ${r.format.padEnd(6)} ${r.description}`).join("\n")}

Examples:
  $ pfa convert model.pmml -o model.pfa
  $ pfa convert pipeline.ir.json --yaml

Exit status: 0 converted, 1 the model cannot be converted (or is malformed), 2 usage error.`,
    )
    .action(async (model: string, options: Options) => {
      const readOptions = options.schema === undefined ? {} : { schema: options.schema };
      const { format, pipeline, doc } = await convert(model, {
        ...(options.from === undefined ? {} : { from: options.from }),
        ...(options.name === undefined ? {} : { name: options.name }),
        readOptions,
      });
      const text = (options.yaml ? serializeYaml(doc) : serializeJson(doc)) + (options.yaml ? "" : "\n");
      if (options.output !== undefined) {
        try {
          await writeFile(options.output, text);
        } catch (e) {
          throw new UserError(`${options.output}: cannot write: ${(e as Error).message}`);
        }
      } else {
        ctx.out.writeOut(text);
      }
      const size = Buffer.byteLength(text);
      const outputs = outputFields(pipeline);
      ctx.out.printError(
        `${model}: ${format}, ${pipeline.inputs.length} input${pipeline.inputs.length === 1 ? "" : "s"}, ` +
          `${outputs.length} output${outputs.length === 1 ? "" : "s"}, ${pipeline.steps.length} step${pipeline.steps.length === 1 ? "" : "s"} ` +
          `-> ${size < 10240 ? `${size} bytes` : `${(size / 1024).toFixed(1)} KiB`} of PFA${options.output === undefined ? "" : ` in ${options.output}`}`,
      );
      ctx.exitCode = EXIT_OK;
    });
};
