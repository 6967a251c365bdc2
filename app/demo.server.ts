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
 *   by the demo launcher, test/demo/run.ts) and the library's own admin client.
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
  const admin = async (_request: Request) => {
    const { session, admin } = await shopify.unauthenticated.admin(target.shop);
    return { session, admin };
  };
  // The demo admin context carries the session and the Admin API client, which
  // is what NetMargin's routes use; billing/cors/redirect helpers of an embedded
  // request have no meaning outside Shopify's admin.
  return { ...shopify.authenticate, admin } as unknown as T["authenticate"];
}
