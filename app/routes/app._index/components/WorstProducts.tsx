import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, List, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import type { Dashboard } from "~/services/dashboard.server";

/** The products losing the most in the period, each with why, and a link to every loss-maker. */
export function WorstProducts({ products, money }: { products: Dashboard["worstProducts"]; money: MoneyFormat }) {
  return (
    <BlockStack gap="150">
      <Text as="h3" variant="headingSm">
        Products losing the most
      </Text>
      <List>
        {products.map((p) => (
          <List.Item key={p.productId ?? p.title}>
            <Text as="span" fontWeight="semibold">
              {p.title}
            </Text>{" "}
            {money(p.netMargin)}: {p.reason}
          </List.Item>
        ))}
      </List>
      <RemixLink to="/app/products?flag=LOSS">See every loss-making product</RemixLink>
    </BlockStack>
  );
}
