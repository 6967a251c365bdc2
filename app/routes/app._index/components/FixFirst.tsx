import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, InlineStack, Text } from "@shopify/polaris";

import { STOCK_FLAG_LABELS, STOCK_FLAG_TONE } from "~/components/flags";
import { COST_MISSING_LABEL, gatewayName, type MoneyFormat } from "~/components/format";
import type { FixItem } from "~/domain/fix-actions";

/** The NetMargin page an item is about: the product, the orders of the pattern, the bulk unit-cost editor. */
export function fixLinks(f: FixItem, rangeQuery: string): { title: string; href: string | null; actionHref: string | null } {
  const withRange = (path: string, extra = "") => {
    const q = [extra, rangeQuery].filter(Boolean).join("&");
    return q ? `${path}?${q}` : path;
  };
  const productPage = (id: string | null) => (id ? withRange(`/app/products/${id.split("/").pop()}`) : null);
  switch (f.subject.kind) {
    case "product":
      return { title: f.subject.title, href: productPage(f.subject.productId), actionHref: null };
    case "missing-costs":
      return { title: f.subject.title, href: productPage(f.subject.productId), actionHref: "/app/unit-costs" };
    case "shipping-orders":
      return { title: "Orders losing money on shipping", href: withRange("/app/orders", "flag=SHIPPING_HEAVY"), actionHref: null };
    case "gateway":
      return { title: `Orders paid with ${gatewayName(f.subject.gateway)}`, href: withRange("/app/orders", `gateway=${encodeURIComponent(f.subject.gateway)}`), actionHref: null };
    case "stock":
      // Stock is today's, whatever the range: the Stock page lists the same class.
      return { title: f.subject.title, href: productPage(f.subject.productId), actionHref: `/app/stock?class=${f.subject.flag === "DEAD_STOCK" ? "dead" : "overstock"}` };
    case "supplier-payments":
      return { title: "Overdue supplier payments", href: "/app/cash/invoices", actionHref: "/app/cash/invoices" };
    case "receivables":
      return { title: "Overdue customer payments", href: "/app/cash/receivables", actionHref: "/app/cash/receivables" };
  }
}

/** What an item shows on the right: the loss over the period, "Cost missing", or the cash its stock ties up. */
function FixAmount({ f, money }: { f: FixItem; money: MoneyFormat }) {
  if (f.subject.kind === "stock") {
    const value = f.action.kind === "clear-dead-stock" || f.action.kind === "trim-overstock" ? f.action.value : null;
    return (
      <BlockStack gap="050" inlineAlign="end">
        <Badge tone={STOCK_FLAG_TONE[f.subject.flag]}>{STOCK_FLAG_LABELS[f.subject.flag]}</Badge>
        {value !== null && (
          <Text as="p" variant="bodySm" tone="subdued" numeric>
            <span style={{ whiteSpace: "nowrap" }}>{`${money(value)} at cost`}</span>
          </Text>
        )}
      </BlockStack>
    );
  }
  if (f.action.kind === "pay-suppliers" || f.action.kind === "chase-receivables") {
    return (
      <BlockStack gap="050" inlineAlign="end">
        <Badge tone="critical">Overdue</Badge>
        <Text as="p" variant="bodySm" tone="subdued" numeric>
          <span style={{ whiteSpace: "nowrap" }}>{money(f.action.amount)}</span>
        </Text>
      </BlockStack>
    );
  }
  if (f.amount === null) return <Badge tone="attention">{COST_MISSING_LABEL}</Badge>;
  return (
    <Text as="p" fontWeight="semibold" tone="critical" numeric>
      <span style={{ whiteSpace: "nowrap" }}>{money(-f.amount)}</span>
    </Text>
  );
}

/**
 * "Fix these first", Home's first block (issue 17, item 1): what costs the most over the period,
 * one linked row each with what it costs, its main cause in plain words and the one action the
 * engine computed (domain/fix-actions.ts). Products sold without any unit cost say "Cost
 * missing", never a loss; dead stock and overstock show their badge and the cash at cost,
 * their action linking to the Stock page.
 */
export function FixFirst({ fixes, money, rangeQuery }: { fixes: readonly FixItem[]; money: MoneyFormat; rangeQuery: string }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        Fix these first
      </Text>
      <ul style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="fix-first">
        {fixes.map((f, i) => {
          const { title, href, actionHref } = fixLinks(f, rangeQuery);
          return (
            <li key={`${f.subject.kind}-${f.action.kind}-${title}`}>
              <Box paddingBlock="200" borderBlockStartWidth={i === 0 ? undefined : "025"} borderColor="border">
                <InlineStack align="space-between" blockAlign="start" gap="300" wrap={false}>
                  <BlockStack gap="050">
                    <Text as="p" fontWeight="semibold">
                      {href ? <RemixLink to={href}>{title}</RemixLink> : title}
                    </Text>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {f.cause}
                    </Text>
                    <Text as="p" variant="bodySm" fontWeight="semibold">
                      <span data-testid="fix-action">{actionHref ? <RemixLink to={actionHref}>{f.actionText}</RemixLink> : f.actionText}</span>
                    </Text>
                  </BlockStack>
                  <FixAmount f={f} money={money} />
                </InlineStack>
              </Box>
            </li>
          );
        })}
      </ul>
      <RemixLink to={`/app/products?${["flag=LOSS", rangeQuery].filter(Boolean).join("&")}`}>See every loss-making product</RemixLink>
    </BlockStack>
  );
}
