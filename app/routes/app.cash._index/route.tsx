import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useState } from "react";

import { formatDate, formatMonth, moneyFormatter, type MoneyFormat } from "~/components/format";
import { PaymentCalendar } from "~/components/PaymentCalendar";
import { useCsvExport } from "~/components/ListControls";
import db from "~/db.server";
import { parseOpeningBalance } from "~/domain/cash";
import { currencyExponent } from "~/domain/money";
import { localDate } from "~/domain/time";
import { readJsonBody } from "~/services/body-limit.server";
import { cashView, type CashMonthView } from "~/services/cash.server";
import { cashSources } from "~/services/cash-sources.server";
import { authenticate } from "~/shopify.server";
import { saveOpeningBalance } from "~/store/cash-balance.server";
import { shopFacts } from "~/store/cost-settings.server";

import { CycleTrendChart } from "./components/CycleTrendChart";
import { OpeningBalanceForm } from "./components/OpeningBalanceForm";
import { WhatIfCard } from "./components/WhatIfCard";

/**
 * Cash (issue 19, items 5-7): the cash KPIs of the last complete month against the month before,
 * the cash conversion cycle with its three components explained and its trend, what-if levers,
 * receivables and payables today, and the bank balance form (app/services/cash.server.ts).
 *
 * POST JSON `{ intent: "balance", date, amount }`: saves the bank balance at that date; 422 with
 * each field's problem named, nothing written.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const locale = url.searchParams.get("locale") ?? "en";
  const view = await cashView(db, session.shop, { locale, sources: cashSources(db) });
  return { view, locale };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const read = await readJsonBody(request, 16 * 1024);
  if (!read.ok) return read.response;
  const body = (typeof read.body === "object" && read.body !== null && !Array.isArray(read.body) ? read.body : {}) as Record<string, unknown>;
  if (body.intent !== "balance") return Response.json({ errors: [{ path: "intent", message: "This action is not one the Cash page knows: reload the page." }] }, { status: 422 });
  const facts = await shopFacts(db, session.shop);
  const parsed = parseOpeningBalance({ date: body.date, amount: body.amount }, currencyExponent(facts.currency), localDate(new Date().toISOString(), facts.timeZone));
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 422 });
  await saveOpeningBalance(db, session.shop, parsed.value, facts.currency);
  return Response.json({ saved: true });
};

/** "+12.5 % vs Oct 2026", or the change in money when the month before was 0. */
function change(now: number | null, before: number | null, money: MoneyFormat): string | null {
  if (now === null || before === null) return null;
  if (before === 0) return now === 0 ? "no change" : `${now > 0 ? "+" : "−"}${money(Math.abs(now))}`;
  const pct = ((now - before) / Math.abs(before)) * 100;
  // A no-break space: "%" never wraps onto a line of its own in a narrow tile.
  return `${pct >= 0 ? "+" : "−"}${Math.abs(pct).toFixed(1)}\u00a0%`;
}

