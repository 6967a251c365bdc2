import { readFileSync } from "node:fs";

import { ApiVersion } from "@shopify/shopify-app-remix/server";
import { describe, expect, it } from "vitest";

import { API_VERSION, ConfigError, databaseProvider, parseConfig } from "~/config.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://netmargin.example.com",
  SCOPES: "read_orders, read_products",
  DATABASE_URL: "file:./dev.sqlite",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error("expected parseConfig to throw");
}

describe("parseConfig", () => {
  it("accepts a valid environment and normalises scopes and defaults", () => {
    const config = parseConfig(valid);
    expect(config.scopes).toEqual(["read_orders", "read_products"]);
    expect(config.NODE_ENV).toBe("development");
    expect(config.NETMARGIN_MODE).toBe("shopify");
    expect(config.PORT).toBe(3000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("names every missing variable at once", () => {
    const problems = problemsOf({});
    for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "SCOPES", "DATABASE_URL"]) {
      expect(problems.some((p) => p.startsWith(`${name} `) && p.includes("(not set)"))).toBe(true);
    }
    expect(problems).toHaveLength(5);
  });

  it("names a malformed variable with what is expected", () => {
    expect(problemsOf({ ...valid, SHOPIFY_APP_URL: "netmargin.example.com" })).toEqual([
      expect.stringMatching(/^SHOPIFY_APP_URL must be an absolute http\(s\) URL/),
    ]);
    expect(problemsOf({ ...valid, DATABASE_URL: "mysql://localhost/x" })).toEqual([
      'DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)',
    ]);
    expect(problemsOf({ ...valid, SCOPES: "read orders;write" })[0]).toMatch(/^SCOPES must be a comma-separated list/);
    expect(problemsOf({ ...valid, SHOPIFY_APP_URL: "ftp://netmargin.example.com" })[0]).toMatch(/^SHOPIFY_APP_URL must be an absolute http\(s\) URL/);
    expect(problemsOf({ ...valid, PORT: "99999" })).toEqual(["PORT must be between 1 and 65535"]);
    expect(problemsOf({ ...valid, NETMARGIN_MODE: "staging" })[0]).toMatch(/^NETMARGIN_MODE /);
  });

  const demo = {
    NETMARGIN_MODE: "demo",
    NETMARGIN_DEMO_ADMIN_URL: "http://127.0.0.1:3457",
    NETMARGIN_DEMO_SHOP: "netmargin-demo.myshopify.com",
  };

  it("accepts the offline demo outside production", () => {
    expect(parseConfig({ ...valid, ...demo }).NETMARGIN_MODE).toBe("demo");
  });

  it("refuses the offline demo in production", () => {
    expect(problemsOf({ ...valid, ...demo, NODE_ENV: "production" })).toEqual([
      "NETMARGIN_MODE demo mode (the offline simulator store) cannot run with NODE_ENV=production",
    ]);
  });

  it("requires the simulator's URL and shop in demo mode", () => {
    expect(problemsOf({ ...valid, NETMARGIN_MODE: "demo" })).toEqual([
      "NETMARGIN_DEMO_ADMIN_URL is required when NETMARGIN_MODE=demo (not set)",
      "NETMARGIN_DEMO_SHOP is required when NETMARGIN_MODE=demo (not set)",
    ]);
    expect(problemsOf({ ...valid, ...demo, NETMARGIN_DEMO_SHOP: "demo.example.com" })).toEqual([
      "NETMARGIN_DEMO_SHOP must be a myshopify domain, e.g. demo.myshopify.com",
    ]);
  });

  it("reports the problems in the error message so the boot log says what to fix", () => {
    expect(() => parseConfig({ ...valid, SHOPIFY_API_SECRET: "" })).toThrowError(
      /NetMargin cannot start: invalid environment\.\n {2}- SHOPIFY_API_SECRET is required \(not set\)/,
    );
  });

  it("picks the database provider from the URL", () => {
    expect(databaseProvider("file:./dev.sqlite")).toBe("sqlite");
    expect(databaseProvider("postgresql://u@127.0.0.1:5432/db")).toBe("postgresql");
  });
});

describe("one Admin API version everywhere", () => {
  it("is 2026-10 in the config, the Shopify library, the app toml and codegen", () => {
    expect(API_VERSION).toBe("2026-10");
    expect(ApiVersion.October26).toBe(API_VERSION);
    const toml = readFileSync("shopify.app.toml", "utf8");
    expect(toml).toMatch(/\[webhooks\]\s*\napi_version = "2026-10"/);
    expect(readFileSync(".graphqlrc.ts", "utf8")).toContain(`const apiVersion = "${API_VERSION}"`);
    expect(readFileSync("app/shopify.server.ts", "utf8")).toContain("ApiVersion.October26");
  });

  it("asks in shopify.app.toml for the scopes documented in .env.example", () => {
    const toml = readFileSync("shopify.app.toml", "utf8");
    const tomlScopes = /\[access_scopes\][^[]*?scopes = "([^"]+)"/.exec(toml)?.[1];
    const envScopes = /^SCOPES=(.+)$/m.exec(readFileSync(".env.example", "utf8"))?.[1];
    expect(tomlScopes).toBeDefined();
    expect(envScopes).toBe(tomlScopes);
    for (const scope of [
      "read_orders",
      "read_all_orders",
      "read_products",
      "read_inventory",
      "read_locations",
      "read_shipping",
      "write_discounts",
    ]) {
      expect(tomlScopes!.split(",")).toContain(scope);
    }
  });
});
