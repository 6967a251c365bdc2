import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { postgresqlUnavailable } from "../db/databases";
import type { TestApp } from "../helpers/app";
import { openPostgresqlWebhookApp, WEBHOOK_TOPICS, type WebhookAction } from "../helpers/webhook-app";
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
let app: TestApp & { routes: Record<string, WebhookAction> };

beforeAll(async () => {
  if (!postgresqlUnavailable) app = await openPostgresqlWebhookApp();
});
afterAll(async () => {
  if (!app) return;
  await closeSnapshotReader();
  await app.close();
});

describe.skipIf(postgresqlUnavailable !== null)("webhook fuzz (PostgreSQL): never a 5xx, never a half-written change", () => {
  it.each(WEBHOOK_TOPICS.map((t, i) => [t, i] as const))("%s: signed deliveries of mutated real payloads", async (topic, i) => {
    const outcomes = await signedPayloadProperty({ db: app.db, routes: app.routes, runsPerTopic: runs(20), forgedRuns: 0, seed: seed(2600 + i) }, topic);
    expect(outcomes["200 applied"]).toBeGreaterThan(0);
  }, 120_000);

  it("forged, unsigned and misaddressed deliveries to every route", async () => {
    await forgedProperty({ db: app.db, routes: app.routes, runsPerTopic: 0, forgedRuns: runs(60), seed: seed(2699) });
  }, 120_000);
});
