import { BlockStack, Box, Button, Card, FormLayout, InlineGrid, InlineStack, Layout, TextField } from "@shopify/polaris";

import type { SectionProps } from "./use-settings-draft";

/** The shipping rules (first match sets the cost), the default cost, packaging weight and the country for hidden destinations. */
export function ShippingSection({ s, update, err, currency: cur }: SectionProps) {
  return (
    <Layout.AnnotatedSection title="Shipping paid to carriers" description="Rules are tried in order; the first that matches the destination, parcel weight and service sets the cost.">
      <Card>
        <BlockStack gap="400">
          {s.shipping.rules.map((r, i) => (
            <Box key={i} padding="300" borderColor="border" borderWidth="025" borderRadius="200">
              <FormLayout>
                <InlineGrid columns={2} gap="300">
                  <TextField label="Rule name" value={r.name} onChange={(v) => update((d) => (d.shipping.rules[i]!.name = v))} autoComplete="off" error={err(`shipping.rules.${i}.name`)} />
                  <TextField label={`Cost (${cur})`} value={r.cost} onChange={(v) => update((d) => (d.shipping.rules[i]!.cost = v))} autoComplete="off" error={err(`shipping.rules.${i}.cost`)} />
                  <TextField
                    label="Countries (codes, comma-separated; empty = any)"
                    value={(r.countries ?? []).join(", ")}
                    onChange={(v) => update((d) => (d.shipping.rules[i]!.countries = v.trim() === "" ? null : v.split(",").map((c) => c.trim().toUpperCase()).filter(Boolean)))}
                    autoComplete="off"
                    error={err(`shipping.rules.${i}.countries`)}
                  />
                  <TextField
                    label="Services (shipping line titles or codes; empty = any)"
                    value={(r.services ?? []).join(", ")}
                    onChange={(v) => update((d) => (d.shipping.rules[i]!.services = v.trim() === "" ? null : v.split(",").map((c) => c.trim()).filter(Boolean)))}
                    autoComplete="off"
                    error={err(`shipping.rules.${i}.services`)}
                  />
                  <TextField label="From weight (g)" type="number" value={String(r.minWeightGrams)} onChange={(v) => update((d) => (d.shipping.rules[i]!.minWeightGrams = Number(v)))} autoComplete="off" error={err(`shipping.rules.${i}.minWeightGrams`)} />
                  <TextField
                    label="Up to weight (g, excluded; empty = no limit)"
                    type="number"
                    value={r.maxWeightGrams === null ? "" : String(r.maxWeightGrams)}
                    onChange={(v) => update((d) => (d.shipping.rules[i]!.maxWeightGrams = v === "" ? null : Number(v)))}
                    autoComplete="off"
                    error={err(`shipping.rules.${i}.maxWeightGrams`)}
                  />
                </InlineGrid>
                <Button variant="plain" tone="critical" onClick={() => update((d) => d.shipping.rules.splice(i, 1))}>
                  Remove rule
                </Button>
              </FormLayout>
            </Box>
          ))}
          <InlineStack>
            <Button onClick={() => update((d) => d.shipping.rules.push({ name: "New rule", countries: null, minWeightGrams: 0, maxWeightGrams: null, services: null, cost: "0" }))}>Add rule</Button>
          </InlineStack>
          <InlineGrid columns={2} gap="300">
            <TextField label={`Default cost when no rule matches (${cur})`} value={s.shipping.defaultCost} onChange={(v) => update((d) => (d.shipping.defaultCost = v))} autoComplete="off" error={err("shipping.defaultCost")} />
            <TextField label="Packaging weight per parcel (g)" type="number" value={String(s.shipping.packagingWeightGrams)} onChange={(v) => update((d) => (d.shipping.packagingWeightGrams = Number(v)))} autoComplete="off" error={err("shipping.packagingWeightGrams")} />
          </InlineGrid>
          <TextField
            label="When Shopify hides the destination, price the parcel as going to (country code)"
            value={s.shipping.unknownDestinationCountry ?? ""}
            onChange={(v) => update((d) => (d.shipping.unknownDestinationCountry = v.trim() === "" ? null : v.trim()))}
            placeholder="e.g. FR"
            helpText="Shopify shares addresses only with apps approved for protected customer data. Until NetMargin is, orders arrive without a destination: the rules for this country are used for them. Empty: only rules for any destination, else the default cost."
            autoComplete="off"
            error={err("shipping.unknownDestinationCountry")}
          />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
