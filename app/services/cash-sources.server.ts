/**
 * Where the Cash page's other inputs come from (app/services/cash.server.ts `CashSources`):
 * Shopify Payments payouts and each charge's delay to its payout (store/payments.server.ts),
 * other gateways' settlement delays (store/gateway-settlement.server.ts), and the orders
 * customers have not paid yet (store/receivables.server.ts).
 */
import type { PrismaClient } from "@prisma/client";

import { readGatewayDelays } from "~/store/gateway-settlement.server";
import { listPayouts, saleToCashDelays, shopifyPaymentsStatus } from "~/store/payments.server";
import { listReceivableOrders } from "~/store/receivables.server";

import type { CashSources } from "./cash.server";

export function cashSources(db: PrismaClient): CashSources {
  return {
    // "unknown": not asked yet (first sync not done) or the answer is not one NetMargin knows.
    paymentsActive: async (shop) => {
      const status = await shopifyPaymentsStatus(shop, db);
      return status === "active" ? true : status === "unknown" ? null : false;
    },
    payouts: async (shop, range) => (await listPayouts(shop, range, db)).map((p) => ({ date: p.date.toISOString(), status: p.status, currency: p.currency, net: p.net })),
    saleToCash: (shop, range) => saleToCashDelays(shop, range, db),
    gatewayDelays: (shop) => readGatewayDelays(shop, db),
    receivables: (shop, asOf) => listReceivableOrders(shop, asOf, db, { withGateway: false }),
  };
}
