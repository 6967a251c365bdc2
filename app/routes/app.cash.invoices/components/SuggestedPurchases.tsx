import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { useEffect } from "react";

import { moneyFormatter } from "~/components/format";

type Response = { suggested?: { added: number; updated: number; skipped: number; amount: number } };

/** One action: today's suggested purchases (the Suppliers page's list) become purchase orders in the calendar. */
export function SuggestedPurchases({ currency, locale }: { currency: string; locale: string }) {
  const fetcher = useFetcher<Response>();
  const revalidator = useRevalidator();
  const done = fetcher.state === "idle" ? fetcher.data?.suggested : undefined;
  useEffect(() => {
    if (done) revalidator.revalidate();
  }, [done]);
  const orders = done ? done.added + done.updated : 0;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Suggested purchases
        </Text>
        <Text as="p" tone="subdued">
          Add what NetMargin suggests reordering today (<Link url="/app/suppliers">Suppliers</Link>) as purchase orders, one per supplier, due on its payment terms. Change the reference to your own order number once you place them.
        </Text>
        {done ? (
          orders === 0 ? (
            <Banner tone="info" title="Nothing to reorder today: no purchase order added." />
          ) : (
            <Banner
              tone="success"
              title={`${orders} purchase order${orders === 1 ? "" : "s"} ${done.updated > 0 && done.added === 0 ? "updated" : "added"}: ${moneyFormatter(currency, locale)(done.amount)}`}
            >
              {done.skipped > 0 ? <p>{`${done.skipped} supplier${done.skipped === 1 ? "" : "s"} left out: no unit cost known for what to order.`}</p> : null}
            </Banner>
          )
        ) : null}
        <InlineStack>
          <Button loading={fetcher.state !== "idle"} onClick={() => fetcher.submit(JSON.stringify({ intent: "suggested" }), { method: "post", action: "/app/cash/invoices", encType: "application/json" })}>
            Add suggested purchase orders
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
