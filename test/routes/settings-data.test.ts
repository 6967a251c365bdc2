import { readFileSync } from "node:fs";

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import type * as SettingsRoute from "~/routes/app.settings.data";

import { openApp } from "../helpers/app";
import { createShop } from "../helpers/factories";

/**
 * /app/settings/data, called as Remix calls it. authenticate.admin is Shopify's
 * (tested by the library); here it answers with the shop's session.
 */
const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));
// Jobs have their own tests; here the queue is a list.
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => ({
  ...(await (await import("../helpers/app")).runtimeMock(enqueued)),
  // The preview's reads are tested in test/margins/preview.test.ts; here only its validation.
  marginReader: () => ({ provider: "sqlite", rows: async () => [], close: async () => undefined }),
}));

let db: Db;
let close: (() => Promise<void>) | undefined;
let route: typeof SettingsRoute;
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/margin/${name}`, import.meta.url), "utf8"));

beforeAll(async () => {
  ({ db, close } = await openApp());
  route = await import("~/routes/app.settings.data");
});
afterAll(async () => {
  await close?.();
});
beforeEach(async () => {
  enqueued.length = 0;
  await db.marginDirty.deleteMany();
  await db.costSettingsVersion.deleteMany();
  await db.shop.deleteMany();
  for (const shop of [SHOP, OTHER]) {
    await createShop(db, { shop, currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
  }
});

const post = (body: string) =>
  route.action({ request: new Request("https://netmargin.example.com/app/settings/data", { method: "POST", body, headers: { "Content-Type": "application/json" } }), params: {}, context: {} });

describe("/app/settings/data", () => {
  it("GET exports the settings file (the defaults before any save)", async () => {
    const file = (await route.loader({ request: new Request("https://netmargin.example.com/app/settings/data"), params: {}, context: {} })) as {
      format: string;
      currency: string;
      versions: unknown[];
    };
    expect(file).toMatchObject({ format: "netmargin.cost-settings", currency: "EUR" });
    expect(file.versions).toHaveLength(1);
  });

  it("POST save: 200 with the recompute scope, and the margins from that date marked for recompute", async () => {
    const res = await post(JSON.stringify({ intent: "save", settings: { packaging: { perParcel: "0.80" } }, effectiveFrom: "2026-12-01", note: "new boxes" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ versions: 2, recompute: { kind: "from", localDate: "2026-12-01" } });
    expect(await db.costSettingsVersion.count({ where: { shop: SHOP } })).toBe(2);
    expect(await db.costSettingsVersion.count({ where: { shop: OTHER } })).toBe(0);
    expect((await db.marginDirty.findFirstOrThrow({ where: { shop: SHOP } })).since.toISOString()).toBe("2026-11-30T23:00:00.000Z");
    expect(enqueued).toEqual([`recompute:${SHOP}`]);
  });

  it("POST preview with bad fields: 422 naming each field, nothing written or queued", async () => {
    const res = await post(JSON.stringify({ intent: "preview", settings: { labour: { perOrder: "-2" } }, effectiveFrom: null }));
    expect(res.status).toBe(422);
    const { errors } = (await res.json()) as { errors: { path: string }[] };
    expect(errors.map((e) => e.path)).toEqual(["settings.labour.perOrder"]);
    expect(await db.costSettingsVersion.count()).toBe(0);
    expect(await db.marginDirty.count()).toBe(0);
    expect(enqueued).toEqual([]);
  });

  it("POST save with bad fields: 422 naming each field, nothing written", async () => {
    const res = await post(JSON.stringify({ intent: "save", settings: { labour: { perOrder: "-2" }, provisions: { fraudPercent: "lots" } }, effectiveFrom: "tomorrow" }));
    expect(res.status).toBe(422);
    const { errors } = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(errors.map((e) => e.path).sort()).toEqual(["effectiveFrom", "settings.labour.perOrder", "settings.provisions.fraudPercent"]);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
    expect(await db.costSettingsVersion.count()).toBe(0);
    expect(await db.marginDirty.count()).toBe(0);
    expect(enqueued).toEqual([]);
  });

  it("POST import replaces the history; a file in another currency gets 422 and changes nothing", async () => {
    const ok = await post(JSON.stringify({ intent: "import", file: fixture("settings-eu.json") }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ versions: 2, recompute: { kind: "all" } });
    const bad = await post(JSON.stringify({ intent: "import", file: fixture("settings-jpy.json") }));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("currency");
    expect(await db.costSettingsVersion.count({ where: { shop: SHOP } })).toBe(2);
  });

  it("a body that is not JSON gets 400; an unknown intent gets 422 naming `intent`", async () => {
    expect((await post("{not json")).status).toBe(400);
    const res = await post(JSON.stringify({ intent: "delete-everything" }));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ errors: [{ path: "intent", message: "This change is not one the settings page makes: reload the page and try again." }] });
  });
});
