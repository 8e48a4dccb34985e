/**
 * Rows as the two sides of diff-score see them: records keyed by the source model's own column names
 * (a CSV header, a JSON object's keys), read one at a time in constant memory, and turned into a PFA
 * document's input values through the original names its metadata records.
 */
import { UserError } from "../errors.js";
import { csvCoercer, jsonCoercer } from "../data/coerce.js";
import { openCsv, type CsvRecord } from "../data/csv.js";
import { readJsonLines } from "../data/jsonl.js";
import { formatOfPath, inputName, readFailure } from "../data/rows.js";
import { BadRow, openInput } from "../data/stream.js";
import { isJsonObject, type JsonValue } from "../pfa/json-value.js";
import type { AvroType } from "../pfa/types.js";

/** One input row: the raw record by column name, and how to get the document's input value from it. */
export interface SourceRow {
  /** 1-based row number, for messages. */
  number: number;
  /** Column name to raw value (CSV: string or null; JSON lines: JSON values). */
  record: Record<string, unknown>;
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

export interface RecordSource {
  /** The CSV header, or null for JSON lines. */
  header: string[] | null;
  rows: AsyncGenerator<SourceRow>;
}

/** Opens a CSV or JSON-lines file as records by column name (CSV cells `""`, `NA`, `N/A` are null). */
export async function openRecords(path: string): Promise<RecordSource> {
  const format = formatOfPath(path);
  const name = inputName(path);
  if (format !== "csv" && format !== "jsonl") throw new UserError(`${name}: rows must be CSV (.csv) or JSON lines (.jsonl)`);
  const stream = await openInput(path);
  if (format === "csv") {
    let csv;
    try {
      csv = await openCsv(stream);
    } catch (e) {
      stream.destroy();
      throw readFailure(name, e);
    }
    const header = csv.header;
    const batches = csv.batches;
    async function* rows(): AsyncGenerator<SourceRow> {
      let number = 0;
      try {
        for await (const cells of flatten<CsvRecord>(batches)) {
          const record: Record<string, unknown> = {};
          header.forEach((h, i) => (record[h] = cells[i] ?? null));
          yield { number: ++number, record };
        }
      } catch (e) {
        throw readFailure(name, e);
      } finally {
        stream.destroy();
      }
    }
    return { header, rows: rows() };
  }
  async function* rows(): AsyncGenerator<SourceRow> {
    let number = 0;
    try {
      for await (const v of flatten<JsonValue | BadRow>(readJsonLines(stream))) {
        number++;
        if (v instanceof BadRow) throw new UserError(`${name}: row ${number}: ${v.message}`);
        if (!isJsonObject(v)) throw new UserError(`${name}: row ${number}: expected a JSON object of column name to value`);
        yield { number, record: v as Record<string, unknown> };
      }
    } catch (e) {
      throw readFailure(name, e);
    } finally {
      stream.destroy();
    }
  }
  return { header: null, rows: rows() };
}

/**
 * Turns records keyed by original column names into values of a document's input record type.
 * `fieldOf` maps each original name to the document's (sanitised) field name; `header` is the CSV
 * header (cells are text to parse), or null for JSON values.
 */
export function inputCoercer(inputType: AvroType, fieldOf: ReadonlyMap<string, string>, header: string[] | null): (record: Record<string, unknown>) => unknown {
  if (header !== null) {
    const coerce = csvCoercer(inputType, header.map((c) => fieldOf.get(c) ?? c));
    return (record) => coerce(header.map((c) => (record[c] ?? null) as string | null));
  }
  const coerce = jsonCoercer(inputType);
  return (record) => {
    const renamed: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(record)) renamed[fieldOf.get(k) ?? k] = v as JsonValue;
    return coerce(renamed);
  };
}
