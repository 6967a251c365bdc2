/**
 * Test harness of sync: a fresh SQLite database (migrated), the Prisma client and
 * the SQL writer on it, a simulator store, an AdminClient on it with instant
 * sleeps, and the shop installed.
 */
import type { PrismaClient } from "@prisma/client";

import { AdminClient } from "~/shopify/admin-client.server";
import type { BackfillDeps } from "~/sync/backfill.server";
import type { SqlDb } from "~/store/sql.server";
import { freshDatabase } from "../helpers/database";
import { startSimulator, type Simulator, type SimulatorOptions } from "../simulator/server";

export interface SyncHarness {
  sim: Simulator;
  db: PrismaClient;
  sql: SqlDb;
  admin: AdminClient;
  deps: BackfillDeps;
  shop: string;
  url: string;
  close(): Promise<void>;
}

export async function syncHarness(
  opts: SimulatorOptions & { scopes?: string; databaseUrl?: string } = {},
): Promise<SyncHarness> {
  const sim = await startSimulator({ bulk: { stepDelayMs: 2 }, ...opts });
  const { db, sql, url, close } = await freshDatabase(opts.databaseUrl);
  const shop = sim.shopDomain;
  await db.shop.upsert({
    where: { shop },
    create: { shop, installedAt: new Date(), scopes: opts.scopes ?? "read_orders,read_all_orders,read_products,read_inventory", currencyCode: sim.store.shop.currencyCode },
    update: {},
  });
  const admin = new AdminClient({ shop, accessToken: sim.accessToken, endpoint: sim.graphqlUrl, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 250))), baseDelayMs: 1 });
  const deps: BackfillDeps = {
    db,
    sql,
    admin: admin.request,
    now: () => new Date(sim.store.now()),
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))),
    pollMs: { first: 5, max: 20 },
  };
  return {
    sim,
    db,
    sql,
    admin,
    deps,
    shop,
    url,
    async close() {
      await sim.close();
      await close();
    },
  };
}
