import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, Box, Card, EmptyState, Layout, Page } from "@shopify/polaris";

import { moneyFormatter, percentFormatter } from "~/components/format";
import { useSearchParamSetter } from "~/components/search-params";
import db from "~/db.server";
import { shopFacts } from "~/store/cost-settings.server";
import { defaultParams, listParams, parsePromotionsParams, promotionsView } from "~/services/promotions.server";
import { authenticate } from "~/shopify.server";

import { DiscountLimitsCard } from "./components/DiscountLimitsCard";
import { PACK_FIELD_LABELS } from "./components/PackForm";
import { PackSimulatorCard } from "./components/PackSimulatorCard";

/**
 * Promotion limits: the deepest discount each product can take before it loses
 * money or falls under the thin-margin target, and a pack simulator for one
 * product (app/services/promotions.server.ts).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const facts = await shopFacts(db, session.shop);
  const locale = url.searchParams.get("locale") ?? "en";
  const parsed = parsePromotionsParams(url.searchParams, facts.currency, locale);
  // A simulator field that cannot be used is named and nothing is simulated; the table keeps its search and page.
  const params = parsed.ok ? parsed.params : defaultParams(listParams(url.searchParams));
  const view = await promotionsView(db, session.shop, params);
  return { view, params, errors: parsed.ok ? [] : parsed.errors, raw: Object.fromEntries(url.searchParams), locale };
};

export default function Promotions() {
  const { view, params, errors, raw, locale } = useLoaderData<typeof loader>();
  const money = moneyFormatter(view.currency, locale);
  const pct = percentFormatter(locale);
  const [, set] = useSearchParamSetter();

  return (
    <Page title="Promotion limits" subtitle="How deep each product can be discounted, and what a pack offer really earns" backAction={{ content: "Home", url: "/app" }}>
      <Layout>
        {errors.length > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title="Some simulator fields need fixing">
              {/* The fields' own names, as the form labels them: never the query's parameter names. */}
              <p>{errors.map((e) => `${PACK_FIELD_LABELS[e.path] ?? "A field"}: ${e.message}`).join("; ")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {view.total === 0 && params.q === "" ? (
          <Layout.Section>
            <Card>
              <EmptyState heading="No product sold in the last 12 months" image="">
                <p>Limits appear once your synced orders have margins. Check the sync on the home page.</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <PackSimulatorCard view={view} params={params} errors={errors} raw={raw} locale={locale} money={money} pct={pct} />
            </Layout.Section>
            <Layout.Section>
              <DiscountLimitsCard view={view} q={params.q} locale={locale} money={money} pct={pct} set={set} />
            </Layout.Section>
          </>
        )}
      </Layout>
      <Box paddingBlockEnd="800" />
    </Page>
  );
}
