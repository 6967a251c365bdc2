import type { PrismaClient } from "@prisma/client";

import { deleteShopSessions } from "./shop-data.server";

type Db = Pick<PrismaClient, "shop" | "session">;

/** Called after OAuth / token exchange: the shop is (re)installed with these scopes. */
export async function recordInstallation(
  db: Db,
  input: {
    shop: string;
    scopes: string;
    currencyCode?: string | null;
    ianaTimezone?: string | null;
    now?: Date;
  },
): Promise<void> {
  const now = input.now ?? new Date();
  const facts = {
    scopes: input.scopes,
    ...(input.currencyCode ? { currencyCode: input.currencyCode } : {}),
    ...(input.ianaTimezone ? { ianaTimezone: input.ianaTimezone } : {}),
  };
  await db.shop.upsert({
    where: { shop: input.shop },
    create: { shop: input.shop, installedAt: now, ...facts },
    update: { ...facts, uninstalledAt: null },
  });
}

/** app/uninstalled: the offline token is revoked, so the sessions go; the data stays until shop/redact. */
export async function recordUninstall(
  db: Db,
  input: { shop: string; now?: Date },
): Promise<{ sessionsDeleted: number }> {
  const now = input.now ?? new Date();
  const count = await deleteShopSessions(db, input.shop);
  await db.shop.updateMany({ where: { shop: input.shop }, data: { uninstalledAt: now } });
  return { sessionsDeleted: count };
}

/** app/scopes_update: keep the stored sessions and the shop row in line with the granted scopes. */
export async function recordScopesUpdate(
  db: Db,
  input: { shop: string; scopes: readonly string[] },
): Promise<void> {
  const scopes = input.scopes.join(",");
  await db.session.updateMany({ where: { shop: input.shop }, data: { scope: scopes } });
  await db.shop.updateMany({ where: { shop: input.shop }, data: { scopes } });
}
