/**
 * Parcel weight estimated from the catalog (issue 14, item 5): a line whose order
 * records no weight is weighed with its variant's current weight in Shopify's
 * catalog (`InventoryItem.measurement.weight`, which sync stores on the variant),
 * so the weight band of the shipping rules still applies; the breakdown says which
 * lines were estimated. With no weight on the order nor in the catalog, the parcel
 * weight stays unknown and the rules with a weight band are skipped, as before.
 *
 * Facts used: a weight of 0 is one nobody entered, not a weightless item: Shopify
 * shows an unset weight as `measurement.weight { unit: KILOGRAMS, value: 0 }` (live
 * capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/products/inventory-item-update-parity.json),
 * so order lines with 0 g read as no weight (graphql-order.ts, rest-order.ts) and
 * catalog weights of 0 are not in the lookup (recompute.server.ts).
 * Why the variant's weight is the estimate: Shopify itself gives a line linked to a
 * variant "the variant's weight" when none is specified, and a custom item 0
 * (Source: shopify.dev/changelog/line-item-weight-input-for-ordercreate-mutation, 2025-04);
 * the variant's weight lives on its inventory item, "the weight specification used for
 * inventory management and shipping calculations" (Source:
 * shopify.dev/docs/api/admin-graphql/latest/objects/InventoryItemMeasurement, "weight").
 * `LineItem.weight` is readable from 2026-07 (Source:
 * shopify.dev/changelog/lineitem-weight-field-now-available-in-public-admin-api).
 *
 * Amounts in minor units (1 EUR = 100); weights in grams; expected numbers worked out in the comments.
 */
import { describe, expect, it } from "vitest";

import { computeOrderMargin, orderMarginToJson, type MarginContext } from "../../app/domain/index";
import { order, settings, unitCosts, type LineSpec } from "./helpers";

// Two rules for France by weight band, [0, 1 kg) 4.90 and [1 kg, 5 kg) 8.90; 200 g of packaging
// added to every parcel; 12.00 when no rule matches.
const S = settings(
  {
    shipping: {
      packagingWeightGrams: 200,
      defaultCost: "12.00",
      rules: [
        { name: "Colissimo 0-1 kg", countries: ["FR"], minWeightGrams: 0, maxWeightGrams: 1000, cost: "4.90" },
        { name: "Colissimo 1-5 kg", countries: ["FR"], minWeightGrams: 1000, maxWeightGrams: 5000, cost: "8.90" },
      ],
    },
    paymentFees: { gateways: [{ gateway: "manual", percent: 0, fixed: "0.00" }] },
  },
  "EUR",
);
const TOTE = "gid://shopify/ProductVariant/tote";
const CANDLE = "gid://shopify/ProductVariant/candle";
// The catalog: the tote weighs 500 g in Shopify today, the candle 300 g.
const catalog = new Map([
  [TOTE, 500],
  [CANDLE, 300],
]);
const base: MarginContext = { settings: S, unitCost: unitCosts({ tote: 1200, candle: 400 }), fixedCosts: null, actualShippingCost: null };
const withCatalog: MarginContext = { ...base, catalogWeights: catalog };

const tote = (quantity: number, grams: number | null): LineSpec => ({ id: "tote", name: "Tote bag", quantity, price: "30.00", grams });
const candle = (grams: number | null): LineSpec => ({ id: "candle", name: "Candle", quantity: 1, price: "10.00", grams });
const parcel = (...lines: LineSpec[]) =>
  order({ currency: "EUR", taxesIncluded: false, country: "FR", lines, transactions: [{ gateway: "manual", amount: "70.00" }] });

describe("a line the order did not weigh", () => {
  const o = parcel(tote(2, null));

  it("is weighed with its variant's catalog weight, and the estimated weight picks the weight band", () => {
    const m = computeOrderMargin(o, withCatalog);
    // 2 totes × 500 g (catalog) + 200 g packaging = 1 200 g → [1 kg, 5 kg): 8.90, not the [0, 1 kg) rule.
    expect(m.steps.shipping).toMatchObject({ source: "rule", rule: "Colissimo 1-5 kg", ruleIndex: 1, amount: 890, parcelWeightGrams: 1200 });
    expect(m.steps.shipping.weight).toEqual({ source: "estimated", lineIds: ["gid://shopify/LineItem/tote"] });
  });

  it("stays unknown without a catalog weight: the weight-band rules are skipped, the default applies", () => {
    // No weight anywhere: neither band can match → default 12.00.
    const m = computeOrderMargin(o, base);
    expect(m.steps.shipping).toMatchObject({ source: "default", amount: 1200, parcelWeightGrams: null });
    expect(m.steps.shipping.weight).toEqual({ source: "unknown", lineIds: ["gid://shopify/LineItem/tote"] });
    // A variant the catalog does not know is the same.
    const other = computeOrderMargin(o, { ...base, catalogWeights: new Map([[CANDLE, 300]]) });
    expect(other.steps.shipping).toMatchObject({ source: "default", amount: 1200, parcelWeightGrams: null });
  });
});

