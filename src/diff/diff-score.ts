/**
 * diff-score: runs a PFA document and a reference on the same rows and compares every output column
 * (DESIGN.md). The reference is, in order of preference, the model's own runtime (a reader provides it),
 * expected outputs that the producing tool wrote, or pfa's own evaluation of the IR; the report always
 * says which one was used.
 */
import { readerFor } from "../../converters/registry.js";
import { readModel } from "../convert.js";
import { UsageError, UserError } from "../errors.js";
import { compileEvaluator } from "../ir/evaluate.js";
import type { Pipeline } from "../ir/pipeline.js";
import { PFAEngine } from "../pfa/engine.js";
import { isJsonObject, type JsonValue } from "../pfa/json-value.js";
import { DocumentReadError, readDocumentFile } from "../pfa/load.js";
import { isPFAError } from "../pfa/runtime.js";
import { INPUT_NAMES_KEY, OUTPUT_NAMES_KEY, writePfa } from "../writer/write.js";
import { atPath, ColumnStats, compareValues, holdsFloats, type Tolerance } from "./compare.js";
import { inputCoercer, openRecords, type SourceRow } from "./rows.js";
import { CoercionError } from "../data/coerce.js";

/**
 * What a reference says about one row: its outputs by original column name (a column it leaves out of
 * a row is not compared in that row), or that it refuses the row.
 */
export type ReferenceResult = { outputs: Record<string, unknown> } | { refused: string };

export interface ReferenceScorer {
  /** expected, ir, onnxruntime, model-verification. */
  readonly kind: string;
  /** For the report: what exactly was compared against. */
  readonly description: string;
  /** The columns it gives, when known before scoring (an expected file's header). */
  readonly columns: string[] | null;
  /** The reference's outputs for one row; `input` is the row by original input names, as typed values. */
  score(row: SourceRow, input: Record<string, unknown>): Promise<ReferenceResult>;
  /** When the reference brings its own input rows (a PMML document's ModelVerification). */
  rows?(): AsyncGenerator<SourceRow>;
  /**
   * A tolerance of its own for some columns (a ModelVerification field's precision): such a column is
   * compared within the looser of this and the run's tolerance.
   */
  readonly tolerances?: Readonly<Record<string, Tolerance>>;
  /** After the last input row: throws if the reference has rows left (an expected file longer than the input). */
  finish?(rows: number): Promise<void>;
  close?(): Promise<void>;
}

export interface DiffOptions {
  /** The model: converted unless `doc` is given; also the source of the IR and of reader references. */
  model?: string;
  /** A PFA document to test instead of converting the model. */
  doc?: string;
  /** Input rows (CSV or JSON lines). Not needed when the reference brings its own. */
  rows?: string;
  /** Expected outputs, row for row with the inputs (CSV or JSON lines). */
  expected?: string;
  /** Force a reference: expected, ir, or one a reader offers. */
  reference?: string;
  /** Expected column to output path (a JSON array of steps). */
  columns?: Record<string, (string | number)[]>;
  tolerance: Tolerance;
  from?: string;
  readOptions?: Record<string, unknown>;
  /** How many differing rows to keep in the report. */
  maxDifferences?: number;
  /** Called after each row (for a progress bar). */
  onRow?: (n: number) => void;
  /** References by kind, added to those the model's format reader offers (FormatReader.references). */
  referenceFactories?: Record<string, (model: string, pipeline: Pipeline) => Promise<ReferenceScorer | null>>;
}

export interface ColumnReport {
  column: string;
  compared: number;
  differing: number;
  maxAbsDiff: number;
  maxRelDiff: number;
}

export interface RowDifference {
  row: number;
  column: string;
  pfa: unknown;
  reference: unknown;
}

export interface DiffReport {
  reference: string;
  referenceDescription: string;
  format: string | null;
  rows: number;
  differingRows: number;
  columns: ColumnReport[];
  /** Expected columns that match no output of the document (not compared). */
  unmatchedColumns: string[];
  differences: RowDifference[];
  agree: boolean;
}

function parseNames(doc: JsonValue, key: string): Map<string, string> {
  const meta = isJsonObject(doc) && isJsonObject(doc.metadata ?? null) ? (doc.metadata as Record<string, JsonValue>) : {};
  const text = meta[key];
  if (typeof text !== "string") return new Map();
  try {
    return new Map(Object.entries(JSON.parse(text) as Record<string, string>));
  } catch {
    return new Map();
  }
}

