import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";

import { GraphqlQueryError } from "@shopify/shopify-api";

import { logger } from "~/logger.server";
import {
  ADMIN_API_VERSION,
  AdminApiError,
  AdminAuthError,
  AdminClient,
  AdminGraphqlError,
  AdminRetryError,
  adminGraphql,
  operationNameOf,
  type AdminClientOptions,
  type AdminGraphql,
} from "~/shopify/admin-client.server";
import { startSimulator, type Simulator } from "../simulator/server";

/**
 * The background Admin API client against the simulator's real HTTP server: pacing
 * from the reported throttle status, retries on THROTTLED / 429 / 5xx / network
 * errors, no retry on 401/403/ACCESS_DENIED. Sleep and clock are injected: sleeps are
 * recorded and advance the fake clock (which the simulator's bucket also runs on)
 * instead of waiting.
 */

/** Costs 23 points on the simulator (shop 1 + products connection 2 + 20). */
const PROBE = `#graphql
  query Probe { shop { name } products(first: 20) { nodes { id title } } }`;
/** Requests 62 points, actually costs 53 (the store has fewer products). */
const BIG = `query Big { products(first: 60) { nodes { id } } }`;
const CHEAP = `query Cheap { shop { name } }`;
/** 152 points: more than the test bucket (100) can ever hold. */
const HUGE = `query Huge { products(first: 150) { nodes { id } } }`;

const BUCKET = { maximumAvailable: 100, restoreRate: 10 };
const MARGIN = 10; // the client's default safety margin (points)

let sim: Simulator;
let clock = 0;
let logs: { warn: MockInstance; info: MockInstance; debug: MockInstance };

beforeAll(async () => {
  sim = await startSimulator({ generator: { seed: 2, orders: 5 }, bucket: BUCKET, now: () => clock });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.faults.reset();
  sim.requests.length = 0;
  clock += 3_600_000; // an hour later: the bucket is full again
  logs = {
    warn: vi.spyOn(logger, "warn").mockImplementation(() => undefined),
    info: vi.spyOn(logger, "info").mockImplementation(() => undefined),
    debug: vi.spyOn(logger, "debug").mockImplementation(() => undefined),
  };
});

function client(extra: Partial<AdminClientOptions> = {}) {
  const sleeps: number[] = [];
  const c = new AdminClient({
    shop: sim.shopDomain,
    accessToken: sim.accessToken,
    endpoint: sim.graphqlUrl,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0,
    ...extra,
  });
  return { c, sleeps };
}

/** The wait the client should take before a request expected to cost `expected` points. */
function expectedPace(c: AdminClient, expected: number): number {
  const t = c.throttleStatus!;
  const needed = Math.min(t.maximumAvailable, expected + MARGIN);
  const shortfall = needed - c.projectedAvailable()!;
  return shortfall > 1e-6 ? Math.ceil((shortfall / t.restoreRate) * 1000) : 0;
}

function allLogged(): string {
  return JSON.stringify([logs.warn.mock.calls, logs.info.mock.calls, logs.debug.mock.calls]);
}

