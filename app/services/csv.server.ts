/**
 * CSV downloads, written by csv-stringify (node-csv): as a string, or streamed into a
 * Response body.
 *
 * Text a spreadsheet would run as a formula (a product title "=HYPERLINK(…)", an
 * order name "+SUM(1,2)") is written with a leading ' by csv-stringify's
 * `escape_formulas` option, which prefixes values starting with =, +, -, @, tab or
 * CR (https://csv.js.org/stringify/options/escape_formulas). Number cells are
 * given to it as numbers, which it leaves alone even when negative, so "-12.50"
 * stays a number in the spreadsheet; `format` writes them (decimals of the
 * currency, percentages).
 *
 * As the hand-written writer did: CRLF line ends, a final line end, and cells with
 * a quote, a comma, a semicolon (the list separator of many locales) or a line
 * break quoted.
 */
import { Readable, pipeline } from "node:stream";

import { stringify, type Options } from "csv-stringify";
import { stringify as stringifySync } from "csv-stringify/sync";

export type CsvColumn<Row> =
  | { readonly header: string; readonly text: (row: Row) => string }
  | { readonly header: string; readonly number: (row: Row) => number | null; readonly format?: (n: number) => string };

function options<Row>(columns: readonly CsvColumn<Row>[]): Options {
  return {
    record_delimiter: "windows",
    // Set explicitly: with record_delimiter given, csv-stringify would quote only CRLF.
    quote_record_delimiter: true,
    quoted_match: ";",
    escape_formulas: true,
    cast: {
      number: (n, { index }) => {
        const column = columns[index];
        return column && "number" in column && column.format ? column.format(n) : String(n);
      },
    },
  };
}

function* records<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): Generator<(string | number | null)[]> {
  yield columns.map((c) => c.header);
  for (const row of rows) yield columns.map((c) => ("text" in c ? c.text(row) : c.number(row)));
}

/** The whole CSV as one string. */
export function csvText<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): string {
  return stringifySync([...records(columns, rows)], options(columns));
}

/** The CSV as a byte stream for a Response body: rows are written as the client reads. */
export function csvStream<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): ReadableStream<Uint8Array> {
  const stringifier = stringify(options(columns));
  // An error (or the client going away) destroys both ends; the response just ends.
  pipeline(Readable.from(records(columns, rows)), stringifier, () => undefined);
  return Readable.toWeb(stringifier) as unknown as ReadableStream<Uint8Array>;
}