/** A plain JS view of an output value for comparison and reports (maps as ordinary objects). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** The expected-outputs reference: a file read in step with the input rows. */
async function expectedReference(path: string): Promise<ReferenceScorer> {
  const source = await openRecords(path);
  const iterator = source.rows[Symbol.asyncIterator]();
  return {
    kind: "expected",
    description: `expected outputs in ${path}`,
    columns: source.header,
    async score(row) {
      const next = await iterator.next();
      if (next.done) throw new UserError(`${path}: has fewer rows than the input (no row ${row.number})`);
      return { outputs: next.value.record };
    },
    async finish(rows) {
      const next = await iterator.next();
      if (!next.done) throw new UserError(`${path}: has more rows than the input (${rows})`);
    },
    async close() {
      await iterator.return?.(undefined);
    },
  };
}

function irReference(pipeline: Pipeline): ReferenceScorer {
  const evaluate = compileEvaluator(pipeline);
  return {
    kind: "ir",
    description: "pfa's own evaluation of the model's IR (no outside oracle: proves the PFA matches pfa's reading of the model, not the original runtime)",
    columns: pipeline.outputs,
    async score(_row, input) {
      try {
        return { outputs: evaluate(input) };
      } catch (e) {
        return { refused: (e as Error).message };
      }
    },
  };
}

