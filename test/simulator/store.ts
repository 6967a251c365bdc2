/**
 * In-memory store (small and medium sizes) over the model, with the mutations tests and
 * the webhook sender use. Order objects are never edited in place: every mutation
 * replaces the order with an updated copy (so `orderTotals` can cache per object) and
 * bumps `updatedAt` from the store clock.
 *
 * Listeners (`onChange`) receive one event per mutation with the new objects, in the
 * shape the webhook sender needs to build REST payloads.
 */
import type { DeliveryProfileModel } from "./delivery";
import {
  allocateProportionally,
  computeOrderTotals,
  gid,
  orderTotals,
  parseGid,
  paymentFee,
  refundLineAmounts,
  refundMoney,
  refundShippingTax,
  roundMinor,
  taxForAmount,
  type AppInstallationModel,
  type CancelReason,
  type CatalogModel,
  type DiscountAllocationModel,
  type DiscountApplicationModel,
  type FreeShippingDiscountModel,
  type InventoryItemModel,
  type InventoryLevelModel,
  type LineItemModel,
  type LocationModel,
  type MetafieldModel,
  type OrderModel,
  type ProductModel,
  type ProductStatus,
  type RefundModel,
  type RestockType,
  type ShippingLineModel,
  type ShopModel,
  type StoreData,
  type TransactionModel,
  type VariantModel,
} from "./model";
import {
  ID_BASE,
  PRESETS,
  fulfillmentIdFor,
  SLOTS,
  feeIdFor,
  generateStore,
  isoSeconds,
  lineItemIdFor,
  orderIdFor,
  orderIndexOf,
  refundIdFor,
  refundLineItemIdFor,
  refundShippingLineIdFor,
  shippingLineIdFor,
  transactionIdFor,
  type GeneratorOptions,
  type ShopPreset,
} from "./generator";

export type StoreEvent =
  | { topic: "orders/create"; order: OrderModel; at: string }
  | { topic: "orders/updated"; order: OrderModel; at: string }
  | { topic: "orders/paid"; order: OrderModel; at: string }
  | { topic: "orders/cancelled"; order: OrderModel; at: string }
  | { topic: "refunds/create"; order: OrderModel; refund: RefundModel; at: string }
  | { topic: "products/update"; product: ProductModel; at: string }
  | { topic: "inventory_items/update"; inventoryItem: InventoryItemModel; variant: VariantModel; product: ProductModel; at: string }
  | { topic: "inventory_levels/update"; inventoryItem: InventoryItemModel; level: InventoryLevelModel; at: string };

export type StoreListener = (event: StoreEvent) => void;

export interface StoreOptions {
  /** Clock for mutations. Default: a deterministic clock ticking one second per call from the data's "now". */
  clock?: () => string | number | Date;
  /** Preset of the data (tax zones and fees for createOrder). Default "eu". */
  preset?: ShopPreset;
}

export interface CreateOrderInput {
  lineItems: { variantId: string; quantity: number; /** line-level automatic discount, percent */ discountPercent?: number }[];
  /** Order-level code discount. */
  discountCode?: { code: string; percentage?: number; amount?: number };
  processedAt?: string;
  test?: boolean;
  sourceName?: string;
  gateway?: "shopify_payments" | "paypal" | "manual" | "bogus";
  /** "paid" (default), "pending" (manual payment not received yet) or "authorized". */
  payment?: "paid" | "pending" | "authorized";
  shippingCountryCode?: string | null;
  shippingProvinceCode?: string | null;
  /** Shipping charged (order convention); default by the preset's first weight band; null for no shipping line. */
  shippingPrice?: number | null;
  presentmentCurrencyCode?: string;
  presentmentRate?: number;
  tags?: string[];
  /**
   * The location whose stock the order takes (its units are committed there). Default:
   * Shopify's default order routing as the simulator models it (`routeLines`).
   */
  locationId?: string;
}

export interface AddRefundInput {
  lineItems?: { lineItemId: string; quantity: number; restockType?: RestockType }[];
  /** Refund all remaining shipping (`full`) or an amount (order convention). */
  shipping?: { full: true } | { amount: number };
  note?: string | null;
  /** Record the refund without a transaction (money not moved). */
  noTransaction?: boolean;
  processedAt?: string;
}

export interface UpdateProductInput {
  title?: string;
  status?: ProductStatus;
  vendor?: string;
  productType?: string;
  tags?: string[];
  variants?: { id: string; price?: number; compareAtPrice?: number | null; sku?: string | null }[];
}

type Located<T> = { order: OrderModel } & T;

function toIso(v: string | number | Date): string {
  if (typeof v === "string") return isoSeconds(Date.parse(v));
  if (typeof v === "number") return isoSeconds(v);
  return isoSeconds(v.getTime());
}

function slotOf(id: string, base: number, orderIndex: number, perOrder: number): number {
  const n = Number(parseGid(id)?.id ?? NaN);
  return n - base - orderIndex * perOrder;
}

