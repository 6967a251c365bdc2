import type { PrismaClient } from "@prisma/client";
import { describe, expect, it } from "vitest";

import { installationStatus, parseScopes } from "~/services/installation.server";

const REQUIRED = ["read_orders", "read_all_orders", "read_products", "read_inventory", "write_discounts"];

function dbWith(row: { scopes: string; installedAt?: Date; currencyCode?: string | null; ianaTimezone?: string | null } | null) {
  return {
    shop: {
      findUnique: async () =>
        row && {
          shop: "alpha.myshopify.com",
          installedAt: row.installedAt ?? new Date("2026-03-01T10:00:00Z"),
          uninstalledAt: null,
          scopes: row.scopes,
          currencyCode: row.currencyCode ?? "EUR",
          ianaTimezone: row.ianaTimezone ?? "Europe/Paris",
          createdAt: new Date(),
          updatedAt: new Date(),
        },
    },
  } as unknown as Pick<PrismaClient, "shop">;
}

const input = { shop: "alpha.myshopify.com", requiredScopes: REQUIRED, apiVersion: "2026-10" };

describe("installationStatus", () => {
  it("reports nothing missing when every scope is granted (write_x implies read_x)", async () => {
    const status = await installationStatus(
      dbWith({ scopes: "read_orders,read_all_orders,write_products,read_inventory,write_discounts" }),
      input,
    );
    expect(status).toMatchObject({
      missingScopes: [],
      orderHistoryLimitedTo60Days: false,
      installedAt: "2026-03-01T10:00:00.000Z",
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    });
  });

  it("lists the missing scopes and says orders are limited to 60 days without read_all_orders", async () => {
    const status = await installationStatus(dbWith({ scopes: "read_orders,read_products" }), input);
    expect(status.missingScopes).toEqual(["read_all_orders", "read_inventory", "write_discounts"]);
    expect(status.orderHistoryLimitedTo60Days).toBe(true);
  });

  it("does not invent problems for a shop it has no record of", async () => {
    const status = await installationStatus(dbWith(null), input);
    expect(status).toMatchObject({ installedAt: null, missingScopes: [], orderHistoryLimitedTo60Days: false });
  });

  it("parses Shopify's comma-separated scopes, ignoring blanks and spaces", () => {
    expect(parseScopes(" read_orders, ,write_discounts ,")).toEqual(["read_orders", "write_discounts"]);
    expect(parseScopes("")).toEqual([]);
  });
});
