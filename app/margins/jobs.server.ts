/**
 * The margin job: recompute the stored margins of a shop's months marked dirty
 * (queued after each sync job, each order or unit-cost webhook and each cost
 * change). Queued jobs of one shop coalesce (one running, one waiting), so a burst
 * of webhooks costs one or two recomputes of the current month.
 */
import type { PrismaClient } from "@prisma/client";

import type { JobQueue } from "~/jobs/queue.server";
import type { RowReader } from "~/store/row-reader.server";
import type { SqlDb } from "~/store/sql.server";
import type { ComputeThread } from "./compute-thread.server";
import { recomputeMargins } from "./recompute.server";

export interface MarginJobDeps {
  db: PrismaClient;
  sql: SqlDb;
  reader: RowReader;
  /** The recompute's second thread, or null where it cannot run. */
  compute: ComputeThread | null;
}

export async function registerMarginJobs(queue: JobQueue, deps: MarginJobDeps): Promise<void> {
  await queue.register<{ shop: string }>("recompute", async ({ shop }) => {
    const installed = await deps.db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
    if (!installed || installed.uninstalledAt) return;
    await recomputeMargins(deps, shop);
  });
}
