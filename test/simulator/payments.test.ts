import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { BALANCE_TRANSACTIONS_QUERY, PAYMENTS_ACCOUNT_QUERY, PAYOUTS_QUERY } from "~/shopify/payments";
import { nextPayoutDay, paymentsLedger, setShopifyPayments } from "./payments";
import { startSimulator, type Simulator } from "./server";
import { Store } from "./store";
import { cents, client, type GqlResponse } from "./test-client";

const NOW = "2026-10-15T12:00:00Z"; // a Thursday
const nowMs = Date.parse(NOW);
const BIG_BUCKET = { maximumAvailable: 1_000_000, restoreRate: 1_000_000 };
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));

// The live capture's probe, as sent upstream (airhorns/shopify-draft-proxy
// fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/payments/shopify-payments-account-access-denied.json,
// upstreamCalls[0].query): the error's location is line 2, column 3 there.
const CAPTURED_PROBE = [
  "query ShopifyPaymentsAccountAccessProbe {",
  "  shopifyPaymentsAccount {",
  "    id activated country defaultCurrency onboardable",
  "    payouts(first: 1) { nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }",
  "    disputes(first: 1) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }",
  "    balanceTransactions(first: 1) { nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }",
  "  }",
  "}",
].join("\n");

describe("payout schedule (hand-worked days)", () => {
  it("daily: the next business day; weekly: the anchor weekday; monthly: the anchor, or the month's last day", () => {
    // 2026-10-17 is a Saturday → Monday 2026-10-19.
    expect(iso(nextPayoutDay({ interval: "DAILY", weeklyAnchor: null, monthlyAnchor: null }, day("2026-10-17")))).toBe("2026-10-19");
    // Monday 2026-10-12 → Friday 2026-10-16; a Friday is its own payout day.
    expect(iso(nextPayoutDay({ interval: "WEEKLY", weeklyAnchor: "FRIDAY", monthlyAnchor: null }, day("2026-10-12")))).toBe("2026-10-16");
    expect(iso(nextPayoutDay({ interval: "WEEKLY", weeklyAnchor: "FRIDAY", monthlyAnchor: null }, day("2026-10-16")))).toBe("2026-10-16");
    // Anchor 31: November has 30 days → 2026-11-30 ("sent on the last day of shorter months").
    expect(iso(nextPayoutDay({ interval: "MONTHLY", weeklyAnchor: null, monthlyAnchor: 31 }, day("2026-11-02")))).toBe("2026-11-30");
    expect(nextPayoutDay({ interval: "MANUAL", weeklyAnchor: null, monthlyAnchor: null }, day("2026-11-02"))).toBeNull();
  });
});

