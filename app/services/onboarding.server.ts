/**
 * First-run checklist: what stands between the merchant and a net margin they can
 * trust. Each step is checked against the shop's data, never ticked by hand.
 */
import type { PrismaClient } from "@prisma/client";

import { hasCountryRule } from "~/domain/margin";
import { missingCosts } from "~/services/missing-costs.server";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/store/cost-settings.server";

export interface OnboardingStep {
  id: "sync" | "unit-costs" | "shipping" | "destinations" | "fees" | "fixed-costs";
  done: boolean;
  title: string;
  detail: string;
  /** Where to fix it in the app. */
  url: string | null;
}

export async function onboardingSteps(db: PrismaClient, shop: string): Promise<OnboardingStep[]> {
  const facts = await shopFacts(db, shop);
  const [state, variants, withoutCost, history, hidden] = await Promise.all([
    db.syncState.findUnique({ where: { shop }, select: { lastBackfillAt: true } }),
    db.variant.count({ where: { shop } }),
    // Neither Shopify's cost nor one entered in NetMargin: what the bulk editor lists.
    missingCosts(db, shop, 0).then((m) => m.total),
    loadSettingsHistory(db, shop, facts),
    // Parcels priced without a destination: Shopify hid the address (protected customer data).
    db.orderMargin.count({ where: { shop, countryCode: null, shippingSource: { in: ["rule", "default"] } } }),
  ]);
  const s = settingsToday(history);
  const synced = state?.lastBackfillAt != null;
  return [
    {
      id: "sync",
      done: synced,
      title: "Copy your orders and products",
      detail: synced ? "Your store's history is synced and kept current." : "The first sync is running; margins appear as soon as it ends.",
      url: null,
    },
    {
      id: "unit-costs",
      done: synced && withoutCost === 0,
      title: "Give every product its unit cost",
      detail:
        withoutCost === 0
          ? `All ${variants.toLocaleString("en")} variants have a cost.`
          : `${withoutCost.toLocaleString("en")} of ${variants.toLocaleString("en")} variants have no unit cost: their sales are left out of margins (or estimated, if you choose). Enter them all on one page in NetMargin, or in Shopify (product › variant › cost per item).`,
      // The bulk editor: every variant without a cost, one field each, saved at once (issue 17, item 4).
      url: "/app/unit-costs",
    },
    {
      id: "shipping",
      done: s.shipping.rules.length > 0 || s.shipping.defaultCost > 0,
      title: "Say what carriers charge you",
      detail: s.shipping.rules.length > 0 ? `${s.shipping.rules.length} shipping rule(s) set.` : "Without shipping rules every parcel costs you nothing in NetMargin, which flatters your margins.",
      url: "/app/settings",
    },
    destinationsStep(hidden, s.shipping.unknownDestinationCountry ?? null, hasCountryRule(s.shipping.rules)),
    {
      id: "fees",
      done: s.paymentFees.gateways.length > 0 || s.paymentFees.default.percent > 0 || s.paymentFees.default.fixed > 0,
      title: "Set your payment fees",
      detail:
        s.paymentFees.gateways.length > 0 || s.paymentFees.default.percent > 0
          ? "Gateway fees are set (Shopify Payments' actual fees are used when Shopify reports them)."
          : "PayPal, Stripe and other gateways' fees are not set yet; only Shopify Payments' reported fees count.",
      url: "/app/settings",
    },
    {
      id: "fixed-costs",
      done: s.fixedCosts.items.length > 0,
      title: "Add your monthly fixed costs",
      detail: s.fixedCosts.items.length > 0 ? `${s.fixedCosts.items.length} fixed cost(s) spread over each month's orders.` : "Your Shopify plan, apps and rent are part of what each order must pay for.",
      url: "/app/settings",
    },
  ];
}

/**
 * Orders without a destination. A public app not approved for protected customer
 * data gets `shippingAddress` null (Source: shopify.dev/docs/apps/launch/protected-customer-data
 * (2026-10): name, address, phone and email fields are level 2, and an app not
 * approved for them must "handle errors or redacted data"), so country-specific
 * shipping rules cannot apply. What approval unlocks, and the fallback meanwhile.
 */
function destinationsStep(hidden: number, assumed: string | null, countryRules: boolean): OnboardingStep {
  const orders = `${hidden.toLocaleString("en")} order${hidden === 1 ? "" : "s"}`;
  const why =
    "Shopify shares shipping addresses only with apps approved for protected customer data (Partner Dashboard › App setup › Protected customer data access, address field). Approval lets NetMargin read each order's destination country, so your rules for each country apply.";
  return {
    id: "destinations",
    // Nothing to do while no rule depends on the country (the hidden destination changes nothing yet).
    done: hidden === 0 || assumed !== null || !countryRules,
    title: "Say where parcels go when Shopify hides the address",
    detail:
      hidden === 0
        ? "Every shipped order has its destination country."
        : assumed !== null
          ? `${orders} arrived without a destination and are priced as parcels to ${assumed}. ${why}`
          : countryRules
            ? `${orders} arrived without a destination, so only your rules for any destination (or the default cost) priced them. ${why} Until then, choose the country to price them as in Settings, under Shipping.`
            : `${orders} arrived without a destination; none of your shipping rules depends on the country, so this changes nothing yet. ${why}`,
    url: "/app/settings",
  };
}
