import type { PrismaClient } from "@prisma/client";

import type { AdminGraphql } from "~/shopify/admin-client.server";
import { SHOP_QUERY } from "~/shopify/graphql/ShopQuery";
import { recordInstallation } from "~/store/shop.server";
import type { NetMarginShopQuery } from "~/types/admin.generated";

export interface InstallationStatus {
  shop: string;
  installedAt: string | null;
  currencyCode: string | null;
  ianaTimezone: string | null;
  apiVersion: string;
  grantedScopes: string[];
  missingScopes: string[];
  orderHistoryLimitedTo60Days: boolean;
}

/** What the home page says about the shop's installation: when, and which permissions are missing. */
export async function installationStatus(
  db: Pick<PrismaClient, "shop">,
  input: { shop: string; requiredScopes: readonly string[]; apiVersion: string },
): Promise<InstallationStatus> {
  const row = await db.shop.findUnique({ where: { shop: input.shop } });
  const granted = parseScopes(row?.scopes ?? "");
  // write_x implies read_x in Shopify's access model.
  const has = (scope: string) =>
    granted.includes(scope) || (scope.startsWith("read_") && granted.includes(`write_${scope.slice(5)}`));
  const missing = row ? input.requiredScopes.filter((s) => !has(s)) : [];
  return {
    shop: input.shop,
    installedAt: row?.installedAt.toISOString() ?? null,
    currencyCode: row?.currencyCode ?? null,
    ianaTimezone: row?.ianaTimezone ?? null,
    apiVersion: input.apiVersion,
    grantedScopes: granted,
    missingScopes: missing,
    orderHistoryLimitedTo60Days: row !== null && !has("read_all_orders"),
  };
}

export function parseScopes(scopes: string): string[] {
  return scopes
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * What happens when a shop installs (afterAuth; the offline demo's install does
 * the same): read the shop's currency and time zone through the Admin API and
 * record the installation with its granted scopes.
 */
export async function installShop(
  db: Pick<PrismaClient, "shop" | "session">,
  input: { shop: string; scopes: string; graphql: AdminGraphql },
): Promise<void> {
  const data = await input.graphql<NetMarginShopQuery | null | undefined>(SHOP_QUERY);
  await recordInstallation(db, {
    shop: input.shop,
    scopes: input.scopes,
    currencyCode: data?.shop.currencyCode ?? null,
    ianaTimezone: data?.shop.ianaTimezone ?? null,
  });
}
