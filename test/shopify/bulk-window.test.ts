import { describe, expect, it } from "vitest";

import { PassThrough } from "node:stream";

import { ordersBulkQuery } from "~/shopify/bulk-queries";
import { createGenerator } from "../simulator/generator";
import { writeBulkJsonl } from "../simulator/bulk";
import { BulkOrderAssembler, BulkWindow, composeOrder, headOfObject, headOfText, parseParts } from "~/shopify/bulk-assembler";

/**
 * The backfill's window joins raw JSONL lines without parsing them (headOfText):
 * it must find exactly what a parse finds, on any text Shopify could write, and
 * fall back to parsing whenever a line is not in the shape it knows. Line shape:
 * shopify.dev, "Perform bulk operations with the GraphQL Admin API" (each node on
 * its own line, children with `__parentId`); the field order is the query's
 * (GraphQL responses keep the selection's order), and every node of the bulk
 * queries selects `id` first (app/shopify/bulk-queries.ts).
 */
describe("headOfText", () => {
  const cases: Record<string, unknown>[] = [
    { id: "gid://shopify/Order/1", name: "#1001", refunds: [] },
    { id: "gid://shopify/Order/2", name: "#1002", refunds: [{ id: "gid://shopify/Refund/7", createdAt: "2026-01-02T00:00:00Z" }, { id: "gid://shopify/Refund/8" }] },
    { id: "gid://shopify/LineItem/3", title: "Mug", __parentId: "gid://shopify/Order/2" },
    // Text that looks like the keys, inside values: JSON escapes the quotes, so it is not taken for them.
    { id: "gid://shopify/LineItem/4", title: 'a,"__parentId":"gid://shopify/Order/999"}', __parentId: "gid://shopify/Order/2" },
    { id: "gid://shopify/Order/5", note: '","__parentId":"gid://shopify/Order/1"}' },
    { id: "gid://shopify/Order/6", note: 'see "gid://shopify/Refund/99" in text', refunds: [{ id: "gid://shopify/Refund/9" }] },
    // A nested __parentId is not the line's.
    { id: "gid://shopify/Order/10", extra: { __parentId: "gid://shopify/Order/1" } },
    { id: "gid://shopify/ShippingLine/11", title: "Colissimo \\ \u00e9 \ud83d\ude9a", __parentId: "gid://shopify/Order/2" },
  ];
  /** As Shopify writes its files: every `/` escaped (bulk files published on GitHub; test/simulator/bulk.ts). */
  const shopifyJson = (obj: unknown) => JSON.stringify(obj).replaceAll("/", "\\/");
  it.each(cases.flatMap((c) => [[`${String(c.id)}, slashes escaped`, c, shopifyJson(c)] as const, [String(c.id), c, JSON.stringify(c)] as const]))("finds what a parse finds: %s", (_label, obj, text) => {
    const head = headOfText(text);
    const parsed = headOfObject(obj);
    expect(head).not.toBeNull();
    expect(head!.id).toBe(parsed.id);
    expect(head!.parentId).toBe(parsed.parentId);
  });

  it("reads the refund ids of an order's line, and none of a child's", () => {
    expect(headOfText(JSON.stringify(cases[1]))?.refundIds).toEqual(["gid://shopify/Refund/7", "gid://shopify/Refund/8"]);
    expect(headOfText(JSON.stringify(cases[2]))?.refundIds).toEqual([]);
    // A refund id quoted in a note is not one of the order's refunds.
    expect(headOfText(JSON.stringify(cases[5]))?.refundIds).toEqual(["gid://shopify/Refund/9"]);
    expect(headOfText(shopifyJson(cases[1]))?.refundIds).toEqual(["gid://shopify/Refund/7", "gid://shopify/Refund/8"]);
    expect(headOfText(shopifyJson(cases[5]))?.refundIds).toEqual(["gid://shopify/Refund/9"]);
  });

  it("gives up (null) on lines not in Shopify's shape, so they are parsed instead", () => {
    expect(headOfText('{"name":"#1","id":"gid://shopify/Order/1"}')).toBeNull(); // id not first
    expect(headOfText('{"id":"gid://shopify/Order/\\u0031"}')).toBeNull(); // an escape other than \/ in the id
    expect(headOfText('{"id":"gid://shopify/Order/1","name":"#1"')).toBeNull(); // cut line
    expect(headOfText('{"id":"gid://shopify/LineItem/1","__parentId":"gid://shopify/Order/\\u0031"}')).toBeNull();
  });
});

