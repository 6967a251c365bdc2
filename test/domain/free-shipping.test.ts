/**
 * Free-shipping threshold planner. Expected numbers are worked out by hand in the
 * comments (minor units: 100 = 1.00 EUR).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  basketSubtotal,
  breakEvenThresholds,
  computeOrderMargin,
  marginIfFree,
  planByZone,
  recommendedThreshold,
  replayOrder,
  replayThresholds,
  typicalItem,
  itemCandidates,
  ZERO_COSTS,
  freeShippingToday,
  rateOverlaps,
  todayForCountries,
  zoneShipping,
  type ProductMargin,
  type ReplayOrder,
  type ShippingRate,
  type ShippingZone,
} from "../../app/domain/index";
import { order, settings, unitCosts } from "./helpers";

// Provisions: returns 2 % only. Thin target 25 % (to make the thin case bite).
const s = settings({ provisions: { returnsPercent: 2 }, thresholds: { thinMarginPercent: 25 } }, "EUR");

const ro = (name: string, o: Omit<ReplayOrder, "orderId" | "orderName" | "zone"> & { zone?: string }): ReplayOrder => ({
  orderId: `gid://shopify/Order/${name}`,
  orderName: `#${name}`,
  zone: o.zone ?? "FR",
  ...o,
});

// A: basket 30.00, shipping charged 5.00, net revenue 30.00, fees 1.00, margin 4.00.
//    Free: fee saving 100 × 500 / 3000 = 16.67 → 17; provisions 2 % × 500 = 10;
//    400 − 500 + 17 + 10 = −73.
const A = ro("A", { basket: 3000, shippingRevenue: 500, netRevenue: 3000, netMargin: 400, paymentFees: 100 });
// B: basket 60.00, shipping 5.00, revenue 55.00, fees 1.10, margin 15.00.
//    Free: 110 × 500 / 5500 = 10; provisions 10; 1500 − 500 + 20 = 1020.
const B = ro("B", { basket: 6000, shippingRevenue: 500, netRevenue: 5500, netMargin: 1500, paymentFees: 110 });
// C: basket 90.00, no shipping charged: unchanged, 2500.
const C = ro("C", { basket: 9000, shippingRevenue: 0, netRevenue: 7500, netMargin: 2500, paymentFees: 150, zone: "DE" });
// D: basket 45.00, shipping 5.00, revenue 42.50, fees 0.85, margin 1.00.
//    Free: 85 × 500 / 4250 = 10; provisions 10; 100 − 500 + 20 = −380.
const D = ro("D", { basket: 4500, shippingRevenue: 500, netRevenue: 4250, netMargin: 100, paymentFees: 85, zone: "DE" });
const orders = [A, B, C, D];
// Baseline margin: 400 + 1500 + 2500 + 100 = 4500.

describe("margin of an order with free shipping", () => {
  it("gives up the shipping charged, saves its fees and provisions, keeps paying the carrier", () => {
    expect(orders.map((o) => marginIfFree(o, s))).toEqual([-73, 1020, 2500, -380]);
  });
});

describe("replay per threshold", () => {
  const item = { title: "Beeswax candle", basketPrice: 1200, netRevenue: 1000, marginalMargin: 600 };
  const [t50, t40, t25] = replayThresholds(orders, [5000, 4000, 2500], { settings: s, uplift: { share: { num: 1, den: 2 }, item } });

  it("T = 50.00: B and C qualify", () => {
    // 2 of 4 orders = 50 %; lost: B's 5.00 (C paid none);
    // margin: A 400 + B 1020 + C 2500 + D 100 = 4020; change 4020 − 4500 = −480; per order −120.
    expect(t50!.withoutUplift).toEqual({
      qualifyingOrders: 2,
      qualifyingShareBp: 5000,
      shippingRevenueLost: 500,
      netMargin: 4020,
      netMarginChange: -480,
      netMarginChangePerOrder: -120,
    });
    expect(t50!.newLossMakers).toEqual([]);
    // Uplift: just below = baskets in [50.00 − 12.00, 50.00) = D (45.00); half of it adds the item.
    // D with item: free margin −380 − today's 100 + item 600 = +120, × 1/2 = 60; lost 500 × 1/2 = 250.
    // Qualifying 2.5 → 2.5/4 = 62.5 %; margin 4080; change −420; per order −105.
    expect(t50!.withUplift).toEqual({
      qualifyingOrders: 2.5,
      qualifyingShareBp: 6250,
      shippingRevenueLost: 750,
      netMargin: 4080,
      netMarginChange: -420,
      netMarginChangePerOrder: -105,
      ordersJustBelow: 1,
      ordersAddingItem: 0.5,
    });
  });

  it("T = 40.00: D joins and becomes loss-making", () => {
    // B, C, D: 75 %; lost 1000; margin 400 + 1020 + 2500 − 380 = 3540; change −960; per order −240.
    expect(t40!.withoutUplift).toMatchObject({ qualifyingOrders: 3, qualifyingShareBp: 7500, shippingRevenueLost: 1000, netMargin: 3540, netMarginChange: -960, netMarginChangePerOrder: -240 });
    expect(t40!.newLossMakers).toEqual(["#D"]);
    // Just below: baskets in [28.00, 40.00) = A. A with item: −73 − 400 + 600 = 127; × 1/2 = 63.5 → 64 (half-even).
    // Margin 3540 + 64 = 3604; change −896; per order −224; lost 1000 + 250; qualifying 3.5 = 87.5 %.
    expect(t40!.withUplift).toMatchObject({ qualifyingOrders: 3.5, qualifyingShareBp: 8750, shippingRevenueLost: 1250, netMargin: 3604, netMarginChange: -896, netMarginChangePerOrder: -224 });
  });

  it("T = 25.00: every order qualifies", () => {
    // margin −73 + 1020 + 2500 − 380 = 3067; change −1433; per order −358.25 → −358; A and D turn to losses.
    expect(t25!.withoutUplift).toMatchObject({ qualifyingOrders: 4, qualifyingShareBp: 10_000, shippingRevenueLost: 1500, netMargin: 3067, netMarginChange: -1433, netMarginChangePerOrder: -358 });
    expect(t25!.newLossMakers).toEqual(["#A", "#D"]);
    // Nothing is below T: uplift changes nothing.
    expect(t25!.withUplift).toMatchObject({ ...t25!.withoutUplift, ordersJustBelow: 0 });
  });

  it("without an uplift assumption both scenarios agree", () => {
    const [r] = replayThresholds(orders, [4000], { settings: s, uplift: null });
    expect(r!.withUplift).toEqual({ ...r!.withoutUplift, ordersJustBelow: 0, ordersAddingItem: 0 });
  });
});

describe("break-even threshold", () => {
  // Free-shipping margin / net revenue without the lost shipping, by basket band of 10.00:
  // C [90, 100): 2500 / 7500; B [60, 70): 1020 / 5000; D [40, 50): −380 / 3750; A [30, 40): −73 / 2500.
  it("is the lowest band from which every band above keeps the target (bands of one order and more)", () => {
    // Zero: C ✓, B ✓, D −380 < 0 ✗ → 60.00; qualifying B + C: 3520 over 12500.
    // Thin 25 %: C 2500 ≥ 0.25 × 7500 = 1875 ✓; B 1020 < 0.25 × 5000 = 1250 ✗ → 90.00.
    const be = breakEvenThresholds(orders, s, { bandWidth: 1000, minOrdersPerBand: 1 });
    expect(be.zero).toEqual({
      kind: "threshold",
      threshold: 6000,
      qualifyingOrders: 2,
      netMargin: 3520,
      netRevenue: 12500,
      marginalBand: { from: 6000, to: 7000, orders: 1, netMargin: 1020, netRevenue: 5000 },
    });
    expect(be.thin).toMatchObject({ kind: "threshold", threshold: 9000, qualifyingOrders: 1 });
    // Recommendation: the thin break-even rounded up to whole steps: 90.00 by 5.00 → 90.00; by 7.00 → 13 × 7.00 = 91.00.
    expect(recommendedThreshold(be, 500)).toBe(9000);
    expect(recommendedThreshold(be, 700)).toBe(9100);
  });

  it("merges sparse bands from the top", () => {
    // Two orders a group: {C, B} = 3520 / 12500 passes both targets (3520 ≥ 3125) → 60.00 (its lowest band);
    // then {D, A} = −453 fails.
    const be = breakEvenThresholds(orders, s, { bandWidth: 1000, minOrdersPerBand: 2 });
    expect(be.zero).toMatchObject({ threshold: 6000, marginalBand: { from: 6000, to: 10_000, orders: 2 } });
    expect(be.thin).toMatchObject({ threshold: 6000 });
  });

  it("says so when even the largest basket loses money", () => {
    // D alone on top (45.00: −380) fails at once.
    const be = breakEvenThresholds([D, A], s, { bandWidth: 1000, minOrdersPerBand: 1 });
    expect(be.zero).toEqual({ kind: "none", reason: "even the largest baskets lose money with free shipping" });
    expect(recommendedThreshold(be, 100)).toBeNull();
  });

  it("per zone", () => {
    // FR: B [60, 70) ✓, A −73 ✗ → 60.00. DE: C ✓, D −380 ✗ → 90.00.
    const zones = planByZone(orders, [5000], { settings: s, uplift: null, breakEven: { bandWidth: 1000, minOrdersPerBand: 1 } });
    expect(zones.map((z) => [z.zone, z.orders, z.breakEven.zero.kind === "threshold" ? z.breakEven.zero.threshold : null])).toEqual([
      ["DE", 2, 9000],
      ["FR", 2, 6000],
    ]);
    // DE at 50.00: only C qualifies, margin unchanged: 2500 + 100 = 2600, change 0.
    expect(zones[0]!.results[0]!.withoutUplift).toMatchObject({ qualifyingOrders: 1, netMarginChange: 0 });
  });
});

describe("from the engine's orders", () => {
  // 20 % VAT included: 2 × 24.00 = 48.00 with 8.00 VAT → 40.00 before tax. Shipping 6.00 incl. 1.00 VAT.
  const eu = order({
    currency: "EUR",
    taxesIncluded: true,
    country: "FR",
    lines: [{ id: "tote", name: "Linen tote", quantity: 2, price: "24.00", taxes: [{ rate: 0.2, amount: "8.00" }], grams: 300 }],
    shipping: [{ title: "Colissimo", price: "6.00", tax: { rate: 0.2, amount: "1.00" } }],
    transactions: [{ gateway: "paypal", amount: "54.00" }],
  });
  const es = settings(
    {
      shipping: { rules: [{ name: "FR+BE", countries: ["FR", "BE"], minWeightGrams: 0, maxWeightGrams: null, services: null, cost: "6.55" }], defaultCost: "9.00" },
      paymentFees: { gateways: [{ gateway: "paypal", percent: 3.4, fixed: "0.35" }], default: { percent: 1.4, fixed: "0.25" } },
    },
    "EUR",
  );
  it("uses the tax-inclusive subtotal for tax-inclusive shops, and the rule's zone", () => {
    const m = computeOrderMargin(eu, { settings: es, unitCost: unitCosts({ tote: 1000 }), fixedCosts: null, actualShippingCost: null });
    const r = replayOrder(eu, m, es);
    // Basket 40.00 + 8.00 VAT = 48.00 (shipping excluded); shipping revenue 5.00; zone "BE,FR".
    expect(r).toMatchObject({ basket: 4800, shippingRevenue: 500, zone: "BE,FR" });
    // Margin: 40.00 + 5.00 = 45.00 − cost 20.00 − carrier 6.55 − PayPal (3.4 % × 54.00 = 1.836 → 1.84 + 0.35 = 2.19) = 16.26.
    expect(m.netMargin).toBe(1626);
    // Free: − 5.00 + fee saving 219 × 500 / 4500 = 24.33 → 24 (no provisions) = 1626 − 500 + 24 = 1150.
    expect(marginIfFree(r, es)).toBe(1150);
  });
  it("uses the before-tax subtotal otherwise", () => {
    const us = order({ currency: "USD", taxesIncluded: false, lines: [{ id: "mug", name: "Mug", quantity: 3, price: "12.00", taxes: [{ rate: 0.08, amount: "2.88" }] }] });
    // 3 × 12.00 = 36.00; the 2.88 sales tax is added on top and not part of the subtotal.
    expect(basketSubtotal(us)).toBe(3600);
  });
});

describe("typical item", () => {
  it("is the unit-weighted median by marginal margin", () => {
    // Sorted by margin: mug 100 (5 units), tote 300 (3 units), candle 900 (4 units): 12 units, median reached at
    // the 6th unit → tote (5 < 6 ≤ 8).
    const t = typicalItem([
      { title: "candle", units: 4, basketPrice: 1800, netRevenue: 1500, marginalMargin: 900 },
      { title: "mug", units: 5, basketPrice: 1200, netRevenue: 1000, marginalMargin: 100 },
      { title: "tote", units: 3, basketPrice: 2400, netRevenue: 2000, marginalMargin: 300 },
    ]);
    expect(t?.title).toBe("tote");
    expect(typicalItem([])).toBeNull();
  });

  it("never suggests a loss-maker or an item that earns nothing as the add-on (issue 17)", () => {
    // The clearance lantern sells the most (10 units) and would be the median (10 of 19 units) by its margin alone.
    // Left out as a loss-maker, as is the doorstop that loses 0.40 on one more unit: mug 100 (5 units),
    // candle 900 (4 units): 9 units, median at the 5th → mug (5 ≥ 4.5).
    const t = typicalItem([
      { title: "lantern (clearance)", units: 10, basketPrice: 1800, netRevenue: 1500, marginalMargin: 200, lossMaking: true },
      { title: "doorstop", units: 6, basketPrice: 990, netRevenue: 825, marginalMargin: -40 },
      { title: "candle", units: 4, basketPrice: 1800, netRevenue: 1500, marginalMargin: 900 },
      { title: "mug", units: 5, basketPrice: 1200, netRevenue: 1000, marginalMargin: 100 },
    ]);
    expect(t?.title).toBe("mug");
    // Only loss-makers sold: no uplift item at all rather than one that loses money.
    expect(typicalItem([{ title: "lantern (clearance)", units: 10, basketPrice: 1800, netRevenue: 1500, marginalMargin: 200, lossMaking: true }])).toBeNull();
  });

  it("candidates come from the period's products", () => {
    // Tote: 10 units, merchandise 180.00 after discounts of 20.00 → unit price 18.00 before tax (the price
    // customers paid, as on the product page; list 20.00); cost 80.00 → 8.00 a unit.
    // 20 % VAT included: basket price 21.60. One more unit: 18.00 − 8.00 − labour 0.20 − fee 1.4 % × 21.60 = 0.3024 → 0.30
    // − provisions 2 % × 18.00 = 0.36 → 9.14.
    const ps = settings({ paymentFees: { default: { percent: 1.4, fixed: "0.25" } }, provisions: { returnsPercent: 2 }, labour: { perOrder: "1.50", perItem: "0.20" } }, "EUR");
    const tote: ProductMargin = {
      productId: "gid://shopify/Product/1",
      title: "Linen tote",
      currency: "EUR",
      orders: 8,
      lines: 8,
      units: 10,
      netRevenue: 18_000,
      revenue: { merchandise: 18_000, shipping: 0 },
      discounts: 2_000,
      costs: { ...ZERO_COSTS, costOfGoods: 8_000 },
      totalCosts: 8_000,
      netMargin: 10_000,
      marginPct: { kind: "undefined", reason: "test" },
      withoutDiscounts: { netMargin: 12_000 },
      missingCost: { lines: 0, units: 0, netRevenue: 0 },
      estimatedCostLines: 0,
      flags: [],
    };
    expect(itemCandidates([tote, { ...tote, productId: null }], ps, { rate: { num: 1, den: 5 }, pricesIncludeTax: true })).toEqual([
      { title: "Linen tote", units: 10, basketPrice: 2160, netRevenue: 1800, marginalMargin: 914, lossMaking: false },
    ]);
    // A product losing money over the period (net margin below 0, or its Loss flag) is marked as such.
    const [losing] = itemCandidates([{ ...tote, netMargin: -500 }], ps, { rate: { num: 1, den: 5 }, pricesIncludeTax: true });
    expect(losing?.lossMaking).toBe(true);
    const [flagged] = itemCandidates([{ ...tote, flags: [{ code: "LOSS", reason: "loses money" }] }], ps, { rate: { num: 1, den: 5 }, pricesIncludeTax: true });
    expect(flagged?.lossMaking).toBe(true);
  });
});

describe("properties", () => {
  const orderArb = fc.record({
    basket: fc.integer({ min: 0, max: 50_000 }),
    shippingRevenue: fc.integer({ min: 0, max: 2_000 }),
    netRevenue: fc.integer({ min: 1, max: 60_000 }),
    netMargin: fc.integer({ min: -5_000, max: 20_000 }),
    paymentFees: fc.integer({ min: 0, max: 2_000 }),
  });
  it("a higher threshold never qualifies more orders nor loses more shipping revenue", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 30 }), fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), (list, a, b) => {
        const os = list.map((o, i) => ro(String(i), o));
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const [rl, rh] = replayThresholds(os, [lo, hi], { settings: s, uplift: null });
        expect(rh!.withoutUplift.qualifyingOrders).toBeLessThanOrEqual(rl!.withoutUplift.qualifyingOrders);
        expect(rh!.withoutUplift.shippingRevenueLost).toBeLessThanOrEqual(rl!.withoutUplift.shippingRevenueLost);
      }),
    );
  });
  it("every basket band at or above the break-even threshold keeps a non-negative margin", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 30 }), fc.integer({ min: 1, max: 5_000 }), (list, w) => {
        const os = list.map((o, i) => ro(String(i), o));
        const be = breakEvenThresholds(os, s, { bandWidth: w, minOrdersPerBand: 1 });
        if (be.zero.kind !== "threshold") return;
        const t = be.zero.threshold;
        for (const k of new Set(os.filter((o) => o.basket >= t).map((o) => Math.floor(o.basket / w)))) {
          const band = os.filter((o) => Math.floor(o.basket / w) === k).reduce((acc, o) => acc + marginIfFree(o, s), 0);
          expect(band).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe("free shipping on the store today (shipping rates and discounts)", () => {
  // The EU demo's rates, minor units and grams: Colissimo by weight band, and in France a
  // free rate "order price ≥ 60.00".
  const band = (price: number, from: number, to: number | null): ShippingRate => ({
    name: "Colissimo",
    active: true,
    price,
    conditions: [
      { field: "TOTAL_WEIGHT", operator: "GREATER_THAN_OR_EQUAL_TO", value: from },
      ...(to === null ? [] : [{ field: "TOTAL_WEIGHT" as const, operator: "LESS_THAN_OR_EQUAL_TO" as const, value: to }]),
    ],
  });
  const bands = [band(490, 0, 500), band(690, 500, 2000), band(990, 2000, 5000), band(1490, 5000, null)];
  const freeFrom60: ShippingRate = { name: "Livraison offerte dès 60 €", active: true, price: 0, conditions: [{ field: "TOTAL_PRICE", operator: "GREATER_THAN_OR_EQUAL_TO", value: 6000 }] };
  const france: ShippingZone = { profile: "General profile", defaultProfile: true, name: "France", countries: ["FR"], rates: [...bands, freeFrom60] };
  const europe: ShippingZone = { profile: "General profile", defaultProfile: true, name: "Union européenne", countries: ["BE", "DE", "ES"], rates: bands };

  it("a zone's free threshold and the price its customers pay", () => {
    // Free from 60.00 by the 0-priced rate; below it the weight bands cost 4.90 to 14.90.
    expect(zoneShipping(france)).toEqual({
      profile: "General profile",
      defaultProfile: true,
      zone: "France",
      countries: ["FR"],
      freeFrom: 6000,
      freeRate: "Livraison offerte dès 60 €",
      freeWeightLimited: false,
      paid: { min: 490, max: 1490, byWeight: true },
      carrierCalculated: false,
    });
    expect(zoneShipping(europe)).toMatchObject({ freeFrom: null, freeRate: null, paid: { min: 490, max: 1490 } });
  });

  it("only active 0-priced rates without an upper price count as free; paid rates are those reachable below it", () => {
    const zone: ShippingZone = {
      ...france,
      rates: [
        { name: "Standard", active: true, price: 590, conditions: [] },
        // Only from 100.00, above the 45.00 free rate: no customer below 45.00 sees it.
        { name: "Express", active: true, price: 1290, conditions: [{ field: "TOTAL_PRICE", operator: "GREATER_THAN_OR_EQUAL_TO", value: 10000 }] },
        // Free only up to 30.00: not a threshold.
        { name: "Small baskets free", active: true, price: 0, conditions: [{ field: "TOTAL_PRICE", operator: "LESS_THAN_OR_EQUAL_TO", value: 3000 }] },
        { name: "Old free rate", active: false, price: 0, conditions: [] },
        { name: "Free from 80", active: true, price: 0, conditions: [{ field: "TOTAL_PRICE", operator: "GREATER_THAN_OR_EQUAL_TO", value: 8000 }] },
        { name: "Free from 45", active: true, price: 0, conditions: [{ field: "TOTAL_PRICE", operator: "GREATER_THAN_OR_EQUAL_TO", value: 4500 }] },
        { name: "UPS", active: true, price: null, conditions: [] },
      ],
    };
    expect(zoneShipping(zone)).toMatchObject({ freeFrom: 4500, freeRate: "Free from 45", paid: { min: 590, max: 590, byWeight: false }, carrierCalculated: true });
    // A free rate without a price condition ships everything free: threshold 0.
    expect(zoneShipping({ ...zone, rates: [{ name: "Free", active: true, price: 0, conditions: [] }] })).toMatchObject({ freeFrom: 0, paid: null });
  });

  it("the threshold customers get is the lower of the zone's free rate and the best discount that ships there", () => {
    // NetMargin's discount from 45.00, every destination: France 45.00 (discount, under the rate's
    // 60.00), the EU zone 45.00 (discount only).
    const nm = { title: "Free shipping from €45.00", minimum: 4500, countries: null, netMargin: true };
    const [fr, eu] = freeShippingToday([france, europe], [nm]);
    expect(fr).toMatchObject({ threshold: 4500, source: { kind: "discount", title: nm.title, netMargin: true }, discountFrom: 4500, freeFrom: 6000 });
    expect(eu).toMatchObject({ threshold: 4500, source: { kind: "discount" }, discountFrom: 4500, freeFrom: null });
    // A discount from 70.00: France keeps the rate's 60.00; the EU zone 70.00.
    const high = freeShippingToday([france, europe], [{ ...nm, minimum: 7000 }]);
    expect(high.map((z) => [z.threshold, z.source?.kind])).toEqual([
      [6000, "rate"],
      [7000, "discount"],
    ]);
    // A discount for Germany only (50.00) reaches the EU zone, not France; a tie names the rate.
    const de = freeShippingToday([france, europe], [{ title: "DE", minimum: 5000, countries: ["DE"], netMargin: false }, { ...nm, minimum: 6000 }]);
    expect(de.map((z) => [z.threshold, z.source?.kind, z.discountFrom])).toEqual([
      [6000, "rate", 6000],
      [5000, "discount", 5000],
    ]);
    // No discount, no free rate: never free.
    expect(freeShippingToday([europe], [])[0]).toMatchObject({ threshold: null, source: null, discountFrom: null });
  });

  it("explains where a free rate overlaps a discount threshold", () => {
    const zones = [zoneShipping(france), zoneShipping(europe)];
    // 45.00 < 60.00: customers between 45.00 and 60.00 get the discount; from 60.00 the rate is free anyway.
    expect(rateOverlaps(4500, zones)).toEqual([
      { kind: "discount-first", zone: "France", profile: "General profile", defaultProfile: true, rate: "Livraison offerte dès 60 €", rateFrom: 6000, threshold: 4500 },
    ]);
    // 60.00 and 75.00: the rate is free at or below it, the discount changes nothing in France.
    expect(rateOverlaps(6000, zones).map((o) => o.kind)).toEqual(["rate-first"]);
    expect(rateOverlaps(7500, zones).map((o) => o.kind)).toEqual(["rate-first"]);
  });

  it("maps a planner zone's countries onto the delivery zones", () => {
    const today = freeShippingToday([france, europe], [{ title: "All", minimum: 7000, countries: null, netMargin: true }]);
    // FR → France: 60.00 by the rate. DE,AT → the EU zone only (AT ships nowhere): 70.00.
    expect(todayForCountries(["FR"], today)).toEqual({ threshold: 6000, source: { kind: "rate", name: "Livraison offerte dès 60 €" }, paid: { min: 490, max: 1490, byWeight: true }, varies: false });
    expect(todayForCountries(["DE", "AT"], today)).toMatchObject({ threshold: 7000, varies: false });
    // FR and DE together: the lower (60.00), and it varies by country.
    expect(todayForCountries(["FR", "DE"], today)).toMatchObject({ threshold: 6000, varies: true });
    expect(todayForCountries(["US"], today)).toBeNull();
  });
});
