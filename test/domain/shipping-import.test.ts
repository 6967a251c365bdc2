import { describe, expect, it } from "vitest";
import { importedShippingCost, parseShippingCostCsv } from "../../app/domain/index";

describe("actual shipping cost import (CSV)", () => {
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
    // #1001: 6.55 + 1.20 = 7.75
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550009", name: "#1001" })).toBe(775);
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550010", name: "#1002" })).toBe(410);
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550001", name: "#1003" })).toBe(700);
    expect(importedShippingCost(r.value, { id: "gid://shopify/Order/5550011", name: "#1004" })).toBeNull();
    expect(importedShippingCost(null, { id: "x", name: "#1001" })).toBeNull();
  });

  it("accepts semicolons with decimal commas (spreadsheet exports)", () => {
    const r = parseShippingCostCsv("\uFEFFcommande;montant\r\n#1001;6,55\r\n", "EUR");
    expect(r.ok && importedShippingCost(r.value, { id: "gid://shopify/Order/1", name: "#1001" })).toBe(655);
  });

  it("reports every bad row with its line number", () => {
    const r = parseShippingCostCsv("order,amount\n#1001,6.555\n,3.00\n#1003,-1.00\n#1004\n#1005,\"4.00\n", "EUR");
    expect(r.ok ? [] : r.errors).toEqual([
      { path: "line 2", message: "6.555 has more decimals than EUR allows (2)" },
      { path: "line 3", message: "missing order name or id" },
      { path: "line 4", message: "a shipping cost cannot be negative" },
      { path: "line 5", message: "expected 2 columns (order, amount), got 1" },
      { path: "line 6", message: "unterminated quoted field" },
    ]);
  });
});
