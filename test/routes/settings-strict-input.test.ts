import { readFileSync } from "node:fs";

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import type * as CostsRoute from "~/routes/app.settings.costs";
import type * as DataRoute from "~/routes/app.settings.data";

import { openApp } from "../helpers/app";
import { createShop, createVariant } from "../helpers/factories";

/**
 * Defect 12 of issue 16, through the routes: a settings import with two versions
 * from one date, and a unit-cost override given as a JSON number, were accepted.
 * Both are refused with `{ errors: [{ path, message }] }` and nothing is written.
 */
const SHOP = "alpha.myshopify.com";
const V = "gid://shopify/ProductVariant/11";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => ({
  ...(await (await import("../helpers/app")).runtimeMock(enqueued)),
  marginReader: () => ({ provider: "sqlite", rows: async () => [], close: async () => undefined }),
}));

let db: Db;
let close: (() => Promise<void>) | undefined;
let costs: typeof CostsRoute;
let data: typeof DataRoute;
const fixture = (): { versions: Record<string, unknown>[] } =>
  JSON.parse(readFileSync(new URL("../fixtures/margin/settings-eu.json", import.meta.url), "utf8")) as { versions: Record<string, unknown>[] };

beforeAll(async () => {
  ({ db, close } = await openApp());
  costs = await import("~/routes/app.settings.costs");
  data = await import("~/routes/app.settings.data");
});
afterAll(async () => {
  await close?.();
});
beforeEach(async () => {
  enqueued.length = 0;
  for (const t of [db.marginDirty, db.unitCostOverride, db.costSettingsVersion, db.variant, db.shop] as { deleteMany(): Promise<unknown> }[]) await t.deleteMany();
  await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
  await createVariant(db, { shop: SHOP, id: V });
});

const post = (route: typeof CostsRoute | typeof DataRoute, path: string, body: unknown) =>
  route.action({
    request: new Request(`https://netmargin.example.com${path}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
    params: {},
    context: {},
  });

describe("settings import with two versions from one date", () => {
  it("is refused naming versions[i].effectiveFrom, and the history is unchanged", async () => {
    expect((await post(data, "/app/settings/data", { intent: "import", file: fixture() })).status).toBe(200);
    const before = await db.costSettingsVersion.findMany({ where: { shop: SHOP }, orderBy: { position: "asc" } });
    await db.marginDirty.deleteMany();
    enqueued.length = 0;
    const file = fixture();
    file.versions.push({ ...file.versions[1], note: "again" });
    const res = await post(data, "/app/settings/data", { intent: "import", file });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      errors: [
        {
          path: "versions[2].effectiveFrom",
          message: "version 3 starts on 2027-01-01 as version 2 does: only one of them could ever apply. Give each version its own start date, or remove one",
        },
      ],
    });
    expect(await db.costSettingsVersion.findMany({ where: { shop: SHOP }, orderBy: { position: "asc" } })).toEqual(before);
    expect(await db.marginDirty.count()).toBe(0);
    expect(enqueued).toEqual([]);
  });
});

describe("unit-cost override given as a JSON number", () => {
  it.each([5.25, 525, 1e2])("%s is refused naming cost (a decimal string is needed); nothing is written", async (cost) => {
    const res = await post(costs, "/app/settings/costs", { intent: "override", variantId: V, cost, effectiveFrom: null });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ errors: [{ path: "cost", message: 'expected the unit cost as a decimal string in EUR, e.g. "12.50"' }] });
    expect(await db.unitCostOverride.count()).toBe(0);
    expect(await db.marginDirty.count()).toBe(0);
    expect(enqueued).toEqual([]);
  });

  it("the same amount as a decimal string is saved", async () => {
    const res = await post(costs, "/app/settings/costs", { intent: "override", variantId: V, cost: "5.25", effectiveFrom: null });
    expect(res.status).toBe(200);
    expect(await db.unitCostOverride.count()).toBe(1);
  });
});
