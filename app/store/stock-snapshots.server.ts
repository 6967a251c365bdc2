/**
 * Daily stock snapshots (issue 18, item 2). Shopify keeps no inventory history, so
 * NetMargin records it from install on: per variant and shop-local day, the stock on
 * hand at the shop's active locations and the unit cost in force that day, with its
 * value at cost (`StockSnapshot`).
 *
 * Kept small: a row is written for a variant and day only when its on hand, unit cost
 * or currency differs from the variant's latest snapshot; any day reads as the latest
 * snapshot on or before it (`onHand` as at the end of the day, the last recording of
 * the day wins: app/domain/stock-health.ts reads them so). Nothing is known before a
 * variant's first snapshot, and nothing is made up for those days.
 *
 * Written by `recordStockSnapshots` at the end of a complete inventory import
 * (app/sync/backfill.server.ts); read by `stockOnDays`. Scoped to one shop.
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import { isCurrencyCode } from "~/domain/money";
import type { StockSnapshot } from "~/domain/stock-health";
import { addDays, firstDayOfMonth, isLocalDate, startOfLocalDate } from "~/domain/time";
import { costInForce } from "~/domain/unit-costs";
import { logger } from "~/logger.server";
import { carryingIsOn, versionInForceOn } from "~/domain/settings";
import { loadSettingsHistory, type ShopFacts } from "./cost-settings.server";
import { chunks, type SqlDb, type SqlValue } from "./sql.server";
import { loadUnitCostHistory } from "./unit-costs.server";

const COLUMNS = ["shop", "variantId", "day", "onHand", "unitCost", "valueAtCost", "currency", "recordedAt"] as const;
const UPSERT = { key: ["shop", "variantId", "day"], update: ["onHand", "unitCost", "valueAtCost", "currency", "recordedAt"] };

/** What a snapshot compares on: a row is written when any of these changed. */
interface StockState {
  onHand: number;
  unitCost: number | null;
  currency: string;
}

const same = (a: StockState, b: StockState) => a.onHand === b.onHand && a.unitCost === b.unitCost && a.currency === b.currency;

/** SQLite returns integers as numbers, PostgreSQL's SUM and BIGINT as strings or bigints. */
const int = (v: unknown): number => (typeof v === "number" ? v : Number(v));
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : int(v));

/** onHand × unitCost in minor units; null when the cost is unknown (or beyond exact integers, which no real stock reaches). */
export function valueAtCost(onHand: number, unitCost: number | null): number | null {
  if (unitCost === null) return null;
  const value = onHand * unitCost;
  return Number.isSafeInteger(value) ? value : null;
}

export interface RecordedStockSnapshots {
  /** Variants compared: stocked now, or with an earlier snapshot. */
  variants: number;
  /** Rows inserted for `day` or updated (a second recording the same day). */
  written: number;
  /** Rows of `day` removed because the variant is back to its previous snapshot. */
  removed: number;
}

/**
 * Records `day`'s snapshots (a shop-local date, normally today's): each variant's on
 * hand now (Σ InventoryLevel.onHand over active locations; 0 for a variant whose
 * levels are gone) and the unit cost in force at the end of `day`
 * (app/domain/unit-costs.ts `costInForce`, in the shop currency), compared with its latest snapshot
 * before `day`; only changed variants get a row. Idempotent for the same day: a second
 * call updates that day's rows (and removes one that went back to the day before), it
 * never adds a second. All writes in one transaction. Records nothing while the shop
 * currency is not known (install not finished).
 */
