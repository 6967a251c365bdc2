import { BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Select, TextField } from "@shopify/polaris";

import type { CostSettingsJson } from "~/domain/settings";

import type { SectionProps } from "./use-settings-draft";

/** Monthly fixed costs and how they are spread over the month's orders. */
export function FixedCostsSection({ s, update, err, currency: cur }: SectionProps) {
  return (
    <Layout.AnnotatedSection title="Fixed costs" description="Monthly amounts (hosting, apps, rent…) spread over the month's orders.">
      <Card roundedAbove="xs">
        <BlockStack gap="300">
          <Select
            label="Spread by"
            options={[
              { label: "Order count", value: "orders" },
              { label: "Item count", value: "items" },
              { label: "Share of revenue", value: "revenue" },
            ]}
            value={s.fixedCosts.allocation}
            onChange={(v) => update((d) => (d.fixedCosts.allocation = v as CostSettingsJson["fixedCosts"]["allocation"]))}
          />
          {s.fixedCosts.items.map((it, i) => (
            <InlineGrid key={i} columns={{ xs: 1, sm: 3 }} gap="300" alignItems="end">
              <TextField label="Name" value={it.name} onChange={(v) => update((d) => (d.fixedCosts.items[i]!.name = v))} autoComplete="off" error={err(`fixedCosts.items.${i}.name`)} />
              <TextField label={`Per month (${cur})`} value={it.monthlyAmount} onChange={(v) => update((d) => (d.fixedCosts.items[i]!.monthlyAmount = v))} autoComplete="off" error={err(`fixedCosts.items.${i}.monthlyAmount`)} />
              <Button tone="critical" variant="plain" onClick={() => update((d) => d.fixedCosts.items.splice(i, 1))}>
                Remove
              </Button>
            </InlineGrid>
          ))}
          <InlineStack>
            <Button onClick={() => update((d) => d.fixedCosts.items.push({ name: "", monthlyAmount: "0" }))}>Add fixed cost</Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
