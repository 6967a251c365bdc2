import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, IndexTable, InlineStack, Text, Tooltip } from "@shopify/polaris";

import { FLAG_LABELS, FLAG_TONE } from "~/components/flags";
import { COST_MISSING_LABEL, costMissingTooltip, type MoneyFormat } from "~/components/format";
import type { ProductRow } from "~/services/products-view.server";

/** How the table's figures are written: counts in the locale, money, margin % to one decimal. */
export type RowFormat = { locale: string; money: MoneyFormat; percent: Intl.NumberFormat };

/** A product: its title (a link to its page, but for custom items), the variants toggle when it has several, its figures. */
export function ProductTableRow(props: { id: string; position: number; row: ProductRow; search: string; open: boolean; onToggle: () => void; format: RowFormat }) {
  const { row: r, open } = props;
  const variants = r.variants ?? [];
  return (
    <IndexTable.Row id={props.id} position={props.position}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          {r.productId ? (
            <RemixLink to={`/app/products/${r.productId.split("/").pop()}?${props.search}`}>
              <Text as="span" fontWeight="semibold">
                {r.title}
              </Text>
            </RemixLink>
          ) : (
            <Text as="span" fontWeight="semibold">
              {r.title}
            </Text>
          )}
          {variants.length > 1 ? (
            <span onClick={(e) => e.stopPropagation()}>
              <Button variant="plain" onClick={props.onToggle} accessibilityLabel={`${open ? "Hide" : "Show"} the ${variants.length} variants of ${r.title}`}>
                {open ? "Hide variants" : `${variants.length} variants`}
              </Button>
            </span>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
      <ValueCells row={r} format={props.format} />
    </IndexTable.Row>
  );
}

/** One variant of an open product, indented under it. */
export function VariantTableRow(props: { id: string; position: number; row: ProductRow; format: RowFormat }) {
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

/** The figures and flags of a product or a variant, after its title. */
function ValueCells({ row: r, format: { locale, money, percent } }: { row: ProductRow; format: RowFormat }) {
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
        <Text as="span" alignment="end" numeric>
          {money(r.otherCosts)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric tone={r.netMargin < 0 ? "critical" : undefined} fontWeight="semibold">
          {money(r.netMargin)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric tone={r.marginBp !== null && r.marginBp < 0 ? "critical" : undefined}>
          {r.marginBp === null ? "—" : percent.format(r.marginBp / 10_000)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
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
      </IndexTable.Cell>
    </>
  );
}
