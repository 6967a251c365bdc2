import { spawnSync } from "node:child_process";

import { describe, expect, it } from "vitest";

describe("demo launcher", () => {
  it("refuses to run with NODE_ENV=production", () => {
    const result = spawnSync("npx", ["--no-install", "tsx", "test/demo/run.ts"], {
      env: { ...process.env, NODE_ENV: "production" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "[demo] the offline demo cannot run with NODE_ENV=production: it serves a simulated store",
    );
  });

  it("rejects a bad flag naming it", () => {
    const result = spawnSync("npx", ["--no-install", "tsx", "test/demo/run.ts", "--orders", "lots"], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--orders must be a whole number from 1 to 100000 (got "lots")');
  });
});
