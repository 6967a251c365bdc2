import { describe, expect, it } from "vitest";

import { importedShippingCost, type ShippingCsvRecord } from "~/domain/shipping-import";
import { parseShippingCostCsv, readShippingCsv } from "~/store/shipping-csv.server";

/** Shipping-cost CSV files read by csv-parse: what the hand-written reader accepted, and its messages. */
describe("shipping-cost CSV files", () => {
  const records = (text: string) => {
    const out: ShippingCsvRecord[] = [];
    readShippingCsv(text, ",", (r) => out.push(r));
    return out;
  };
  const order = (name: string) => ({ id: "gid://shopify/Order/5550099", name });

  it("reads names, numeric ids and GIDs, skips the header, adds up parcels", () => {
    const csv = [
      "order,amount",
      "#1001,6.55",
      "1002,4.10",
      "gid://shopify/Order/5550001,7.00",
      '"#1001","1.20"', // a second parcel for #1001
      "",
    ].join("\n");
    const r = parseShippingCostCsv(csv, "EUR");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550009", name: "#1001" })).toBe(775);
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550010", name: "#1002" })).toBe(410);
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550001", name: "#1003" })).toBe(700);
  });

  it("accepts semicolons with decimal commas (spreadsheet exports), a BOM and CRLF", () => {
    const r = parseShippingCostCsv("\uFEFFcommande;montant\r\n#1001;6,55\r\n", "EUR");
    expect(r.ok && importedShippingCost(r.value, order("#1001"))).toBe(655);
  });

  it("reports every bad row with its line number", () => {
    const r = parseShippingCostCsv('order,amount\n#1001,6.555\n,3.00\n#1003,-1.00\n#1004\n#1005,"4.00\n', "EUR");
    expect(r.ok ? [] : r.errors).toEqual([
      { path: "line 2", message: "6.555 has more decimals than EUR allows (2)" },
      { path: "line 3", message: "missing order name or id" },
      { path: "line 4", message: "a shipping cost cannot be negative" },
      { path: "line 5", message: "expected 2 columns (order, amount), got 1" },
      { path: "line 6", message: "unterminated quoted field" },
    ]);
  });

  it("skips blank lines and spaces around cells; mixed line ends keep their line numbers", () => {
    expect(records('a,1\r\n   \n\nb , " 2 "\rc,3\n  ,  \n')).toEqual([
      { line: 1, cells: ["a", "1"] },
      { line: 4, cells: ["b", " 2 "] },
      { line: 5, cells: ["c", "3"] },
      { line: 6, cells: ["", ""] },
    ]);
  });

  it("takes quotes as CSV does: doubled inside a quoted cell, a stray one in an unquoted cell, cells across lines", () => {
    expect(records('"#10""01",1\n12" box,2\n"#1\n002",3\nlast,4')).toEqual([
      { line: 1, cells: ['#10"01', "1"] },
      { line: 2, cells: ['12" box', "2"] },
      { line: 3, cells: ["#1\n002", "3"] },
      { line: 5, cells: ["last", "4"] },
    ]);
  });

  it("names the line a quote was left open on, and text after a closing quote", () => {
    expect(records('#1,1\n\n#2,"2\n#3,3\n')).toEqual([
      { line: 1, cells: ["#1", "1"] },
      { line: 3, error: "unterminated quoted field" },
    ]);
    const r = parseShippingCostCsv('#1,1\n"#2"x,2\n#3,3', "EUR");
    expect(r.ok ? [] : r.errors).toEqual([
      { path: "line 2", message: 'text after the closing quote of a field (write a quote inside a quoted field as ""); the rows after it were not read' },
    ]);
  });

  it("keeps a semicolon file's commas inside cells", () => {
    const r = parseShippingCostCsv('order;amount\n"#1001";"6,55"\n#1002;1.234,50', "EUR");
    // "6,55" is read as 6.55; "1.234,50" (a thousands separator) is refused, quoted as the merchant wrote it.
    expect(r.ok ? [] : r.errors).toEqual([{ path: "line 3", message: 'the amount "1.234,50" is not a number; write it like 6.55' }]);
  });
});
