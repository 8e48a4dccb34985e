/**
 * Runs a manifest of diff-score cases (../shared/corpus/README.md, cases.jsonl): one JSON object a
 * line with the model, its input rows, the reference and tolerances, and what is expected of it:
 * `pass` (converts, validates, scores within tolerance), `reject` (refused with a clear one-line error),
 * or `pass-or-reject`.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { UsageError, UserError } from "../errors.js";
import { readModel } from "../convert.js";
import { diffScore, type DiffOptions } from "./diff-score.js";

export interface Case {
  id: string;
  format: string;
  model: string;
  input?: string;
  expected?: string;
  reference: string;
  columns?: Record<string, (string | number)[]>;
  rtol?: number;
  atol?: number;
  expect?: "pass" | "reject" | "pass-or-reject";
  options?: Record<string, unknown>;
  tags?: string[];
}

export type CaseStatus = "pass" | "fail" | "rejected" | "error";

export interface CaseResult {
  id: string;
  format: string;
  status: CaseStatus;
  /** Whether the status is what the case expects. */
  met: boolean;
  reference: string;
  rows: number;
  message: string;
}

export async function readCases(path: string, filter: RegExp | null): Promise<Case[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`${path}: no such file`);
    throw new UserError(`${path}: cannot read: ${(e as Error).message}`);
  }
  const base = dirname(path);
  const cases: Case[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let c: Case;
    try {
      c = JSON.parse(line) as Case;
    } catch (e) {
      throw new UserError(`${path}: line ${i + 1}: not JSON (${(e as Error).message})`);
    }
    if (typeof c.id !== "string" || typeof c.model !== "string") throw new UserError(`${path}: line ${i + 1}: a case needs "id" and "model"`);
    if (filter !== null && !filter.test(c.id)) return;
    const at = (p: string | undefined) => (p === undefined ? undefined : resolve(base, p));
    const options = { ...(c.options ?? {}) };
    for (const [k, v] of Object.entries(options)) if (typeof v === "string" && /[/.]/.test(v) && k === "schema") options[k] = at(v);
    cases.push({ ...c, model: at(c.model)!, ...(c.input === undefined ? {} : { input: at(c.input)! }), ...(c.expected === undefined ? {} : { expected: at(c.expected)! }), options });
  });
  return cases;
}

function met(status: CaseStatus, expect: Case["expect"]): boolean {
  switch (expect ?? "pass") {
    case "pass":
      return status === "pass";
    case "reject":
      return status === "rejected";
    default:
      return status === "pass" || status === "rejected";
  }
}

export async function runCase(c: Case, extra: Pick<DiffOptions, "referenceFactories"> = {}): Promise<CaseResult> {
  const result = (status: CaseStatus, message: string, rows = 0): CaseResult => ({ id: c.id, format: c.format, status, met: met(status, c.expect), reference: c.reference, rows, message });
  try {
    if (c.expect === "reject") {
      await readModel(c.model, { from: c.format, readOptions: c.options ?? {} });
      return result("fail", "converted, but the case expects the model to be refused");
    }
    const report = await diffScore({
      model: c.model,
      ...(c.input === undefined ? {} : { rows: c.input }),
      ...(c.expected === undefined ? {} : { expected: c.expected }),
      reference: c.reference,
      ...(c.columns === undefined ? {} : { columns: c.columns }),
      tolerance: { rtol: c.rtol ?? 1e-9, atol: c.atol ?? 1e-9 },
      from: c.format,
      readOptions: c.options ?? {},
      maxDifferences: 1,
      ...extra,
    });
    if (report.agree) return result("pass", `${report.rows} rows agree with the ${report.reference} reference`, report.rows);
    const d = report.differences[0];
    return result("fail", `${report.differingRows} of ${report.rows} rows differ; first: row ${d?.row}, ${d?.column}: pfa ${JSON.stringify(d?.pfa)}, reference ${JSON.stringify(d?.reference)}`, report.rows);
  } catch (e) {
    if (e instanceof UserError && !(e instanceof UsageError)) {
      const message = e.message.split("\n")[0]!;
      return result("rejected", message);
    }
    return result("error", `${(e as Error).name}: ${(e as Error).message.split("\n")[0]}`);
  }
}
