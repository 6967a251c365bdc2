import { Banner, BlockStack, Card, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import { parseDecimal } from "~/domain/money";
import type { ExistingFreeShippingDiscount } from "~/services/free-shipping.server";
import type { PlannerView } from "~/services/planner.server";

import { zoneTodayLine } from "./zone-lines";

type Discount = Pick<ExistingFreeShippingDiscount, "title" | "status" | "minimumSubtotal" | "code">;

/** Free shipping customers get today: per zone of the default profile, NetMargin's discount, and the others in force. */
export function TodayCard(props: {
  view: Pick<PlannerView, "today" | "current" | "currency">;
  money: MoneyFormat;
  discount: Discount | null;
  others: readonly Discount[];
  /** Code free-shipping discounts in force: only customers who enter the code get them. */
  codes?: readonly Discount[];
  discountError: string | null;
  shippingError: string | null;
  otherCurrencyRates: readonly string[];
}) {
  const { view, money, discount, others, discountError, shippingError, otherCurrencyRates } = props;
  const codes = props.codes ?? [];
  const codeMinimums = codes.map((c) => (c.minimumSubtotal === null ? null : parseDecimal(c.minimumSubtotal, view.currency))).map((p) => (p === null ? 0 : p.ok ? p.value : null));
  const lowestCode = codeMinimums.some((m) => m !== null) ? Math.min(...codeMinimums.filter((m): m is number => m !== null)) : null;
  /** A Shopify decimal ("60.0") in the shop currency, formatted like every amount on the page. */
  const decimalMoney = (text: string) => {
    const p = parseDecimal(text, view.currency);
    return p.ok ? money(p.value) : text;
  };
  // The default profile's zones: the rates most products ship with.
  const todayZones = view.today === null ? null : view.today.some((z) => z.defaultProfile) ? view.today.filter((z) => z.defaultProfile) : view.today;
  const todayThresholds = (todayZones ?? []).map((z) => z.threshold).filter((t): t is number => t !== null);
  const lowestToday = todayThresholds.length === 0 ? null : Math.min(...todayThresholds);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          Free shipping on your store today
        </Text>
        <Text as="p" variant="heading2xl">
          {todayZones === null
            ? view.current === null
              ? lowestCode !== null
                ? `${money(lowestCode)} with a code`
                : "No free shipping"
              : view.current === 0
                ? "On every order"
                : money(view.current)
            : lowestToday === null
              ? "None"
              : new Set(todayZones.map((z) => z.threshold)).size > 1
                ? `From ${money(lowestToday)}`
                : money(lowestToday)}
        </Text>
        {todayZones !== null && todayZones.length > 0 ? (
          <BlockStack gap="100">
            {todayZones.slice(0, 6).map((z) => (
              <Text as="p" tone="subdued" key={`${z.profile}/${z.zone}`}>
                {zoneTodayLine(z, money)}
              </Text>
            ))}
          </BlockStack>
        ) : null}
        <Text as="p" tone="subdued">
          {discountError
            ? `Shopify did not answer about discounts: ${discountError}`
            : discount
              ? `NetMargin's discount: “${discount.title}” (${discount.status.toLowerCase()}).`
              : "NetMargin has not set a free-shipping discount yet."}
        </Text>
        {codes.length > 0 ? (
          <Text as="p" tone="subdued">
            With a code (only customers who enter it):{" "}
            {codes.map((c) => `“${c.code ?? ""}” ${c.minimumSubtotal ? `from ${decimalMoney(c.minimumSubtotal)}` : "on every order"}`).join(", ")}.
          </Text>
        ) : null}
        {shippingError ? (
          <Text as="p" tone="caution">
            Shipping rates: {shippingError}
          </Text>
        ) : null}
        {otherCurrencyRates.length > 0 ? (
          <Text as="p" tone="subdued">
            Left out, priced in another currency than {view.currency}: {otherCurrencyRates.join(", ")}.
          </Text>
        ) : null}
        {others.length > 0 ? (
          <Banner tone={discount ? "warning" : "info"}>
            <p>
              {discount ? "Also on your store" : "Your free-shipping discounts"}:{" "}
              {others.map((o) => `“${o.title}”${o.minimumSubtotal ? ` from ${decimalMoney(o.minimumSubtotal)}` : " (no minimum)"}`).join(", ")}.{" "}
              {discount
                ? "Shopify gives customers the best free-shipping discount that applies, so a lower threshold there wins over NetMargin's."
                : "Shopify gives customers the best free-shipping discount that applies; applying a threshold here adds NetMargin's own beside them."}
            </p>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}
