import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { loader as healthzLoader } from "~/routes/healthz";
import { checkHealth } from "~/services/health.server";
import { applyMigrations } from "../../prisma/tools/migrator";

const dir = mkdtempSync(join(tmpdir(), "netmargin-healthz-"));
let loader: typeof healthzLoader;

beforeAll(async () => {
  const databaseUrl = `file:${join(dir, "health.sqlite")}`;
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "k",
    SHOPIFY_API_SECRET: "s",
    SHOPIFY_APP_URL: "https://netmargin.example.com",
    SCOPES: "read_orders",
    DATABASE_URL: databaseUrl,
    NODE_ENV: "test",
  });
  await applyMigrations({ databaseUrl });
  loader = (await import("~/routes/healthz")).loader;
});

afterAll(async () => {
  await (await import("~/db.server")).default.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /healthz", () => {
  it("answers 200 with the database status as JSON, never cached", async () => {
    const response = await loader({ request: new Request("http://localhost/healthz"), params: {}, context: {} });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", apiVersion: "2026-10", database: { status: "ok", provider: "sqlite" } });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("reports the database failure instead of throwing", async () => {
    const failing = { $queryRawUnsafe: async () => Promise.reject(new Error("SQLITE_CANTOPEN: unable to open database file\nstack")) };
    const report = await checkHealth(failing, "sqlite");
    expect(report.status).toBe("error");
    expect(report.database).toMatchObject({ status: "error", error: "SQLITE_CANTOPEN: unable to open database file" });
  });
});
