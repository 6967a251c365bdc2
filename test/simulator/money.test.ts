/**
 * Money consistency of generated stores, checked through the GraphQL API with the
 * tests' own arithmetic (decimal parsing and half-up rounding in test-client.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ShopPreset } from "./generator";
import { startSimulator, type Simulator } from "./server";
import { Store } from "./store";
import { cents, client, roundHalfUp } from "./test-client";

const NOW = "2026-10-15T12:00:00Z";

const ORDER_QUERY = `query Money($id: ID!) {
  order(id: $id) {
    id name taxesIncluded cancelledAt displayFinancialStatus currencyCode presentmentCurrencyCode
    subtotalPriceSet { shopMoney { amount } }
    currentSubtotalPriceSet { shopMoney { amount } }
    totalPriceSet { shopMoney { amount } presentmentMoney { amount currencyCode } }
    currentTotalPriceSet { shopMoney { amount } }
    totalTaxSet { shopMoney { amount } }
    currentTotalTaxSet { shopMoney { amount } }
    totalShippingPriceSet { shopMoney { amount } }
    currentShippingPriceSet { shopMoney { amount } }
    totalDiscountsSet { shopMoney { amount } }
    totalRefundedSet { shopMoney { amount } }
    totalRefundedShippingSet { shopMoney { amount } }
    netPaymentSet { shopMoney { amount } }
    totalOutstandingSet { shopMoney { amount } }
    lineItems(first: 20) { nodes {
      id quantity currentQuantity
      originalUnitPriceSet { shopMoney { amount } }
      discountAllocations { allocatedAmountSet { shopMoney { amount } } }
      priceAfterAllDiscountsBeforeTaxesSet { shopMoney { amount } }
      taxLines { rate priceSet { shopMoney { amount } } }
    } }
    shippingLines(first: 3) { nodes {
      id
      originalPriceSet { shopMoney { amount } }
      discountedPriceSet { shopMoney { amount } }
      currentDiscountedPriceSet { shopMoney { amount } }
      discountAllocations { allocatedAmountSet { shopMoney { amount } } }
      taxLines { rate priceSet { shopMoney { amount } } }
    } }
    transactions { id kind status gateway amountSet { shopMoney { amount } } fees { rate flatFee { amount } amount { amount } } }
    refunds {
      id
      totalRefundedSet { shopMoney { amount } }
      refundLineItems(first: 20) { nodes { quantity lineItem { id } subtotalSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } } }
      refundShippingLines(first: 3) { nodes { shippingLine { id } subtotalAmountSet { shopMoney { amount } } taxAmountSet { shopMoney { amount } } } }
      transactions(first: 5) { nodes { kind status amountSet { shopMoney { amount } } } }
    }
  }
}`;

/* eslint-disable @typescript-eslint/no-explicit-any */
const m = (bag: any): number => cents(bag.shopMoney.amount);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe.each(["eu", "us"] as ShopPreset[])("money consistency, %s shop", (preset) => {
  let sim: Simulator;
  let orders: any[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ store: Store.generate({ seed: 77, orders: 250, preset, now: NOW }), bucket: { maximumAvailable: 1e9, restoreRate: 1e9 } });
    const gql = client(sim);
    orders = [];
    for (const o of sim.store.orders) {
      const r = await gql(ORDER_QUERY, { id: o.id });
      expect(r.body.errors).toBeUndefined();
      orders.push(r.body.data.order);
    }
  });
  afterAll(async () => {
    await sim.close();
  });

  it("covers the interesting cases", () => {
    expect(orders.every((o) => o.taxesIncluded === (preset === "eu"))).toBe(true);
    expect(orders.filter((o) => o.refunds.length > 0).length).toBeGreaterThan(10);
    expect(orders.filter((o) => o.cancelledAt).length).toBeGreaterThan(0);
    expect(orders.filter((o) => o.lineItems.nodes.some((l: any) => l.discountAllocations.length > 0)).length).toBeGreaterThan(20);
    expect(orders.filter((o) => o.shippingLines.nodes.some((s: any) => s.discountAllocations.length > 0)).length).toBeGreaterThan(20);
    expect(new Set(orders.map((o) => o.presentmentCurrencyCode)).size).toBeGreaterThan(1);
  });

  it("line and shipping taxes are the rate applied to the amount after all discounts", () => {
    const incl = preset === "eu";
    const taxOf = (amount: number, rate: number) => roundHalfUp(incl ? (amount * rate) / (1 + rate) : amount * rate);
    for (const o of orders) {
      for (const l of o.lineItems.nodes) {
        const net = m(l.originalUnitPriceSet) * l.quantity - sum(l.discountAllocations.map((a: any) => m(a.allocatedAmountSet)));
        for (const t of l.taxLines) expect(m(t.priceSet), `${o.name} ${l.id}`).toBe(taxOf(net, t.rate));
      }
      for (const s of o.shippingLines.nodes) {
        const discounted = m(s.originalPriceSet) - sum(s.discountAllocations.map((a: any) => m(a.allocatedAmountSet)));
        expect(m(s.discountedPriceSet)).toBe(discounted);
        for (const t of s.taxLines) expect(m(t.priceSet)).toBe(taxOf(discounted, t.rate));
      }
      if (incl) expect(o.lineItems.nodes.every((l: any) => l.taxLines.every((t: any) => t.rate === 0.2))).toBe(true);
    }
  });

  it("original totals: subtotal + shipping (+ tax when excluded) = total price", () => {
    const incl = preset === "eu";
    for (const o of orders) {
      const nets = o.lineItems.nodes.map((l: any) => m(l.originalUnitPriceSet) * l.quantity - sum(l.discountAllocations.map((a: any) => m(a.allocatedAmountSet))));
      const shipping = sum(o.shippingLines.nodes.map((s: any) => m(s.discountedPriceSet)));
      const tax = sum(o.lineItems.nodes.flatMap((l: any) => l.taxLines.map((t: any) => m(t.priceSet)))) + sum(o.shippingLines.nodes.flatMap((s: any) => s.taxLines.map((t: any) => m(t.priceSet))));
      expect(m(o.subtotalPriceSet), o.name).toBe(sum(nets));
      expect(m(o.totalShippingPriceSet), o.name).toBe(shipping);
      expect(m(o.totalTaxSet), o.name).toBe(tax);
      expect(m(o.totalPriceSet), o.name).toBe(sum(nets) + shipping + (incl ? 0 : tax));
      const discounts = sum(o.lineItems.nodes.flatMap((l: any) => l.discountAllocations.map((a: any) => m(a.allocatedAmountSet)))) + sum(o.shippingLines.nodes.flatMap((s: any) => s.discountAllocations.map((a: any) => m(a.allocatedAmountSet))));
      expect(m(o.totalDiscountsSet), o.name).toBe(discounts);
    }
  });

  it("Σ priceAfterAllDiscountsBeforeTaxes + shipping before tax + current tax = current total price", () => {
    const incl = preset === "eu";
    for (const o of orders) {
      const refundedShipTax = sum(o.refunds.flatMap((r: any) => r.refundShippingLines.nodes.map((x: any) => m(x.taxAmountSet))));
      const shipTax = sum(o.shippingLines.nodes.flatMap((s: any) => s.taxLines.map((t: any) => m(t.priceSet)))) - refundedShipTax;
      const shippingBeforeTax = m(o.currentShippingPriceSet) - (incl ? shipTax : 0);
      const lines = sum(o.lineItems.nodes.map((l: any) => m(l.priceAfterAllDiscountsBeforeTaxesSet)));
      expect(lines + shippingBeforeTax + m(o.currentTotalTaxSet), o.name).toBe(m(o.currentTotalPriceSet));
      if (o.refunds.length === 0) expect(m(o.currentTotalPriceSet)).toBe(m(o.totalPriceSet));
    }
  });

  it("current totals = original − what the refunds recorded", () => {
    const incl = preset === "eu";
    for (const o of orders) {
      const rli = o.refunds.flatMap((r: any) => r.refundLineItems.nodes);
      const rsl = o.refunds.flatMap((r: any) => r.refundShippingLines.nodes);
      const lineSub = sum(rli.map((x: any) => m(x.subtotalSet)));
      const lineTax = sum(rli.map((x: any) => m(x.totalTaxSet)));
      const shipSub = sum(rsl.map((x: any) => m(x.subtotalAmountSet)));
      const shipTax = sum(rsl.map((x: any) => m(x.taxAmountSet)));
      expect(m(o.currentSubtotalPriceSet), o.name).toBe(m(o.subtotalPriceSet) - lineSub);
      expect(m(o.currentShippingPriceSet), o.name).toBe(m(o.totalShippingPriceSet) - shipSub);
      expect(m(o.totalRefundedShippingSet), o.name).toBe(shipSub);
      expect(m(o.currentTotalTaxSet), o.name).toBe(m(o.totalTaxSet) - lineTax - shipTax);
      expect(m(o.currentTotalPriceSet), o.name).toBe(m(o.totalPriceSet) - lineSub - shipSub - (incl ? 0 : lineTax + shipTax));
      for (const l of o.lineItems.nodes) {
        const mine = rli.filter((x: any) => x.lineItem.id === l.id);
        expect(l.currentQuantity).toBe(l.quantity - sum(mine.map((x: any) => x.quantity)));
        if (l.currentQuantity === 0) {
          // refunding every unit gives back exactly the line (no rounding residue)
          const net = m(l.originalUnitPriceSet) * l.quantity - sum(l.discountAllocations.map((a: any) => m(a.allocatedAmountSet)));
          expect(sum(mine.map((x: any) => m(x.subtotalSet)))).toBe(net);
          expect(sum(mine.map((x: any) => m(x.totalTaxSet)))).toBe(sum(l.taxLines.map((t: any) => m(t.priceSet))));
          expect(m(l.priceAfterAllDiscountsBeforeTaxesSet)).toBe(0);
        }
      }
      for (const s of o.shippingLines.nodes) {
        const refunded = sum(rsl.filter((x: any) => x.shippingLine.id === s.id).map((x: any) => m(x.subtotalAmountSet)));
        expect(m(s.currentDiscountedPriceSet)).toBe(m(s.discountedPriceSet) - refunded);
      }
    }
  });

  it("payments: refunded, net payment, outstanding, refund totals and financial status agree with the transactions", () => {
    const incl = preset === "eu";
    for (const o of orders) {
      const ok = o.transactions.filter((t: any) => t.status === "SUCCESS");
      const received = sum(ok.filter((t: any) => t.kind === "SALE" || t.kind === "CAPTURE").map((t: any) => m(t.amountSet)));
      const refunded = sum(ok.filter((t: any) => t.kind === "REFUND").map((t: any) => m(t.amountSet)));
      expect(m(o.totalRefundedSet), o.name).toBe(refunded);
      expect(m(o.netPaymentSet), o.name).toBe(received - refunded);
      expect(m(o.totalOutstandingSet), o.name).toBe(m(o.currentTotalPriceSet) - (received - refunded));
      for (const r of o.refunds) {
        const moved = sum(r.transactions.nodes.filter((t: any) => t.status === "SUCCESS").map((t: any) => m(t.amountSet)));
        expect(m(r.totalRefundedSet)).toBe(moved);
        if (r.transactions.nodes.length > 0) {
          const recorded =
            sum(r.refundLineItems.nodes.map((x: any) => m(x.subtotalSet) + (incl ? 0 : m(x.totalTaxSet)))) +
            sum(r.refundShippingLines.nodes.map((x: any) => m(x.subtotalAmountSet) + (incl ? 0 : m(x.taxAmountSet))));
          expect(moved, o.name).toBe(recorded);
        }
      }
      if (["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(o.displayFinancialStatus)) expect(m(o.totalOutstandingSet), o.name).toBe(0);
      if (o.displayFinancialStatus === "REFUNDED") expect(refunded).toBe(received);
      if (o.displayFinancialStatus === "PARTIALLY_REFUNDED") expect(refunded).toBeLessThan(received);
      if (o.cancelledAt) expect(["REFUNDED", "VOIDED"]).toContain(o.displayFinancialStatus);
    }
  });

  it("processing fees exist only on Shopify Payments and equal rate × amount + flat fee", () => {
    let charged = 0;
    for (const o of orders) {
      for (const t of o.transactions) {
        if (t.gateway !== "shopify_payments") expect(t.fees).toEqual([]);
        else if (t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE")) {
          expect(t.fees).toHaveLength(1);
          const f = t.fees[0];
          expect(cents(f.amount.amount)).toBe(roundHalfUp(m(t.amountSet) * Number(f.rate)) + cents(f.flatFee.amount));
          charged++;
        }
      }
    }
    expect(charged).toBeGreaterThan(100);
  });

  it("renders presentment money in the presentment currency's digits (JPY has none)", () => {
    for (const o of orders) {
      const p = o.totalPriceSet.presentmentMoney;
      expect(p.currencyCode).toBe(o.presentmentCurrencyCode);
      if (p.currencyCode === "JPY") expect(p.amount).toMatch(/^\d+\.0$/);
      else expect(p.amount).toMatch(/^\d+\.\d{1,2}$/);
    }
  });
});
