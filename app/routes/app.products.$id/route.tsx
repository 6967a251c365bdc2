import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, Layout, Page } from "@shopify/polaris";

import { adminProductUrl, openInAdmin } from "~/components/admin-links";
import { formatDateRange, moneyFormatter } from "~/components/format";
import db from "~/db.server";
import { productDetail } from "~/services/product-detail.server";
import { parseProductsParams } from "~/services/products-view.server";
import { authenticate } from "~/shopify.server";

import { MonthsCard } from "./components/MonthsCard";
import { ProductOrdersCard } from "./components/ProductOrdersCard";
import { ProductSummaryCard } from "./components/ProductSummaryCard";
import { ProductWaterfall } from "./components/ProductWaterfall";
import { ProfitabilityCard } from "./components/ProfitabilityCard";
import { StockCard } from "./components/StockCard";
import { UnitCostsCard } from "./components/UnitCostsCard";

/** One product: its margin step by step, per unit and for the range; its stock today; its trend; its unit costs. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  if (!params.id || !/^\d+$/.test(params.id)) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const parsed = parseProductsParams(url.searchParams);
  if (!parsed.ok) throw Response.json({ errors: parsed.errors }, { status: 400 });
  const locale = url.searchParams.get("locale") ?? "en";
  const detail = await productDetail(db, session.shop, `gid://shopify/Product/${params.id}`, parsed.params, new Date(), locale);
  if (!detail.product && detail.variants.length === 0) throw new Response("Not found", { status: 404 });
  return { ...detail, productId: `gid://shopify/Product/${params.id}`, locale };
};

export default function ProductPage() {
  const d = useLoaderData<typeof loader>();
  const money = moneyFormatter(d.currency, d.locale);
  const p = d.product;
  const admin = adminProductUrl(d.productId);
  return (
    <Page
      backAction={{ content: "Products", url: "/app/products" }}
      title={d.title ?? "Product"}
      subtitle={`${formatDateRange(d.range.from, d.range.to, d.locale)}, ${d.currency}`}
      // The same product in Shopify's admin (price, cost per item, weight are edited there).
      secondaryActions={admin ? [{ content: "Open in Shopify", onAction: () => openInAdmin(admin) }] : []}
    >
      <Layout>
        {!p ? (
          <Layout.Section>
            <Banner title="No sales in this range">
              <p>This product sold nothing in the range; its stock and unit costs are below.</p>
            </Banner>
          </Layout.Section>
        ) : (
          <Layout.Section>
            <ProductSummaryCard product={p} costMissing={d.costMissing} money={money} locale={d.locale} thresholds={d.thresholds} />
          </Layout.Section>
        )}
        {/* Today's stock, whatever the range: a product that stopped selling is where dead stock shows. */}
        <Layout.Section>
          <StockCard stock={d.stock} money={money} locale={d.locale} />
        </Layout.Section>
        {p && (
          <>
            {/* Without any unit cost the steps would show shipping alone as the margin: left out until a cost is entered. */}
            {!d.costMissing && (
              <Layout.Section>
                <ProductWaterfall product={p} money={money} />
              </Layout.Section>
            )}
            {d.targets?.breakEven && d.targets.thin && (
              <Layout.Section>
                <ProfitabilityCard targets={d.targets} breakEven={d.targets.breakEven} thin={d.targets.thin} money={money} locale={d.locale} />
              </Layout.Section>
            )}
            {/* Its months would read "0 units, €0.00" for the same reason. */}
            {!d.costMissing && (
              <Layout.Section>
                <MonthsCard months={d.months} currency={d.currency} locale={d.locale} money={money} />
              </Layout.Section>
            )}
            <Layout.Section>
              <ProductOrdersCard orders={d.orders} locale={d.locale} money={money} />
            </Layout.Section>
          </>
        )}
        <Layout.Section>
          <UnitCostsCard variants={d.variants} currency={d.currency} money={money} locale={d.locale} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
