import { BlockStack, Card, Text } from "@shopify/polaris";

import { zoneName, type MoneyFormat } from "~/components/format";
import type { PlannerView } from "~/services/planner.server";

import { PlannerTable } from "./PlannerTable";
import { sourceNote } from "./zone-lines";

/** Break-even and recommended threshold per destination, beside what customers get today. */
export function ZonesTable({ view, locale, money }: { view: Pick<PlannerView, "zones" | "today">; locale: string; money: MoneyFormat }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          By destination
        </Text>
        <PlannerTable
          label="Destinations"
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Zone", "Orders", "Customers pay", "Free today from", "Break-even", "Recommended"]}
          rows={view.zones.slice(0, 12).map((z) => [
            // Country names, not codes ("Germany, Austria"; "Unknown country" where Shopify hid the address).
            zoneName(z.zone, locale),
            z.orders.toLocaleString(locale),
            z.today === null || z.today.paid === null
              ? "—"
              : z.today.paid.min === z.today.paid.max
              ? money(z.today.paid.min)
              : `${money(z.today.paid.min)} – ${money(z.today.paid.max)}`,
            z.today === null ? "—" : z.today.threshold === null ? "Never" : `${z.today.varies ? "From " : ""}${money(z.today.threshold)}${sourceNote(z.today.source)}`,
            z.breakEven.zero.kind === "threshold" ? money(z.breakEven.zero.threshold) : "None",
            z.recommended === null ? "None" : money(z.recommended),
          ])}
        />
        <Text as="p" tone="subdued">
          Zones are your shipping rules&apos; country lists, else the destination country. A zone with a higher break-even costs more to ship free.
          {view.today !== null ? " “Customers pay” and “Free today from” come from your Shopify shipping rates and free-shipping discounts, whichever is lower." : ""}
        </Text>
      </BlockStack>
    </Card>
  );
}
