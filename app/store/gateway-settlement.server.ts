/**
 * The merchant's settlement delay per payment gateway (issue 19, item 2): one
 * `GatewaySettlement` row per shop and gateway code, saved from the receivables page;
 * gateways without a row take the defaults of app/domain/gateway-settlement.ts. Scoped to
 * one shop. The Cash page reads the delays in force with `readGatewayDelays`.
 */
import type { PrismaClient } from "@prisma/client";

import defaultDb from "~/db.server";
import { delaysInForce, gatewayDelayRows, validateGatewayDelays, type GatewayDelayRow } from "~/domain/gateway-settlement";

type Db = Pick<PrismaClient, "gatewaySettlement" | "orderTransaction" | "$transaction">;

/** What the merchant saved, by gateway code. */
async function savedDelays(shop: string, db: Pick<PrismaClient, "gatewaySettlement">): Promise<Record<string, number>> {
  const rows = await db.gatewaySettlement.findMany({ where: { shop }, select: { gateway: true, days: true } });
  return Object.fromEntries(rows.map((r) => [r.gateway, r.days]));
}

/**
 * The settlement delay in whole days of every gateway NetMargin knows a delay for (saved,
 * else the default), by lower-case gateway code. Shopify Payments is not among them: its
 * delay comes from the payouts. A gateway missing from the result settles at payment (0).
 */
export async function readGatewayDelays(shop: string, db: Pick<PrismaClient, "gatewaySettlement"> = defaultDb): Promise<Record<string, number>> {
  return delaysInForce(await savedDelays(shop, db));
}

/** The settings form's rows: the known gateways and every gateway seen in the shop's orders. */
export async function readGatewayDelayRows(shop: string, db: Pick<PrismaClient, "gatewaySettlement" | "orderTransaction"> = defaultDb): Promise<GatewayDelayRow[]> {
  const [saved, inUse] = await Promise.all([
    savedDelays(shop, db),
    db.orderTransaction.findMany({ where: { shop, gateway: { not: null } }, distinct: ["gateway"], select: { gateway: true } }),
  ]);
  return gatewayDelayRows(
    saved,
    inUse.map((r) => r.gateway!),
  );
}

export type SaveDelays = { ok: true; saved: number } | { ok: false; errors: Record<string, string> };

/** Validates every field, then saves them all in one transaction (nothing when one is wrong). */
export async function saveGatewayDelays(shop: string, input: Readonly<Record<string, unknown>>, now: Date = new Date(), db: Db = defaultDb): Promise<SaveDelays> {
  const v = validateGatewayDelays(input);
  if (!v.ok) return v;
  const entries = Object.entries(v.delays);
  await db.$transaction(
    entries.map(([gateway, days]) =>
      db.gatewaySettlement.upsert({ where: { shop_gateway: { shop, gateway } }, create: { shop, gateway, days, updatedAt: now }, update: { days, updatedAt: now } }),
    ),
  );
  return { ok: true, saved: entries.length };
}
