import { BlockStack, Card, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import type { PromotionsParams, PromotionsView } from "~/services/promotions.server";

import { PackForm } from "./PackForm";
import { PackResult } from "./PackResult";

/** The pack simulator: one product and one offer, then what the pack earns against the same units at list price. */
export function PackSimulatorCard(props: {
  view: Pick<PromotionsView, "currency" | "choices" | "pack">;
  params: PromotionsParams;
  errors: readonly { path: string; message: string }[];
  /** The query as typed, so a field that could not be used keeps its text. */
  raw: Record<string, string | undefined>;
  locale: string;
  money: MoneyFormat;
  pct: (basisPoints: number) => string;
}) {
  const { view, locale, money, pct } = props;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Pack simulator
        </Text>
        <PackForm view={view} params={props.params} errors={props.errors} raw={props.raw} locale={locale} />
        {view.pack ? <PackResult pack={view.pack} locale={locale} money={money} pct={pct} /> : null}
      </BlockStack>
    </Card>
  );
}
