import { BlockStack, Card, Text } from "@shopify/polaris";

import { formatPercent, type MoneyFormat } from "~/components/format";
import type { ProductDetail } from "~/services/product-detail.server";

type Targets = NonNullable<ProductDetail["targets"]>;

/** The price rise or the unit-cost cut that would reach break-even and the thin-margin target. */
export function ProfitabilityCard(props: {
  targets: Pick<Targets, "thinPercent" | "variablePercent">;
  breakEven: NonNullable<Targets["breakEven"]>;
  thin: NonNullable<Targets["thin"]>;
  money: MoneyFormat;
  locale: string;
}) {
  const { targets, breakEven, thin, money, locale } = props;
  const thinPct = formatPercent(targets.thinPercent, locale);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          What would make it profitable
        </Text>
        <Text as="p">
          Price: {breakEven.priceIncreasePerUnit === 0 ? "already at or above break-even" : `${money(breakEven.priceIncreasePerUnit)} more per unit breaks even`};{" "}
          {thin.priceIncreasePerUnit === 0 ? `already at the ${thinPct} target` : `${money(thin.priceIncreasePerUnit)} more reaches ${thinPct}`} (unit price today{" "}
          {money(breakEven.currentPricePerUnit)}, after discounts and before tax).
        </Text>
        <Text as="p">
          Unit cost: {breakEven.unitCostDecrease === 0 ? "no cut needed to break even" : `${money(breakEven.unitCostDecrease)} less per unit breaks even`};{" "}
          {thin.unitCostDecrease === 0 ? `already at the ${thinPct} target` : `${money(thin.unitCostDecrease)} less reaches ${thinPct}`} (today {money(breakEven.currentCostPerUnit)}).
        </Text>
        <Text as="p" tone="subdued">
          A price rise keeps {formatPercent(100 - targets.variablePercent, locale)} of itself: payment fees and provisions take {formatPercent(targets.variablePercent, locale)} of revenue. Same sales assumed.
        </Text>
      </BlockStack>
    </Card>
  );
}
