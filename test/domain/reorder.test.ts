/**
 * Reorder suggestions (issue 18, item 5): reorder point, order-up-to level, the MOQ,
 * cost, supplier totals and payment due dates. Every expected number is worked out by
 * hand in the comments (money in minor units: 100 = €1.00).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_SUPPLIER_TERMS, checkSupplier, reorderLine, reorderPlan, supplierKey, type ReorderItem, type ReorderSupplier } from "../../app/domain/reorder";
import type { Velocity } from "../../app/domain/stock-health";

const velocity = (unitsSold: number, inStockDays: number): Velocity => ({
  windowDays: 28,
  from: "2026-11-10",
  to: "2026-12-07",
  unitsSold,
  inStockDays,
  outOfStockDays: 28 - Math.min(28, inStockDays),
  notYetStockedDays: 0,
  unknownStockDays: 0,
  unitsPerDay: inStockDays > 0 ? unitsSold / inStockDays : null,
});

const item = (over: Partial<ReorderItem> & Pick<ReorderItem, "variantId">): ReorderItem => ({
  productId: "gid://shopify/Product/1",
  title: over.variantId,
  sku: null,
  supplierId: "roux",
  onHand: 0,
  incoming: 0,
  unitCost: 450,
  currency: "EUR",
  velocity: velocity(56, 28),
  ...over,
});

const ROUX: ReorderSupplier = { id: "roux", name: "Atelier Roux", leadTimeDays: 14, minOrderQuantity: 50, paymentTermsDays: 45, currency: "EUR" };
const VERTE: ReorderSupplier = { id: "verte", name: "Maison Verte", leadTimeDays: 21, minOrderQuantity: 1, paymentTermsDays: 60, currency: "USD" };
const OPTIONS = { safetyDays: 7, targetCoverDays: 90 };

describe("one variant", () => {
  it("reorders at or below the reorder point, up to lead time + target cover", () => {
    // 56 sold in 28 days in stock = 2 a day. Reorder point = 2 × 14 lead + 2 × 7 safety = 28 + 14 = 42.
    // Position = 30 on hand + 10 incoming = 40 ≤ 42 → order. Order-up-to = 2 × (14 + 90) = 208;
    // needed = 208 − 40 = 168 ≥ MOQ 50 → 168. Cost = 168 × 4.50 = 756.00 (75,600).
    const l = reorderLine(item({ variantId: "A", onHand: 30, incoming: 10 }), ROUX, OPTIONS);
    expect(l).toMatchObject({ position: 40, reorderPoint: 42, safetyStock: 14, orderUpTo: 208, quantity: 168, cost: 75_600 });
    expect(l.reason).toBe(
      "40 units on hand and incoming, at or below the reorder point of 42 units (it sold 56 in 28 days in stock): order 168 units to cover the 14 days of lead time and 90 days after.",
    );
  });

  it("orders exactly at the reorder point, and nothing one unit above it", () => {
    // Position 42 = reorder point 42 → order 208 − 42 = 166.
    expect(reorderLine(item({ variantId: "E", onHand: 42 }), ROUX, OPTIONS).quantity).toBe(166);
    // Position 43 > 42 → 0, cost 0.
    const above = reorderLine(item({ variantId: "B", onHand: 40, incoming: 3 }), ROUX, OPTIONS);
    expect(above).toMatchObject({ quantity: 0, cost: 0 });
    expect(above.reason).toBe("43 units on hand and incoming, above the reorder point of 42 units (it sold 56 in 28 days in stock).");
  });

  it("rounds fractional thresholds up and raises a small need to the minimum order", () => {
    // 10 sold in 28 days. Reorder point = ceil(21 × 10 / 28) = ceil(7.5) = 8; 5 on hand ≤ 8.
    // Order-up-to = ceil(104 × 10 / 28) = ceil(37.14) = 38; needed 38 − 5 = 33 < MOQ 50 → 50.
    // No unit cost → cost null.
    const l = reorderLine(item({ variantId: "C", onHand: 5, unitCost: null, velocity: velocity(10, 28) }), ROUX, OPTIONS);
    expect(l).toMatchObject({ reorderPoint: 8, orderUpTo: 38, quantity: 50, cost: null });
    expect(l.reason).toContain("order 33 units to cover the 14 days of lead time and 90 days after, raised to the minimum order of 50 units.");
  });

  it("counts an oversold variant's negative stock in what is needed", () => {
    // −3 on hand + 5 incoming = 2 ≤ 42; needed = 208 − 2 = 206.
    expect(reorderLine(item({ variantId: "O", onHand: -3, incoming: 5 }), ROUX, OPTIONS).quantity).toBe(206);
  });

  it("suggests nothing without a sale in the window", () => {
    const l = reorderLine(item({ variantId: "F", onHand: 0, velocity: velocity(0, 28) }), ROUX, OPTIONS);
    expect(l).toMatchObject({ reorderPoint: 0, orderUpTo: 0, quantity: 0, cost: 0, reason: "No sale in the window: nothing to reorder." });
  });
});

describe("the plan per supplier", () => {
  const items: ReorderItem[] = [
    item({ variantId: "A", title: "Bowl", onHand: 30, incoming: 10 }), // 168 units, 75,600
    item({ variantId: "B", title: "Cup", onHand: 100 }), // above: 0
    item({ variantId: "C", title: "Apron", onHand: 5, unitCost: null, velocity: velocity(10, 28) }), // 50 units, no cost
    item({ variantId: "E", title: "Dish", onHand: 42 }), // 166 units × 4.50 = 74,700
    // No supplier: default terms (lead 14, MOQ 1, terms 30). 3 sold in 20 days in stock:
    // reorder point = ceil(21 × 3 / 20) = ceil(3.15) = 4; 0 ≤ 4; order-up-to = ceil(104 × 3 / 20) = ceil(15.6) = 16.
    // 16 × 12.50 = 200.00 (20,000).
    item({ variantId: "D", title: "Vase", supplierId: null, unitCost: 1_250, velocity: velocity(3, 20) }),
    // An id no longer among the suppliers counts as without one: 100 on hand > 4 → nothing.
    item({ variantId: "G", title: "Jug", supplierId: "gone", onHand: 100, velocity: velocity(3, 20) }),
  ];
  const plan = reorderPlan(items, [VERTE, ROUX], OPTIONS, "2026-12-08", "EUR");

  it("groups per supplier with totals, by name, products without a supplier last", () => {
    expect(plan.suppliers.map((s) => s.supplierName)).toEqual(["Atelier Roux", "Maison Verte", "No supplier"]);
    const [roux, verte, none] = plan.suppliers;
    // Atelier Roux: lines by title Apron (50), Bowl (168), Dish (166) = 384 units; cost 75,600 + 74,700 = 150,300; Apron has no cost.
    expect(roux!.lines.map((l) => [l.title, l.quantity])).toEqual([["Apron", 50], ["Bowl", 168], ["Dish", 166]]);
    expect(roux).toMatchObject({ quantity: 384, cost: 150_300, linesWithoutCost: 1, variantsChecked: 4, supplierCurrency: "EUR" });
    // Ordered on 8 Dec, paid 45 days later: 23 days to 31 Dec, 22 more → 22 Jan 2027.
    expect(roux).toMatchObject({ orderBy: "2026-12-08", payDue: "2027-01-22" });
    // Maison Verte: no product, nothing to order, no dates.
    expect(verte).toMatchObject({ lines: [], quantity: 0, cost: 0, variantsChecked: 0, orderBy: null, payDue: null });
    // No supplier: Vase 16 units, 20,000; 8 Dec + 30 days = 7 Jan 2027 (23 + 7).
    expect(none).toMatchObject({ supplierId: null, terms: DEFAULT_SUPPLIER_TERMS, quantity: 16, cost: 20_000, variantsChecked: 2, orderBy: "2026-12-08", payDue: "2027-01-07" });
    // Plan totals: 384 + 16 = 400 units; 150,300 + 20,000 = 170,300.
    expect(plan).toMatchObject({ quantity: 400, cost: 170_300, linesWithoutCost: 1 });
  });

  it("lists the purchases the cash forecast counts, one per supplier with something to order", () => {
    expect(plan.purchases).toEqual([
      { supplierId: "roux", supplierName: "Atelier Roux", orderBy: "2026-12-08", quantity: 384, cost: 150_300, currency: "EUR", linesWithoutCost: 1, payDue: "2027-01-22" },
      { supplierId: null, supplierName: "No supplier", orderBy: "2026-12-08", quantity: 16, cost: 20_000, currency: "EUR", linesWithoutCost: 0, payDue: "2027-01-07" },
    ]);
  });

  it("refuses an invalid order date and mixed currencies", () => {
    expect(() => reorderPlan([], [], OPTIONS, "8 Dec", "EUR")).toThrow(RangeError);
    expect(() => reorderPlan([item({ variantId: "X", currency: "USD" })], [ROUX], OPTIONS, "2026-12-08", "EUR")).toThrow(/currency mismatch/);
  });
});

describe("a supplier's fields", () => {
  it("accepts whole numbers and tidies the name and currency", () => {
    expect(checkSupplier({ name: "  Atelier   Roux ", leadTimeDays: "21", minOrderQuantity: " 12 ", paymentTermsDays: 0, currency: "eur" })).toEqual({
      ok: true,
      value: { name: "Atelier Roux", leadTimeDays: 21, minOrderQuantity: 12, paymentTermsDays: 0, currency: "EUR" },
    });
    expect(supplierKey("  Atelier   ROUX ")).toBe("atelier roux");
  });

  it("names every wrong field in the merchant's words, all at once", () => {
    const r = checkSupplier({ name: " ", leadTimeDays: "2.5", minOrderQuantity: "0", paymentTermsDays: "366", currency: "euro" });
    expect(r).toEqual({
      ok: false,
      errors: {
        name: "Enter the supplier's name.",
        leadTimeDays: "Lead time: enter a whole number of days from 0 to 365, e.g. 14.",
        minOrderQuantity: "Minimum order: enter a whole number of units from 1 to 1,000,000, e.g. 12.",
        paymentTermsDays: "Payment terms: enter a whole number of days from 0 (paid when ordering) to 365, e.g. 30.",
        currency: "Currency: enter a three-letter code, e.g. EUR.",
      },
    });
    expect(checkSupplier({ name: "x".repeat(101), leadTimeDays: "-1", minOrderQuantity: "1", paymentTermsDays: "30", currency: "EUR" })).toMatchObject({
      ok: false,
      errors: { name: "Supplier name: use at most 100 characters.", leadTimeDays: expect.stringContaining("Lead time") },
    });
  });
});