export async function recordStockSnapshots(
  db: Pick<PrismaClient, "shop" | "unitCostSnapshot" | "unitCostOverride" | "costSettingsVersion">,
  sql: SqlDb,
  shop: string,
  day: string,
  now: Date = new Date(),
): Promise<RecordedStockSnapshots> {
  if (!isLocalDate(day)) throw new RangeError(`recordStockSnapshots: invalid day ${JSON.stringify(day)}`);
  const row = await db.shop.findUnique({ where: { shop }, select: { currencyCode: true, ianaTimezone: true } });
  if (!row || !isCurrencyCode(row.currencyCode)) {
    // Install not finished (no currency yet): nothing to value the stock in; the next import records it.
    logger.warn("stock snapshots not recorded: the shop currency is not known yet", { shop, day });
    return { variants: 0, written: 0, removed: 0 };
  }
  const facts: ShopFacts = { currency: row.currencyCode, timeZone: row.ianaTimezone ?? "UTC" };
  const costs = await loadUnitCostHistory(db, shop, facts);
  // The last instant of the day: the cost in force at its end, like the on hand.
  const endOfDay = new Date(Date.parse(startOfLocalDate(addDays(day, 1), facts.timeZone)) - 1).toISOString();
  // A changed snapshot changes the stock carrying cost of the day's month (when one is counted): its margins are redone.
  const carrying = carryingIsOn(versionInForceOn(await loadSettingsHistory(db, shop, facts), firstDayOfMonth(day.slice(0, 7))).version.settings);

  return sql.transaction(async (tx) => {
    // Reads first (on SQLite a transaction's reads do not see its own writes).
    const levels = await tx.query<{ variantId: string; onHand: unknown }>(
      `SELECT l."variantId" AS "variantId", SUM(l."onHand") AS "onHand" FROM "InventoryLevel" l
       JOIN "InventoryLocation" loc ON loc."shop" = l."shop" AND loc."id" = l."locationId"
       WHERE l."shop" = ? AND l."variantId" IS NOT NULL AND loc."isActive" = ?
       GROUP BY l."variantId"`,
      [shop, true],
    );
    const before = await tx.query<{ variantId: string; onHand: unknown; unitCost: unknown; currency: string }>(
      `SELECT s."variantId" AS "variantId", s."onHand" AS "onHand", s."unitCost" AS "unitCost", s."currency" AS "currency" FROM "StockSnapshot" s
       JOIN (SELECT "variantId", MAX("day") AS "day" FROM "StockSnapshot" WHERE "shop" = ? AND "day" < ? GROUP BY "variantId") m
         ON m."variantId" = s."variantId" AND m."day" = s."day"
       WHERE s."shop" = ?`,
      [shop, day, shop],
    );
    const ofDay = await tx.query<{ variantId: string; onHand: unknown; unitCost: unknown; currency: string }>(
      `SELECT "variantId", "onHand", "unitCost", "currency" FROM "StockSnapshot" WHERE "shop" = ? AND "day" = ?`,
      [shop, day],
    );
    const state = (r: { onHand: unknown; unitCost: unknown; currency: string }): StockState => ({ onHand: int(r.onHand), unitCost: intOrNull(r.unitCost), currency: r.currency });
    const onHandNow = new Map(levels.map((r) => [r.variantId, int(r.onHand)]));
    const previous = new Map(before.map((r) => [r.variantId, state(r)]));
    const recorded = new Map(ofDay.map((r) => [r.variantId, state(r)]));

    const rows: SqlValue[][] = [];
    const remove: string[] = [];
    const variants = [...new Set([...onHandNow.keys(), ...previous.keys(), ...recorded.keys()])].sort();
    for (const variantId of variants) {
      const cost = costInForce(costs, variantId, endOfDay);
      const current: StockState = { onHand: onHandNow.get(variantId) ?? 0, unitCost: cost.kind === "known" ? cost.unitCost : null, currency: facts.currency };
      const earlier = previous.get(variantId);
      const today = recorded.get(variantId);
      if (today && same(today, current)) continue;
      if (earlier && same(earlier, current)) {
        if (today) remove.push(variantId);
        continue;
      }
      rows.push([shop, variantId, day, current.onHand, current.unitCost, valueAtCost(current.onHand, current.unitCost), current.currency, now]);
    }
    for (const part of chunks(remove, 1)) {
      await tx.execute(`DELETE FROM "StockSnapshot" WHERE "shop" = ? AND "day" = ? AND "variantId" IN (${part.map(() => "?").join(",")})`, [shop, day, ...part]);
    }
    for (const part of chunks(rows, COLUMNS.length)) await tx.insertMany("StockSnapshot", COLUMNS, part, UPSERT);
    if (carrying && rows.length + remove.length > 0) {
      await tx.execute(`INSERT INTO "MarginDirty" ("shop", "since", "until", "reason", "markedAt") VALUES (?, ?, ?, ?, ?)`, [shop, new Date(startOfLocalDate(day, facts.timeZone)), null, "stock", now]);
    }
    return { variants: variants.length, written: rows.length, removed: remove.length };
  });
}

/** A variant's snapshot as read back: the domain's (date, on hand, value at cost) with its unit cost and currency. */
export interface StoredStockSnapshot extends StockSnapshot {
  readonly date: string;
  readonly onHand: number;
  readonly unitCost: number | null;
  readonly valueAtCost: number | null;
  readonly currency: string;
}

export interface StockDay {
  readonly day: string;
  readonly onHand: number;
  readonly unitCost: number | null;
  readonly valueAtCost: number | null;
}

