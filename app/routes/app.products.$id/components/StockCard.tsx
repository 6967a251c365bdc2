import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineGrid, InlineStack, Text, Tooltip } from "@shopify/polaris";

import { STOCK_CLASS_TONE, STOCK_FLAG_LABELS, STOCK_FLAG_TONE, stockFlagTooltip } from "~/components/flags";
import { formatDate, type MoneyFormat } from "~/components/format";
import { STOCK_CLASS_LABELS } from "~/domain/stock-health";
import type { ProductStockSection, StockFigures } from "~/services/product-detail.server";

/**
 * The product's stock today (issue 18, item 6): its class with the reason in words, its stock
 * flags, on hand, value at cost, days of cover and last sale, per variant when it has several,
 * and where the stock history starts (Shopify keeps none before install).
 */
export function StockCard({ stock, money, locale }: { stock: ProductStockSection; money: MoneyFormat; locale: string }) {
  const p = stock.product;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Stock
          </Text>
          {p && <Badge tone={STOCK_CLASS_TONE[p.stockClass]}>{STOCK_CLASS_LABELS[p.stockClass]}</Badge>}
        </InlineStack>
        {!stock.inventorySynced ? (
          <Text as="p" tone="subdued">
            Stock shows here once NetMargin has read your inventory from Shopify.
          </Text>
        ) : !p ? (
          <Text as="p" tone="subdued">
            {stock.untracked > 0 ? "Shopify does not track the quantities of this product." : "This product has no stock at your locations."}
          </Text>
        ) : (
          <>
            <Text as="p" data-testid="stock-reason">
              {p.reason}
            </Text>
            {stock.flags.map((f) => (
              <Text as="p" key={f.code}>
                <Tooltip content={stockFlagTooltip(f.code, stock.options)}>
                  <Badge tone={STOCK_FLAG_TONE[f.code]}>{STOCK_FLAG_LABELS[f.code]}</Badge>
                </Tooltip>{" "}
                {f.reason}
              </Text>
            ))}
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              <Figure label="On hand" value={units(p.onHand, locale)} />
              <Figure label="Value at cost" value={valueText(p, money)} />
              <Figure label="Days of cover" value={cover(p, locale)} />
              <Figure label="Last sale" value={lastSale(p, locale)} />
            </InlineGrid>
            {stock.variants.length > 0 && (
              <DataTable
                columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "text"]}
                headings={["Variant", "Stock", "On hand", "Value at cost", "Days of cover", "Last sale"]}
                rows={stock.variants.map((v) => [
                  v.title,
                  <BlockStack key={v.variantId} gap="050">
                    <span>
                      <Badge tone={STOCK_CLASS_TONE[v.stockClass]}>{STOCK_CLASS_LABELS[v.stockClass]}</Badge>
                    </span>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {v.reason}
                    </Text>
                  </BlockStack>,
                  v.onHand.toLocaleString(locale),
                  valueText(v, money),
                  cover(v, locale),
                  lastSale(v, locale),
                ])}
              />
            )}
          </>
        )}
        {stock.inventorySynced && (
          <Text as="p" variant="bodySm" tone="subdued">
            {history(stock, locale)} <RemixLink to="/app/stock">See all your stock</RemixLink>
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingSm" numeric>
        {value}
      </Text>
    </BlockStack>
  );
}

function units(n: number, locale: string): string {
  return n === 1 ? "1 unit" : `${n.toLocaleString(locale)} units`;
}

function valueText(f: StockFigures & { knownValueAtCost?: number }, money: MoneyFormat): string {
  if (f.valueAtCost !== null) return money(f.valueAtCost);
  // Some variant with stock has no unit cost: the known part, said so.
  return f.knownValueAtCost ? `${money(f.knownValueAtCost)} + unit cost missing` : "Unit cost missing";
}

function cover(f: StockFigures, locale: string): string {
  if (f.onHand <= 0) return "Out of stock";
  if (f.daysOfCover === null) return "Not selling";
  return f.daysOfCover === 1 ? "1 day" : `${f.daysOfCover.toLocaleString(locale)} days`;
}

function lastSale(f: StockFigures, locale: string): string {
  return f.lastSaleOn === null ? "No sale recorded" : formatDate(f.lastSaleOn, locale);
}

/** Where the history behind the velocity and days of cover starts, and as of which day the figures are. */
function history(stock: ProductStockSection, locale: string): string {
  const asOf = `Figures as of ${formatDate(stock.asOf, locale)}.`;
  return stock.historyStarts === null
    ? `${asOf} Shopify keeps no stock history before install: NetMargin records it from its first inventory import.`
    : `${asOf} Shopify keeps no stock history before install: NetMargin's starts on ${formatDate(stock.historyStarts, locale)}; days before it count as in stock.`;
}
