import type { ActionFunctionArgs } from "@remix-run/node";

import { createPostgresqlDatabase } from "../db/databases";
import { openApp, type TestApp } from "./app";
import { TEST_API_SECRET } from "./webhook";

export type WebhookAction = (args: ActionFunctionArgs) => Promise<Response>;

/** Every topic NetMargin has a webhook route for (the keys of `openWebhookApp().routes`). */
export const WEBHOOK_TOPICS = [
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "products/update",
  "inventory_items/update",
  "inventory_levels/update",
  "bulk_operations/finish",
] as const;

/**
 * The app as Shopify's webhooks meet it (openApp, with the secret the webhook
 * requests are signed with) and every webhook route's action keyed by topic (one
 * route per topic, as shopify.app.toml declares them). Imported lazily so a test's
 * `vi.mock` of the runtime (app/jobs/runtime.server.ts) applies to the routes.
 */
export async function openWebhookApp(): Promise<TestApp & { routes: Record<string, WebhookAction> }> {
  const app = await openApp({ apiSecret: TEST_API_SECRET, scopes: "read_orders,read_products" });
  return { ...app, routes: await webhookRoutes() };
}

/**
 * `openWebhookApp` on a fresh PostgreSQL database (DATABASE_URL set before the app is
 * imported). Its close also closes sync's writer, which the test's runtime mock
 * (`runtimeMock` in ./app) opened on that database. Call only when a server answers
 * (`postgresqlUnavailable` is null).
 */
export async function openPostgresqlWebhookApp(): Promise<TestApp & { routes: Record<string, WebhookAction> }> {
  const app = await openApp({ apiSecret: TEST_API_SECRET, scopes: "read_orders,read_products", database: await createPostgresqlDatabase() });
  return {
    ...app,
    routes: await webhookRoutes(),
    async close() {
      await ((await import("~/jobs/runtime.server")).syncSql() as { close(): Promise<void> }).close();
      await app.close();
    },
  };
}

async function webhookRoutes(): Promise<Record<string, WebhookAction>> {
  return {
    "app/uninstalled": (await import("~/routes/webhooks.app.uninstalled")).action,
    "app/scopes_update": (await import("~/routes/webhooks.app.scopes_update")).action,
    "customers/data_request": (await import("~/routes/webhooks.customers.data_request")).action,
    "customers/redact": (await import("~/routes/webhooks.customers.redact")).action,
    "shop/redact": (await import("~/routes/webhooks.shop.redact")).action,
    "orders/create": (await import("~/routes/webhooks.orders.create")).action,
    "orders/updated": (await import("~/routes/webhooks.orders.updated")).action,
    "orders/cancelled": (await import("~/routes/webhooks.orders.cancelled")).action,
    "refunds/create": (await import("~/routes/webhooks.refunds.create")).action,
    "products/update": (await import("~/routes/webhooks.products.update")).action,
    "inventory_items/update": (await import("~/routes/webhooks.inventory_items.update")).action,
    "inventory_levels/update": (await import("~/routes/webhooks.inventory_levels.update")).action,
    "bulk_operations/finish": (await import("~/routes/webhooks.bulk_operations.finish")).action,
  };
}
