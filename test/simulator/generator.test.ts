import { createHash } from "node:crypto";

import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";

import { createGenerator, generateStore, orderIdFor, orderIndexOf } from "./generator";
import {
  allocateProportionally,
  formatDecimalAmount,
  formatMoneyScalar,
  orderTotals,
  parseDecimalToMinor,
  prorate,
  refundLineAmounts,
  taxForAmount,
  weightInGrams,
  type LineItemModel,
} from "./model";
import { Store, type StoreEvent } from "./store";

const NOW = "2026-10-15T12:00:00Z";
const hash = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex");

describe("money formatting and arithmetic helpers", () => {
  it("renders MoneyV2 decimals like Shopify and the Money scalar with the currency's digits", () => {
    expect(formatDecimalAmount(1250, "EUR")).toBe("12.5");
    expect(formatDecimalAmount(1300, "EUR")).toBe("13.0");
    expect(formatDecimalAmount(1299, "USD")).toBe("12.99");
    expect(formatDecimalAmount(5, "USD")).toBe("0.05");
    expect(formatDecimalAmount(0, "USD")).toBe("0.0");
    expect(formatDecimalAmount(-350, "EUR")).toBe("-3.5");
    expect(formatDecimalAmount(1250, "JPY")).toBe("1250.0");
    expect(formatDecimalAmount(12345, "KWD")).toBe("12.345");
    expect(formatMoneyScalar(1250, "EUR")).toBe("12.50");
    expect(formatMoneyScalar(1250, "JPY")).toBe("1250");
    expect(parseDecimalToMinor("12.5", "EUR")).toBe(1250);
    expect(parseDecimalToMinor("50", "EUR")).toBe(5000);
    expect(parseDecimalToMinor("1250", "JPY")).toBe(1250);
    expect(() => parseDecimalToMinor("12.505", "EUR")).toThrow();
    expect(() => parseDecimalToMinor("abc", "EUR")).toThrow();
  });

  it("round-trips any amount through the Decimal rendering", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom("EUR", "USD", "JPY", "KWD"), (minor, currency) => {
        expect(parseDecimalToMinor(formatDecimalAmount(minor, currency), currency)).toBe(minor);
        expect(parseDecimalToMinor(formatMoneyScalar(minor, currency), currency)).toBe(minor);
      }),
    );
  });

  it("computes included and added tax (6.00 tax-included at 20 % is 1.00 of VAT)", () => {
    expect(taxForAmount(600, 0.2, true)).toBe(100);
    expect(taxForAmount(500, 0.2, false)).toBe(100);
    expect(taxForAmount(1999, 0.0725, false)).toBe(145); // 144.93 → 145
  });

  it("pro-rates with half-up rounding and allocates exactly", () => {
    expect(prorate(1000, 1, 3)).toBe(333);
    expect(prorate(1000, 2, 3)).toBe(667);
    expect(prorate(1000, 3, 3)).toBe(1000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const parts = allocateProportionally(total, weights);
        if (weights.some((w) => w > 0)) expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        parts.forEach((p) => expect(p).toBeGreaterThanOrEqual(0));
      }),
    );
  });

  it("refunding a line in any number of steps returns exactly the line and its taxes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 100_000 }), fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 12 }), (qty, total, steps) => {
        const line = { id: "l", quantity: qty, taxLines: [{ title: "A", rate: 0.04, amount: Math.round(total * 0.04), channelLiable: null, source: null }, { title: "B", rate: 0.045, amount: Math.round(total * 0.045), channelLiable: null, source: null }] } as unknown as LineItemModel;
        let done = 0;
        let sub = 0;
        let tax = 0;
        for (const s of [...steps, qty]) {
          const q = Math.min(s, qty - done);
          if (q <= 0) break;
          const r = refundLineAmounts(line, total, done, q);
          done += q;
          sub += r.subtotal;
          tax += r.totalTax;
        }
        expect(done).toBe(qty);
        expect(sub).toBe(total);
        expect(tax).toBe(line.taxLines[0]!.amount + line.taxLines[1]!.amount);
      }),
    );
  });
});

