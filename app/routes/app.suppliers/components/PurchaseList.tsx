import {
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineStack,
  Text,
} from "@shopify/polaris";
import { useState } from "react";

import { downloadFile } from "~/components/download";
import { showToast } from "~/components/feedback";
import { formatDate, type MoneyFormat } from "~/components/format";
import type { PurchaseView, SuppliersView } from "~/services/reorder.server";

import { purchaseWords } from "./SuppliersCard";

const csvHref = (p: PurchaseView | null) =>
  `/app/suppliers/csv${
    p === null ? "" : `?supplier=${encodeURIComponent(p.supplierId ?? "none")}`
  }`;

/** The suggested purchase list, one card per supplier with its CSV; what each line is based on in its reason. */
export function PurchaseList({
  view,
  money,
  locale,
}: {
  view: SuppliersView;
  money: MoneyFormat;
  locale: string;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const download = (p: PurchaseView | null) => {
    const key = p === null ? "all" : p.supplierId ?? "none";
    setBusy(key);
    downloadFile(csvHref(p), "netmargin-purchases.csv")
      .catch(() =>
        showToast("The CSV could not be downloaded: try again.", {
          isError: true,
        })
      )
      .finally(() => setBusy(null));
  };
  return (
    <BlockStack gap="400">
      <Box paddingInline={{ xs: "400", sm: "0" }}>
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Suggested purchases
            </Text>
            <Text as="p" tone="subdued">
              {view.purchases.length === 0
                ? "Nothing to reorder: every product with sales has more on hand and incoming than its reorder point."
                : `${money(
                    view.totalCost
                  )} in all, ${view.totalQuantity.toLocaleString(
                    "en"
                  )} units to order on ${formatDate(
                    view.orderOn,
                    locale
                  )}: enough to cover each supplier's lead time and 90 days of sales after it.`}
            </Text>
          </BlockStack>
          {view.purchases.length > 0 ? (
            <Button loading={busy === "all"} onClick={() => download(null)}>
              Export all as CSV
            </Button>
          ) : null}
        </InlineStack>
      </Box>
      {view.purchases.map((p) => (
        <Card key={p.supplierId ?? "none"}>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm">
                  {p.supplierName}
                </Text>
                <Text as="p" tone="subdued">{`${purchaseWords(
                  p,
                  money
                )} · payment due ${formatDate(p.payDue, locale)}`}</Text>
              </BlockStack>
              <Button
                loading={busy === (p.supplierId ?? "none")}
                onClick={() => download(p)}
                accessibilityLabel={`Export ${p.supplierName}'s purchase list as CSV`}
              >
                Export CSV
              </Button>
            </InlineStack>
            <DataTable
              columnContentTypes={[
                "text",
                "numeric",
                "numeric",
                "numeric",
                "numeric",
              ]}
              headings={["Product", "On hand", "Incoming", "To order", "Cost"]}
              rows={p.lines.map((l) => [
                l.title,
                l.onHand,
                l.incoming,
                l.quantity,
                l.cost === null ? "No unit cost" : money(l.cost),
              ])}
              truncate
            />
            {p.moreLines > 0 ? (
              <Text
                as="p"
                tone="subdued"
              >{`And ${p.moreLines} more products: the CSV has them all.`}</Text>
            ) : null}
          </BlockStack>
        </Card>
      ))}
    </BlockStack>
  );
}
