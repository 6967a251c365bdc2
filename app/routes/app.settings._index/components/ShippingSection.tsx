import { BlockStack, Box, Button, Card, FormLayout, InlineGrid, InlineStack, Layout, TextField } from "@shopify/polaris";

import { countryName, zoneName } from "~/components/format";

import type { SectionProps } from "./use-settings-draft";
import { ListField } from "./ListField";
import { WeightField } from "./WeightField";

/** The countries a rule lists, by name ("France, Belgium"); a code not recognised is left as typed. */
function countriesHelp(codes: readonly string[] | null): string {
  return codes === null || codes.length === 0 ? "Any destination" : zoneName(codes.join(","));
}

/** The shipping rules (first match sets the cost), the default cost, packaging weight and the country for hidden destinations. */
export function ShippingSection({ s, update, err, currency: cur }: SectionProps) {
  return (
    <Layout.AnnotatedSection title="Shipping paid to carriers" description="Rules are tried in order; the first that matches the destination, parcel weight and service sets the cost.">
      <Card roundedAbove="xs">
        <BlockStack gap="400">
          {s.shipping.rules.map((r, i) => (
            <Box key={i} padding="300" borderColor="border" borderWidth="025" borderRadius="200">
              <FormLayout>
                <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                  <TextField label="Rule name" value={r.name} onChange={(v) => update((d) => (d.shipping.rules[i]!.name = v))} autoComplete="off" error={err(`shipping.rules.${i}.name`)} />
                  <TextField label={`Cost (${cur})`} value={r.cost} onChange={(v) => update((d) => (d.shipping.rules[i]!.cost = v))} autoComplete="off" error={err(`shipping.rules.${i}.cost`)} />
                  <ListField
                    label="Countries (two-letter codes such as FR, BE; empty for any)"
                    helpText={countriesHelp(r.countries)}
                    list={r.countries}
                    normalise={(c) => c.toUpperCase()}
                    onList={(list) => update((d) => (d.shipping.rules[i]!.countries = list))}
                    error={err(`shipping.rules.${i}.countries`)}
                  />
                  <ListField
                    label="Services (shipping method names; empty for any)"
                    list={r.services}
                    onList={(list) => update((d) => (d.shipping.rules[i]!.services = list))}
                    error={err(`shipping.rules.${i}.services`)}
                  />
                  <WeightField label="From weight" grams={r.minWeightGrams} onGrams={(g) => update((d) => (d.shipping.rules[i]!.minWeightGrams = g as number))} error={err(`shipping.rules.${i}.minWeightGrams`)} />
                  <WeightField
                    label="Up to weight (not included; empty for no limit)"
                    grams={r.maxWeightGrams}
                    optional
                    onGrams={(g) => update((d) => (d.shipping.rules[i]!.maxWeightGrams = g as number | null))}
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
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            <TextField label={`Default cost when no rule matches (${cur})`} value={s.shipping.defaultCost} onChange={(v) => update((d) => (d.shipping.defaultCost = v))} autoComplete="off" error={err("shipping.defaultCost")} />
            <WeightField label="Packaging weight per parcel" grams={s.shipping.packagingWeightGrams} onGrams={(g) => update((d) => (d.shipping.packagingWeightGrams = g as number))} error={err("shipping.packagingWeightGrams")} />
          </InlineGrid>
          <TextField
            label="When Shopify hides the destination, price the parcel as going to (two-letter country code)"
            value={s.shipping.unknownDestinationCountry ?? ""}
            onChange={(v) => update((d) => (d.shipping.unknownDestinationCountry = v.trim() === "" ? null : v.trim()))}
            placeholder="e.g. FR"
            helpText={`${s.shipping.unknownDestinationCountry ? `${countryName(s.shipping.unknownDestinationCountry)}. ` : ""}Shopify shares addresses only with apps approved for protected customer data. Until NetMargin is, orders arrive without a destination: the rules for this country are used for them. Empty: only rules for any destination, else the default cost.`}
            autoComplete="off"
            error={err("shipping.unknownDestinationCountry")}
          />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
