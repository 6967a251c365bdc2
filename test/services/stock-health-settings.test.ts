/**
 * The Stock page's thresholds come from the cost settings' "Stock health" section
 * (issue 18, item 3 and 4's settings): the version in force today, the defaults before.
 */
import { describe, expect, it } from "vitest";

import { DEFAULT_STOCK_HEALTH_OPTIONS } from "~/domain/stock-health";
import { stockHealthOptionsFor } from "~/services/stock.server";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createShop, saveSettings } from "../helpers/factories";

const SHOP = "seuils.myshopify.com";
const cleanup = closeAfterEach();

describe.each(["sqlite", "postgresql"] as const)("stock health thresholds from the settings (%s)", (provider) => {
  it("reads the thresholds in force today", async () => {
    const { db } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, ianaTimezone: "Europe/Paris", currencyCode: "EUR" });
    expect(await stockHealthOptionsFor(db, SHOP)).toEqual(DEFAULT_STOCK_HEALTH_OPTIONS);

    await saveSettings(db, SHOP, { ...costSettings(), stockHealth: { deadAfterDays: 120, targetCoverDays: 60, safetyDays: 10 } }, { now: new Date("2026-12-01T09:00:00Z") });
    // From 1 January, dead after 180 days instead.
    await saveSettings(db, SHOP, { ...costSettings(), stockHealth: { deadAfterDays: 180 } }, { effectiveFrom: "2027-01-01", now: new Date("2026-12-02T09:00:00Z") });
    expect(await stockHealthOptionsFor(db, SHOP, new Date("2026-12-07T10:00:00Z"))).toEqual({ ...DEFAULT_STOCK_HEALTH_OPTIONS, deadAfterDays: 120, targetCoverDays: 60, safetyDays: 10 });
    // 1 January in Paris begins at 23:00 UTC on 31 December.
    expect(await stockHealthOptionsFor(db, SHOP, new Date("2026-12-31T23:30:00Z"))).toEqual({ ...DEFAULT_STOCK_HEALTH_OPTIONS, deadAfterDays: 180 });
  });
});
