/**
 * Preloaded into the built server by bench:load (`node --import`), in place of the
 * offline demo's transport swap (app/demo.server.ts), which the app refuses with
 * NODE_ENV=production: every fetch to https://<bench shop>/admin/... goes to the
 * local Admin API simulator, and any other Shopify host is refused, so the
 * production build runs unchanged and reaches nothing beyond loopback.
 *
 * A setter keeps the swap when something assigns globalThis.fetch later (Remix's
 * installGlobals): shopify-api captures fetch at import, graphql-request reads it per call.
 */
const shop = process.env.NETMARGIN_BENCH_SHOP;
const adminUrl = process.env.NETMARGIN_BENCH_ADMIN_URL;
if (!shop || !adminUrl) throw new Error("load-transport: NETMARGIN_BENCH_SHOP and NETMARGIN_BENCH_ADMIN_URL are required");
const simulator = new URL(adminUrl);

function toSimulator(realFetch) {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname === shop) {
      url.protocol = simulator.protocol;
      url.host = simulator.host;
      return realFetch(input instanceof Request ? new Request(url, input) : url, init);
    }
    if (url.hostname.endsWith(".myshopify.com") || url.hostname.endsWith(".shopify.com")) {
      throw new Error(`bench:load: refusing to call ${url.hostname}; only ${shop} (the simulator) is reachable`);
    }
    return realFetch(input, init);
  };
}

let current = toSimulator(globalThis.fetch);
Object.defineProperty(globalThis, "fetch", {
  configurable: true,
  enumerable: true,
  get: () => current,
  set: (f) => {
    current = toSimulator(f);
  },
});
