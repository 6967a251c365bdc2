import { afterEach, describe, expect, it } from "vitest";

import { AdminClient } from "~/shopify/admin-client.server";
import { getSyncStatus, type SyncStatus } from "~/store/sync-state.server";
import { backfillShop, retryingMessage } from "~/sync/backfill.server";
import { syncHarness, type SyncHarness } from "./helpers";

/**
 * Defect 9 of issue 16: while every Admin API call failed with HTTP 500 the sync
 * showed "running" and nothing else. The sync state now says, in plain words, that
 * Shopify is not answering and NetMargin keeps retrying, and the next answer clears it.
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe("a backfill whose Admin API calls fail with HTTP 500", () => {
  it("carries a message on the running sync while it retries, cleared by the next answer", async () => {
    h = await syncHarness({ generator: { seed: 5, orders: 20, preset: "eu" } });
    const s = h;
    await s.db.shop.update({ where: { shop: s.shop }, data: { ianaTimezone: "Europe/Paris" } });
    // The clock the backfill reads: 13:02 UTC is 14:02 in Paris (winter).
    const clock = new Date("2026-12-07T13:02:30Z");
    const seenWhileRetrying: SyncStatus[] = [];
    const admin = new AdminClient({
      shop: s.shop,
      accessToken: s.sim.accessToken,
      endpoint: s.sim.graphqlUrl,
      baseDelayMs: 1,
      // Each backoff is where the merchant would be looking at the page.
      sleep: async () => {
        seenWhileRetrying.push(await getSyncStatus(s.db, s.shop));
      },
    });
    let afterRecovery: SyncStatus | null = null;
    const request = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
      const data = await admin.request<T>(query, variables);
      if (seenWhileRetrying.length > 0 && afterRecovery === null) afterRecovery = await getSyncStatus(s.db, s.shop);
      return data;
    };
    s.sim.faults.serverError(4, 500);

    const result = await backfillShop({ ...s.deps, admin: request, now: () => clock }, s.shop);

    expect(result.ok).toBe(true);
    expect(seenWhileRetrying.map((st) => [st.status, st.message])).toEqual([
      ["running", "Shopify is not answering (HTTP 500 on the last attempt since 14:02); NetMargin keeps retrying."],
      ["running", "Shopify is not answering (HTTP 500 on the last 2 attempts since 14:02); NetMargin keeps retrying."],
      ["running", "Shopify is not answering (HTTP 500 on the last 3 attempts since 14:02); NetMargin keeps retrying."],
      ["running", "Shopify is not answering (HTTP 500 on the last 4 attempts since 14:02); NetMargin keeps retrying."],
    ]);
    // The first answer clears it while the backfill is still running.
    expect(afterRecovery).toMatchObject({ status: "running", message: null });
    expect(await getSyncStatus(s.db, s.shop)).toMatchObject({ status: "idle", message: null, attention: null });
    expect((await s.db.syncState.findUniqueOrThrow({ where: { shop: s.shop } })).statusMessage).toBeNull();
  });

  it("reports nothing for throttling (Shopify pacing the app, not a fault)", async () => {
    h = await syncHarness({ generator: { seed: 6, orders: 5, preset: "us" } });
    const s = h;
    const seen: (string | null)[] = [];
    const admin = new AdminClient({
      shop: s.shop,
      accessToken: s.sim.accessToken,
      endpoint: s.sim.graphqlUrl,
      baseDelayMs: 1,
      sleep: async () => {
        seen.push((await getSyncStatus(s.db, s.shop)).message);
      },
    });
    s.sim.faults.rateLimit(2, 0);
    const result = await backfillShop({ ...s.deps, admin: admin.request }, s.shop);
    expect(result.ok).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((m) => m === null)).toBe(true);
  });
});

describe("retryingMessage", () => {
  const since = new Date("2026-12-07T14:02:00Z");
  it("names mixed failures, network trouble and a shop without a time zone", () => {
    expect(retryingMessage(["HTTP 502", "HTTP 500", "HTTP 500"], since, "America/New_York")).toBe(
      "Shopify is not answering (HTTP 502 and HTTP 500 on the last 3 attempts since 09:02); NetMargin keeps retrying.",
    );
    expect(retryingMessage(["network error (ECONNRESET)"], since, null)).toBe(
      "Shopify cannot be reached (network error (ECONNRESET) on the last attempt since 14:02 UTC); NetMargin keeps retrying.",
    );
    expect(retryingMessage(["HTTP 503"], since, "Not/AZone")).toBe("Shopify is not answering (HTTP 503 on the last attempt since 14:02 UTC); NetMargin keeps retrying.");
  });
});
