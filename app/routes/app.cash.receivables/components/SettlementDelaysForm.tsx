import { useFetcher, useRevalidator } from "@remix-run/react";
import { BlockStack, Button, Card, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";
import { MAX_SETTLEMENT_DAYS, type GatewayDelayRow } from "~/domain/gateway-settlement";

type SaveResponse = { errors?: { path: string; message: string }[]; saved?: number };

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

/** The settlement delay of each payment method but Shopify Payments; all checked, then all saved. */
export function SettlementDelaysForm({ rows, locale }: { rows: GatewayDelayRow[]; locale: string }) {
  const fetcher = useFetcher<SaveResponse>();
  const revalidator = useRevalidator();
  const initial = () => Object.fromEntries(rows.map((r) => [r.gateway, String(r.days)]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const errors = Object.fromEntries((fetcher.state === "idle" ? (fetcher.data?.errors ?? []) : []).map((e) => [e.path, e.message]));
  const changed = rows.some((r) => values[r.gateway] !== String(r.days));
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.saved !== undefined) {
      showToast("Settlement delays saved");
      revalidator.revalidate();
    }
  }, [fetcher.state, fetcher.data]);
  const save = () =>
    fetcher.submit(JSON.stringify({ intent: "delays", delays: values }), { method: "post", action: `/app/cash/receivables?locale=${encodeURIComponent(locale)}`, encType: "application/json" });
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Settlement delays
          </Text>
          <Text as="p" tone="subdued">
            Days between a customer paying and the money reaching your bank, for each payment method other than Shopify Payments (its payouts give the real delay). NetMargin uses them for money in transit and the cash
            conversion cycle. The starting values are estimates: check your provider's payout schedule.
          </Text>
        </BlockStack>
        <div id="settlement-delays">
          <InlineGrid columns={{ xs: 2, md: 3 }} gap="300">
            {rows.map((r) => (
              <TextField
                key={r.gateway}
                label={r.label}
                value={values[r.gateway] ?? ""}
                onChange={(v) => setValues((prev) => ({ ...prev, [r.gateway]: v }))}
                autoComplete="off"
                inputMode="numeric"
                suffix="days"
                error={errors[r.gateway]}
                // The estimate shown only where the merchant's delay differs from it.
                helpText={values[r.gateway] === String(r.defaultDays) ? undefined : `Estimate: ${days(r.defaultDays)}`}
                max={MAX_SETTLEMENT_DAYS}
                min={0}
              />
            ))}
          </InlineGrid>
        </div>
        <InlineStack align="end" gap="200">
          <Button onClick={() => setValues(initial())} disabled={!changed || fetcher.state !== "idle"}>
            Discard
          </Button>
          <Button variant="primary" onClick={save} loading={fetcher.state !== "idle"} disabled={!changed}>
            Save delays
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
