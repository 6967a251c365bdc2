import { beforeEach, expect, it } from "vitest";

import { deleteShopData } from "~/store/shop-data.server";
import { filterStockRows, parseStockParams, refreshStockHealth, stockCsv, stockCsvRows, stockForProduct, stockHealthOptionsFor, stockOverview, stockPage } from "~/services/stock.server";
import { computeStockHealth } from "~/margins/stock-health.server";
import { stockHealthOutOfDate } from "~/store/stock-health.server";
import { assignProducts, saveSupplier } from "~/store/suppliers.server";
import { DEFAULT_STOCK_HEALTH_OPTIONS } from "~/domain/stock-health";
import { describeEachProvider } from "../db/databases";
import { useFreshDatabase } from "../helpers/database";
import { createProduct, createShop, createUnitCost, createVariant } from "../helpers/factories";

/**
 * Stock health for the Stock page and a product's page (issue 18, items 3 and 6), on both
 * providers, from stored facts written by hand: the catalog, stock levels per location,
 * daily stock snapshots (history starts on 1 November, at install), and the margins per
 * product-day and variant-day as the recompute stores them (variant rows only for the mug,
 * the one product with two variants). asOf = 6 December (yesterday of the 7th, the last
 * complete day): short window 9 Nov – 6 Dec (28 days), long window 8 Sep – 6 Dec (90 days).
 *
 * - Linen shirt (V1, one variant): 150 at Paris + 50 at Lyon = 200 on hand (30 more at the
 *   closed Old depot do not count) × 20.00 = 4,000.00; last sale 8 August, 120 days before
 *   6 December → dead stock, all 4,000.00 tied up (the acceptance case).
 * - Mug Blue (V21): 28 sold in the 28 days (14 on 20 Nov, 14 on 1 Dec) = 1 a day; 10 on hand
 *   → 10 days of cover < 14 lead + 7 safety → at risk. 10 × 4.00 = 40.00, nothing above target.
 * - Mug Red (V22): 2 sold in the 28 days; 100 on hand at Lyon → 100 × 28 / 2 = 1,400 days
 *   > 90 → overstock; above target: 100 − ceil(90 × 2 / 28 = 6.43) = 93 units × 5.00 = 465.00.
 * - Candle (V3, one variant): 5 on hand from 1 Nov, sold all 5 on 25 Nov, nothing since
 *   (snapshot 0 on the 25th, level 0) → out of stock; 26 Nov – 6 Dec = 11 days out.
 * - Poster (V5, one variant): first stocked 20 Nov (40 × 2.00), never sold → new (16 days).
 * - Lamp (V7, one variant): 56 sold in the 28 days (14 on 10, 20, 30 Nov and 5 Dec) = 2 a day,
 *   100 on hand → 50 days of cover → healthy; 100 × 10.00 = 1,000.00.
 * - Vase (V9, one variant): 20 on hand from 1 Nov, 20 sold on 4 Nov, none on the 5th,
 *   restocked with 20 on the 15th; nothing sold since. Long window (the short has no sale):
 *   out 5–14 Nov = 10 days, 80 in stock → 20 × 80 / 20 = 80 days of cover → healthy (no
 *   sale for 21 days, counted from the restock, not the 32 days since the sale).
 * - Frame (V10, one variant): none on hand at install (1 Nov), 4 received on the 3rd, gone on
 *   the 20th without a sale (an adjustment); 3 sold on 20 Oct → out of stock; 33 days without a
 *   sale, counted from the restock on the 3rd (its restock is read from its snapshots: it is out now).
 * - Scarf (V4): Shopify does not track it → left out, counted as untracked.
 * - Sock (V8): in the catalog, no level anywhere → not stocked, absent.
 * - Item 99 at Paris, 12 on hand, no variant; item 6 at Lyon, 5 on hand, its variant deleted in
 *   Shopify since → both counted apart (17 units of 2 items), not listed.
 */

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const NOW = new Date("2026-12-07T10:00:00Z");
const P = (n: number) => `gid://shopify/Product/${n}`;
const V = (n: number) => `gid://shopify/ProductVariant/${n}`;
const ITEM = (n: number) => `gid://shopify/InventoryItem/${n}`;
const PARIS = "gid://shopify/Location/1";
const LYON = "gid://shopify/Location/2";
const OLD = "gid://shopify/Location/3";
const T = new Date("2026-11-01T00:00:00Z");

