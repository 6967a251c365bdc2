import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";

import { API_VERSION, config } from "./config.server";
import db from "./db.server";
import { enableDemo } from "./demo.server";
import { setLogLevel } from "./logger.server";
import { installShop } from "./services/installation.server";
import { adminGraphql } from "./shopify/admin-client.server";
import { enqueueSync, provideOfflineSessions } from "./jobs/runtime.server";
import { clearAttention } from "./store/sync-state.server";

const env = config();
setLogLevel(env.LOG_LEVEL);

// ApiVersion.October26 === "2026-10" === API_VERSION; test/config.test.ts checks it.
export const apiVersion = ApiVersion.October26;

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: [...env.scopes],
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await installShop(db, { shop: session.shop, scopes: session.scope ?? "", graphql: adminGraphql(admin, session.shop) });
      // Reopening the app after a revoked token or a newly granted scope clears the flag.
      await clearAttention(db, session.shop);
      // The full-history backfill runs in the background (never twice at once per shop).
      await enqueueSync("backfill", session.shop);
    },
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

if (API_VERSION !== apiVersion) {
  throw new Error(`API version mismatch: config says ${API_VERSION}, shopifyApp uses ${apiVersion}`);
}

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
// The offline demo (NETMARGIN_MODE=demo, never in production) swaps the Shopify
// transport and admin login for the local simulator: app/demo.server.ts.
export const authenticate = env.NETMARGIN_MODE === "demo" ? enableDemo(shopify, env) : shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
// Background jobs (app/jobs/runtime.server.ts) reach Shopify with the shops' offline sessions.
provideOfflineSessions((shop) => shopify.unauthenticated.admin(shop));
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
