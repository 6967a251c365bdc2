import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";
import { moneyFormatter, percentFormatter } from "~/components/format";
import { MarginCurve } from "~/components/MarginCurve";
import db from "~/db.server";
import { rateOverlaps, zoneShipping, type RateOverlap, type ZoneToday } from "~/domain/free-shipping";
import { formatDecimal, parseDecimal } from "~/domain/money";
import { shopFacts } from "~/store/cost-settings.server";
import { freeShippingOffers, readShippingZones, type DeliveryGraphql } from "~/services/delivery-rates.server";
import { applyFreeShippingThreshold, findFreeShippingDiscount, type AdminGraphql } from "~/services/free-shipping.server";
import { DEFAULT_UPLIFT_PERCENT, PLANNER_MONTHS, parsePlannerParams, plannerView } from "~/services/planner.server";
import { authenticate } from "~/shopify.server";
import { marginReader } from "~/jobs/runtime.server";

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
  const [found, rates] = await Promise.all([
    findFreeShippingDiscount(admin.graphql as unknown as AdminGraphql),
    readShippingZones(admin.graphql as unknown as DeliveryGraphql, facts.currency),
  ]);
  let current: number | null = null;
  if (found.ok && found.discount?.minimumSubtotal) {
    const p = parseDecimal(found.discount.minimumSubtotal, facts.currency);
    if (p.ok) current = p.value;
  }
  const shipping = rates.ok ? { zones: rates.zones, offers: found.ok ? freeShippingOffers(found, facts.currency) : [] } : null;
  const view = await plannerView(db, marginReader(), session.shop, parsed.params, { current, shipping });
  return {
    view,
    params: parsed.params,
    discount: found.ok ? found.discount : null,
    others: found.ok ? found.others : [],
    discountError: found.ok ? null : found.errors.join(" "),
    shippingError: rates.ok ? null : rates.errors.join(" "),
    otherCurrencyRates: rates.ok ? rates.otherCurrency : [],
    locale: url.searchParams.get("locale") ?? "en",
    choices: { months: PLANNER_MONTHS, defaultUplift: DEFAULT_UPLIFT_PERCENT },
  };
};

type ActionResult =
  | { ok: true; action: "created" | "updated"; threshold: number; currency: string; previous: number | null; overlaps: RateOverlap[] }
  | { ok: false; field: "threshold" | null; errors: string[] };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionResult> => {
  const { session, admin } = await authenticate.admin(request);
  const form = await request.formData();
  const facts = await shopFacts(db, session.shop);
  const text = String(form.get("threshold") ?? "").trim();
  const parsed = parseDecimal(text, facts.currency);
  if (!parsed.ok || parsed.value <= 0) {
    return { ok: false, field: "threshold", errors: [`Threshold: enter an amount in ${facts.currency} greater than 0${parsed.ok ? "" : ` (${parsed.error})`}.`] };
  }
  const r = await applyFreeShippingThreshold(admin.graphql as unknown as AdminGraphql, { threshold: { amount: parsed.value, currency: facts.currency }, now: new Date() });
  if (!r.ok) return { ok: false, field: r.step === "input" ? "threshold" : null, errors: [...r.errors] };
  const before = r.previous?.minimumSubtotal ? parseDecimal(r.previous.minimumSubtotal, facts.currency) : null;
  // Free shipping rates stay in force beside the discount: say where they overlap it.
  const rates = await readShippingZones(admin.graphql as unknown as DeliveryGraphql, facts.currency);
  const overlaps = rates.ok ? rateOverlaps(parsed.value, rates.zones.map(zoneShipping)) : [];
  return { ok: true, action: r.action, threshold: parsed.value, currency: facts.currency, previous: before?.ok ? before.value : null, overlaps };
};

