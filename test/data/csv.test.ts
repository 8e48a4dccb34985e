import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable, Writable } from "node:stream";
import { CsvParser, CsvSyntaxError, CsvWriter, csvFormatter, openCsv, parseCsvText, quoteCsvCell, type CsvRecord } from "../../src/data/csv.js";
import { CoercionError, csvCoercer, InputMismatchError, rowError } from "../../src/data/coerce.js";
import { parseSchema, type AvroType } from "../../src/pfa/types.js";

function schema(json: unknown): AvroType {
  const { type, errors } = parseSchema(json as never);
  assert.deepEqual(errors, []);
  return type!;
}

/** Parses `text` pushed in pieces of `size` characters. */
function parseInPieces(text: string, size: number): { header: string[] | null; rows: CsvRecord[] } {
  const p = new CsvParser();
  const rows: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) rows.push(...p.push(text.slice(i, i + size)));
  rows.push(...p.finish());
  return { header: p.header, rows };
}

async function collect(batches: AsyncIterable<CsvRecord[]>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString("utf8");
    cb();
  }
}

describe("CSV reader", () => {
  it("reads a header and records of strings", () => {
    const { header, rows } = parseCsvText("a,b,c\n1,2,3\nx,y,z\n");
    assert.deepEqual(header, ["a", "b", "c"]);
    assert.deepEqual(rows, [
      ["1", "2", "3"],
      ["x", "y", "z"],
    ]);
  });

  it("reads quoted fields: delimiters, doubled quotes, line breaks", () => {
    const text = 'id,text,n\n1,"a, b",2\n2,"say ""hi""",3\n3,"two\nlines",4\n4,"",5\n';
    const { rows } = parseCsvText(text);
    assert.deepEqual(rows, [
      ["1", "a, b", "2"],
      ["2", 'say "hi"', "3"],
      ["3", "two\nlines", "4"],
      ["4", "", "5"],
    ]);
  });

  it("reads CRLF line ends, a BOM, and a last line without a line break", () => {
    const { header, rows } = parseCsvText('\ufeffa,b\r\n1,"x"\r\n2,y\r\n3,"z\r\nw"');
    assert.deepEqual(header, ["a", "b"]);
    assert.deepEqual(rows, [
      ["1", "x"],
      ["2", "y"],
      ["3", "z\r\nw"],
    ]);
  });

  it("reads empty unquoted cells, NA and N/A as missing; quoted ones literally", () => {
    const { rows } = parseCsvText('a,b,c,d\n,NA,N/A,x\n"","NA","N/A",""\nna,n/a, ,NaN\n');
    assert.deepEqual(rows, [
      [null, null, null, "x"],
      ["", "NA", "N/A", ""],
      ["na", "n/a", " ", "NaN"],
    ]);
  });

  it("skips blank lines, except in a one-column file where they are missing values", () => {
    assert.deepEqual(parseCsvText("a,b\n\n1,2\n\r\n3,4\n\n").rows, [
      ["1", "2"],
      ["3", "4"],
    ]);
    assert.deepEqual(parseCsvText("x\n1\n\n3\n").rows, [["1"], [null], ["3"]]);
  });

  it("keeps text after a closing quote, as most readers do", () => {
    assert.deepEqual(parseCsvText('a,b\n"x"y,2\n').rows, [["xy", "2"]]);
  });

  it("gives the same records whatever the chunk boundaries", () => {
    const text = 'h1,h2,h3\r\n1,"a,""b""\nc",NA\r\n,"",x\n"q"\n\n7,8,9';
    const whole = parseCsvText(text);
    for (const size of [1, 2, 3, 5, 7, 11]) {
      const pieces = parseInPieces(text, size);
      assert.deepEqual(pieces.header, whole.header, `pieces of ${size}`);
      assert.deepEqual(pieces.rows, whole.rows, `pieces of ${size}`);
    }
    assert.deepEqual(whole.rows, [["1", 'a,"b"\nc', null], [null, "", "x"], ["q"], ["7", "8", "9"]]);
  });

  it("refuses a quote that is never closed, naming the row", () => {
    assert.throws(
      () => parseCsvText('a,b\n1,2\n3,"open\n4,5\n'),
      (e: unknown) => e instanceof CsvSyntaxError && e.row === 2 && /not closed/.test(e.message),
    );
  });

  it("refuses a record longer than the limit instead of holding it", () => {
    const p = new CsvParser({ maxRecordChars: 100 });
    p.push("a,b\n1,2\n");
    assert.throws(() => {
      for (let i = 0; i < 20; i++) p.push('"' + "x".repeat(10));
    }, /row 2: longer than 100 characters/);
  });

  it("supports another delimiter", () => {
    assert.deepEqual(parseCsvText('a\tb\n1\t"x\ty"\n', { delimiter: "\t" }).rows, [["1", "x\ty"]]);
  });

  it("streams from bytes, with a UTF-8 character split between chunks", async () => {
    const bytes = Buffer.from("name,v\n\u00e9t\u00e9,1\nna\u00efve,2\n", "utf8");
    const chunks = [bytes.subarray(0, 9), bytes.subarray(9, 10), bytes.subarray(10)];
    const csv = await openCsv(Readable.from(chunks));
    assert.deepEqual(csv.header, ["name", "v"]);
    assert.deepEqual(await collect(csv.batches), [
      ["\u00e9t\u00e9", "1"],
      ["na\u00efve", "2"],
    ]);
  });

  it("reads an empty input as no header and no rows", async () => {
    const csv = await openCsv(Readable.from([]));
    assert.deepEqual(csv.header, []);
    assert.deepEqual(await collect(csv.batches), []);
  });
});

