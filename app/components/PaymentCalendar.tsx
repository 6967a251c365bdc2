import { Badge, BlockStack, Box, Button, ButtonGroup, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useState } from "react";

import type { CalendarBucket, CalendarPeriod, PaymentCalendar as Calendar } from "~/domain/payables";
import { addDays } from "~/domain/time";

import { formatDateRange, formatMonth, moneyFormatter } from "./format";

/** "Week 50 · 8–13 Dec 2026" (from today in the current week), "Dec 2026". */
function bucketLabel(b: CalendarBucket, by: CalendarPeriod, locale: string): string {
  if (by === "month") return formatMonth(b.key, locale);
  const week = Number(b.key.slice(b.key.indexOf("W") + 1));
  return `Week ${week} · ${formatDateRange(b.start, addDays(b.end, 1), locale)}`;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/**
 * The supplier payment calendar (app/domain/payables.ts, paymentCalendar): overdue
 * payments first (with their penalties), then each week or month ahead with what falls
 * due, its share of the largest as a bar, and the peaks marked. Both calendars come in;
 * the toggle switches between them. Used by Supplier payments and the Cash page.
 */
export function PaymentCalendar({ week, month, locale = "en", title = "Payment calendar" }: { week: Calendar; month: Calendar; locale?: string; title?: string }) {
  const [by, setBy] = useState<CalendarPeriod>("week");
  const c = by === "week" ? week : month;
  const money = moneyFormatter(c.currency, locale);
  const largest = Math.max(1, ...c.buckets.map((b) => b.amount));
  const ahead = c.buckets.reduce((s, b) => s + b.amount, 0);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            <Text as="p" tone="subdued">
              {`${money(ahead)} to pay in the next ${count(c.buckets.length, by)}${c.later.count > 0 ? `, ${money(c.later.amount)} after` : ""}.`}
            </Text>
          </BlockStack>
          <ButtonGroup variant="segmented">
            <Button pressed={by === "week"} onClick={() => setBy("week")}>
              Weeks
            </Button>
            <Button pressed={by === "month"} onClick={() => setBy("month")}>
              Months
            </Button>
          </ButtonGroup>
        </InlineStack>
        {c.overdue.items.length > 0 ? (
          <Box background="bg-surface-critical" padding="300" borderRadius="200">
            <BlockStack gap="100">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Badge tone="critical">Overdue</Badge>
                  <Text as="span" fontWeight="semibold">
                    {count(c.overdue.items.length, "payment")}
                  </Text>
                </InlineStack>
                <Text as="span" fontWeight="semibold" tone="critical">
                  {c.overdue.penalties > 0 ? `${money(c.overdue.amount)} + ${money(c.overdue.penalties)} penalties` : money(c.overdue.amount)}
                </Text>
              </InlineStack>
              {c.overdue.items.map((o) => (
                <Text as="p" key={o.id} tone="subdued">
                  {`${o.supplierName} · ${o.reference}: ${money(o.amount)}, ${count(o.daysLate, "day")} late${o.penalty > 0 ? `, penalty ${money(o.penalty)}` : ""}`}
                </Text>
              ))}
            </BlockStack>
          </Box>
        ) : null}
        <BlockStack gap="300">
          {c.buckets.map((b) => (
            <BlockStack gap="100" key={b.key}>
              <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span">{bucketLabel(b, by, locale)}</Text>
                  {b.peak ? <Badge tone="attention">Peak</Badge> : null}
                </InlineStack>
                <Text as="span" fontWeight={b.peak ? "semibold" : "regular"} tone={b.amount === 0 ? "subdued" : undefined}>
                  {b.amount === 0 ? "Nothing due" : money(b.amount)}
                </Text>
              </InlineStack>
              {b.amount > 0 ? (
                <>
                  <ProgressBar progress={Math.round((b.amount / largest) * 100)} size="small" tone={b.peak ? "critical" : "primary"} />
                  <Text as="p" variant="bodySm" tone="subdued">
                    {b.items
                      .slice(0, 3)
                      .map((i) => `${i.supplierName} ${money(i.amount)}`)
                      .join(" · ") + (b.items.length > 3 ? ` · and ${b.items.length - 3} more` : "")}
                  </Text>
                </>
              ) : null}
            </BlockStack>
          ))}
        </BlockStack>
        {c.peaks.length > 0 ? (
          <Text as="p" tone="subdued">{`Peak: a ${by} with at least 1.5 times the average ${by} ahead and half the largest. Plan the cash for it, or ask the supplier for longer terms.`}</Text>
        ) : null}
        {c.otherCurrencies.length > 0 ? (
          <Text as="p" tone="subdued">
            {`Not counted above, in other currencies: ${c.otherCurrencies.map((o) => `${moneyFormatter(o.currency, locale)(o.amount)} (${count(o.count, "invoice")})`).join(", ")}.`}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
