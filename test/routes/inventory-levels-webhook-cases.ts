/**
 * The inventory_levels/update route (issue 18, item 1), called as Remix calls it with
 * deliveries signed as Shopify signs them, so the HMAC check is the library's
 * (authenticate.webhook). Shared by the SQLite file (webhooks-inventory-levels.test.ts)
 * and the PostgreSQL one (webhooks-inventory-levels-postgresql.test.ts).
 *
 * The payload is Shopify's REST InventoryLevel resource (app/shopify/inventory-level-webhook.ts
 * names the sources); the stored level is what the bulk import wrote: available 12,
 * on hand 20, committed 5, incoming 30, level updated at 10:00 UTC.
 */
import { beforeEach, expect, it } from "vitest";

import type { Db } from "~/db.server";

import { createOfflineSession, createShop, createVariant } from "../helpers/factories";
import { webhookRequest } from "../helpers/webhook";
import type { WebhookAction } from "../helpers/webhook-app";

export const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const TOPIC = "inventory_levels/update";
const ITEM = "gid://shopify/InventoryItem/43729076";
const LOCATION = "gid://shopify/Location/346779380";
/** Beyond 2^53: JSON.parse reads it as 820982911946154500. */
const BIG_ITEM = "820982911946154508";

const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** The delivery Shopify sends when 7 units are left at the location at 12:30 in Paris (11:30 UTC). */
function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    inventory_item_id: 43729076,
    location_id: 346779380,
    available: 7,
    updated_at: "2026-11-01T12:30:00+01:00",
    admin_graphql_api_id: "gid://shopify/InventoryLevel/523463154?inventory_item_id=43729076",
    ...overrides,
  };
}

const IMPORTED = { available: 12, onHand: 20, committed: 5, incoming: 30, updatedAt: new Date("2026-11-01T10:00:00Z") };

async function storeLevel(db: Db, shop: string, inventoryItemId: string, variantId: string | null = null) {
  await db.inventoryLevel.create({
    data: { shop, inventoryItemId, locationId: LOCATION, variantId, ...IMPORTED, runId: "run-1", syncedAt: new Date("2026-11-01T10:05:00Z") },
  });
}

async function level(db: Db, shop = SHOP, item = ITEM) {
  const row = await db.inventoryLevel.findUniqueOrThrow({ where: { shop_inventoryItemId_locationId: { shop, inventoryItemId: item, locationId: LOCATION } } });
  return { available: row.available, onHand: row.onHand, committed: row.committed, incoming: row.incoming, updatedAt: row.updatedAt.toISOString(), variantId: row.variantId, runId: row.runId };
}

/** Every row of the tables a delivery may write, to prove a refused one wrote none. */
async function rows(db: Db) {
  return {
    levels: await db.inventoryLevel.findMany({ orderBy: [{ shop: "asc" }, { inventoryItemId: "asc" }] }),
    events: await db.webhookEvent.findMany({ orderBy: [{ shop: "asc" }, { eventId: "asc" }] }),
    syncState: await db.syncState.findMany({ orderBy: { shop: "asc" } }),
  };
}

