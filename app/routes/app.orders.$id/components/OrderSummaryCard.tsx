import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";

import { FLAG_LABELS } from "~/components/flags";
import type { MoneyFormat } from "~/components/format";
import type { OrderMargin } from "~/domain/margin";

/** The order's net margin and margin %, its flags with their reasons, and what was left out or counted differently. */
export function OrderSummaryCard({ margin: m, notes, pct, money }: { margin: Pick<OrderMargin, "netMargin" | "flags">; notes: readonly string[]; pct: string; money: MoneyFormat }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="300" blockAlign="center">
          <Text as="h2" variant="headingLg" tone={m.netMargin < 0 ? "critical" : undefined}>
            {money(m.netMargin)}
          </Text>
          <Text as="span" tone="subdued">
            net margin, {pct} of net revenue
          </Text>
          {m.flags.map((f) => (
            <Badge key={f.code} tone={f.code === "LOSS" ? "critical" : f.code === "DISCOUNT_DRIVEN" ? "info" : "warning"}>
              {FLAG_LABELS[f.code]}
            </Badge>
          ))}
        </InlineStack>
        {m.flags.map((f) => (
          <Text as="p" key={f.code}>
            {f.reason}
          </Text>
        ))}
        {notes.map((note) => (
          <Text as="p" tone="subdued" key={note}>
            {note}
          </Text>
        ))}
      </BlockStack>
    </Card>
  );
}
