/**
 * Property tests of the engine over random orders and random VALID settings
 * (generated as domain values, then checked valid by exporting and re-importing).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COST_STEPS,
  FLAG_CODES,
  computeOrderMargin,
  exportSettings,
  parseSettingsFile,
  totalOf,
  type CostAmounts,
  type CostSettings,
  type NormalisedOrder,
  type OrderMargin,
  type UnitCostResolver,
} from "../../app/domain/index";

const percent = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100);
const amount = fc.integer({ min: 0, max: 100_000 });
const COUNTRIES = ["FR", "DE", "US", "JP", "BE", "ES"] as const;
const GATEWAYS = ["paypal", "shopify_payments", "manual", "gift_card", "stripe", null] as const;

const settingsArb: fc.Arbitrary<CostSettings> = fc
  .record({
    missing: fc.oneof(fc.constant({ mode: "exclude" as const }), percent.map((p) => ({ mode: "percentOfPrice" as const, percent: p }))),
    rules: fc.uniqueArray(
      fc.record({
        country: fc.constantFrom(...COUNTRIES),
        min: fc.integer({ min: 0, max: 3000 }),
        span: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: null }),
        services: fc.option(fc.constantFrom(["Colissimo"], ["Standard", "STD"]), { nil: null }),
        cost: amount,
      }),
      { selector: (r) => r.country, maxLength: 6 },
    ),
    defaultCost: amount,
    packagingWeightGrams: fc.integer({ min: 0, max: 2000 }),
    perParcel: amount,
    perOrder: amount,
    perItem: amount,
    gateways: fc.uniqueArray(fc.record({ gateway: fc.constantFrom("paypal", "shopify_payments", "stripe"), percent, fixed: amount }), { selector: (g) => g.gateway }),
    defaultFee: fc.record({ percent, fixed: amount }),
    allocation: fc.constantFrom("orders" as const, "items" as const, "revenue" as const),
    provisions: fc.tuple(fc.integer({ min: 0, max: 3300 }), fc.integer({ min: 0, max: 3300 }), fc.integer({ min: 0, max: 3300 })),
    thin: percent,
    heavy: percent,
  })
  .map((r) => ({
    costOfGoods: { missingCost: r.missing },
    shipping: {
      // one rule per country: never overlapping bands
      rules: r.rules.map((x, i) => ({
        name: `rule ${i}`,
        countries: [x.country],
        minWeightGrams: x.min,
        maxWeightGrams: x.span === null ? null : x.min + x.span,
        services: x.services,
        cost: x.cost,
      })),
      defaultCost: r.defaultCost,
      packagingWeightGrams: r.packagingWeightGrams,
    },
    packaging: { perParcel: r.perParcel },
    labour: { perOrder: r.perOrder, perItem: r.perItem },
    paymentFees: { gateways: r.gateways, default: r.defaultFee },
    fixedCosts: { allocation: r.allocation, items: [] },
    provisions: { returnsPercent: r.provisions[0] / 100, fraudPercent: r.provisions[1] / 100, spoilagePercent: r.provisions[2] / 100 },
    thresholds: { thinMarginPercent: r.thin, shippingHeavyPercent: r.heavy },
  }));

const lineArb = fc
  .record({
    quantity: fc.integer({ min: 0, max: 6 }),
    refunded: fc.integer({ min: 0, max: 6 }),
    unitPrice: fc.integer({ min: 0, max: 50_000 }),
    discountPct: fc.integer({ min: 0, max: 100 }),
    grams: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null, freq: 5 }),
    requiresShipping: fc.boolean(),
    variant: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null, freq: 8 }),
    // About one line in six sells a gift card.
    giftCard: fc.integer({ min: 0, max: 5 }).map((k) => k === 0),
  })
  .map((l) => {
    const currentQuantity = Math.max(0, l.quantity - l.refunded);
    const gross = l.unitPrice * currentQuantity;
    const discount = Math.floor((gross * l.discountPct) / 100);
    return { ...l, currentQuantity, net: gross - discount, discount };
  });

const orderArb: fc.Arbitrary<NormalisedOrder> = fc
  .record({
    currency: fc.constantFrom("EUR", "JPY", "KWD"),
    country: fc.option(fc.constantFrom(...COUNTRIES), { nil: null }),
    lines: fc.array(lineArb, { minLength: 1, maxLength: 6 }),
    shipping: fc.array(
      fc.record({ title: fc.constantFrom("Colissimo", "Standard", "Express"), code: fc.option(fc.constantFrom("STD", "col"), { nil: null }), charged: amount, refundedPct: fc.integer({ min: 0, max: 100 }) }),
      { maxLength: 2 },
    ),
    cancelled: fc.boolean(),
    // Not known, or a display status with the fulfilments that succeeded.
    fulfilment: fc.option(fc.record({ status: fc.constantFrom("FULFILLED", "UNFULFILLED", "PARTIALLY_FULFILLED"), parcels: fc.integer({ min: 0, max: 3 }) }), { nil: null }),
    transactions: fc.array(
      fc.record({
        gateway: fc.constantFrom(...GATEWAYS),
        kind: fc.constantFrom("SALE", "CAPTURE", "REFUND", "AUTHORIZATION", "VOID"),
        status: fc.constantFrom("SUCCESS", "SUCCESS", "FAILURE", "PENDING"),
        amount: fc.integer({ min: 0, max: 500_000 }),
        feesActual: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: null }),
      }),
      { maxLength: 4 },
    ),
  })
  .map((o) => ({
    id: "gid://shopify/Order/1",
    name: "#1",
    processedAt: "2026-11-03T09:15:00Z",
    currency: o.currency,
    taxesIncluded: false,
    cancelled: o.cancelled,
    test: false,
    sourceName: "web",
    shippingCountryCode: o.country,
    fulfilment: o.fulfilment,
    lines: o.lines.map((l, i) => ({
      id: `line-${i}`,
      productId: l.variant === null ? null : `p${l.variant}`,
      variantId: l.variant === null ? null : `v${l.variant}`,
      sku: null,
      title: `Line ${i}`,
      quantity: l.quantity,
      currentQuantity: l.currentQuantity,
      netRevenueBeforeTax: l.net,
      discountBeforeTax: l.discount,
      tax: 0,
      unitPriceBeforeTax: l.unitPrice,
      unitWeightGrams: l.grams,
      requiresShipping: l.requiresShipping,
      ...(l.giftCard ? { isGiftCard: true } : {}),
    })),
    shippingLines: o.shipping.map((s) => ({
      title: s.title,
      code: s.code,
      source: null,
      chargedBeforeTax: s.charged,
      tax: 0,
      refundedBeforeTax: Math.floor((s.charged * s.refundedPct) / 100),
    })),
    transactions: o.transactions,
    refunds: { lineItemsBeforeTax: 0, shippingBeforeTax: 0 },
  }));

const contextArb = fc.record({
  costs: fc.dictionary(fc.constantFrom("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"), fc.integer({ min: 0, max: 40_000 })),
  fixed: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
  actualShipping: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: null }),
  rounding: fc.constantFrom("half-even" as const, "half-up" as const, "floor" as const, "ceil" as const),
});

function resolver(costs: Record<string, number>): UnitCostResolver {
  return (line) => {
    const c = line.variantId === null ? undefined : costs[line.variantId];
    return c === undefined ? { kind: "missing", reason: "unknown" } : { kind: "known", unitCost: c, source: "shopify", since: null, beforeFirstSnapshot: false };
  };
}

function allCosts(c: CostAmounts): number[] {
  return [c.costOfGoods, c.shipping, c.packaging, c.labour, c.paymentFees, c.fixedCosts, c.provisions.returns, c.provisions.fraud, c.provisions.spoilage];
}

type Ctx = { costs: Record<string, number>; fixed: number | null; actualShipping: number | null; rounding: "half-even" | "half-up" | "floor" | "ceil" };

function run(o: NormalisedOrder, s: CostSettings, c: Ctx): OrderMargin {
  return computeOrderMargin(o, {
    settings: s,
    unitCost: resolver(c.costs),
    fixedCosts: c.fixed === null ? null : { amount: c.fixed },
    actualShippingCost: c.actualShipping,
    rounding: c.rounding,
  });
}

describe("engine properties", () => {
  it("generated settings are valid settings", () => {
    fc.assert(
      fc.property(settingsArb, (s) => {
        const r = parseSettingsFile(exportSettings({ currency: "EUR", timeZone: "UTC", versions: [{ effectiveFrom: null, savedAt: null, note: null, settings: s }] }));
        expect(r.ok ? [] : r.errors).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("no cost is negative, for the order or any line", () => {
    fc.assert(
      fc.property(orderArb, settingsArb, contextArb, (o, s, c) => {
        const m = run(o, s, c);
        for (const x of allCosts(m.costs)) expect(x).toBeGreaterThanOrEqual(0);
        for (const l of m.lines) for (const x of allCosts(l.costs)) expect(x).toBeGreaterThanOrEqual(0);
        expect(m.steps.shipping.orderAmount).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  it("line results add up exactly to the order, cost by cost", () => {
    fc.assert(
      fc.property(orderArb, settingsArb, contextArb, (o, s, c) => {
        const m = run(o, s, c);
        const inc = m.lines.filter((l) => l.included);
        const sum = (f: (l: (typeof m.lines)[number]) => number, ls: readonly (typeof m.lines)[number][] = inc) => ls.reduce((a, l) => a + f(l), 0);
        expect(sum((l) => l.netMargin)).toBe(m.netMargin);
        expect(sum((l) => l.netRevenue)).toBe(m.netRevenue);
        for (const step of COST_STEPS) {
          if (step === "provisions") continue;
          expect(sum((l) => l.costs[step])).toBe(m.costs[step]);
        }
        expect(sum((l) => l.costs.provisions.returns)).toBe(m.costs.provisions.returns);
        expect(m.netRevenue - m.totalCosts).toBe(m.netMargin);
        expect(totalOf(m.costs)).toBe(m.totalCosts);
        for (const l of m.lines) expect(l.netRevenue - l.totalCosts).toBe(l.netMargin);
        // over ALL lines (excluded ones too) the order-level amounts are fully allocated
        expect(sum((l) => l.costs.shipping, m.lines)).toBe(m.steps.shipping.orderAmount);
        expect(sum((l) => l.costs.fixedCosts, m.lines)).toBe(c.fixed ?? 0);
        expect(sum((l) => l.revenue.shipping, m.lines)).toBe(m.revenue.shippingCharged - m.revenue.shippingRefunded);
      }),
      { numRuns: 500 },
    );
  });

  it("gift-card lines carry nothing but their share of payment fees, and are never in the totals", () => {
    fc.assert(
      fc.property(orderArb, settingsArb, contextArb, (o, s, c) => {
        const m = run(o, s, c);
        const gift = m.lines.filter((l) => l.costOfGoodsStatus.status === "gift-card");
        expect(gift.every((l) => !l.included)).toBe(true);
        expect(m.giftCards?.lineIds ?? []).toEqual(gift.map((l) => l.lineId));
        expect(m.giftCards?.paymentFees ?? 0).toBe(gift.reduce((a, l) => a + l.costs.paymentFees, 0));
        // With merchandise in the order, every other cost lands on the merchandise.
        if (gift.length < m.lines.length) {
          for (const l of gift) expect(allCosts({ ...l.costs, paymentFees: 0 }).every((x) => x === 0)).toBe(true);
        } else expect([m.netRevenue, m.totalCosts, m.netMargin]).toEqual([0, 0, 0]);
      }),
      { numRuns: 500 },
    );
  });

  it("an order stopped before anything was fulfilled pays no carrier, packaging or labour", () => {
    fc.assert(
      fc.property(orderArb, settingsArb, contextArb, (o, s, c) => {
        const m = run(o, s, { ...c, actualShipping: null });
        const stopped = o.cancelled || o.lines.every((l) => l.currentQuantity === 0);
        if (stopped && o.fulfilment?.parcels === 0) {
          expect([m.costs.shipping, m.costs.packaging, m.costs.labour, m.steps.shipping.orderAmount]).toEqual([0, 0, 0, 0]);
        }
        if (!stopped || !o.fulfilment) expect(m.fulfilmentNote).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it("never produces NaN or Infinity, and flags only known codes", () => {
    fc.assert(
      fc.property(orderArb, settingsArb, contextArb, (o, s, c) => {
        const m = run(o, s, c);
        expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity|null,"basisPoints"/);
        for (const f of [...m.flags, ...m.lines.flatMap((l) => l.flags)]) expect(FLAG_CODES).toContain(f.code);
        if (m.netRevenue === 0) expect(m.marginPct.kind).toBe("undefined");
        expect(m.flags.some((f) => f.code === "LOSS")).toBe(m.netMargin < 0);
      }),
      { numRuns: 300 },
    );
  });
});
