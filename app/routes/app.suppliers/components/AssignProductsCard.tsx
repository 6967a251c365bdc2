import { Form, useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";
import type { SupplierRowView } from "~/services/reorder.server";
import type { ProductChoice } from "~/store/suppliers.server";

type AssignResponse = { errors?: { path: string; message: string }[]; assigned?: number };

const VENDOR = "";

/** Products found by name or vendor, ticked and given a supplier (or back to their vendor's). */
export function AssignProductsCard({ suppliers, products, more, q }: { suppliers: readonly SupplierRowView[]; products: readonly ProductChoice[]; more: boolean; q: string }) {
  const fetcher = useFetcher<AssignResponse>();
  const revalidator = useRevalidator();
  const [search, setSearch] = useState(q);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [supplier, setSupplier] = useState(suppliers[0]?.id ?? VENDOR);
  const names = new Map(suppliers.map((s) => [s.id, s.name]));
  const errors = fetcher.state === "idle" ? (fetcher.data?.errors ?? []) : [];
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.assigned !== undefined) {
      showToast(`${fetcher.data.assigned} product${fetcher.data.assigned === 1 ? "" : "s"} assigned`);
      setTicked(new Set());
      revalidator.revalidate();
    }
  }, [fetcher.state, fetcher.data]);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(id);
    else next.delete(id);
    setTicked(next);
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Choose products&apos; supplier
        </Text>
        <Form method="get">
          <InlineStack gap="200" blockAlign="end">
            <div style={{ flex: "1 1 200px" }}>
              <TextField label="Find products by name or vendor" name="q" value={search} onChange={setSearch} autoComplete="off" />
            </div>
            <Button submit>Find</Button>
          </InlineStack>
        </Form>
        {products.length === 0 ? (
          <Text as="p" tone="subdued">
            No product matches.
          </Text>
        ) : (
          <BlockStack gap="100">
            {products.map((p) => (
              <Checkbox
                key={p.id}
                label={p.title}
                checked={ticked.has(p.id)}
                onChange={(on) => toggle(p.id, on)}
                helpText={`${p.supplierId === null ? "No supplier" : `Supplier: ${names.get(p.supplierId) ?? "unknown"}`}${p.chosen ? " (your choice)" : p.vendor ? " (its vendor)" : ""}`}
              />
            ))}
            {more ? (
              <Text as="p" tone="subdued">
                More products match: search by name or vendor to find the others.
              </Text>
            ) : null}
          </BlockStack>
        )}
        {errors.length > 0 ? (
          <Banner tone="critical" title="Nothing was assigned">
            <ul>
              {errors.map((e) => (
                <li key={e.message}>{e.message}</li>
              ))}
            </ul>
          </Banner>
        ) : null}
        <InlineStack gap="200" blockAlign="end">
          <Select
            label="Supplier"
            options={[...suppliers.map((s) => ({ label: s.name, value: s.id })), { label: "Their vendor's supplier", value: VENDOR }]}
            value={supplier}
            onChange={setSupplier}
          />
          <Button
            disabled={ticked.size === 0}
            loading={fetcher.state !== "idle"}
            onClick={() =>
              fetcher.submit(JSON.stringify({ intent: "assign", productIds: [...ticked], supplierId: supplier === VENDOR ? null : supplier }), {
                method: "post",
                action: "/app/suppliers",
                encType: "application/json",
              })
            }
          >
            {`Assign ${ticked.size === 0 ? "" : `${ticked.size} `}product${ticked.size === 1 ? "" : "s"}`}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