describe("the order's own weight", () => {
  it("wins over the catalog's (the weight when it sold), and the source says so", () => {
    // 2 × 300 g (order) + 200 g = 800 g → [0, 1 kg): 4.90. With the catalog's 500 g it would be 1 200 g → 8.90.
    const m = computeOrderMargin(parcel(tote(2, 300)), withCatalog);
    expect(m.steps.shipping).toMatchObject({ rule: "Colissimo 0-1 kg", amount: 490, parcelWeightGrams: 800 });
    expect(m.steps.shipping.weight).toEqual({ source: "order", lineIds: [] });
  });
});

describe("a parcel partly weighed by the order", () => {
  const o = parcel(tote(1, null), candle(300));

  it("adds the estimated lines to the weighed ones, lists only the estimated, and splits the carrier cost by those weights", () => {
    const m = computeOrderMargin(o, withCatalog);
    // 500 g (tote, catalog) + 300 g (candle, order) + 200 g = 1 000 g → [1 kg, 5 kg) (min inclusive): 8.90.
    expect(m.steps.shipping).toMatchObject({ rule: "Colissimo 1-5 kg", amount: 890, parcelWeightGrams: 1000 });
    expect(m.steps.shipping.weight).toEqual({ source: "estimated", lineIds: ["gid://shopify/LineItem/tote"] });
    // By weight share 500 : 300: 890 × 5/8 = 556.25, 890 × 3/8 = 333.75 → 556 + 333 = 889, the
    // last cent to the larger remainder (0.75): tote 556, candle 334. (By revenue share 30 : 10
    // it would be 667.5 / 222.5.)
    expect(m.lines.map((l) => l.costs.shipping)).toEqual([556, 334]);
  });

  it("is unknown when one shipped line has no weight anywhere, and lists that line only", () => {
    // A custom item (no variant) with no weight: the tote's estimate alone is no parcel weight.
    const custom: LineSpec = { id: "engraving", name: "Engraving", quantity: 1, price: "5.00", grams: null, variantId: null, productId: null };
    const m = computeOrderMargin(parcel(tote(1, null), custom), withCatalog);
    // (The engraving has no unit cost, so it is left out of the totals: the whole order's carrier cost is `orderAmount`.)
    expect(m.steps.shipping).toMatchObject({ source: "default", orderAmount: 1200, parcelWeightGrams: null });
    expect(m.steps.shipping.weight).toEqual({ source: "unknown", lineIds: ["gid://shopify/LineItem/engraving"] });
  });

  it("leaves lines that do not ship out of the weight", () => {
    // A download (requiresShipping false) with no weight: the parcel is the tote alone, 500 + 200 = 700 g → 4.90.
    const download: LineSpec = { id: "pattern", name: "Sewing pattern (PDF)", quantity: 1, price: "5.00", grams: null, requiresShipping: false };
    const m = computeOrderMargin(parcel(tote(1, null), download), withCatalog);
    expect(m.steps.shipping).toMatchObject({ rule: "Colissimo 0-1 kg", amount: 490, parcelWeightGrams: 700 });
    expect(m.steps.shipping.weight).toEqual({ source: "estimated", lineIds: ["gid://shopify/LineItem/tote"] });
  });
});

describe("an order with nothing to ship", () => {
  it("has no parcel weight source", () => {
    const download: LineSpec = { id: "pattern", name: "Sewing pattern (PDF)", quantity: 1, price: "5.00", grams: null, requiresShipping: false };
    const m = computeOrderMargin(parcel(download), withCatalog);
    expect(m.steps.shipping.source).toBe("no-parcel");
    expect(m.steps.shipping.weight).toBeNull();
  });
});

describe("the breakdown as JSON", () => {
  it("carries the weight source and the estimated lines beside the parcel weight", () => {
    const json = orderMarginToJson(computeOrderMargin(parcel(tote(2, null)), withCatalog));
    expect(json.steps.shipping).toMatchObject({ parcelWeightGrams: 1200, weight: { source: "estimated", lineIds: ["gid://shopify/LineItem/tote"] } });
  });

  it("reads a margin made before the weight source existed as no source", () => {
    const m = computeOrderMargin(parcel(tote(2, 300)), withCatalog);
    const { weight: _, ...shipping } = m.steps.shipping;
    const before = { ...m, steps: { ...m.steps, shipping } } as unknown as typeof m;
    expect(orderMarginToJson(before).steps.shipping).toMatchObject({ parcelWeightGrams: 800, weight: null });
  });
});
