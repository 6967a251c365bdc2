import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, IndexTable, InlineStack, Text, Tooltip } from "@shopify/polaris";

import { FLAG_LABELS, FLAG_TONE } from "~/components/flags";
import { COST_MISSING_LABEL, costMissingTooltip, type MoneyFormat } from "~/components/format";
import { AdminLinkButton, adminUrl } from "~/components/ListControls";
import type { ProductRow } from "~/services/products-view.server";

/** How the table's figures are written: counts in the locale, money, margin % to one decimal. */
export type RowFormat = { locale: string; money: MoneyFormat; percent: Intl.NumberFormat };

type RowProps = { id: string; position: number; row: ProductRow; search: string; open: boolean; onToggle: () => void; format: RowFormat };

/** The product's title: a link to its NetMargin page (custom items have none). `data-cell="title"` for tests. */
function Title({ row: r, search }: { row: ProductRow; search: string }) {
  const text = (
    <Text as="span" fontWeight="semibold">
      {r.title}
    </Text>
  );
  return <span data-cell="title">{r.productId ? <RemixLink to={`/app/products/${r.productId.split("/").pop()}?${search}`}>{text}</RemixLink> : text}</span>;
}

/** Under the title: the variants toggle when it has several, and its page in Shopify's admin. */
function TitleActions({ row: r, open, onToggle }: Pick<RowProps, "row" | "open" | "onToggle">) {
  const variants = r.variants ?? [];
  if (variants.length <= 1 && !r.productId) return null;
  return (
    <InlineStack gap="300" wrap>
      {variants.length > 1 ? (
        <span onClick={(e) => e.stopPropagation()}>
          <Button variant="plain" onClick={onToggle} accessibilityLabel={`${open ? "Hide" : "Show"} the ${variants.length} variants of ${r.title}`}>
            {open ? "Hide variants" : `${variants.length} variants`}
          </Button>
        </span>
      ) : null}
      {r.productId ? <AdminLinkButton url={adminUrl("products", r.productId)} label={`Open ${r.title} in Shopify admin`} /> : null}
    </InlineStack>
  );
}

function Margin({ row: r, money }: { row: ProductRow; money: MoneyFormat }) {
  return (
    <span data-cell="net-margin">
      <Text as="span" alignment="end" numeric tone={r.netMargin < 0 ? "critical" : undefined} fontWeight="semibold">
        {money(r.netMargin)}
      </Text>
    </span>
  );
}

/** A product: its title (a link to its page, but for custom items), the variants toggle when it has several, its figures. */
export function ProductTableRow(props: RowProps) {
  const { row: r } = props;
  return (
    <IndexTable.Row id={props.id} position={props.position}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Title row={r} search={props.search} />
          <TitleActions row={r} open={props.open} onToggle={props.onToggle} />
        </BlockStack>
      </IndexTable.Cell>
      <ValueCells row={r} format={props.format} />
    </IndexTable.Row>
  );
}

/**
 * The same product on a small screen (Polaris's condensed IndexTable: one block per row, no
 * columns): the title and its net margin on the first line, where a phone shows them without
 * scrolling sideways; then units, revenue, the costs and the flags.
 */
export function CondensedProductRow(props: RowProps) {
  const { row: r, format } = props;
  return (
    <IndexTable.Row id={props.id} position={props.position}>
      <Box padding="300" width="100%">
        <BlockStack gap="100">
          <InlineStack align="space-between" blockAlign="start" wrap={false} gap="200">
            <Title row={r} search={props.search} />
            <Margin row={r} money={format.money} />
          </InlineStack>
          <Details row={r} format={format} />
          <TitleActions row={r} open={props.open} onToggle={props.onToggle} />
        </BlockStack>
      </Box>
    </IndexTable.Row>
  );
}

/** One variant of an open product, indented under it. */
export function VariantTableRow(props: { id: string; position: number; row: ProductRow; format: RowFormat; condensed: boolean }) {
  if (props.condensed) {
    return (
      <IndexTable.Row rowType="child" id={props.id} position={props.position}>
        <Box padding="300" paddingInlineStart="600" width="100%">
          <BlockStack gap="100">
            <InlineStack align="space-between" blockAlign="start" wrap={false} gap="200">
              <Text as="span" tone="subdued">
                {props.row.title}
              </Text>
              <Margin row={props.row} money={props.format.money} />
            </InlineStack>
            <Details row={props.row} format={props.format} />
          </BlockStack>
        </Box>
      </IndexTable.Row>
    );
  }
  return (
    <IndexTable.Row rowType="child" id={props.id} position={props.position}>
      <IndexTable.Cell>
        <Box paddingInlineStart="400">
          <Text as="span" tone="subdued">
            {props.row.title}
          </Text>
        </Box>
      </IndexTable.Cell>
      <ValueCells row={props.row} format={props.format} />
    </IndexTable.Row>
  );
}

/** A condensed row's second lines: units and revenue, its costs, its flags. */
function Details({ row: r, format: { locale, money, percent } }: { row: ProductRow; format: RowFormat }) {
  return (
    <>
      <Text as="p" variant="bodySm" tone="subdued">
        {r.units.toLocaleString(locale)} unit{r.units === 1 ? "" : "s"} · net revenue {money(r.netRevenue)}
        {r.marginBp === null ? "" : ` · ${percent.format(r.marginBp / 10_000)}`}
      </Text>
      <Text as="p" variant="bodySm" tone="subdued">
        Cost of goods {money(r.costOfGoods)} · shipping {money(r.shipping)} · other {money(r.otherCosts)}
      </Text>
      <Flags row={r} />
    </>
  );
}

function Flags({ row: r }: { row: ProductRow }) {
  if (!r.costMissing && r.flags.length === 0) return null;
  return (
    <InlineStack gap="100" wrap>
      {r.costMissing && (
        <Tooltip content={costMissingTooltip(r.costMissing.variants)}>
          <Badge tone="attention">{COST_MISSING_LABEL}</Badge>
        </Tooltip>
      )}
      {r.flags.map((f) => (
        <Tooltip key={f.code} content={f.reason}>
          <Badge tone={FLAG_TONE[f.code]}>{FLAG_LABELS[f.code]}</Badge>
        </Tooltip>
      ))}
    </InlineStack>
  );
}

/** The figures and flags of a product or a variant, after its title. */
function ValueCells({ row: r, format: { locale, money, percent } }: { row: ProductRow; format: RowFormat }) {
  const shippingHeavy = r.flags.some((f) => f.code === "SHIPPING_HEAVY");
  return (
    <>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {r.units.toLocaleString(locale)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {money(r.netRevenue)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {money(r.costOfGoods)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {/* Shipping in the flag's colour where it is what makes the product Shipping-heavy. */}
        <span data-cell="shipping">
          <Text as="span" alignment="end" numeric tone={shippingHeavy ? "caution" : undefined} fontWeight={shippingHeavy ? "semibold" : undefined}>
            {money(r.shipping)}
          </Text>
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {money(r.otherCosts)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Margin row={r} money={money} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric tone={r.marginBp !== null && r.marginBp < 0 ? "critical" : undefined}>
          {r.marginBp === null ? "—" : percent.format(r.marginBp / 10_000)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Flags row={r} />
      </IndexTable.Cell>
    </>
  );
}