const ZERO = {
  orders: 1, lines: 1, merchandise: 0, shippingRevenue: 0, discounts: 0, costOfGoods: 0, shipping: 0, packaging: 0, labour: 0, paymentFees: 0,
  fixedCosts: 0, returns: 0, fraud: 0, spoilage: 0, withoutDiscounts: 0, missingLines: 0, missingRevenue: 0, estimatedLines: 0, currency: "EUR",
};

describeEachProvider("stock health", (_provider, database) => {
  const d = useFreshDatabase(database);

  beforeEach(async () => {
    for (const shop of [SHOP, OTHER]) await deleteShopData(d.db, shop);
    await createShop(d.db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "UTC" });
    const products: [number, string][] = [[1, "Linen shirt"], [2, "Mug"], [3, "Candle"], [4, "Scarf"], [5, "Poster"], [7, "Lamp"], [8, "Sock"], [9, "Vase"], [10, "Frame"]];
    for (const [n, title] of products) await createProduct(d.db, { shop: SHOP, id: P(n), title });
    const variants: [number, number, string, number, boolean][] = [
      // variant, product, title, price, tracked
      [1, 1, "Default Title", 4500, true],
      [21, 2, "Blue", 1200, true],
      [22, 2, "Red", 1200, true],
      [3, 3, "Default Title", 1500, true],
      [4, 4, "Default Title", 3000, false],
      [5, 5, "Default Title", 900, true],
      [7, 7, "Default Title", 4000, true],
      [8, 8, "Default Title", 800, true],
      [9, 9, "Default Title", 700, true],
      [10, 10, "Default Title", 500, true],
    ];
    for (const [n, product, title, price, tracked] of variants) {
      await createVariant(d.db, { shop: SHOP, id: V(n), productId: P(product), title, price, tracked, inventoryItemId: ITEM(n), sku: `SKU-${n}` });
    }
    for (const [n, cost] of [[1, 2000], [21, 400], [22, 500], [3, 600], [4, 1000], [5, 200], [7, 1000], [9, 300], [10, 100]] as const) await createUnitCost(d.db, { shop: SHOP, variantId: V(n), cost });

    await d.db.inventoryLocation.createMany({
      data: [
        { shop: SHOP, id: PARIS, name: "Boutique Paris", isActive: true, runId: "r", syncedAt: T },
        { shop: SHOP, id: LYON, name: "Entrepôt Lyon", isActive: true, runId: "r", syncedAt: T },
        { shop: SHOP, id: OLD, name: "Old depot", isActive: false, runId: "r", syncedAt: T },
      ],
    });
    const level = (item: number, variant: number | null, locationId: string, onHand: number) => ({
      shop: SHOP, inventoryItemId: ITEM(item), locationId, variantId: variant === null ? null : V(variant), available: onHand, onHand, committed: 0, incoming: 0, updatedAt: T, runId: "r", syncedAt: T,
    });
    await d.db.inventoryLevel.createMany({
      data: [
        level(1, 1, PARIS, 150), level(1, 1, LYON, 50), level(1, 1, OLD, 30),
        level(21, 21, PARIS, 10), level(22, 22, LYON, 100),
        level(3, 3, PARIS, 0), level(4, 4, PARIS, 7), level(5, 5, PARIS, 40), level(7, 7, PARIS, 100), level(9, 9, PARIS, 20), level(10, 10, PARIS, 0),
        level(99, null, PARIS, 12),
        // Item 6's variant was deleted in Shopify after its level was written: the level names a variant the catalog no longer has.
        level(6, 6, LYON, 5),
      ],
    });
    const snap = (n: number, day: string, onHand: number, cost: number) => ({ shop: SHOP, variantId: V(n), day, onHand, unitCost: cost, valueAtCost: BigInt(onHand * cost), currency: "EUR", recordedAt: T });
    await d.db.stockSnapshot.createMany({
      data: [
        snap(1, "2026-11-01", 200, 2000),
        snap(21, "2026-11-01", 38, 400), snap(21, "2026-11-20", 24, 400), snap(21, "2026-12-01", 10, 400),
        snap(22, "2026-11-01", 102, 500), snap(22, "2026-12-01", 100, 500),
        snap(3, "2026-11-01", 5, 600), snap(3, "2026-11-25", 0, 600),
        snap(5, "2026-11-20", 40, 200),
        snap(7, "2026-11-01", 156, 1000), snap(7, "2026-12-05", 100, 1000),
        snap(9, "2026-11-01", 20, 300), snap(9, "2026-11-05", 0, 300), snap(9, "2026-11-15", 20, 300),
        snap(10, "2026-11-01", 0, 100), snap(10, "2026-11-03", 4, 100), snap(10, "2026-11-20", 0, 100),
      ],
    });
    const pdm = (product: number, day: string, units: number, netMargin: number) => ({ shop: SHOP, day, productId: P(product), title: "x", units, netMargin, missingUnits: 0, ...ZERO });
    const vdm = (variant: number, day: string, units: number, netMargin: number) => ({ ...pdm(2, day, units, netMargin), variantId: V(variant) });
    await d.db.productDayMargin.createMany({
      data: [
        pdm(1, "2026-08-08", 1, 1500),
        pdm(2, "2026-11-20", 14, 4200), pdm(2, "2026-12-01", 16, 4800),
        pdm(3, "2026-11-25", 5, 3000),
        pdm(9, "2026-11-04", 20, 2000), pdm(10, "2026-10-20", 3, 900),
        pdm(7, "2026-11-10", 14, 7000), pdm(7, "2026-11-20", 14, 7000), pdm(7, "2026-11-30", 14, 7000), pdm(7, "2026-12-05", 14, 7000),
      ],
    });
    await d.db.variantDayMargin.createMany({ data: [vdm(21, "2026-11-20", 14, 4200), vdm(21, "2026-12-01", 14, 4200), vdm(22, "2026-12-01", 2, 600)] });
    // The pages read the stored stock health: worked out once here, as the stock-health job does after a sync.
    expect(await refreshStockHealth(d.db, SHOP, { now: NOW })).toEqual({ asOf: "2026-12-06", variants: 8 });
  });

  it("classes every stocked variant with the numbers worked out above, and the headline", async () => {
    // No stock thresholds saved: the defaults.
    expect(await stockHealthOptionsFor(d.db, SHOP)).toEqual(DEFAULT_STOCK_HEALTH_OPTIONS);
    const o = await stockOverview(d.db, SHOP, { now: NOW });
    expect([o.asOf, o.pending, o.refreshedAt]).toEqual(["2026-12-06", false, NOW.toISOString()]);
    expect(o.historyStarts).toBe("2026-11-01");
    expect(o.inventorySynced).toBe(true);
    const byId = new Map(o.variants.map((r) => [r.variantId, r]));
    // V4 untracked, V8 not stocked: neither listed.
    expect([...byId.keys()].sort()).toEqual([V(1), V(21), V(22), V(3), V(5), V(7), V(9), V(10)].sort());
    expect(o.untracked).toBe(1);
    // Item 99 (no variant: 12) and item 6 (its variant deleted: 5): counted apart, not listed, nothing crashes.
    expect(o.deletedItems).toEqual({ items: 2, onHand: 17 });

    const pick = (n: number) => {
      const r = byId.get(V(n))!;
      return { cls: r.stockClass, onHand: r.onHand, value: r.valueAtCost, cover: r.daysOfCover, last: r.lastSaleOn, cash: r.cash };
    };
    // The acceptance case: no sale for 120 days (8 Aug → 6 Dec), 200 × 20.00 = 4,000.00 of dead stock.
    expect(pick(1)).toEqual({ cls: "dead", onHand: 200, value: 400_000, cover: null, last: "2026-08-08", cash: { total: 400_000, excess: 400_000, dead: 400_000 } });
    expect(byId.get(V(1))!.reason).toBe("No sale for 120 days, 200 units on hand.");
    expect(byId.get(V(1))!.valueAtPrice).toBe(200 * 4500);
    // 1 a day, 10 on hand: 10 days of cover.
    expect(pick(21)).toEqual({ cls: "at-risk", onHand: 10, value: 4000, cover: 10, last: "2026-12-01", cash: { total: 4000, excess: 0, dead: 0 } });
    expect(byId.get(V(21))!.unitsPerDayShort).toBe(1);
    // 28 units over the 90 days (all in stock: the days before 1 Nov are unknown, counted in stock): 28 / 90.
    expect(byId.get(V(21))!.unitsPerDayLong).toBeCloseTo(28 / 90, 10);
    // floor(100 × 28 / 2) = 1,400 days; 93 units above the 90-day target × 5.00.
    expect(pick(22)).toEqual({ cls: "overstock", onHand: 100, value: 50_000, cover: 1400, last: "2026-12-01", cash: { total: 50_000, excess: 46_500, dead: 0 } });
    expect(pick(3)).toMatchObject({ cls: "out-of-stock", onHand: 0, value: 0, cover: 0, last: "2026-11-25" });
    // Short window: 9–24 Nov in stock (16 days) + the 25th (a sale) = 17 days in stock, 11 out.
    const candle = byId.get(V(3))!;
    expect([candle.health.velocity.short.inStockDays, candle.health.velocity.short.outOfStockDays, candle.health.velocity.short.unitsSold]).toEqual([17, 11, 5]);
    expect(candle.reason).toBe("Nothing on hand, out of stock 11 of the last 28 days; it sold 5 in the last 17 days in stock.");
    // Long window: 90 − 11 = 79 days in stock. Lost: 30.00 × 5 sold × 11 days out / (79 days × 5 units) = 4.1772… → 4.18.
    expect(candle.lostMargin).toBe(418);
    expect(pick(5)).toMatchObject({ cls: "new", onHand: 40, value: 8000, last: null, cash: { total: 8000, excess: 0, dead: 0 } });
    expect(byId.get(V(5))!.reason).toBe("First stocked on 20 Nov 2026, 16 days ago: too early to judge.");
    // 56 / 28 = 2 a day: floor(100 × 28 / 56) = 50 days.
    expect(pick(7)).toEqual({ cls: "healthy", onHand: 100, value: 100_000, cover: 50, last: "2026-12-05", cash: { total: 100_000, excess: 0, dead: 0 } });

    // The vase: restocked on the 15th, 80 days of cover; 20 − ceil(90 × 20 / 80 = 22.5) < 0: nothing above target.
    expect(pick(9)).toEqual({ cls: "healthy", onHand: 20, value: 6000, cover: 80, last: "2026-11-04", cash: { total: 6000, excess: 0, dead: 0 } });
    const vase = byId.get(V(9))!;
    expect([vase.daysWithoutSale, vase.health.velocity.used, vase.health.velocity.long.outOfStockDays, vase.health.velocity.long.inStockDays]).toEqual([21, "long", 10, 80]);
    // Lost: 20.00 × 20 sold × 10 days out / (80 days × 20 units) = 2.50.
    expect(vase.lostMargin).toBe(250);
    // The frame: out now; 33 days since its restock on 3 Nov (not 47 since the sale on 20 Oct).
    // Long window out: 1–2 Nov and 20 Nov – 6 Dec = 2 + 17 = 19 days, 71 in stock.
    // Lost: 9.00 × 3 × 19 / (71 × 3) = 2.4084… → 2.41.
    const frame = byId.get(V(10))!;
    expect([frame.stockClass, frame.daysWithoutSale, frame.health.velocity.long.outOfStockDays, frame.lostMargin]).toEqual(["out-of-stock", 33, 19, 241]);

    // Σ value at cost: 4,000 + 40 + 500 + 0 + 80 + 1,000 + 60 + 0 = 5,680.00; above target: 4,000 + 465 = 4,465.00; dead 4,000.00.
    expect([o.cash.stockValue, o.cash.excessValue, o.cash.deadValue]).toEqual([568_000, 446_500, 400_000]);
    expect(o.headline).toEqual({ amount: 446_500, days: 90 });
    expect(o.lostMargin).toBe(418 + 250 + 241);
    // Most cash above target first: the shirt, then the red mug.
    expect(o.variants.slice(0, 2).map((r) => r.variantId)).toEqual([V(1), V(22)]);

    // ABC by net margin over the 90 days: lamp 280.00, mug 90.00, candle 30.00, vase 20.00, frame 9.00 of 429.00.
    // Lamp: before it 0 % → A (65.3 %); mug: before it 65.3 % → A (86.2 %); candle: 86.2 % < 95 % → B (93.2 %);
    // vase: 93.2 % → B (97.9 %); frame: 97.9 % → C; the rest make nothing → C.
    const abc = Object.fromEntries(o.products.map((p) => [p.title, p.abc.abcClass]));
    expect(abc).toEqual({ "Linen shirt": "C", Mug: "A", Candle: "B", Poster: "C", Lamp: "A", Vase: "B", Frame: "C" });
    // The mug rolls up its two variants: one running out → at risk; Σ on hand 110 / (1 + 2/28) a day = 102.67 → 102 days.
    const mug = o.products.find((p) => p.productId === P(2))!;
    expect([mug.health.stockClass, mug.health.reason, mug.health.onHand, mug.daysOfCover, mug.health.excessValue]).toEqual(["at-risk", "1 of 2 variants running out.", 110, 102, 46_500]);
    expect(mug.variants.map((v) => v.variantTitle)).toEqual(["Red", "Blue"]);
    expect(byId.get(V(1))!.variantTitle).toBeNull();
    expect(byId.get(V(21))!.abc).toBe("A");
  });

  it("a location shows its own stock, with the shop's sales", async () => {
    const o = await stockOverview(d.db, SHOP, { now: NOW, location: LYON });
    // At Lyon: 50 shirts (50 × 20.00, still dead) and the 100 red mugs.
    expect(o.variants.map((r) => [r.variantId, r.onHand, r.stockClass, r.valueAtCost])).toEqual([
      [V(1), 50, "dead", 100_000],
      [V(22), 100, "overstock", 50_000],
    ]);
    expect(o.locations.map((l) => [l.name, l.isActive, l.onHand])).toEqual([
      ["Boutique Paris", true, 150 + 10 + 0 + 7 + 40 + 100 + 20 + 0],
      // Lyon's 5 units of the deleted variant are not the catalog's.
      ["Entrepôt Lyon", true, 150],
      ["Old depot", false, 30],
    ]);
  });

  it("the page: class tabs, search, sort, pages, and the stock value over time from the snapshots", async () => {
    const parsed = parseStockParams(new URLSearchParams("class=dead"));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const page = await stockPage(d.db, SHOP, parsed.params, { now: NOW });
    expect(page.rows.map((r) => r.variantId)).toEqual([V(1)]);
    expect(page.classCounts).toEqual({ "out-of-stock": 2, "at-risk": 1, new: 1, dead: 1, overstock: 1, healthy: 2 });
    expect("health" in page.rows[0]!).toBe(false);
    // History from 1 Nov: 36 days to 6 Dec. 1 Nov: 400,000 + 15,200 + 51,000 + 3,000 + 156,000 + 6,000 (vase) + 0 (frame) = 631,200;
    // 6 Dec: 400,000 + 4,000 + 50,000 + 0 + 8,000 + 100,000 + 6,000 + 0 = 568,000 (= the stock value above).
    expect(page.valueOverTime.length).toBe(36);
    expect(page.valueOverTime[0]).toEqual({ day: "2026-11-01", valueAtCost: 631_200, onHand: 200 + 38 + 102 + 5 + 156 + 20 + 0 });
    // 5 Nov: the vase sold out (−6,000); 20 Nov: back (+6,000), the blue mug 38 → 24 (−5,600), the poster's 8,000, the frame's 4 received and gone (0):
    // 631,200 − 5,600 + 8,000 = 633,600.
    expect(page.valueOverTime.find((x) => x.day === "2026-11-05")!.valueAtCost).toBe(631_200 - 6000 + 400);
    expect(page.valueOverTime.find((x) => x.day === "2026-11-20")!.valueAtCost).toBe(633_600);
    expect(page.valueOverTime.at(-1)).toEqual({ day: "2026-12-06", valueAtCost: 568_000, onHand: 200 + 10 + 100 + 0 + 40 + 100 + 20 + 0 });

    const all = await stockPage(d.db, SHOP, { stockClass: null, search: "mug", location: null, sort: "cover", direction: "asc", page: 1 }, { now: NOW });
    expect(all.rows.map((r) => [r.variantTitle, r.daysOfCover])).toEqual([["Blue", 10], ["Red", 1400]]);
    const small = await stockPage(d.db, SHOP, { stockClass: null, search: "", location: null, sort: "title", direction: "asc", page: 2 }, { now: NOW, pageSize: 4 });
    // By title: Candle, Frame, Lamp, Linen shirt | Mug (Blue), Mug (Red), Poster, Vase.
    expect([small.total, small.rows.map((r) => r.productTitle)]).toEqual([8, ["Mug", "Mug", "Poster", "Vase"]]);
  });

  it("a product's stock for its page: variants, roll-up and locations", async () => {
    const p = await stockForProduct(d.db, SHOP, P(2), undefined, { now: NOW });
    expect(p.asOf).toBe("2026-12-06");
    expect(p.product!.health.stockClass).toBe("at-risk");
    expect(p.product!.variants.map((v) => [v.variantTitle, v.stockClass, v.onHand])).toEqual([["Red", "overstock", 100], ["Blue", "at-risk", 10]]);
    // ABC still ranks the mug against the whole shop.
    expect(p.product!.abc.abcClass).toBe("A");
    expect(p.locations.map((l) => [l.locationName, l.variantId, l.onHand])).toEqual([["Boutique Paris", V(21), 10], ["Entrepôt Lyon", V(22), 100]]);
    const shirt = await stockForProduct(d.db, SHOP, P(1), "2026-12-06", { now: NOW });
    expect([shirt.product!.health.stockClass, shirt.product!.health.valueAtCost, shirt.product!.deadValue]).toEqual(["dead", 400_000, 400_000]);
    // Untracked or not stocked: no stock to show, said so.
    expect((await stockForProduct(d.db, SHOP, P(4), undefined, { now: NOW })).product).toBeNull();
    expect((await stockForProduct(d.db, SHOP, P(4), undefined, { now: NOW })).untracked).toBe(1);
    expect((await stockForProduct(d.db, SHOP, P(404), undefined, { now: NOW })).product).toBeNull();
  });

  it("a shop with no inventory imported yet: nothing listed, nothing made up; worked out apart from the other shop", async () => {
    await createShop(d.db, { shop: OTHER, currencyCode: "EUR", ianaTimezone: "UTC" });
    // Before its first refresh: said to be under way, not an empty success.
    const before = await stockOverview(d.db, OTHER, { now: NOW });
    expect([before.pending, before.inventorySynced, before.historyStarts, before.variants.length, before.cash.stockValue, before.headline.amount]).toEqual([true, false, null, 0, 0, 0]);
    const all = { stockClass: null, search: "", location: null, sort: "cash", direction: "desc", page: 1 } as const;
    expect((await stockPage(d.db, OTHER, all, { now: NOW })).pending).toBe(true);
    expect((await stockCsvRows(d.db, OTHER, all)).pending).toBe(true);
    // Its refresh stores nothing for it and leaves the first shop's 8 rows alone.
    expect(await refreshStockHealth(d.db, OTHER, { now: NOW })).toEqual({ asOf: "2026-12-06", variants: 0 });
    const o = await stockOverview(d.db, OTHER, { now: NOW });
    expect([o.pending, o.inventorySynced, o.historyStarts, o.variants.length, o.cash.stockValue, o.headline.amount]).toEqual([false, false, null, 0, 0, 0]);
    const page = await stockPage(d.db, OTHER, all, { now: NOW });
    expect([page.pending, page.total, page.valueOverTime]).toEqual([false, 0, []]);
    expect(await d.db.stockHealthVariant.count({ where: { shop: SHOP } })).toBe(8);
    expect((await stockPage(d.db, SHOP, all, { now: NOW })).total).toBe(8);
  });

  it("the hourly snapshot job's check: stored up to yesterday is current, a new day (the windows move) or none is not", async () => {
    // Stored as of 6 Dec (NOW is 7 Dec, UTC): current all of the 7th; on the 8th its windows have moved.
    expect(await stockHealthOutOfDate(d.db, SHOP, NOW)).toBe(false);
    expect(await stockHealthOutOfDate(d.db, SHOP, new Date("2026-12-07T23:59:59Z"))).toBe(false);
    expect(await stockHealthOutOfDate(d.db, SHOP, new Date("2026-12-08T00:00:00Z"))).toBe(true);
    await createShop(d.db, { shop: OTHER, currencyCode: "EUR", ianaTimezone: "UTC" });
    expect(await stockHealthOutOfDate(d.db, OTHER, NOW)).toBe(true);
  });

  it("the stored rows are exactly what the computation gives on request", async () => {
    const computed = await computeStockHealth(d.db, SHOP, { now: NOW });
    const stored = await stockOverview(d.db, SHOP, { now: NOW });
    // Same rows in the same order (most cash above target first), every number and reason, health included.
    expect(stored.variants).toEqual(computed.variants);
    expect(stored.products).toEqual(computed.products);
    expect(stored.untracked).toBe(computed.untracked);
  });

  it("a second refresh replaces the rows: a variant deleted in Shopify disappears", async () => {
    // The red mug (V22) is deleted in Shopify: its variant row goes, its level at Lyon stays (100 units).
    await d.db.variant.delete({ where: { shop_id: { shop: SHOP, id: V(22) } } });
    await refreshStockHealth(d.db, SHOP, { now: NOW });
    const o = await stockOverview(d.db, SHOP, { now: NOW });
    expect(o.variants.map((r) => r.variantId).sort()).toEqual([V(1), V(21), V(3), V(5), V(7), V(9), V(10)].sort());
    expect(await d.db.stockHealthVariant.count({ where: { shop: SHOP } })).toBe(7);
    // Its stock is now counted apart: items 99 (12), 6 (5) and 22 (100) = 117 units of 3 items.
    expect(o.deletedItems).toEqual({ items: 3, onHand: 117 });
    // 5,680.00 − its 500.00 = 5,180.00; above target only the shirt's 4,000.00 now.
    expect([o.cash.stockValue, o.cash.excessValue, o.headline.amount]).toEqual([518_000, 400_000, 400_000]);
    // The mug now has one variant (blue, at risk).
    expect(o.products.find((p) => p.productId === P(2))!.variants.map((v) => v.variantId)).toEqual([V(21)]);
  });

  it("a product's saved supplier sets its lead time: the lamp's 50 days of cover are short of a 45-day supplier's 45 + 7 safety days", async () => {
    // Healthy with the stock settings' 14 + 7 = 21 days (above); at risk once its supplier needs 45.
    const saved = await saveSupplier(d.db, SHOP, null, { name: "Slow Lamps", leadTimeDays: "45", minOrderQuantity: "1", paymentTermsDays: "30", currency: "EUR" }, NOW);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    expect(await assignProducts(d.db, SHOP, [P(7)], saved.supplier.id, NOW)).toEqual({ ok: true, assigned: 1 });
    await refreshStockHealth(d.db, SHOP, { now: NOW });
    const lamp = (await stockOverview(d.db, SHOP, { now: NOW })).variants.find((r) => r.variantId === V(7))!;
    expect([lamp.stockClass, lamp.daysOfCover]).toEqual(["at-risk", 50]);
    expect(lamp.reason).toContain("45 days");
    // Back to its vendor's supplier (none here): the settings' lead time again.
    expect(await assignProducts(d.db, SHOP, [P(7)], null, NOW)).toMatchObject({ ok: true });
    await refreshStockHealth(d.db, SHOP, { now: NOW });
    expect((await stockOverview(d.db, SHOP, { now: NOW })).variants.find((r) => r.variantId === V(7))!.stockClass).toBe("healthy");
    await d.db.supplier.deleteMany({ where: { shop: SHOP } });
  });

  it("the CSV's rows: the tab and sort from the stored rows, a location computed on request", async () => {
    const dead = await stockCsvRows(d.db, SHOP, { stockClass: "dead", search: "", location: null, sort: "cash", direction: "desc", page: 1 });
    expect([dead.pending, dead.asOf, dead.rows.map((r) => [r.variantId, r.cash.dead])]).toEqual([false, "2026-12-06", [[V(1), 400_000]]]);
    // Most on hand first: shirt 200, red mug 100 and lamp 100 (by title: Lamp before Mug), poster 40, …
    const byOnHand = await stockCsvRows(d.db, SHOP, { stockClass: null, search: "", location: null, sort: "onHand", direction: "desc", page: 1 });
    expect(byOnHand.rows.slice(0, 4).map((r) => [r.productTitle, r.onHand])).toEqual([["Linen shirt", 200], ["Lamp", 100], ["Mug", 100], ["Poster", 40]]);
    const lyon = await stockCsvRows(d.db, SHOP, { stockClass: null, search: "", location: LYON, sort: "cash", direction: "desc", page: 1 });
    expect(lyon.rows.map((r) => [r.variantId, r.onHand])).toEqual([[V(1), 50], [V(22), 100]]);
  });
});

