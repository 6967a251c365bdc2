import { Form } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, FormLayout, InlineStack, List, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import type { MoneyFormat } from "~/components/format";
import { rateOverlaps, type RateOverlap } from "~/domain/free-shipping";
import { formatDecimal, parseDecimal } from "~/domain/money";
import type { PlannerView } from "~/services/planner.server";

import { overlapLine, zoneLabel } from "./zone-lines";

/** What the route's action answers (the fields this card shows). */
export type ApplyResult =
  | { ok: true; action: "created" | "updated"; threshold: number; previous: number | null; overlaps: readonly RateOverlap[] }
  | { ok: false; field: "threshold" | null; errors: readonly string[] };

/**
 * "Apply to Shopify": the threshold (the recommended one to start with) posted to the
 * route's action, its answer, and a warning while the typed amount overlaps a free rate.
 */
export function ApplyCard(props: {
  view: Pick<PlannerView, "recommended" | "current" | "currency" | "today">;
  result: ApplyResult | undefined;
  applying: boolean;
  money: MoneyFormat;
}) {
  const { view, result, applying, money } = props;
  const suggested = view.recommended ?? view.current;
  const [threshold, setThreshold] = useState(suggested === null ? "" : formatDecimal(suggested, view.currency));
  useEffect(() => setThreshold(suggested === null ? "" : formatDecimal(suggested, view.currency)), [suggested, view.currency]);
  const typed = parseDecimal(threshold, view.currency);
  const overlaps = typed.ok && typed.value > 0 && view.today !== null ? rateOverlaps(typed.value, view.today) : [];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Apply to Shopify
        </Text>
        <Text as="p" tone="subdued">
          Creates NetMargin&apos;s automatic free-shipping discount with this minimum order value, or updates it if it exists, and saves the value in an app metafield so
          your theme can show &ldquo;add X for free shipping&rdquo;.
        </Text>
        {result?.ok ? (
          <Banner tone="success" title={`Free shipping from ${money(result.threshold)} is set on your store`}>
            <p>
              {result.action === "created" ? "NetMargin created its automatic free-shipping discount." : `NetMargin updated its discount${result.previous !== null ? ` (it was ${money(result.previous)})` : ""}.`}
              {result.overlaps.length > 0 ? ` Your free shipping rates stay in force beside it (${result.overlaps.map((o) => zoneLabel(o)).join(", ")}).` : ""}
            </p>
          </Banner>
        ) : null}
        {result && !result.ok && result.field === null ? (
          <Banner tone="critical" title="Shopify did not apply the threshold">
            <List>
              {result.errors.map((e) => (
                <List.Item key={e}>{e}</List.Item>
              ))}
            </List>
          </Banner>
        ) : null}
        {overlaps.length > 0 ? (
          <Banner tone="warning" title="A shipping rate already gives free shipping">
            <BlockStack gap="200">
              <List>
                {overlaps.map((o) => (
                  <List.Item key={`${o.profile}/${o.zone}`}>{overlapLine(o, money)}</List.Item>
                ))}
              </List>
              <p>The discount does not replace a free rate. To move the threshold in these zones, change or remove the rate in Shopify&apos;s Settings, Shipping and delivery.</p>
            </BlockStack>
          </Banner>
        ) : null}
        <Form method="post">
          <FormLayout>
            <InlineStack gap="300" blockAlign="end">
              <Box minWidth="200px">
                <TextField
                  label="Minimum order value for free shipping"
                  name="threshold"
                  prefix={view.currency}
                  autoComplete="off"
                  value={threshold}
                  onChange={setThreshold}
                  error={result && !result.ok && result.field === "threshold" ? result.errors.join(" ") : undefined}
                />
              </Box>
              <Button submit variant="primary" loading={applying}>
                Apply to Shopify
              </Button>
            </InlineStack>
          </FormLayout>
        </Form>
      </BlockStack>
    </Card>
  );
}
