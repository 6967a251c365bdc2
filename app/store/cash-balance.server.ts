/**
 * The bank balances the merchant entered (issue 19, item 5): one `CashBalance` row per
 * shop-local date, the latest date anchoring the Cash page's cash line. Entering a balance for
 * a date that has one replaces it (the merchant corrects it); a later date adds an entry, so
 * the history of what was entered stays. Scoped to one shop.
 */
import type { PrismaClient } from "@prisma/client";

import type { OpeningBalance } from "~/domain/cash";

type Db = Pick<PrismaClient, "cashBalance">;

export interface StoredCashBalance extends OpeningBalance {
  currency: string;
  enteredAt: Date;
}

/** The shop's latest balance (by date) in `currency`, or null when none was entered. */
export async function readOpeningBalance(db: Db, shop: string, currency: string): Promise<StoredCashBalance | null> {
  const r = await db.cashBalance.findFirst({ where: { shop, currency }, orderBy: { date: "desc" } });
  return r ? { date: r.date, amount: Number(r.amount), currency: r.currency, enteredAt: r.enteredAt } : null;
}

/** Saves a validated balance (app/domain/cash.ts parseOpeningBalance), replacing that date's. */
export async function saveOpeningBalance(db: Db, shop: string, balance: OpeningBalance, currency: string, now: Date = new Date()): Promise<void> {
  const data = { amount: BigInt(balance.amount), currency, enteredAt: now };
  await db.cashBalance.upsert({ where: { shop_date: { shop, date: balance.date } }, create: { shop, date: balance.date, ...data }, update: data });
}
