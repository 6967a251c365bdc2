/**
 * The offline demo's one swap. With NETMARGIN_MODE=demo (refused in production
 * by app/config.server.ts) NetMargin runs its real routes, services and
 * shopify-app-remix clients against the local Admin API simulator
 * (test/simulator) instead of Shopify:
 *
 * - transport: Shopify's API library sends every request through one fetch
 *   function; requests to the demo shop's https://<shop>/admin/api/... go to
 *   the simulator's URL instead, and requests to any other shop are refused.
 * - admin authentication: there is no Shopify admin to issue session tokens, so
 *   `authenticate.admin` answers with the demo shop's offline session (stored
 *   by the demo launcher, test/demo/run.ts) and the library's own admin client,
 *   with `cors` as the library's (an admin extension's fetch comes from another origin).
 *
 * Nothing else in the app knows about the demo.
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

import type { AppConfig } from "./config.server";

type Fetch = typeof globalThis.fetch;

export interface DemoTarget {
  shop: string;
  adminUrl: string;
}

export function demoTarget(config: AppConfig): DemoTarget {
  if (config.NETMARGIN_MODE !== "demo" || !config.NETMARGIN_DEMO_SHOP || !config.NETMARGIN_DEMO_ADMIN_URL) {
    throw new Error("demo mode is not configured");
  }
  return { shop: config.NETMARGIN_DEMO_SHOP, adminUrl: config.NETMARGIN_DEMO_ADMIN_URL };
}

/** A fetch that sends the demo shop's Admin API calls to the simulator and refuses every other Shopify host. */
export function demoFetch(target: DemoTarget, realFetch: Fetch = globalThis.fetch): Fetch {
  const simulator = new URL(target.adminUrl);
  return (async (input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname === target.shop) {
      url.protocol = simulator.protocol;
      url.host = simulator.host;
      return realFetch(input instanceof Request ? new Request(url, input) : url, init);
    }
    if (url.hostname.endsWith(".myshopify.com") || url.hostname.endsWith(".shopify.com")) {
      throw new Error(`demo mode: refusing to call ${url.hostname}; only ${target.shop} (the simulator) is reachable`);
    }
    return realFetch(input, init);
  }) as Fetch;
}

/** shopify-app-remix's REAUTH_URL_HEADER, which its cors helper exposes. */
const REAUTH_URL_HEADER = "X-Shopify-API-Request-Failure-Reauthorize-Url";

/**
 * shopify-app-remix's `cors` of an admin request (ensureCORSHeadersFactory, not
 * exported by the library): a request from an origin other than the app's gets
 * Access-Control-* headers on its response; the same response is returned.
 */
export function demoCors(request: Request, appUrl: string): (response: Response) => Response {
  return (response) => {
    const origin = request.headers.get("Origin");
    if (origin && origin !== appUrl) {
      response.headers.set("Access-Control-Allow-Origin", "*");
      response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
      response.headers.set("Access-Control-Expose-Headers", REAUTH_URL_HEADER);
    }
    return response;
  };
}

interface ShopifyAuth {
  authenticate: { admin: (request: Request) => Promise<unknown> };
  unauthenticated: { admin: (shop: string) => Promise<{ session: unknown; admin: unknown }> };
}

/**
 * Installs the demo transport and returns the authenticate object to export in
 * place of shopify.authenticate: admin requests are the demo shop's.
 */
export function enableDemo<T extends ShopifyAuth>(shopify: T, config: AppConfig): T["authenticate"] {
  const target = demoTarget(config);
  setAbstractFetchFunc(demoFetch(target));
  const admin = async (request: Request) => {
    const cors = demoCors(request, config.SHOPIFY_APP_URL);
    // As the library: a CORS preflight is answered (thrown) before any session is looked up.
    if (request.method === "OPTIONS") throw cors(new Response(null, { status: 204, headers: { "Access-Control-Max-Age": "7200" } }));
    const { session, admin } = await shopify.unauthenticated.admin(target.shop);
    return { session, admin, cors };
  };
  // The demo admin context carries the session, the Admin API client and cors, which
  // is what NetMargin's routes use; billing/redirect helpers of an embedded request
  // have no meaning outside Shopify's admin.
  return { ...shopify.authenticate, admin } as unknown as T["authenticate"];
}
