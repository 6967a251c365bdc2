/**
 * What the stored margins no longer reflect. Anything that changes an input of
 * the engine records the processedAt range of the orders it affects
 * (`MarginDirty`); the recompute job (recompute.server.ts) turns the ranges into
 * shop-local months, recomputes them, and removes the ranges it has covered.
 *
 * Writers: sync (orders written, a catalog weight changed), settings saves (from
 * their date, or all history), unit-cost overrides, shipping-cost imports, stock
 * snapshots that changed while a carrying cost is counted (from their day). Every
 * row is one shop's.
 */
import type { PrismaClient } from "@prisma/client";

export type DirtyReason = "sync" | "settings" | "unit-cost" | "shipping-import" | "manual" | "migration" | "catalog-weight" | "stock";

export interface DirtyRange {
  /** Earliest processedAt affected (inclusive). */
  since: Date;
  /** Latest processedAt affected (inclusive); null = up to now and later. */
  until: Date | null;
  reason: DirtyReason;
}

/** The whole history. */
export const ALL_HISTORY = new Date("1970-01-01T00:00:00Z");

type DirtyDb = Pick<PrismaClient, "marginDirty">;

export async function markMarginsDirty(db: DirtyDb, shop: string, ranges: readonly DirtyRange[], now = new Date()): Promise<void> {
  if (ranges.length === 0) return;
  for (const r of ranges) {
    if (!(r.since instanceof Date) || Number.isNaN(r.since.getTime())) throw new RangeError("markMarginsDirty: since must be a valid date");
    if (r.until !== null && r.until.getTime() < r.since.getTime()) throw new RangeError("markMarginsDirty: until is before since");
  }
  await db.marginDirty.createMany({ data: ranges.map((r) => ({ shop, since: r.since, until: r.until, reason: r.reason, markedAt: now })) });
}

/** Orders written by sync: one range from the earliest to the latest processedAt. */
export function rangeOfOrders(processedAt: Iterable<string | Date>): DirtyRange | null {
  let min = Infinity;
  let max = -Infinity;
  for (const p of processedAt) {
    const t = typeof p === "string" ? Date.parse(p) : p.getTime();
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (min === Infinity) return null;
  return { since: new Date(min), until: new Date(max), reason: "sync" };
}

/**
 * Orders affected one by one, scattered over the history (those that took a
 * variant's catalog weight as their estimate): one range per UTC month holding
 * some, from its earliest to its latest, so the recompute redoes only the
 * shop-local months holding such orders (a range inside one UTC month reaches
 * at most the local months of its two ends, which both hold one).
 */
export function rangesByMonth(processedAt: Iterable<string | Date>, reason: DirtyReason): DirtyRange[] {
  const months = new Map<string, { min: number; max: number }>();
  for (const p of processedAt) {
    const t = typeof p === "string" ? Date.parse(p) : p.getTime();
    if (Number.isNaN(t)) throw new RangeError("rangesByMonth: expected valid dates");
    const key = new Date(t).toISOString().slice(0, 7);
    const m = months.get(key);
    if (!m) months.set(key, { min: t, max: t });
    else {
      if (t < m.min) m.min = t;
      if (t > m.max) m.max = t;
    }
  }
  return [...months.keys()].sort().map((k) => ({ since: new Date(months.get(k)!.min), until: new Date(months.get(k)!.max), reason }));
}

/** The shop's pending ranges and the highest id among them (what clearDirty removes), or null when none. */
export async function pendingDirty(db: DirtyDb, shop: string): Promise<{ maxId: number; ranges: DirtyRange[] } | null> {
  const rows = await db.marginDirty.findMany({ where: { shop }, orderBy: { id: "asc" } });
  if (rows.length === 0) return null;
  return {
    maxId: rows[rows.length - 1]!.id,
    ranges: rows.map((r) => ({ since: r.since, until: r.until, reason: r.reason as DirtyReason })),
  };
}

/** Removes the ranges a recompute has covered (ids ≤ maxId); later marks stay for the next run. */
export async function clearDirty(db: DirtyDb, shop: string, maxId: number): Promise<void> {
  await db.marginDirty.deleteMany({ where: { shop, id: { lte: maxId } } });
}
