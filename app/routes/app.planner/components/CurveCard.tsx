import { BlockStack, Card, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import { MarginCurve } from "~/components/MarginCurve";
import type { PlannerView } from "~/services/planner.server";

/** The change of the period's net margin at each candidate threshold, charted. */
export function CurveCard({ view, locale, money }: { view: Pick<PlannerView, "orders" | "baseline" | "curve" | "currency" | "current" | "recommended">; locale: string; money: MoneyFormat }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Net margin change by threshold
        </Text>
        <Text as="p" tone="subdued">
          Change of the total net margin of {view.orders.toLocaleString(locale)} orders ({money(view.baseline)} today) had shipping been free from each basket value,
          without and with the basket-uplift assumption.
        </Text>
        <MarginCurve points={view.curve} currency={view.currency} locale={locale} current={view.current} recommended={view.recommended} />
      </BlockStack>
    </Card>
  );
}
