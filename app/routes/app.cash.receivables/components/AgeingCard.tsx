import { BlockStack, Box, Card, InlineGrid, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import { UNPAID_GRACE_DAYS, type AgeBucket, type ReceivablesSummary } from "~/domain/receivables";

const BUCKETS: { key: AgeBucket; label: string }[] = [
  { key: "notDue", label: "Not yet due" },
  { key: "days0to30", label: "0–30 days" },
  { key: "days31to60", label: "31–60 days" },
  { key: "days60plus", label: "Over 60 days" },
];

const orders = (n: number) => `${n} ${n === 1 ? "order" : "orders"}`;

/** What customers owe, by age; how the age is counted, in words. */
export function AgeingCard({ summary, money }: { summary: ReceivablesSummary; money: MoneyFormat }) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Customers owe you {money(summary.total.amount)}
          </Text>
          <Text as="p" tone="subdued">
            {summary.total.count === 0
              ? "Every order is paid: nothing pending, authorized or partially paid."
              : `${orders(summary.total.count)} pending, authorized or partially paid, ${money(summary.overdue.amount)} of it overdue (${orders(summary.overdue.count)}).`}
          </Text>
        </BlockStack>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          {BUCKETS.map((b) => (
            <Box key={b.key} background="bg-surface-secondary" padding="300" borderRadius="200">
              <div data-bucket={b.key}>
                <BlockStack gap="100">
                  <Text as="p" variant="bodySm" tone="subdued">
                    {b.label}
                  </Text>
                  <Text as="p" variant="headingLg" numeric tone={b.key === "days60plus" && summary.buckets[b.key].amount > 0 ? "critical" : undefined}>
                    {money(summary.buckets[b.key].amount)}
                  </Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {orders(summary.buckets[b.key].count)}
                  </Text>
                </BlockStack>
              </div>
            </Box>
          ))}
        </InlineGrid>
        <Text as="p" variant="bodySm" tone="subdued">
          Orders with payment terms (such as Net 30) count their days from the due date; the others from the order date, and are overdue {UNPAID_GRACE_DAYS} days after it.
        </Text>
      </BlockStack>
    </Card>
  );
}
