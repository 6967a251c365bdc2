import { expect, it } from "vitest";

import { saveSettingsVersion } from "~/store/cost-settings.server";
import { onboardingSteps } from "~/services/onboarding.server";
import { closeAfterEach } from "../helpers/cleanup";
import { freshDatabase } from "../helpers/database";
import { createShop, createVariant } from "../helpers/factories";

/** The first-run checklist reads the shop's data: nothing is ticked by hand. */
const SHOP = "alpha.myshopify.com";
const T = new Date("2026-11-01T00:00:00Z");
const cleanup = closeAfterEach();

it("starts with every step to do, and ticks each one as the data arrives", async () => {
  const { db, close } = await freshDatabase();
  cleanup.later(close);
  await createShop(db, { shop: SHOP, installedAt: T });
  // Two variants, one without a unit cost.
  await createVariant(db, { shop: SHOP, id: "v1", productId: "p1", unitCost: 400, updatedAt: T, syncedAt: T });
  await createVariant(db, { shop: SHOP, id: "v2", productId: "p1", unitCost: null, updatedAt: T, syncedAt: T });
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