function networkError(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code }) });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("AdminClient: requests and throttle status", () => {
  it("returns data, sends the token and operation name, and records the throttle status", async () => {
    const { c, sleeps } = client();
    expect(c.throttleStatus).toBeNull();
    const data = await c.request<{ shop: { name: string }; products: { nodes: unknown[] } }>(PROBE);
    expect(data.shop.name).toBe(sim.store.shop.name);
    expect(data.products.nodes.length).toBeGreaterThan(0);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ status: 200, operationName: "Probe", requestedQueryCost: 23, throttled: false });
    expect(c.throttleStatus).toEqual({ maximumAvailable: 100, restoreRate: 10, currentlyAvailable: sim.bucket.status().currentlyAvailable, observedAt: clock });
    expect(c.throttleStatus!.currentlyAvailable).toBe(100 - 23);
    expect(sleeps).toEqual([]);
    expect(c.stats).toEqual({ requests: 1, retries: 0, throttledWaitMs: 0, pacedWaitMs: 0 });
  });

  it("projects the bucket from the last status: restoreRate × elapsed, capped at maximumAvailable", async () => {
    const { c } = client();
    await c.request(PROBE);
    expect(c.projectedAvailable()).toBe(77);
    clock += 1500;
    expect(c.projectedAvailable()).toBe(77 + 15);
    clock += 60_000;
    expect(c.projectedAvailable()).toBe(100);
  });

  it("defaults to https://{shop}/admin/api/2026-10/graphql.json with X-Shopify-Access-Token", async () => {
    const seen: { url: string; token: string | null; body: unknown }[] = [];
    const capture = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(input), token: new Headers(init?.headers).get("x-shopify-access-token"), body: JSON.parse(String(init?.body)) });
      return Response.json({ data: { shop: { name: "x" } }, extensions: { cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 } } } });
    }) as typeof fetch;
    const c = new AdminClient({ shop: "acme.myshopify.com", accessToken: "shpat_secret", fetch: capture, sleep: async () => undefined });
    await c.request(CHEAP, { unused: 1 });
    expect(ADMIN_API_VERSION).toBe("2026-10");
    expect(seen).toEqual([{ url: "https://acme.myshopify.com/admin/api/2026-10/graphql.json", token: "shpat_secret", body: { query: CHEAP, variables: { unused: 1 }, operationName: "Cheap" } }]);
    expect(c.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
  });

  it("hands out its request function on its own (an AdminGraphql), bound to the client", async () => {
    const { c } = client();
    const detached: AdminGraphql = c.request;
    await expect(detached<{ shop: { name: string } }>(CHEAP)).resolves.toEqual({ shop: { name: sim.store.shop.name } });
    expect(c.stats.requests).toBe(1);
  });

  it("names operations from the document", () => {
    expect(operationNameOf(PROBE)).toBe("Probe");
    expect(operationNameOf(`mutation BulkStart($q: String!) { bulkOperationRunQuery(query: $q) { userErrors { message } } }`)).toBe("BulkStart");
    expect(operationNameOf(`fragment F on Shop { name }\nquery WithFragment { shop { ...F } }`)).toBe("WithFragment");
    expect(operationNameOf(`{ shop { name } }`)).toBeNull();
    expect(operationNameOf(`# query NotThis\nquery Broken { shop {`)).toBe("Broken");
  });
});

