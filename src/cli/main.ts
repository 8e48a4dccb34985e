/**
 * The `pfa` command: global options, help, and the dispatch of errors to exit statuses.
 *
 * Each command lives in its own file, `src/cli/<command>.ts`, which exports a `RegisterCommand`
 * function; adding a command is adding that file and one entry to COMMANDS. An action reports its
 * exit status through `ctx.exitCode` or by throwing (UserError: 1, UsageError: 2, see output.ts).
 * `main` never calls process.exit: it returns the status, so that piped output is flushed.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { Output, type OutputOptions } from "./output.js";
import { registerValidate } from "./validate.js";
import { registerConformance } from "./conformance.js";
import { registerConvert } from "./convert.js";
import { registerInspect } from "./inspect.js";
import { registerDiffScore } from "./diff-score.js";
import { registerScore } from "./score.js";

export interface CliContext {
  readonly out: Output;
  /** The exit status the command's action asks for; main returns it. */
  exitCode: number;
}

/** What each command file exports: adds its subcommand (options, help, action) to `program`. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** The commands, in the order `pfa --help` lists them. Only commands that work are registered. */
const COMMANDS: readonly RegisterCommand[] = [registerConvert, registerValidate, registerScore, registerDiffScore, registerInspect, registerConformance];

// Commander wraps paragraphs to the terminal's width: no line breaks inside one.
const DESCRIPTION = [
  "Turn ML models into PFA documents (the Portable Format for Analytics 0.8.1), run them, and prove that they score like the original.",
  "Today pfa validates PFA documents: the spec's syntax and type checks, with the JSON location of every problem. Conversion (PMML, ONNX, Spark ML, MLeap), scoring and diff-score are under way.",
].join("\n\n");

const EPILOGUE = `
Examples:
  $ pfa validate model.pfa              check a document (JSON, YAML or .pfaz)
  $ pfa validate models/*.pfa           several; exit status 1 if any is invalid
  $ pfa validate --json model.yaml      the report as JSON on stdout
  $ cat model.pfa | pfa validate -      read standard input
  $ pfa help validate                   the options of one command

Exit status: 0 success; 1 an invalid document or input; 2 a usage error (such
as a bad option or a missing file) or an internal error.
Colour is used on terminals only: NO_COLOR=1 or --no-color turns it off,
FORCE_COLOR=1 turns it on.`;

/** Runs the CLI on `argv` (as in process.argv: node, script, arguments) and returns the exit status. */
export async function main(argv: string[], io: Omit<OutputOptions, "noColor"> = {}): Promise<number> {
  const early = earlyGlobalFlags(argv.slice(2));
  const out = new Output({ ...io, noColor: early.noColor });
  const ctx: CliContext = { out, exitCode: 0 };
  let command: string | undefined;

  const program = new Command("pfa")
    .description(DESCRIPTION)
    .version(packageVersion(), "-V, --version", "print the version of pfa")
    .option("--debug", "show stack traces of errors")
    .option("--no-color", "never colour the output")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .addHelpText("after", EPILOGUE)
    // Subcommands copy these settings when they are created, so they come before the commands.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out.writeOut(s),
      writeErr: (s) => out.writeErr(s),
      outputError: () => {}, // reportError prints usage errors as one line
    })
    .hook("preSubcommand", (_program, sub) => {
      command = sub.name();
    });

  for (const register of COMMANDS) register(program, ctx);

  try {
    await program.parseAsync(argv, { from: "node" });
    return ctx.exitCode;
  } catch (err) {
    return out.reportError(err, { debug: early.debug, command });
  }
}

/**
 * --debug and --no-color (anywhere before a `--`, as commander accepts them), read before commander
 * parses anything so that they also apply to the help and to usage errors.
 */
function earlyGlobalFlags(args: string[]): { debug: boolean; noColor: boolean } {
  const end = args.indexOf("--");
  const flags = end < 0 ? args : args.slice(0, end);
  return { debug: flags.includes("--debug"), noColor: flags.includes("--no-color") };
}

function packageVersion(): string {
  // This file runs as dist/src/cli/main.js.
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
