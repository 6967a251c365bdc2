import { readFileSync } from "node:fs";

import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

import type { Db } from "~/db.server";
import { importSettingsFile } from "~/store/cost-settings.server";
import { saveUnitCostOverride } from "~/store/unit-costs.server";
import { describeEachProvider } from "../db/databases";
import { migratedPrisma } from "../helpers/database";
import { createShop, createVariant } from "../helpers/factories";

/** Defect 12 of issue 16 in the store, on both providers: refused input writes nothing. */
const SHOP = "alpha.myshopify.com";
const V = "gid://shopify/ProductVariant/11";
const fixture = (): { versions: Record<string, unknown>[] } =>
  JSON.parse(readFileSync(new URL("../fixtures/margin/settings-eu.json", import.meta.url), "utf8")) as { versions: Record<string, unknown>[] };

describeEachProvider("strict settings input", (_provider, database) => {
  let db: Db;
  beforeAll(async () => {
    db = await migratedPrisma(database().url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });
  beforeEach(async () => {
    for (const t of [db.marginDirty, db.unitCostOverride, db.costSettingsVersion, db.variant, db.shop] as { deleteMany(): Promise<unknown> }[]) await t.deleteMany();
    await createShop(db, { shop: SHOP, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" });
    await createVariant(db, { shop: SHOP, id: V, currency: "JPY" });
  });

  it("an import with two versions from one date writes nothing", async () => {
    const file = { ...fixture(), currency: "JPY" };
    // JPY amounts have no decimals: keep only the two versions' dates and defaults.
    file.versions = [{ effectiveFrom: null, settings: {} }, { effectiveFrom: "2026-05-01", settings: {} }, { effectiveFrom: "2026-05-01", settings: {} }];
    const r = await importSettingsFile(db, SHOP, file);
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(["versions[2].effectiveFrom"]);
    expect(await db.costSettingsVersion.count()).toBe(0);
    expect(await db.marginDirty.count()).toBe(0);
  });

  it("a unit cost given as a number is refused in the shop's currency's words; as a string it is saved", async () => {
    const r = await saveUnitCostOverride(db, SHOP, { variantId: V, cost: 1250, effectiveFrom: null });
    expect(r).toEqual({ ok: false, errors: [{ path: "cost", message: 'expected the unit cost as a decimal string in JPY, e.g. "1250"' }] });
    expect(await db.unitCostOverride.count()).toBe(0);
    expect(await db.marginDirty.count()).toBe(0);
    expect(await saveUnitCostOverride(db, SHOP, { variantId: V, cost: "1250", effectiveFrom: null })).toMatchObject({ ok: true, override: { cost: 1250 } });
  });
});
