import { Link as RemixLink, useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

import { showToast } from "~/components/feedback";
import { formatMoney } from "~/components/format";
import type { MissingCostVariant } from "~/services/missing-costs.server";

type SaveResponse = {
  saved?: number;
  errors?: { variantId: string | null; message: string; problem?: string }[];
};

/** One field per variant without a unit cost; every filled field saved at once, or none. */
export function MissingCostsForm({
  variants,
  total,
  currency,
  locale,
}: {
  variants: MissingCostVariant[];
  total: number;
  currency: string;
  locale: string;
}) {
  const fetcher = useFetcher<SaveResponse>();
  const [costs, setCosts] = useState<Record<string, string>>({});
  const banner = useRef<HTMLDivElement>(null);
  const errors = fetcher.data?.errors ?? [];
  const byVariant = new Map(
    errors.filter((e) => e.variantId).map((e) => [e.variantId!, e.problem ?? e.message])
  );
  const filled = Object.values(costs).filter((c) => c.trim() !== "").length;
  const saving = fetcher.state !== "idle";

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.saved !== undefined) {
      const text = `${
        fetcher.data.saved === 1
          ? "1 unit cost"
          : `${fetcher.data.saved} unit costs`
      } saved: margins are being recomputed.`;
      showToast(text);
      setCosts({});
    } else if (fetcher.data.errors?.length)
      banner.current?.scrollIntoView({ block: "start" });
  }, [fetcher.state, fetcher.data]);

  const save = () =>
    fetcher.submit(
      JSON.stringify({
        costs: Object.entries(costs).map(([variantId, cost]) => ({
          variantId,
          cost,
        })),
      }),
      { method: "post", encType: "application/json" }
    );

  // Above and below the list: a phone need not scroll through it to save.
  const saveButton = (
    <Button
      variant="primary"
      onClick={save}
      loading={saving}
      disabled={filled === 0}
    >
      {filled === 0
        ? "Save unit costs"
        : `Save ${filled === 1 ? "1 unit cost" : `${filled} unit costs`}`}
    </Button>
  );

  if (total === 0) {
    return (
      <Card>
        <BlockStack gap="200">
          <Text as="p">Every variant has a unit cost.</Text>
          {fetcher.data?.saved !== undefined && (
            <Text as="p" tone="success">{`${
              fetcher.data.saved === 1
                ? "1 unit cost"
                : `${fetcher.data.saved} unit costs`
            } saved: margins are being recomputed.`}</Text>
          )}
          <RemixLink to="/app">Back to Home</RemixLink>
        </BlockStack>
      </Card>
    );
  }
  return (
    <BlockStack gap="400">
      <div ref={banner}>
        {errors.length > 0 && (
          <Banner
            tone="critical"
            title={
              errors.length === 1
                ? "1 cost to fix before saving; nothing was saved"
                : `${errors.length} costs to fix before saving; nothing was saved`
            }
          >
            <ul>
              {errors.map((e, i) => (
                <li key={`${e.variantId}-${i}`}>{e.message}</li>
              ))}
            </ul>
          </Banner>
        )}
        {fetcher.data?.saved !== undefined && (
          <Banner
            tone="success"
            title={`${
              fetcher.data.saved === 1
                ? "1 unit cost"
                : `${fetcher.data.saved} unit costs`
            } saved`}
          >
            <p>
              The margins of their orders are being recomputed; the variants
              saved are no longer listed.
            </p>
          </Banner>
        )}
      </div>
      <Card padding="0">
        <Box padding="400">
          <InlineGrid
            columns={{ xs: 1, md: "1fr auto" }}
            gap="300"
            alignItems="center"
          >
            <Text as="p" tone="subdued">
              {total > variants.length
                ? `${total.toLocaleString(
                    locale
                  )} variants have no unit cost; the first ${variants.length.toLocaleString(
                    locale
                  )} are below. Leave a field empty to skip it.`
                : `${
                    total === 1
                      ? "1 variant has"
                      : `${total.toLocaleString(locale)} variants have`
                  } no unit cost. Leave a field empty to skip it; the cost applies to all their orders.`}
            </Text>
            {saveButton}
          </InlineGrid>
        </Box>
        <ul
          style={{ listStyle: "none", margin: 0, padding: 0 }}
          data-testid="missing-costs"
        >
          {variants.map((v) => (
            <li key={v.id}>
              <Box
                padding="400"
                borderBlockStartWidth="025"
                borderColor="border"
              >
                {/* One line on a wide screen; on a phone the field always goes under its product. */}
                <InlineGrid
                  columns={{ xs: 1, md: "1fr 12rem" }}
                  gap="200"
                  alignItems="center"
                >
                  <BlockStack gap="050">
                    <Text as="p" fontWeight="semibold">
                      <RemixLink
                        to={`/app/products/${v.productId.split("/").pop()}`}
                      >
                        {v.productTitle}
                      </RemixLink>
                      {v.title ? ` – ${v.title}` : ""}
                    </Text>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {[
                        v.sku ? `SKU ${v.sku}` : null,
                        v.price === null
                          ? null
                          : `Price ${formatMoney(v.price, currency, locale)}`,
                      ]
                        .filter(Boolean)
                        .join(" · ") || "No SKU"}
                    </Text>
                  </BlockStack>
                  <div>
                    <TextField
                      label={`Unit cost of ${v.productTitle}${
                        v.title ? ` – ${v.title}` : ""
                      } (${currency})`}
                      labelHidden
                      prefix={currency}
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder="Unit cost"
                      value={costs[v.id] ?? ""}
                      onChange={(value) =>
                        setCosts((c) => ({ ...c, [v.id]: value }))
                      }
                      error={byVariant.get(v.id)}
                    />
                  </div>
                </InlineGrid>
              </Box>
            </li>
          ))}
        </ul>
        <Box padding="400" borderBlockStartWidth="025" borderColor="border">
          <InlineStack align="end">{saveButton}</InlineStack>
        </Box>
      </Card>
    </BlockStack>
  );
}
