import { Badge, BlockStack, Button, Card, IndexTable, InlineStack, Text, useBreakpoints } from "@shopify/polaris";
import { useState } from "react";

import type { MoneyFormat } from "~/components/format";
import type { SupplierRowView, SuppliersView } from "~/services/reorder.server";

import { SupplierForm } from "./SupplierForm";

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
const units = (n: number) => `${n.toLocaleString("en")} unit${n === 1 ? "" : "s"}`;

/** What to order from a supplier, in words: "€840.00 · 266 units", and the lines without a cost. */
export function purchaseWords(s: { quantity: number; cost: number; linesWithoutCost: number }, money: MoneyFormat): string {
  if (s.quantity === 0) return "Nothing to order";
  const missing = s.linesWithoutCost > 0 ? ` (+ ${s.linesWithoutCost} without a unit cost)` : "";
  return `${money(s.cost)} · ${units(s.quantity)}${missing}`;
}

/** The suppliers with their terms, products and suggested purchase; Edit opens the form under the table. */
export function SuppliersCard({ view, money, phone }: { view: SuppliersView; money: MoneyFormat; phone: boolean }) {
  const [editing, setEditing] = useState<SupplierRowView | "new" | null>(null);
  // Condensed below the sm breakpoint, from the server's render on when the request came from a phone (as the products list).
  const { smDown } = useBreakpoints({ defaults: { smDown: phone } });
  const rows = view.suppliers;
  return (
    <Card padding="0">
      <BlockStack gap="0">
        <Card>
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                Your suppliers
              </Text>
              <Text as="p" tone="subdued">
                {`Each product's supplier is its Shopify vendor's unless you choose another.${view.productsWithoutSupplier > 0 ? ` ${view.productsWithoutSupplier} product${view.productsWithoutSupplier === 1 ? " has" : "s have"} no vendor and no supplier.` : ""}`}
              </Text>
            </BlockStack>
            <Button onClick={() => setEditing("new")}>Add a supplier</Button>
          </InlineStack>
        </Card>
        {rows.length === 0 ? (
          <Card>
            <Text as="p">No supplier yet: products get their vendor&apos;s once the catalog is synced, or add one.</Text>
          </Card>
        ) : (
          <IndexTable
            condensed={smDown}
            resourceName={{ singular: "supplier", plural: "suppliers" }}
            itemCount={rows.length}
            selectable={false}
            headings={[{ title: "Supplier" }, { title: "Lead time" }, { title: "Minimum order" }, { title: "Payment terms" }, { title: "Products" }, { title: "Suggested purchase" }, { title: "" }]}
          >
            {rows.map((s, i) =>
              smDown ? (
                <IndexTable.Row id={s.id} key={s.id} position={i}>
                  <div style={{ padding: "12px 16px" }}>
                    <BlockStack gap="100">
                      <InlineStack align="space-between" blockAlign="center">
                        <Text as="span" fontWeight="semibold">
                          {s.name}
                        </Text>
                        <Button variant="plain" onClick={() => setEditing(s)} accessibilityLabel={`Edit ${s.name}`}>
                          Edit
                        </Button>
                      </InlineStack>
                      <Text as="p" tone="subdued">{`${days(s.leadTimeDays)} lead time · minimum ${units(s.minOrderQuantity)} · paid after ${days(s.paymentTermsDays)} · ${s.products} product${s.products === 1 ? "" : "s"}`}</Text>
                      <Text as="p">{purchaseWords(s, money)}</Text>
                      {s.saved ? null : <Badge>Default terms</Badge>}
                    </BlockStack>
                  </div>
                </IndexTable.Row>
              ) : (
                <IndexTable.Row id={s.id} key={s.id} position={i}>
                  <IndexTable.Cell>
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {s.name}
                      </Text>
                      {s.saved ? null : <Badge>Default terms</Badge>}
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{days(s.leadTimeDays)}</IndexTable.Cell>
                  <IndexTable.Cell>{units(s.minOrderQuantity)}</IndexTable.Cell>
                  <IndexTable.Cell>{s.paymentTermsDays === 0 ? "When ordering" : `${days(s.paymentTermsDays)} after`}</IndexTable.Cell>
                  <IndexTable.Cell>{s.products}</IndexTable.Cell>
                  <IndexTable.Cell>{purchaseWords(s, money)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Button variant="plain" onClick={() => setEditing(s)} accessibilityLabel={`Edit ${s.name}`}>
                      Edit
                    </Button>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ),
            )}
          </IndexTable>
        )}
        {editing !== null ? (
          <Card>
            <SupplierForm key={editing === "new" ? "new" : editing.id} supplier={editing === "new" ? null : editing} currency={view.currency} onDone={() => setEditing(null)} />
          </Card>
        ) : null}
      </BlockStack>
    </Card>
  );
}
