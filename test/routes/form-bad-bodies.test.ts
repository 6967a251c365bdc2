import { readFileSync } from "node:fs";

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import type * as CostsRoute from "~/routes/app.settings.costs";
import type * as DataRoute from "~/routes/app.settings.data";
import type * as SyncRoute from "~/routes/app.sync";

import { openApp } from "../helpers/app";
import { createShop, createVariant } from "../helpers/factories";

/**
 * Issue 16, item 6 (found by test/fuzz/forms.fuzz.test.ts): bodies the admin pages
 * never send but anyone can, which answered 500:
 * - "Sync now" posted as JSON (or any body that is not a form): formData() threw;
 * - a JSON text holding a lone UTF-16 surrogate ("\ud800", valid JSON, not valid
 *   text), e.g. as the variant of a unit-cost removal: the database client threw.
 * Both are refused (400 / 422 naming the field), nothing written or queued.
 */
const SHOP = "alpha.myshopify.com";
const V = "gid://shopify/ProductVariant/11";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

let db: Db;
let close: (() => Promise<void>) | undefined;
let routes: { costs: typeof CostsRoute; data: typeof DataRoute; sync: typeof SyncRoute };
const settings = (JSON.parse(readFileSync(new URL("../fixtures/margin/settings-eu.json", import.meta.url), "utf8")) as { versions: { settings: unknown }[] }).versions[0]!.settings;

beforeAll(async () => {
  ({ db, close } = await openApp());
  routes = { costs: await import("~/routes/app.settings.costs"), data: await import("~/routes/app.settings.data"), sync: await import("~/routes/app.sync") };
  await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
  await createVariant(db, { shop: SHOP, id: V });
});
afterAll(async () => {
  await close?.();
});
beforeEach(async () => {
  enqueued.length = 0;
  await db.unitCostOverride.deleteMany();
  await db.costSettingsVersion.deleteMany();
  await db.marginDirty.deleteMany();
});

async function answer(run: () => Promise<unknown>): Promise<Response> {
  try {
    const out = await run();
    return out instanceof Response ? out : Response.json(out);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const request = (path: string, body: string, contentType: string) =>
  new Request(`https://netmargin.example.com${path}`, { method: "POST", body, headers: { "Content-Type": contentType } });

describe("a post that is not a form, to a form action", () => {
  it.each([
    ["application/json", '{"intent":"backfill"}'],
    ["text/plain", "intent=backfill"],
    ["multipart/form-data; boundary=x", "--x\r\nnot a part"],
  ])("/app/sync with %s gets 400 and queues nothing", async (contentType, body) => {
    const r = await answer(() => routes.sync.action({ request: request("/app/sync", body, contentType), params: {}, context: {} }));
    expect(r.status).toBe(400);
    expect(await r.text()).toBe("The request body is not a form (application/x-www-form-urlencoded or multipart/form-data).");
    expect(enqueued).toEqual([]);
  });
});

describe("a JSON text with a lone surrogate", () => {
  // JSON.stringify writes a lone surrogate as the escape \ud800: the body is valid JSON.
  const post = (route: typeof CostsRoute | typeof DataRoute, body: unknown) =>
    answer(() => route.action({ request: request("/app/settings", JSON.stringify(body), "application/json"), params: {}, context: {} }));
  const message = "contains a character that is not text (a lone UTF-16 surrogate, \\ud800–\\udfff): type it again";

  it("clear-override with variantId \"\\ud800\" gets 422 naming variantId; nothing written", async () => {
    await db.unitCostOverride.create({ data: { shop: SHOP, variantId: V, position: 0, effectiveFrom: null, cost: 500, currency: "EUR", savedAt: new Date() } });
    const r = await post(routes.costs, { intent: "clear-override", variantId: "\ud800" });
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ errors: [{ path: "variantId", message }] });
    expect(await db.unitCostOverride.count()).toBe(1);
    expect(await db.marginDirty.count()).toBe(0);
    expect(enqueued).toEqual([]);
  });

  it("a settings save with a note ending in \"\\udc00\" gets 422 naming note; nothing written", async () => {
    const r = await post(routes.data, { intent: "save", settings, effectiveFrom: null, note: "summer\udc00" });
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ errors: [{ path: "note", message }] });
    expect(await db.costSettingsVersion.count()).toBe(0);
    expect(enqueued).toEqual([]);
  });

  it("the same save with a well-formed emoji note is saved (a surrogate pair is text)", async () => {
    const r = await post(routes.data, { intent: "save", settings, effectiveFrom: null, note: "summer 🎉" });
    expect(r.status).toBe(200);
    expect((await db.costSettingsVersion.findFirstOrThrow({ orderBy: { position: "desc" } })).note).toBe("summer 🎉");
  });
});