it("parses the page's parameters and names a bad one in the merchant's words", () => {
  expect(parseStockParams(new URLSearchParams())).toEqual({ ok: true, params: { stockClass: null, search: "", location: null, sort: "cash", direction: "desc", page: 1 } });
  const bad = parseStockParams(new URLSearchParams("class=zombie&sort=price&location=Paris&page=0"));
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(Object.fromEntries(bad.errors.map((e) => [e.path, e.message]))).toEqual({ class: "not one of the choices offered", sort: "not one of the choices offered", location: "not one of the shop's locations", page: "no such page" });
});

it("writes the CSV with decimal amounts and formulas escaped", () => {
  const row = {
    variantId: V(1), productId: P(1), productTitle: "=HYPERLINK(1)", variantTitle: null, sku: "S-1", onHand: 200, unitCost: 2000, valueAtCost: 400_000, valueAtPrice: 900_000,
    unitsPerDayShort: 0, unitsPerDayLong: null, daysOfCover: null, lastSaleOn: "2026-08-08", daysWithoutSale: 120, stockClass: "dead" as const, reason: "No sale for 120 days, 200 units on hand.",
    cash: { total: 400_000, excess: 400_000, dead: 400_000 }, lostMargin: 0, lostMarginReason: "", abc: "C" as const, health: null as never,
  };
  expect(filterStockRows([row], { stockClass: "dead", search: "hyperlink", sort: "cash", direction: "desc" })).toHaveLength(1);
  expect(stockCsv("EUR", [row]).split("\r\n")).toEqual([
    "product_id,variant_id,product,variant,sku,class,reason,abc,on_hand,unit_cost_EUR,value_at_cost_EUR,value_at_price_EUR,units_per_day_short,units_per_day_long,days_of_cover,last_sale,cash_above_target_EUR,dead_stock_EUR,margin_lost_to_stock_outs_EUR",
    `${P(1)},${V(1)},'=HYPERLINK(1),,S-1,Dead stock,"No sale for 120 days, 200 units on hand.",C,200,20.00,4000.00,9000.00,0.00,,,2026-08-08,4000.00,4000.00,0.00`,
    "",
  ]);
});
