/**
 * Product vendors through sync (issue 18, item 5: "suppliers (default: the product's
 * vendor)"), on both providers: the catalog bulk import stores each product's
 * `Product.vendor` (Admin GraphQL 2026-10 `Product.vendor: String!`), a products/update
 * delivery (REST Product `vendor`, as in Shopify's sample products/update payload:
 * "Acme"; the simulator's productPayload) changes it, and the suppliers the Suppliers
 * page and the reorder suggestions read (readSuppliers) follow.
 *
 * The simulator store has eight products (its smallest); before the backfill their
 * vendors are set by hand: P1 and P2 "Maison Verte", P3 … P8 "Atelier Roux".
 */
import { afterAll, beforeAll, expect, it } from "vitest";

import { readSuppliers, saveSupplier } from "~/store/suppliers.server";
import { backfillShop } from "~/sync/backfill.server";
import { applySyncWebhook, type WebhookSyncDeps } from "~/sync/webhook-sync.server";
import { describeEachProvider } from "../db/databases";
import { productPayload } from "../simulator/rest-payloads";
import { syncHarness, type SyncHarness } from "./helpers";

const VERTE = "vendor:maison verte";
const ROUX = "vendor:atelier roux";

describeEachProvider("product vendors through sync", (_provider, database) => {
  let h: SyncHarness;
  let ids: string[];
  beforeAll(async () => {
    h = await syncHarness({ databaseUrl: database().url, generator: { seed: 7, orders: 5, preset: "eu", products: 8 } });
    ids = h.sim.store.products.map((p) => p.id);
    expect(ids).toHaveLength(8);
    for (const [i, id] of ids.entries()) h.sim.store.updateProduct(id, { vendor: i < 2 ? "Maison Verte" : "Atelier Roux" });
  });
  afterAll(async () => {
    await h.close();
  });

  const deps = (): WebhookSyncDeps => ({ db: h.db, sql: h.sql, now: () => new Date(h.sim.store.now()), enqueue: async () => {} });
  const vendors = async () => (await h.db.product.findMany({ where: { shop: h.shop }, orderBy: { id: "asc" }, select: { id: true, vendor: true } })).map((p) => [p.id, p.vendor]);
  const suppliers = async () => (await readSuppliers(h.db, h.shop)).suppliers.map((s) => [s.id, s.name, s.leadTimeDays, s.saved, s.products]);
  const deliver = (productIndex: number, eventId: string, edit: (payload: Record<string, unknown>) => Record<string, unknown> = (p) => p) => {
    const product = h.sim.store.getProduct(ids[productIndex]!)!;
    const payload = edit(productPayload(product, { currencyCode: h.sim.store.shop.currencyCode, timezoneOffsetMinutes: 60 }) as Record<string, unknown>);
    return applySyncWebhook(deps(), { shop: h.shop, topic: "products/update", eventId, payload });
  };

  it("the catalog import stores each product's vendor; the suppliers are the vendors", async () => {
    await backfillShop(h.deps, h.shop, { orders: false, inventory: false });
    expect(await vendors()).toEqual([...ids].sort().map((id) => [id, id === ids[0] || id === ids[1] ? "Maison Verte" : "Atelier Roux"]));
    // Maison Verte: P1 + P2 = 2 products; Atelier Roux: P3 … P8 = 6; the default lead time 14 days, not saved.
    expect(await suppliers()).toEqual([
      [ROUX, "Atelier Roux", 14, false, 6],
      [VERTE, "Maison Verte", 14, false, 2],
    ]);
    expect((await readSuppliers(h.db, h.shop)).productsWithoutSupplier).toBe(0);
  });

  it("a products/update changes the vendor, and the product follows to that vendor's supplier with its terms", async () => {
    // The merchant set Atelier Roux's lead time to 21 days; P2 then moves to "atelier roux " (the same vendor spelled otherwise).
    expect(await saveSupplier(h.db, h.shop, ROUX, { name: "Atelier Roux", leadTimeDays: "21", minOrderQuantity: "6", paymentTermsDays: "30", currency: "EUR" }, new Date(h.sim.store.now()))).toMatchObject({ ok: true });
    h.sim.store.updateProduct(ids[1]!, { vendor: "atelier roux " });
    expect(await deliver(1, "vendor-1")).toMatchObject({ applied: true });
    expect((await h.db.product.findUniqueOrThrow({ where: { shop_id: { shop: h.shop, id: ids[1]! } } })).vendor).toBe("atelier roux ");
    // Atelier Roux: P3 … P8 + P2 = 6 + 1 = 7 products at 21 days; Maison Verte: P1 = 1.
    expect(await suppliers()).toEqual([
      [ROUX, "Atelier Roux", 21, true, 7],
      [VERTE, "Maison Verte", 14, false, 1],
    ]);
    const r = await readSuppliers(h.db, h.shop);
    expect([ids[0], ids[1], ids[2]].map((id) => r.productSupplier.get(id!))).toEqual([VERTE, ROUX, ROUX]);
  });

  it("a payload without the vendor keeps the stored one; an empty vendor leaves the product without a supplier", async () => {
    expect(await deliver(0, "vendor-2", ({ vendor: _v, ...rest }) => rest)).toMatchObject({ applied: true });
    expect((await h.db.product.findUniqueOrThrow({ where: { shop_id: { shop: h.shop, id: ids[0]! } } })).vendor).toBe("Maison Verte");
    h.sim.store.updateProduct(ids[0]!, { vendor: "" });
    expect(await deliver(0, "vendor-3")).toMatchObject({ applied: true });
    const r = await readSuppliers(h.db, h.shop);
    // P1 has no vendor now: Maison Verte has no product left and is no longer listed (it was never saved).
    expect(r.productSupplier.get(ids[0]!)).toBeNull();
    expect(r.productsWithoutSupplier).toBe(1);
    expect(await suppliers()).toEqual([[ROUX, "Atelier Roux", 21, true, 7]]);
  });
});
