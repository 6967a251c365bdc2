import { Link as RemixLink, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, IndexFilters, IndexFiltersMode, IndexTable, InlineStack, Text, useBreakpoints } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

import { formatPercent, type MoneyFormat } from "~/components/format";
import type { SearchChanges } from "~/components/search-params";
import type { PromotionRow, PromotionsView } from "~/services/promotions.server";

type View = Pick<PromotionsView, "products" | "thinPercent" | "total" | "page" | "pageSize">;

/** "36.5%", or "Don't discount" where no discount keeps the target. */
function limitText(m: PromotionRow["zero"], pct: (bp: number) => string): string {
  return m.kind === "max" ? pct(m.basisPoints) : "Don't discount";
}

/** The product's average discount now, flagged when deeper than its break-even limit. */
function CurrentDiscount({ row, pct }: { row: PromotionRow; pct: (bp: number) => string }) {
  if (row.currentDiscountBp === 0)
    return (
      <Text as="span" alignment="end" tone="subdued">
        None
      </Text>
    );
  return (
    <InlineStack gap="100" align="end" blockAlign="center" wrap={false}>
      {row.overLimit ? <Badge tone="critical">Too deep</Badge> : null}
      <Text as="span" tone={row.overLimit ? "critical" : undefined}>
        {pct(row.currentDiscountBp)}
      </Text>
    </InlineStack>
  );
}

/**
 * Each product's deepest discount before it loses money and before it falls under the
 * thin-margin target, beside its average discount now; searched by title and paged
 * on the server (50 a page). On small screens a condensed list: product, then its
 * discount now and its limits.
 */
export function DiscountLimitsCard(props: { view: View; q: string; locale: string; money: MoneyFormat; pct: (basisPoints: number) => string; set: (changes: SearchChanges) => void }) {
  const { view, locale, money, pct, set } = props;
  const { smDown } = useBreakpoints();
  const navigation = useNavigation();
  const [query, setQuery] = useState(props.q);
  const [mode, setMode] = useState<IndexFiltersMode>(IndexFiltersMode.Filtering);
  useEffect(() => setQuery(props.q), [props.q]);
  // The search runs as the merchant types, once they pause.
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const search = (value: string) => {
    setQuery(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => set({ q: value.trim(), page: null }), 400);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const first = view.total === 0 ? 0 : (view.page - 1) * view.pageSize + 1;
  const last = Math.min(view.total, view.page * view.pageSize);
  const thinHeading = `Max for ${formatPercent(view.thinPercent, locale)} margin`;
  const link = (p: PromotionRow) => (
    <RemixLink to={`/app/products/${p.productId.split("/").pop()}`} onClick={(e) => e.stopPropagation()}>
      {p.title}
    </RemixLink>
  );

  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Deepest discount per product
          </Text>
          <Text as="p" tone="subdued">
            From each product&apos;s last 12 months (list price and cost per unit sold, its shipping, packaging and labour per unit). Payment fees and provisions shrink with
            the price. &ldquo;Discount now&rdquo; is the average discount its units sold with. Best sellers first.
          </Text>
        </BlockStack>
      </Box>
      <IndexFilters
        tabs={[{ id: "all", content: "All products" }]}
        selected={0}
        onSelect={() => undefined}
        queryValue={query}
        queryPlaceholder="Search by product title"
        onQueryChange={search}
        onQueryClear={() => search("")}
        filters={[]}
        appliedFilters={[]}
        onClearAll={() => search("")}
        hideFilters
        canCreateNewView={false}
        mode={mode}
        setMode={setMode}
        loading={navigation.state === "loading"}
        cancelAction={{ onAction: () => search(""), disabled: false, loading: false }}
      />
      <IndexTable
        resourceName={{ singular: "product", plural: "products" }}
        itemCount={view.products.length}
        selectable={false}
        condensed={smDown}
        loading={navigation.state === "loading"}
        emptyState={
          <Box padding="400">
            <Text as="p" tone="subdued">
              No product sold in the last 12 months has &ldquo;{props.q}&rdquo; in its title.
            </Text>
          </Box>
        }
        headings={[
          { title: "Product" },
          { title: "Units", alignment: "end" },
          { title: "List price", alignment: "end" },
          { title: "Unit price", alignment: "end", tooltipContent: "What a unit sold for: after discounts, before tax." },
          { title: "Unit cost", alignment: "end" },
          { title: "Discount now", alignment: "end", tooltipContent: "The average discount the product's units sold with in the last 12 months." },
          { title: "Max to break even", alignment: "end", tooltipContent: "The deepest discount that keeps the net margin at or above 0." },
          { title: thinHeading, alignment: "end", tooltipContent: `The deepest discount that keeps at least your ${formatPercent(view.thinPercent, locale)} thin-margin target.` },
        ]}
        pagination={{
          hasPrevious: view.page > 1,
          hasNext: view.page < pages,
          onPrevious: () => set({ page: view.page > 2 ? String(view.page - 1) : null }),
          onNext: () => set({ page: String(view.page + 1) }),
          label: view.total === 0 ? "No products" : `${first.toLocaleString(locale)}–${last.toLocaleString(locale)} of ${view.total.toLocaleString(locale)} products`,
        }}
      >
        {view.products.map((p, i) =>
          smDown ? (
            <IndexTable.Row id={p.productId} key={p.productId} position={i}>
              <Box padding="300">
                <BlockStack gap="100">
                  <Text as="span" fontWeight="semibold">
                    {link(p)}
                  </Text>
                  <Text as="span" tone="subdued">
                    {p.units.toLocaleString(locale)} units · list {money(p.price)} · sold at {money(p.unitPrice)}
                  </Text>
                  <InlineStack gap="200" wrap>
                    <Text as="span">Now:</Text>
                    <CurrentDiscount row={p} pct={pct} />
                    <Text as="span">{p.zero.kind === "max" ? `· at most ${pct(p.zero.basisPoints)} to break even` : "· don't discount: no margin left"}</Text>
                  </InlineStack>
                </BlockStack>
              </Box>
            </IndexTable.Row>
          ) : (
            <IndexTable.Row id={p.productId} key={p.productId} position={i}>
              <IndexTable.Cell>
                <Box maxWidth="220px">
                  <Text as="span" breakWord>
                    {link(p)}
                  </Text>
                </Box>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {p.units.toLocaleString(locale)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {money(p.price)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {money(p.unitPrice)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {money(p.unitCost)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <CurrentDiscount row={p} pct={pct} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {limitText(p.zero, pct)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {limitText(p.thin, pct)}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ),
        )}
      </IndexTable>
    </Card>
  );
}
