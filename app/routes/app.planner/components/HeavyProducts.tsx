import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import type { PlannerView } from "~/services/planner.server";

import { PlannerTable } from "./PlannerTable";

/** Products whose shipping costs more than they earn, with the surcharge that would break even. */
export function HeavyProducts({ heavy, locale, money }: { heavy: PlannerView["heavy"]; locale: string; money: MoneyFormat }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Products whose shipping costs more than they earn
          </Text>
          <Badge tone={heavy.length > 0 ? "warning" : "success"}>{String(heavy.length)}</Badge>
        </InlineStack>
        {heavy.length === 0 ? (
          <Text as="p" tone="subdued">
            No product loses money because of shipping in this period.
          </Text>
        ) : (
          <PlannerTable
            label="Products whose shipping costs more than they earn"
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
            headings={["Product", "Units", "Shipping paid per unit", "Net margin", "Surcharge to break even"]}
            rows={heavy.map((h) => [
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
  );
}