describe("CSV coercion", () => {
  const iris = schema({
    type: "record",
    name: "Iris",
    fields: [
      { name: "sepal_length", type: "double" },
      { name: "count", type: "int" },
      { name: "id", type: "long" },
      { name: "w", type: "float" },
      { name: "ok", type: "boolean" },
      { name: "species", type: "string" },
      { name: "petal", type: ["null", "double"] },
    ],
  });

  it("converts cells to the input record's field types", () => {
    const header = ["species", "sepal_length", "count", "id", "w", "ok", "petal", "extra"];
    const coerce = csvCoercer(iris, header);
    const v = coerce(["setosa", "5.1", "3", "9007199254740993", "0.1", "TRUE", null, "ignored"]) as Record<string, unknown>;
    assert.deepEqual(Object.keys(v), ["sepal_length", "count", "id", "w", "ok", "species", "petal"]);
    assert.equal(v.sepal_length, 5.1);
    assert.equal(v.count, 3);
    assert.equal(v.id, 9007199254740993n);
    assert.equal(v.w, Math.fround(0.1));
    assert.equal(v.ok, true);
    assert.equal(v.species, "setosa");
    assert.equal(v.petal, null);
    const w = coerce(["x", "-1e3", "3.0", "-12", "NaN", "0", "-Infinity", ""]) as Record<string, unknown>;
    assert.equal(w.sepal_length, -1000);
    assert.equal(w.count, 3);
    assert.equal(w.id, -12);
    assert.ok(Number.isNaN(w.w));
    assert.equal(w.ok, false);
    assert.equal(w.petal, -Infinity);
    const edge = csvCoercer(iris, ["sepal_length", "count", "id", "w", "ok", "species", "petal"]);
    const numbers = (cells: string[]) => cells.map((c) => (edge([c, "1", "1", "1", "1", "s", null]) as Record<string, unknown>).sepal_length);
    assert.deepEqual(numbers(["0e5", "1.", ".5", "+2", "007", "1e1000", "-inf", "INF", "nan"]), [0, 1, 0.5, 2, 7, Infinity, -Infinity, Infinity, NaN]);
    for (const bad of ["0x10", "0b1", "0o7", "1 ", "\t1", "1e", ".", "-", "1_0", "Infinityx", '""']) {
      assert.throws(() => edge([bad, "1", "1", "1", "1", "s", null]), CoercionError, bad);
    }
  });

  it("names the field and the value of a bad cell", () => {
    const coerce = csvCoercer(iris, ["sepal_length", "count", "id", "w", "ok", "species", "petal"]);
    const bad = (cells: CsvRecord): string => {
      try {
        coerce(cells);
      } catch (e) {
        assert.ok(e instanceof CoercionError);
        return rowError(17, e);
      }
      assert.fail("expected a coercion error");
    };
    assert.equal(bad(["abc", "1", "1", "1", "true", "s", "1"]), 'row 17, field "sepal_length": "abc" is not a double');
    assert.equal(bad(["1", "2.5", "1", "1", "true", "s", "1"]), 'row 17, field "count": "2.5" is not an int');
    assert.equal(bad(["1", "2147483648", "1", "1", "true", "s", "1"]), 'row 17, field "count": 2147483648 is out of the int range');
    assert.equal(bad(["1", "1", "9223372036854775808", "1", "true", "s", "1"]), 'row 17, field "id": 9223372036854775808 is out of the long range');
    assert.equal(bad(["1", "1", "1", "1", "yes", "s", "1"]), 'row 17, field "ok": "yes" is not a boolean');
    assert.equal(bad([null, "1", "1", "1", "true", "s", "1"]), 'row 17, field "sepal_length": missing value, but the type double is not nullable');
    assert.equal(bad(["0x10", "1", "1", "1", "true", "s", "1"]), 'row 17, field "sepal_length": "0x10" is not a double');
    assert.equal(bad([" 1", "1", "1", "1", "true", "s", "1"]), 'row 17, field "sepal_length": " 1" is not a double');
    assert.equal(bad(["1", "1"]), "row 17: 2 cells, but the header has 7 columns");
  });

  it("refuses a header without a column for a required field", () => {
    assert.throws(() => csvCoercer(iris, ["sepal_length", "count"]), (e: unknown) => e instanceof InputMismatchError && /no column for the input fields "id", "w", "ok", "species"/.test(e.message));
  });

  it("fills absent nullable fields with null and absent fields with defaults", () => {
    const t = schema({
      type: "record",
      name: "R",
      fields: [
        { name: "x", type: "double" },
        { name: "y", type: ["null", "int"] },
        { name: "z", type: "string", default: "none" },
      ],
    });
    assert.deepEqual(csvCoercer(t, ["x"])(["1.5"]), { x: 1.5, y: null, z: "none" });
  });

  it("reads a single-column file as a primitive input", () => {
    const coerce = csvCoercer(schema("double"), ["value"]);
    assert.equal(coerce(["2.5"]), 2.5);
    assert.throws(() => csvCoercer(schema("double"), ["a", "b"]), InputMismatchError);
  });

  it("reads enums, and nested values as JSON text", () => {
    const t = schema({
      type: "record",
      name: "R",
      fields: [
        { name: "e", type: { type: "enum", name: "E", symbols: ["A", "B"] } },
        { name: "v", type: { type: "array", items: "double" } },
      ],
    });
    assert.deepEqual(csvCoercer(t, ["e", "v"])(["B", "[1, 2.5]"]), { e: "B", v: [1, 2.5] });
    assert.throws(() => csvCoercer(t, ["e", "v"])(["C", "[]"]), /"C" is not an enum E/);
  });
});

