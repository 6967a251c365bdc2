import { BlockStack, Card, Text } from "@shopify/polaris";

import { formatPercent, type MoneyFormat } from "~/components/format";
import type { PlannerView } from "~/services/planner.server";

type View = Pick<PlannerView, "recommended" | "breakEven" | "thinPercent">;

/** The threshold NetMargin recommends, and why. */
export function RecommendedCard({ view, money }: { view: View; money: MoneyFormat }) {
  const thin = view.breakEven.thin;
  const zero = view.breakEven.zero;
  return (
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
            ? `Orders from this basket value keep at least the ${formatPercent(view.thinPercent)} thin-margin target with shipping paid by you.`
            : zero.kind === "threshold"
              ? `No basket value keeps the ${formatPercent(view.thinPercent)} target; this one keeps the margin at or above 0.`
              : zero.reason}
        </Text>
      </BlockStack>
    </Card>
  );
}

/** The lowest basket value from which free shipping still makes money. */
export function BreakEvenCard({ view, money }: { view: View; money: MoneyFormat }) {
  const zero = view.breakEven.zero;
  return (
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
  );
}
