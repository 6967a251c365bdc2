/**
 * The planner page's data: a small store whose replay is worked out by hand, and a
 * simulator store checked against the domain run directly on the same orders.
 */
import { describe, expect, it } from "vitest";

import { breakEvenThresholds, marginIfFree, recommendedThreshold, replayOrder, replayThresholds, type ReplayOrder } from "~/domain/free-shipping";
import { computeOrderMargin, marginContextFor } from "~/domain/margin";
import { startOfLocalDate } from "~/domain/time";
import type { OrderRecord } from "~/domain/types";
import { openRowReader } from "~/store/row-reader.server";
import { loadMarginSources, recomputeMargins } from "~/margins/recompute.server";
import { settingsToday } from "~/store/cost-settings.server";
import { candidateThresholds, replayMany, lossMakerExamples, parsePlannerParams, perYear, plannerView, tableThresholds, yearlyCostAt } from "~/services/planner.server";
import { backfillShop } from "~/sync/backfill.server";
import { readOrders } from "~/store/order-store.server";
import { syncHarness, type SyncHarness } from "../sync/helpers";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createShop, createUnitCost, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "maison-verte.myshopify.com";
const cleanup = closeAfterEach();

/** Carrier 6.00 a parcel, nothing else, no fees or provisions: the replay is plain arithmetic. */
const FLAT = costSettings({ shipping: { rules: [{ name: "France", countries: ["FR"], cost: "6.00" }], defaultCost: "9.00" } });

/** One line at `price` (tax-exclusive), unit cost 40 % of it, shipping charged `shipping`, to France. */
function order(id: number, price: number, shipping: number): OrderRecord {
  return oneLineOrder({ id, processedAt: `2026-11-${String(id).padStart(2, "0")}T10:00:00Z`, price, shipping });
}

describe("parsePlannerParams", () => {
  it("defaults to 12 months and a cautious 10 % uplift, and names each bad field", () => {
    expect(parsePlannerParams(new URLSearchParams(""))).toEqual({ ok: true, params: { months: 12, upliftPercent: 10 } });
    expect(parsePlannerParams(new URLSearchParams("months=6&uplift=0"))).toEqual({ ok: true, params: { months: 6, upliftPercent: 0 } });
    const bad = parsePlannerParams(new URLSearchParams("months=5&uplift=120"));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.path)).toEqual(["months", "uplift"]);
  });
});

describe("candidateThresholds", () => {
  it("steps up to the 95th percentile basket and adds the current and recommended thresholds", () => {
    // 20 baskets 10.00 … 200.00: the 95th percentile (index 19) is 200.00 → 5.00 steps up to 200.00 are 40 points.
    const baskets = Array.from({ length: 20 }, (_, i) => (i + 1) * 1000);
    const c = candidateThresholds(baskets, 500, [4250, null]);
    expect(c.step).toBe(500);
    expect(c.thresholds[0]).toBe(500);
    expect(c.thresholds.at(-1)).toBe(20000);
    expect(c.thresholds).toContain(4250);
    expect(c.thresholds).toHaveLength(41);
    // 95th percentile 1,000.00 would be 200 steps of 5.00: doubled to 20.00 (50 points).
    expect(candidateThresholds([100000], 500, []).step).toBe(2000);
  });
});

describe("the threshold table's candidates (issue 17, item 5)", () => {
  it("are five amounts 10.00 apart around the recommended one, with today's and the break-even", () => {
    expect(tableThresholds({ recommended: 6000, current: 6000, breakEven: 5000 }, "EUR")).toEqual([4000, 5000, 6000, 7000, 8000]);
    // Today's 45.00 and a break-even of 32.50 are added between them.
    expect(tableThresholds({ recommended: 6000, current: 4500, breakEven: 3250 }, "EUR")).toEqual([3250, 4000, 4500, 5000, 6000, 7000, 8000]);
    // No recommendation: around today's; nothing at or below 0.
    expect(tableThresholds({ recommended: null, current: 1500, breakEven: null }, "EUR")).toEqual([500, 1500, 2500, 3500]);
    // Yen have no minor unit: 10 yen apart.
    expect(tableThresholds({ recommended: 5000, current: null, breakEven: null }, "JPY")).toEqual([4980, 4990, 5000, 5010, 5020]);
    expect(tableThresholds({ recommended: null, current: null, breakEven: null }, "EUR")).toEqual([]);
  });

  it("a period's amount per year is × 12 / months, half-even", () => {
    expect(perYear(-1500, 3)).toBe(-6000);
    expect(perYear(1001, 6)).toBe(2002);
    // 333 × 12 / 9 = 444
    expect(perYear(333, 9)).toBe(444);
    expect(perYear(-79878, 12)).toBe(-79878);
  });
});