describe("store generator", () => {
  it("is deterministic: same seed ⇒ same bytes, different seed or now ⇒ different", () => {
    const opts = { seed: 42, orders: 300, preset: "eu" as const, now: NOW };
    const a = hash(generateStore(opts));
    expect(hash(generateStore(opts))).toBe(a);
    expect(hash(generateStore({ ...opts, seed: 43 }))).not.toBe(a);
    expect(hash(generateStore({ ...opts, now: "2026-10-16T12:00:00Z" }))).not.toBe(a);
    expect(hash(generateStore({ ...opts, preset: "us" }))).not.toBe(a);
  });

  it("never reads the clock or Math.random", () => {
    const now = vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("clock read");
    });
    const random = vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random used");
    });
    expect(() => generateStore({ seed: 1, orders: 200, now: NOW })).not.toThrow();
    expect(now).not.toHaveBeenCalled();
    expect(random).not.toHaveBeenCalled();
  });

  it("gives random access to any order of a 1,000,000-order store without generating the others", () => {
    const gen = createGenerator({ seed: 9, orders: 1_000_000, now: NOW });
    const last = gen.orderAt(999_999);
    expect(last.name).toBe("#1001000"); // numbering starts at #1001
    expect(last.id).toBe(orderIdFor(999_999));
    expect(orderIndexOf(last.id)).toBe(999_999);
    expect(Date.parse(last.processedAt)).toBeLessThan(Date.parse(NOW));
    const firstTen = [...gen.orders(0, 10)];
    expect(hash(firstTen[7])).toBe(hash(gen.orderAt(7)));
  });

  it.each(["eu", "us"] as const)("produces a realistic %s store", (preset) => {
    const gen = createGenerator({ seed: 5, orders: 5000, preset, now: NOW });
    const { shop, products } = gen.catalog;
    if (preset === "eu") expect(shop).toMatchObject({ currencyCode: "EUR", taxesIncluded: true, ianaTimezone: "Europe/Paris" });
    else expect(shop).toMatchObject({ currencyCode: "USD", taxesIncluded: false });
    expect(products.length).toBeGreaterThanOrEqual(50);
    expect(products.length).toBeLessThanOrEqual(200);
    const variants = products.flatMap((p) => p.variants);
    expect(variants.length).toBeGreaterThan(products.length);
    expect(variants.some((v) => v.inventoryItem.unitCost === null)).toBe(true);
    expect(variants.filter((v) => v.inventoryItem.unitCost === null).length / variants.length).toBeLessThan(0.2);

    const orders = [...gen.orders()];
    const lines = orders.reduce((a, o) => a + o.lineItems.length, 0) / orders.length;
    expect(lines).toBeGreaterThan(1.55);
    expect(lines).toBeLessThan(1.9);
    const maxLines = Math.max(...orders.map((o) => o.lineItems.length));
    expect(maxLines).toBeGreaterThanOrEqual(6); // long tail
    const count = (f: (o: (typeof orders)[number]) => boolean) => orders.filter(f).length;
    expect(count((o) => o.test)).toBeGreaterThan(5);
    expect(count((o) => o.cancelledAt !== null)).toBeGreaterThan(20);
    expect(count((o) => o.refunds.length > 0 && !o.cancelledAt)).toBeGreaterThan(200);
    expect(count((o) => o.refunds.length > 1)).toBeGreaterThan(5);
    expect(count((o) => o.discountCodes.length > 0)).toBeGreaterThan(300);
    expect(count((o) => o.discountApplications.some((a) => a.kind === "MANUAL"))).toBeGreaterThan(0);
    expect(count((o) => o.shippingLines.some((s) => s.discountAllocations.length > 0))).toBeGreaterThan(500);
    const gateways = new Set(orders.flatMap((o) => o.transactions.map((t) => t.gateway)));
    for (const g of ["shopify_payments", "paypal", "manual", "bogus"]) expect(gateways).toContain(g);
    expect(new Set(orders.map((o) => orderTotals(o).displayFinancialStatus))).toEqual(new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED", "PENDING", "VOIDED", "AUTHORIZED", "PARTIALLY_PAID"]));
    // Receivables (issue 19): a few B2B orders on NET 30 and NET 60 terms, still pending,
    // due dueInDays after the order (issuedAt = processedAt), and partly paid orders.
    const withTerms = orders.filter((o) => o.paymentTerms);
    expect(withTerms.filter((o) => o.paymentTerms!.dueInDays === 30).length).toBeGreaterThan(3);
    expect(withTerms.filter((o) => o.paymentTerms!.dueInDays === 60).length).toBeGreaterThan(1);
    for (const o of withTerms) {
      expect(orderTotals(o).displayFinancialStatus).toBe("PENDING");
      expect(Date.parse(o.paymentTerms!.dueAt) - Date.parse(o.processedAt)).toBe(o.paymentTerms!.dueInDays * 86_400_000);
      expect(orderTotals(o).totalOutstanding).toBe(orderTotals(o).currentTotalPrice);
    }
    const partlyPaid = orders.filter((o) => orderTotals(o).displayFinancialStatus === "PARTIALLY_PAID");
    expect(partlyPaid.length).toBeGreaterThan(3);
    // 40 % paid as a deposit: the outstanding is the rest
    for (const o of partlyPaid) expect(orderTotals(o).totalOutstanding).toBe(orderTotals(o).totalPrice - Math.round(orderTotals(o).totalPrice * 0.4));
  });

  it("spreads orders over the 18 months before now, in index order, with consistent timestamps", () => {
    const gen = createGenerator({ seed: 3, orders: 3000, now: NOW });
    const orders = [...gen.orders()];
    const now = Date.parse(NOW);
    const start = now - 548 * 86_400_000;
    let prev = 0;
    for (const o of orders) {
      const p = Date.parse(o.processedAt);
      expect(p).toBeGreaterThan(prev);
      prev = p;
      expect(p).toBeGreaterThanOrEqual(start);
      expect(Date.parse(o.updatedAt)).toBeLessThanOrEqual(now);
      expect(Date.parse(o.updatedAt)).toBeGreaterThanOrEqual(Date.parse(o.createdAt));
      for (const r of o.refunds) expect(Date.parse(r.createdAt)).toBeGreaterThan(p);
      for (const t of o.transactions) expect(Date.parse(t.processedAt)).toBeLessThanOrEqual(now);
    }
    expect(Date.parse(orders[0]!.processedAt) - start).toBeLessThan(7 * 86_400_000);
    expect(now - Date.parse(orders.at(-1)!.processedAt)).toBeLessThan(7 * 86_400_000);
    // seasonality: November–December busier than the monthly average
    const month = (o: (typeof orders)[number]) => o.processedAt.slice(0, 7);
    const perMonth = new Map<string, number>();
    for (const o of orders) perMonth.set(month(o), (perMonth.get(month(o)) ?? 0) + 1);
    expect(perMonth.get("2025-11")!).toBeGreaterThan(perMonth.get("2025-10")!);
  });

  it("contains truly loss-making products (cheap and heavy, or deeply discounted)", () => {
    const gen = createGenerator({ seed: 8, orders: 4000, preset: "eu", now: NOW });
    const byVariant = new Map(gen.catalog.products.flatMap((p) => p.variants.map((v) => [v.id, { p, v }] as const)));
    // revenue without VAT per product vs current unit cost × units kept, worked out from the primitives
    const margin = new Map<string, number>();
    for (const o of gen.orders()) {
      if (o.test || o.cancelledAt) continue;
      for (const l of o.lineItems) {
        const ref = byVariant.get(l.variantId!)!;
        if (ref.v.inventoryItem.unitCost === null) continue;
        const kept = l.quantity - o.refunds.flatMap((r) => r.refundLineItems).filter((x) => x.lineItemId === l.id).reduce((a, x) => a + x.quantity, 0);
        const net = l.originalUnitPrice * l.quantity - l.discountAllocations.reduce((a, d) => a + d.amount, 0);
        const netExVat = ((net * kept) / l.quantity) / 1.2;
        margin.set(ref.p.id, (margin.get(ref.p.id) ?? 0) + netExVat - ref.v.inventoryItem.unitCost * kept);
      }
    }
    const losers = [...margin.entries()].filter(([, v]) => v < 0).map(([id]) => gen.catalog.products.find((p) => p.id === id)!.title);
    expect(losers.length).toBeGreaterThanOrEqual(2);
    const cheapHeavy = gen.catalog.products.filter((p) => p.variants.some((v) => v.price <= 1500 && weightInGrams(v.inventoryItem.weight) >= 2000));
    expect(cheapHeavy.length).toBeGreaterThanOrEqual(2);
  });
});

