/**
 * Builders for domain tests: Admin GraphQL 2026-10 shaped orders (amounts as
 * Shopify's decimal strings) and settings in the JSON export format.
 */
import {
  parseCostSettings,
  parseGraphqlOrder,
  type CostSettings,
  type NormalisedOrder,
  type UnitCostResolver,
} from "../../app/domain/index";

export const bag = (amount: string, currencyCode?: string) => ({ shopMoney: currencyCode ? { amount, currencyCode } : { amount } });

export interface LineSpec {
  id: string;
  name: string;
  quantity: number;
  currentQuantity?: number;
  price: string;
  discounts?: string[];
  taxes?: { rate: number; amount: string }[];
  variantId?: string | null;
  productId?: string | null;
  grams?: number | null;
  requiresShipping?: boolean;
  /** `LineItem.isGiftCard` (left out of the payload when not given). */
  giftCard?: boolean;
}

export function gqlLine(l: LineSpec) {
  return {
    id: `gid://shopify/LineItem/${l.id}`,
    name: l.name,
    sku: l.id.toUpperCase(),
    quantity: l.quantity,
    currentQuantity: l.currentQuantity ?? l.quantity,
    requiresShipping: l.requiresShipping ?? true,
    ...(l.giftCard === undefined ? {} : { isGiftCard: l.giftCard }),
    variant: l.variantId === null ? null : { id: l.variantId ?? `gid://shopify/ProductVariant/${l.id}` },
    product: l.productId === null ? null : { id: l.productId ?? `gid://shopify/Product/${l.id}` },
    weight: l.grams === null || l.grams === undefined ? null : { value: l.grams, unit: "GRAMS" },
    originalUnitPriceSet: bag(l.price),
    discountAllocations: (l.discounts ?? []).map((d) => ({ allocatedAmountSet: bag(d) })),
    taxLines: (l.taxes ?? []).map((t) => ({ title: "VAT", rate: t.rate, priceSet: bag(t.amount) })),
  };
}

export interface OrderSpec {
  id?: string;
  name?: string;
  processedAt?: string;
  currency: string;
  taxesIncluded: boolean;
  country?: string | null;
  /** `Order.sourceName` ("web" when not given; "pos" for a point-of-sale sale). */
  sourceName?: string;
  lines: LineSpec[];
  shipping?: { title: string; code?: string; price: string; tax?: { rate: number; amount: string } }[];
  transactions?: { gateway: string; kind?: string; status?: string; amount: string; fees?: string[] }[];
  refunds?: {
    lines?: { lineId: string; quantity: number; subtotal: string; tax: string }[];
    shipping?: { subtotal: string; tax: string }[];
  }[];
  cancelled?: boolean;
  test?: boolean;
  /** `displayFulfillmentStatus` and each `fulfillments[].status` (left out when not given: fulfilment not known). */
  fulfilment?: { status: string; fulfillments: string[] };
}

export function gqlOrder(o: OrderSpec) {
  return {
    id: o.id ?? "gid://shopify/Order/1",
    name: o.name ?? "#1",
    processedAt: o.processedAt ?? "2026-11-03T09:15:00Z",
    currencyCode: o.currency,
    taxesIncluded: o.taxesIncluded,
    cancelledAt: o.cancelled ? "2026-11-04T00:00:00Z" : null,
    test: o.test ?? false,
    sourceName: o.sourceName ?? "web",
    shippingCountryCode: o.country ?? null,
    ...(o.fulfilment ? { displayFulfillmentStatus: o.fulfilment.status, fulfillments: o.fulfilment.fulfillments.map((status) => ({ status })) } : {}),
    lineItems: { nodes: o.lines.map(gqlLine) },
    shippingLines: {
      nodes: (o.shipping ?? []).map((s) => ({
        title: s.title,
        code: s.code ?? null,
        source: "shopify",
        originalPriceSet: bag(s.price),
        discountedPriceSet: bag(s.price),
        taxLines: s.tax ? [{ title: "VAT", rate: s.tax.rate, priceSet: bag(s.tax.amount) }] : [],
      })),
    },
    transactions: (o.transactions ?? []).map((t) => ({
      gateway: t.gateway,
      kind: t.kind ?? "SALE",
      status: t.status ?? "SUCCESS",
      amountSet: bag(t.amount, o.currency),
      fees: (t.fees ?? []).map((f) => ({ amount: { amount: f, currencyCode: o.currency } })),
    })),
    refunds: (o.refunds ?? []).map((r) => ({
      refundLineItems: {
        nodes: (r.lines ?? []).map((x) => ({
          quantity: x.quantity,
          lineItem: { id: `gid://shopify/LineItem/${x.lineId}` },
          subtotalSet: bag(x.subtotal),
          totalTaxSet: bag(x.tax),
        })),
      },
      refundShippingLines: { nodes: (r.shipping ?? []).map((x) => ({ subtotalAmountSet: bag(x.subtotal), taxAmountSet: bag(x.tax) })) },
    })),
  };
}

export function order(spec: OrderSpec): NormalisedOrder {
  const r = parseGraphqlOrder(gqlOrder(spec));
  if (!r.ok) throw new Error(`test order does not parse: ${JSON.stringify(r.errors)}`);
  return r.order;
}

/** Settings from the JSON format (omitted sections take their defaults). */
export function settings(json: unknown, currency: string): CostSettings {
  const r = parseCostSettings(json, currency);
  if (!r.ok) throw new Error(`test settings do not parse: ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** Unit costs by line id suffix (variant gid://shopify/ProductVariant/<id>), minor units; others missing. */
export function unitCosts(byVariant: Record<string, number>): UnitCostResolver {
  return (line) => {
    const id = line.variantId?.split("/").pop();
    const c = id === undefined ? undefined : byVariant[id];
    return c === undefined
      ? { kind: "missing", reason: "no unit cost known for this variant" }
      : { kind: "known", unitCost: c, source: "override", since: null, beforeFirstSnapshot: false };
  };
}