describe("AdminClient: pacing (waits before the bucket runs dry)", () => {
  it("never gets THROTTLED on a small bucket: waits for the refill before sending, keeping the margin", async () => {
    const { c, sleeps } = client();
    const n = 8;
    // Without waiting, 8 × 23 points would overdraw a 100-point bucket (the fake clock
    // only moves when the client sleeps).
    expect(n * 23).toBeGreaterThan(BUCKET.maximumAvailable);
    const observed: number[] = [];
    for (let i = 0; i < n; i++) {
      const want = c.throttleStatus ? expectedPace(c, 23) : 0;
      const before = sleeps.length;
      await c.request(PROBE);
      expect(sleeps.slice(before)).toEqual(want > 0 ? [want] : []);
      observed.push(c.throttleStatus!.currentlyAvailable);
    }
    expect(sim.requests).toHaveLength(n);
    expect(sim.requests.every((r) => !r.throttled)).toBe(true);
    expect(sleeps.length).toBeGreaterThan(0);
    expect(c.stats.pacedWaitMs).toBe(sleeps.reduce((a, b) => a + b, 0));
    expect(c.stats.retries).toBe(0);
    // Each request left at least the safety margin in the bucket.
    expect(Math.min(...observed)).toBeGreaterThanOrEqual(MARGIN);
  });

  it("expects an operation's last requested cost, else estimatedCost, else 50 points", async () => {
    const { c, sleeps } = client();
    await c.request(CHEAP); // 1 point: 99 left
    expect(sleeps).toEqual([]);

    // Big was never seen: estimatedCost 95 (+ margin, capped at the bucket size 100).
    let want = expectedPace(c, 95);
    expect(want).toBe(100); // (100 − 99) / 10 points a second
    await c.request(BIG, {}, { estimatedCost: 95 });
    expect(sleeps).toEqual([want]);

    // Big's requested cost (62) is now known and wins over a lower estimate.
    sleeps.length = 0;
    want = expectedPace(c, 62);
    expect(want).toBeGreaterThan(expectedPace(c, 1));
    await c.request(BIG, {}, { estimatedCost: 1 });
    expect(sleeps).toEqual([want]);

    // An unknown operation without an estimate is expected to cost 50.
    sleeps.length = 0;
    want = expectedPace(c, 50);
    expect(want).toBeGreaterThan(0);
    await c.request(`query Fresh { shop { id } }`);
    expect(sleeps).toEqual([want]);

    expect(sim.requests.every((r) => !r.throttled)).toBe(true);
  });

  it("keeps the status of the request sent last when responses arrive out of order", async () => {
    const cost = (available: number) => ({ cost: { requestedQueryCost: 5, actualQueryCost: 5, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: available, restoreRate: 50 } } });
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const outOfOrder = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      const { operationName } = JSON.parse(String(init?.body)) as { operationName: string };
      if (operationName === "First") {
        await firstHeld;
        return Response.json({ data: { shop: { id: "1" } }, extensions: cost(900) });
      }
      return Response.json({ data: { shop: { id: "1" } }, extensions: cost(400) });
    }) as typeof fetch;
    const { c } = client({ fetch: outOfOrder });
    const first = c.request(`query First { shop { id } }`);
    await c.request(`query Second { shop { id } }`);
    expect(c.throttleStatus?.currentlyAvailable).toBe(400);
    releaseFirst();
    await first;
    // First's response is older news: it was sent before Second.
    expect(c.throttleStatus?.currentlyAvailable).toBe(400);
  });

  it("reserves points for its own concurrent requests (real clock)", async () => {
    const fast = await startSimulator({ generator: { seed: 2, orders: 5 }, bucket: { maximumAvailable: 100, restoreRate: 1000 } });
    try {
      const c = new AdminClient({ shop: fast.shopDomain, accessToken: fast.accessToken, endpoint: fast.graphqlUrl });
      await c.request(PROBE); // learns the cost and the bucket
      const results = await Promise.all(Array.from({ length: 10 }, () => c.request<{ shop: { name: string } }>(PROBE)));
      expect(results.every((r) => r.shop.name === fast.store.shop.name)).toBe(true);
      expect(fast.requests).toHaveLength(11);
      expect(fast.requests.every((r) => !r.throttled)).toBe(true);
      expect(c.stats.pacedWaitMs).toBeGreaterThan(0);
    } finally {
      await fast.close();
    }
  });
});

