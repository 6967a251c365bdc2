import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, InlineGrid, InlineStack, Text, Tooltip } from "@shopify/polaris";

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
  // A product of one variant has at most one stock flag, its class's: its reason (the class's facts and
  // the cash) replaces the class's, and the class badge carries the flag's tooltip.
  const merged = stock.variants.length === 0 && stock.flags.length === 1 ? stock.flags[0]! : null;
  const flags = merged ? [] : stock.flags;
  return (
    <Card>
      <div data-testid="product-stock">
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Stock
            </Text>
            {p &&
              (merged ? (
                <Tooltip content={stockFlagTooltip(merged.code, stock.options)}>
                  <Badge tone={STOCK_CLASS_TONE[p.stockClass]}>{STOCK_CLASS_LABELS[p.stockClass]}</Badge>
                </Tooltip>
              ) : (
                <Badge tone={STOCK_CLASS_TONE[p.stockClass]}>{STOCK_CLASS_LABELS[p.stockClass]}</Badge>
              ))}
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
              <Text as="p">
                <span data-testid="stock-reason">{merged ? merged.reason : p.reason}</span>
              </Text>
              {flags.map((f) => (
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
                // A list rather than a table: each variant's reason stays readable on a phone.
                <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
                  {stock.variants.map((v, i) => (
                    <li key={v.variantId} data-testid="stock-variant">
                      <Box paddingBlock="200" borderBlockStartWidth={i === 0 ? undefined : "025"} borderColor="border">
                        <BlockStack gap="100">
                          <InlineStack gap="200" blockAlign="center">
                            <Text as="span" fontWeight="semibold">
                              {v.title}
                            </Text>
                            <Badge tone={STOCK_CLASS_TONE[v.stockClass]}>{STOCK_CLASS_LABELS[v.stockClass]}</Badge>
                          </InlineStack>
                          <Text as="p" variant="bodySm" tone="subdued">
                            {v.reason}
                          </Text>
                          <Text as="p" variant="bodySm">
                            {variantLine(v, money, locale)}
                          </Text>
                        </BlockStack>
                      </Box>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {stock.inventorySynced && (
            <Text as="p" variant="bodySm" tone="subdued">
              {history(stock, locale)} <RemixLink to="/app/stock">See all your stock</RemixLink>
            </Text>
          )}
        </BlockStack>
      </div>
    </Card>
  );
}

/** "96 units on hand · €5,547.84 at cost · not selling · last sale 5 May 2026". */
function variantLine(v: StockFigures, money: MoneyFormat, locale: string): string {
  const value = v.valueAtCost === null ? "unit cost missing" : `${money(v.valueAtCost)} at cost`;
  const pace = v.onHand <= 0 ? "out of stock" : v.daysOfCover === null ? "not selling" : `${cover(v, locale)} of cover`;
  const sale = v.lastSaleOn === null ? "no sale recorded" : `last sale ${formatDate(v.lastSaleOn, locale)}`;
  return `${v.onHand === 0 ? "None" : units(v.onHand, locale)} on hand · ${value} · ${pace} · ${sale}`;
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

/** "1 unit", "170 units"; "None" rather than "0 units" (read as units sold elsewhere on the page); below 0, oversold. */
function units(n: number, locale: string): string {
  if (n === 0) return "None";
  if (n < 0) return `${n.toLocaleString(locale)} (oversold)`;
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
