/**
 * Field resolvers mapping the REAL Admin 2026-10 schema onto the store model.
 *
 * `RESOLVERS[TypeName][fieldName](source, args, ctx)`; a field without an entry falls
 * back to the property of the same name on the source. The same table is used by
 * graphql-js execution (server.ts, through `fieldResolver`/`typeResolver`) and by the
 * bulk JSONL walker (bulk.ts), so a bulk line and a regular query see identical values.
 *
 * Sources are the model objects themselves (Order, Product, Location, Shop, …) or small
 * wrappers carrying `__typename` and the owning order (LineItem, Refund, MoneyBag, …).
 * Money is formatted here: MoneyV2.amount as Shopify's Decimal ("12.5"), the Money scalar
 * (variant price) with the currency's digits ("12.50").
 */
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import { paginate, type ConnectionArgs, type Page, type SortValue } from "./connection";
import {
  displayFulfillmentStatus,
  formatDecimalAmount,
  formatMoneyScalar,
  orderTotals,
  parseDecimalToMinor,
  parseGid,
  taxForAmount,
  toPresentment,
  type AppInstallationModel,
  type DiscountAllocationModel,
  type DiscountApplicationModel,
  type FreeShippingDiscountModel,
  type FulfillmentModel,
  type InventoryItemModel,
  type InventoryLevelModel,
  type LineItemModel,
  type LocationModel,
  type MetafieldModel,
  type OrderModel,
  type ProductModel,
  type RefundLineItemModel,
  type RefundModel,
  type RefundShippingLineModel,
  type ShippingLineModel,
  type TaxLineModel,
  type TransactionFeeModel,
  type TransactionModel,
  type VariantModel,
} from "./model";
import { DELIVERY_QUERY_FIELDS, DELIVERY_RESOLVERS } from "./delivery";
import { PAYMENTS_QUERY_FIELDS, PAYMENTS_RESOLVERS } from "./payments";
import { compileSearch, describeParsed, type ResourceSearch, type SearchWarning } from "./search";
import type { Store } from "./store";

// ---------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------

export type BulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";

export interface BulkOperationRecord {
  __typename: "BulkOperation";
  id: string;
  status: BulkOperationStatus;
  type: "QUERY" | "MUTATION";
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  query: string;
}

export interface BulkHooks {
  run(query: string, groupObjects: boolean): { bulkOperation: BulkOperationRecord | null; userErrors: { field: string[] | null; message: string; code: string | null }[] };
  cancel(id: string): { bulkOperation: BulkOperationRecord | null; userErrors: { field: string[] | null; message: string; code: string | null }[] };
  get(id: string): BulkOperationRecord | null;
  list(): BulkOperationRecord[];
}

export interface ResolverContext {
  store: Store;
  /** Current time of the simulator (ms). */
  nowMs: number;
  /** Bulk mode: nested connections need no first/last and return everything. */
  bulk: boolean;
  bulkHooks?: BulkHooks;
  /** Search warnings collected for `extensions.search`. */
  searchWarnings: { path: (string | number)[]; query: string; parsed: unknown; warnings: SearchWarning[] }[];
  /** Response path of the field being resolved (set by the server for search warnings). */
  path?: (string | number)[];
  /**
   * Discount search index lag: a discount created at t appears in `discountNodes(query:)`
   * from t + lagMs on (reads by id see it at once). Source: live capture, airhorns/shopify-draft-proxy
   * fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/discounts/discount-free-shipping-lifecycle.json
   * (readAfterUpdate: discountNodes [] while automaticDiscountNode(id) and discountNodesCount saw them).
   */
  discountIndex?: { lagMs: number; createdAtMs: Map<string, number> };
}

type Args = Record<string, unknown>;
type Resolver = (src: any, args: Args, ctx: ResolverContext) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

// ---------------------------------------------------------------------------
// Source wrappers
// ---------------------------------------------------------------------------

export interface MoneyV2Src {
  __typename: "MoneyV2";
  minor: number;
  currency: string;
}
export interface MoneyBagSrc {
  __typename: "MoneyBag";
  order: OrderModel;
  shop: number;
}
export interface LineItemSrc {
  __typename: "LineItem";
  order: OrderModel;
  line: LineItemModel;
}
export interface ShippingLineSrc {
  __typename: "ShippingLine";
  order: OrderModel;
  line: ShippingLineModel;
}
export interface TransactionSrc {
  __typename: "OrderTransaction";
  order: OrderModel;
  tx: TransactionModel;
}
export interface RefundSrc {
  __typename: "Refund";
  order: OrderModel;
  refund: RefundModel;
}

const money = (minor: number, currency: string): MoneyV2Src => ({ __typename: "MoneyV2", minor, currency });
const bag = (order: OrderModel, shop: number): MoneyBagSrc => ({ __typename: "MoneyBag", order, shop });
const lineSrc = (order: OrderModel, line: LineItemModel): LineItemSrc => ({ __typename: "LineItem", order, line });
const shipSrc = (order: OrderModel, line: ShippingLineModel): ShippingLineSrc => ({ __typename: "ShippingLine", order, line });
const txSrc = (order: OrderModel, tx: TransactionModel): TransactionSrc => ({ __typename: "OrderTransaction", order, tx });
const refundSrc = (order: OrderModel, refund: RefundModel): RefundSrc => ({ __typename: "Refund", order, refund });
const variantSrc = (product: ProductModel, variant: VariantModel) => ({ __typename: "ProductVariant" as const, product, variant });
const itemSrc = (product: ProductModel, variant: VariantModel, item: InventoryItemModel) => ({ __typename: "InventoryItem" as const, product, variant, item });
const levelSrc = (item: InventoryItemModel, level: InventoryLevelModel) => ({ __typename: "InventoryLevel" as const, item, level });
const discountNodeSrc = (d: FreeShippingDiscountModel, typename: "DiscountNode" | "DiscountAutomaticNode") => ({ __typename: typename, d });

const legacy = (id: string) => parseGid(id)?.id ?? "0";
const count = (n: number) => ({ count: n, precision: "EXACT" });

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function requireGid(value: unknown): string {
  const id = String(value);
  if (!parseGid(id)) throw new GraphQLError(`Invalid global id '${id}'`, { extensions: { code: "BAD_REQUEST" } });
  return id;
}

function connArgs(args: Args): ConnectionArgs {
  return {
    first: (args.first as number | null | undefined) ?? null,
    last: (args.last as number | null | undefined) ?? null,
    after: (args.after as string | null | undefined) ?? null,
    before: (args.before as string | null | undefined) ?? null,
    reverse: (args.reverse as boolean | null | undefined) ?? false,
  };
}

/** A nested connection over items kept in their natural order. */
function nested<T>(items: readonly T[], args: Args, ctx: ResolverContext, id: (t: T) => string): Page<T> {
  return paginate(items, connArgs(args), { id, presorted: true, requireWindow: !ctx.bulk });
}

function applySearch<T>(items: readonly T[], args: Args, ctx: ResolverContext, resource: ResourceSearch<T>): T[] {
  const query = (args.query as string | null | undefined) ?? null;
  const compiled = compileSearch(query, resource, { timeZone: ctx.store.shop.ianaTimezone, nowMs: ctx.nowMs });
  if (compiled.warnings.length > 0 && query !== null) {
    ctx.searchWarnings.push({ path: ctx.path ?? [], query, parsed: describeParsed(compiled.parsed), warnings: compiled.warnings });
  }
  return items.filter(compiled.matches);
}

const date = (s: string | null) => ({ date: s });

/**
 * `Location.inventoryLevels(query:)` filters (2026-10 schema, the argument's table):
 * created_at, id, inventory_group_id, inventory_item_id, updated_at. `updated_at` is the
 * level's (`InventoryLevel.updatedAt`), which every quantity change stamps (Store's stock
 * moves). inventory_group_id is not modelled (ignored and reported, like any unknown field).
 */
const LOCATION_LEVEL_SEARCH: ResourceSearch<{ item: InventoryItemModel; level: InventoryLevelModel }> = {
  fields: {
    id: (s) => Number(legacy(s.level.id.split("?")[0]!)),
    inventory_item_id: (s) => Number(legacy(s.item.id)),
    created_at: (s) => date(s.level.createdAt),
    updated_at: (s) => date(s.level.updatedAt),
  },
};

// ---------------------------------------------------------------------------
// Search definitions and sort keys (exported for the streaming bulk path)
// ---------------------------------------------------------------------------