describe("AdminClient: retries", () => {
  it("survives THROTTLED, waiting (requested − available) / restoreRate from the reported cost", async () => {
    const { c, sleeps } = client();
    await c.request(PROBE);
    sim.faults.drainBucket(); // the client cannot know: its next request is THROTTLED
    sim.requests.length = 0;
    const data = await c.request<{ shop: { name: string } }>(PROBE);
    expect(data.shop.name).toBe(sim.store.shop.name);
    expect(sim.requests.map((r) => r.throttled)).toEqual([true, false]);
    // (23 − 0) / 10 points a second = 2.3 s; no extra pacing wait before the retry.
    expect(sleeps).toEqual([2300]);
    expect(c.stats).toMatchObject({ retries: 1, throttledWaitMs: 2300 });
    expect(logs.info).toHaveBeenCalledWith("Admin API request throttled; retrying", expect.objectContaining({ operation: "Probe", failure: "THROTTLED", waitMs: 2300 }));
  });

  it("adds bounded jitter to the THROTTLED wait", async () => {
    const { c, sleeps } = client({ random: () => 0.999 });
    await c.request(PROBE);
    sim.faults.drainBucket();
    await c.request(PROBE);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(2300);
    expect(sleeps[0]).toBeLessThanOrEqual(2300 + 230); // at most 10 %
  });

  it("fails at once when a query costs more than the bucket can ever hold", async () => {
    const { c, sleeps } = client();
    const error = await c.request(HUGE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminGraphqlError);
    expect((error as AdminGraphqlError).message).toMatch(/Huge .*costs 152 points, more than the shop's bucket holds \(100\)/);
    expect(sim.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("retries HTTP 429 twice honouring Retry-After, then returns the data", async () => {
    const { c, sleeps } = client();
    sim.faults.rateLimit(2, 3);
    const data = await c.request<{ shop: { name: string } }>(PROBE);
    expect(data.shop.name).toBe(sim.store.shop.name);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(sleeps).toEqual([3000, 3000]);
    expect(c.stats.retries).toBe(2);
    expect(logs.warn).toHaveBeenCalledTimes(2);
    expect(logs.warn).toHaveBeenCalledWith("Admin API request failed; retrying", expect.objectContaining({ shop: sim.shopDomain, failure: "HTTP 429", attempt: 1, waitMs: 3000 }));
    expect(allLogged()).not.toContain(sim.accessToken);
  });

  it("never waits less than Retry-After, with at most 10 % jitter", async () => {
    const { c, sleeps } = client({ random: () => 0.999 });
    sim.faults.rateLimit(1, 2);
    await c.request(PROBE);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(2000);
    expect(sleeps[0]).toBeLessThanOrEqual(2200);
  });

  it("retries HTTP 503 twice with exponential backoff, then returns the data", async () => {
    const { c, sleeps } = client();
    sim.faults.serverError(2, 503);
    await expect(c.request(PROBE)).resolves.toMatchObject({ shop: { name: sim.store.shop.name } });
    expect(sim.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    // random 0: half of 1 s, then half of 2 s
    expect(sleeps).toEqual([500, 1000]);
  });

  it("spreads the backoff with jitter (random in [0, 1))", async () => {
    const { c, sleeps } = client({ random: () => 0.999, baseDelayMs: 100 });
    sim.faults.serverError(3, 502);
    await c.request(PROBE);
    expect(sleeps).toEqual([100, 200, 400].map((d) => Math.round(d / 2 + (0.999 * d) / 2)));
  });

  it("gives up on a persistent 500 after maxAttempts with a message saying what failed how often", async () => {
    const { c, sleeps } = client({ maxAttempts: 4 });
    sim.faults.serverError(10, 500);
    const error = await c.request(PROBE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminRetryError);
    expect((error as Error).message).toBe(`Admin API operation Probe for ${sim.shopDomain} failed 4 times (HTTP 500 ×4); gave up after 4 attempts.`);
    expect(error).toMatchObject({ attempts: 4, status: 500, operationName: "Probe", failures: ["HTTP 500", "HTTP 500", "HTTP 500", "HTTP 500"] });
    expect(sim.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3); // no sleep after the last attempt
    expect(logs.warn).toHaveBeenCalledWith("Admin API request gave up", expect.objectContaining({ operation: "Probe", attempts: 4 }));
  });

  it("makes 6 attempts by default", async () => {
    const { c } = client();
    sim.faults.serverError(10, 503);
    await expect(c.request(PROBE)).rejects.toThrow(/failed 6 times \(HTTP 503 ×6\)/);
    expect(sim.requests).toHaveLength(6);
    expect(c.stats).toMatchObject({ requests: 6, retries: 5 });
  });

  it("retries Shopify's INTERNAL_SERVER_ERROR (HTTP 200)", async () => {
    let calls = 0;
    const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (++calls === 1) return Response.json({ errors: [{ message: "Internal error. Looks like something went wrong on our end.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      return fetch(input, init);
    }) as typeof fetch;
    const { c, sleeps } = client({ fetch: flaky });
    await expect(c.request(PROBE)).resolves.toMatchObject({ shop: { name: sim.store.shop.name } });
    expect(calls).toBe(2);
    expect(sleeps).toEqual([500]);
  });

  it("retries network errors (fetch rejections), then returns the data", async () => {
    let calls = 0;
    const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      if (calls === 1) throw networkError("ECONNRESET");
      if (calls === 2) throw networkError("ECONNREFUSED");
      return fetch(input, init);
    }) as typeof fetch;
    const { c, sleeps } = client({ fetch: flaky });
    await expect(c.request(PROBE)).resolves.toMatchObject({ shop: { name: sim.store.shop.name } });
    expect(calls).toBe(3);
    expect(sim.requests).toHaveLength(1);
    expect(sleeps).toEqual([500, 1000]);
    expect(logs.warn.mock.calls.map((call) => (call[1] as { failure: string }).failure)).toEqual(["network error (ECONNRESET)", "network error (ECONNREFUSED)"]);
  });

  it("gives up on a closed port after maxAttempts, naming the network error", async () => {
    const port = await closedPort();
    const { c } = client({ endpoint: `http://127.0.0.1:${port}/admin/api/2026-10/graphql.json`, maxAttempts: 3 });
    const error = await c.request(PROBE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminRetryError);
    expect((error as Error).message).toBe(`Admin API operation Probe for ${sim.shopDomain} failed 3 times (network error (ECONNREFUSED) ×3); gave up after 3 attempts.`);
    expect(c.stats.requests).toBe(3);
  });

  it("retries an attempt that times out", async () => {
    sim.faults.delay(400, 1);
    const { c, sleeps } = client({ timeoutMs: 50 });
    await expect(c.request(PROBE)).resolves.toMatchObject({ shop: { name: sim.store.shop.name } });
    expect(c.stats).toMatchObject({ requests: 2, retries: 1 });
    expect(sleeps).toEqual([500]);
    expect(logs.warn).toHaveBeenCalledWith("Admin API request failed; retrying", expect.objectContaining({ failure: "network error (timed out)" }));
  });

  it("does not retry a fetch failure that is not a network error", async () => {
    let calls = 0;
    const refusing = (async () => {
      calls++;
      throw new Error("demo mode: refusing to call acme.myshopify.com");
    }) as typeof fetch;
    const { c } = client({ fetch: refusing });
    const error = await c.request(PROBE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error).not.toBeInstanceOf(AdminRetryError);
    expect((error as Error).message).toMatch(/Probe .*refusing to call/);
    expect(calls).toBe(1);
  });
});

describe("AdminClient: errors that are not retried", () => {
  it("401 (revoked token): AdminAuthError, one request, onAuthError once; later requests fail without calling Shopify", async () => {
    const onAuthError = vi.fn();
    const { c, sleeps } = client({ accessToken: "shpat_revoked_0000", onAuthError });
    const error = await c.request(PROBE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminAuthError);
    expect(error).toMatchObject({ status: 401, reason: "token-revoked", shop: sim.shopDomain, operationName: "Probe" });
    expect((error as Error).message).toMatch(/access token .*revoked or is no longer valid.*Open NetMargin from the Shopify admin \(reinstall/);
    expect((error as Error).message).not.toContain("shpat_revoked_0000");
    expect(sim.requests.map((r) => r.status)).toEqual([401]);
    expect(sleeps).toEqual([]);
    expect(onAuthError).toHaveBeenCalledTimes(1);
    expect(onAuthError).toHaveBeenCalledWith(error);

    await expect(c.request(CHEAP)).rejects.toBe(error);
    expect(sim.requests).toHaveLength(1);
    expect(onAuthError).toHaveBeenCalledTimes(1);
    expect(allLogged()).not.toContain("shpat_revoked_0000");
  });

  it("403: AdminAuthError naming the missing scope, no retry, onAuthError once", async () => {
    const onAuthError = vi.fn(async () => undefined);
    let calls = 0;
    const fetch403 = (async () => {
      calls++;
      return Response.json({ errors: "[API] This action requires merchant approval for read_all_orders scope." }, { status: 403 });
    }) as typeof fetch;
    const { c } = client({ fetch: fetch403, onAuthError });
    const error = await c.request(PROBE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminAuthError);
    expect(error).toMatchObject({ status: 403, reason: "scope-missing", scope: "read_all_orders" });
    expect((error as Error).message).toMatch(/denied NetMargin access .*\(HTTP 403\): the "read_all_orders" access scope is missing/);
    expect(calls).toBe(1);
    expect(onAuthError).toHaveBeenCalledTimes(1);
  });

  it("403 without a scope in the body still says a scope is missing", async () => {
    const fetch403 = (async () => new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } })) as typeof fetch;
    const { c } = client({ fetch: fetch403 });
    const error = await c.request(PROBE).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, scope: null });
    expect((error as Error).message).toMatch(/an access scope NetMargin needs is missing/);
  });

  it("ACCESS_DENIED in errors[] (HTTP 200): AdminAuthError with the scope, onAuthError once", async () => {
    const onAuthError = vi.fn();
    let calls = 0;
    const denied = (async () => {
      calls++;
      return Response.json({
        data: null,
        errors: [
          {
            message: "Access denied for shopifyPaymentsAccount field. Required access: `read_shopify_payments_accounts` access scope.",
            extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: "`read_shopify_payments_accounts` access scope." },
            path: ["shopifyPaymentsAccount"],
          },
        ],
        extensions: { cost: { requestedQueryCost: 2, actualQueryCost: 2, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 } } },
      });
    }) as typeof fetch;
    const { c } = client({ fetch: denied, onAuthError });
    const error = await c.request(`query Payments { shopifyPaymentsAccount { id } }`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminAuthError);
    expect(error).toMatchObject({ status: 403, reason: "scope-missing", scope: "read_shopify_payments_accounts" });
    expect((error as Error).message).toMatch(/\(ACCESS_DENIED\)/);
    expect(calls).toBe(1);
    expect(onAuthError).toHaveBeenCalledTimes(1);
  });

  it("a failing onAuthError callback does not hide the auth error", async () => {
    const { c } = client({
      accessToken: "wrong",
      onAuthError: () => {
        throw new Error("database down");
      },
    });
    await expect(c.request(PROBE)).rejects.toBeInstanceOf(AdminAuthError);
    expect(logs.warn).toHaveBeenCalledWith("onAuthError callback failed", expect.objectContaining({ error: "database down" }));
  });

  it("GraphQL validation errors: AdminGraphqlError with the errors and operation name, no retry", async () => {
    const { c, sleeps } = client();
    const error = await c.request(`query Bad { shop { nope } }`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminGraphqlError);
    const e = error as AdminGraphqlError;
    expect(e.operationName).toBe("Bad");
    expect(e.errors[0]).toMatchObject({ message: "Field 'nope' doesn't exist on type 'Shop'", extensions: { code: "undefinedField" } });
    expect(e.message).toContain("operation Bad");
    expect(e.message).toContain("Field 'nope' doesn't exist on type 'Shop'");
    expect(sim.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("userErrors are returned as data (the caller's business)", async () => {
    const { c } = client();
    const data = await c.request<{ bulkOperationRunQuery: { userErrors: { message: string }[] } }>(
      `mutation Start($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { field message } } }`,
      { q: "{ nope }" },
    );
    expect(data.bulkOperationRunQuery.userErrors.length).toBeGreaterThan(0);
    expect(sim.requests).toHaveLength(1);
  });
});

describe("adminGraphql: shopify-app-remix's admin.graphql as an AdminGraphql", () => {
  const SHOP = "acme.myshopify.com";
  const answering = (body: unknown, seen: unknown[] = []) => ({
    graphql: async (query: string, options?: { variables?: Record<string, unknown> }) => {
      seen.push({ query, options });
      return new Response(JSON.stringify(body));
    },
  });

  it("sends the query and { variables }, and returns data", async () => {
    const seen: unknown[] = [];
    const graphql = adminGraphql(answering({ data: { shop: { name: "Acme" } } }, seen), SHOP);
    await expect(graphql<{ shop: { name: string } }>(CHEAP, { first: 1 })).resolves.toEqual({ shop: { name: "Acme" } });
    await graphql(CHEAP);
    expect(seen).toEqual([
      { query: CHEAP, options: { variables: { first: 1 } } },
      { query: CHEAP, options: undefined },
    ]);
  });

  it("throws errors in the answer as AdminGraphqlError, with the partial data", async () => {
    const errors = [{ message: "Access denied for deliveryProfiles field.", extensions: { code: "ACCESS_DENIED" } }];
    const error = await adminGraphql(answering({ data: { shop: null }, errors }), SHOP)(CHEAP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminGraphqlError);
    expect(error).toMatchObject({ shop: SHOP, operationName: "Cheap", errors, data: { shop: null } });
  });

  it("turns shopify-api's GraphqlQueryError (what admin.graphql throws for an answer with errors) into AdminGraphqlError", async () => {
    const graphQLErrors = [{ message: "Field 'nope' doesn't exist on type 'Shop'", extensions: { code: "undefinedField" } }];
    const thrown = new GraphqlQueryError({ message: graphQLErrors[0]!.message, response: {}, body: { errors: { graphQLErrors } } });
    const error = await adminGraphql({ graphql: () => Promise.reject(thrown) }, SHOP)(CHEAP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminGraphqlError);
    expect(error).toMatchObject({ operationName: "Cheap", errors: graphQLErrors, data: null });
  });

  it("lets any other failure through as it is", async () => {
    const down = new Error("connect ECONNREFUSED");
    await expect(adminGraphql({ graphql: () => Promise.reject(down) }, SHOP)(CHEAP)).rejects.toBe(down);
  });
});
