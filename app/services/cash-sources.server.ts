/**
 * Where the Cash page's other inputs come from (app/services/cash.server.ts `CashSources`):
 * Shopify Payments payouts and sale-to-cash delays, other gateways' settlement delays, and the
 * orders customers have not paid yet. Until a module is there, its part reads as unknown.
 */
import type { PrismaClient } from "@prisma/client";

import { NO_SOURCES, type CashSources } from "./cash.server";

export function cashSources(_db: PrismaClient): CashSources {
  return NO_SOURCES;
}