describe("Shopify Payments in the simulator", () => {
  let sim: Simulator;
  let gql: ReturnType<typeof client>;

  beforeAll(async () => {
    sim = await startSimulator({ store: Store.generate({ seed: 11, orders: 150, preset: "eu", now: NOW }), bucket: BIG_BUCKET, now: () => nowMs });
    gql = client(sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  async function allPages(query: string, key: "payouts" | "balanceTransactions", variables: Record<string, unknown> = {}) {
    const nodes: any[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    let after: string | null = null;
    const costs: number[] = [];
    for (;;) {
      const r: GqlResponse = await gql(query, { ...variables, after });
      expect(r.body.errors).toBeUndefined();
      costs.push(r.body.extensions.cost.requestedQueryCost as number);
      const conn: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = r.body.data.shopifyPaymentsAccount[key];
      nodes.push(...conn.nodes);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    return { nodes, costs };
  }

  it("the account: EUR, paid out weekly on Friday", async () => {
    const r = await gql(PAYMENTS_ACCOUNT_QUERY);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.shopifyPaymentsAccount).toMatchObject({ activated: true, defaultCurrency: "EUR", payoutSchedule: { interval: "WEEKLY", weeklyAnchor: "FRIDAY", monthlyAnchor: null } });
  });

  it("one CHARGE per successful Shopify Payments sale or capture, with the fees its order transaction carries; net = amount − fee", async () => {
    const { nodes, costs } = await allPages(BALANCE_TRANSACTIONS_QUERY, "balanceTransactions");
    // Documented cost rule: 2 + 100 × (node 1 + amount, fee, net 3 + associatedOrder 1 + associatedPayout 1) = 602 (+ the account object 1).
    expect(costs[0]).toBeLessThanOrEqual(1000);
    const expected = sim.store.orders.flatMap((o) =>
      o.transactions.filter((t) => t.gateway === "shopify_payments" && t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE")).map((t) => ({ o, t })),
    );
    expect(expected.length).toBeGreaterThan(10);
    const charges = nodes.filter((n) => n.type === "CHARGE");
    expect(charges).toHaveLength(expected.length);
    for (const { o, t } of expected) {
      const bt = charges.find((n) => n.sourceOrderTransactionId === t.id.split("/").pop());
      expect(bt, t.id).toBeDefined();
      expect(bt.associatedOrder.id).toBe(o.id);
      expect(cents(bt.amount.amount)).toBe(t.amount);
      expect(cents(bt.fee.amount)).toBe(t.fees.reduce((s, f) => s + f.amount, 0));
      expect(cents(bt.net.amount)).toBe(cents(bt.amount.amount) - cents(bt.fee.amount));
    }
    // hideTransfers: true leaves the payouts' own transfers out.
    expect(nodes.some((n) => n.type === "TRANSFER")).toBe(false);
    const withTransfers = await gql(`{ shopifyPaymentsAccount { balanceTransactions(first: 250, query: "transaction_type:transfer") { nodes { type associatedOrder { id } } } } }`);
    expect(withTransfers.body.data.shopifyPaymentsAccount.balanceTransactions.nodes.length).toBeGreaterThan(0);
  });

  it("payouts collect the available charges on Fridays: net = Σ its transactions' net = gross − fees; SCHEDULED after now, PAID before", async () => {
    const { nodes: payouts, costs } = await allPages(PAYOUTS_QUERY, "payouts");
    expect(costs[0]).toBeLessThanOrEqual(1000);
    const { nodes: txs } = await allPages(BALANCE_TRANSACTIONS_QUERY, "balanceTransactions");
    expect(payouts.length).toBeGreaterThan(3);
    for (const p of payouts) {
      expect(new Date(p.issuedAt).getUTCDay()).toBe(5);
      expect(p.status).toBe(Date.parse(p.issuedAt) > nowMs ? "SCHEDULED" : "PAID");
      const mine = txs.filter((t) => t.associatedPayout.id === p.id);
      expect(mine.length).toBeGreaterThan(0);
      const net = mine.reduce((s, t) => s + cents(t.net.amount), 0);
      expect(cents(p.net.amount)).toBe(net);
      const s = p.summary;
      const gross = cents(s.chargesGross.amount) + cents(s.refundsFeeGross.amount);
      const fees = cents(s.chargesFee.amount) + cents(s.refundsFee.amount);
      expect(cents(p.net.amount)).toBe(gross - fees);
      for (const t of mine) expect(t.associatedPayout.status).toBe(p.status);
    }
    // Charges processed on Tue 13 Oct or later are available on Thu 15 Oct at the earliest
    // (2 business days) and fall into Friday 16 Oct's payout (SCHEDULED); later ones are PENDING.
    const pending = txs.filter((t) => t.associatedPayout.id === null);
    for (const t of pending) {
      expect(t.associatedPayout.status).toBe("PENDING");
      expect(Date.parse(t.transactionDate)).toBeGreaterThanOrEqual(day("2026-10-14"));
    }
  });

  it("filters balance transactions by processed_at and payouts by issued_at", async () => {
    const since = "2026-10-01T00:00:00Z";
    const { nodes } = await allPages(BALANCE_TRANSACTIONS_QUERY, "balanceTransactions", { query: `processed_at:>='${since}'` });
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(Date.parse(n.transactionDate)).toBeGreaterThanOrEqual(Date.parse(since));
    const { nodes: payouts } = await allPages(PAYOUTS_QUERY, "payouts", { query: `issued_at:>='${since}'` });
    for (const p of payouts) expect(Date.parse(p.issuedAt)).toBeGreaterThanOrEqual(Date.parse(since));
  });

  it("without read_shopify_payments(_accounts): ACCESS_DENIED on the field, as captured (data null, HTTP 200, cost reported)", async () => {
    const install = sim.store.appInstallation;
    const scopes = install.accessScopes;
    install.accessScopes = scopes.filter((s) => s !== "read_shopify_payments_accounts");
    try {
      expect(install.accessScopes).toContain("read_shopify_payments_payouts");
      const r = await gql(CAPTURED_PROBE);
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual({ shopifyPaymentsAccount: null });
      expect(r.body.errors).toEqual([
        {
          message: "Access denied for shopifyPaymentsAccount field. Required access: the `read_shopify_payments` or the `read_shopify_payments_accounts` access scope.",
          locations: [{ line: 2, column: 3 }],
          extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: "the `read_shopify_payments` or the `read_shopify_payments_accounts` access scope." },
          path: ["shopifyPaymentsAccount"],
        },
      ]);
      expect(r.body.extensions.cost.requestedQueryCost).toBeGreaterThan(0);
    } finally {
      install.accessScopes = scopes;
    }
  });

  it("a shop without Shopify Payments: the account is null, without an error", async () => {
    setShopifyPayments(sim.store, { enabled: false });
    try {
      expect(paymentsLedger(sim.store, nowMs)).toBeNull();
      const r = await gql(PAYMENTS_ACCOUNT_QUERY);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data).toEqual({ shopifyPaymentsAccount: null });
    } finally {
      setShopifyPayments(sim.store, { enabled: true });
    }
  });
});
