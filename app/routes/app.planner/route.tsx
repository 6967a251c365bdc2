import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, Box, InlineGrid, Layout, Page } from "@shopify/polaris";
import { useEffect } from "react";

import { showToast } from "~/components/feedback";
import { moneyFormatter, percentFormatter } from "~/components/format";
import { phoneHint } from "~/components/ListControls";
import { useSearchParamSetter } from "~/components/search-params";
import db from "~/db.server";
import { rateOverlaps, zoneShipping, type RateOverlap } from "~/domain/free-shipping";
import { currencyExponent, formatDecimal, parseDecimal } from "~/domain/money";
import { shopFacts } from "~/store/cost-settings.server";
import { readFormData } from "~/services/body-limit.server";
import { freeShippingOffers, readShippingZones } from "~/services/delivery-rates.server";
import { applyFreeShippingThreshold, findFreeShippingDiscount } from "~/services/free-shipping.server";
import { DEFAULT_UPLIFT_PERCENT, PLANNER_MONTHS, parsePlannerParams, plannerView, yearlyCostAt, type YearlyCost } from "~/services/planner.server";
import { adminGraphql } from "~/shopify/admin-client.server";
import { authenticate } from "~/shopify.server";
import { marginReader } from "~/jobs/runtime.server";

import { ApplyCard } from "./components/ApplyCard";
import { CurveCard } from "./components/CurveCard";
import { HeavyProducts } from "./components/HeavyProducts";
import { PhoneHint } from "./components/PlannerTable";
import { ReplayForm } from "./components/ReplayForm";
import { BreakEvenCard, RecommendedCard } from "./components/ThresholdCards";
import { ThresholdTable } from "./components/ThresholdTable";
import { TodayCard } from "./components/TodayCard";
import { ZonesTable } from "./components/ZonesTable";