describe("CSV writer", () => {
  it("quotes only what needs quoting", () => {
    assert.equal(quoteCsvCell("plain"), "plain");
    assert.equal(quoteCsvCell("a,b"), '"a,b"');
    assert.equal(quoteCsvCell('say "hi"'), '"say ""hi"""');
    assert.equal(quoteCsvCell("two\nlines"), '"two\nlines"');
    assert.equal(quoteCsvCell(""), '""');
    assert.equal(quoteCsvCell("NA"), '"NA"');
  });

  it("writes a header and formatted values; missing as empty cells, nested values as JSON", () => {
    const t = schema({
      type: "record",
      name: "Out",
      fields: [
        { name: "d", type: "double" },
        { name: "n", type: "long" },
        { name: "s", type: "string" },
        { name: "o", type: ["null", "double"] },
        { name: "m", type: { type: "map", values: "int" } },
        { name: "b", type: "boolean" },
      ],
    });
    const f = csvFormatter(t);
    assert.equal(f.header, "d,n,s,o,m,b\n");
    const m = Object.create(null) as Record<string, number>;
    m.k = 1;
    assert.equal(f.line({ d: 1.5, n: 2n ** 60n, s: "a,b", o: null, m, b: true }), '1.5,1152921504606846976,"a,b",,"{""k"":1}",true\n');
    assert.equal(f.line({ d: NaN, n: 1, s: "", o: -Infinity, m: Object.create(null), b: false }), 'NaN,1,"",-Infinity,{},false\n');
    assert.equal(f.line(null), ",,,,,\n");
  });

  it("round-trips through the reader", async () => {
    const t = schema({ type: "record", name: "Out", fields: [{ name: "s", type: "string" }, { name: "x", type: ["null", "double"] }] });
    const sink = new Sink();
    const w = new CsvWriter(sink, t);
    const rows = [
      { s: 'q"uote, and\nnewline', x: 1.25 },
      { s: "", x: null },
      { s: "NA", x: 3 },
    ];
    await w.write(rows);
    await w.end();
    const back = parseCsvText(sink.text);
    const coerce = csvCoercer(t, back.header);
    assert.deepEqual(back.rows.map(coerce), rows);
  });

  it("writes the header of an empty result", async () => {
    const sink = new Sink();
    const w = new CsvWriter(sink, schema("double"), { columnName: "score" });
    await w.end();
    assert.equal(sink.text, "score\n");
  });
});
