import { BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Select, TextField } from "@shopify/polaris";
import { useState } from "react";

import { gatewayChoices, isTestGateway } from "~/components/format";

import type { SectionProps } from "./use-settings-draft";

/** The Select's value for "a gateway not in the list": its code is typed in a field below. */
const OTHER = "__other__";

/**
 * Fees per gateway and for the others: a percent (edited as text) and a fixed amount.
 * Gateways are picked by the admin's names ("Shopify Payments", "PayPal", "Manual"); one
 * not listed is typed as Shopify reports it. Shopify's test gateway (bogus) is not shown:
 * a fee saved for it is kept as it is.
 */
export function PaymentFeesSection({
  s,
  update,
  err,
  currency: cur,
  gatewayPcts,
  setGatewayPcts,
  defaultPercent,
  onDefaultPercent,
}: SectionProps & { gatewayPcts: string[]; setGatewayPcts: (pcts: string[]) => void; defaultPercent: string; onDefaultPercent: (v: string) => void }) {
  const choices = gatewayChoices(s.paymentFees.gateways.map((g) => g.gateway));
  const listed = new Set(choices.map((c) => c.value));
  // Rows whose gateway is typed (picked "Another gateway", or a code not in the list).
  const [typed, setTyped] = useState<ReadonlySet<number>>(new Set());
  return (
    <Layout.AnnotatedSection title="Payment fees" description="A percentage of what the customer paid (tax and shipping included) plus a fixed amount per payment. Shopify Payments' actual fees are used when Shopify reports them.">
      <Card roundedAbove="xs">
        <BlockStack gap="300">
          {s.paymentFees.gateways.map((g, i) =>
            isTestGateway(g.gateway.toLowerCase()) ? null : (
              <InlineGrid key={i} columns={{ xs: 1, sm: 2, md: "2fr 1fr 1fr auto" }} gap="300" alignItems="end">
                {typed.has(i) || (g.gateway !== "" && !listed.has(g.gateway)) ? (
                  <TextField
                    label="Gateway (as Shopify names it on orders)"
                    value={g.gateway}
                    onChange={(v) => update((d) => (d.paymentFees.gateways[i]!.gateway = v))}
                    autoComplete="off"
                    error={err(`paymentFees.gateways.${i}.gateway`)}
                  />
                ) : (
                  <Select
                    label="Gateway"
                    options={[...choices, { value: OTHER, label: "Another gateway…" }]}
                    placeholder="Choose a gateway"
                    value={g.gateway}
                    onChange={(v) => {
                      if (v === OTHER) setTyped(new Set([...typed, i]));
                      else update((d) => (d.paymentFees.gateways[i]!.gateway = v));
                    }}
                    error={err(`paymentFees.gateways.${i}.gateway`)}
                  />
                )}
                <TextField label="Percent" suffix="%" value={gatewayPcts[i] ?? ""} onChange={(v) => setGatewayPcts(gatewayPcts.map((p, j) => (j === i ? v : p)))} autoComplete="off" error={err(`paymentFees.gateways.${i}.percent`)} />
                <TextField label={`Fixed (${cur})`} value={g.fixed} onChange={(v) => update((d) => (d.paymentFees.gateways[i]!.fixed = v))} autoComplete="off" error={err(`paymentFees.gateways.${i}.fixed`)} />
                <Button
                  tone="critical"
                  variant="plain"
                  onClick={() => {
                    update((d) => d.paymentFees.gateways.splice(i, 1));
                    setGatewayPcts(gatewayPcts.filter((_, j) => j !== i));
                    setTyped(new Set([...typed].filter((j) => j !== i).map((j) => (j > i ? j - 1 : j))));
                  }}
                >
                  Remove
                </Button>
              </InlineGrid>
            ),
          )}
          <InlineStack>
            <Button
              onClick={() => {
                update((d) => d.paymentFees.gateways.push({ gateway: "", percent: 0, fixed: "0" }));
                setGatewayPcts([...gatewayPcts, "0.0"]);
              }}
            >
              Add gateway
            </Button>
          </InlineStack>
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            <TextField label="Other gateways: percent" suffix="%" value={defaultPercent} onChange={onDefaultPercent} autoComplete="off" error={err("paymentFees.default.percent")} />
            <TextField label={`Other gateways: fixed (${cur})`} value={s.paymentFees.default.fixed} onChange={(v) => update((d) => (d.paymentFees.default.fixed = v))} autoComplete="off" error={err("paymentFees.default.fixed")} />
          </InlineGrid>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
