/**
 * What every command uses to talk to the user: coloured text that turns itself off when it should,
 * JSON on stdout, one-line errors with exit statuses, and a progress bar for long runs.
 *
 * Conventions (see DESIGN.md, "Errors"):
 * - results go to stdout, everything else (errors, warnings, progress) to stderr;
 * - colour only on a terminal, never when NO_COLOR is set (to anything non-empty) or with --no-color;
 *   FORCE_COLOR forces it on (FORCE_COLOR=0 or false forces it off);
 * - a UserError is `pfa: <message>` and exit 1, a UsageError or a bad invocation exit 2, any other
 *   exception is an internal error: exit 2 and a hint to rerun with --debug, which shows the stack.
 */
import { Chalk, type ChalkInstance, type ColorSupportLevel } from "chalk";
import { CommanderError } from "commander";
import { UserError } from "../errors.js";

/** The part of a stream the CLI writes to (process.stdout and process.stderr are ones). */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  on?(event: "error", listener: (err: Error) => void): unknown;
}

/** Streams that failed (EPIPE: the reader, e.g. `head`, has gone); writing to them is pointless. */
const failedStreams = new WeakSet<OutStream>();
const watchedStreams = new WeakSet<OutStream>();

/** Turns a write error into silence instead of a crash with a stack trace. Once per stream. */
function watchForFailure(stream: OutStream): void {
  if (watchedStreams.has(stream) || stream.on === undefined) return;
  watchedStreams.add(stream);
  stream.on("error", () => failedStreams.add(stream));
}

export interface OutputOptions {
  stdout?: OutStream;
  stderr?: OutStream;
  env?: NodeJS.ProcessEnv;
  /** --no-color was given. */
  noColor?: boolean;
}

/** Exit statuses shared by all commands. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** How many colours to use on `stream`: 0 (none) unless it is a terminal, or colour is forced. */
export function colorLevel(stream: OutStream, env: NodeJS.ProcessEnv, noColor = false): ColorSupportLevel {
  if (noColor) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    const level = Number.parseInt(force, 10);
    return Number.isNaN(level) || level < 1 ? 1 : (Math.min(level, 3) as ColorSupportLevel);
  }
  if (stream.isTTY !== true || env.TERM === "dumb") return 0;
  return 1;
}

export class Output {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: NodeJS.ProcessEnv;
  /** Styles for text bound for stdout (plain when stdout gets no colour). */
  readonly style: ChalkInstance;
  /** Styles for text bound for stderr. */
  readonly errStyle: ChalkInstance;
  private activeProgress: Progress | undefined;

  constructor(options: OutputOptions = {}) {
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.env = options.env ?? process.env;
    watchForFailure(this.stdout);
    watchForFailure(this.stderr);
    this.style = new Chalk({ level: colorLevel(this.stdout, this.env, options.noColor) });
    this.errStyle = new Chalk({ level: colorLevel(this.stderr, this.env, options.noColor) });
  }

  /** Writes one line (or several) to stdout. */
  print(text = ""): void {
    this.writeOut(text + "\n");
  }

  /** Writes one line (or several) to stderr. */
  printError(text: string): void {
    this.writeErr(text + "\n");
  }

  /** Writes `text` as it is to stdout (erasing the progress bar first, if one is shown). */
  writeOut(text: string): void {
    this.clearProgress();
    if (!failedStreams.has(this.stdout)) this.stdout.write(text);
  }

  /** Writes `text` as it is to stderr. */
  writeErr(text: string): void {
    this.clearProgress();
    if (!failedStreams.has(this.stderr)) this.stderr.write(text);
  }

  /** Writes `value` as JSON on stdout, followed by a newline. */
  printJson(value: unknown): void {
    this.print(JSON.stringify(value, null, 2));
  }

