/**
 * The Shopify Payments import end to end against the simulator (issue 19, item 1): the
 * install's full read, the refresh, a shop without the scope (asked nothing that Shopify
 * would deny: the shop's sync goes on) and a shop without Shopify Payments.
 */
import { afterEach, describe, expect, it } from "vitest";

import { listPayouts, saleToCashDelays, shopifyPaymentsStatus } from "~/store/payments.server";
import { needsAttention } from "~/store/sync-state.server";
import { backfillShop } from "~/sync/backfill.server";
import { importPayments } from "~/sync/payments-import.server";
import { paymentsLedger, setShopifyPayments } from "../simulator/payments";
import { syncHarness, type SyncHarness } from "./helpers";

const NOW = "2026-10-15T12:00:00Z";
const nowMs = Date.parse(NOW);
// The harness sleeps at most 250 ms: a large bucket instead of waiting for 100 points a second.
const BIG_BUCKET = { maximumAvailable: 1_000_000, restoreRate: 1_000_000 };
const ALL = { from: new Date("2020-01-01T00:00:00Z"), to: new Date("2030-01-01T00:00:00Z") };

describe("importPayments against the simulator", () => {
  let h: SyncHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  async function harness() {
    // The simulator's clock starts at NOW and runs (its bucket refills as on Shopify).
    const started = Date.now();
    h = await syncHarness({ generator: { seed: 23, orders: 160, preset: "eu", now: NOW }, now: () => nowMs + (Date.now() - started), bucket: BIG_BUCKET });
    return h;
  }

  it("reads every payout and balance transaction, then only what changed; margins of the orders re-priced", async () => {
    const { db, sim, shop, deps } = await harness();
    await backfillShop(deps, shop);
    await db.marginDirty.deleteMany({ where: { shop } });
    const ledger = paymentsLedger(sim.store, nowMs)!;
    const charges = ledger.transactions.filter((t) => t.type !== "TRANSFER");
    expect(ledger.payouts.length).toBeGreaterThan(3);

    const first = await importPayments({ db, admin: deps.admin, now: () => new Date(nowMs) }, shop);
    expect(first).toMatchObject({ status: "active", mode: "full", payouts: ledger.payouts.length, balanceTransactions: charges.length, rejected: 0 });
    // Every charge's order is stored (the backfill ran): each new fee marks its order.
    expect(first.ordersMarked).toBe(new Set(charges.map((t) => t.order!.id)).size);
    expect(await db.marginDirty.count({ where: { shop } })).toBeGreaterThan(0);
    expect(await shopifyPaymentsStatus(shop, db)).toBe("active");

    // The stored payouts are the simulator's, in minor units: net = gross − fees.
    const payouts = await listPayouts(shop, ALL, db);
    expect(payouts.map((p) => [p.id, p.status, p.net])).toEqual(ledger.payouts.map((p) => [p.id, p.status, p.net]));
    for (const p of payouts) expect(p.net).toBe(p.gross - p.fees);
    expect(await db.balanceTransaction.count({ where: { shop } })).toBe(charges.length);
    expect(await db.payoutSchedule.findUnique({ where: { shop } })).toMatchObject({ interval: "WEEKLY", weeklyAnchor: "FRIDAY", currency: "EUR", syncedThrough: new Date(nowMs) });

    // Sale to cash: every charge in a payout, its order's processedAt before the payout's date.
    const delays = await saleToCashDelays(shop, ALL, db);
    expect(delays.length).toBe(charges.filter((t) => t.type === "CHARGE" && t.payoutId !== null).length);
    for (const d of delays) expect(d.paidOutAt.getTime()).toBeGreaterThan(d.processedAt.getTime());

    // The refresh: what was processed or issued since the checkpoint less 40 days; nothing new, nothing marked.
    await db.marginDirty.deleteMany({ where: { shop } });
    const again = await importPayments({ db, admin: deps.admin, now: () => new Date(nowMs) }, shop);
    expect(again).toMatchObject({ status: "active", mode: "since", ordersMarked: 0, rejected: 0 });
    expect(again.balanceTransactions).toBeLessThan(charges.length);
    expect(await db.balanceTransaction.count({ where: { shop } })).toBe(charges.length);
    expect(await db.marginDirty.count({ where: { shop } })).toBe(0);
    // Pages stayed under Shopify's 1,000-point limit of one query.
    const costs = sim.requests.filter((r) => r.operationName === "NetMarginPayouts" || r.operationName === "NetMarginBalanceTransactions").map((r) => r.requestedQueryCost ?? 0);
    expect(Math.max(...costs)).toBeLessThanOrEqual(1000);
  });

  it("without read_shopify_payments(_accounts): 'no_access', Shopify is not asked for the account, the shop's sync goes on", async () => {
    const { db, sim, shop, deps } = await harness();
    sim.store.appInstallation.accessScopes = sim.store.appInstallation.accessScopes.filter((s) => s !== "read_shopify_payments_accounts");
    const r = await importPayments({ db, admin: deps.admin }, shop);
    expect(r).toMatchObject({ status: "no_access", payouts: 0, balanceTransactions: 0 });
    expect(await shopifyPaymentsStatus(shop, db)).toBe("no_access");
    expect(sim.requests.map((q) => q.operationName)).toEqual(["NetMarginPaymentsScopes"]);
    expect(await needsAttention(db, shop)).toBe(false);
  });

  it("a shop without Shopify Payments: 'not_used', nothing stored", async () => {
    const { db, sim, shop, deps } = await harness();
    setShopifyPayments(sim.store, { enabled: false });
    const r = await importPayments({ db, admin: deps.admin }, shop);
    expect(r).toMatchObject({ status: "not_used", payouts: 0, balanceTransactions: 0 });
    expect(await shopifyPaymentsStatus(shop, db)).toBe("not_used");
    expect(await db.payout.count({ where: { shop } })).toBe(0);
  });
});