export default function Planner() {
  const { view, params, discount, others, discountError, shippingError, otherCurrencyRates, locale, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [search, setSearch] = useSearchParams();
  const money = moneyFormatter(view.currency, locale);
  const pct = percentFormatter(locale);
  const [uplift, setUplift] = useState(String(params.upliftPercent));
  const suggested = view.recommended ?? view.current;
  const [threshold, setThreshold] = useState(suggested === null ? "" : formatDecimal(suggested, view.currency));
  useEffect(() => setThreshold(suggested === null ? "" : formatDecimal(suggested, view.currency)), [suggested, view.currency]);
  useEffect(() => {
    if (result?.ok) showToast(`Free shipping from ${money(result.threshold)} is set`);
    else if (result && !result.ok) showToast("The threshold was not applied", { isError: true });
    // Once per action result.
  }, [result]);
  const applying = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const loading = navigation.state === "loading";
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setSearch(next);
  };
  const rec = view.atRecommended;
  const cur = view.atCurrent;
  const thin = view.breakEven.thin;
  const zero = view.breakEven.zero;
  const basis = view.pricesIncludeTax ? "tax included, shipping excluded, after discounts" : "before tax, shipping excluded, after discounts";
  /** A Shopify decimal ("60.0") in the shop currency, formatted like every amount on the page. */
  const decimalMoney = (text: string) => {
    const p = parseDecimal(text, view.currency);
    return p.ok ? money(p.value) : text;
  };
  // Free shipping today: the default profile's zones (the rates most products ship with).
  const todayZones = view.today === null ? null : view.today.some((z) => z.defaultProfile) ? view.today.filter((z) => z.defaultProfile) : view.today;
  const todayThresholds = (todayZones ?? []).map((z) => z.threshold).filter((t): t is number => t !== null);
  const lowestToday = todayThresholds.length === 0 ? null : Math.min(...todayThresholds);
  const typed = parseDecimal(threshold, view.currency);
  const overlaps = typed.ok && typed.value > 0 && view.today !== null ? rateOverlaps(typed.value, view.today) : [];

  return (
    <Page
      title="Free-shipping planner"
      subtitle={`Your last ${view.period.months} months of orders, replayed as if shipping had been free from a basket value`}
      backAction={{ content: "Home", url: "/app" }}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <Form method="get">
              <InlineStack gap="400" blockAlign="end" wrap>
                <Box minWidth="180px">
                  <Select
                    label="Orders replayed"
                    name="months"
                    options={choices.months.map((m) => ({ label: `Last ${m} months`, value: String(m) }))}
                    value={String(params.months)}
                    onChange={(v) => set({ months: v })}
                  />
                </Box>
                <Box minWidth="220px">
                  <TextField
                    label="Customers who add an item to reach the threshold"
                    name="uplift"
                    type="number"
                    min={0}
                    max={100}
                    suffix="%"
                    autoComplete="off"
                    value={uplift}
                    onChange={setUplift}
                    helpText={`Of the orders just below it. ${choices.defaultUplift} % is cautious; 0 % ignores it.`}
                  />
                </Box>
                <Button submit loading={loading}>
                  Replay
                </Button>
              </InlineStack>
            </Form>
          </Card>
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
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingSm">
                      Recommended threshold
                    </Text>
                    <Text as="p" variant="heading2xl" tone={view.recommended === null ? "critical" : undefined}>
                      {view.recommended === null ? "None" : money(view.recommended)}
                    </Text>
                    <Text as="p" tone="subdued">
                      {thin.kind === "threshold"
                        ? `Orders from this basket value keep at least the ${view.thinPercent} % thin-margin target with shipping paid by you.`
                        : zero.kind === "threshold"
                          ? `No basket value keeps the ${view.thinPercent} % target; this one keeps the margin at or above 0.`
                          : zero.reason}
                    </Text>
                  </BlockStack>
                </Card>
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingSm">
                      Break-even threshold
                    </Text>
                    <Text as="p" variant="heading2xl">
                      {zero.kind === "threshold" ? money(zero.threshold) : "None"}
                    </Text>
                    <Text as="p" tone="subdued">
                      {zero.kind === "threshold"
                        ? `The lowest basket value from which free-shipping orders still make money (0 margin). Below it you pay to ship.`
                        : zero.reason}
                    </Text>
                  </BlockStack>
                </Card>
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingSm">
                      Free shipping on your store today
                    </Text>
                    <Text as="p" variant="heading2xl">
                      {todayZones === null
                        ? view.current === null
                          ? "No threshold"
                          : money(view.current)
                        : lowestToday === null
                          ? "None"
                          : new Set(todayZones.map((z) => z.threshold)).size > 1
                            ? `From ${money(lowestToday)}`
                            : money(lowestToday)}
                    </Text>
                    {todayZones !== null && todayZones.length > 0 ? (
                      <BlockStack gap="100">
                        {todayZones.slice(0, 6).map((z) => (
                          <Text as="p" tone="subdued" key={`${z.profile}/${z.zone}`}>
                            {zoneTodayLine(z, money)}
                          </Text>
                        ))}
                      </BlockStack>
                    ) : null}
                    <Text as="p" tone="subdued">
                      {discountError
                        ? `Shopify did not answer about discounts: ${discountError}`
                        : discount
                          ? `NetMargin's discount: “${discount.title}” (${discount.status.toLowerCase()}).`
                          : "NetMargin has not set a free-shipping discount yet."}
                    </Text>
                    {shippingError ? (
                      <Text as="p" tone="caution">
                        Shipping rates: {shippingError}
                      </Text>
                    ) : null}
                    {otherCurrencyRates.length > 0 ? (
                      <Text as="p" tone="subdued">
                        Left out, priced in another currency than {view.currency}: {otherCurrencyRates.join(", ")}.
                      </Text>
                    ) : null}
                    {others.length > 0 ? (
                      <Banner tone="warning">
                        <p>
                          Also on your store: {others.map((o) => `“${o.title}”${o.minimumSubtotal ? ` from ${decimalMoney(o.minimumSubtotal)}` : " (no minimum)"}`).join(", ")}. Shopify gives
                          customers the best free-shipping discount that applies, so a lower threshold there wins over NetMargin&apos;s.
                        </p>
                      </Banner>
                    ) : null}
                  </BlockStack>
                </Card>
              </InlineGrid>
            </Layout.Section>

            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Net margin change by threshold
                  </Text>
                  <Text as="p" tone="subdued">
                    Change of the total net margin of {view.orders.toLocaleString(locale)} orders ({money(view.baseline)} today) had shipping been free from each basket value,
                    without and with the basket-uplift assumption.
                  </Text>
                  <MarginCurve
                    points={view.curve}
                    currency={view.currency}
                    locale={locale}
                    current={view.current}
                    recommended={view.recommended}
                  />
                </BlockStack>
              </Card>
            </Layout.Section>

            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    What changes at each threshold
                  </Text>
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                    headings={["Threshold", "Orders qualifying", "Shipping revenue given up", "Net margin change", "With uplift", "Per order"]}
                    rows={[
                      ...(rec ? [[`${money(rec.threshold)} (recommended)`, pct(rec.withoutUplift.qualifyingShareBp), money(rec.withoutUplift.shippingRevenueLost), money(rec.withoutUplift.netMarginChange), money(rec.withUplift.netMarginChange), money(rec.withoutUplift.netMarginChangePerOrder)]] : []),
                      ...(cur && cur.threshold !== rec?.threshold ? [[`${money(cur.threshold)} (on your store)`, pct(cur.withoutUplift.qualifyingShareBp), money(cur.withoutUplift.shippingRevenueLost), money(cur.withoutUplift.netMarginChange), money(cur.withUplift.netMarginChange), money(cur.withoutUplift.netMarginChangePerOrder)]] : []),
                    ]}
                  />
                  {rec && rec.newLossMakers.length > 0 ? (
                    <Text as="p" tone="subdued">
                      At {money(rec.threshold)}, {view.curve.find((p) => p.threshold === rec.threshold)?.newLossMakers ?? rec.newLossMakers.length} profitable orders would have lost money, for example{" "}
                      {rec.newLossMakers.slice(0, 5).join(", ")}.
                    </Text>
                  ) : null}
                  <Text as="p" tone="subdued">
                    Basket value: the cart subtotal, {basis}. NetMargin assumes Shopify compares both a discount&apos;s minimum order value and a shipping rate&apos;s
                    minimum order price with this amount: Shopify&apos;s documentation does not say whether discounts and taxes count, so check one order near your threshold.{" "}
                    {view.typicalItem
                      ? `Uplift: ${params.upliftPercent} % of the orders short of the threshold by at most ${money(view.typicalItem.basketPrice)} add one “${view.typicalItem.title}”, your typical item by margin (${money(view.typicalItem.marginalMargin)} more margin each).`
                      : "Uplift: no item sold in the period, so it is left out."}
                  </Text>
                </BlockStack>
              </Card>
            </Layout.Section>

            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Apply to Shopify
                  </Text>
                  <Text as="p" tone="subdued">
                    Creates NetMargin&apos;s automatic free-shipping discount with this minimum order value, or updates it if it exists, and saves the value in an app metafield so
                    your theme can show &ldquo;add X for free shipping&rdquo;.
                  </Text>
                  {result?.ok ? (
                    <Banner tone="success" title={`Free shipping from ${money(result.threshold)} is set on your store`}>
                      <p>
                        {result.action === "created" ? "NetMargin created its automatic free-shipping discount." : `NetMargin updated its discount${result.previous !== null ? ` (it was ${money(result.previous)})` : ""}.`}
                        {result.overlaps.length > 0 ? ` Your free shipping rates stay in force beside it (${result.overlaps.map((o) => zoneLabel(o)).join(", ")}).` : ""}
                      </p>
                    </Banner>
                  ) : null}
                  {result && !result.ok && result.field === null ? (
                    <Banner tone="critical" title="Shopify did not apply the threshold">
                      <List>
                        {result.errors.map((e) => (
                          <List.Item key={e}>{e}</List.Item>
                        ))}
                      </List>
                    </Banner>
                  ) : null}
                  {overlaps.length > 0 ? (
                    <Banner tone="warning" title="A shipping rate already gives free shipping">
                      <BlockStack gap="200">
                        <List>
                          {overlaps.map((o) => (
                            <List.Item key={`${o.profile}/${o.zone}`}>{overlapLine(o, money)}</List.Item>
                          ))}
                        </List>
                        <p>
                          The discount does not replace a free rate. To move the threshold in these zones, change or remove the rate in Shopify&apos;s Settings, Shipping and delivery.
                        </p>
                      </BlockStack>
                    </Banner>
                  ) : null}
                  <Form method="post">
                    <FormLayout>
                      <InlineStack gap="300" blockAlign="end">
                        <Box minWidth="200px">
                          <TextField
                            label="Minimum order value for free shipping"
                            name="threshold"
                            prefix={view.currency}
                            autoComplete="off"
                            value={threshold}
                            onChange={setThreshold}
                            error={result && !result.ok && result.field === "threshold" ? result.errors.join(" ") : undefined}
                          />
                        </Box>
                        <Button submit variant="primary" loading={applying}>
                          Apply to Shopify
                        </Button>
                      </InlineStack>
                    </FormLayout>
                  </Form>
                </BlockStack>
              </Card>
            </Layout.Section>

            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    By destination
                  </Text>
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                    headings={["Zone", "Orders", "Customers pay", "Free today from", "Break-even", "Recommended"]}
                    rows={view.zones.slice(0, 12).map((z) => [
                      z.zone,
                      z.orders.toLocaleString(locale),
                      z.today === null || z.today.paid === null ? "—" : z.today.paid.min === z.today.paid.max ? money(z.today.paid.min) : `${money(z.today.paid.min)} – ${money(z.today.paid.max)}`,
                      z.today === null ? "—" : z.today.threshold === null ? "Never" : `${z.today.varies ? "From " : ""}${money(z.today.threshold)}${sourceNote(z.today.source)}`,
                      z.breakEven.zero.kind === "threshold" ? money(z.breakEven.zero.threshold) : "None",
                      z.recommended === null ? "None" : money(z.recommended),
                    ])}
                  />
                  <Text as="p" tone="subdued">
                    Zones are your shipping rules&apos; country lists, else the destination country. A zone with a higher break-even costs more to ship free.
                    {view.today !== null
                      ? " “Customers pay” and “Free today from” come from your Shopify shipping rates and free-shipping discounts, whichever is lower."
                      : ""}
                  </Text>
                </BlockStack>
              </Card>
            </Layout.Section>

            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Products whose shipping costs more than they earn
                    </Text>
                    <Badge tone={view.heavy.length > 0 ? "warning" : "success"}>{String(view.heavy.length)}</Badge>
                  </InlineStack>
                  {view.heavy.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No product loses money because of shipping in this period.
                    </Text>
                  ) : (
                    <DataTable
                      columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
                      headings={["Product", "Units", "Shipping paid per unit", "Net margin", "Surcharge to break even"]}
                      rows={view.heavy.map((h) => [
                        h.title,
                        h.units.toLocaleString(locale),
                        money(h.shippingPaidPerUnit),
                        money(h.netMargin),
                        h.surchargePerUnit === null ? "—" : `${money(h.surchargePerUnit)} per unit${h.lossBeforeShipping ? " (loses money before shipping too)" : ""}`,
                      ])}
                    />
                  )}
                </BlockStack>
              </Card>
            </Layout.Section>
          </>
        )}
      </Layout>
      <Box paddingBlockEnd="800" />
    </Page>
  );
}