describe("replayMany (issue 17, item 7: sorted once, cumulative sums)", () => {
  /** A deterministic spread of orders: baskets in 2.50 steps (ties on purpose), some refunded shipping, losses and negative margins. */
  function orders(n: number): ReplayOrder[] {
    let x = 12345;
    const next = (m: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % m;
    };
    return Array.from({ length: n }, (_, i) => {
      const basket = 250 * next(60);
      const shippingRevenue = [0, 0, 490, 590, -100][next(5)]!;
      const netRevenue = basket + Math.max(0, shippingRevenue);
      return { orderId: `o${i}`, orderName: `#${i}`, basket, shippingRevenue, netRevenue, netMargin: next(4000) - 1500, paymentFees: next(300), zone: ["FR", "DE", "unknown"][next(3)]! };
    });
  }
  const settings = { provisions: { returnsPercent: 3, fraudPercent: 0.5, spoilagePercent: 0 } };

  it("gives the domain replay's results, with its new loss-makers counted", () => {
    const list = orders(3000);
    // Thresholds below, between, on and above the baskets (250 steps up to 14,750).
    const thresholds = [0, 1, 250, 2600, 5000, 7499, 7500, 14_750, 20_000];
    for (const uplift of [null, { share: { num: 1, den: 10 }, item: { title: "Mug", basketPrice: 1200, netRevenue: 1000, marginalMargin: 350 } }]) {
      const options = { settings, uplift };
      const domain = replayThresholds(list, thresholds, options);
      const fast = replayMany(list, list.map((o) => marginIfFree(o, settings)), thresholds, options);
      expect(fast.map(({ newLossMakerCount, ...r }) => ({ ...r, newLossMakers: newLossMakerCount }))).toEqual(domain.map((r) => ({ ...r, newLossMakers: r.newLossMakers.length })));
    }
    expect(replayMany([], [], [500], { settings, uplift: null })).toEqual(replayThresholds([], [500], { settings, uplift: null }).map(({ newLossMakers, ...r }) => ({ ...r, newLossMakerCount: newLossMakers.length })));
  });
});

describe.each([["sqlite"], ["postgresql"]] as const)("plannerView's prepared replay (%s)", (provider) => {
  it("replays the margins as they are now: a prepared replay is not reused once they or the provisions change", async () => {
    const { db, sql, reader } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, installedAt: new Date("2026-10-01T00:00:00Z"), ianaTimezone: "UTC" });
    await createUnitCost(db, { shop: SHOP, cost: 0 });
    await saveSettings(db, SHOP, FLAT);
    await storeOrders(sql, SHOP, [order(1, 2000, 500), order(2, 4000, 500)], new Date("2026-11-20T00:00:00Z"));
    await recomputeMargins({ db, sql, reader, now: () => new Date("2026-11-20T01:00:00Z") }, SHOP, { all: true });
    const now = new Date("2026-11-22T12:00:00Z");
    const view = () => plannerView(db, reader, SHOP, { months: 3, upliftPercent: 0 }, { now, current: 3500 });
    // 20 + 5 − 6 = 19.00 and 39.00.
    expect([(await view()).orders, (await view()).baseline]).toEqual([2, 5800]);

    // A third order (60.00 + 5.00 − 6.00 = 59.00), its month recomputed: the next view has it.
    await storeOrders(sql, SHOP, [order(3, 6000, 500)], new Date("2026-11-21T00:00:00Z"));
    await recomputeMargins({ db, sql, reader, now: () => new Date("2026-11-21T01:00:00Z") }, SHOP, { all: true });
    const after = await view();
    expect([after.orders, after.baseline]).toEqual([3, 11_700]);
    // At 35.00 without provisions: #2 and #3 give up 5.00 each.
    expect(after.atCurrent!.withoutUplift.netMarginChange).toBe(-1000);

    // Returns provision 10 % from today: the shipping given up carries 0.50 less provision an order: −10.00 + 1.00.
    await saveSettings(db, SHOP, costSettings({ ...FLAT, provisions: { returnsPercent: 10, fraudPercent: 0, spoilagePercent: 0 } }), { now: new Date("2026-11-22T00:00:00Z") });
    expect((await view()).atCurrent!.withoutUplift.netMarginChange).toBe(-900);
  });
});

