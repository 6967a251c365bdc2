import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, beforeAll, expect, it } from "vitest";

import { createPrismaClient, type Db } from "~/db.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { describeEachProvider } from "./databases";

/** The Session model holds everything @shopify/shopify-app-session-storage-prisma reads and writes. */
describeEachProvider("PrismaSessionStorage", (_provider, database) => {
  let db: Db;
  let storage: PrismaSessionStorage<Db>;

  beforeAll(async () => {
    await applyMigrations({ databaseUrl: database().url });
    db = createPrismaClient(database().url);
    storage = new PrismaSessionStorage(db, { connectionRetries: 1 });
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  const offline = () =>
    new Session({
      id: "offline_alpha.myshopify.com",
      shop: "alpha.myshopify.com",
      state: "state-1",
      isOnline: false,
      scope: "read_orders,read_products",
      expires: new Date("2027-01-01T00:00:00.000Z"),
      accessToken: "shpat_offline",
      refreshToken: "shprt_refresh",
      refreshTokenExpires: new Date("2027-06-01T00:00:00.000Z"),
    });

  const online = () =>
    new Session({
      id: "alpha.myshopify.com_902541635",
      shop: "alpha.myshopify.com",
      state: "state-2",
      isOnline: true,
      scope: "read_orders",
      expires: new Date("2026-12-01T00:00:00.000Z"),
      accessToken: "shpua_online",
      onlineAccessInfo: {
        expires_in: 86_400,
        associated_user_scope: "read_orders",
        associated_user: {
          // Beyond 2^31: stored in a BigInt column.
          id: 902_541_635_123,
          first_name: "Staff",
          last_name: "Member",
          email: "staff@example.com",
          email_verified: true,
          account_owner: false,
          locale: "en",
          collaborator: false,
        },
      },
    });

  it("is ready once the migrations have created the Session table", async () => {
    expect(await storage.isReady()).toBe(true);
  });

  it("stores and loads offline and online sessions unchanged", async () => {
    expect(await storage.storeSession(offline())).toBe(true);
    expect(await storage.storeSession(online())).toBe(true);

    const loadedOffline = await storage.loadSession(offline().id);
    expect(loadedOffline?.equals(offline())).toBe(true);
    expect(loadedOffline?.refreshToken).toBe("shprt_refresh");
    expect(loadedOffline?.refreshTokenExpires?.toISOString()).toBe("2027-06-01T00:00:00.000Z");

    const loadedOnline = await storage.loadSession(online().id);
    expect(loadedOnline?.equals(online())).toBe(true);
    expect(loadedOnline?.onlineAccessInfo?.associated_user.id).toBe(902_541_635_123);
  });

  it("updates a stored session in place", async () => {
    const updated = offline();
    updated.accessToken = "shpat_rotated";
    await storage.storeSession(updated);
    expect((await storage.loadSession(updated.id))?.accessToken).toBe("shpat_rotated");
    expect(await db.session.count({ where: { id: updated.id } })).toBe(1);
  });

  it("finds the sessions of one shop only", async () => {
    await storage.storeSession(
      new Session({ id: "offline_beta.myshopify.com", shop: "beta.myshopify.com", state: "s", isOnline: false }),
    );
    const ids = (await storage.findSessionsByShop("alpha.myshopify.com")).map((session) => session.id).sort();
    expect(ids).toEqual([online().id, offline().id].sort());
  });

  it("deletes one session, then several, and tolerates unknown ids", async () => {
    expect(await storage.deleteSession(online().id)).toBe(true);
    expect(await storage.loadSession(online().id)).toBeUndefined();
    expect(await storage.deleteSession("no-such-session")).toBe(true);

    expect(await storage.deleteSessions([offline().id, "offline_beta.myshopify.com"])).toBe(true);
    expect(await storage.findSessionsByShop("alpha.myshopify.com")).toEqual([]);
    expect(await db.session.count()).toBe(0);
  });
});
