import { readFileSync } from "node:fs";

import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

import type { Db } from "~/db.server";
import { defaultCostSettings, settingsInForce } from "~/domain/settings";
import { exportSettingsFile, importSettingsFile, loadSettingsHistory, saveSettingsVersion } from "~/store/cost-settings.server";
import { describeEachProvider } from "../db/databases";
import { migratedPrisma } from "../helpers/database";
import { createShop } from "../helpers/factories";

/** Cost settings in the database, on both providers: validated saves, versions in force, import/export. */

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/margin/${name}`, import.meta.url), "utf8")) as Record<string, unknown>;
const FACTS = { currency: "EUR", timeZone: "Europe/Paris" } as const;

describeEachProvider("cost settings", (_provider, database) => {
  let db: Db;
  beforeAll(async () => {
    db = await migratedPrisma(database().url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });
  beforeEach(async () => {
    await db.costSettingsVersion.deleteMany();
    await db.marginDirty.deleteMany();
    await db.shop.deleteMany();
    for (const shop of [SHOP, OTHER]) {
      await createShop(db, { shop, currencyCode: FACTS.currency, ianaTimezone: FACTS.timeZone });
    }
  });

  it("has the defaults until something is saved", async () => {
    const h = await loadSettingsHistory(db, SHOP, FACTS);
    expect(h.versions).toHaveLength(1);
    expect(h.versions[0]!.settings).toEqual(defaultCostSettings());
  });

  it("saves a dated version: in force from its date, earlier orders keep the previous settings", async () => {
    const r = await saveSettingsVersion(
      db,
      SHOP,
      { settings: { packaging: { perParcel: "0.80" }, labour: { perOrder: "1.20", perItem: "0.10" } }, effectiveFrom: "2026-11-01", note: "new boxes" },
      new Date("2026-11-20T10:00:00Z"),
    );
    expect(r).toMatchObject({ ok: true, scope: { kind: "from", localDate: "2026-11-01" } });
    const h = await loadSettingsHistory(db, SHOP, FACTS);
    expect(h.versions.map((v) => v.effectiveFrom)).toEqual([null, "2026-11-01"]);
    // 2026-10-31T23:30Z is already 1 November in Paris (UTC+1): the new version applies.
    expect(settingsInForce(h, "2026-10-31T23:30:00Z").packaging.perParcel).toBe(80);
    expect(settingsInForce(h, "2026-10-31T22:30:00Z").packaging.perParcel).toBe(defaultCostSettings().packaging.perParcel);
    expect(await db.costSettingsVersion.count({ where: { shop: OTHER } })).toBe(0);
    // Margins from 1 November (Paris midnight = 23:00 UTC the day before) are marked for recompute.
    const dirty = await db.marginDirty.findMany({ where: { shop: SHOP } });
    expect(dirty.map((d) => [d.since.toISOString(), d.until, d.reason])).toEqual([["2026-10-31T23:00:00.000Z", null, "settings"]]);
    expect(await db.marginDirty.count({ where: { shop: OTHER } })).toBe(0);
  });

  it("rejects an invalid save with every field error at once, and writes nothing", async () => {
    const r = await saveSettingsVersion(db, SHOP, {
      settings: { packaging: { perParcel: "-1.00" }, provisions: { returnsPercent: 120 } },
      effectiveFrom: "31/12/2026",
      note: 42,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path).sort()).toEqual(["effectiveFrom", "note", "settings.packaging.perParcel", "settings.provisions.returnsPercent"]);
    expect(await db.costSettingsVersion.count()).toBe(0);
    expect(await db.marginDirty.count()).toBe(0);
  });

  it("imports a settings file (replacing the history) and exports it back identically", async () => {
    const file = fixture("settings-eu.json");
    const r = await importSettingsFile(db, SHOP, file);
    expect(r.ok).toBe(true);
    const exported = await exportSettingsFile(db, SHOP);
    const reimported = await importSettingsFile(db, OTHER, exported);
    expect(reimported.ok).toBe(true);
    expect(await exportSettingsFile(db, OTHER)).toEqual(exported);
    expect(exported.versions).toHaveLength(2);
    expect(exported.versions[1]).toMatchObject({ effectiveFrom: "2027-01-01", note: "carrier price rise in January" });
  });

  it("refuses a file in another currency and keeps the current history", async () => {
    await importSettingsFile(db, SHOP, fixture("settings-eu.json"));
    const r = await importSettingsFile(db, SHOP, fixture("settings-jpy.json"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: "currency" });
    expect(await db.costSettingsVersion.count({ where: { shop: SHOP } })).toBe(2);
  });
});