describe("plannerView", () => {
  it("replays the stored facts: a small store worked out by hand", async () => {
    const { db, sql, reader } = await cleanup.open();
    await createShop(db, { shop: SHOP, installedAt: new Date("2026-10-01T00:00:00Z"), ianaTimezone: "UTC" });
    await createUnitCost(db, { shop: SHOP, cost: 0 });
    await saveSettings(db, SHOP, FLAT);
    // Baskets 20.00, 40.00, 60.00, each charged 5.00 shipping; unit cost 0, carrier 6.00.
    await storeOrders(sql, SHOP, [order(1, 2000, 500), order(2, 4000, 500), order(3, 6000, 500)], new Date("2026-11-20T00:00:00Z"));
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });

    const view = await plannerView(db, reader, SHOP, { months: 3, upliftPercent: 0 }, { now: new Date("2026-11-22T12:00:00Z"), current: 3500 });
    // Margins today: 20 + 5 − 6 = 19.00, 39.00, 59.00 → baseline 117.00.
    expect(view.orders).toBe(3);
    expect(view.baseline).toBe(1900 + 3900 + 5900);
    // At the current 35.00: orders #2 and #3 lose their 5.00 shipping → −10.00 in total, −3.33 per order (−1000/3 half-even).
    expect(view.atCurrent).toMatchObject({ threshold: 3500, withoutUplift: { qualifyingOrders: 2, shippingRevenueLost: 1000, netMarginChange: -1000, netMarginChangePerOrder: -333 } });
    expect(view.curve.find((p) => p.threshold === 3500)).toMatchObject({ qualifyingShareBp: 6667, netMarginChange: -1000, netMarginChangeWithUplift: -1000 });
    // Every order keeps a margin with free shipping (14.00, 34.00, 54.00), so all bands pass: the break-even is the lowest band, 20.00.
    expect(view.breakEven.zero).toMatchObject({ kind: "threshold", threshold: 2000, qualifyingOrders: 3 });
    expect(view.zones.map((z) => [z.zone, z.orders])).toEqual([["FR", 3]]);
    expect(view.curve.map((p) => p.threshold)).toContain(3500);
    // Several thresholds in the table, each for a year (3 months × 4). Every order keeps 70 % with free shipping:
    // recommended = break-even = 20.00; rows 10.00 … 40.00 around it, with today's 35.00.
    expect(view.recommended).toBe(2000);
    expect(view.candidates.map((c) => [c.threshold, c.roles])).toEqual([
      [1000, []],
      [2000, ["recommended", "break-even"]],
      [3000, []],
      [3500, ["today"]],
      [4000, []],
    ]);
    // From 20.00 all three orders ship free: 3 × 5.00 = 15.00 in the 3 months → 60.00 a year you pay, margin −60.00.
    expect(view.candidates[1]).toEqual({ threshold: 2000, roles: ["recommended", "break-even"], qualifyingShareBp: 10_000, shippingPaidPerYear: 6000, netMarginChangePerYear: -6000, withUpliftPerYear: -6000, newLossMakers: 0 });
    // From 35.00: the 40.00 and 60.00 baskets → 10.00 → 40.00 a year.
    expect(view.candidates[3]).toMatchObject({ threshold: 3500, qualifyingShareBp: 6667, shippingPaidPerYear: 4000, netMarginChangePerYear: -4000 });
    // The Apply confirmation: the last 12 months at 35.00 (the same three orders): 2 of 3 qualify, 10.00 shipping you pay.
    expect(await yearlyCostAt(db, reader, SHOP, 3500, { now: new Date("2026-11-22T12:00:00Z") })).toEqual({
      threshold: 3500,
      currency: "EUR",
      months: 12,
      orders: 3,
      qualifyingOrders: 2,
      shippingPaid: 1000,
      netMarginChange: -1000,
    });
    // Nothing sells with shipping above its margin here.
    expect(view.heavy).toEqual([]);
    // Shipping not read: no "today" per zone.
    expect(view.today).toBeNull();
    expect(view.zones[0]!.today).toBeNull();

    // The shop's rates: France 4.90 a parcel, free from 50.00 (a 0-priced rate); NetMargin's discount from 35.00.
    const france = {
      profile: "General profile",
      defaultProfile: true,
      name: "France",
      countries: ["FR"],
      rates: [
        { name: "Colissimo", active: true, price: 490, conditions: [] },
        { name: "Free from 50", active: true, price: 0, conditions: [{ field: "TOTAL_PRICE" as const, operator: "GREATER_THAN_OR_EQUAL_TO" as const, value: 5000 }] },
      ],
    };
    const nm = { title: "Free shipping from 35.00 EUR", minimum: 3500, countries: null, netMargin: true };
    const withRates = await plannerView(db, reader, SHOP, { months: 3, upliftPercent: 0 }, { now: new Date("2026-11-22T12:00:00Z"), current: 3500, shipping: { zones: [france], offers: [nm] } });
    // FR customers ship free from 35.00 (the discount, below the rate's 50.00) and otherwise pay 4.90.
    expect(withRates.today).toEqual([expect.objectContaining({ zone: "France", freeFrom: 5000, discountFrom: 3500, threshold: 3500, source: { kind: "discount", title: nm.title, netMargin: true } })]);
    expect(withRates.zones[0]!.today).toEqual({ threshold: 3500, source: { kind: "discount", title: nm.title, netMargin: true }, paid: { min: 490, max: 490, byWeight: false }, varies: false });
    // The replay itself does not change with what is on the store today.
    expect(withRates.curve).toEqual(view.curve);
    // Without the discount the rate's 50.00 is what FR customers get.
    const rateOnly = await plannerView(db, reader, SHOP, { months: 3, upliftPercent: 0 }, { now: new Date("2026-11-22T12:00:00Z"), shipping: { zones: [france], offers: [] } });
    expect(rateOnly.zones[0]!.today).toMatchObject({ threshold: 5000, source: { kind: "rate", name: "Free from 50" } });
    // No NetMargin discount: the replay's "on your store" threshold is the rate's 50.00 (the only zone's):
    // orders #3 (60.00) qualifies and loses its 5.00 shipping → −5.00.
    expect(rateOnly.current).toBe(5000);
    expect(rateOnly.atCurrent).toMatchObject({ threshold: 5000, withoutUplift: { qualifyingOrders: 1, netMarginChange: -500 } });

    // #4: a 3.00 basket charged 5.00 shipping keeps 3 + 5 − 6 = 2.00 today and would lose 3.00 with free shipping.
    await storeOrders(sql, SHOP, [order(4, 300, 500)], new Date("2026-11-20T00:00:00Z"));
    await recomputeMargins({ db, sql, reader }, SHOP);
    const range = { from: new Date("2026-08-01T00:00:00Z"), to: new Date("2026-11-23T00:00:00Z") };
    expect(await lossMakerExamples(reader, SHOP, range, 100, FLAT)).toEqual(["#4"]);
    expect(await lossMakerExamples(reader, SHOP, range, 400, FLAT)).toEqual([]);
    const after = await plannerView(db, reader, SHOP, { months: 3, upliftPercent: 0 }, { now: new Date("2026-11-22T12:00:00Z"), current: 300 });
    expect(after.atCurrent).toMatchObject({ threshold: 300, newLossMakers: ["#4"] });
    expect(after.curve.find((p) => p.threshold === 300)?.newLossMakers).toBe(1);
  });

  it("equals the domain replay of the same orders, for a simulator store", async () => {
    let h: SyncHarness | null = await syncHarness({ generator: { seed: 61, orders: 300, preset: "eu" } });
    cleanup.later(async () => h?.close());
    await h.db.shop.update({ where: { shop: h.shop }, data: { ianaTimezone: "Europe/Paris" } });
    await backfillShop(h.deps, h.shop);
    const reader = openRowReader(h.url);
    cleanup.later(() => reader.close());
    await recomputeMargins({ db: h.db, sql: h.sql, reader }, h.shop, { all: true });
    const now = new Date(h.sim.store.now());
    const view = await plannerView(h.db, reader, h.shop, { months: 12, upliftPercent: 0 }, { now });

    const sources = await loadMarginSources(h.db, h.shop);
    const settings = settingsToday(sources.settings, now);
    // The period: shop-local days (Paris) from view.period.from to view.period.to (exclusive).
    const start = Date.parse(startOfLocalDate(view.period.from, "Europe/Paris"));
    const end = Date.parse(startOfLocalDate(view.period.to, "Europe/Paris"));
    expect(end).toBeGreaterThan(now.getTime());
    const orders = (await readOrders(h.db, h.shop)).filter((o) => !o.cancelled && !o.test && Date.parse(o.processedAt) >= start && Date.parse(o.processedAt) < end);
    const replay = orders.map((o) =>
      replayOrder(o, computeOrderMargin(o, marginContextFor(o, { settings: sources.settings, unitCosts: sources.unitCosts, shippingCosts: sources.shippingCosts, fixedCosts: null })), settings),
    );
    expect(view.orders).toBeGreaterThan(100);
    // Fixed costs are not in this store's settings, so margins without the monthly share equal the stored ones.
    expect(view.orders).toBe(replay.length);
    const be = breakEvenThresholds(replay, settings, { bandWidth: 500 });
    expect(view.breakEven).toEqual(be);
    expect(view.recommended).toBe(recommendedThreshold(be, 100));
    const results = replayThresholds(replay, view.curve.map((p) => p.threshold), { settings, uplift: null });
    expect(view.curve.map((p) => [p.threshold, p.netMarginChange, p.qualifyingShareBp])).toEqual(results.map((r) => [r.threshold, r.withoutUplift.netMarginChange, r.withoutUplift.qualifyingShareBp]));
    await h.close();
    h = null;
  });
});
