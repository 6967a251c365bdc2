/**
 * The admin's small forms ("Sync now" on /app/sync, the planner's threshold on
 * /app/planner) read at most 64 KiB: a bigger post is answered 413 before it is
 * read whole, and nothing is queued or sent to Shopify.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type * as PlannerRoute from "~/routes/app.planner/route";
import type * as SyncRoute from "~/routes/app.sync";

import { openApp } from "../helpers/app";
import { createShop } from "../helpers/factories";
import { lazyBody } from "../helpers/lazy-body";

const SHOP = "alpha.myshopify.com";
const graphqlCalls = vi.hoisted(() => [] as string[]);
vi.mock("~/shopify.server", () => ({
  authenticate: {
    admin: async () => ({
      session: { shop: "alpha.myshopify.com" },
      admin: { graphql: async (query: string) => (graphqlCalls.push(query), Response.json({ data: {} })) },
    }),
  },
}));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

const CHUNK = 16 * 1024;
let close: (() => Promise<void>) | undefined;
let routes: { sync: typeof SyncRoute; planner: typeof PlannerRoute };

beforeAll(async () => {
  const app = await openApp();
  close = app.close;
  routes = { sync: await import("~/routes/app.sync"), planner: await import("~/routes/app.planner/route") };
  await createShop(app.db, { shop: SHOP, currencyCode: "EUR" });
});
afterAll(async () => {
  await close?.();
});

/** A form post of `bytes` bytes ("intent=backfill&pad=xxxx…"), produced lazily; `pulled()` says how much was read. */
function formPost(path: string, bytes: number) {
  const { body, pulled } = lazyBody(bytes, { chunk: CHUNK, fill: 0x78, head: new TextEncoder().encode("intent=backfill&threshold=60&pad=") });
  const request = new Request(`https://netmargin.example.com${path}`, {
    method: "POST",
    body,
    duplex: "half",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  } as RequestInit);
  return { request, pulled };
}

async function thrown(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected the action to throw a Response");
}

describe("small admin forms are capped at 64 KiB", () => {
  it("/app/sync: a 10 MB post gets 413 after at most the cap, and no backfill is queued", async () => {
    const post = formPost("/app/sync", 10 * 1024 * 1024);
    const response = await thrown(() => routes.sync.action({ request: post.request, params: {}, context: {} }));
    expect(response.status).toBe(413);
    expect(await response.text()).toBe("The request body is larger than 65536 bytes, the most this endpoint accepts.");
    expect(post.pulled()).toBeLessThanOrEqual(64 * 1024 + CHUNK);
    expect(enqueued).toEqual([]);
  });

  it("/app/planner: a 10 MB post gets 413, and Shopify is not called", async () => {
    const post = formPost("/app/planner", 10 * 1024 * 1024);
    const response = await thrown(() => routes.planner.action({ request: post.request, params: {}, context: {} }));
    expect(response.status).toBe(413);
    expect(graphqlCalls).toEqual([]);
  });

  it("/app/sync: a normal form still queues the backfill", async () => {
    const request = new Request("https://netmargin.example.com/app/sync", { method: "POST", body: new URLSearchParams({ intent: "backfill" }) });
    await routes.sync.action({ request, params: {}, context: {} });
    expect(enqueued).toEqual([`backfill:${SHOP}`]);
  });
});
