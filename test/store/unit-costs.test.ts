import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

import type { Db } from "~/db.server";
import { costInForce } from "~/domain/unit-costs";
import { loadUnitCostHistory, removeUnitCostOverrides, saveUnitCostOverride, unitCostHistoryForVariant } from "~/store/unit-costs.server";
import { describeEachProvider } from "../db/databases";
import { migratedPrisma } from "../helpers/database";
import { createShop, createUnitCost, createVariant } from "../helpers/factories";

/** Unit costs in the database, on both providers: overrides validated and dated, history read back for the engine. */

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const JPY_SHOP = "tokyo.myshopify.com";
const V = "gid://shopify/ProductVariant/11";
const T0 = new Date("2026-01-01T00:00:00Z");

describeEachProvider("unit costs", (_provider, database) => {
  let db: Db;
  beforeAll(async () => {
    db = await migratedPrisma(database().url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });
  beforeEach(async () => {
    for (const t of [db.marginDirty, db.unitCostOverride, db.unitCostSnapshot, db.variant, db.shop] as { deleteMany(): Promise<unknown> }[]) await t.deleteMany();
    for (const [shop, currency] of [[SHOP, "EUR"], [OTHER, "EUR"], [JPY_SHOP, "JPY"]] as const) {
      await createShop(db, { shop, scopes: "read_products", currencyCode: currency, ianaTimezone: "Europe/Paris" });
      await createVariant(db, { shop, id: V, currency, updatedAt: T0, syncedAt: T0 });
    }
    // Shopify said 4.00 in January, 4.50 from 1 June (UTC).
    await createUnitCost(db, { shop: SHOP, variantId: V, observedAt: T0, cost: 400 });
    await createUnitCost(db, { shop: SHOP, variantId: V, observedAt: new Date("2026-06-01T00:00:00Z"), cost: 450, source: "webhook" });
  });

  it("an override from a date wins from that shop-local date on; Shopify's snapshots before", async () => {
    const r = await saveUnitCostOverride(db, SHOP, { variantId: V, cost: "5.25", effectiveFrom: "2026-09-01" }, new Date("2026-09-02T08:00:00Z"));
    expect(r).toEqual({ ok: true, override: { variantId: V, position: 0, effectiveFrom: "2026-09-01", cost: 525 } });
    const history = await loadUnitCostHistory(db, SHOP, { currency: "EUR", timeZone: "Europe/Paris" });
    const at = (iso: string) => costInForce(history, V, iso);
    expect(at("2026-03-01T12:00:00Z")).toMatchObject({ kind: "known", unitCost: 400, source: "shopify" });
    expect(at("2026-07-01T12:00:00Z")).toMatchObject({ kind: "known", unitCost: 450, source: "shopify" });
    // 31 August 22:30 UTC is already 1 September in Paris (UTC+2).
    expect(at("2026-08-31T22:30:00Z")).toMatchObject({ kind: "known", unitCost: 525, source: "override" });
    expect(at("2026-08-31T21:30:00Z")).toMatchObject({ unitCost: 450 });
    // Margins from Paris midnight on 1 September are marked for recompute.
    const dirty = await db.marginDirty.findMany({ where: { shop: SHOP } });
    expect(dirty.map((d) => [d.since.toISOString(), d.until, d.reason])).toEqual([["2026-08-31T22:00:00.000Z", null, "unit-cost"]]);
    // Shop B sees none of it.
    expect((await loadUnitCostHistory(db, OTHER, { currency: "EUR", timeZone: "Europe/Paris" })).variants.size).toBe(0);
    expect(await db.marginDirty.count({ where: { shop: OTHER } })).toBe(0);
  });

  it("a later save for all history takes over; clearing returns to Shopify's cost", async () => {
    await saveUnitCostOverride(db, SHOP, { variantId: V, cost: "5.25", effectiveFrom: "2026-09-01" });
    const r = await saveUnitCostOverride(db, SHOP, { variantId: V, cost: "3.90", effectiveFrom: "" });
    expect(r).toMatchObject({ ok: true, override: { position: 1, effectiveFrom: null, cost: 390 } });
    let history = await loadUnitCostHistory(db, SHOP, { currency: "EUR", timeZone: "Europe/Paris" });
    expect(costInForce(history, V, "2026-10-01T00:00:00Z")).toMatchObject({ unitCost: 390, source: "override" });
    expect(await removeUnitCostOverrides(db, SHOP, V)).toBe(2);
    history = await loadUnitCostHistory(db, SHOP, { currency: "EUR", timeZone: "Europe/Paris" });
    expect(costInForce(history, V, "2026-10-01T00:00:00Z")).toMatchObject({ unitCost: 450, source: "shopify" });
    const page = await unitCostHistoryForVariant(db, SHOP, V);
    expect(page).toMatchObject({ currency: "EUR", shopify: [{ cost: 400 }, { cost: 450 }], overrides: [] });
  });

  it("reports every bad field at once and writes nothing", async () => {
    const r = await saveUnitCostOverride(db, SHOP, { variantId: "gid://shopify/ProductVariant/999", cost: "-1.00", effectiveFrom: "01/09/2026" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path).sort()).toEqual(["cost", "effectiveFrom", "variantId"]);
    const tooPrecise = await saveUnitCostOverride(db, SHOP, { variantId: V, cost: "4.555", effectiveFrom: null });
    expect(tooPrecise.ok).toBe(false);
    const huge = await saveUnitCostOverride(db, SHOP, { variantId: V, cost: "2000000.00", effectiveFrom: null });
    expect(huge.ok).toBe(false);
    // Another shop's variant id is not this shop's.
    await db.variant.delete({ where: { shop_id: { shop: SHOP, id: V } } });
    const foreign = await saveUnitCostOverride(db, SHOP, { variantId: V, cost: "1.00", effectiveFrom: null });
    expect(foreign.ok).toBe(false);
    expect(await db.unitCostOverride.count()).toBe(0);
    expect(await db.marginDirty.count()).toBe(0);
  });

  it("keeps yen whole: ¥1,250 is 1250 minor units, ¥12.5 is refused", async () => {
    expect(await saveUnitCostOverride(db, JPY_SHOP, { variantId: V, cost: "1250", effectiveFrom: null })).toMatchObject({ ok: true, override: { cost: 1250 } });
    expect((await saveUnitCostOverride(db, JPY_SHOP, { variantId: V, cost: "12.5", effectiveFrom: null })).ok).toBe(false);
    const history = await loadUnitCostHistory(db, JPY_SHOP, { currency: "JPY", timeZone: "Asia/Tokyo" });
    expect(costInForce(history, V, "2026-10-01T00:00:00Z")).toMatchObject({ unitCost: 1250 });
  });
});
