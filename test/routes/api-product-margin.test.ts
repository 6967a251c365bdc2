/**
 * /api/product-margin as NetMargin's product-page block calls it: through the real
 * authenticate.admin of shopify-app-remix, with the session token the admin
 * attaches to the extension's fetch (an HS256 JWT signed with the app's secret).
 * No token, or a token signed with another secret, gets no data.
 */
import { createHmac, randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type * as Route from "~/routes/api.product-margin";

import { openApp, type TestApp } from "../helpers/app";
import { createOfflineSession, createShop } from "../helpers/factories";

// The afterAuth hook's jobs are not exercised here.
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock([]));

const SHOP = "alpha.myshopify.com";
const API_KEY = "test-api-key";
const SECRET = "test-secret";
let app: TestApp;
let route: typeof Route;

const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString("base64url");
function sessionToken(secret = SECRET, shop = SHOP): string {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: API_KEY, sub: "42", exp: now + 60, nbf: now - 5, iat: now - 5, jti: randomUUID(), sid: randomUUID() })}`;
  return `${head}.${b64(createHmac("sha256", secret).update(head).digest())}`;
}

const call = (query: string, token: string | null) =>
  route.loader({
    request: new Request(`https://netmargin.example.com/api/product-margin?${query}`, {
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), Origin: "https://extensions.shopifycdn.com" },
    }),
    params: {},
    context: {},
  });

beforeAll(async () => {
  app = await openApp({ apiKey: API_KEY, apiSecret: SECRET });
  route = await import("~/routes/api.product-margin");
  await createShop(app.db, { shop: SHOP, currencyCode: "EUR" });
  // The offline session install stored (what authenticate.admin looks up for the token's shop).
  await createOfflineSession(app.db, SHOP, { accessToken: "shpat_test", expires: new Date(Date.now() + 86_400_000) });
});
afterAll(async () => {
  await app.close();
});

async function settle(p: Promise<Response>): Promise<Response> {
  // authenticate.admin throws Responses (401, redirects) instead of returning them.
  try {
    return await p;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("GET /api/product-margin", () => {
  it("answers the product's block data for a valid session token, with CORS headers for the extension", async () => {
    const r = await settle(call("id=gid%3A%2F%2Fshopify%2FProduct%2F1", sessionToken()));
    expect(r.status).toBe(200);
    expect(r.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const body = (await r.json()) as { productId: string; sold: boolean; currency: string; appPath: string };
    expect(body).toMatchObject({ productId: "gid://shopify/Product/1", sold: false, currency: "EUR", appPath: "app/products/1?range=90d" });
  });

  it("names a bad id", async () => {
    const r = await settle(call("id=variant-7", sessionToken()));
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ errors: [{ path: "id", message: "expected a product id (gid://shopify/Product/… or its number)" }] });
  });

  it("gives nothing without a valid token", async () => {
    // No token: a login redirect, not data. A token signed with another secret: 401.
    const none = await settle(call("id=1", null));
    expect(none.status).toBe(302);
    expect(none.headers.get("Location")).toMatch(/\/auth\/login/);
    const forged = await settle(call("id=1", sessionToken("another-secret")));
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toContain("productId");
  });
});
