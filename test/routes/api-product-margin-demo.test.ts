/**
 * Defect 11 of issue 16: in the offline demo /api/product-margin answered 500
 * ("cors is not a function"): the demo's authenticate.admin had no `cors`. It now
 * has shopify-app-remix's: the response back, with CORS headers for another origin.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type * as Route from "~/routes/api.product-margin";

import { openApp, type TestApp } from "../helpers/app";
import { createOfflineSession, createShop } from "../helpers/factories";

vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock([]));

const SHOP = "demo-shop.myshopify.com";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
let app: TestApp;
let route: typeof Route;

beforeAll(async () => {
  // Demo mode as test/demo/run.ts starts it (the simulator is never called here).
  Object.assign(process.env, { NETMARGIN_MODE: "demo", NETMARGIN_DEMO_SHOP: SHOP, NETMARGIN_DEMO_ADMIN_URL: "http://127.0.0.1:9" });
  app = await openApp();
  route = await import("~/routes/api.product-margin");
  await createShop(app.db, { shop: SHOP, currencyCode: "EUR" });
  await createOfflineSession(app.db, SHOP, { accessToken: "shpat_demo" });
});
afterAll(async () => {
  await app.close();
  for (const name of ["NETMARGIN_MODE", "NETMARGIN_DEMO_SHOP", "NETMARGIN_DEMO_ADMIN_URL"]) delete process.env[name];
});

const get = (origin: string | null, method = "GET") =>
  new Request("https://netmargin.example.com/api/product-margin?id=gid%3A%2F%2Fshopify%2FProduct%2F1", { method, headers: origin ? { Origin: origin } : {} });

async function settle(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("demo mode: authenticate.admin", () => {
  it("provides cors, which returns the response with the library's CORS headers for another origin", async () => {
    const { authenticate } = await import("~/shopify.server");
    const context = (await authenticate.admin(get(EXTENSION_ORIGIN))) as { session: { shop: string }; cors?: unknown };
    expect(context.session.shop).toBe(SHOP);
    expect(typeof context.cors).toBe("function");
    const cors = context.cors as (r: Response) => Response;
    const response = new Response("{}");
    expect(cors(response)).toBe(response);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "Authorization, Content-Type",
      "access-control-expose-headers": "X-Shopify-API-Request-Failure-Reauthorize-Url",
    });
    // The app's own origin needs none.
    const own = (await authenticate.admin(get("https://netmargin.example.com"))) as { cors: (r: Response) => Response };
    expect(own.cors(new Response("{}")).headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("answers a CORS preflight with 204 and the headers, as the library does", async () => {
    const { authenticate } = await import("~/shopify.server");
    const r = (await settle(authenticate.admin(get(EXTENSION_ORIGIN, "OPTIONS")))) as Response;
    expect(r.status).toBe(204);
    expect(r.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(r.headers.get("Access-Control-Max-Age")).toBe("7200");
  });
});

describe("demo mode: GET /api/product-margin", () => {
  it("answers 200 with the product's block data and CORS headers", async () => {
    const r = (await settle(route.loader({ request: get(EXTENSION_ORIGIN), params: {}, context: {} }))) as Response;
    expect(r.status).toBe(200);
    expect(r.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await r.json()).toMatchObject({ productId: "gid://shopify/Product/1", sold: false, currency: "EUR" });
  });
});
