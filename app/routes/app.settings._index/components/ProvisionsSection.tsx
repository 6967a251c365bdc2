import { Card, InlineGrid, Layout, TextField } from "@shopify/polaris";

import { flagList } from "~/components/format";

import type { PercentDrafts } from "./use-settings-draft";

/** Provisions (shares of net revenue set aside) and the thin-margin and shipping-heavy thresholds, all percent fields. */
export function ProvisionsSection({ pcts, setPct, err }: { pcts: PercentDrafts; setPct: (key: keyof PercentDrafts, value: string) => void; err: (path: string) => string | undefined }) {
  return (
    <Layout.AnnotatedSection title="Provisions and flags" description={`Provisions are shares of net revenue set aside; thresholds decide the ${flagList(["THIN", "SHIPPING_HEAVY"])}.`}>
      <Card roundedAbove="xs">
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
          <TextField label="Returns" suffix="%" value={pcts.returns} onChange={(v) => setPct("returns", v)} autoComplete="off" error={err("provisions.returnsPercent")} />
          <TextField label="Fraud and chargebacks" suffix="%" value={pcts.fraud} onChange={(v) => setPct("fraud", v)} autoComplete="off" error={err("provisions.fraudPercent")} />
          <TextField label="Spoilage and markdown" suffix="%" value={pcts.spoilage} onChange={(v) => setPct("spoilage", v)} autoComplete="off" error={err("provisions.spoilagePercent")} />
          <TextField label="Thin margin below" suffix="%" value={pcts.thin} onChange={(v) => setPct("thin", v)} autoComplete="off" error={err("thresholds.thinMarginPercent")} />
          <TextField label="Shipping-heavy above" suffix="% of revenue" value={pcts.heavy} onChange={(v) => setPct("heavy", v)} autoComplete="off" error={err("thresholds.shippingHeavyPercent")} />
        </InlineGrid>
      </Card>
    </Layout.AnnotatedSection>
  );
}
