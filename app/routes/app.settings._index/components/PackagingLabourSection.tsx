import { Card, InlineGrid, Layout, TextField } from "@shopify/polaris";

import type { SectionProps } from "./use-settings-draft";

export function PackagingLabourSection({ s, update, err, currency: cur }: SectionProps) {
  return (
    <Layout.AnnotatedSection title="Packaging and labour" description="Boxes and fillers per parcel; pick-and-pack time per order and per item.">
      <Card roundedAbove="xs">
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
          <TextField label={`Packaging per parcel (${cur})`} value={s.packaging.perParcel} onChange={(v) => update((d) => (d.packaging.perParcel = v))} autoComplete="off" error={err("packaging.perParcel")} />
          <TextField label={`Labour per order (${cur})`} value={s.labour.perOrder} onChange={(v) => update((d) => (d.labour.perOrder = v))} autoComplete="off" error={err("labour.perOrder")} />
          <TextField label={`Labour per item (${cur})`} value={s.labour.perItem} onChange={(v) => update((d) => (d.labour.perItem = v))} autoComplete="off" error={err("labour.perItem")} />
        </InlineGrid>
      </Card>
    </Layout.AnnotatedSection>
  );
}