function Tile(props: { label: string; value: string; before?: string | null; delta?: string | null; note?: string; testId: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="bodySm" tone="subdued">
          {props.label}
        </Text>
        <Text as="p" variant="headingLg" id={props.testId}>
          {props.value}
        </Text>
        {props.before !== undefined && (
          <Text as="p" variant="bodySm" tone="subdued">
            {props.before === null ? "Not known the month before" : `${props.before} the month before${props.delta ? ` (${props.delta})` : ""}`}
          </Text>
        )}
        {props.note && (
          <Text as="p" variant="bodySm" tone="subdued">
            {props.note}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

const days = (d: number | null) => (d === null ? "—" : `${d.toFixed(1)} days`);

export default function Cash() {
  const { view, locale } = useLoaderData<typeof loader>();
  const money = moneyFormatter(view.currency, locale);
  const [exportError, setExportError] = useState<string | null>(null);
  const csv = useCsvExport("/app/cash/csv", "netmargin-cash.csv", setExportError);
  const focus = view.months.find((m) => m.month === view.focus) as CashMonthView;
  const before = view.months.find((m) => m.month === view.previous) ?? null;
  const focusLabel = formatMonth(view.focus, locale);
  const amount = (v: number | null) => (v === null ? "Not known" : money(v));
  const tile = (label: string, testId: string, pick: (m: CashMonthView) => number | null, note?: string) => (
    <Tile label={label} testId={testId} value={amount(pick(focus))} before={before ? (pick(before) === null ? null : money(pick(before)!)) : null} delta={before ? change(pick(focus), pick(before), money) : null} note={note} />
  );
  const e = view.explanations;

  return (
    <Page title="Cash" subtitle={`${focusLabel} (the last complete month${view.focus === view.months.at(-2)?.month ? "" : " with sales"}) against ${formatMonth(view.previous, locale)}; today ${formatDate(view.today, locale)}; amounts in ${view.currency}`} secondaryActions={[{ content: "Export monthly KPIs (CSV)", onAction: csv.run, loading: csv.busy }]}>
      <Layout>
        {exportError && (
          <Layout.Section>
            <Banner tone="critical" title="The CSV export failed" onDismiss={() => setExportError(null)}>
              <p>{exportError}. Try again in a moment.</p>
            </Banner>
          </Layout.Section>
        )}
        {view.notices.length > 0 && (
          <Layout.Section>
            <Banner tone="info" title="Some of your cash picture is missing">
              <BlockStack gap="100">
                {view.notices.map((n) => (
                  <p key={n.key} data-notice={n.key}>
                    {n.message}
                  </p>
                ))}
              </BlockStack>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="300">
            <Box paddingInlineStart={{ xs: "400", sm: "0" }}>
              <Text as="h2" variant="headingMd">
                {focusLabel}
              </Text>
            </Box>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              {tile("Revenue", "tile-revenue", (m) => m.revenue)}
              {tile("Gross margin", "tile-gross", (m) => m.grossMargin, "Revenue minus the cost of goods sold.")}
              {tile("Net margin", "tile-net", (m) => m.netMargin, "After every cost in your settings.")}
              {tile("Stock value at cost", "tile-stock", (m) => m.stockValue, "At the month's end, recorded from install on.")}
              {tile("Supplier payables", "tile-payables", (m) => m.payables, "Invoices received, not yet paid, at the month's end.")}
              {tile("Net cash flow", "tile-flow", (m) => m.netCashFlow, "Money in minus money out.")}
              {tile("Cash burn", "tile-burn", (m) => m.burn, "Net cash out, when more left than came in.")}
              <Tile
                label="Bank balance today"
                testId="tile-balance"
                value={view.balanceNow === null ? "Enter a balance" : money(view.balanceNow)}
                note={
                  view.runwayMonths !== null
                    ? `Runway about ${view.runwayMonths.toFixed(1)} months at the last three months' average burn of ${money(view.averageBurn)}.`
                    : view.balanceNow === null
                      ? "From the balance you enter below."
                      : "Not burning cash over the last three months."
                }
              />
            </InlineGrid>
          </BlockStack>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <BlockStack gap="100">
                <Text as="h2" variant="headingMd">
                  Cash conversion cycle in {focusLabel}
                </Text>
                <InlineStack gap="200" blockAlign="baseline">
                  <Text as="p" variant="heading2xl" id="ccc-days">
                    {days(focus.cycle.ccc)}
                  </Text>
                  {before && before.cycle.ccc !== null && focus.cycle.ccc !== null && (
                    <Text as="p" tone="subdued">
                      {days(before.cycle.ccc)} in {formatMonth(view.previous, locale)}
                    </Text>
                  )}
                </InlineStack>
                <Text as="p">{e.ccc.explanation}</Text>
              </BlockStack>
              <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                {(
                  [
                    ["Days in stock", e.dio, "cycle-dio"],
                    ["Days to get paid", e.dso, "cycle-dso"],
                    ["Days before you pay suppliers", e.dpo, "cycle-dpo"],
                  ] as const
                ).map(([label, c, id]) => (
                  <Box key={id} background="bg-surface-secondary" padding="300" borderRadius="200">
                    <BlockStack gap="100">
                      <Text as="h3" variant="bodySm" tone="subdued">
                        {label}
                      </Text>
                      <Text as="p" variant="headingLg" id={id}>
                        {days(c.days)}
                      </Text>
                      <Text as="p" variant="bodySm">
                        {c.explanation}
                      </Text>
                    </BlockStack>
                  </Box>
                ))}
              </InlineGrid>
              <CycleTrendChart months={view.months.map((m) => ({ month: m.month, ...m.cycle }))} locale={locale} />
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <WhatIfCard input={focus.cycleInput} money={money} monthLabel={focusLabel} />
        </Layout.Section>

        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Customers owe you
                </Text>
                {view.receivables === null ? (
                  <Text as="p" tone="subdued">
                    NetMargin has not read your unpaid orders yet: they appear after the next sync.
                  </Text>
                ) : (
                  <>
                    <Text as="p" variant="headingLg" id="receivables-total">
                      {money(view.receivables.total)}
                    </Text>
                    <Text as="p">
                      {view.receivables.orders.toLocaleString(locale)} unpaid order{view.receivables.orders === 1 ? "" : "s"}
                      {view.receivables.overdueOrders > 0 ? `; ${view.receivables.overdueOrders.toLocaleString(locale)} overdue for ${money(view.receivables.overdue)}` : ", none overdue"}.
                    </Text>
                  </>
                )}
                <RemixLink to="/app/cash/receivables">See unpaid orders and their ageing</RemixLink>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  You owe suppliers
                </Text>
                <Text as="p" variant="headingLg" id="payables-total">
                  {money(view.payables.total)}
                </Text>
                {view.payables.invoices === 0 ? (
                  <Text as="p" tone="subdued">
                    No supplier invoices entered yet.
                  </Text>
                ) : (
                  <Text as="p">
                    {money(view.payables.next30)} due in the next 30 days
                    {view.payables.overdueCount > 0
                      ? `; ${view.payables.overdueCount} overdue for ${money(view.payables.overdue)}${view.payables.penalties > 0 ? ` (penalties ${money(view.payables.penalties)})` : ""}`
                      : ", none overdue"}
                    .
                  </Text>
                )}
                {view.upcoming.length > 0 && (
                  <BlockStack gap="100">
                    {view.upcoming.map((u) => (
                      <InlineStack key={`${u.supplierName}-${u.reference}`} gap="200" align="space-between" wrap={false}>
                        <Text as="span" truncate>
                          {u.supplierName} · {u.reference}
                        </Text>
                        <InlineStack gap="200" wrap={false}>
                          {u.overdue && <Badge tone="critical">Overdue</Badge>}
                          <Text as="span">
                            {money(u.amount)} on {formatDate(u.dueDate, locale)}
                          </Text>
                        </InlineStack>
                      </InlineStack>
                    ))}
                  </BlockStack>
                )}
                <RemixLink to="/app/cash/invoices">{view.payables.invoices === 0 ? "Enter or import supplier invoices" : "See the payment calendar"}</RemixLink>
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>

        {view.payables.invoices > 0 && (
          <Layout.Section>
            <PaymentCalendar week={view.calendar.week} month={view.calendar.month} locale={locale} title="Supplier payment calendar" />
          </Layout.Section>
        )}

        <Layout.Section>
          <OpeningBalanceForm opening={view.opening} today={view.today} currency={view.currency} money={money} locale={locale} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