  /**
   * Tells the user what went wrong and returns the exit status. `command` names the subcommand
   * being run, for usage errors (`pfa validate: unknown option '--jsn'`).
   */
  reportError(err: unknown, options: { debug?: boolean; command?: string } = {}): number {
    const prefix = options.command ? `pfa ${options.command}:` : "pfa:";
    const red = (s: string) => this.errStyle.red(s);

    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT_OK; // --help, --version
      if (err.code === "commander.help") return EXIT_USAGE; // the help was printed instead of an error
      // Commander's messages look like "error: unknown option '--x'\n(Did you mean --y?)".
      const message = err.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").trim();
      const hint = /\(Did you mean/.test(message) ? "" : ` (see 'pfa${options.command ? " " + options.command : ""} --help')`;
      this.printError(`${red(prefix)} ${message}${hint}`);
      return EXIT_USAGE;
    }

    if (err instanceof UserError) {
      this.printError(`${red("pfa:")} ${options.debug ? err.message : firstLine(err.message)}`);
      if (options.debug) this.printStack(err);
      return err.exitCode;
    }

    const message = err instanceof Error ? err.message : String(err);
    if (options.debug) {
      this.printError(`${red("pfa: internal error:")} ${message}`);
      this.printStack(err);
    } else {
      this.printError(
        `${red("pfa: internal error:")} ${firstLine(message)} (this is a bug in pfa; run again with --debug to see where)`,
      );
    }
    return EXIT_USAGE;
  }

  private printStack(err: unknown): void {
    let e: unknown = err;
    for (let depth = 0; e instanceof Error && depth < 10; depth++) {
      this.printError(this.errStyle.dim((depth > 0 ? "caused by: " : "") + (e.stack ?? String(e))));
      e = e.cause;
    }
  }

  /**
   * A progress bar on stderr for a long run. It draws only when stderr is a terminal and `json` is
   * false (otherwise every method is a no-op), at most every `intervalMs`, starting after the first
   * interval so that quick runs show nothing. Call `finish()` at the end: it erases the bar.
   */
  progress(options: { label: string; total?: number; json?: boolean; intervalMs?: number }): Progress {
    const enabled = this.stderr.isTTY === true && !options.json && this.env.TERM !== "dumb";
    const bar = new Progress(enabled ? this.stderr : undefined, options.label, options.total, options.intervalMs, () => {
      if (this.activeProgress === bar) this.activeProgress = undefined;
    });
    if (enabled) this.activeProgress = bar;
    return bar;
  }

  private clearProgress(): void {
    this.activeProgress?.clear();
  }
}

export class Progress {
  private count = 0;
  private lastDraw: number;
  private visible = false;
  private readonly start: number;

  constructor(
    private stream: OutStream | undefined,
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly intervalMs = 100,
    private readonly onFinish: () => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.start = this.now();
    this.lastDraw = this.start;
  }

  /** Adds `n` to the count of items done. */
  tick(n = 1): void {
    this.update(this.count + n);
  }

  /** Sets the count of items done. */
  update(done: number): void {
    this.count = done;
    if (this.stream === undefined) return;
    const t = this.now();
    if (t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.stream.write("\r" + this.render(t) + "\x1b[K");
    this.visible = true;
  }

  /** Erases the bar (it comes back at the next update), e.g. before other output. */
  clear(): void {
    if (this.visible && this.stream !== undefined) this.stream.write("\r\x1b[K");
    this.visible = false;
  }

  /** Erases the bar for good. */
  finish(): void {
    this.clear();
    this.stream = undefined;
    this.onFinish();
  }

  /** The text of the bar: `label [#####.....] 45% 4,500/10,000 3s` (or `label 4,500 3s` without a total). */
  render(t: number = this.now()): string {
    const elapsed = `${Math.floor((t - this.start) / 1000)}s`;
    const done = this.count.toLocaleString("en-US");
    if (this.total === undefined || this.total <= 0) return `${this.label} ${done} ${elapsed}`;
    const fraction = Math.min(1, Math.max(0, this.count / this.total));
    const tail = ` ${Math.floor(fraction * 100)}% ${done}/${this.total.toLocaleString("en-US")} ${elapsed}`;
    const columns = this.stream?.columns ?? 80;
    const width = Math.max(0, Math.min(30, columns - 1 - this.label.length - tail.length - 3));
    if (width < 5) return `${this.label}${tail}`;
    const filled = Math.round(fraction * width);
    return `${this.label} [${"#".repeat(filled)}${".".repeat(width - filled)}]${tail}`;
  }
}

function firstLine(message: string): string {
  return message.trim().split("\n", 1)[0] ?? "";
}
