import { afterAll, beforeAll, describe, vi } from "vitest";

import type { Db } from "~/db.server";
import { applyMigrations } from "../../prisma/tools/migrator";

import { createPostgresqlDatabase, postgresqlUnavailable, type TestDatabase } from "../db/databases";
import { TEST_API_SECRET } from "../helpers/webhook";
import type { WebhookAction } from "../helpers/webhook-app";
import { inventoryLevelWebhookCases } from "./inventory-levels-webhook-cases";

const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

/**
 * inventory_levels/update through the real route and authenticate.webhook, on
 * PostgreSQL: the app's client and sync's writer on a fresh database (DATABASE_URL set
 * before the app is imported, as openApp does for SQLite). Skipped without a server.
 */
let db: Db;
let routes: Record<string, WebhookAction>;
let database: TestDatabase | undefined;

beforeAll(async () => {
  if (postgresqlUnavailable) return;
  database = await createPostgresqlDatabase();
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: "https://netmargin.example.com",
    SCOPES: "read_orders,read_products",
    DATABASE_URL: database.url,
    NODE_ENV: "test",
  });
  await applyMigrations({ databaseUrl: database.url });
  db = (await import("~/db.server")).default;
  routes = { "inventory_levels/update": (await import("~/routes/webhooks.inventory_levels.update")).action };
});
afterAll(async () => {
  if (!database) return;
  await db.$disconnect();
  await ((await import("~/jobs/runtime.server")).syncSql() as { close(): Promise<void> }).close();
  await database.drop();
});

describe.skipIf(postgresqlUnavailable !== null)("inventory_levels/update (PostgreSQL)", () => {
  inventoryLevelWebhookCases(() => ({ db, routes }));
});
