import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Layout, Page } from "@shopify/polaris";

import { API_VERSION, config } from "~/config.server";
import db from "~/db.server";
import { localDate } from "~/domain/time";
import { dashboard } from "~/services/dashboard.server";
import { installationStatus } from "~/services/installation.server";
import { onboardingSteps } from "~/services/onboarding.server";
import { stockHealthState } from "~/services/stock.server";
import { resolveRange } from "~/domain/time";
import { parseProductsParams } from "~/services/products-view.server";
import { latestOrders, withMargins } from "~/services/latest-orders.server";
import { adminGraphql } from "~/shopify/admin-client.server";
import { authenticate } from "~/shopify.server";
import { getSyncStatus } from "~/store/sync-state.server";

import { LatestOrdersCard } from "./components/LatestOrdersCard";
import { MarginsCard } from "./components/MarginsCard";
import { SetupCard } from "./components/SetupCard";
import { StockHealthNote } from "./components/StockHealthNote";
import { SyncCard } from "./components/SyncCard";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const url = new URL(request.url);
  // Presets or custom dates (validated as the products page does); "all time" has no previous period to compare with.
  const parsed = parseProductsParams(url.searchParams);
  const rangeErrors = parsed.ok ? [] : parsed.errors.filter((e) => e.path === "range" || e.path === "from" || e.path === "to");
  const chosen = parsed.ok && parsed.params.range !== "all" ? parsed.params : { range: "12m" as const, from: null, to: null };
  const preset = chosen.range;
  const locale = url.searchParams.get("locale") ?? "en";
  const [status, latest, sync] = await Promise.all([
    installationStatus(db, { shop: session.shop, requiredScopes: config().scopes, apiVersion: API_VERSION }),
    // Shopify's latest orders, each with the net margin NetMargin stored for it (issue 17, item 1).
    latestOrders(adminGraphql(admin, session.shop)).then((l) => withMargins(db, session.shop, l)),
    getSyncStatus(db, session.shop),
  ]);
  // Margins need the shop's currency and time zone, known once the install finished.
  const margins = status.currencyCode
    ? await dashboard(db, session.shop, resolveRange(chosen, localDate(new Date().toISOString(), status.ianaTimezone ?? "UTC")), locale)
    : null;
  const onboarding = status.currencyCode ? await onboardingSteps(db, session.shop) : [];
  // Stock items join "Fix these first" after the first stock health refresh: until then Home says so.
  const stockHealth = margins ? await stockHealthState(db, session.shop) : null;
  return { status, latest, sync, margins, preset, custom: { from: chosen.from, to: chosen.to }, rangeErrors, onboarding, locale, stockHealth };
};

export default function Index() {
  const { status, latest, sync, margins, preset, custom, rangeErrors, onboarding, locale, stockHealth } = useLoaderData<typeof loader>();
  return (
    <Page title="NetMargin">
      {/* What loses money and the figures first; the store and its checklist below, folded once the essentials are done (issue 17, item 1). */}
      <Layout>
        {margins && (
          <Layout.Section>
            <MarginsCard margins={margins} preset={preset} custom={custom} rangeErrors={rangeErrors} locale={locale} />
          </Layout.Section>
        )}
        {margins && stockHealth !== "ready" && (
          <Layout.Section>
            <StockHealthNote state={stockHealth} />
          </Layout.Section>
        )}
        {!margins && (
          <Layout.Section>
            <SetupCard status={status} steps={onboarding} />
          </Layout.Section>
        )}
        <Layout.Section>
          <SyncCard sync={sync} timeZone={status.ianaTimezone} />
        </Layout.Section>
        <Layout.Section>
          <LatestOrdersCard latest={latest} timeZone={status.ianaTimezone} locale={locale} />
        </Layout.Section>
        {margins && (
          <Layout.Section>
            <SetupCard status={status} steps={onboarding} />
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