export const ORDER_SEARCH: ResourceSearch<OrderModel> = {
  fields: {
    id: (o) => Number(legacy(o.id)),
    name: (o) => [o.name, o.name.replace(/^#/, "")],
    created_at: (o) => date(o.createdAt),
    updated_at: (o) => date(o.updatedAt),
    processed_at: (o) => date(o.processedAt),
    test: (o) => o.test,
    financial_status: (o) => orderTotals(o).displayFinancialStatus.toLowerCase(),
    status: (o) => (o.cancelledAt ? ["cancelled", "closed", "any"] : o.closedAt ? ["closed", "any"] : ["open", "any"]),
    fulfillment_status: (o) => (o.fulfillments.some((f) => f.status === "SUCCESS") ? ["shipped", "fulfilled", "any"] : ["unshipped", "unfulfilled", "any"]),
    source_name: (o) => o.sourceName,
    tag: (o) => o.tags,
    gateway: (o) => [...new Set(o.transactions.map((t) => t.gateway))],
    sku: (o) => o.lineItems.map((l) => l.sku ?? "").filter(Boolean),
    discount_code: (o) => o.discountCodes,
    currency: (o) => o.presentmentCurrencyCode,
  },
  text: (o) => [o.name],
};

export const PRODUCT_SEARCH: ResourceSearch<ProductModel> = {
  fields: {
    id: (p) => Number(legacy(p.id)),
    title: (p) => p.title,
    handle: (p) => p.handle,
    status: (p) => p.status.toLowerCase(),
    vendor: (p) => p.vendor,
    product_type: (p) => p.productType,
    tag: (p) => p.tags,
    sku: (p) => p.variants.map((v) => v.sku ?? "").filter(Boolean),
    created_at: (p) => date(p.createdAt),
    updated_at: (p) => date(p.updatedAt),
    gift_card: (p) => p.productType === "Gift card",
  },
  text: (p) => [p.title, p.vendor, p.productType],
};

type VariantRef = { product: ProductModel; variant: VariantModel };
export const VARIANT_SEARCH: ResourceSearch<VariantRef> = {
  fields: {
    id: (v) => Number(legacy(v.variant.id)),
    sku: (v) => v.variant.sku ?? "",
    title: (v) => v.variant.title,
    product_id: (v) => Number(legacy(v.product.id)),
    product_status: (v) => v.product.status.toLowerCase(),
    product_type: (v) => v.product.productType,
    vendor: (v) => v.product.vendor,
    created_at: (v) => date(v.variant.createdAt),
    updated_at: (v) => date(v.variant.updatedAt),
  },
  text: (v) => [v.product.title, v.variant.title, v.variant.sku ?? ""],
};

type ItemRef = { product: ProductModel; variant: VariantModel; item: InventoryItemModel };
const ITEM_SEARCH: ResourceSearch<ItemRef> = {
  fields: {
    id: (r) => Number(legacy(r.item.id)),
    sku: (r) => r.item.sku ?? "",
    created_at: (r) => date(r.item.createdAt),
    updated_at: (r) => date(r.item.updatedAt),
  },
  text: (r) => [r.item.sku ?? ""],
};

const LOCATION_SEARCH: ResourceSearch<LocationModel> = {
  fields: { id: (l) => Number(legacy(l.id)), name: (l) => l.name, active: (l) => l.isActive },
  text: (l) => [l.name],
};

const DISCOUNT_SEARCH: ResourceSearch<{ d: FreeShippingDiscountModel; nowMs: number }> = {
  fields: {
    type: () => "free_shipping",
    method: ({ d }) => (d.code ? "code" : "automatic"),
    code: ({ d }) => d.code ?? "",
    status: ({ d, nowMs }) => discountStatus(d, nowMs).toLowerCase(),
    title: ({ d }) => d.title,
    starts_at: ({ d }) => date(d.startsAt),
    ends_at: ({ d }) => date(d.endsAt),
    created_at: ({ d }) => date(d.createdAt),
    updated_at: ({ d }) => date(d.updatedAt),
    id: ({ d }) => Number(legacy(d.id)),
  },
  aliases: { discount_type: "type" },
  text: ({ d }) => [d.title],
};

const BULK_SEARCH: ResourceSearch<BulkOperationRecord> = {
  fields: {
    status: (b) => b.status.toLowerCase(),
    operation_type: (b) => b.type.toLowerCase(),
    created_at: (b) => date(b.createdAt),
    id: (b) => Number(legacy(b.id)),
  },
};

export function orderSortValue(sortKey: string | undefined): ((o: OrderModel) => SortValue) | null {
  switch (sortKey ?? "PROCESSED_AT") {
    case "CREATED_AT":
      return (o) => o.createdAt;
    case "UPDATED_AT":
      return (o) => o.updatedAt;
    case "PROCESSED_AT":
      return (o) => o.processedAt;
    case "ORDER_NUMBER":
      return (o) => o.number;
    case "TOTAL_PRICE":
      return (o) => orderTotals(o).totalPrice;
    case "CURRENT_TOTAL_PRICE":
      return (o) => orderTotals(o).currentTotalPrice;
    case "FINANCIAL_STATUS":
      return (o) => orderTotals(o).displayFinancialStatus;
    case "TOTAL_ITEMS_QUANTITY":
      return (o) => orderTotals(o).subtotalLineItemsQuantity;
    default: // ID, RELEVANCE and keys the simulator does not model
      return null;
  }
}

function productSortValue(sortKey: string | undefined): ((p: ProductModel) => SortValue) | null {
  switch (sortKey ?? "ID") {
    case "TITLE":
      return (p) => p.title.toLowerCase();
    case "UPDATED_AT":
      return (p) => p.updatedAt;
    case "CREATED_AT":
    case "PUBLISHED_AT":
      return (p) => p.createdAt;
    case "PRODUCT_TYPE":
      return (p) => p.productType.toLowerCase();
    case "VENDOR":
      return (p) => p.vendor.toLowerCase();
    case "INVENTORY_TOTAL":
      return (p) => totalInventory(p);
    default:
      return null;
  }
}

function variantSortValue(sortKey: string | undefined): ((v: VariantRef) => SortValue) | null {
  switch (sortKey ?? "ID") {
    case "SKU":
      return (v) => (v.variant.sku ?? "").toLowerCase();
    case "TITLE":
      return (v) => v.variant.title.toLowerCase();
    case "NAME":
    case "FULL_TITLE":
      return (v) => `${v.product.title} - ${v.variant.title}`.toLowerCase();
    case "POSITION":
      return (v) => Number(legacy(v.product.id)) * 1000 + v.variant.position;
    case "INVENTORY_QUANTITY":
      return (v) => available(v.variant.inventoryItem);
    default:
      return null;
  }
}

/** Orders matching a connection's `query`, in the connection's order (used by server and bulk). */
export function listOrders(ctx: ResolverContext, args: Args): OrderModel[] {
  return applySearch(ctx.store.orders, args, ctx, ORDER_SEARCH);
}

function available(item: InventoryItemModel): number {
  return item.levels.filter((l) => l.isActive).reduce((a, l) => a + l.available, 0);
}
function totalInventory(p: ProductModel): number {
  return p.variants.reduce((a, v) => a + available(v.inventoryItem), 0);
}

export function discountStatus(d: FreeShippingDiscountModel, nowMs: number): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
  if (Date.parse(d.startsAt) > nowMs) return "SCHEDULED";
  if (d.endsAt && Date.parse(d.endsAt) <= nowMs) return "EXPIRED";
  return "ACTIVE";
}

const GATEWAY_NAMES: Record<string, string> = {
  shopify_payments: "Shopify Payments",
  paypal: "PayPal Express Checkout",
  manual: "Manual",
  bogus: "Bogus",
  cash: "Cash",
};

// ---------------------------------------------------------------------------
// Node lookup
// ---------------------------------------------------------------------------

export function lookupNode(ctx: ResolverContext, id: string): unknown {
  const p = parseGid(id);
  if (!p) return null;
  const store = ctx.store;
  switch (p.type) {
    case "Order":
      return store.getOrder(id);
    case "LineItem": {
      const f = store.getLineItem(id);
      return f ? lineSrc(f.order, f.line) : null;
    }
    case "Refund": {
      const f = store.getRefund(id);
      return f ? refundSrc(f.order, f.refund) : null;
    }
    case "OrderTransaction": {
      const f = store.getTransaction(id);
      return f ? txSrc(f.order, f.transaction) : null;
    }
    case "Product":
      return store.getProduct(id);
    case "ProductVariant": {
      const f = store.getVariant(id);
      return f ? variantSrc(f.product, f.variant) : null;
    }
    case "InventoryItem": {
      const f = store.getInventoryItem(id);
      return f ? itemSrc(f.product, f.variant, f.item) : null;
    }
    case "InventoryLevel": {
      const f = store.getInventoryLevel(id);
      return f ? levelSrc(f.item, f.level) : null;
    }
    case "Location":
      return store.getLocation(id);
    case "Shop":
      return store.shop.id === id ? store.shop : null;
    case "AppInstallation":
      return store.appInstallation.id === id ? store.appInstallation : null;
    case "DiscountAutomaticNode": {
      const d = store.freeShippingDiscounts.find((x) => x.id === id);
      return d ? discountNodeSrc(d, "DiscountAutomaticNode") : null;
    }
    case "BulkOperation":
      return ctx.bulkHooks?.get(id) ?? null;
    case "Metafield":
      return store.appInstallation.metafields.find((m) => m.id === id) ?? null;
    case "Fulfillment": {
      for (const o of store.orders) {
        const f = o.fulfillments.find((x) => x.id === id);
        if (f) return { __typename: "Fulfillment", order: o, f };
      }
      return null;
    }
    default:
      return null;
  }
}

/** __typename of a source (wrappers carry it; model objects are typed by their gid). */
export function typenameOf(value: unknown): string | undefined {
  if (value && typeof value === "object") {
    const v = value as { __typename?: string; id?: unknown };
    if (v.__typename) return v.__typename;
    if (typeof v.id === "string") return parseGid(v.id)?.type;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Shared sub-resolvers
// ---------------------------------------------------------------------------

const taxLineSrc = (order: OrderModel, tax: TaxLineModel) => ({ __typename: "TaxLine" as const, order, tax });

function discountApplicationSrc(order: OrderModel, app: DiscountApplicationModel) {
  const typename =
    app.kind === "AUTOMATIC" ? "AutomaticDiscountApplication" : app.kind === "DISCOUNT_CODE" ? "DiscountCodeApplication" : app.kind === "MANUAL" ? "ManualDiscountApplication" : "ScriptDiscountApplication";
  return { __typename: typename, order, app };
}

function allocationSrcs(order: OrderModel, allocations: DiscountAllocationModel[]) {
  return allocations.map((alloc) => ({ __typename: "DiscountAllocation" as const, order, alloc }));
}

function metafieldConnection(list: MetafieldModel[], args: Args, ctx: ResolverContext) {
  let items = list;
  if (args.namespace) items = items.filter((m) => m.namespace === args.namespace);
  if (Array.isArray(args.keys)) items = items.filter((m) => (args.keys as string[]).includes(`${m.namespace}.${m.key}`));
  return nested(items, args, ctx, (m) => m.id);
}

// ---------------------------------------------------------------------------
// Sales agreements (Order.agreements) derived from the order and its refunds
// ---------------------------------------------------------------------------

function agreementsOf(order: OrderModel) {
  const t = orderTotals(order);
  const out: unknown[] = [];
  const saleBase = (quantity: number | null, total: number, discountPre: number, discountPost: number, tax: number, action: "ORDER" | "RETURN") => ({
    actionType: action,
    quantity,
    totalAmount: bag(order, total),
    totalDiscountAmountBeforeTaxes: bag(order, discountPre),
    totalDiscountAmountAfterTaxes: bag(order, discountPost),
    totalTaxAmount: bag(order, tax),
    taxes: [],
  });
  const onTop = (x: number) => (order.taxesIncluded ? 0 : x);
  const rateOf = (lines: TaxLineModel[]) => lines.reduce((a, x) => a + x.rate, 0);
  const discountSplit = (alloc: number, rate: number) => {
    const tax = taxForAmount(alloc, rate, order.taxesIncluded);
    return order.taxesIncluded ? { pre: alloc - tax, post: alloc } : { pre: alloc, post: alloc + tax };
  };
  const orderSales = [
    ...t.lines.map((l) => {
      const d = discountSplit(l.totalAllocated, rateOf(l.line.taxLines));
      return {
        __typename: "ProductSale",
        id: `gid://shopify/Sale/${Number(legacy(l.line.id)) * 2}`,
        lineType: l.line.isGiftCard ? "GIFT_CARD" : "PRODUCT",
        lineItem: lineSrc(order, l.line),
        ...saleBase(l.line.quantity, l.discountedTotal + onTop(l.tax), d.pre, d.post, l.tax, "ORDER"),
      };
    }),
    ...t.shipping.map((s) => {
      const d = discountSplit(s.allocated, rateOf(s.line.taxLines));
      return {
        __typename: "ShippingLineSale",
        id: `gid://shopify/Sale/${Number(legacy(s.line.id)) * 2}`,
        lineType: "SHIPPING",
        shippingLine: shipSrc(order, s.line),
        ...saleBase(null, s.discountedPrice + onTop(s.tax), d.pre, d.post, s.tax, "ORDER"),
      };
    }),
  ];
  out.push({ __typename: "OrderAgreement", id: `gid://shopify/SalesAgreement/${Number(legacy(order.id)) * 10}`, happenedAt: order.processedAt, reason: "ORDER", order, sales: orderSales });
  order.refunds.forEach((r, k) => {
    const sales = [
      ...r.refundLineItems.map((rli) => {
        const line = order.lineItems.find((l) => l.id === rli.lineItemId)!;
        return {
          __typename: "ProductSale",
          id: `gid://shopify/Sale/${Number(legacy(rli.id)) * 2 + 1}`,
          lineType: line.isGiftCard ? "GIFT_CARD" : "PRODUCT",
          lineItem: lineSrc(order, line),
          ...saleBase(-rli.quantity, -(rli.subtotal + onTop(rli.totalTax)), 0, 0, -rli.totalTax, "RETURN"),
        };
      }),
      ...r.refundShippingLines.map((rsl) => {
        const line = order.shippingLines.find((s) => s.id === rsl.shippingLineId)!;
        return {
          __typename: "ShippingLineSale",
          id: `gid://shopify/Sale/${Number(legacy(rsl.id)) * 2 + 1}`,
          lineType: "SHIPPING",
          shippingLine: shipSrc(order, line),
          ...saleBase(null, -(rsl.subtotal + onTop(rsl.tax)), 0, 0, -rsl.tax, "RETURN"),
        };
      }),
    ];
    out.push({ __typename: "RefundAgreement", id: `gid://shopify/SalesAgreement/${Number(legacy(order.id)) * 10 + 1 + k}`, happenedAt: r.processedAt, reason: "REFUND", refund: refundSrc(order, r), sales });
  });
  return out;
}

// ---------------------------------------------------------------------------
// The resolver table
// ---------------------------------------------------------------------------

const orderMoney = (f: (t: ReturnType<typeof orderTotals>) => number): Resolver => (o: OrderModel) => bag(o, f(orderTotals(o)));

export const RESOLVERS: Record<string, Record<string, Resolver>> = {
  // DeliveryProfile, its location groups, zones, rates and conditions
  ...DELIVERY_RESOLVERS,
  // Shopify Payments account, payouts, balance transactions
  ...PAYMENTS_RESOLVERS,
  QueryRoot: {
    shop: (_s, _a, ctx) => ctx.store.shop,
    order: (_s, a, ctx) => ctx.store.getOrder(requireGid(a.id)),
    orders: (_s, a, ctx) => paginate(listOrders(ctx, a), connArgs(a), { id: (o) => o.id, sortValue: orderSortValue(a.sortKey as string | undefined), requireWindow: !ctx.bulk }),
    refund: (_s, a, ctx) => lookupNode(ctx, requireGid(a.id)) as unknown,
    product: (_s, a, ctx) => ctx.store.getProduct(requireGid(a.id)),
    products: (_s, a, ctx) =>
      paginate(applySearch(ctx.store.products, a, ctx, PRODUCT_SEARCH), connArgs(a), { id: (p) => p.id, sortValue: productSortValue(a.sortKey as string | undefined), requireWindow: !ctx.bulk }),
    productVariant: (_s, a, ctx) => lookupNode(ctx, requireGid(a.id)),
    productVariants: (_s, a, ctx) => {
      const page = paginate(applySearch(ctx.store.variants(), a, ctx, VARIANT_SEARCH), connArgs(a), {
        id: (v) => v.variant.id,
        sortValue: variantSortValue(a.sortKey as string | undefined),
        requireWindow: !ctx.bulk,
      });
      return mapPage(page, (v) => variantSrc(v.product, v.variant));
    },
    inventoryItem: (_s, a, ctx) => lookupNode(ctx, requireGid(a.id)),
    inventoryItems: (_s, a, ctx) => {
      const items = ctx.store.variants().map((v) => ({ ...v, item: v.variant.inventoryItem }));
      const page = paginate(applySearch(items, a, ctx, ITEM_SEARCH), connArgs(a), { id: (r) => r.item.id, requireWindow: !ctx.bulk });
      return mapPage(page, (r) => itemSrc(r.product, r.variant, r.item));
    },
    inventoryLevel: (_s, a, ctx) => lookupNode(ctx, requireGid(a.id)),
    location: (_s, a, ctx) => (a.id == null ? (ctx.store.locations[0] ?? null) : ctx.store.getLocation(requireGid(a.id))),
    locations: (_s, a, ctx) => {
      const list = applySearch(ctx.store.locations, a, ctx, LOCATION_SEARCH).filter((l) => l.isActive || a.includeInactive === true);
      return paginate(list, connArgs(a), { id: (l) => l.id, sortValue: (a.sortKey ?? "NAME") === "NAME" ? (l) => l.name.toLowerCase() : null, requireWindow: !ctx.bulk });
    },
    node: (_s, a, ctx) => lookupNode(ctx, requireGid(a.id)),
    nodes: (_s, a, ctx) => {
      const ids = a.ids as string[];
      if (ids.length > 250) throw new GraphQLError("The input array size of 251 is greater than the maximum allowed of 250.", { extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" } });
      return ids.map((id) => lookupNode(ctx, requireGid(id)));
    },
    bulkOperation: (_s, a, ctx) => ctx.bulkHooks?.get(requireGid(a.id)) ?? null,
    bulkOperations: (_s, a, ctx) => {
      const list = applySearch(ctx.bulkHooks?.list() ?? [], a, ctx, BULK_SEARCH);
      return paginate(list, connArgs(a), { id: (b) => b.id, sortValue: a.sortKey === "COMPLETED_AT" ? (b) => b.completedAt : (b) => b.createdAt, requireWindow: !ctx.bulk });
    },
    currentBulkOperation: (_s, a, ctx) => {
      const type = (a.type as string | undefined) ?? "QUERY";
      const list = (ctx.bulkHooks?.list() ?? []).filter((b) => b.type === type);
      return list[list.length - 1] ?? null;
    },
    currentAppInstallation: (_s, _a, ctx) => ctx.store.appInstallation,
    discountNode: (_s, a, ctx) => {
      const d = ctx.store.freeShippingDiscounts.find((x) => x.id === requireGid(a.id));
      return d ? discountNodeSrc(d, "DiscountNode") : null;
    },
    discountNodes: (_s, a, ctx) => {
      const list = applySearch(searchableDiscounts(ctx).map((d) => ({ d, nowMs: ctx.nowMs })), a, ctx, DISCOUNT_SEARCH);
      const page = paginate(list, connArgs(a), { id: (x) => x.d.id, sortValue: a.sortKey === "TITLE" ? (x) => x.d.title.toLowerCase() : a.sortKey === "CREATED_AT" ? (x) => x.d.createdAt : null, requireWindow: !ctx.bulk });
      return mapPage(page, (x) => discountNodeSrc(x.d, "DiscountNode"));
    },
    automaticDiscountNode: (_s, a, ctx) => {
      const d = ctx.store.freeShippingDiscounts.find((x) => x.id === requireGid(a.id) && !x.code);
      return d ? discountNodeSrc(d, "DiscountAutomaticNode") : null;
    },
    automaticDiscountNodes: (_s, a, ctx) => {
      const list = applySearch(searchableDiscounts(ctx).filter((d) => !d.code).map((d) => ({ d, nowMs: ctx.nowMs })), a, ctx, DISCOUNT_SEARCH);
      return mapPage(paginate(list, connArgs(a), { id: (x) => x.d.id, requireWindow: !ctx.bulk }), (x) => discountNodeSrc(x.d, "DiscountAutomaticNode"));
    },
    // shopifyPaymentsAccount (payments.ts)
    ...PAYMENTS_QUERY_FIELDS,
    // deliveryProfiles, deliveryProfile
    ...DELIVERY_QUERY_FIELDS,
  },

  Mutation: {
    bulkOperationRunQuery: (_s, a, ctx) => {
      if (!ctx.bulkHooks) throw new GraphQLError("Bulk operations are not available here");
      return ctx.bulkHooks.run(String(a.query), a.groupObjects === true);
    },
    bulkOperationCancel: (_s, a, ctx) => {
      if (!ctx.bulkHooks) throw new GraphQLError("Bulk operations are not available here");
      return ctx.bulkHooks.cancel(requireGid(a.id));
    },
    discountAutomaticFreeShippingCreate: (_s, a, ctx) => freeShippingMutation(ctx, null, a.freeShippingAutomaticDiscount as Args),
    discountAutomaticFreeShippingUpdate: (_s, a, ctx) => freeShippingMutation(ctx, requireGid(a.id), a.freeShippingAutomaticDiscount as Args),
    metafieldsSet: (_s, a, ctx) => metafieldsSet(ctx, a.metafields as Args[]),
    deliveryProfileUpdate: () => ({
      profile: null,
      userErrors: [{ field: ["id"], message: "Profile could not be updated (the NetMargin simulator's delivery profiles are read-only)." }],
    }),
  },

  Shop: {
    contactEmail: (s) => s.email,
    timezoneOffset: (s) => {
      const m = s.timezoneOffsetMinutes as number;
      const abs = Math.abs(m);
      return `${m < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
    },
    enabledPresentmentCurrencies: (s, _a, ctx) => [...new Set([s.currencyCode, ...ctx.store.orders.map((o) => o.presentmentCurrencyCode)])].sort(),
    url: (s) => `https://${s.myshopifyDomain}`,
    metafield: () => null,
    metafields: (_s, a, ctx) => nested([], a, ctx, () => ""),
    billingAddress: (s) => ({ countryCodeV2: s.countryCode, country: null, id: `gid://shopify/MailingAddress/1?model_name=ShopAddress` }),
  },

  Order: {
    legacyResourceId: (o: OrderModel) => legacy(o.id),
    closed: (o: OrderModel) => o.closedAt !== null,
    confirmed: () => true,
    edited: () => false,
    dutiesIncluded: () => false,
    taxExempt: () => false,
    estimatedTaxes: () => false,
    email: () => null,
    phone: () => null,
    note: () => null,
    customer: () => null,
    billingAddress: () => null,
    displayAddress: () => null,
    shippingAddress: (o: OrderModel) =>
      o.shippingCountryCode
        ? { __typename: "MailingAddress", id: `gid://shopify/MailingAddress/${legacy(o.id)}?model_name=Address`, countryCodeV2: o.shippingCountryCode, provinceCode: o.shippingProvinceCode, coordinatesValidated: false, formatted: [] }
        : null,
    displayFinancialStatus: (o: OrderModel) => orderTotals(o).displayFinancialStatus,
    displayFulfillmentStatus: (o: OrderModel) => displayFulfillmentStatus(o),
    fullyPaid: (o: OrderModel) => orderTotals(o).fullyPaid,
    unpaid: (o: OrderModel) => orderTotals(o).unpaid,
    refundable: (o: OrderModel) => orderTotals(o).netPayment > 0 && !o.test,
    restockable: (o: OrderModel) => orderTotals(o).lines.some((l) => l.currentQuantity > 0),
    requiresShipping: (o: OrderModel) => o.lineItems.some((l) => l.requiresShipping),
    capturable: (o: OrderModel) => orderTotals(o).totalCapturable > 0,
    canMarkAsPaid: (o: OrderModel) => orderTotals(o).displayFinancialStatus === "PENDING",
    discountCode: (o: OrderModel) => o.discountCodes[0] ?? null,
    paymentGatewayNames: (o: OrderModel) => [...new Set(o.transactions.filter((t) => t.kind !== "REFUND" && t.kind !== "VOID").map((t) => t.gateway))],
    subtotalLineItemsQuantity: (o: OrderModel) => orderTotals(o).subtotalLineItemsQuantity,
    currentSubtotalLineItemsQuantity: (o: OrderModel) => orderTotals(o).currentSubtotalLineItemsQuantity,
    totalWeight: (o: OrderModel) => String(orderTotals(o).totalWeightGrams),
    currentTotalWeight: (o: OrderModel) => String(orderTotals(o).currentTotalWeightGrams),
    subtotalPriceSet: orderMoney((t) => t.subtotal),
    currentSubtotalPriceSet: orderMoney((t) => t.currentSubtotal),
    totalPriceSet: orderMoney((t) => t.totalPrice),
    originalTotalPriceSet: orderMoney((t) => t.totalPrice),
    currentTotalPriceSet: orderMoney((t) => t.currentTotalPrice),
    totalDiscountsSet: orderMoney((t) => t.totalDiscounts),
    currentTotalDiscountsSet: orderMoney((t) => t.currentTotalDiscounts),
    cartDiscountAmountSet: orderMoney((t) => t.cartDiscount),
    currentCartDiscountAmountSet: orderMoney((t) => t.currentCartDiscount),
    totalShippingPriceSet: orderMoney((t) => t.totalShipping),
    currentShippingPriceSet: orderMoney((t) => t.currentShipping),
    totalTaxSet: orderMoney((t) => t.totalTax),
    currentTotalTaxSet: orderMoney((t) => t.currentTotalTax),
    totalRefundedSet: orderMoney((t) => t.totalRefunded),
    totalRefundedShippingSet: orderMoney((t) => t.totalRefundedShipping),
    netPaymentSet: orderMoney((t) => t.netPayment),
    totalReceivedSet: orderMoney((t) => t.totalReceived),
    totalOutstandingSet: orderMoney((t) => t.totalOutstanding),
    totalCapturableSet: orderMoney((t) => t.totalCapturable),
    totalTipReceivedSet: (o: OrderModel) => bag(o, 0),
    refundDiscrepancySet: (o: OrderModel) => bag(o, 0),
    currentTotalDutiesSet: () => null,
    originalTotalDutiesSet: () => null,
    currentTotalAdditionalFeesSet: () => null,
    originalTotalAdditionalFeesSet: () => null,
    additionalFees: () => [],
    taxLines: (o: OrderModel) => orderTotals(o).taxLines.map((t) => taxLineSrc(o, t)),
    currentTaxLines: (o: OrderModel) => orderTotals(o).currentTaxLines.map((t) => taxLineSrc(o, t)),
    lineItems: (o: OrderModel, a, ctx) => mapPage(nested(o.lineItems, a, ctx, (l) => l.id), (l) => lineSrc(o, l)),
    nonFulfillableLineItems: (o: OrderModel, a, ctx) => mapPage(nested(o.lineItems.filter((l) => orderTotals(o).lineById.get(l.id)!.refundedQuantity > 0), a, ctx, (l) => l.id), (l) => lineSrc(o, l)),
    shippingLines: (o: OrderModel, a, ctx) => mapPage(nested(o.shippingLines.filter((s) => a.includeRemovals === true || !s.isRemoved), a, ctx, (s) => s.id), (s) => shipSrc(o, s)),
    shippingLine: (o: OrderModel) => {
      const kept = o.shippingLines.filter((s) => !s.isRemoved);
      return kept.length ? shipSrc(o, kept[0]!) : null;
    },
    transactions: (o: OrderModel, a) => {
      let list = o.transactions;
      if (a.capturable === true) list = list.filter((t) => t.kind === "AUTHORIZATION" && t.status === "SUCCESS" && !o.transactions.some((c) => c.parentId === t.id && c.status === "SUCCESS"));
      if (typeof a.first === "number") list = list.slice(0, a.first);
      return list.map((t) => txSrc(o, t));
    },
    transactionsCount: (o: OrderModel) => count(o.transactions.length),
    refunds: (o: OrderModel, a) => (typeof a.first === "number" ? o.refunds.slice(0, a.first) : o.refunds).map((r) => refundSrc(o, r)),
    fulfillments: (o: OrderModel, a) => (typeof a.first === "number" ? o.fulfillments.slice(0, a.first) : o.fulfillments).map((f) => ({ __typename: "Fulfillment", order: o, f })),
    fulfillmentsCount: (o: OrderModel) => count(o.fulfillments.length),
    discountApplications: (o: OrderModel, a, ctx) => mapPage(nested(o.discountApplications, a, ctx, (x) => `gid://shopify/DiscountApplication/${x.index}`), (x) => discountApplicationSrc(o, x)),
    agreements: (o: OrderModel, a, ctx) => nested(agreementsOf(o) as { id: string }[], a, ctx, (x) => x.id),
    metafield: () => null,
    metafields: (_o: OrderModel, a, ctx) => nested([], a, ctx, () => ""),
    customAttributes: () => [],
    alerts: () => [],
    disputes: () => [],
    merchantEditable: (o: OrderModel) => !o.cancelledAt,
    merchantEditableErrors: () => [],
    returnStatus: () => "NO_RETURN",
    statusPageUrl: (o: OrderModel, _a, ctx) => `https://${ctx.store.shop.myshopifyDomain}/orders/${legacy(o.id)}/authenticate`,
  },

  MailingAddress: {
    country: () => null,
    formatted: () => [],
  },

  LineItem: {
    id: (s: LineItemSrc) => s.line.id,
    name: (s: LineItemSrc) => s.line.name,
    title: (s: LineItemSrc) => s.line.title,
    variantTitle: (s: LineItemSrc) => s.line.variantTitle,
    vendor: (s: LineItemSrc) => s.line.vendor,
    sku: (s: LineItemSrc) => s.line.sku,
    quantity: (s: LineItemSrc) => s.line.quantity,
    currentQuantity: (s: LineItemSrc) => orderTotals(s.order).lineById.get(s.line.id)!.currentQuantity,
    refundableQuantity: (s: LineItemSrc) => orderTotals(s.order).lineById.get(s.line.id)!.currentQuantity,
    nonFulfillableQuantity: (s: LineItemSrc) => orderTotals(s.order).lineById.get(s.line.id)!.refundedQuantity,
    unfulfilledQuantity: (s: LineItemSrc) => (s.order.fulfillments.some((f) => f.status === "SUCCESS") || !s.line.requiresShipping ? 0 : orderTotals(s.order).lineById.get(s.line.id)!.currentQuantity),
    requiresShipping: (s: LineItemSrc) => s.line.requiresShipping,
    taxable: (s: LineItemSrc) => s.line.taxable,
    isGiftCard: (s: LineItemSrc) => s.line.isGiftCard,
    restockable: (s: LineItemSrc) => orderTotals(s.order).lineById.get(s.line.id)!.currentQuantity > 0,
    merchantEditable: (s: LineItemSrc) => !s.order.cancelledAt,
    weight: (s: LineItemSrc) => s.line.weight,
    variant: (s: LineItemSrc, _a, ctx) => {
      if (!s.line.variantId) return null;
      const f = ctx.store.getVariant(s.line.variantId);
      return f ? variantSrc(f.product, f.variant) : null;
    },
    product: (s: LineItemSrc, _a, ctx) => (s.line.productId ? ctx.store.getProduct(s.line.productId) : null),
    originalUnitPriceSet: (s: LineItemSrc) => bag(s.order, s.line.originalUnitPrice),
    originalTotalSet: (s: LineItemSrc) => bag(s.order, orderTotals(s.order).lineById.get(s.line.id)!.originalTotal),
    discountedUnitPriceSet: (s: LineItemSrc) => bag(s.order, orderTotals(s.order).lineById.get(s.line.id)!.discountedUnitPrice),
    discountedUnitPriceAfterAllDiscountsSet: (s: LineItemSrc) => bag(s.order, orderTotals(s.order).lineById.get(s.line.id)!.discountedUnitPriceAfterAllDiscounts),
    discountedTotalSet: (s: LineItemSrc, a) => {
      const l = orderTotals(s.order).lineById.get(s.line.id)!;
      return bag(s.order, l.originalTotal - (a.withCodeDiscounts === true ? l.lineLevelAllocated : l.lineLevelNonCodeAllocated));
    },
    totalDiscountSet: (s: LineItemSrc) => bag(s.order, orderTotals(s.order).lineById.get(s.line.id)!.lineLevelAllocated),
    priceAfterAllDiscountsBeforeTaxesSet: (s: LineItemSrc) => bag(s.order, orderTotals(s.order).lineById.get(s.line.id)!.priceAfterAllDiscountsBeforeTaxes),
    unfulfilledDiscountedTotalSet: (s: LineItemSrc) => {
      const l = orderTotals(s.order).lineById.get(s.line.id)!;
      const unfulfilled = s.order.fulfillments.some((f) => f.status === "SUCCESS") ? 0 : l.currentDiscountedTotal;
      return bag(s.order, unfulfilled);
    },
    unfulfilledOriginalTotalSet: (s: LineItemSrc) => {
      const l = orderTotals(s.order).lineById.get(s.line.id)!;
      return bag(s.order, s.order.fulfillments.some((f) => f.status === "SUCCESS") ? 0 : s.line.originalUnitPrice * l.currentQuantity);
    },
    discountAllocations: (s: LineItemSrc) => allocationSrcs(s.order, s.line.discountAllocations),
    taxLines: (s: LineItemSrc, a) => (typeof a.first === "number" ? s.line.taxLines.slice(0, a.first) : s.line.taxLines).map((t) => taxLineSrc(s.order, t)),
    duties: () => [],
    customAttributes: () => [],
    image: () => null,
  },

  ShippingLine: {
    id: (s: ShippingLineSrc) => s.line.id,
    title: (s: ShippingLineSrc) => s.line.title,
    code: (s: ShippingLineSrc) => s.line.code,
    source: (s: ShippingLineSrc) => s.line.source,
    carrierIdentifier: (s: ShippingLineSrc) => s.line.carrierIdentifier,
    isRemoved: (s: ShippingLineSrc) => s.line.isRemoved,
    custom: () => false,
    deliveryCategory: () => null,
    shippingRateHandle: () => null,
    phone: () => null,
    originalPriceSet: (s: ShippingLineSrc) => bag(s.order, s.line.originalPrice),
    discountedPriceSet: (s: ShippingLineSrc) => bag(s.order, orderTotals(s.order).shippingById.get(s.line.id)!.discountedPrice),
    currentDiscountedPriceSet: (s: ShippingLineSrc) => bag(s.order, orderTotals(s.order).shippingById.get(s.line.id)!.currentDiscountedPrice),
    discountAllocations: (s: ShippingLineSrc) => allocationSrcs(s.order, s.line.discountAllocations),
    taxLines: (s: ShippingLineSrc) => s.line.taxLines.map((t) => taxLineSrc(s.order, t)),
  },

  TaxLine: {
    title: (s) => s.tax.title,
    rate: (s) => s.tax.rate,
    ratePercentage: (s) => Math.round(s.tax.rate * 100 * 10000) / 10000,
    priceSet: (s) => bag(s.order, s.tax.amount),
    channelLiable: (s) => s.tax.channelLiable,
    source: (s) => s.tax.source,
  },

  DiscountAllocation: {
    allocatedAmountSet: (s) => bag(s.order, (s.alloc as DiscountAllocationModel).amount),
    discountApplication: (s) => discountApplicationSrc(s.order, (s.order as OrderModel).discountApplications.find((x) => x.index === s.alloc.applicationIndex)!),
  },

  OrderTransaction: {
    id: (s: TransactionSrc) => s.tx.id,
    kind: (s: TransactionSrc) => s.tx.kind,
    status: (s: TransactionSrc) => s.tx.status,
    gateway: (s: TransactionSrc) => s.tx.gateway,
    formattedGateway: (s: TransactionSrc) => GATEWAY_NAMES[s.tx.gateway] ?? s.tx.gateway,
    test: (s: TransactionSrc) => s.tx.test,
    processedAt: (s: TransactionSrc) => s.tx.processedAt,
    createdAt: (s: TransactionSrc) => s.tx.createdAt,
    manualPaymentGateway: (s: TransactionSrc) => s.tx.manualPaymentGateway,
    manuallyCapturable: (s: TransactionSrc) => s.tx.kind === "AUTHORIZATION" && s.tx.status === "SUCCESS",
    multiCapturable: () => false,
    errorCode: (s: TransactionSrc) => (s.tx.status === "FAILURE" ? "CARD_DECLINED" : null),
    paymentId: (s: TransactionSrc) => `c${legacy(s.tx.id)}.1`,
    settlementCurrency: () => null,
    settlementCurrencyRate: () => null,
    amountSet: (s: TransactionSrc) => bag(s.order, s.tx.amount),
    amount: (s: TransactionSrc) => formatMoneyScalar(s.tx.amount, s.order.currencyCode),
    amountV2: (s: TransactionSrc) => money(s.tx.amount, s.order.currencyCode),
    maximumRefundableV2: (s: TransactionSrc) => (s.tx.kind === "SALE" || s.tx.kind === "CAPTURE" ? money(Math.max(0, orderTotals(s.order).netPayment), s.order.currencyCode) : null),
    totalUnsettledSet: (s: TransactionSrc) => bag(s.order, 0),
    parentTransaction: (s: TransactionSrc) => {
      const p = s.tx.parentId ? s.order.transactions.find((t) => t.id === s.tx.parentId) : null;
      return p ? txSrc(s.order, p) : null;
    },
    order: (s: TransactionSrc) => s.order,
    fees: (s: TransactionSrc) => s.tx.fees.map((fee) => ({ __typename: "TransactionFee", order: s.order, fee })),
    receiptJson: () => "{}",
    paymentDetails: () => null,
    user: () => null,
    location: () => null,
    device: () => null,
  },

  TransactionFee: {
    id: (s) => (s.fee as TransactionFeeModel).id,
    type: (s) => s.fee.type,
    rate: (s) => s.fee.rate,
    rateName: (s) => s.fee.rateName,
    flatFee: (s) => money(s.fee.flatFee, s.order.currencyCode),
    flatFeeName: (s) => s.fee.flatFeeName,
    amount: (s) => money(s.fee.amount, s.order.currencyCode),
    taxAmount: (s) => money(s.fee.taxAmount, s.order.currencyCode),
  },

  Refund: {
    id: (s: RefundSrc) => s.refund.id,
    legacyResourceId: (s: RefundSrc) => legacy(s.refund.id),
    note: (s: RefundSrc) => s.refund.note,
    createdAt: (s: RefundSrc) => s.refund.createdAt,
    processedAt: (s: RefundSrc) => s.refund.processedAt,
    updatedAt: (s: RefundSrc) => s.refund.updatedAt,
    order: (s: RefundSrc) => s.order,
    totalRefundedSet: (s: RefundSrc) => bag(s.order, orderTotals(s.order).refundTotals.get(s.refund.id)?.totalRefunded ?? 0),
    refundLineItems: (s: RefundSrc, a, ctx) =>
      mapPage(nested(s.refund.refundLineItems, a, ctx, (r) => r.id), (rli) => ({ __typename: "RefundLineItem", order: s.order, rli })),
    refundShippingLines: (s: RefundSrc, a, ctx) =>
      mapPage(nested(s.refund.refundShippingLines, a, ctx, (r) => r.id), (rsl) => ({ __typename: "RefundShippingLine", order: s.order, rsl })),
    transactions: (s: RefundSrc, a, ctx) =>
      mapPage(
        nested(s.order.transactions.filter((t) => s.refund.transactionIds.includes(t.id)), a, ctx, (t) => t.id),
        (t) => txSrc(s.order, t),
      ),
    orderAdjustments: (_s: RefundSrc, a, ctx) => nested([], a, ctx, () => ""),
    duties: () => [],
    return: () => null,
    staffMember: () => null,
  },

  RefundLineItem: {
    id: (s) => (s.rli as RefundLineItemModel).id,
    quantity: (s) => s.rli.quantity,
    restockType: (s) => s.rli.restockType,
    restocked: (s) => s.rli.restockType === "RETURN" || s.rli.restockType === "CANCEL" || s.rli.restockType === "LEGACY_RESTOCK",
    lineItem: (s) => lineSrc(s.order, (s.order as OrderModel).lineItems.find((l) => l.id === s.rli.lineItemId)!),
    location: (s, _a, ctx) => (s.rli.locationId ? ctx.store.getLocation(s.rli.locationId) : null),
    priceSet: (s) => bag(s.order, (s.order as OrderModel).lineItems.find((l) => l.id === s.rli.lineItemId)!.originalUnitPrice),
    subtotalSet: (s) => bag(s.order, s.rli.subtotal),
    totalTaxSet: (s) => bag(s.order, s.rli.totalTax),
  },

  RefundShippingLine: {
    id: (s) => (s.rsl as RefundShippingLineModel).id,
    shippingLine: (s) => shipSrc(s.order, (s.order as OrderModel).shippingLines.find((x) => x.id === s.rsl.shippingLineId)!),
    subtotalAmountSet: (s) => bag(s.order, s.rsl.subtotal),
    taxAmountSet: (s) => bag(s.order, s.rsl.tax),
  },

  Fulfillment: {
    id: (s) => (s.f as FulfillmentModel).id,
    legacyResourceId: (s) => legacy(s.f.id),
    name: (s) => `${s.order.name}.${(s.order as OrderModel).fulfillments.indexOf(s.f) + 1}`,
    status: (s) => s.f.status,
    displayStatus: (s) => (s.f.status === "SUCCESS" ? (s.f.trackingNumber ? "DELIVERED" : "FULFILLED") : "CANCELED"),
    createdAt: (s) => s.f.createdAt,
    updatedAt: (s) => s.f.updatedAt,
    deliveredAt: (s) => (s.f.trackingNumber ? s.f.updatedAt : null),
    inTransitAt: () => null,
    estimatedDeliveryAt: () => null,
    requiresShipping: () => true,
    totalQuantity: (s) => (s.order as OrderModel).lineItems.filter((l) => l.requiresShipping).reduce((a, l) => a + l.quantity, 0),
    location: (s, _a, ctx) => (s.f.locationId ? ctx.store.getLocation(s.f.locationId) : null),
    order: (s) => s.order,
    trackingInfo: (s, a) => {
      const list = s.f.trackingNumber ? [{ company: s.f.trackingCompany, number: s.f.trackingNumber, url: null }] : [];
      return typeof a.first === "number" ? list.slice(0, a.first) : list;
    },
    fulfillmentLineItems: (s, a, ctx) =>
      nested(
        (s.order as OrderModel).lineItems
          .filter((l) => l.requiresShipping)
          .map((l) => ({ __typename: "FulfillmentLineItem", id: `gid://shopify/FulfillmentLineItem/${legacy(l.id)}`, quantity: l.quantity, lineItem: lineSrc(s.order, l), originalTotalSet: bag(s.order, l.originalUnitPrice * l.quantity), discountedTotalSet: bag(s.order, orderTotals(s.order).lineById.get(l.id)!.discountedTotal) })),
        a,
        ctx,
        (x) => x.id,
      ),
    originAddress: () => null,
    service: () => null,
  },

  MoneyBag: {
    shopMoney: (s: MoneyBagSrc) => money(s.shop, s.order.currencyCode),
    presentmentMoney: (s: MoneyBagSrc) => money(toPresentment(s.order, s.shop), s.order.presentmentCurrencyCode),
  },

  MoneyV2: {
    amount: (s: MoneyV2Src) => formatDecimalAmount(s.minor, s.currency),
    currencyCode: (s: MoneyV2Src) => s.currency,
  },

  Product: {
    legacyResourceId: (p: ProductModel) => legacy(p.id),
    publishedAt: (p: ProductModel) => (p.status === "ACTIVE" ? p.createdAt : null),
    totalInventory: (p: ProductModel) => totalInventory(p),
    tracksInventory: (p: ProductModel) => p.variants.some((v) => v.inventoryItem.tracked),
    hasOnlyDefaultVariant: (p: ProductModel) => p.variants.length === 1 && p.variants[0]!.title === "Default Title",
    hasOutOfStockVariants: (p: ProductModel) => p.variants.some((v) => available(v.inventoryItem) <= 0),
    isGiftCard: (p: ProductModel) => p.productType === "Gift card",
    description: () => "",
    descriptionHtml: () => "",
    onlineStoreUrl: () => null,
    templateSuffix: () => null,
    variants: (p: ProductModel, a, ctx) => mapPage(nested(p.variants, a, ctx, (v) => v.id), (v) => variantSrc(p, v)),
    variantsCount: (p: ProductModel) => count(p.variants.length),
    priceRangeV2: (p: ProductModel, _a, ctx) => {
      const prices = p.variants.map((v) => v.price);
      const c = ctx.store.shop.currencyCode;
      return { minVariantPrice: money(Math.min(...prices), c), maxVariantPrice: money(Math.max(...prices), c) };
    },
    metafield: () => null,
    metafields: (_p, a, ctx) => nested([], a, ctx, () => ""),
  },

  ProductVariant: {
    id: (s) => (s.variant as VariantModel).id,
    legacyResourceId: (s) => legacy(s.variant.id),
    title: (s) => s.variant.title,
    displayName: (s) => `${s.product.title} - ${s.variant.title}`,
    sku: (s) => s.variant.sku,
    barcode: () => null,
    price: (s, _a, ctx) => formatMoneyScalar(s.variant.price, ctx.store.shop.currencyCode),
    compareAtPrice: (s, _a, ctx) => (s.variant.compareAtPrice === null ? null : formatMoneyScalar(s.variant.compareAtPrice, ctx.store.shop.currencyCode)),
    taxable: (s) => s.variant.taxable,
    position: (s) => s.variant.position,
    availableForSale: (s) => s.product.status === "ACTIVE" && (!s.variant.inventoryItem.tracked || available(s.variant.inventoryItem) > 0),
    inventoryQuantity: (s) => available(s.variant.inventoryItem),
    inventoryPolicy: () => "DENY",
    inventoryItem: (s) => itemSrc(s.product, s.variant, s.variant.inventoryItem),
    product: (s) => s.product,
    createdAt: (s) => s.variant.createdAt,
    updatedAt: (s) => s.variant.updatedAt,
    selectedOptions: (s) => [{ name: s.variant.title === "Default Title" ? "Title" : /^(S|M|L|XL)$/.test(s.variant.title) ? "Size" : "Color", value: s.variant.title }],
    metafield: () => null,
    metafields: (_s, a, ctx) => nested([], a, ctx, () => ""),
  },

  InventoryItem: {
    id: (s) => (s.item as InventoryItemModel).id,
    legacyResourceId: (s) => legacy(s.item.id),
    sku: (s) => s.item.sku,
    unitCost: (s, _a, ctx) => (s.item.unitCost === null ? null : money(s.item.unitCost, ctx.store.shop.currencyCode)),
    tracked: (s) => s.item.tracked,
    requiresShipping: (s) => s.item.requiresShipping,
    countryCodeOfOrigin: (s) => s.item.countryCodeOfOrigin,
    provinceCodeOfOrigin: () => null,
    harmonizedSystemCode: (s) => s.item.harmonizedSystemCode,
    duplicateSkuCount: () => 0,
    inventoryHistoryUrl: () => null,
    createdAt: (s) => s.item.createdAt,
    updatedAt: (s) => s.item.updatedAt,
    measurement: (s) => ({ __typename: "InventoryItemMeasurement", id: `gid://shopify/InventoryItemMeasurement/${legacy(s.item.id)}`, weight: s.item.weight }),
    variant: (s) => variantSrc(s.product, s.variant),
    variants: (s, a, ctx) => mapPage(nested([s.variant as VariantModel], a, ctx, (v) => v.id), (v) => variantSrc(s.product, v)),
    inventoryLevels: (s, a, ctx) =>
      mapPage(nested((s.item as InventoryItemModel).levels.filter((l) => l.isActive || a.includeInactive === true), a, ctx, (l) => l.id), (l) => levelSrc(s.item, l)),
    inventoryLevel: (s, a) => {
      const level = (s.item as InventoryItemModel).levels.find((l) => l.locationId === a.locationId && (l.isActive || a.includeInactive === true));
      return level ? levelSrc(s.item, level) : null;
    },
    locationsCount: (s) => count((s.item as InventoryItemModel).levels.filter((l) => l.isActive).length),
  },

  InventoryLevel: {
    id: (s) => (s.level as InventoryLevelModel).id,
    isActive: (s) => s.level.isActive,
    canDeactivate: (s) => s.level.available === 0,
    deactivationAlert: () => null,
    createdAt: (s) => s.level.createdAt,
    updatedAt: (s) => s.level.updatedAt,
    item: (s, _a, ctx) => {
      const f = ctx.store.getInventoryItem(s.item.id);
      return f ? itemSrc(f.product, f.variant, f.item) : null;
    },
    location: (s, _a, ctx) => ctx.store.getLocation(s.level.locationId),
    quantities: (s, a) => {
      const level = s.level as InventoryLevelModel;
      const values: Record<string, number> = {
        available: level.available,
        on_hand: level.onHand,
        committed: level.committed,
        incoming: level.incoming,
        reserved: 0,
        damaged: 0,
        quality_control: 0,
        safety_stock: 0,
      };
      return (a.names as string[]).map((name) => {
        if (!(name in values)) throw new GraphQLError(`'${name}' is not a valid inventory quantity name.`, { extensions: { code: "INVALID_QUANTITY_NAME" } });
        return {
          __typename: "InventoryQuantity",
          id: `gid://shopify/InventoryQuantity/${legacy(level.id)}?inventory_item_id=${legacy(s.item.id)}&name=${name}`,
          name,
          quantity: values[name],
          updatedAt: level.updatedAt,
        };
      });
    },
  },

  Location: {
    legacyResourceId: (l: LocationModel) => legacy(l.id),
    activatable: (l: LocationModel) => !l.isActive,
    deactivatable: (l: LocationModel) => l.isActive,
    deactivatedAt: () => null,
    deletable: () => false,
    addressVerified: () => true,
    fulfillsOnlineOrders: () => true,
    hasActiveInventory: () => true,
    hasUnfulfilledOrders: () => false,
    isFulfillmentService: () => false,
    shipsInventory: () => true,
    fulfillmentService: () => null,
    address: (l: LocationModel) => ({ countryCode: l.countryCode, formatted: [] }),
    suggestedAddresses: () => [],
    inventoryLevels: (l: LocationModel, a, ctx) => {
      const levels = ctx.store.variants().flatMap((v) => v.variant.inventoryItem.levels.filter((x) => x.locationId === l.id && (x.isActive || a.includeInactive === true)).map((level) => levelSrc(v.variant.inventoryItem, level)));
      return nested(applySearch(levels, a, ctx, LOCATION_LEVEL_SEARCH), a, ctx, (x) => x.level.id);
    },
    metafield: () => null,
    metafields: (_l, a, ctx) => nested([], a, ctx, () => ""),
  },

  AppInstallation: {
    app: (i: AppInstallationModel) => ({ __typename: "App", id: i.appId, title: i.appTitle, apiKey: i.apiKey, handle: "netmargin", embedded: true, published: false }),
    accessScopes: (i: AppInstallationModel) => i.accessScopes.map((handle) => ({ handle, description: handle.replace(/_/g, " ") })),
    launchUrl: (_i, _a, ctx) => `https://${ctx.store.shop.myshopifyDomain}/admin/apps/netmargin`,
    uninstallUrl: () => null,
    activeSubscriptions: () => [],
    metafield: (i: AppInstallationModel, a) => i.metafields.find((m) => m.key === a.key && m.namespace === resolveNamespace(a.namespace as string | null | undefined, i)) ?? null,
    metafields: (i: AppInstallationModel, a, ctx) => metafieldConnection(i.metafields, a, ctx),
  },

  Metafield: {
    legacyResourceId: (m: MetafieldModel) => legacy(m.id),
    jsonValue: (m: MetafieldModel) => metafieldJson(m),
    compareDigest: (m: MetafieldModel) => compareDigest(m),
    ownerType: () => "API_PERMISSION",
    owner: (_m, _a, ctx) => ctx.store.appInstallation,
    definition: () => null,
    reference: () => null,
    sizeInBytes: (m: MetafieldModel) => Buffer.byteLength(m.value, "utf8"),
  },

  DiscountNode: {
    id: (s) => s.d.id,
    discount: (s) => ({ __typename: s.d.code ? "DiscountCodeFreeShipping" : "DiscountAutomaticFreeShipping", d: s.d }),
    metafield: () => null,
  },
  DiscountAutomaticNode: {
    id: (s) => s.d.id,
    automaticDiscount: (s) => ({ __typename: "DiscountAutomaticFreeShipping", d: s.d }),
    metafield: () => null,
  },
  DiscountAutomaticFreeShipping: freeShippingDiscountFields(),
  /** A code free-shipping discount: the automatic one's fields, plus its code (one per discount here). */
  DiscountCodeFreeShipping: {
    ...freeShippingDiscountFields(),
    codes: (s, a, ctx) => nested(s.d.code ? [{ id: `gid://shopify/DiscountRedeemCode/${legacy(s.d.id)}`, code: s.d.code, asyncUsageCount: 0, createdBy: null }] : [], a, ctx, (x) => x.id),
    codesCount: (s) => ({ count: s.d.code ? 1 : 0, precision: "EXACT" }),
    appliesOncePerCustomer: () => false,
    usageLimit: () => null,
    shareableUrls: () => [],
    customerSelection: () => ({ __typename: "DiscountCustomerAll", allCustomers: true }),
  },

  AutomaticDiscountApplication: discountApplicationFields(),
  DiscountCodeApplication: { ...discountApplicationFields(), code: (s) => s.app.code },
  ManualDiscountApplication: { ...discountApplicationFields(), description: () => null },
  ScriptDiscountApplication: discountApplicationFields(),

  SalesAgreementConnection: {},
  OrderAgreement: {
    sales: (s, a, ctx) => nested(s.sales as { id: string }[], a, ctx, (x) => x.id),
  },
  RefundAgreement: {
    sales: (s, a, ctx) => nested(s.sales as { id: string }[], a, ctx, (x) => x.id),
  },
  ProductSale: {
    totalDiscountAmountBeforeTaxes: (s) => s.totalDiscountAmountBeforeTaxes,
  },
};

/** The fields a free-shipping discount has whether automatic or with a code. */
function freeShippingDiscountFields(): Record<string, Resolver> {
  return {
    title: (s) => s.d.title,
    status: (s, _a, ctx) => discountStatus(s.d, ctx.nowMs),
    startsAt: (s) => s.d.startsAt,
    endsAt: (s) => s.d.endsAt,
    createdAt: (s) => s.d.createdAt,
    updatedAt: (s) => s.d.updatedAt,
    asyncUsageCount: () => 0,
    hasTimelineComment: () => false,
    discountClasses: () => ["SHIPPING"],
    discountClass: () => "SHIPPING",
    appliesOnOneTimePurchase: (s) => s.d.appliesOnOneTimePurchase,
    appliesOnSubscription: (s) => s.d.appliesOnSubscription,
    recurringCycleLimit: (s) => s.d.recurringCycleLimit,
    tags: (s) => s.d.tags,
    totalSales: () => null,
    combinesWith: (s) => ({ ...s.d.combinesWith, productDiscountsWithTagsOnSameCartLine: null }),
    context: () => ({ __typename: "DiscountBuyerSelectionAll", all: "ALL" }),
    maximumShippingPrice: (s, _a, ctx) => (s.d.maximumShippingPrice === null ? null : money(s.d.maximumShippingPrice, ctx.store.shop.currencyCode)),
    minimumRequirement: (s, _a, ctx) => {
      const d = s.d as FreeShippingDiscountModel;
      if (d.minimumSubtotal !== null) return { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(d.minimumSubtotal, ctx.store.shop.currencyCode) };
      if (d.minimumQuantity !== null) return { __typename: "DiscountMinimumQuantity", greaterThanOrEqualToQuantity: String(d.minimumQuantity) };
      return null;
    },
    destinationSelection: (s) => {
      const d = s.d as FreeShippingDiscountModel;
      return d.destination.all ? { __typename: "DiscountCountryAll", allCountries: true } : { __typename: "DiscountCountries", countries: d.destination.countries, includeRestOfWorld: d.destination.includeRestOfWorld };
    },
    summary: (s, _a, ctx) => freeShippingSummary(s.d, ctx),
    shortSummary: (s, _a, ctx) => freeShippingSummary(s.d, ctx),
  };
}

function discountApplicationFields(): Record<string, Resolver> {
  return {
    allocationMethod: (s) => (s.app as DiscountApplicationModel).allocationMethod,
    index: (s) => s.app.index,
    targetSelection: (s) => s.app.targetSelection,
    targetType: (s) => s.app.targetType,
    title: (s) => s.app.title,
    value: (s) => {
      const v = (s.app as DiscountApplicationModel).value;
      return v.type === "percentage" ? { __typename: "PricingPercentageValue", percentage: v.percentage } : money(v.amount, (s.order as OrderModel).currencyCode);
    },
  };
}

function mapPage<T, U>(page: Page<T>, f: (t: T) => U): Page<U> {
  const edges = page.edges.map((e) => {
    const node = f(e.node);
    return {
      node,
      get cursor() {
        return e.cursor;
      },
    };
  });
  return { edges, nodes: edges.map((e) => e.node), pageInfo: page.pageInfo };
}

/** The discounts the search index holds now (see ResolverContext.discountIndex). */
function searchableDiscounts(ctx: ResolverContext): FreeShippingDiscountModel[] {
  const index = ctx.discountIndex;
  if (!index || index.lagMs <= 0) return ctx.store.freeShippingDiscounts;
  return ctx.store.freeShippingDiscounts.filter((d) => (index.createdAtMs.get(d.id) ?? Number.NEGATIVE_INFINITY) + index.lagMs <= ctx.nowMs);
}

function freeShippingSummary(d: FreeShippingDiscountModel, ctx: ResolverContext): string {
  const c = ctx.store.shop.currencyCode;
  const min = d.minimumSubtotal !== null ? ` • Minimum purchase of ${formatMoneyScalar(d.minimumSubtotal, c)} ${c}` : d.minimumQuantity !== null ? ` • Minimum quantity of ${d.minimumQuantity}` : "";
  return `Free shipping on all products${min} • For all countries`;
}

// ---------------------------------------------------------------------------
// Mutations: free-shipping discounts, metafields
// ---------------------------------------------------------------------------

type UserError = { field: string[] | null; message: string; code: string | null; extraInfo?: string | null };

const DISCOUNT_ID_BASE = 1_480_000_000_000;
const METAFIELD_ID_BASE = 27_900_000_000_000;

function freeShippingMutation(ctx: ResolverContext, id: string | null, input: Args): { automaticDiscountNode: unknown; userErrors: UserError[] } {
  const store = ctx.store;
  const errors: UserError[] = [];
  const f = (...path: string[]) => ["freeShippingAutomaticDiscount", ...path];
  const existing = id ? store.freeShippingDiscounts.find((d) => d.id === id) : null;
  if (id && !existing) {
    // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/discounts/discount-update-edge-cases.json (unknownUpdate: code null).
    return { automaticDiscountNode: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: null, extraInfo: null }] };
  }
  const has = (k: string) => Object.prototype.hasOwnProperty.call(input, k);
  const cw = has("combinesWith") ? (input.combinesWith as { productDiscounts?: boolean; orderDiscounts?: boolean; shippingDiscounts?: boolean } | null) : null;
  const combinesWith = cw
    ? { productDiscounts: cw.productDiscounts ?? false, orderDiscounts: cw.orderDiscounts ?? false, shippingDiscounts: cw.shippingDiscounts ?? false }
    : (existing?.combinesWith ?? { productDiscounts: false, orderDiscounts: false, shippingDiscounts: false });
  if (combinesWith.shippingDiscounts) {
    // Checked first and alone: Shopify returned only this error for an input whose title was also blank.
    // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/discounts/discount-validation-branches.json (invalidAutomaticFreeShipping).
    return {
      automaticDiscountNode: null,
      userErrors: [{ field: f("combinesWith"), message: "The combinesWith settings are not valid for the discount class.", code: "INVALID_COMBINES_WITH_FOR_DISCOUNT_CLASS", extraInfo: null }],
    };
  }
  const title = has("title") ? (input.title as string | null) : (existing?.title ?? null);
  const startsAt = has("startsAt") ? (input.startsAt as string | null) : (existing?.startsAt ?? null);
  const endsAt = has("endsAt") ? (input.endsAt as string | null) : (existing?.endsAt ?? null);
  if (title === null || title.trim() === "") errors.push({ field: f("title"), message: "Title can't be blank", code: "BLANK", extraInfo: null });
  else if (title.length > 255) errors.push({ field: f("title"), message: "Title is too long (maximum is 255 characters)", code: "TOO_LONG", extraInfo: null });
  if (startsAt === null) errors.push({ field: f("startsAt"), message: "Starts at can't be blank", code: "BLANK", extraInfo: null });
  const startMs = startsAt === null ? NaN : Date.parse(startsAt);
  if (startsAt !== null && !Number.isFinite(startMs)) errors.push({ field: f("startsAt"), message: "Starts at is invalid", code: "INVALID", extraInfo: null });
  if (endsAt !== null && Number.isFinite(startMs) && Date.parse(endsAt) <= startMs) {
    // Source: live capture, …/2026-04/discounts/discount-invalid-date-range-all-types.json (cases.automaticFreeShipping: code INVALID).
    errors.push({ field: f("endsAt"), message: "Ends at needs to be after starts_at", code: "INVALID", extraInfo: null });
  }
  let minimumSubtotal = existing?.minimumSubtotal ?? null;
  let minimumQuantity = existing?.minimumQuantity ?? null;
  if (has("minimumRequirement")) {
    const mr = input.minimumRequirement as { subtotal?: { greaterThanOrEqualToSubtotal?: string | null } | null; quantity?: { greaterThanOrEqualToQuantity?: string | null } | null } | null;
    minimumSubtotal = null;
    minimumQuantity = null;
    if (mr?.subtotal && mr?.quantity) {
      // Source: live capture, …/2026-04/discounts/discount-minimum-requirement-exclusivity.json (bothAutomatic: two CONFLICT errors).
      errors.push(
        { field: f("minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"), message: "Minimum subtotal cannot be defined when minimum quantity is.", code: "CONFLICT", extraInfo: null },
        { field: f("minimumRequirement", "quantity", "greaterThanOrEqualToQuantity"), message: "Minimum quantity cannot be defined when minimum subtotal is.", code: "CONFLICT", extraInfo: null },
      );
    } else if (mr?.subtotal) {
      const raw = mr.subtotal.greaterThanOrEqualToSubtotal;
      try {
        minimumSubtotal = raw == null ? null : parseDecimalToMinor(raw, store.shop.currencyCode);
      } catch {
        minimumSubtotal = null;
        errors.push({ field: f("minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"), message: "Minimum subtotal is invalid", code: "INVALID", extraInfo: null });
      }
      if (minimumSubtotal !== null && minimumSubtotal <= 0) {
        errors.push({ field: f("minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"), message: "Minimum subtotal must be greater than 0", code: "GREATER_THAN", extraInfo: null });
      }
    } else if (mr?.quantity) {
      const raw = mr.quantity.greaterThanOrEqualToQuantity;
      minimumQuantity = raw == null ? null : Number(raw);
      if (minimumQuantity !== null && !(Number.isInteger(minimumQuantity) && minimumQuantity > 0)) {
        errors.push({ field: f("minimumRequirement", "quantity", "greaterThanOrEqualToQuantity"), message: "Minimum quantity must be greater than 0", code: "GREATER_THAN", extraInfo: null });
      }
    }
  }
  let destination = existing?.destination ?? { all: true as const };
  if (has("destination")) {
    const d = input.destination as { all?: boolean | null; countries?: { add?: string[] | null; remove?: string[] | null; includeRestOfWorld?: boolean | null } | null } | null;
    if (d?.all && d.countries) errors.push({ field: f("destination"), message: "Only one of all or countries can be specified.", code: "TOO_MANY_ARGUMENTS", extraInfo: null });
    else if (d?.countries) {
      const prev = existing && !existing.destination.all ? existing.destination.countries : [];
      const countries = [...new Set([...prev, ...(d.countries.add ?? [])])].filter((c) => !(d.countries!.remove ?? []).includes(c));
      destination = { all: false, countries, includeRestOfWorld: d.countries.includeRestOfWorld ?? false };
    } else destination = { all: true };
  }
  let maximumShippingPrice = existing?.maximumShippingPrice ?? null;
  if (has("maximumShippingPrice")) {
    const raw = input.maximumShippingPrice as string | null;
    try {
      maximumShippingPrice = raw == null ? null : parseDecimalToMinor(raw, store.shop.currencyCode);
    } catch {
      errors.push({ field: f("maximumShippingPrice"), message: "Maximum shipping price is invalid", code: "INVALID", extraInfo: null });
    }
  }
  const tags = has("tags") ? ((input.tags as string[] | null) ?? []) : (existing?.tags ?? []);
  if (tags.length > 5) errors.push({ field: f("tags"), message: "Tags can't have more than 5 tags", code: "TOO_MANY_TAGS", extraInfo: null });
  for (const t of tags) if (t.length > 255) errors.push({ field: f("tags"), message: "Tag is too long (maximum is 255 characters)", code: "INVALID_TAG_LENGTH", extraInfo: null });
  const appliesOnOneTimePurchase = has("appliesOnOneTimePurchase") ? ((input.appliesOnOneTimePurchase as boolean | null) ?? true) : (existing?.appliesOnOneTimePurchase ?? true);
  const appliesOnSubscription = has("appliesOnSubscription") ? ((input.appliesOnSubscription as boolean | null) ?? false) : (existing?.appliesOnSubscription ?? false);
  if (!appliesOnOneTimePurchase && !appliesOnSubscription) {
    errors.push({ field: f("appliesOnOneTimePurchase"), message: "Discount must apply on one-time purchases or subscriptions.", code: "APPLIES_ON_NOTHING", extraInfo: null });
  }
  // at most 25 active automatic discounts at once
  const wouldBeActive = Number.isFinite(startMs) && startMs <= ctx.nowMs && (endsAt === null || Date.parse(endsAt) > ctx.nowMs);
  const activeOthers = store.freeShippingDiscounts.filter((d) => d.id !== id && discountStatus(d, ctx.nowMs) === "ACTIVE").length;
  if (wouldBeActive && activeOthers >= 25) {
    errors.push({ field: f("startsAt"), message: "Only 25 automatic discounts can be active at the same time.", code: "ACTIVE_PERIOD_OVERLAP", extraInfo: null });
  }
  if (errors.length > 0) return { automaticDiscountNode: null, userErrors: errors };
  const at = new Date(ctx.nowMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  // A new id never reuses the generated store's discounts' ids (the demo's own free-shipping discount is
  // base + 1, as was the first discount created: creating one replaced the merchant's).
  let newId = existing?.id;
  while (newId === undefined || (!existing && store.freeShippingDiscounts.some((d) => d.id === newId))) newId = store.nextId("DiscountAutomaticNode", DISCOUNT_ID_BASE);
  const discount: FreeShippingDiscountModel = {
    id: newId,
    title: title!,
    startsAt: new Date(startMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
    endsAt: endsAt === null ? null : new Date(Date.parse(endsAt)).toISOString().replace(/\.\d{3}Z$/, "Z"),
    minimumSubtotal,
    minimumQuantity,
    destination,
    maximumShippingPrice,
    combinesWith,
    appliesOnOneTimePurchase,
    appliesOnSubscription,
    recurringCycleLimit: has("recurringCycleLimit") ? ((input.recurringCycleLimit as number | null) ?? 0) : (existing?.recurringCycleLimit ?? 0),
    tags,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
  store.upsertFreeShippingDiscount(discount);
  if (!existing) ctx.discountIndex?.createdAtMs.set(discount.id, ctx.nowMs);
  return { automaticDiscountNode: discountNodeSrc(discount, "DiscountAutomaticNode"), userErrors: [] };
}

function appNamespace(i: AppInstallationModel): string {
  return `app--${legacy(i.appId)}`;
}

/** Resolves the reserved "$app" prefix ("$app" → "app--<id>", "$app:x" → "app--<id>--x"). */
function resolveNamespace(ns: string | null | undefined, i: AppInstallationModel): string {
  if (ns == null) return appNamespace(i);
  const m = /^\$app(?::(.+))?$/.exec(ns);
  return m ? `${appNamespace(i)}${m[1] ? `--${m[1]}` : ""}` : ns;
}

const METAFIELD_TYPES = new Set(["money", "number_decimal", "number_integer", "single_line_text_field", "multi_line_text_field", "boolean", "json", "date", "date_time"]);

function metafieldJson(m: MetafieldModel): unknown {
  switch (m.type) {
    case "number_integer":
      return Number(m.value);
    case "number_decimal":
      return m.value;
    case "boolean":
      return m.value === "true";
    case "money":
    case "json":
      try {
        return JSON.parse(m.value);
      } catch {
        return m.value;
      }
    default:
      return m.value;
  }
}

function compareDigest(m: MetafieldModel): string {
  return createHash("sha256").update(`${m.id}\u0000${m.updatedAt}\u0000${m.value}`).digest("hex");
}

function validateMetafieldValue(type: string, value: string, currency: string): string | null {
  switch (type) {
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "money": {
      // Source: live captures, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/metafields/
      // metafields-set-input-validation.json (invalidValueMoney) and metafieldsSet-value-type-fidelity.json (moneyInvalidShape,
      // moneyBlankCurrency, moneyAmountType, moneyOutOfRange, moneyInvalidCurrency). A valid currency other than the shop's
      // was not captured: it gets the shape message, which names "the shop's currency".
      const shape = "Value must be a stringified JSON object with amount (numeric) and currency_code (string matching the shop's currency) fields.";
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return shape;
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !("amount" in parsed) || !("currency_code" in parsed)) return shape;
      const { amount, currency_code: code } = parsed as { amount: unknown; currency_code: unknown };
      if (code === "" || code === null) return "Value must have a currency code.";
      const text = typeof amount === "number" ? String(amount) : amount;
      if (typeof text !== "string" || !/^-?\d+(\.\d+)?$/.test(text)) return "Value must have a numeric amount.";
      if (Math.abs(Number(text)) > 1e18) return "Value must be within +/-1000000000000000000.";
      if (typeof code !== "string" || !Intl.supportedValuesOf("currency").includes(code)) return `Value contains an invalid currency, ${String(code)}.`;
      return code === currency ? null : shape;
    }
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value is invalid JSON.";
      }
    default:
      return null;
  }
}

function metafieldsSet(ctx: ResolverContext, inputs: Args[]): { metafields: MetafieldModel[] | null; userErrors: (UserError & { elementIndex: number | null })[] } {
  const store = ctx.store;
  const install = store.appInstallation;
  const errors: (UserError & { elementIndex: number | null })[] = [];
  if (inputs.length > 25) {
    return { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
  }
  // Per-input errors carry elementIndex null (it indexes a list *value*, not the input) and the
  // payload's metafields is [] (live captures: metafields-set-missing-type-parity.json, metafields-set-input-validation.json).
  const own = appNamespace(install);
  inputs.forEach((input, i) => {
    const ownerId = String(input.ownerId);
    const field = (k: string) => ["metafields", String(i), k];
    if (ownerId !== install.id) {
      errors.push({ field: field("ownerId"), message: "Owner does not exist or is not supported by the NetMargin simulator (use currentAppInstallation.id).", code: "INVALID", elementIndex: null });
      return;
    }
    const namespace = resolveNamespace(input.namespace as string | null | undefined, install);
    if (/^app--/.test(namespace) && namespace !== own && !namespace.startsWith(`${own}--`)) {
      // Source: live capture, …/2026-04/metafield-definitions/metafields-set-delete-app-namespace-resolution.json (crossAppSet).
      errors.push({ field: ["metafields", String(i)], message: "Access to this namespace and key on Metafields for this resource type is not allowed.", code: "APP_NOT_AUTHORIZED", elementIndex: null });
      return;
    }
    if (namespace.length < 3 || namespace.length > 255) {
      // Source: live capture, …/2025-01/metafields/metafields-set-input-validation.json (shortNamespace, longNamespace).
      const short = namespace.length < 3;
      errors.push({ field: field("namespace"), message: short ? "Namespace is too short (minimum is 3 characters)" : "Namespace is too long (maximum is 255 characters)", code: short ? "TOO_SHORT" : "TOO_LONG", elementIndex: null });
      return;
    }
    const key = String(input.key);
    const existing = install.metafields.find((m) => m.namespace === namespace && m.key === key);
    const type = (input.type as string | null | undefined) ?? existing?.type ?? null;
    if (type === null) {
      errors.push({ field: field("type"), message: "Type can't be blank", code: "BLANK", elementIndex: null });
      return;
    }
    if (!METAFIELD_TYPES.has(type)) {
      errors.push({ field: field("type"), message: `Type '${type}' is not a valid metafield type.`, code: "INVALID_TYPE", elementIndex: null });
      return;
    }
    if (key.length < 2 || key.length > 64) {
      // Source: live capture, …/2025-01/metafields/metafields-set-input-validation.json (shortKey, longKey).
      const short = key.length < 2;
      errors.push({ field: field("key"), message: short ? "Key is too short (minimum is 2 characters)" : "Key is too long (maximum is 64 characters)", code: short ? "TOO_SHORT" : "TOO_LONG", elementIndex: null });
      return;
    }
    if (!/^[A-Za-z0-9_-]+$/.test(key)) {
      errors.push({ field: field("key"), message: "Key is invalid", code: "INVALID", elementIndex: null });
      return;
    }
    const problem = validateMetafieldValue(type, String(input.value), store.shop.currencyCode);
    if (problem) {
      errors.push({ field: field("value"), message: problem, code: "INVALID_VALUE", elementIndex: null });
      return;
    }
    if (input.compareDigest != null && existing && input.compareDigest !== compareDigest(existing)) {
      errors.push({ field: field("compareDigest"), message: "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.", code: "STALE_OBJECT", elementIndex: null });
    }
    if (input.compareDigest != null && !existing) {
      errors.push({ field: field("compareDigest"), message: "The metafield does not exist.", code: "INVALID_COMPARE_DIGEST", elementIndex: null });
    }
  });
  if (errors.length > 0) return { metafields: [], userErrors: errors };
  const out = inputs.map((input) => {
    const namespace = resolveNamespace(input.namespace as string | null | undefined, install);
    const existing = install.metafields.find((m) => m.namespace === namespace && m.key === input.key);
    const type = (input.type as string | null | undefined) ?? existing!.type;
    return store.setMetafield({ ownerId: install.id, namespace, key: String(input.key), type, value: String(input.value) }, METAFIELD_ID_BASE);
  });
  return { metafields: out, userErrors: [] };
}
