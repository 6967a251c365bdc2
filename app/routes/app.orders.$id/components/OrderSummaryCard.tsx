import { Badge, BlockStack, Card, InlineStack, Text, Tooltip } from "@shopify/polaris";

import { FLAG_LABELS, FLAG_TONE, flagTooltip } from "~/components/flags";
import type { FlagThresholds, MoneyFormat } from "~/components/format";
import type { OrderMargin } from "~/domain/margin";

/** The order's net margin and margin %, its flags with their reasons, and what was left out or counted differently. */
export function OrderSummaryCard({
  margin: m,
  notes,
  pct,
  money,
  thresholds,
  locale,
}: {
  margin: Pick<OrderMargin, "netMargin" | "flags">;
  notes: readonly string[];
  pct: string;
  money: MoneyFormat;
  thresholds: FlagThresholds;
  locale: string;
}) {
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
            <Tooltip key={f.code} content={flagTooltip(f.code, thresholds, locale)}>
              <Badge tone={FLAG_TONE[f.code]}>{FLAG_LABELS[f.code]}</Badge>
            </Tooltip>
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
