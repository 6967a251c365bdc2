import { Card, FormLayout, Layout, Select, TextField } from "@shopify/polaris";

import type { SectionProps } from "./use-settings-draft";

/** What a line whose unit cost is missing counts for. */
export function CostOfGoodsSection({ s, update, err, missingPercent, onMissingPercent }: SectionProps & { missingPercent: string; onMissingPercent: (v: string) => void }) {
  return (
    <Layout.AnnotatedSection title="Cost of goods" description="Shopify's unit cost per variant by default. Lines whose cost is unknown are never counted as free.">
      <Card roundedAbove="xs">
        <FormLayout>
          <Select
            label="When a unit cost is missing"
            options={[
              { label: "Leave the line out of margins and flag it", value: "exclude" },
              { label: "Estimate it as a share of the price", value: "percentOfPrice" },
            ]}
            value={s.costOfGoods.missingCost.mode}
            onChange={(v) => update((d) => (d.costOfGoods.missingCost = v === "exclude" ? { mode: "exclude" } : { mode: "percentOfPrice", percent: 50 }))}
          />
          {s.costOfGoods.missingCost.mode === "percentOfPrice" && (
            <TextField label="Estimated cost (% of price)" value={missingPercent} onChange={onMissingPercent} suffix="%" autoComplete="off" error={err("costOfGoods.missingCost.percent")} />
          )}
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
