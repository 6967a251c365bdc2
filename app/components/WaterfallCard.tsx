/**
 * "From revenue to net margin": the cost steps from net revenue to net margin as a
 * table, with the waterfall chart where the page has room for it. Home, a product
 * and an order show it, each with its own columns beside "Step".
 */
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

import { WaterfallChart, type WaterfallStepProps } from "./Charts";

export function WaterfallCard(props: {
  /** The two value columns after "Step". */
  columns: readonly [string, string];
  /** One row per step: its label and the two values, formatted. */
  rows: readonly (readonly [string, string, string])[];
  chart?: { steps: readonly WaterfallStepProps[]; currency: string; locale: string };
  /** Inside another card: a sub-heading and no card of its own. */
  inset?: boolean;
  /** Notes under the table. */
  children?: ReactNode;
}) {
  const body = (
    <>
      <Text as={props.inset ? "h3" : "h2"} variant={props.inset ? "headingSm" : "headingMd"}>
        From revenue to net margin
      </Text>
      {props.chart ? <WaterfallChart steps={props.chart.steps} currency={props.chart.currency} locale={props.chart.locale} /> : null}
      <DataTable columnContentTypes={["text", "numeric", "numeric"]} headings={["Step", ...props.columns]} rows={props.rows.map((r) => [...r])} />
      {props.children}
    </>
  );
  if (props.inset) return <BlockStack gap="150">{body}</BlockStack>;
  return (
    <Card>
      <BlockStack gap="200">{body}</BlockStack>
    </Card>
  );
}
