import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { loader as healthzLoader } from "~/routes/healthz";
import { checkHealth } from "~/services/health.server";
import { openApp, type TestApp } from "../helpers/app";

let app: TestApp;
let loader: typeof healthzLoader;

beforeAll(async () => {
  app = await openApp({ apiKey: "k", apiSecret: "s" });
  loader = (await import("~/routes/healthz")).loader;
});

afterAll(async () => {
  await app.close();
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
