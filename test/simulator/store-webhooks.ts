/**
 * The simulator's webhooks switched on: every Store event becomes the delivery Shopify
 * would send for it (topic and REST body, rest-payloads.ts), handed to a sender (a
 * WebhookSender's `send`, or a test's direct call of the app's sync). A test may lose
 * deliveries on purpose (`drop`) to exercise reconciliation.
 *
 * Bodies: orders/* the REST Order, refunds/create the REST Refund, products/update the
 * REST Product, inventory_items/update the REST InventoryItem, inventory_levels/update the
 * REST InventoryLevel (`inventoryLevelPayload`: Shopify's published example is named in
 * app/shopify/inventory-level-webhook.ts). orders/paid has no route in NetMargin and is
 * delivered like the others when asked for by `topics`.
 */
import { inventoryItemPayload, inventoryLevelPayload, orderPayload, productPayload, refundPayload, type JsonObject, type ShopContext } from "./rest-payloads";
import type { Store, StoreEvent } from "./store";

export function storeEventWebhook(event: StoreEvent, shop: ShopContext): { topic: StoreEvent["topic"]; payload: JsonObject } {
  switch (event.topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/cancelled":
      return { topic: event.topic, payload: orderPayload(event.order, shop) };
    case "refunds/create":
      return { topic: event.topic, payload: refundPayload(event.order, event.refund, shop) };
    case "products/update":
      return { topic: event.topic, payload: productPayload(event.product, shop) };
    case "inventory_items/update":
      return { topic: event.topic, payload: inventoryItemPayload(event.inventoryItem, shop) };
    case "inventory_levels/update":
      return { topic: event.topic, payload: inventoryLevelPayload(event.inventoryItem, event.level, shop) };
  }
}

export interface ForwardOptions {
  /** Topics delivered (default: all). */
  topics?: readonly StoreEvent["topic"][];
  /** True: this delivery is lost (never sent). */
  drop?: (event: StoreEvent) => boolean;
}

/**
 * Sends each Store event's webhook as it happens. The body is built at once (the level
 * or order as it is then, as Shopify's payload is); ids beyond 2^53 are raw integers
 * (`restJson` writes them, `parseRestJson` reads them back). `settled()` waits for every send
 * so far; `stop()` switches the webhooks off.
 */
export function forwardStoreWebhooks(store: Store, send: (topic: string, payload: JsonObject) => Promise<unknown>, opts: ForwardOptions = {}): { settled(): Promise<void>; stop(): void; sent: number; dropped: number } {
  const shop = { currencyCode: store.shop.currencyCode, timezoneOffsetMinutes: store.shop.timezoneOffsetMinutes };
  const pending: Promise<unknown>[] = [];
  const state = {
    sent: 0,
    dropped: 0,
    async settled() {
      await Promise.all(pending);
    },
    stop: () => {},
  };
  state.stop = store.onChange((event) => {
    if (opts.topics && !opts.topics.includes(event.topic)) return;
    if (opts.drop?.(event)) {
      state.dropped++;
      return;
    }
    const { topic, payload } = storeEventWebhook(event, shop);
    state.sent++;
    pending.push(send(topic, payload));
  }) as () => void;
  return state;
}