export class Store {
  shop: ShopModel;
  locations: LocationModel[];
  products: ProductModel[];
  freeShippingDiscounts: FreeShippingDiscountModel[];
  appInstallation: AppInstallationModel;
  /** Shipping rates (delivery.ts). */
  deliveryProfiles: DeliveryProfileModel[];
  readonly preset: ShopPreset;
  private orderList: OrderModel[];
  private readonly clock: () => string;
  private readonly listeners = new Set<StoreListener>();
  private orderIndex = new Map<string, number>();
  private lineIndex = new Map<string, string>(); // line item id → order id
  private refundIndex = new Map<string, string>();
  private transactionIndex = new Map<string, string>();
  private catalogIndex: Map<string, unknown> | null = null;
  /** Line item id → the location its units were committed at (orders placed through `createOrder`). */
  private readonly committedAt = new Map<string, string>();
  private nextOrder: number;
  private seq = 0;

  constructor(data: StoreData, options: StoreOptions = {}) {
    this.shop = data.shop;
    this.locations = data.locations;
    this.products = data.products;
    this.freeShippingDiscounts = data.freeShippingDiscounts;
    this.appInstallation = data.appInstallation;
    this.deliveryProfiles = data.deliveryProfiles ?? [];
    this.orderList = [...data.orders];
    this.preset = options.preset ?? (data.shop.taxesIncluded ? "eu" : "us");
    const latest = data.orders.reduce((m, o) => Math.max(m, Date.parse(o.updatedAt)), Date.parse(data.shop.updatedAt));
    let tick = latest;
    this.clock = options.clock ? () => toIso(options.clock!()) : () => isoSeconds((tick += 1000));
    this.nextOrder = data.orders.reduce((m, o) => Math.max(m, orderIndexOf(o.id) + 1), 0);
    this.reindexOrders();
  }

  /** Generates a store (catalogue + all orders in memory). */
  static generate(opts: GeneratorOptions, storeOptions: Omit<StoreOptions, "preset"> = {}): Store {
    return new Store(generateStore(opts), { ...storeOptions, preset: opts.preset ?? "eu" });
  }

  // ------------------------------------------------------------------ reads

  get orders(): readonly OrderModel[] {
    return this.orderList;
  }

  get catalog(): CatalogModel {
    return { shop: this.shop, locations: this.locations, products: this.products, freeShippingDiscounts: this.freeShippingDiscounts, appInstallation: this.appInstallation, deliveryProfiles: this.deliveryProfiles };
  }

  snapshot(): StoreData {
    return { ...this.catalog, orders: [...this.orderList] };
  }

  now(): string {
    return this.clock();
  }

  getOrder(id: string): OrderModel | null {
    const i = this.orderIndex.get(id);
    return i === undefined ? null : this.orderList[i]!;
  }

  getLineItem(id: string): Located<{ line: LineItemModel }> | null {
    const order = this.getOrder(this.lineIndex.get(id) ?? "");
    const line = order?.lineItems.find((l) => l.id === id);
    return order && line ? { order, line } : null;
  }

  getRefund(id: string): Located<{ refund: RefundModel }> | null {
    const order = this.getOrder(this.refundIndex.get(id) ?? "");
    const refund = order?.refunds.find((r) => r.id === id);
    return order && refund ? { order, refund } : null;
  }

  getTransaction(id: string): Located<{ transaction: TransactionModel }> | null {
    const order = this.getOrder(this.transactionIndex.get(id) ?? "");
    const transaction = order?.transactions.find((t) => t.id === id);
    return order && transaction ? { order, transaction } : null;
  }

  getProduct(id: string): ProductModel | null {
    if (parseGid(id)?.type !== "Product") return null;
    return (this.catalogLookup().get(id) as ProductModel | undefined) ?? null;
  }

  getVariant(id: string): { product: ProductModel; variant: VariantModel } | null {
    if (parseGid(id)?.type !== "ProductVariant") return null;
    return (this.catalogLookup().get(id) as { product: ProductModel; variant: VariantModel } | undefined) ?? null;
  }

  getInventoryItem(id: string): { product: ProductModel; variant: VariantModel; item: InventoryItemModel } | null {
    if (parseGid(id)?.type !== "InventoryItem") return null;
    return (this.catalogLookup().get(id) as { product: ProductModel; variant: VariantModel; item: InventoryItemModel } | undefined) ?? null;
  }

  getInventoryLevel(id: string): { item: InventoryItemModel; level: InventoryLevelModel } | null {
    if (parseGid(id)?.type !== "InventoryLevel") return null;
    return (this.catalogLookup().get(id) as { item: InventoryItemModel; level: InventoryLevelModel } | undefined) ?? null;
  }

  getLocation(id: string): LocationModel | null {
    return this.locations.find((l) => l.id === id) ?? null;
  }

  /** All variants in catalogue order (products by id, variants by position). */
  variants(): { product: ProductModel; variant: VariantModel }[] {
    return this.products.flatMap((product) => product.variants.map((variant) => ({ product, variant })));
  }

