/**
 * The `pfa` command as users run it: a child process on bin/pfa.js, output piped (so not a terminal).
 * Plus the output helpers (error reporting, progress bar) on fake streams.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Output, Progress, type OutStream } from "../src/cli/output.js";
import { UsageError, UserError } from "../src/errors.js";
import { REPO_ROOT as ROOT } from "./shared.js";

const FIXTURES = "test/fixtures/cli";
const VALID = `${FIXTURES}/valid.pfa`;
const VALID_YAML = `${FIXTURES}/valid.yaml`;
const UNKNOWN_FUNCTION = `${FIXTURES}/unknown-function.pfa`;
const TYPE_ERRORS = `${FIXTURES}/type-errors.pfa`;
const MALFORMED = `${FIXTURES}/malformed.json`;
const MISSING = `${FIXTURES}/does-not-exist.pfa`;
const ESC = "\u001b";

function hasAnsi(text: string): boolean {
  return text.includes(`${ESC}[`);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pfa args...` from the repository root, with colour variables cleared unless `env` sets them. */
function pfa(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, ["bin/pfa.js", ...args], {
    cwd: ROOT,
    env: { ...env, ...options.env },
    input: options.input ?? "",
    encoding: "utf8",
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}

/** A usage error: exit 2, exactly one line on stderr starting with `pfa`, no stack, nothing on stdout. */
function assertUsageError(r: Run, pattern: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, "");
  const errLines = lines(r.stderr);
  assert.equal(errLines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.match(errLines[0] ?? "", /^pfa( \w+)?: /);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

describe("pfa (global conventions)", () => {
  it("--help describes the tool, lists validate with a summary and shows examples, exit 0", () => {
    const r = pfa(["--help"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^Usage: pfa \[options\] \[command\]/);
    assert.match(r.stdout, /Portable Format for Analytics/);
    assert.match(r.stdout, /^\s+validate \[options\] <FILE\.\.\.>\s+check PFA documents/m);
    assert.match(r.stdout, /--debug/);
    assert.match(r.stdout, /--no-color/);
    assert.match(r.stdout, /Examples:\n\s+\$ pfa validate model\.pfa/);
    assert.match(r.stdout, /Exit status:/);
  });

  it("help validate and validate --help show the command's help, exit 0", () => {
    for (const args of [["help", "validate"], ["validate", "--help"]]) {
      const r = pfa(args);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Usage: pfa validate \[options\] <FILE\.\.\.>/);
      assert.match(r.stdout, /--json/);
    }
  });

  it("--version prints the package version, exit 0", () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = pfa([flag]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `${pkg.version}\n`);
    }
  });

  it("no command prints the help on stderr, exit 2", () => {
    const r = pfa([]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^Usage: pfa/);
  });

  it("an unknown command is a one-line usage error, exit 2", () => {
    assertUsageError(pfa(["frobnicate"]), /^pfa: unknown command 'frobnicate' \(see 'pfa --help'\)\n$/);
  });

  it("a near miss suggests the command, still on one line", () => {
    assertUsageError(pfa(["validat", "x.pfa"]), /unknown command 'validat' \(Did you mean validate\?\)/);
  });

  it("an unknown option is a one-line usage error naming the command, exit 2", () => {
    assertUsageError(pfa(["--bogus"]), /^pfa: unknown option '--bogus'/);
    assertUsageError(pfa(["validate", "--jsn", VALID]), /^pfa validate: unknown option '--jsn' \(Did you mean --json\?\)/);
  });

  it("validate without a file is a usage error, exit 2", () => {
    assertUsageError(pfa(["validate"]), /^pfa validate: missing required argument 'FILE' \(see 'pfa validate --help'\)/);
  });

  it("no colour when piped, with NO_COLOR or with --no-color; FORCE_COLOR forces it", () => {
    assert.ok(!hasAnsi(pfa(["--bogus"]).stderr));
    assert.ok(!hasAnsi(pfa(["--bogus"], { env: { NO_COLOR: "1" } }).stderr));
    // The check can fail: forced colour does colour the same message.
    assert.ok(hasAnsi(pfa(["--bogus"], { env: { FORCE_COLOR: "1" } }).stderr));
    assert.ok(!hasAnsi(pfa(["--bogus"], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stderr));
    assert.ok(!hasAnsi(pfa(["--no-color", "--bogus"], { env: { FORCE_COLOR: "1" } }).stderr));
    // An empty NO_COLOR does not count.
    assert.ok(hasAnsi(pfa(["--bogus"], { env: { FORCE_COLOR: "1", NO_COLOR: "" } }).stderr));
  });
});

describe("pfa validate", () => {
  it("a valid document: `FILE: valid`, exit 0", () => {
    const r = pfa(["validate", VALID]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, `${VALID}: valid\n`);
    assert.equal(r.status, 0);
  });

  it("a valid YAML document", () => {
    const r = pfa(["validate", VALID_YAML]);
    assert.equal(r.stdout, `${VALID_YAML}: valid\n`);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it("the README's example document is valid", () => {
    const r = pfa(["validate", "examples/pfa/iris-tree.pfa"]);
    assert.equal(r.stdout, "examples/pfa/iris-tree.pfa: valid\n");
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it("an unknown function: the error count, then the JSON pointer, message and code; exit 1", () => {
    const r = pfa(["validate", UNKNOWN_FUNCTION]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.stderr, "");
    const [head, ...details] = lines(r.stdout);
    assert.match(head ?? "", new RegExp(`^${UNKNOWN_FUNCTION}: \\d+ errors?$`));
    assert.ok(details.length >= 1);
    for (const d of details) assert.match(d, /^ {2}\/\S*: .+ \[[\w.-]+\]$/);
    assert.match(r.stdout, /^ {2}\/action\/0\/let\/z\S*: .*m\.nosuchfunction/m);
  });

  it("every error is listed, each at its own pointer", () => {
    const r = pfa(["validate", TYPE_ERRORS]);
    assert.equal(r.status, 1, r.stderr);
    const out = lines(r.stdout);
    assert.equal(out[0], `${TYPE_ERRORS}: 2 errors`);
    assert.match(out[1] ?? "", /^ {2}\/action\/1\/let\/upper\S*: .*"lable".* \[[\w-]+\]$/);
    assert.match(out[2] ?? "", /^ {2}\/action\/2: .*int.* \[[\w-]+\]$/);
  });

  it("--json prints exactly {files:[{file,valid,errors:[{path,message,code}]}]} and nothing else", () => {
    const r = pfa(["validate", "--json", VALID, UNKNOWN_FUNCTION]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, "");
    const report = JSON.parse(r.stdout) as { files: { file: string; valid: boolean; errors: Record<string, unknown>[] }[] };
    assert.deepEqual(Object.keys(report), ["files"]);
    assert.equal(report.files.length, 2);
    for (const f of report.files) assert.deepEqual(Object.keys(f), ["file", "valid", "errors"]);
    assert.deepEqual(report.files[0], { file: VALID, valid: true, errors: [] });
    const bad = report.files[1];
    assert.equal(bad?.file, UNKNOWN_FUNCTION);
    assert.equal(bad?.valid, false);
    assert.ok((bad?.errors.length ?? 0) >= 1);
    for (const e of bad?.errors ?? []) {
      assert.deepEqual(Object.keys(e), ["path", "message", "code"]);
      assert.equal(typeof e.path, "string");
      assert.equal(typeof e.message, "string");
      assert.equal(typeof e.code, "string");
    }
    assert.ok(bad?.errors.some((e) => String(e.path).startsWith("/action/0/let/z")));
  });

  it("several files, one invalid: each reported, a summary line, exit 1", () => {
    const r = pfa(["validate", VALID, UNKNOWN_FUNCTION, VALID_YAML]);
    assert.equal(r.status, 1, r.stderr);
    const out = lines(r.stdout);
    assert.equal(out[0], `${VALID}: valid`);
    assert.match(out[1] ?? "", new RegExp(`^${UNKNOWN_FUNCTION}: \\d+ errors?$`));
    assert.equal(out.at(-2), `${VALID_YAML}: valid`);
    assert.equal(out.at(-1), "3 files: 2 valid, 1 invalid");
  });

  it("a missing file: `no such file` on stderr, exit 2, the other files still checked", () => {
    const alone = pfa(["validate", MISSING]);
    assert.equal(alone.status, 2);
    assert.equal(alone.stdout, "");
    assert.equal(alone.stderr, `pfa: ${MISSING}: no such file\n`);

    const r = pfa(["validate", MISSING, VALID]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `pfa: ${MISSING}: no such file\n`);
    assert.deepEqual(lines(r.stdout), [`${VALID}: valid`, "2 files: 1 valid, 0 invalid, 1 not found"]);

    const json = pfa(["validate", "--json", MISSING, VALID]);
    assert.equal(json.status, 2);
    const report = JSON.parse(json.stdout) as { files: { file: string; valid: boolean; errors: { code: string }[] }[] };
    assert.equal(report.files[0]?.file, MISSING);
    assert.equal(report.files[0]?.valid, false);
    assert.equal(report.files[0]?.errors[0]?.code, "not-found");
    assert.equal(report.files[1]?.valid, true);
  });

  it("a malformed JSON file: invalid with the line and column, exit 1, the next file still checked", () => {
    const r = pfa(["validate", MALFORMED, VALID]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, "");
    const out = lines(r.stdout);
    assert.equal(out[0], `${MALFORMED}: 1 error`);
    assert.match(out[1] ?? "", /^ {2}\/: .*line 4, column 3.* \[syntax\]$/);
    assert.equal(out[2], `${VALID}: valid`);

    const json = JSON.parse(pfa(["validate", "--json", MALFORMED]).stdout) as unknown;
    assert.deepEqual(json, {
      files: [
        {
          file: MALFORMED,
          valid: false,
          errors: [
            {
              path: "",
              message: "JSON syntax error at line 4, column 3: expected ',' or '}' after object member",
              code: "syntax",
            },
          ],
        },
      ],
    });
  });

  it("`-` reads standard input, JSON or YAML", () => {
    const json = pfa(["validate", "-"], { input: readFileSync(`${ROOT}${VALID}`, "utf8") });
    assert.equal(json.stdout, "<stdin>: valid\n");
    assert.equal(json.status, 0, json.stderr);

    const yaml = pfa(["validate", "--json", "-"], { input: readFileSync(`${ROOT}${VALID_YAML}`, "utf8") });
    assert.deepEqual(JSON.parse(yaml.stdout), { files: [{ file: "-", valid: true, errors: [] }] });

    const bad = pfa(["validate", "-"], { input: '{"input": "double",' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^<stdin>: 1 error\n {2}\/: JSON syntax error at line 1/);

    assertUsageError(pfa(["validate", "-", "-"]), /^pfa: standard input \('-'\) can be read only once\n$/);
  });

  it("colours only when asked: none when piped or with NO_COLOR, some with FORCE_COLOR", () => {
    const args = ["validate", VALID, UNKNOWN_FUNCTION];
    assert.ok(!hasAnsi(pfa(args).stdout));
    assert.ok(!hasAnsi(pfa(args, { env: { NO_COLOR: "1", FORCE_COLOR: "1" } }).stdout));
    const forced = pfa(args, { env: { FORCE_COLOR: "1" } });
    assert.ok(forced.stdout.includes(`${ESC}[32mvalid${ESC}[39m`), forced.stdout);
    assert.match(forced.stdout.replaceAll(ESC, "<ESC>"), /<ESC>\[31m\d+ errors?<ESC>\[39m/);
  });
});

/** A stream that records what is written to it. */
class FakeStream implements OutStream {
  text = "";
  constructor(
    readonly isTTY = false,
    readonly columns = 80,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

function fakeOutput(tty = false, env: NodeJS.ProcessEnv = {}): { out: Output; stdout: FakeStream; stderr: FakeStream } {
  const stdout = new FakeStream(tty);
  const stderr = new FakeStream(tty);
  return { out: new Output({ stdout, stderr, env }), stdout, stderr };
}

describe("reportError", () => {
  it("a UserError is one line, exit 1, with no stack; --debug adds the stack", () => {
    const { out, stderr } = fakeOutput();
    assert.equal(out.reportError(new UserError("model.pmml: TreeModel 't': not supported")), 1);
    assert.equal(stderr.text, "pfa: model.pmml: TreeModel 't': not supported\n");

    const debug = fakeOutput();
    assert.equal(debug.out.reportError(new UserError("bad"), { debug: true }), 1);
    assert.match(debug.stderr.text, /^pfa: bad\nUserError: bad\n\s+at /);
  });

  it("a UsageError is exit 2", () => {
    const { out, stderr } = fakeOutput();
    assert.equal(out.reportError(new UsageError("missing argument")), 2);
    assert.equal(stderr.text, "pfa: missing argument\n");
  });

  it("an unexpected error is exit 2 with one line suggesting --debug; --debug shows the stack and causes", () => {
    const { out, stderr } = fakeOutput();
    assert.equal(out.reportError(new TypeError("x is undefined\nmore detail")), 2);
    assert.equal(lines(stderr.text).length, 1);
    assert.match(stderr.text, /^pfa: internal error: x is undefined .*--debug/);

    const debug = fakeOutput();
    const err = new Error("outer", { cause: new RangeError("inner") });
    assert.equal(debug.out.reportError(err, { debug: true }), 2);
    assert.match(debug.stderr.text, /^pfa: internal error: outer\nError: outer\n\s+at /);
    assert.match(debug.stderr.text, /caused by: RangeError: inner\n\s+at /);
  });

  it("anything thrown, not only Errors", () => {
    const { out, stderr } = fakeOutput();
    assert.equal(out.reportError("a string"), 2);
    assert.match(stderr.text, /^pfa: internal error: a string/);
  });
});

describe("output streams", () => {
  it("a stream that fails (EPIPE: the reader has gone) is written no more, without a crash", () => {
    const written: string[] = [];
    const stdout = Object.assign(new EventEmitter(), {
      write(chunk: string) {
        written.push(chunk);
        return true;
      },
    });
    const out = new Output({ stdout, stderr: new FakeStream(), env: {} });
    out.print("one");
    stdout.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    out.print("two");
    out.printJson({ three: 3 });
    assert.deepEqual(written, ["one\n"]);
  });
});

describe("colour and progress", () => {
  it("colour on a terminal unless NO_COLOR or TERM=dumb", () => {
    const tty = fakeOutput(true);
    assert.equal(tty.out.style.level, 1);
    assert.equal(tty.out.errStyle.level, 1);
    assert.equal(fakeOutput(true, { NO_COLOR: "1" }).out.style.level, 0);
    assert.equal(fakeOutput(true, { TERM: "dumb" }).out.style.level, 0);
    assert.equal(fakeOutput(true, { FORCE_COLOR: "0" }).out.style.level, 0);
    assert.equal(fakeOutput(false).out.style.level, 0);
    assert.equal(fakeOutput(false, { FORCE_COLOR: "3" }).out.style.level, 3);
  });

  it("draws at most once per interval, not at all during the first one, and erases itself", () => {
    let t = 0;
    const stream = new FakeStream(true, 80);
    const bar = new Progress(stream, "rows", 200, 100, undefined, () => t);
    bar.tick(10);
    t = 50;
    bar.tick(10);
    assert.equal(stream.text, "", "nothing during the first interval");
    t = 100;
    bar.tick(30);
    assert.equal(stream.text, `\r${bar.render()}\x1b[K`);
    assert.match(bar.render(), /^rows \[#+\.+\] 25% 50\/200 0s$/);
    t = 150;
    bar.tick();
    assert.equal(stream.text.split("\r").length, 2, "throttled");
    bar.finish();
    assert.ok(stream.text.endsWith("\r\x1b[K"));
    t = 1000;
    bar.tick();
    assert.ok(stream.text.endsWith("\r\x1b[K"), "nothing after finish");
  });

  it("without a total, counts", () => {
    const bar = new Progress(undefined, "rows", undefined, 100, undefined, () => 2500);
    bar.update(12345);
    assert.equal(bar.render(2500), "rows 12,345 0s");
  });

  it("never on a pipe or with --json; other output erases it first", () => {
    for (const [tty, json] of [
      [false, false],
      [true, true],
    ] as const) {
      const { out, stderr } = fakeOutput(tty);
      const bar = out.progress({ label: "rows", total: 10, json, intervalMs: 0 });
      bar.tick(5);
      bar.finish();
      assert.equal(stderr.text, "");
    }
    const { out, stderr, stdout } = fakeOutput(true);
    const bar = out.progress({ label: "rows", total: 10, intervalMs: 0 });
    bar.tick(5);
    assert.match(stderr.text, /rows/);
    out.print("result");
    assert.ok(stderr.text.endsWith("\r\x1b[K"));
    assert.equal(stdout.text, "result\n");
    bar.finish();
  });
});