describe("Store mutations", () => {
  const make = () => Store.generate({ seed: 4, orders: 40, preset: "us", now: NOW });

  it("createOrder computes taxes on top for the US shop and emits orders/create", () => {
    const store = make();
    const events: StoreEvent[] = [];
    store.onChange((e) => events.push(e));
    const { product, variant } = store.variants().find((v) => v.variant.inventoryItem.requiresShipping && v.product.status === "ACTIVE")!;
    const order = store.createOrder({ lineItems: [{ variantId: variant.id, quantity: 2 }], shippingCountryCode: "US", shippingProvinceCode: "NY", shippingPrice: 599 });
    // A tracked item: its two units are committed at one location (stock-moves.test.ts).
    expect(events.map((e) => e.topic)).toEqual(["orders/create", "orders/paid", ...(variant.inventoryItem.tracked ? ["inventory_levels/update"] : [])]);
    const t = orderTotals(order);
    const net = variant.price * 2;
    const expectedTax = Math.round(net * 0.04) + Math.round(net * 0.045) + Math.round(599 * 0.04) + Math.round(599 * 0.045);
    expect(t.totalTax).toBe(expectedTax);
    expect(t.totalPrice).toBe(net + 599 + expectedTax);
    expect(order.lineItems[0]!.productId).toBe(product.id);
    expect(store.getOrder(order.id)).toBe(order);
    expect(order.number).toBe(1041);
  });

  it("addRefund in steps, then cancelOrder, keep totals exact and bump updatedAt", () => {
    const store = make();
    const { variant } = store.variants().find((v) => v.variant.inventoryItem.requiresShipping && v.product.status === "ACTIVE")!;
    let order = store.createOrder({ lineItems: [{ variantId: variant.id, quantity: 3, discountPercent: 10 }], discountCode: { code: "SAVE5", amount: 500 }, shippingCountryCode: "US", shippingProvinceCode: "CA" });
    const line = order.lineItems[0]!;
    const before = orderTotals(order);
    const r1 = store.addRefund(order.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }] });
    expect(Date.parse(r1.order.updatedAt)).toBeGreaterThan(Date.parse(order.updatedAt));
    order = store.cancelOrder(order.id, { reason: "CUSTOMER" });
    const after = orderTotals(order);
    expect(after.currentTotalPrice).toBe(0);
    expect(after.currentSubtotal).toBe(0);
    expect(after.totalRefunded).toBe(before.totalPrice);
    expect(after.displayFinancialStatus).toBe("REFUNDED");
    expect(order.cancelledAt).not.toBeNull();
    expect(() => store.addRefund(order.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }] })).toThrow(/refundable/);
  });

  it("cancelling an authorised order voids it", () => {
    const store = make();
    const { variant } = store.variants().find((v) => v.product.status === "ACTIVE")!;
    const order = store.createOrder({ lineItems: [{ variantId: variant.id, quantity: 1 }], payment: "authorized" });
    expect(orderTotals(order).displayFinancialStatus).toBe("AUTHORIZED");
    const cancelled = store.cancelOrder(order.id);
    expect(orderTotals(cancelled).displayFinancialStatus).toBe("VOIDED");
    expect(cancelled.transactions.map((t) => t.kind)).toEqual(["AUTHORIZATION", "VOID"]);
  });

  it("setUnitCost and updateProduct bump updatedAt and notify", () => {
    const store = make();
    const events: StoreEvent[] = [];
    store.onChange((e) => events.push(e));
    const { product, variant } = store.variants()[0]!;
    const item = store.setUnitCost(variant.id, 1234);
    expect(item.unitCost).toBe(1234);
    expect(store.setUnitCost(item.id, null).unitCost).toBeNull();
    const updated = store.updateProduct(product.id, { title: "Renamed", variants: [{ id: variant.id, price: 9999 }] });
    expect(updated.title).toBe("Renamed");
    expect(variant.price).toBe(9999);
    expect(events.map((e) => e.topic)).toEqual(["inventory_items/update", "inventory_items/update", "products/update"]);
    const times = events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(3);
    expect(updated.updatedAt).toBe(events[2]!.at);
  });
});
