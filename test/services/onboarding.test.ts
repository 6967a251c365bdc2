import { afterEach, expect, it } from "vitest";

import { saveSettingsVersion } from "~/store/cost-settings.server";
import { onboardingSteps } from "~/services/onboarding.server";
import { openDatabase } from "../sync/helpers";

/** The first-run checklist reads the shop's data: nothing is ticked by hand. */
const SHOP = "alpha.myshopify.com";
const T = new Date("2026-11-01T00:00:00Z");
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

it("starts with every step to do, and ticks each one as the data arrives", async () => {
  const { db, sql } = await openDatabase();
  close = async () => {
    await sql.close();
    await db.$disconnect();
  };
  await db.shop.create({ data: { shop: SHOP, installedAt: T, scopes: "read_orders", currencyCode: "EUR", ianaTimezone: "Europe/Paris" } });
  await db.variant.createMany({
    data: [
      { shop: SHOP, id: "v1", productId: "p1", currency: "EUR", unitCost: 400, updatedAt: T, syncedAt: T },
      { shop: SHOP, id: "v2", productId: "p1", currency: "EUR", unitCost: null, updatedAt: T, syncedAt: T },
    ],
  });
  const todo = (steps: Awaited<ReturnType<typeof onboardingSteps>>) => steps.filter((s) => !s.done).map((s) => s.id);
  const first = await onboardingSteps(db, SHOP);
  expect(todo(first)).toEqual(["sync", "unit-costs", "shipping", "fees", "fixed-costs"]);
  expect(first.find((s) => s.id === "unit-costs")!.detail).toMatch(/^1 of 2 variants have no unit cost/);

  await db.syncState.create({ data: { shop: SHOP, status: "idle", lastBackfillAt: T } });
  await db.variant.update({ where: { shop_id: { shop: SHOP, id: "v2" } }, data: { unitCost: 500 } });
  const saved = await saveSettingsVersion(db, SHOP, {
    settings: { shipping: { rules: [{ name: "FR", countries: ["FR"], cost: "6.55" }], defaultCost: "15.00" }, paymentFees: { gateways: [{ gateway: "paypal", percent: 3.4, fixed: "0.35" }] } },
    effectiveFrom: null,
  });
  expect(saved.ok).toBe(true);
  expect(todo(await onboardingSteps(db, SHOP))).toEqual(["fixed-costs"]);
});
