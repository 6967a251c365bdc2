/**
 * Reads a shipping-cost CSV (`order,amount` per row) with csv-parse (node-csv); the
 * rows are checked and keyed by the domain (app/domain/shipping-import.ts). csv-parse
 * works on Node's Buffer, which the domain may not use.
 *
 * What the hand-written reader accepted is still accepted: a BOM, "," or ";" (the
 * first non-blank line decides), \n, \r\n or \r line ends, blank lines, spaces
 * around cells, quoted cells (now also across lines), a stray quote inside an
 * unquoted cell.
 */
import { parse, type CsvError } from "csv-parse/sync";

import type { CurrencyCode } from "~/domain/money";
import { shippingCostReader, shippingCsvDelimiter, type ShippingCostImport, type ShippingCsvRecord } from "~/domain/shipping-import";
import type { Parsed } from "~/domain/validation";

const LINE_BREAK = /\r\n|\r|\n/g;

function lineBreaks(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) n += c.match(LINE_BREAK)?.length ?? 0;
  return n;
}

/** The first line after `line` (1-based) with something on it: where a record that failed to parse began. */
function firstNonBlankLineAfter(text: string, line: number): number {
  const lines = text.split(LINE_BREAK);
  for (let i = line; i < lines.length; i++) if (lines[i]!.trim() !== "") return i + 1;
  return line + 1;
}

/** The merchant's words for what csv-parse could not read. */
function readError(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "unterminated quoted field";
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      // csv-parse stops reading the file at this error.
      return 'text after the closing quote of a field (write a quote inside a quoted field as ""); the rows after it were not read';
    default:
      return "not a valid CSV row";
  }
}

/** Hands each of the file's records, with the line it starts on, to `use`, in file order. */
export function readShippingCsv(text: string, delimiter: "," | ";", use: (record: ShippingCsvRecord) => void): void {
  let lastLine = 0;
  const failed = (error: CsvError) => {
    const at = typeof error.lines === "number" ? error.lines : lastLine + 1;
    const line = error.code === "CSV_QUOTE_NOT_CLOSED" ? firstNonBlankLineAfter(text, lastLine) : at;
    use({ line, error: readError(error) });
    lastLine = at;
  };
  try {
    parse(text, {
      bom: true,
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      trim: true,
      relax_quotes: true,
      // Column counts are checked row by row by the domain, in the merchant's words.
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) failed(error);
        return undefined;
      },
      on_record: (cells: string[], { lines }) => {
        // `lines` is where the record ends; a quoted cell may span lines.
        use({ line: lines - lineBreaks(cells), cells });
        lastLine = lines;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof Error && "code" in error)) throw error;
    failed(error as CsvError);
  }
}

/** Parses the CSV text; every bad row is reported ("line 4: …"), nothing is half-imported. */
export function parseShippingCostCsv(text: string, currency: CurrencyCode): Parsed<ShippingCostImport> {
  const delimiter = shippingCsvDelimiter(text);
  const reader = shippingCostReader(delimiter, currency);
  readShippingCsv(text, delimiter, reader.add);
  return reader.result();
}
