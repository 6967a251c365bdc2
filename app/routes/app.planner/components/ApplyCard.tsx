import { Form, useFetcher, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, FormLayout, InlineStack, List, Modal, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import type { MoneyFormat } from "~/components/format";
import { rateOverlaps, type RateOverlap } from "~/domain/free-shipping";
import { formatDecimal, parseDecimal } from "~/domain/money";
import type { PlannerView, YearlyCost } from "~/services/planner.server";

import { overlapLine, zoneLabel } from "./zone-lines";

/** What the route's action answers (the fields this card shows). */
export type ApplyResult =
  | { ok: true; intent: "apply"; action: "created" | "updated"; threshold: number; previous: number | null; overlaps: readonly RateOverlap[] }
  | { ok: true; intent: "estimate"; estimate: YearlyCost }
  | { ok: false; intent: "apply" | "estimate"; field: "threshold" | null; errors: readonly string[] };

/** The confirmation's sentences: what customers get and what it costs a year, in plain words. */
export function confirmationText(e: YearlyCost, money: MoneyFormat, locale = "en"): { lead: string; detail: string } {
  return {
    lead: `Customers will get free shipping from ${money(e.threshold)}. Based on the last 12 months this costs about ${money(e.shippingPaid)} a year in shipping you pay.`,
    detail:
      e.qualifyingOrders === 0
        ? `None of your ${e.orders.toLocaleString(locale)} orders of the last 12 months reached ${money(e.threshold)}.`
        : `${e.qualifyingOrders.toLocaleString(locale)} of your ${e.orders.toLocaleString(locale)} orders reached it. After the payment fees and provisions you no longer pay on that shipping, your net margin changes by ${money(e.netMarginChange)} a year, before any customer adds an item to reach the threshold.`,
  };
}

/**
 * "Apply to Shopify": the threshold (the recommended one to start with), first
 * estimated by the route's action (intent "estimate": the last 12 months replayed at
 * it) and confirmed in a modal that says its yearly cost, then applied (intent
 * "apply"); the answer, and a warning while the typed amount overlaps a free rate.
 */
export function ApplyCard(props: {
  view: Pick<PlannerView, "recommended" | "current" | "currency" | "today">;
  result: ApplyResult | undefined;
  applying: boolean;
  money: MoneyFormat;
  locale?: string;
}) {
  const { view, result, applying, money } = props;
  const suggested = view.recommended ?? view.current;
  const [threshold, setThreshold] = useState(suggested === null ? "" : formatDecimal(suggested, view.currency));
  useEffect(() => setThreshold(suggested === null ? "" : formatDecimal(suggested, view.currency)), [suggested, view.currency]);
  const typed = parseDecimal(threshold, view.currency);
  const estimator = useFetcher<ApplyResult>();
  const submit = useSubmit();
  const [confirming, setConfirming] = useState<YearlyCost | null>(null);
  // The estimate's answer opens the confirmation (once per answer).
  useEffect(() => {
    const d = estimator.data;
    if (estimator.state === "idle" && d?.ok && d.intent === "estimate") setConfirming(d.estimate);
  }, [estimator.state, estimator.data]);
  const estimateError = estimator.data && !estimator.data.ok ? estimator.data.errors.join(" ") : undefined;
  const applyError = result && !result.ok && result.intent === "apply" && result.field === "threshold" ? result.errors.join(" ") : undefined;
  const text = confirming ? confirmationText(confirming, money, props.locale) : null;
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
        {result?.ok && result.intent === "apply" ? (
          <Banner tone="success" title={`Free shipping from ${money(result.threshold)} is set on your store`}>
            <p>
              {result.action === "created" ? "NetMargin created its automatic free-shipping discount." : `NetMargin updated its discount${result.previous !== null ? ` (it was ${money(result.previous)})` : ""}.`}
              {result.overlaps.length > 0 ? ` Your free shipping rates stay in force beside it (${result.overlaps.map((o) => zoneLabel(o)).join(", ")}).` : ""}
            </p>
          </Banner>
        ) : null}
        {result && !result.ok && result.intent === "apply" && result.field === null ? (
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
        <Form
          method="post"
          onSubmit={(event) => {
            // Nothing is written before the merchant has read the yearly cost: estimate, then confirm.
            event.preventDefault();
            estimator.submit({ intent: "estimate", threshold }, { method: "post" });
          }}
        >
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
                  error={estimateError ?? applyError}
                />
              </Box>
              <Button submit variant="primary" loading={applying || estimator.state !== "idle"}>
                Apply to Shopify
              </Button>
            </InlineStack>
          </FormLayout>
        </Form>
        <Modal
          open={confirming !== null}
          onClose={() => setConfirming(null)}
          title={confirming ? `Apply free shipping from ${money(confirming.threshold)}?` : "Apply free shipping?"}
          primaryAction={{
            content: confirming ? `Apply free shipping from ${money(confirming.threshold)}` : "Apply",
            loading: applying,
            onAction: () => {
              if (!confirming) return;
              submit({ intent: "apply", threshold: formatDecimal(confirming.threshold, view.currency) }, { method: "post" });
              setConfirming(null);
            },
          }}
          secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(null) }]}
        >
          <Modal.Section>
            {text ? (
              <BlockStack gap="200">
                <Text as="p">{text.lead}</Text>
                <Text as="p" tone="subdued">
                  {text.detail}
                </Text>
              </BlockStack>
            ) : null}
          </Modal.Section>
        </Modal>
      </BlockStack>
    </Card>
  );
}