export interface VariantStockHistory {
  readonly variantId: string;
  /** The first day of the range whose stock is known (`from`, or the variant's first snapshot when later). */
  readonly knownFrom: string;
  /** The snapshots in force over the range, oldest first: the one carried in from before `from` (with its own date), then the range's (app/domain/stock-health.ts reads these). */
  readonly snapshots: readonly StoredStockSnapshot[];
  /** Every day from `knownFrom` to the range's end: the latest snapshot on or before it. */
  readonly days: readonly StockDay[];
}

export interface StockHistory {
  /** The shop's first snapshot (NetMargin records stock from then on; Shopify keeps no history before); null when none yet. */
  readonly historyStarts: string | null;
  /** Variants with stock known on some day of the range (a variant first snapshotted after the range is absent). */
  readonly variants: ReadonlyMap<string, VariantStockHistory>;
}

type Row = { variantId: string; day: string; onHand: unknown; unitCost: unknown; valueAtCost: unknown; currency: string };

/**
 * Stock on each day of [from, to) (shop-local dates, `to` exclusive like the pages'
 * ranges), per variant (`variantIds`, or every variant with snapshots): the latest
 * snapshot on or before each day. Days before a variant's first snapshot are left out,
 * never filled; `historyStarts` says where the shop's history begins, for the UI
 * ("Shopify keeps no inventory history; NetMargin records it from …").
 */
export async function stockOnDays(
  db: Pick<PrismaClient, "stockSnapshot" | "$queryRaw">,
  shop: string,
  variantIds: readonly string[] | undefined,
  from: string,
  to: string,
): Promise<StockHistory> {
  if (!isLocalDate(from) || !isLocalDate(to)) throw new RangeError(`stockOnDays: invalid range ${JSON.stringify(from)} – ${JSON.stringify(to)}`);
  const first = await db.stockSnapshot.aggregate({ where: { shop }, _min: { day: true } });
  const historyStarts = first._min.day ?? null;
  const variants = new Map<string, VariantStockHistory>();
  if (historyStarts === null || from >= to || (variantIds && variantIds.length === 0)) return { historyStarts, variants };

  // The variant lists are bound twice per statement: chunks under the bound-parameter limit.
  const lists = variantIds ? [...chunks([...new Set(variantIds)], 2)] : [null];
  const rows: Row[] = [];
  for (const list of lists) {
    const only = (alias: string) => (list ? Prisma.sql` AND ${Prisma.raw(alias)}."variantId" IN (${Prisma.join(list)})` : Prisma.empty);
    rows.push(
      ...(await db.$queryRaw<Row[]>(Prisma.sql`
        SELECT s."variantId", s."day", s."onHand", s."unitCost", s."valueAtCost", s."currency" FROM "StockSnapshot" s
        WHERE s."shop" = ${shop} AND s."day" >= ${from} AND s."day" < ${to}${only("s")}
        UNION ALL
        SELECT s."variantId", s."day", s."onHand", s."unitCost", s."valueAtCost", s."currency" FROM "StockSnapshot" s
        JOIN (SELECT p."variantId", MAX(p."day") AS "day" FROM "StockSnapshot" p WHERE p."shop" = ${shop} AND p."day" < ${from}${only("p")} GROUP BY p."variantId") m
          ON m."variantId" = s."variantId" AND m."day" = s."day"
        WHERE s."shop" = ${shop}`)),
    );
  }
  const byVariant = new Map<string, StoredStockSnapshot[]>();
  for (const r of rows) {
    const list = byVariant.get(r.variantId) ?? [];
    list.push({ date: r.day, onHand: int(r.onHand), unitCost: intOrNull(r.unitCost), valueAtCost: intOrNull(r.valueAtCost), currency: r.currency });
    byVariant.set(r.variantId, list);
  }
  for (const variantId of [...byVariant.keys()].sort()) {
    const snapshots = byVariant.get(variantId)!.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const knownFrom = snapshots[0]!.date < from ? from : snapshots[0]!.date;
    const days: StockDay[] = [];
    let k = 0;
    for (let day = knownFrom; day < to; day = addDays(day, 1)) {
      while (k + 1 < snapshots.length && snapshots[k + 1]!.date <= day) k++;
      const s = snapshots[k]!;
      days.push({ day, onHand: s.onHand, unitCost: s.unitCost, valueAtCost: s.valueAtCost });
    }
    variants.set(variantId, { variantId, knownFrom, snapshots, days });
  }
  return { historyStarts, variants };
}