export function inventoryLevelWebhookCases(app: () => { db: Db; routes: Record<string, WebhookAction>; enqueued: string[] }) {
  const db = () => app().db;

  async function send(body: unknown, opts: { eventId?: string; forge?: boolean; shop?: string; unsigned?: boolean } = {}): Promise<Response> {
    const request = webhookRequest(TOPIC, body, { shop: opts.shop ?? SHOP, forge: opts.forge });
    if (opts.eventId) request.headers.set("X-Shopify-Event-Id", opts.eventId);
    if (opts.unsigned) request.headers.delete("X-Shopify-Hmac-Sha256");
    try {
      return await app().routes[TOPIC]!({ request, params: {}, context: {} });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown; // authenticate.webhook throws its 401/400
      throw thrown;
    }
  }

  beforeEach(async () => {
    const d = db();
    await d.inventoryLevel.deleteMany();
    await d.webhookEvent.deleteMany();
    await d.syncState.deleteMany();
    await d.variant.deleteMany();
    await d.session.deleteMany();
    await d.shop.deleteMany();
    for (const shop of [SHOP, OTHER]) {
      await createShop(d, { shop });
      await createOfflineSession(d, shop);
      await storeLevel(d, shop, ITEM);
    }
  });

  it("sets the stored available quantity and its time; on hand, committed and incoming stay as imported; the other shop's level is untouched", async () => {
    const response = await send(payload(), { eventId: "evt-1" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ applied: true, summary: `Available stock of ${ITEM} at ${LOCATION} is now 7.` });
    expect(await level(db())).toEqual({ available: 7, onHand: 20, committed: 5, incoming: 30, updatedAt: "2026-11-01T11:30:00.000Z", variantId: null, runId: "run-1" });
    expect(await level(db(), OTHER)).toMatchObject({ available: 12, updatedAt: "2026-11-01T10:00:00.000Z" });
    expect(await db().webhookEvent.findMany({ select: { shop: true, eventId: true, topic: true } })).toEqual([{ shop: SHOP, eventId: "evt-1", topic: TOPIC }]);
  });

  it("applies a redelivery of the same event once", async () => {
    expect(await (await send(payload(), { eventId: "evt-2" })).json()).toMatchObject({ applied: true });
    // Something newer lands in between (a later import, same level time): a second application of evt-2 would put 7 back.
    await db().inventoryLevel.update({ where: { shop_inventoryItemId_locationId: { shop: SHOP, inventoryItemId: ITEM, locationId: LOCATION } }, data: { available: 3 } });
    const again = await send(payload(), { eventId: "evt-2" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ applied: false, reason: "duplicate", summary: "Event evt-2 was already applied." });
    expect((await level(db())).available).toBe(3);
    expect(await db().webhookEvent.count({ where: { shop: SHOP, eventId: "evt-2" } })).toBe(1);
  });

  it("ignores a delivery older than the stored level, whichever came first", async () => {
    await send(payload(), { eventId: "evt-new" }); // 11:30 UTC, 7 left
    // Delivered late: 9 left at 11:29:59 UTC (12:29:59 in Paris), before the 7 above.
    const late = await send(payload({ available: 9, updated_at: "2026-11-01T12:29:59+01:00" }), { eventId: "evt-old" });
    expect(late.status).toBe(200);
    expect(await late.json()).toMatchObject({ applied: false, reason: "stale" });
    expect(await level(db())).toMatchObject({ available: 7, updatedAt: "2026-11-01T11:30:00.000Z" });
    // Older than what the import stored (10:00 UTC) is ignored just the same.
    await send(payload({ available: 1, updated_at: "2026-11-01T09:59:59Z" }), { eventId: "evt-older" });
    expect(await level(db(), SHOP)).toMatchObject({ available: 7 });
    // The same instant as the stored one is applied (a level changed twice within a second reads the latest delivery).
    expect(await (await send(payload({ available: 6, updated_at: "2026-11-01T11:30:00Z" }), { eventId: "evt-same" })).json()).toMatchObject({ applied: true });
    expect((await level(db())).available).toBe(6);
  });

  it("keeps an inventory item id beyond 2^53 exact", async () => {
    await storeLevel(db(), SHOP, `gid://shopify/InventoryItem/${BIG_ITEM}`);
    await storeLevel(db(), SHOP, "gid://shopify/InventoryItem/820982911946154500"); // where a rounded parse would write
    const body = payload({ inventory_item_id: rawJson(BIG_ITEM), admin_graphql_api_id: `gid://shopify/InventoryLevel/523463154?inventory_item_id=${BIG_ITEM}` });
    expect(JSON.stringify(body)).toContain(`"inventory_item_id":${BIG_ITEM},`);
    expect(await (await send(body)).json()).toMatchObject({ applied: true });
    expect((await level(db(), SHOP, `gid://shopify/InventoryItem/${BIG_ITEM}`)).available).toBe(7);
    expect((await level(db(), SHOP, "gid://shopify/InventoryItem/820982911946154500")).available).toBe(12);
  });

  it("a level not stored (unknown to the last import) is recorded and ignored, as inventory_items/update does with an unknown item: nothing stored or queued", async () => {
    const response = await send(payload({ inventory_item_id: 555, admin_graphql_api_id: "gid://shopify/InventoryLevel/1?inventory_item_id=555" }), { eventId: "evt-unknown" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ applied: false, reason: "unknown" });
    expect(await db().inventoryLevel.count({ where: { shop: SHOP } })).toBe(1);
    expect(await db().webhookEvent.count({ where: { eventId: "evt-unknown" } })).toBe(1);
  });

  it("a stored level whose variant the catalog did not know at import gets it once the catalog has it", async () => {
    await createVariant(db(), { shop: SHOP, id: "gid://shopify/ProductVariant/77", inventoryItemId: ITEM });
    await send(payload());
    expect((await level(db())).variantId).toBe("gid://shopify/ProductVariant/77");
  });

  it("an item Shopify does not track (available null) changes nothing", async () => {
    const response = await send(payload({ available: null }));
    expect(await response.json()).toMatchObject({ applied: false, reason: "untracked" });
    expect(await level(db())).toMatchObject({ available: 12, updatedAt: "2026-11-01T10:00:00.000Z" });
  });

  it.each([
    ["available as text", { available: "7" }, "available: expected a whole number of units between -2147483647 and 2147483647, or null"],
    ["a fractional available", { available: 7.5 }, "available: expected a whole number of units"],
    ["available beyond an INTEGER", { available: 3_000_000_000 }, "available: expected a whole number of units"],
    ["no available", { available: undefined }, "available: expected the available quantity"],
    ["no location", { location_id: undefined }, "location_id: expected the location's numeric id"],
    ["a location id of 0", { location_id: 0 }, "location_id: expected the location's numeric id"],
    ["a negative item id", { inventory_item_id: -43729076 }, "inventory_item_id: expected the inventory item's numeric id"],
    ["a time without offset", { updated_at: "2026-11-01 12:30" }, "updated_at: expected an ISO 8601 timestamp"],
    ["an impossible time", { updated_at: "2026-13-45T25:61:00Z" }, "updated_at: expected an ISO 8601 timestamp"],
    ["a level id of another item", { admin_graphql_api_id: "gid://shopify/InventoryLevel/523463154?inventory_item_id=1" }, "admin_graphql_api_id: names inventory item 1, not inventory_item_id 43729076"],
    ["not a level id", { admin_graphql_api_id: "gid://shopify/InventoryItem/43729076" }, "admin_graphql_api_id: expected the level's id"],
  ])("%s gets 400 naming the field, and nothing is written", async (_name, change, error) => {
    const before = await rows(db());
    const response = await send(payload(change), { eventId: "evt-bad" });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(`inventory_levels/update payload: ${error}`);
    expect(await rows(db())).toEqual(before);
  });

  it("a payload that is not an inventory level, and a NUL character, get 400 and write nothing", async () => {
    const before = await rows(db());
    for (const body of [[payload()], "7", { ...payload(), location_id: "346779380\u0000" }]) {
      expect((await send(body)).status).toBe(400);
    }
    expect(await rows(db())).toEqual(before);
  });

  it("a forged delivery gets 401, an unsigned one 400 (the library's answer to missing Shopify headers), and neither writes", async () => {
    const before = await rows(db());
    expect((await send(payload({ available: 0 }), { forge: true })).status).toBe(401);
    expect((await send(payload({ available: 0 }), { unsigned: true })).status).toBe(400);
    expect(await rows(db())).toEqual(before);
  });

  it("an applied move queues the shop's reconciliation (it reads the level's on hand, then refreshes the stock health); a duplicate, stale, unknown or refused delivery queues nothing", async () => {
    const queued = app().enqueued;
    queued.length = 0;
    expect(await (await send(payload(), { eventId: "evt-move" })).json()).toMatchObject({ applied: true });
    expect(queued).toEqual([`reconcile:${SHOP}`]);
    queued.length = 0;
    expect(await (await send(payload(), { eventId: "evt-move" })).json()).toMatchObject({ applied: false, reason: "duplicate" });
    expect(await (await send(payload({ available: 9, updated_at: "2026-11-01T12:29:59+01:00" }), { eventId: "evt-late" })).json()).toMatchObject({ applied: false, reason: "stale" });
    expect(await (await send(payload({ inventory_item_id: 555, admin_graphql_api_id: "gid://shopify/InventoryLevel/1?inventory_item_id=555" }), { eventId: "evt-unknown-2" })).json()).toMatchObject({ applied: false });
    expect((await send(payload({ available: 0 }), { forge: true })).status).toBe(401);
    expect((await send({ ...payload(), available: "seven" }, { eventId: "evt-bad" })).status).toBe(400);
    expect(queued).toEqual([]);
  });
}