/** As Shopify writes its files: every `/` escaped. */
const shopifyJson = (obj: unknown) => JSON.stringify(obj).replaceAll("/", "\\/");

describe("headOfText on a whole bulk file", () => {
  it("reads every line of the orders query's file without parsing it, as a parse would", async () => {
    const gen = createGenerator({ seed: 5, orders: 300, preset: "eu", now: "2026-10-15T12:00:00Z" });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await writeBulkJsonl({ query: ordersBulkQuery(null), catalog: gen.catalog, orders: gen.orders(), out, nowMs: Date.parse("2026-10-15T12:00:00Z") });
    const lines = Buffer.concat(chunks).toString("utf8").split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(600);
    let refunds = 0;
    for (const line of lines) {
      const head = headOfText(line);
      // Never the parse fallback on Shopify's own shape: that would parse every line twice.
      expect(head, line.slice(0, 80)).toEqual(headOfObject(JSON.parse(line) as Record<string, unknown>));
      refunds += head!.refundIds.length;
    }
    expect(refunds).toBeGreaterThan(10);
  });
});

describe("the window over raw lines", () => {
  it("joins the same orders as the window over parsed lines, children in any order, with the same checkpoints and late children", () => {
    const lines: Record<string, unknown>[] = [
      { id: "gid://shopify/LineItem/20", title: "early child", originalUnitPriceSet: {}, __parentId: "gid://shopify/Order/2" },
      { id: "gid://shopify/Order/1", name: "#1", refunds: [{ id: "gid://shopify/Refund/1" }] },
      { id: "gid://shopify/LineItem/10", originalUnitPriceSet: {}, __parentId: "gid://shopify/Order/1" },
      { id: "gid://shopify/Order/2", name: "#2", refunds: [] },
      { id: "gid://shopify/ShippingLine/9", title: "Post", __parentId: "gid://shopify/Order/1" },
      { id: "gid://shopify/RefundLineItem/5", lineItem: { id: "gid://shopify/LineItem/10" }, __parentId: "gid://shopify/Refund/1" },
      { id: "gid://shopify/LineItem/9", originalUnitPriceSet: {}, __parentId: "gid://shopify/Order/1" },
      { id: "gid://shopify/Order/3", name: "#3" },
      { id: "gid://shopify/Order/4", name: "#4" },
      { id: "gid://shopify/Order/5", name: "#5" },
      // Order 1 has left the window (size 2): this child of it is late.
      { id: "gid://shopify/LineItem/11", originalUnitPriceSet: {}, __parentId: "gid://shopify/Order/1" },
    ];
    const byObject = new BulkOrderAssembler(2);
    const byText = new BulkWindow<string>(2);
    const objectOrders: unknown[] = [];
    const textOrders: unknown[] = [];
    lines.forEach((l, n) => {
      byObject.push(l, n);
      const text = n % 2 === 0 ? shopifyJson(l) : JSON.stringify(l);
      byText.push(headOfText(text)!, text, n);
      expect(byText.checkpoint(n + 1)).toBe(byObject.checkpoint(n + 1));
      objectOrders.push(...byObject.takeReadyEntries());
      textOrders.push(...byText.takeReady().map((p) => ({ order: composeOrder(parseParts(p)), firstLine: p.firstLine })));
    });
    expect(byText.takeLate()).toEqual(byObject.takeLate());
    byObject.finish();
    byText.finish();
    objectOrders.push(...byObject.takeReadyEntries());
    textOrders.push(...byText.takeReady().map((p) => ({ order: composeOrder(parseParts(p)), firstLine: p.firstLine })));
    expect(textOrders).toEqual(objectOrders);
    // Worked out by hand: order 1 holds lines 9 and 10 (in id order), shipping line 9 and its refund's line; 11 came too late.
    const first = objectOrders[0] as { order: { id: string; lineItems: { nodes: { id: string }[] }; shippingLines: { nodes: unknown[] }; refunds: { refundLineItems: { nodes: unknown[] } }[] }; firstLine: number };
    expect(first.order.id).toBe("gid://shopify/Order/1");
    expect(first.firstLine).toBe(1);
    expect(first.order.lineItems.nodes.map((n) => n.id)).toEqual(["gid://shopify/LineItem/9", "gid://shopify/LineItem/10"]);
    expect(first.order.shippingLines.nodes).toHaveLength(1);
    expect(first.order.refunds[0]!.refundLineItems.nodes).toHaveLength(1);
    // Order 2's child arrived before it (line 0): its first line is 0.
    expect((objectOrders[1] as { firstLine: number }).firstLine).toBe(0);
  });
});
