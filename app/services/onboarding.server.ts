/**
 * First-run checklist: what stands between the merchant and a net margin they can
 * trust. Each step is checked against the shop's data, never ticked by hand.
 */
import type { PrismaClient } from "@prisma/client";

import { loadSettingsHistory, settingsToday, shopFacts } from "~/models/cost-settings.server";

export interface OnboardingStep {
  id: "sync" | "unit-costs" | "shipping" | "fees" | "fixed-costs";
  done: boolean;
  title: string;
  detail: string;
  /** Where to fix it in the app. */
  url: string | null;
}

export async function onboardingSteps(db: PrismaClient, shop: string): Promise<OnboardingStep[]> {
  const facts = await shopFacts(db, shop);
  const [state, variants, withoutCost, history] = await Promise.all([
    db.syncState.findUnique({ where: { shop }, select: { lastBackfillAt: true } }),
    db.variant.count({ where: { shop } }),
    db.variant.count({ where: { shop, unitCost: null } }),
    loadSettingsHistory(db, shop, facts),
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
          : `${withoutCost.toLocaleString("en")} of ${variants.toLocaleString("en")} variants have no unit cost in Shopify: their sales are left out of margins (or estimated, if you choose). Enter the costs in Shopify (product › variant › cost per item) or in NetMargin.`,
      url: "/app/products?flag=MISSING_COST",
    },
    {
      id: "shipping",
      done: s.shipping.rules.length > 0 || s.shipping.defaultCost > 0,
      title: "Say what carriers charge you",
      detail: s.shipping.rules.length > 0 ? `${s.shipping.rules.length} shipping rule(s) set.` : "Without shipping rules every parcel costs you nothing in NetMargin, which flatters your margins.",
      url: "/app/settings",
    },
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
