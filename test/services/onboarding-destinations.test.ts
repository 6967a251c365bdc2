import { expect, it } from "vitest";

import { saveSettingsVersion } from "~/store/cost-settings.server";
import { onboardingSteps } from "~/services/onboarding.server";
import { closeAfterEach } from "../helpers/cleanup";
import { freshDatabase } from "../helpers/database";
import { createShop } from "../helpers/factories";

/**
 * The checklist's destination step. Without protected-customer-data approval a
 * public app reads `shippingAddress` as null (Source: shopify.dev/docs/apps/launch/protected-customer-data
 * (2026-10), levels 1 and 2: address fields are level 2; unapproved apps get
 * "redacted data"), so stored margins have no country: the merchant is told what
 * approval unlocks and where to set the fallback.
 */
const SHOP = "alpha.myshopify.com";
const T = new Date("2026-11-01T00:00:00Z");
const cleanup = closeAfterEach();

function marginRow(orderId: string, countryCode: string | null, shippingSource: string) {
  return {
    shop: SHOP, orderId, orderName: orderId, processedAt: T, localDate: "2026-11-01", currency: "EUR", cancelled: false, test: false, countryCode, gateway: null,
    items: 1, netRevenue: 1000, costOfGoods: 0, shipping: 0, packaging: 0, labour: 0, paymentFees: 0, fixedCosts: 0, provisions: 0, totalCosts: 0, netMargin: 1000,
    marginBp: 10000, withoutDiscounts: 1000, flags: 0, shippingSource, feesEstimated: false, missingCostLines: 0, basket: 1000, shippingRevenue: 0, shippingZone: "", computedAt: T,
  };
}

it("asks for a country for hidden destinations, says what approval unlocks, and is done once one is set", async () => {
  const { db, close } = await freshDatabase();
  cleanup.later(close);
  await createShop(db, { shop: SHOP, installedAt: T });
  const step = async () => (await onboardingSteps(db, SHOP)).find((s) => s.id === "destinations")!;

  expect(await step()).toMatchObject({ done: true, detail: "Every shipped order has its destination country." });

  // Two parcels priced without a destination; one with a country; one that shipped nothing.
  await db.orderMargin.createMany({
    data: [marginRow("o1", null, "default"), marginRow("o2", null, "rule"), marginRow("o3", "FR", "rule"), marginRow("o4", null, "no-parcel")],
  });
  // No rule depends on the country yet: nothing to do, but the merchant is told.
  const noCountryRule = await step();
  expect(noCountryRule.done).toBe(true);
  expect(noCountryRule.detail).toMatch(/^2 orders arrived without a destination; none of your shipping rules depends on the country/);

  expect((await saveSettingsVersion(db, SHOP, { settings: { shipping: { rules: [{ name: "France", countries: ["FR"], cost: "6.55" }] } }, effectiveFrom: null })).ok).toBe(true);
  const todo = await step();
  expect(todo.done).toBe(false);
  expect(todo.url).toBe("/app/settings");
  expect(todo.detail).toMatch(/^2 orders arrived without a destination, so only your rules for any destination \(or the default cost\) priced them\./);
  expect(todo.detail).toContain("approved for protected customer data");
  expect(todo.detail).toContain("your rules for each country apply");

  const saved = await saveSettingsVersion(db, SHOP, { settings: { shipping: { rules: [{ name: "France", countries: ["FR"], cost: "6.55" }], unknownDestinationCountry: "fr" } }, effectiveFrom: null });
  expect(saved.ok).toBe(true);
  const done = await step();
  expect(done.done).toBe(true);
  expect(done.detail).toMatch(/^2 orders arrived without a destination and are priced as parcels to FR\./);
});