/** "France" or "Heavy items: France" for a zone outside the default shipping profile. */
function zoneLabel(z: { zone: string; profile: string; defaultProfile: boolean }): string {
  return z.defaultProfile ? z.zone : `${z.profile}: ${z.zone}`;
}

function sourceNote(source: ZoneToday["source"]): string {
  if (source === null) return "";
  return source.kind === "rate" ? " (shipping rate)" : source.netMargin ? " (NetMargin's discount)" : " (discount)";
}

function paidText(paid: ZoneToday["paid"], money: (minor: number) => string): string {
  if (paid === null) return "—";
  if (paid.min === paid.max) return money(paid.min);
  return `${money(paid.min)} to ${money(paid.max)}${paid.byWeight ? " by weight" : ""}`;
}

/** One zone's free shipping today, in a sentence. */
function zoneTodayLine(z: ZoneToday, money: (minor: number) => string): string {
  const pay = z.paid === null ? "" : ` Below it, customers pay ${paidText(z.paid, money)}.`;
  if (z.threshold === null || z.source === null) return `${zoneLabel(z)}: no free shipping.${pay}`;
  const how = z.source.kind === "rate" ? `shipping rate “${z.source.name}”` : `${z.source.netMargin ? "NetMargin's discount" : "discount"} “${z.source.title}”`;
  return `${zoneLabel(z)}: free from ${money(z.threshold)} (${how}).${pay}`;
}

/** What a discount from `o.threshold` does where a free rate already exists. */
function overlapLine(o: RateOverlap, money: (minor: number) => string): string {
  if (o.kind === "discount-first") {
    return `${zoneLabel(o)}: customers between ${money(o.threshold)} and ${money(o.rateFrom)} get free shipping through the discount; from ${money(o.rateFrom)} your shipping rate “${o.rate}” already makes it free.`;
  }
  return `${zoneLabel(o)}: your shipping rate “${o.rate}” already ships free from ${money(o.rateFrom)}, so a discount from ${money(o.threshold)} changes nothing there.`;
}
