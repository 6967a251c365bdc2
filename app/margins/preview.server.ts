/**
 * What a settings change would do to the last 30 days (up to the latest order when
 * there was none lately), before it is saved: the
 * orders of the months the window touches are read once and each gets two margins,
 * with the settings history as it is and with the draft version appended (fixed
 * costs allocated over whole months, and stock carrying shared over the month's units
 * sold, as the recompute does: MonthMargins). Only
 * orders processed in the window are summed. Nothing is written.
 */
import type { PrismaClient } from "@prisma/client";

import { giftCardOnly, type OrderMargin } from "~/domain/margin";
import { appendVersion } from "~/domain/settings";
import { firstDayOfMonth, localDate, monthKey, nextMonth, resolveRange, startOfLocalDate } from "~/domain/time";
import type { Issue } from "~/domain/validation";
import { parseSettingsVersion, shopFacts } from "~/store/cost-settings.server";
import { isoOf, readOrderBatch, type OrderCursor, type RowReader } from "~/store/row-reader.server";
import { loadMonthCarrying } from "./carrying.server";
import { loadMarginSources, MonthMargins, monthTally } from "./recompute.server";

export interface PreviewTotals {
  orders: number;
  lossOrders: number;
  netRevenue: number;
  netMargin: number;
  costs: { costOfGoods: number; shipping: number; packaging: number; labour: number; paymentFees: number; fixedCosts: number; stockCarrying: number; provisions: number };
}

export interface SettingsPreview {
  currency: string;
  /** Shop-local dates, `to` exclusive. */
  window: { from: string; to: string };
  current: PreviewTotals;
  draft: PreviewTotals;
  ms: number;
}

function emptyTotals(): PreviewTotals {
  return { orders: 0, lossOrders: 0, netRevenue: 0, netMargin: 0, costs: { costOfGoods: 0, shipping: 0, packaging: 0, labour: 0, paymentFees: 0, fixedCosts: 0, stockCarrying: 0, provisions: 0 } };
}

function add(t: PreviewTotals, m: OrderMargin): void {
  t.orders += 1;
  if (m.netMargin < 0) t.lossOrders += 1;
  t.netRevenue += m.netRevenue;
  t.netMargin += m.netMargin;
  const c = m.costs;
  t.costs.costOfGoods += c.costOfGoods;
  t.costs.shipping += c.shipping;
  t.costs.packaging += c.packaging;
  t.costs.labour += c.labour;
  t.costs.paymentFees += c.paymentFees;
  t.costs.fixedCosts += c.fixedCosts;
  t.costs.stockCarrying += c.stockCarrying;
  t.costs.provisions += c.provisions.returns + c.provisions.fraud + c.provisions.spoilage;
}

export async function previewSettingsChange(
  db: PrismaClient,
  reader: RowReader,
  shop: string,
  input: { settings: unknown; effectiveFrom: unknown },
  now: Date = new Date(),
): Promise<{ ok: true; preview: SettingsPreview } | { ok: false; errors: Issue[] }> {
  const started = performance.now();
  const facts = await shopFacts(db, shop);
  const parsed = parseSettingsVersion(input, facts, now);
  if (!parsed.ok) return parsed;
  const sources = await loadMarginSources(db, shop);
  const draftSources = { ...sources, settings: appendVersion(sources.settings, parsed.version) };
  // The 30 days up to today, or up to the latest order when the shop has had none lately
  // (a seasonal shop, the offline demo): a preview of an empty month would say nothing.
  const latest = (await reader.rows(`SELECT MAX("processedAt") FROM "Order" WHERE "shop" = ?`, [shop]))[0]?.[0];
  const latestAt = latest === null || latest === undefined ? null : Date.parse(isoOf(latest));
  const lastDay = latestAt !== null && latestAt < now.getTime() - 30 * 86_400_000 ? new Date(latestAt).toISOString() : now.toISOString();
  const window = resolveRange({ range: "30d", from: null, to: null }, localDate(lastDay, facts.timeZone));
  const windowFrom = Date.parse(startOfLocalDate(window.from, facts.timeZone));
  const windowTo = Date.parse(startOfLocalDate(window.to, facts.timeZone));
  const current = emptyTotals();
  const draft = emptyTotals();
  const lastMonth = monthKey(new Date(windowTo - 1).toISOString(), facts.timeZone);
  for (let month = monthKey(new Date(windowFrom).toISOString(), facts.timeZone); month <= lastMonth; month = nextMonth(month)) {
    const from = startOfLocalDate(firstDayOfMonth(month), facts.timeZone);
    const to = startOfLocalDate(firstDayOfMonth(nextMonth(month)), facts.timeZone);
    const tally = await monthTally(reader, shop, from, to);
    // Stock carrying over each month's orders, as the recompute shares it (carrying.server.ts).
    const today = localDate(now.toISOString(), facts.timeZone);
    const asIs = new MonthMargins(month, tally, sources, await loadMonthCarrying(reader, shop, month, sources, today));
    const next = new MonthMargins(month, tally, draftSources, await loadMonthCarrying(reader, shop, month, draftSources, today));
    let cursor: OrderCursor | null = null;
    for (;;) {
      const batch = await readOrderBatch(reader, shop, { from, to }, cursor, 2000);
      if (batch.length === 0) break;
      for (const order of batch) {
        const a = asIs.next(order).margin;
        const b = next.next(order).margin;
        const t = Date.parse(order.processedAt);
        // Gift-card-only orders are left out of margin totals, as on the home page.
        if (order.cancelled || order.test || giftCardOnly(order) || t < windowFrom || t >= windowTo) continue;
        add(current, a);
        add(draft, b);
      }
      const last = batch[batch.length - 1]!;
      cursor = { processedAt: last.processedAt, id: last.id };
      if (batch.length < 2000) break;
      // Let the server answer other requests between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return { ok: true, preview: { currency: facts.currency, window, current, draft, ms: Math.round(performance.now() - started) } };
}