export async function diffScore(options: DiffOptions): Promise<DiffReport> {
  if (options.model === undefined && options.doc === undefined) throw new UsageError("diff-score needs a model or a PFA document");
  let pipeline: Pipeline | null = null;
  let format: string | null = null;
  if (options.model !== undefined) {
    const read = await readModel(options.model, { ...(options.from === undefined ? {} : { from: options.from }), readOptions: options.readOptions ?? {} });
    pipeline = read.pipeline;
    format = read.format;
  }
  let docJson: JsonValue;
  if (options.doc !== undefined) {
    try {
      docJson = await readDocumentFile(options.doc);
    } catch (e) {
      if (e instanceof DocumentReadError) throw new UserError(e.message);
      throw e;
    }
  } else {
    docJson = writePfa(pipeline!);
  }
  const engine = PFAEngine.fromJson(docJson);
  const inputNames = parseNames(docJson, INPUT_NAMES_KEY); // PFA field -> original
  const outputNames = parseNames(docJson, OUTPUT_NAMES_KEY);
  const fieldOf = new Map([...inputNames].map(([field, original]) => [original, field]));

  // The reference, in order of preference. The format's reader may offer some (FormatReader.references).
  const factories = { ...(format === null ? {} : (readerFor(format)?.references ?? {})), ...(options.referenceFactories ?? {}) };
  let reference: ReferenceScorer | null = null;
  const wanted = options.reference ?? (options.expected !== undefined ? "expected" : undefined);
  if (wanted === "expected" || (wanted === undefined && options.expected !== undefined)) {
    if (options.expected === undefined) throw new UsageError("the expected reference needs --expected FILE");
    reference = await expectedReference(options.expected);
  } else if (wanted !== undefined && wanted !== "ir") {
    const factory = factories[wanted];
    if (factory === undefined || pipeline === null) throw new UsageError(`no "${wanted}" reference for this model`);
    reference = await factory(options.model!, pipeline);
    if (reference === null) throw new UserError(`${options.model}: has no "${wanted}" reference`);
  } else if (wanted === undefined && pipeline !== null) {
    for (const factory of Object.values(factories)) {
      reference = await factory(options.model!, pipeline);
      // A reference that brings its own rows stands in only when no rows are given.
      if (reference !== null && reference.rows !== undefined && options.rows !== undefined) {
        await reference.close?.();
        reference = null;
      }
      if (reference !== null) break;
    }
  }
  if (reference === null) {
    if (pipeline === null) throw new UsageError("with a PFA document alone, diff-score needs --expected FILE (or the model, for its IR)");
    reference = irReference(pipeline);
  }

  const rowsSource = reference.rows?.() ?? null;
  let header: string[] | null = null;
  let rows: AsyncGenerator<SourceRow>;
  if (rowsSource !== null) {
    rows = rowsSource;
  } else {
    if (options.rows === undefined) throw new UsageError("diff-score needs input rows: -i FILE");
    const source = await openRecords(options.rows);
    header = source.header;
    rows = source.rows;
  }

  // Output columns by original name (PFA field -> original).
  const outputField = new Map([...outputNames].map(([field, original]) => [original, field]));
  const columnsToCompare = new Map<string, (string | number)[]>();
  const unmatched: string[] = [];
  const pathFor = (path: (string | number)[]): (string | number)[] => {
    const [first, ...rest] = path;
    if (typeof first === "string" && outputField.has(first)) return [outputField.get(first)!, ...rest];
    return path;
  };
  if (options.columns !== undefined) {
    for (const [col, path] of Object.entries(options.columns)) columnsToCompare.set(col, pathFor(path));
  }
  const decideColumns = (names: string[]): void => {
    if (options.columns !== undefined) return;
    for (const c of names) {
      if (outputField.has(c)) columnsToCompare.set(c, [outputField.get(c)!]);
      else if ([...outputNames.keys()].includes(c)) columnsToCompare.set(c, [c]);
      else unmatched.push(c);
    }
  };
  if (reference.columns !== null) decideColumns(reference.columns);

  const floatColumns = new Map<string, boolean>();
  const isFloatColumn = (col: string, path: (string | number)[]): boolean => {
    let known = floatColumns.get(col);
    if (known === undefined) floatColumns.set(col, (known = holdsFloats(engine.outputType, path)));
    return known;
  };
  const stats = new Map<string, ColumnStats>();
  const differences: RowDifference[] = [];
  const maxDifferences = options.maxDifferences ?? 10;
  let coerce: ((record: Record<string, unknown>) => unknown) | null = null;
  let count = 0;
  let differingRows = 0;
  const note = (d: RowDifference) => {
    if (differences.length < maxDifferences) differences.push(d);
  };
  try {
    for await (const row of rows) {
      count++;
      coerce ??= inputCoercer(engine.inputType, fieldOf, header);
      let input: unknown;
      try {
        input = coerce(row.record);
      } catch (e) {
        if (e instanceof CoercionError) throw new UserError(`${options.rows ?? "input"}: row ${row.number}: ${e.message}`);
        throw e;
      }
      // The same row by original names, for references that take typed values (the IR evaluator).
      const byOriginal: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(input as Record<string, unknown>)) byOriginal[inputNames.get(field) ?? field] = value;

      let pfa: Record<string, unknown> | null = null;
      let pfaError: string | null = null;
      try {
        pfa = plain(engine.action(input)) as Record<string, unknown>;
      } catch (e) {
        if (!isPFAError(e)) throw e;
        pfaError = e.message;
      }
      const ref = await reference.score(row, byOriginal);
      if (columnsToCompare.size === 0 && unmatched.length === 0 && "outputs" in ref) decideColumns(Object.keys(ref.outputs));

      let rowDiffers = false;
      if (pfaError !== null || "refused" in ref) {
        const bothRefuse = pfaError !== null && "refused" in ref;
        if (!bothRefuse) {
          rowDiffers = true;
          note({ row: row.number, column: "(row)", pfa: pfaError === null ? "scored" : `error: ${pfaError}`, reference: "refused" in ref ? `refused: ${ref.refused}` : "scored" });
        }
      } else {
        for (const [col, path] of columnsToCompare) {
          const s = stats.get(col) ?? new ColumnStats(col);
          stats.set(col, s);
          const actual = atPath(pfa, path);
          const expected = ref.outputs[col];
          if (!Object.prototype.hasOwnProperty.call(ref.outputs, col)) continue;
          const own = reference.tolerances?.[col];
          const base = own === undefined ? options.tolerance : { rtol: Math.max(own.rtol, options.tolerance.rtol), atol: Math.max(own.atol, options.tolerance.atol) };
          const tol = isFloatColumn(col, path) ? { ...base, float32: true } : base;
          const d = compareValues(actual, expected, tol);
          s.add(d);
          if (!d.equal) {
            rowDiffers = true;
            note({ row: row.number, column: col, pfa: actual ?? null, reference: expected ?? null });
          }
        }
      }
      if (rowDiffers) differingRows++;
      options.onRow?.(count);
    }
    await reference.finish?.(count);
  } finally {
    await reference.close?.();
  }
  if (count > 0 && columnsToCompare.size === 0) {
    throw new UserError(`no reference column matches an output of the document (reference columns: ${unmatched.join(", ") || "none"}; outputs: ${[...outputNames.values()].join(", ")})`);
  }
  const columns: ColumnReport[] = [...columnsToCompare.keys()].map((c) => {
    const s = stats.get(c) ?? new ColumnStats(c);
    return { column: c, compared: s.compared, differing: s.differing, maxAbsDiff: s.maxAbs, maxRelDiff: s.maxRel };
  });
  return {
    reference: reference.kind,
    referenceDescription: reference.description,
    format,
    rows: count,
    differingRows,
    columns,
    unmatchedColumns: unmatched,
    differences,
    agree: differingRows === 0,
  };
}
