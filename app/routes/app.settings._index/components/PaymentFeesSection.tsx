import { BlockStack, Button, Card, InlineGrid, InlineStack, Layout, TextField } from "@shopify/polaris";

import type { SectionProps } from "./use-settings-draft";

/** Fees per gateway and for the others: a percent (edited as text) and a fixed amount. */
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
  return (
    <Layout.AnnotatedSection title="Payment fees" description="A percentage of what the customer paid (tax and shipping included) plus a fixed amount per payment. Shopify Payments' actual fees are used when Shopify reports them.">
      <Card>
        <BlockStack gap="300">
          {s.paymentFees.gateways.map((g, i) => (
            <InlineGrid key={i} columns={4} gap="300" alignItems="end">
              <TextField label="Gateway" value={g.gateway} onChange={(v) => update((d) => (d.paymentFees.gateways[i]!.gateway = v))} autoComplete="off" error={err(`paymentFees.gateways.${i}.gateway`)} />
              <TextField label="Percent" suffix="%" value={gatewayPcts[i] ?? ""} onChange={(v) => setGatewayPcts(gatewayPcts.map((p, j) => (j === i ? v : p)))} autoComplete="off" error={err(`paymentFees.gateways.${i}.percent`)} />
              <TextField label={`Fixed (${cur})`} value={g.fixed} onChange={(v) => update((d) => (d.paymentFees.gateways[i]!.fixed = v))} autoComplete="off" error={err(`paymentFees.gateways.${i}.fixed`)} />
              <Button
                tone="critical"
                variant="plain"
                onClick={() => {
                  update((d) => d.paymentFees.gateways.splice(i, 1));
                  setGatewayPcts(gatewayPcts.filter((_, j) => j !== i));
                }}
              >
                Remove
              </Button>
            </InlineGrid>
          ))}
          <InlineStack>
            <Button
              onClick={() => {
                update((d) => d.paymentFees.gateways.push({ gateway: "", percent: 0, fixed: "0" }));
                setGatewayPcts([...gatewayPcts, "0"]);
              }}
            >
              Add gateway
            </Button>
          </InlineStack>
          <InlineGrid columns={2} gap="300">
            <TextField label="Other gateways: percent" suffix="%" value={defaultPercent} onChange={onDefaultPercent} autoComplete="off" error={err("paymentFees.default.percent")} />
            <TextField label={`Other gateways: fixed (${cur})`} value={s.paymentFees.default.fixed} onChange={(v) => update((d) => (d.paymentFees.default.fixed = v))} autoComplete="off" error={err("paymentFees.default.fixed")} />
          </InlineGrid>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