  onChange(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ------------------------------------------------------------------ mutations: orders

  createOrder(input: CreateOrderInput): OrderModel {
    if (input.lineItems.length === 0) throw new Error("createOrder needs at least one line item");
    if (input.lineItems.length > SLOTS.lines) throw new Error(`at most ${SLOTS.lines} line items`);
    const at = this.clock();
    const i = this.nextOrder++;
    const preset = PRESETS[this.preset];
    const zone =
      preset.zones.find((z) => z.country === (input.shippingCountryCode ?? preset.zones[0]!.country) && (input.shippingProvinceCode == null || z.province === input.shippingProvinceCode)) ??
      preset.zones[0]!;
    const apps: DiscountApplicationModel[] = [];
    const lines: LineItemModel[] = input.lineItems.map((spec, k) => {
      const found = this.getVariant(spec.variantId);
      if (!found) throw new Error(`unknown variant ${spec.variantId}`);
      if (!Number.isInteger(spec.quantity) || spec.quantity < 1) throw new Error("quantity must be a positive integer");
      const { product, variant } = found;
      const allocations: DiscountAllocationModel[] = [];
      if (spec.discountPercent) {
        let idx = apps.findIndex((a) => a.kind === "AUTOMATIC" && a.value.type === "percentage" && a.value.percentage === spec.discountPercent);
        if (idx < 0) {
          apps.push({ index: apps.length, kind: "AUTOMATIC", title: `${spec.discountPercent}% off`, code: null, targetType: "LINE_ITEM", allocationMethod: "ACROSS", targetSelection: "ENTITLED", value: { type: "percentage", percentage: spec.discountPercent } });
          idx = apps.length - 1;
        }
        allocations.push({ applicationIndex: idx, amount: roundMinor((variant.price * spec.quantity * spec.discountPercent) / 100) });
      }
      return {
        id: lineItemIdFor(i, k),
        title: product.title,
        variantTitle: variant.title === "Default Title" ? null : variant.title,
        name: variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`,
        vendor: product.vendor,
        sku: variant.sku,
        quantity: spec.quantity,
        productId: product.id,
        variantId: variant.id,
        originalUnitPrice: variant.price,
        requiresShipping: variant.inventoryItem.requiresShipping,
        taxable: variant.taxable,
        isGiftCard: product.productType === "Gift card",
        weight: { ...variant.inventoryItem.weight },
        discountAllocations: allocations,
        taxLines: [],
      };
    });
    const route = this.routeLines(lines, input.locationId);
    const remaining = (l: LineItemModel) => l.originalUnitPrice * l.quantity - l.discountAllocations.reduce((a, d) => a + d.amount, 0);
    const discountCodes: string[] = [];
    if (input.discountCode) {
      const c = input.discountCode;
      const base = lines.reduce((a, l) => a + remaining(l), 0);
      const total = c.percentage !== undefined ? roundMinor((base * c.percentage) / 100) : Math.min(base, c.amount ?? 0);
      const idx = apps.length;
      apps.push({
        index: idx,
        kind: "DISCOUNT_CODE",
        title: c.code,
        code: c.code,
        targetType: "LINE_ITEM",
        allocationMethod: "ACROSS",
        targetSelection: "ALL",
        value: c.percentage !== undefined ? { type: "percentage", percentage: c.percentage } : { type: "fixed", amount: c.amount ?? 0 },
      });
      discountCodes.push(c.code);
      const parts = allocateProportionally(total, lines.map(remaining));
      lines.forEach((l, k) => {
        if (parts[k]! > 0) l.discountAllocations.push({ applicationIndex: idx, amount: parts[k]! });
      });
    }
    for (const l of lines) {
      if (l.taxable) l.taxLines = zone.taxes.map((t) => ({ title: t.title, rate: t.rate, amount: taxForAmount(remaining(l), t.rate, this.shop.taxesIncluded), channelLiable: false, source: "Shopify" }));
    }
    const shippingLines: ShippingLineModel[] = [];
    const shippingPrice = input.shippingPrice === undefined ? (lines.some((l) => l.requiresShipping) ? preset.bands[0]!.price : null) : input.shippingPrice;
    if (shippingPrice !== null) {
      shippingLines.push({
        id: shippingLineIdFor(i, 0),
        title: preset.standardTitle,
        code: preset.standardCode,
        source: "shopify",
        carrierIdentifier: null,
        originalPrice: shippingPrice,
        discountAllocations: [],
        taxLines: zone.taxShipping ? zone.taxes.map((t) => ({ title: t.title, rate: t.rate, amount: taxForAmount(shippingPrice, t.rate, this.shop.taxesIncluded), channelLiable: false, source: "Shopify" })) : [],
        isRemoved: false,
      });
    }
    const processedAt = input.processedAt ? toIso(input.processedAt) : at;
    const order: OrderModel = {
      id: orderIdFor(i),
      number: 1001 + i,
      name: `#${1001 + i}`,
      createdAt: at,
      processedAt,
      updatedAt: at,
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      test: input.test ?? false,
      sourceName: input.sourceName ?? "web",
      currencyCode: this.shop.currencyCode,
      presentmentCurrencyCode: input.presentmentCurrencyCode ?? this.shop.currencyCode,
      presentmentRate: input.presentmentRate ?? 1,
      taxesIncluded: this.shop.taxesIncluded,
      shippingCountryCode: input.shippingCountryCode === undefined ? zone.country : input.shippingCountryCode,
      shippingProvinceCode: input.shippingProvinceCode === undefined ? zone.province : input.shippingProvinceCode,
      tags: input.tags ?? [],
      discountCodes,
      discountApplications: apps,
      lineItems: lines,
      shippingLines,
      transactions: [],
      refunds: [],
      fulfillments: [],
    };
    const total = computeOrderTotals(order).totalPrice;
    const gateway = input.gateway ?? (input.test ? "bogus" : "shopify_payments");
    const payment = input.payment ?? (gateway === "manual" ? "pending" : "paid");
    if (total > 0) {
      const fee = gateway === "shopify_payments" ? preset.fees[0]! : null;
      const base = { gateway, test: order.test, parentId: null, refundId: null, manualPaymentGateway: gateway === "manual", createdAt: processedAt, processedAt };
      if (payment === "authorized") {
        order.transactions.push({ ...base, id: transactionIdFor(i, 0), kind: "AUTHORIZATION", status: "SUCCESS", amount: total, fees: [] });
      } else {
        order.transactions.push({
          ...base,
          id: transactionIdFor(i, 0),
          kind: "SALE",
          status: payment === "pending" ? "PENDING" : "SUCCESS",
          amount: total,
          fees:
            fee && payment === "paid"
              ? [{ id: feeIdFor(i, 0, 0), type: "payment_fee", rate: String(fee.rate), rateName: "Card rate", flatFee: fee.flat, flatFeeName: "Card flat fee", amount: paymentFee(total, fee.rate, fee.flat), taxAmount: 0 }]
              : [],
        });
      }
    }
    const moved = new StockMoves();
    for (const l of lines) {
      const where = route.get(l.id);
      if (!where) continue;
      this.committedAt.set(l.id, where.level.locationId);
      moved.add(where.item, where.level, { available: -l.quantity, committed: l.quantity });
    }
    this.orderList.push(order);
    this.reindexOrders();
    this.emit({ topic: "orders/create", order, at });
    if (payment === "paid" && total > 0) this.emit({ topic: "orders/paid", order, at });
    this.emitStock(moved, at);
    return order;
  }

  /** Edits non-money attributes (tags, test flag, source) and bumps updatedAt. */
  updateOrder(id: string, patch: { tags?: string[]; test?: boolean; sourceName?: string; closed?: boolean } = {}): OrderModel {
    return this.replaceOrder(id, (o, at) => {
      if (patch.tags) o.tags = [...patch.tags];
      if (patch.test !== undefined) o.test = patch.test;
      if (patch.sourceName !== undefined) o.sourceName = patch.sourceName;
      if (patch.closed !== undefined) o.closedAt = patch.closed ? at : null;
    }, "orders/updated");
  }

  /** Cancels an order: restocks and refunds every remaining unit and the shipping (or voids an authorisation). */
  cancelOrder(id: string, opts: { reason?: CancelReason; refund?: boolean } = {}): OrderModel {
    const current = this.getOrder(id);
    if (!current) throw new Error(`unknown order ${id}`);
    if (current.cancelledAt) throw new Error(`order ${current.name} is already cancelled`);
    const totals = orderTotals(current);
    const at = this.clock();
    const next = structuredClone(current);
    const idx = orderIndexOf(next.id);
    const paid = totals.totalReceived > 0;
    const openAuth = next.transactions.find((t) => t.kind === "AUTHORIZATION" && t.status === "SUCCESS" && !next.transactions.some((c) => c.parentId === t.id && c.status === "SUCCESS"));
    if (!paid && openAuth) {
      next.transactions.push({ ...this.txBase(next, openAuth.gateway, at), id: this.nextTransactionId(next, idx), kind: "VOID", status: "SUCCESS", amount: 0, parentId: openAuth.id });
    }
    let refund: RefundModel | null = null;
    if (opts.refund !== false) {
      refund = this.buildRefund(next, at, {
        lineItems: totals.lines.filter((l) => l.currentQuantity > 0).map((l) => ({ lineItemId: l.line.id, quantity: l.currentQuantity, restockType: "CANCEL" as const })),
        shipping: { full: true },
        note: "Order canceled",
        noTransaction: !paid,
      });
    }
    next.cancelledAt = at;
    next.cancelReason = opts.reason ?? "CUSTOMER";
    next.closedAt = at;
    next.updatedAt = at;
    const moved = refund ? this.restock(current, refund) : new StockMoves();
    this.putOrder(next);
    if (refund) this.emit({ topic: "refunds/create", order: next, refund, at });
    this.emit({ topic: "orders/cancelled", order: next, at });
    this.emit({ topic: "orders/updated", order: next, at });
    this.emitStock(moved, at);
    return next;
  }

  addRefund(orderId: string, input: AddRefundInput): { order: OrderModel; refund: RefundModel } {
    const current = this.getOrder(orderId);
    if (!current) throw new Error(`unknown order ${orderId}`);
    const at = this.clock();
    const next = structuredClone(current);
    const refund = this.buildRefund(next, at, input);
    const moved = this.restock(current, refund);
    next.updatedAt = at;
    this.putOrder(next);
    this.emit({ topic: "refunds/create", order: next, refund, at });
    this.emit({ topic: "orders/updated", order: next, at });
    this.emitStock(moved, at);
    return { order: next, refund };
  }

  /**
   * Fulfils the whole order (the model's fulfilment is all or nothing: one SUCCESS
   * fulfilment covers every line, `displayFulfillmentStatus`). Each unit still on the
   * order (ordered less refunded) leaves the location it was committed at: committed
   * and on hand go down by the same number, available does not move (Shopify: "After
   * the order is fulfilled, Shopify decrements the committed inventory quantity",
   * shopify.dev/docs/apps/fulfillment/inventory-management-apps; on_hand is available +
   * committed + unavailable, shopify.dev InventoryQuantity states, so the units leave on
   * hand with it). The fulfilment's location is the first line's. Emits orders/updated
   * and inventory_levels/update for each level that changed.
   */
  fulfillOrder(id: string, opts: { trackingCompany?: string | null; trackingNumber?: string | null } = {}): OrderModel {
    const current = this.getOrder(id);
    if (!current) throw new Error(`unknown order ${id}`);
    if (current.cancelledAt) throw new Error(`order ${current.name} is cancelled`);
    if (current.fulfillments.some((f) => f.status === "SUCCESS")) throw new Error(`order ${current.name} is already fulfilled`);
    const k = current.fulfillments.length;
    if (k >= SLOTS.fulfillments) throw new Error(`order ${current.name} has too many fulfillments for the simulator`);
    const at = this.clock();
    const totals = orderTotals(current);
    const moved = new StockMoves();
    for (const lt of totals.lines) {
      const where = this.lineStock(current, lt.line);
      if (!where || lt.currentQuantity <= 0) continue;
      // Units of an order from the generated history were shaped, not committed one by
      // one: what the level does not hold as committed leaves from available.
      const released = this.committedAt.has(lt.line.id) ? lt.currentQuantity : Math.min(lt.currentQuantity, Math.max(0, where.level.committed - moved.pending(where.level, "committed")));
      moved.add(where.item, where.level, { onHand: -lt.currentQuantity, committed: -released, available: -(lt.currentQuantity - released) });
    }
    const next = structuredClone(current);
    const first = totals.lines.map((lt) => this.lineStock(current, lt.line)).find((w) => w !== null);
    next.fulfillments.push({
      id: fulfillmentIdFor(orderIndexOf(next.id), k),
      status: "SUCCESS",
      createdAt: at,
      updatedAt: at,
      locationId: first?.level.locationId ?? this.defaultLocationId(current),
      trackingCompany: opts.trackingCompany ?? null,
      trackingNumber: opts.trackingNumber ?? null,
    });
    next.updatedAt = at;
    this.putOrder(next);
    this.emit({ topic: "orders/updated", order: next, at });
    this.emitStock(moved, at);
    return next;
  }

  // ------------------------------------------------------------------ mutations: catalogue

  /** Sets (or clears, with null) the current unit cost of an inventory item (id of the item or of its variant). */
  setUnitCost(id: string, unitCost: number | null): InventoryItemModel {
    const found = this.getInventoryItem(id) ?? (() => {
      const v = this.getVariant(id);
      return v ? { ...v, item: v.variant.inventoryItem } : null;
    })();
    if (!found) throw new Error(`unknown inventory item or variant ${id}`);
    if (unitCost !== null && (!Number.isSafeInteger(unitCost) || unitCost < 0)) throw new Error("unitCost must be a non-negative integer of minor units or null");
    const at = this.clock();
    found.item.unitCost = unitCost;
    found.item.updatedAt = at;
    this.catalogIndex = null;
    this.emit({ topic: "inventory_items/update", inventoryItem: found.item, variant: found.variant, product: found.product, at });
    return found.item;
  }

  /**
   * Sets the units available at one inventory level (id of the level), as a stock
   * adjustment in the admin does: on hand moves by the same difference (available is
   * on hand less committed and unavailable units, which do not change), and the level's
   * `updatedAt` is the store clock. Emits `inventory_levels/update`.
   */
  setAvailable(levelId: string, available: number): InventoryLevelModel {
    const found = this.getInventoryLevel(levelId);
    if (!found) throw new Error(`unknown inventory level ${levelId}`);
    if (!Number.isSafeInteger(available)) throw new Error("available must be a whole number of units");
    const at = this.clock();
    found.level.onHand += available - found.level.available;
    found.level.available = available;
    found.level.updatedAt = at;
    this.emit({ topic: "inventory_levels/update", inventoryItem: found.item, level: found.level, at });
    return found.level;
  }

  updateProduct(id: string, patch: UpdateProductInput): ProductModel {
    const product = this.getProduct(id);
    if (!product) throw new Error(`unknown product ${id}`);
    const at = this.clock();
    if (patch.title !== undefined) product.title = patch.title;
    if (patch.status !== undefined) product.status = patch.status;
    if (patch.vendor !== undefined) product.vendor = patch.vendor;
    if (patch.productType !== undefined) product.productType = patch.productType;
    if (patch.tags !== undefined) product.tags = [...patch.tags];
    for (const v of patch.variants ?? []) {
      const variant = product.variants.find((x) => x.id === v.id);
      if (!variant) throw new Error(`variant ${v.id} is not a variant of ${id}`);
      if (v.price !== undefined) variant.price = v.price;
      if (v.compareAtPrice !== undefined) variant.compareAtPrice = v.compareAtPrice;
      if (v.sku !== undefined) {
        variant.sku = v.sku;
        variant.inventoryItem.sku = v.sku;
      }
      variant.updatedAt = at;
    }
    product.updatedAt = at;
    this.catalogIndex = null;
    this.emit({ topic: "products/update", product, at });
    return product;
  }

  /**
   * Deletes a product with its variants, inventory items and their levels (Shopify's
   * productDelete: the product's variants and their inventory go with it). Orders keep
   * their lines. Emits nothing (NetMargin subscribes to no delete topic; its stock
   * reconciliation finds the levels gone).
   */
  deleteProduct(id: string): void {
    const i = this.products.findIndex((p) => p.id === id);
    if (i < 0) throw new Error(`unknown product ${id}`);
    this.products.splice(i, 1);
    this.catalogIndex = null;
  }

  /**
   * Deletes a location and every level at it (in the admin a location is deactivated,
   * then deleted; the simulator does both at once). Emits nothing.
   */
  deleteLocation(id: string): void {
    const i = this.locations.findIndex((l) => l.id === id);
    if (i < 0) throw new Error(`unknown location ${id}`);
    this.locations.splice(i, 1);
    for (const { variant } of this.variants()) variant.inventoryItem.levels = variant.inventoryItem.levels.filter((l) => l.locationId !== id);
    this.catalogIndex = null;
  }

  // ------------------------------------------------------------------ app data (used by the GraphQL mutations)

  upsertFreeShippingDiscount(discount: FreeShippingDiscountModel): void {
    const i = this.freeShippingDiscounts.findIndex((d) => d.id === discount.id);
    if (i >= 0) this.freeShippingDiscounts[i] = discount;
    else this.freeShippingDiscounts.push(discount);
  }

  nextId(type: string, base: number): string {
    this.seq += 1;
    return gid(type, base + this.seq);
  }

  setMetafield(input: { ownerId: string; namespace: string; key: string; type: string; value: string }, idBase: number): MetafieldModel {
    const owner = this.appInstallation;
    const at = this.clock();
    const existing = owner.metafields.find((m) => m.ownerId === input.ownerId && m.namespace === input.namespace && m.key === input.key);
    if (existing) {
      existing.value = input.value;
      existing.type = input.type;
      existing.updatedAt = at;
      return existing;
    }
    const mf: MetafieldModel = { id: this.nextId("Metafield", idBase), ...input, createdAt: at, updatedAt: at };
    owner.metafields.push(mf);
    return mf;
  }

  // ------------------------------------------------------------------ internals

  /**
   * Where each line's units are taken from, by Shopify's default order routing as far as
   * the simulator can model it (help.shopify.com/en/manual/fulfillment/setup/order-routing/understanding-order-routing:
   * the default rules are, in order, "Minimize split fulfillments" — "Locations that have
   * all items in stock are prioritized over those that don't" —, "Stay within the
   * destination market" and "Ship from closest location"). The simulator's locations all
   * sit in the shop's country and hold no coordinates, so the last two rules leave the
   * tie, broken by the shop's location order (the warehouse first): the first active
   * location that stocks every tracked line's quantity as available takes the whole
   * order; when none does, each line goes to the first location that has its quantity,
   * else to the active level with the most available (the order oversells it, available
   * goes below 0, as Shopify lets an order through whose item continues selling).
   * `locationId` forces one location (a POS sale at that shop). Untracked items are
   * never committed (they have no quantities, InventoryLevel `available` null), nor are
   * items with no active level (stocked nowhere).
   */
  private routeLines(lines: LineItemModel[], locationId?: string): Map<string, { item: InventoryItemModel; level: InventoryLevelModel }> {
    const route = new Map<string, { item: InventoryItemModel; level: InventoryLevelModel }>();
    if (locationId !== undefined && !this.getLocation(locationId)) throw new Error(`unknown location ${locationId}`);
    const tracked = lines.flatMap((line) => {
      const item = line.variantId ? this.getVariant(line.variantId)?.variant.inventoryItem : undefined;
      return item?.tracked ? [{ line, item }] : [];
    });
    const levelAt = (item: InventoryItemModel, loc: string) => item.levels.find((l) => l.locationId === loc && l.isActive) ?? null;
    const active = this.locations.filter((l) => l.isActive).map((l) => l.id);
    if (locationId !== undefined) {
      for (const { line, item } of tracked) {
        const level = levelAt(item, locationId);
        if (!level) throw new Error(`${line.name} is not stocked at location ${locationId}`);
        route.set(line.id, { item, level });
      }
      return route;
    }
    const all = active.find((loc) => tracked.every(({ line, item }) => (levelAt(item, loc)?.available ?? -Infinity) >= line.quantity));
    for (const { line, item } of tracked) {
      const levels = active.map((loc) => levelAt(item, loc)).filter((l): l is InventoryLevelModel => l !== null);
      const level = (all ? levelAt(item, all) : null) ?? levels.find((l) => l.available >= line.quantity) ?? [...levels].sort((a, b) => b.available - a.available)[0];
      if (level) route.set(line.id, { item, level });
    }
    return route;
  }

  /**
   * The level a line's units were committed at: the one `createOrder` chose, else (an
   * order of the generated history) the location the generator fulfils it from
   * (`defaultLocationId`). Null for untracked items and items not stocked there.
   */
  private lineStock(order: OrderModel, line: LineItemModel): { item: InventoryItemModel; level: InventoryLevelModel } | null {
    const item = line.variantId ? this.getVariant(line.variantId)?.variant.inventoryItem : undefined;
    if (!item?.tracked) return null;
    const loc = this.committedAt.get(line.id) ?? this.defaultLocationId(order);
    const level = item.levels.find((l) => l.locationId === loc);
    return level ? { item, level } : null;
  }

  /** The generator's location for an order of its history: the shop for POS sales, else the warehouse (generator.ts, fulfilment). */
  private defaultLocationId(order: OrderModel): string | null {
    return (order.sourceName === "pos" ? this.locations[1] : undefined)?.id ?? this.locations[0]?.id ?? null;
  }

  /**
   * What a refund puts back (`RefundLineItemRestockType`, shopify.dev/docs/api/admin-graphql/2026-10/enums/RefundLineItemRestockType):
   * CANCEL — "Use this when restocking unfulfilled line items": the units leave committed
   * and are available again (on hand unchanged); RETURN — "Use this when restocking line
   * items that were fulfilled": the units come back on hand and available at the refund
   * line's location (`RefundLineItem.location`, "The inventory restock location");
   * NO_RESTOCK changes nothing. The units' state decides, not the type given: a CANCEL of
   * units already fulfilled (cancelOrder after a fulfilment) comes back on hand like a
   * return, and a RETURN of units never fulfilled (the Store's default restock type) leaves
   * committed like a cancel, since they never left. `order` is the order before the refund.
   */
  private restock(order: OrderModel, refund: RefundModel): StockMoves {
    const moved = new StockMoves();
    const fulfilled = order.fulfillments.some((f) => f.status === "SUCCESS");
    for (const rl of refund.refundLineItems) {
      if (rl.restockType !== "CANCEL" && rl.restockType !== "RETURN") continue;
      const line = order.lineItems.find((l) => l.id === rl.lineItemId);
      const where = line ? this.lineStock(order, line) : null;
      if (!line || !where) continue;
      const level = rl.locationId ? (where.item.levels.find((l) => l.locationId === rl.locationId) ?? where.level) : where.level;
      if (!fulfilled) {
        const held = this.committedAt.has(line.id) ? rl.quantity : Math.min(rl.quantity, Math.max(0, level.committed - moved.pending(level, "committed")));
        moved.add(where.item, level, { committed: -held, available: rl.quantity, onHand: rl.quantity - held });
      } else {
        moved.add(where.item, level, { onHand: rl.quantity, available: rl.quantity });
      }
    }
    return moved;
  }

  /** Applies the moves to their levels, stamps them `at` and emits one inventory_levels/update per level. */
  private emitStock(moved: StockMoves, at: string): void {
    for (const { item, level, delta } of moved.entries()) {
      level.available += delta.available;
      level.onHand += delta.onHand;
      level.committed += delta.committed;
      level.updatedAt = at;
      this.emit({ topic: "inventory_levels/update", inventoryItem: item, level, at });
    }
  }

  private emit(event: StoreEvent): void {
    for (const l of this.listeners) l(event);
  }

  private txBase(order: OrderModel, gateway: string, at: string): Omit<TransactionModel, "id" | "kind" | "status" | "amount" | "parentId"> {
    return { gateway, createdAt: at, processedAt: at, test: order.test, refundId: null, manualPaymentGateway: gateway === "manual", fees: [] };
  }

  private nextTransactionId(order: OrderModel, idx: number): string {
    const used = order.transactions.map((t) => slotOf(t.id, ID_BASE.transaction, idx, SLOTS.transactions));
    const k = used.length ? Math.max(...used) + 1 : 0;
    if (k >= SLOTS.transactions) throw new Error(`order ${order.name} has too many transactions for the simulator`);
    return transactionIdFor(idx, k);
  }

  /** Adds a refund (and its REFUND transaction) to `order` (a mutable copy). */
  private buildRefund(order: OrderModel, at: string, input: AddRefundInput): RefundModel {
    const idx = orderIndexOf(order.id);
    const k = order.refunds.length;
    if (k >= SLOTS.refunds) throw new Error(`order ${order.name} has too many refunds for the simulator`);
    const totals = computeOrderTotals(order);
    const refund: RefundModel = {
      id: refundIdFor(idx, k),
      note: input.note ?? null,
      createdAt: at,
      processedAt: input.processedAt ? toIso(input.processedAt) : at,
      updatedAt: at,
      refundLineItems: (input.lineItems ?? []).map((spec, j) => {
        const lt = totals.lineById.get(spec.lineItemId);
        if (!lt) throw new Error(`line item ${spec.lineItemId} is not on order ${order.name}`);
        if (!Number.isInteger(spec.quantity) || spec.quantity < 1 || spec.quantity > lt.currentQuantity) {
          throw new Error(`cannot refund ${spec.quantity} of line ${spec.lineItemId}: ${lt.currentQuantity} refundable`);
        }
        const amounts = refundLineAmounts(lt.line, lt.discountedTotal, lt.refundedQuantity, spec.quantity);
        const restockType = spec.restockType ?? "RETURN";
        return {
          id: refundLineItemIdFor(idx, k, j),
          lineItemId: spec.lineItemId,
          quantity: spec.quantity,
          restockType,
          locationId: restockType === "RETURN" || restockType === "CANCEL" ? (this.committedAt.get(spec.lineItemId) ?? this.defaultLocationId(order)) : null,
          ...amounts,
        };
      }),
      refundShippingLines: [],
      transactionIds: [],
    };
    if (input.shipping) {
      let left = "full" in input.shipping ? Number.POSITIVE_INFINITY : input.shipping.amount;
      totals.shipping.forEach((s, j) => {
        const amount = Math.min(s.currentDiscountedPrice, left);
        if (amount <= 0) return;
        left -= amount;
        refund.refundShippingLines.push({ id: refundShippingLineIdFor(idx, k, j), shippingLineId: s.line.id, subtotal: amount, tax: refundShippingTax(s, amount) });
      });
    }
    const money = refundMoney(order, refund);
    const parent = [...order.transactions].reverse().find((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"));
    if (!input.noTransaction && money > 0 && parent) {
      const tx: TransactionModel = {
        ...this.txBase(order, parent.gateway, at),
        id: this.nextTransactionId(order, idx),
        kind: "REFUND",
        status: "SUCCESS",
        amount: money,
        parentId: parent.id,
        refundId: refund.id,
        manualPaymentGateway: parent.manualPaymentGateway,
      };
      order.transactions.push(tx);
      refund.transactionIds.push(tx.id);
    }
    order.refunds.push(refund);
    return refund;
  }

  private replaceOrder(id: string, edit: (o: OrderModel, at: string) => void, topic: "orders/updated"): OrderModel {
    const current = this.getOrder(id);
    if (!current) throw new Error(`unknown order ${id}`);
    const at = this.clock();
    const next = structuredClone(current);
    edit(next, at);
    next.updatedAt = at;
    this.putOrder(next);
    this.emit({ topic, order: next, at });
    return next;
  }

  private putOrder(next: OrderModel): void {
    const i = this.orderIndex.get(next.id);
    if (i === undefined) throw new Error(`unknown order ${next.id}`);
    this.orderList[i] = next;
    this.indexOrder(next);
  }

  private reindexOrders(): void {
    this.orderIndex = new Map();
    this.lineIndex = new Map();
    this.refundIndex = new Map();
    this.transactionIndex = new Map();
    this.orderList.forEach((o, i) => {
      this.orderIndex.set(o.id, i);
      this.indexOrder(o);
    });
  }

  private indexOrder(o: OrderModel): void {
    for (const l of o.lineItems) this.lineIndex.set(l.id, o.id);
    for (const r of o.refunds) this.refundIndex.set(r.id, o.id);
    for (const t of o.transactions) this.transactionIndex.set(t.id, o.id);
  }

  private catalogLookup(): Map<string, unknown> {
    if (this.catalogIndex) return this.catalogIndex;
    const m = new Map<string, unknown>();
    for (const product of this.products) {
      m.set(product.id, product);
      for (const variant of product.variants) {
        m.set(variant.id, { product, variant });
        m.set(variant.inventoryItem.id, { product, variant, item: variant.inventoryItem });
        for (const level of variant.inventoryItem.levels) m.set(level.id, { item: variant.inventoryItem, level });
      }
    }
    this.catalogIndex = m;
    return m;
  }
}

type StockDelta = { available: number; onHand: number; committed: number };

/** Quantity changes gathered per level, applied together once the mutation is known to succeed. */
class StockMoves {
  private readonly byLevel = new Map<InventoryLevelModel, { item: InventoryItemModel; level: InventoryLevelModel; delta: StockDelta }>();

  add(item: InventoryItemModel, level: InventoryLevelModel, d: Partial<StockDelta>): void {
    const e = this.byLevel.get(level) ?? { item, level, delta: { available: 0, onHand: 0, committed: 0 } };
    e.delta.available += d.available ?? 0;
    e.delta.onHand += d.onHand ?? 0;
    e.delta.committed += d.committed ?? 0;
    this.byLevel.set(level, e);
  }

  /** What is already gathered against `level` for one quantity (negative: taken). */
  pending(level: InventoryLevelModel, q: keyof StockDelta): number {
    return -(this.byLevel.get(level)?.delta[q] ?? 0);
  }

  entries(): { item: InventoryItemModel; level: InventoryLevelModel; delta: StockDelta }[] {
    return [...this.byLevel.values()].filter((e) => e.delta.available !== 0 || e.delta.onHand !== 0 || e.delta.committed !== 0);
  }
}