/**
 * Free-shipping planner: the shop's own orders replayed over candidate thresholds
 * (app/services/planner.server.ts), the break-even and recommended threshold, the
 * free shipping customers get today per zone (a shipping rate or a discount,
 * services/delivery-rates.server.ts) and "apply" to NetMargin's automatic
 * free-shipping discount on Shopify, warning where a free rate overlaps it.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const url = new URL(request.url);
  const parsed = parsePlannerParams(url.searchParams);
  if (!parsed.ok) throw Response.json({ errors: parsed.errors }, { status: 400 });
  const facts = await shopFacts(db, session.shop);
  // The threshold in force on Shopify (NetMargin's discount) and the shop's shipping rates, when Shopify answers.
  const [found, rates] = await Promise.all([findFreeShippingDiscount(adminGraphql(admin, session.shop)), readShippingZones(adminGraphql(admin, session.shop), facts.currency)]);
  const offers = found.ok ? freeShippingOffers(found, facts.currency) : [];
  const shipping = rates.ok ? { zones: rates.zones, offers } : null;
  // What customers get today: with the rates read, plannerView finds the threshold every zone shares (rate or
  // discount); without them, the lowest active free-shipping discount (NetMargin's or the merchant's own).
  const lowestOffer = offers.length === 0 ? null : Math.min(...offers.map((o) => o.minimum));
  const view = await plannerView(db, marginReader(), session.shop, parsed.params, { current: rates.ok ? undefined : lowestOffer, shipping });
  return {
    view,
    params: parsed.params,
    discount: found.ok ? found.discount : null,
    others: found.ok ? found.others : [],
    codes: found.ok ? found.codes : [],
    discountError: found.ok ? null : found.errors.join(" "),
    shippingError: rates.ok ? null : rates.errors.join(" "),
    otherCurrencyRates: rates.ok ? rates.otherCurrency : [],
    locale: url.searchParams.get("locale") ?? "en",
    choices: { months: PLANNER_MONTHS, defaultUplift: DEFAULT_UPLIFT_PERCENT },
    phone: phoneHint(request.headers),
  };
};

type ActionResult =
  | {
      ok: true;
      intent: "apply";
      action: "created" | "updated";
      threshold: number;
      currency: string;
      previous: number | null;
      overlaps: RateOverlap[];
    }
  | { ok: true; intent: "estimate"; estimate: YearlyCost }
  | {
      ok: false;
      intent: "apply" | "estimate";
      field: "threshold" | null;
      errors: string[];
    };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionResult> => {
  const { session, admin } = await authenticate.admin(request);
  const form = await readFormData(request);
  const facts = await shopFacts(db, session.shop);
  // "estimate" answers the confirmation's yearly cost; "apply" (after the merchant confirmed) writes to Shopify.
  const intent = form.get("intent") === "estimate" ? "estimate" : "apply";
  const text = String(form.get("threshold") ?? "").trim();
  const parsed = parseDecimal(text, facts.currency);
  if (!parsed.ok || parsed.value <= 0) {
    return {
      ok: false,
      intent,
      field: "threshold",
      errors: [`Enter an amount greater than 0, e.g. ${formatDecimal(6000 * 10 ** (currencyExponent(facts.currency) - 2), facts.currency)}.`],
    };
  }
  if (intent === "estimate")
    return {
      ok: true,
      intent,
      estimate: await yearlyCostAt(db, marginReader(), session.shop, parsed.value),
    };
  const r = await applyFreeShippingThreshold(adminGraphql(admin, session.shop), {
    threshold: { amount: parsed.value, currency: facts.currency },
    now: new Date(),
  });
  if (!r.ok)
    return {
      ok: false,
      intent,
      field: r.step === "input" ? "threshold" : null,
      errors: [...r.errors],
    };
  const before = r.previous?.minimumSubtotal ? parseDecimal(r.previous.minimumSubtotal, facts.currency) : null;
  // Free shipping rates stay in force beside the discount: say where they overlap it.
  const rates = await readShippingZones(adminGraphql(admin, session.shop), facts.currency);
  const overlaps = rates.ok ? rateOverlaps(parsed.value, rates.zones.map(zoneShipping)) : [];
  return {
    ok: true,
    intent,
    action: r.action,
    threshold: parsed.value,
    currency: facts.currency,
    previous: before?.ok ? before.value : null,
    overlaps,
  };
};

export default function Planner() {
  const { view, params, discount, others, codes, discountError, shippingError, otherCurrencyRates, locale, choices, phone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [, set] = useSearchParamSetter();
  const money = moneyFormatter(view.currency, locale);
  useEffect(() => {
    if (result?.ok && result.intent === "apply") showToast(`Free shipping from ${money(result.threshold)} is set`);
    else if (result && !result.ok && result.intent === "apply") showToast("The threshold was not applied", { isError: true });
    // Once per action result.
  }, [result]);
  const applying = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";

  return (
    <PhoneHint.Provider value={phone}>
      <Page
        title="Free-shipping planner"
        subtitle={`Your last ${view.period.months} months of orders, replayed as if shipping had been free from a basket value`}
        backAction={{ content: "Home", url: "/app" }}
      >
        <Layout>
          <Layout.Section>
            <ReplayForm
              months={params.months}
              upliftPercent={params.upliftPercent}
              choices={choices}
              loading={navigation.state === "loading"}
              onMonths={(v) => set({ months: v })}
            />
          </Layout.Section>
          {view.orders === 0 ? (
            <Layout.Section>
              <Banner tone="info" title="No orders to replay yet">
                <p>The planner replays your synced orders. Once the first sync has finished and margins are computed, the curve appears here.</p>
              </Banner>
            </Layout.Section>
          ) : (
            <>
              <Layout.Section>
                <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
                  <RecommendedCard view={view} money={money} />
                  <BreakEvenCard view={view} money={money} />
                  <TodayCard
                    view={view}
                    money={money}
                    discount={discount}
                    others={others}
                    codes={codes}
                    discountError={discountError}
                    shippingError={shippingError}
                    otherCurrencyRates={otherCurrencyRates}
                  />
                </InlineGrid>
              </Layout.Section>
              <Layout.Section>
                <CurveCard view={view} locale={locale} money={money} />
              </Layout.Section>
              <Layout.Section>
                <ThresholdTable view={view} upliftPercent={params.upliftPercent} months={params.months} locale={locale} money={money} pct={percentFormatter(locale)} />
              </Layout.Section>
              <Layout.Section>
                <ApplyCard view={view} result={result} applying={applying} money={money} locale={locale} />
              </Layout.Section>
              <Layout.Section>
                <ZonesTable view={view} locale={locale} money={money} />
              </Layout.Section>
              <Layout.Section>
                <HeavyProducts heavy={view.heavy} locale={locale} money={money} />
              </Layout.Section>
            </>
          )}
        </Layout>
        <Box paddingBlockEnd="800" />
      </Page>
    </PhoneHint.Provider>
  );
}
