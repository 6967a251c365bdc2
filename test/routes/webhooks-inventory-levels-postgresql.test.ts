import { afterAll, beforeAll, describe, vi } from "vitest";

import { postgresqlUnavailable } from "../db/databases";
import type { TestApp } from "../helpers/app";
import { openPostgresqlWebhookApp, type WebhookAction } from "../helpers/webhook-app";
import { inventoryLevelWebhookCases } from "./inventory-levels-webhook-cases";

const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

/**
 * inventory_levels/update through the real route and authenticate.webhook, on
 * PostgreSQL: the app's client and sync's writer on a fresh database (DATABASE_URL set
 * before the app is imported, as openApp does for SQLite). Skipped without a server.
 */
let app: TestApp & { routes: Record<string, WebhookAction> };

beforeAll(async () => {
  if (!postgresqlUnavailable) app = await openPostgresqlWebhookApp();
});
afterAll(async () => {
  await app?.close();
});

describe.skipIf(postgresqlUnavailable !== null)("inventory_levels/update (PostgreSQL)", () => {
  inventoryLevelWebhookCases(() => ({ db: app.db, routes: app.routes, enqueued }));
});
