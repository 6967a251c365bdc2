import { Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";

import { formatMoney } from "~/components/format";
import { currencyExponent, isCurrencyCode, parseDecimal } from "~/domain/money";
import { storageLikeFixedCosts, type CostSettingsJson } from "~/domain/settings";

import type { SectionProps } from "./use-settings-draft";

type Storage = CostSettingsJson["carrying"]["storage"];

/** A storage of `kind` keeping what the draft had typed for it, else empty fields. */
function storageOf(kind: Storage["kind"], was: Storage): Storage {
  if (kind === was.kind) return was;
  if (kind === "monthly") return { kind, amount: "" };
  if (kind === "perArea") return { kind, perSquareMetre: "10.00", squareMetres: "" };
  if (kind === "perUnit") return { kind, perUnitPerMonth: "" };
  return { kind: "none" };
}

/** "= €65.00 a month" under the area, when both fields read as numbers. */
function areaTotal(st: Storage, currency: string): string | undefined {
  if (st.kind !== "perArea" || !isCurrencyCode(currency)) return undefined;
  const price = parseDecimal(st.perSquareMetre, currency);
  const area = Number(st.squareMetres);
  if (!price.ok || !/^\d+(\.\d{1,2})?$/.test(st.squareMetres.trim()) || !(area > 0)) return undefined;
  return `${formatMoney(Math.round(price.value * area), currency)} a month`;
}

/**
 * Stock carrying cost: storage (not counted here, an amount a month, a price per m², a
 * price per unit), how it is spread over products, and the yearly rate on the stock's
 * value. Storage also listed as a fixed cost is named, with a way to count it once.
 */
export function StockCarryingSection({ s, update, err, currency: cur, capital, onCapital }: SectionProps & { capital: string; onCapital: (v: string) => void }) {
  const st = s.carrying.storage;
  // Examples in the shop's currency: 10.00 a m², and 10,000.00 of stock at 6 % a year = 50.00 a month.
  const unit = isCurrencyCode(cur) ? 10 ** currencyExponent(cur) : 100;
  const money = (major: number) => (isCurrencyCode(cur) ? formatMoney(major * unit, cur) : String(major));
  const twice = storageLikeFixedCosts(s);
  return (
    <Layout.AnnotatedSection
      title="Stock carrying cost"
      description="What keeping stock costs you each month: storage, and the money tied up in it. Each product's share goes into its margin, spread over the units it sold that month; a product that sold nothing shows it as a loss. Counted from the day NetMargin started recording your stock (Shopify keeps no stock history)."
    >
      <Card roundedAbove="xs">
        <BlockStack gap="300">
          {twice.length > 0 ? (
            <Banner tone="warning" title={`Storage would be counted twice: ${twice.map((n) => `“${n}”`).join(", ")} ${twice.length === 1 ? "is" : "are"} also in your fixed costs`}>
              <BlockStack gap="200">
                <Text as="p">Count storage in one place: remove it from fixed costs to count it here, per product, or leave storage out of the carrying cost.</Text>
                <InlineStack gap="200">
                  <Button onClick={() => update((d) => (d.fixedCosts.items = d.fixedCosts.items.filter((i) => !twice.includes(i.name))))}>Remove from fixed costs</Button>
                  <Button variant="plain" onClick={() => update((d) => (d.carrying.storage = { kind: "none" }))}>
                    Keep it in fixed costs
                  </Button>
                </InlineStack>
              </BlockStack>
            </Banner>
          ) : null}
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            <Select
              label="Storage"
              options={[
                { label: "Not counted here (none, or in fixed costs)", value: "none" },
                { label: "An amount a month", value: "monthly" },
                { label: "A price per m² a month", value: "perArea" },
                { label: "A price per unit in stock a month", value: "perUnit" },
              ]}
              value={st.kind}
              onChange={(v) => update((d) => (d.carrying.storage = storageOf(v as Storage["kind"], d.carrying.storage)))}
              error={err("carrying.storage.kind")}
            />
            {st.kind === "monthly" || st.kind === "perArea" ? (
              <Select
                label="Spread over products by"
                options={[
                  { label: "Units in stock", value: "units" },
                  { label: "Value at cost", value: "value" },
                  { label: "Volume (Shopify has no sizes: units for now)", value: "volume" },
                ]}
                value={s.carrying.spread}
                onChange={(v) => update((d) => (d.carrying.spread = v as CostSettingsJson["carrying"]["spread"]))}
                helpText={s.carrying.spread === "volume" ? "Shopify gives NetMargin your products' weights but not their sizes, so storage is spread by units in stock." : undefined}
                error={err("carrying.spread")}
              />
            ) : null}
          </InlineGrid>
          {st.kind === "monthly" ? (
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
              <TextField label={`Storage per month (${cur})`} value={st.amount} onChange={(v) => update((d) => d.carrying.storage.kind === "monthly" && (d.carrying.storage.amount = v))} autoComplete="off" helpText="Rent, or your logistics provider's monthly invoice." error={err("carrying.storage.amount")} />
            </InlineGrid>
          ) : st.kind === "perArea" ? (
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
              <TextField
                label={`Price per m² a month (${cur})`}
                value={st.perSquareMetre}
                onChange={(v) => update((d) => d.carrying.storage.kind === "perArea" && (d.carrying.storage.perSquareMetre = v))}
                autoComplete="off"
                helpText={`Logistics providers charge about ${money(10)} per m² a month.`}
                error={err("carrying.storage.perSquareMetre")}
              />
              <TextField
                label="Area"
                suffix="m²"
                value={st.squareMetres}
                onChange={(v) => update((d) => d.carrying.storage.kind === "perArea" && (d.carrying.storage.squareMetres = v))}
                autoComplete="off"
                helpText={areaTotal(st, cur)}
                error={err("carrying.storage.squareMetres")}
              />
            </InlineGrid>
          ) : st.kind === "perUnit" ? (
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
              <TextField label={`Price per unit a month (${cur})`} value={st.perUnitPerMonth} onChange={(v) => update((d) => d.carrying.storage.kind === "perUnit" && (d.carrying.storage.perUnitPerMonth = v))} autoComplete="off" helpText="Charged for each unit on hand, for the days it is there." error={err("carrying.storage.perUnitPerMonth")} />
            </InlineGrid>
          ) : null}
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            <Select
              label="Money tied up in stock costs"
              options={[
                { label: "A loan's yearly rate (APR)", value: "loan" },
                { label: "A factoring rate", value: "factoring" },
              ]}
              value={s.carrying.capitalSource}
              onChange={(v) => update((d) => (d.carrying.capitalSource = v as CostSettingsJson["carrying"]["capitalSource"]))}
              error={err("carrying.capitalSource")}
            />
            <TextField
              label="Yearly rate"
              suffix="%"
              value={capital}
              onChange={onCapital}
              autoComplete="off"
              helpText={`On the stock's value at cost, day by day: ${money(10_000)} of stock at 6 % costs ${money(50)} a month. 0 for none.`}
              error={err("carrying.capitalAnnualPercent")}
            />
          </InlineGrid>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
