/**
 * The GraphQL order adapter's fast path (app/domain/graphql-order-fast.ts) against
 * its contract, the zod schema (app/domain/graphql-order-schema.ts): on every order
 * of generated stores (EU: VAT included; US: tax added; refunds with their lines,
 * gift cards, point-of-sale sales, cancellations), as nodes and as edges, the fast
 * path reads each order and reads it exactly as the schema does. On those orders
 * broken one field at a time, it never accepts what the schema refuses, and where it
 * accepts, it reads the same. Either way parseGraphqlOrderRecord gives the same
 * result with and without the fast path.
 */
import { describe, expect, it } from "vitest";

import { parseGraphqlOrderRecord } from "~/domain/graphql-order";
import { readFast } from "~/domain/graphql-order-fast";
import { readWithSchema } from "~/domain/graphql-order-schema";
import { isCurrencyCode } from "~/domain/money";
import type { ShopPreset } from "../simulator/generator";
import { asEdges, brokenVariants, simulatedGraphqlOrders } from "./graphql-order-inputs";

type Json = Record<string, unknown>;
/** The order object in a raw input, found as the adapter finds it (bare, `{ order }` or `{ data: { order } }`). */
function orderOf(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  const r = raw as Json;
  if (typeof r.data === "object" && r.data !== null && "order" in r.data) return (r.data as Json).order;
  return "order" in r && !("id" in r) ? r.order : raw;
}

/** The adapter's result, or what it threw (an absurd tax rate makes both paths throw alike). */
function outcome(raw: unknown, fast: boolean): unknown {
  try {
    return parseGraphqlOrderRecord(raw, { fast });
  } catch (error) {
    return { threw: String(error) };
  }
}

/** The two readers on one input: null when the input is not an order object with a known currency (neither runs then). */
function readBoth(raw: unknown) {
  const input = orderOf(raw);
  if (typeof input !== "object" || input === null || Array.isArray(input)) return null;
  const currency = (input as Json).currencyCode;
  if (!isCurrencyCode(currency)) return null;
  return { fast: readFast(input as Json, currency), schema: readWithSchema(input, currency) };
}

const STORES: { preset: ShopPreset; seed: number; orders: number }[] = [
  { preset: "eu", seed: 1, orders: 300 },
  { preset: "us", seed: 2, orders: 300 },
  { preset: "eu", seed: 7, orders: 150 },
  { preset: "us", seed: 9, orders: 150 },
];

/** What an order holds that the adapter treats specially (to pick varied orders and to show the stores cover them). */
function features(raw: unknown): string[] {
  const o = orderOf(raw) as Json;
  const out: string[] = [];
  const refunds = (o.refunds ?? []) as Json[];
  if (refunds.some((r) => ((r.refundLineItems as { nodes?: unknown[] } | undefined)?.nodes ?? []).length > 0)) out.push("refund lines");
  if (refunds.some((r) => ((r.refundShippingLines as { nodes?: unknown[] } | undefined)?.nodes ?? []).length > 0)) out.push("refunded shipping");
  const lines = (o.lineItems as { nodes: Json[] }).nodes;
  if (lines.some((l) => l.isGiftCard === true)) out.push("gift card");
  if (lines.some((l) => ((l.discountAllocations ?? []) as unknown[]).length > 0)) out.push("discount");
  if (lines.length > 1) out.push("several lines");
  if (((o.shippingLines as { nodes?: unknown[] } | undefined)?.nodes ?? []).length === 0) out.push("no shipping line");
  if (((o.transactions ?? []) as Json[]).some((t) => ((t.fees ?? []) as unknown[]).length > 0)) out.push("fees");
  if (((o.transactions ?? []) as Json[]).some((t) => t.gateway === "gift_card")) out.push("paid by gift card");
  if (o.cancelledAt !== null && o.cancelledAt !== undefined) out.push("cancelled");
  if (o.sourceName === "pos") out.push("point of sale");
  out.push(o.taxesIncluded === true ? "tax included" : "tax added");
  return out;
}

describe.each(STORES)("$preset store, seed $seed", ({ preset, seed, orders }) => {
  const raws = [...simulatedGraphqlOrders({ seed, orders, preset })].map((x) => x.raw);

  it("the fast path reads every order, as the schema does, as nodes and as edges", () => {
    const seen = new Set(raws.flatMap(features));
    for (const raw of [...raws, ...raws.map(asEdges)]) {
      const both = readBoth(raw)!;
      expect(both.fast).not.toBeNull();
      expect(both.schema.ok).toBe(true);
      if (!both.schema.ok) continue;
      expect(both.fast).toEqual(both.schema.order);
      expect(parseGraphqlOrderRecord(raw)).toEqual(parseGraphqlOrderRecord(raw, { fast: false }));
    }
    // The store holds what the adapter treats specially.
    for (const f of ["refund lines", "refunded shipping", "gift card", "discount", "several lines", "fees", preset === "eu" ? "tax included" : "tax added"]) {
      expect(seen).toContain(f);
    }
  });

  it("broken one field at a time, the fast path accepts nothing the schema refuses", () => {
    // The smallest order with each feature, so every kind of field is broken somewhere.
    const picked = new Map<string, { raw: unknown; size: number }>();
    for (const raw of raws) {
      const size = JSON.stringify(raw).length;
      for (const f of features(raw)) if ((picked.get(f)?.size ?? Infinity) > size) picked.set(f, { raw, size });
    }
    let variants = 0;
    let refused = 0;
    for (const raw of new Set([...picked.values()].map((p) => p.raw))) {
      for (const v of brokenVariants(raw)) {
        variants++;
        const both = readBoth(v.raw);
        if (both !== null) {
          if (both.fast !== null) {
            expect(both.schema.ok, v.what).toBe(true);
            if (both.schema.ok) expect(both.fast, v.what).toEqual(both.schema.order);
          }
          if (!both.schema.ok) refused++;
        }
        expect(outcome(v.raw, true), v.what).toEqual(outcome(v.raw, false));
      }
    }
    expect(variants).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(variants / 2);
  });
});
