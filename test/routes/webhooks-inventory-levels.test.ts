import { afterAll, beforeAll, describe, vi } from "vitest";

import type { Db } from "~/db.server";

import { openWebhookApp, type WebhookAction } from "../helpers/webhook-app";
import { inventoryLevelWebhookCases } from "./inventory-levels-webhook-cases";

// The sync routes enqueue jobs; here the queue is a list (the jobs have their own tests).
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

/** inventory_levels/update through the real route and authenticate.webhook, on SQLite (the cases: inventory-levels-webhook-cases.ts). */
let db: Db;
let routes: Record<string, WebhookAction>;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ db, routes, close } = await openWebhookApp());
});
afterAll(async () => {
  await close?.();
});

describe("inventory_levels/update (SQLite)", () => {
  inventoryLevelWebhookCases(() => ({ db, routes, enqueued }));
});
