import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Box, InlineStack, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import type { Dashboard } from "~/services/dashboard.server";

/**
 * The products losing the most in the period, first on Home (issue 17, item 1): one row each,
 * linked to its product page, its loss written once, its main cause in plain words.
 */
export function WorstProducts({ products, money }: { products: Dashboard["worstProducts"]; money: MoneyFormat }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        Products losing the most
      </Text>
      <ul style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="worst-products">
        {products.map((p, i) => (
          <li key={p.productId ?? p.title}>
            <Box paddingBlock="200" borderBlockStartWidth={i === 0 ? undefined : "025"} borderColor="border">
              <InlineStack align="space-between" blockAlign="start" gap="300" wrap={false}>
                <BlockStack gap="050">
                  <Text as="p" fontWeight="semibold">
                    {p.productId ? <RemixLink to={`/app/products/${p.productId.split("/").pop()}`}>{p.title}</RemixLink> : p.title}
                  </Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {p.reason}
                  </Text>
                </BlockStack>
                <Text as="p" fontWeight="semibold" tone="critical" numeric>
                  <span style={{ whiteSpace: "nowrap" }}>{money(p.netMargin)}</span>
                </Text>
              </InlineStack>
            </Box>
          </li>
        ))}
      </ul>
      <RemixLink to="/app/products?flag=LOSS">See every loss-making product</RemixLink>
    </BlockStack>
  );
}
