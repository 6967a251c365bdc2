import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import type * as CostsRoute from "~/routes/app.settings.costs";

import { openApp } from "../helpers/app";
import { createShop, createVariant } from "../helpers/factories";

/** /app/settings/costs, called as Remix calls it, with the shop's session. */
const SHOP = "alpha.myshopify.com";
const V = "gid://shopify/ProductVariant/11";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

let db: Db;
let close: (() => Promise<void>) | undefined;
let route: typeof CostsRoute;

beforeAll(async () => {
  ({ db, close } = await openApp());
  route = await import("~/routes/app.settings.costs");
});
afterAll(async () => {
  await close?.();
});
beforeEach(async () => {
  enqueued.length = 0;
  for (const t of [db.marginDirty, db.unitCostOverride, db.shippingCostActual, db.variant, db.shop] as { deleteMany(): Promise<unknown> }[]) await t.deleteMany();
  await createShop(db, { shop: SHOP, currencyCode: "EUR" });
  await createVariant(db, { shop: SHOP, id: V });
});

const post = (body: string) =>
  route.action({ request: new Request("https://netmargin.example.com/app/settings/costs", { method: "POST", body, headers: { "Content-Type": "application/json" } }), params: {}, context: {} });

describe("/app/settings/costs", () => {
  it("saves an override (200, recompute queued) and GET returns the variant's history", async () => {
    const res = await post(JSON.stringify({ intent: "override", variantId: V, cost: "5.25", effectiveFrom: "2026-09-01" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ override: { variantId: V, position: 0, effectiveFrom: "2026-09-01", cost: 525 } });
    expect(enqueued).toEqual([`recompute:${SHOP}`]);
    const got = await route.loader({ request: new Request(`https://netmargin.example.com/app/settings/costs?variantId=${encodeURIComponent(V)}`), params: {}, context: {} });
    expect(await got.json()).toMatchObject({ currency: "EUR", overrides: [{ effectiveFrom: "2026-09-01", cost: 525 }] });
    expect((await post(JSON.stringify({ intent: "clear-override", variantId: V }))).status).toBe(200);
    expect(await db.unitCostOverride.count()).toBe(0);
  });

  it("422 names each bad field and writes nothing; 400 for a body that is not JSON", async () => {
    const res = await post(JSON.stringify({ intent: "override", variantId: V, cost: "cheap", effectiveFrom: "soon" }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(["cost", "effectiveFrom"]);
    const csv = await post(JSON.stringify({ intent: "import-shipping", csv: "#1001,6.55\n#1002,x", mode: "merge" }));
    expect(csv.status).toBe(422);
    expect(await csv.json()).toMatchObject({ errors: [{ path: "csv line 2" }] });
    expect((await post(JSON.stringify({ intent: "nothing" }))).status).toBe(422);
    expect((await post("not json")).status).toBe(400);
    expect(await db.unitCostOverride.count()).toBe(0);
    expect(await db.shippingCostActual.count()).toBe(0);
    expect(enqueued).toEqual([]);
  });

  it("imports and clears shipping costs", async () => {
    const res = await post(JSON.stringify({ intent: "import-shipping", csv: "order;amount\n#1001;6,55", mode: "replace" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ rows: 1, matchedOrders: 0, unmatched: ["name:1001"] });
    expect((await db.shippingCostActual.findFirstOrThrow()).amount).toBe(655);
    expect(await (await post(JSON.stringify({ intent: "clear-shipping" }))).json()).toEqual({ removed: 1 });
  });
});
