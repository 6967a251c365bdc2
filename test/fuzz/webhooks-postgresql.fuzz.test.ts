import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import { applyMigrations } from "../../prisma/tools/migrator";

import { createPostgresqlDatabase, postgresqlUnavailable, type TestDatabase } from "../db/databases";
import { TEST_API_SECRET } from "../helpers/webhook";
import { WEBHOOK_TOPICS, type WebhookAction } from "../helpers/webhook-app";
import { closeSnapshotReader, runs, seed } from "./hostile";
import { forgedProperty, signedPayloadProperty } from "./webhook-property";

const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

/**
 * Issue 16, item 6, on PostgreSQL: the webhook fuzz property of webhooks.fuzz.test.ts
 * with fewer runs (each run costs ~10× what it costs on SQLite). The app's client
 * and sync's writer run on a fresh PostgreSQL database (DATABASE_URL set before the
 * app is imported, as openApp does for SQLite).
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
  const route = async (name: string) => ((await import(`../../app/routes/${name}.tsx`)) as { action: WebhookAction }).action;
  routes = Object.fromEntries(await Promise.all(WEBHOOK_TOPICS.map(async (t) => [t, await route(`webhooks.${t.replace("/", ".")}`)] as const)));
});
afterAll(async () => {
  if (!database) return;
  await closeSnapshotReader();
  await db.$disconnect();
  await ((await import("~/jobs/runtime.server")).syncSql() as { close(): Promise<void> }).close();
  await database.drop();
});

describe.skipIf(postgresqlUnavailable !== null)("webhook fuzz (PostgreSQL): never a 5xx, never a half-written change", () => {
  it.each(WEBHOOK_TOPICS.map((t, i) => [t, i] as const))("%s: signed deliveries of mutated real payloads", async (topic, i) => {
    const outcomes = await signedPayloadProperty({ db, routes, runsPerTopic: runs(20), forgedRuns: 0, seed: seed(2600 + i) }, topic);
    expect(outcomes["200 applied"]).toBeGreaterThan(0);
  }, 120_000);

  it("forged, unsigned and misaddressed deliveries to every route", async () => {
    await forgedProperty({ db, routes, runsPerTopic: 0, forgedRuns: runs(60), seed: seed(2699) });
  }, 120_000);
});
