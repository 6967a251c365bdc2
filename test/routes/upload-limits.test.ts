import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import type * as CostsRoute from "~/routes/app.settings.costs";
import type * as DataRoute from "~/routes/app.settings.data";

import { openApp } from "../helpers/app";
import { createShop } from "../helpers/factories";
import { lazyBody } from "../helpers/lazy-body";

vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

/**
 * Issue 16, defect 5, for the settings page's uploads: /app/settings/data (settings
 * file import) and /app/settings/costs (shipping-cost CSV import) read a body of
 * any size whole. They are capped at 41 MiB (a 20 MB CSV, the store's documented
 * limit, even when JSON escaping doubles it), enforced before reading: 413 with
 * the reason in the `{ errors }` shape the page shows, nothing written.
 */

const SHOP = "alpha.myshopify.com";
const MiB = 1024 * 1024;
const LIMIT = 41 * MiB;
const CHUNK = 256 * 1024;
let db: Db;
let close: (() => Promise<void>) | undefined;
let routes: { costs: typeof CostsRoute; data: typeof DataRoute };

beforeAll(async () => {
  ({ db, close } = await openApp());
  routes = { costs: await import("~/routes/app.settings.costs"), data: await import("~/routes/app.settings.data") };
  await createShop(db, { shop: SHOP, currencyCode: "EUR" });
});
afterAll(async () => {
  await close?.();
});

/** A POST whose body of `bytes` spaces is produced lazily; `pulled()` says how much was read. */
function streamedPost(path: string, bytes: number, contentLength?: string) {
  const { body, pulled } = lazyBody(bytes, { chunk: CHUNK, fill: 0x20 });
  const request = new Request(`https://netmargin.example.com${path}`, {
    method: "POST",
    body,
    duplex: "half",
    headers: { "Content-Type": "application/json", ...(contentLength !== undefined ? { "Content-Length": contentLength } : {}) },
  } as RequestInit);
  return { request, pulled };
}

const ROUTES = [
  ["/app/settings/data", () => routes.data.action],
  ["/app/settings/costs", () => routes.costs.action],
] as const;

async function expect413(response: Response) {
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual({ errors: [{ path: "", message: "The request body is larger than 41 MiB, the most this endpoint accepts." }] });
}

describe("settings uploads are capped before they are read", () => {
  it.each(ROUTES)("%s: a declared 100 MB body gets 413 unread", async (path, action) => {
    const post = streamedPost(path, 48 * MiB, String(100 * MiB));
    await expect413(await action()({ request: post.request, params: {}, context: {} }));
    expect(post.pulled()).toBeLessThanOrEqual(CHUNK);
  });

  it.each(ROUTES)("%s: a body without Content-Length is read only up to the cap", async (path, action) => {
    const post = streamedPost(path, 48 * MiB);
    await expect413(await action()({ request: post.request, params: {}, context: {} }));
    expect(post.pulled()).toBeLessThanOrEqual(LIMIT + CHUNK);
  });

  it("a CSV at the store's own limit still reaches the store, even with every byte escaped in JSON", async () => {
    // 20 MiB + 1 byte of quotes and newlines: JSON doubles each, so the body is about 40 MiB.
    // The store answers with its own 422, as before: the cap did not lower the documented limit.
    const csv = '"\n'.repeat(10 * MiB) + "x";
    const body = JSON.stringify({ intent: "import-shipping", csv, mode: "merge" });
    expect(Buffer.byteLength(body)).toBeGreaterThan(40 * MiB);
    const request = new Request("https://netmargin.example.com/app/settings/costs", { method: "POST", body, headers: { "Content-Type": "application/json" } });
    const response = await routes.costs.action({ request, params: {}, context: {} });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ errors: [{ path: "csv", message: "the file is larger than 20 MB" }] });
    expect(await db.shippingCostActual.count()).toBe(0);
    expect(enqueued).toEqual([]);
  });
});
