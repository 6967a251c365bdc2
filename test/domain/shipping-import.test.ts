import { describe, expect, it } from "vitest";
import { importedShippingCost, shippingCostsFromRecords, shippingCsvDelimiter } from "../../app/domain/index";

/**
 * The rows of a shipping-cost import, as the CSV reader (app/store/shipping-csv.server.ts,
 * csv-parse) hands them over; the file-level cases are in test/store/shipping-csv.test.ts.
 */
describe("actual shipping cost import (rows)", () => {
  const rows = (...cells: string[][]) => cells.map((c, i) => ({ line: i + 1, cells: c }));

  it("reads names, numeric ids and GIDs, skips the header, adds up parcels", () => {
    const r = shippingCostsFromRecords(rows(["order", "amount"], ["#1001", "6.55"], ["1002", "4.10"], ["gid://shopify/Order/5550001", "7.00"], ["#1001", "1.20"]), ",", "EUR");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    // #1001: 6.55 + 1.20 = 7.75
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550009", name: "#1001" })).toBe(775);
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550010", name: "#1002" })).toBe(410);
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550001", name: "#1003" })).toBe(700);
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550011", name: "#1004" })).toBeNull();
    expect(importedShippingCost(null, { id: "x", name: "#1001" })).toBeNull();
  });

  it("takes a decimal comma with semicolons only", () => {
    const semi = shippingCostsFromRecords(rows(["#1001", "6,55"]), ";", "EUR");
    expect(semi.ok && importedShippingCost(semi.value, { id: "gid://shopify/Order/1", name: "#1001" })).toBe(655);
    expect(shippingCostsFromRecords(rows(["#1001", "6,55"]), ",", "EUR").ok).toBe(false);
  });

  it("reports every bad row and every unreadable record with its line, in line order", () => {
    const r = shippingCostsFromRecords(
      [
        { line: 1, cells: ["order", "amount"] },
        { line: 2, cells: ["#1001", "6.555"] },
        { line: 4, cells: ["", "3.00"] },
        { line: 5, error: "unterminated quoted field" },
        { line: 6, cells: ["#1002", "six"] },
      ],
      ",",
      "EUR",
    );
    expect(r.ok ? [] : r.errors).toEqual([
      { path: "line 2", message: "6.555 has more decimals than EUR allows (2)" },
      { path: "line 4", message: "missing order name or id" },
      { path: "line 5", message: "unterminated quoted field" },
      { path: "line 6", message: 'the amount "six" is not a number; write it like 6.55' },
    ]);
  });

  it("takes the delimiter from the first non-blank line", () => {
    expect(shippingCsvDelimiter("\uFEFF\n  \r\ncommande;montant\n#1,2")).toBe(";");
    expect(shippingCsvDelimiter("order,amount\n#1;2")).toBe(",");
    expect(shippingCsvDelimiter("")).toBe(",");
  });
});
