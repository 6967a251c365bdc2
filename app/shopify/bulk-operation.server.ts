/**
 * One bulk operation on Shopify's side: start a bulk query, poll it until it ends.
 * The resumable import around it (checkpoints, retries, download) is
 * app/sync/bulk-run.server.ts.
 */
import type { AdminGraphql } from "./admin-client.server";
import { BULK_OPERATION_QUERY } from "./graphql/BulkOperationQuery";
import { BULK_OPERATION_RUN_QUERY_MUTATION } from "./graphql/BulkOperationRunQueryMutation";

export interface BulkOperationState {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);

/** Shopify did not start the bulk operation (userErrors, or no operation returned). */
export class BulkStartError extends Error {
  override name = "BulkStartError";
  constructor(
    message: string,
    /** BulkOperationUserErrorCode (INVALID, OPERATION_IN_PROGRESS, LIMIT_REACHED), or null. */
    readonly code: string | null,
    /** Shopify's own words (the userErrors' messages), for the merchant. */
    readonly shopifyMessage: string,
  ) {
    super(message);
  }
}

export async function startOperation(admin: AdminGraphql, query: string): Promise<string> {
  const r = await admin<{
    bulkOperationRunQuery: { bulkOperation: { id: string; status: string } | null; userErrors: { field: string[] | null; message: string; code: string | null }[] } | null;
  }>(BULK_OPERATION_RUN_QUERY_MUTATION, { query });
  const payload = r.bulkOperationRunQuery;
  const errors = payload?.userErrors ?? [];
  if (errors.length > 0 || !payload?.bulkOperation) {
    const e = errors[0];
    // Shopify may send several (a top-level `node` also lacks a connection): all are shown.
    const said = errors.length > 0 ? errors.map((x) => x.message).join(" ") : "Shopify returned no bulk operation and no error.";
    // OPERATION_IN_PROGRESS / LIMIT_REACHED: the backfill tries again later; INVALID never passes.
    throw new BulkStartError(`Shopify refused the bulk query: ${e ? `${e.code ?? ""} ${said}`.trim() : said}`, e?.code ?? null, said);
  }
  return payload.bulkOperation.id;
}

export async function waitForOperation(
  admin: AdminGraphql,
  id: string,
  opts: { sleep?: ((ms: number) => Promise<void>) | undefined; pollMs?: { first: number; max: number } | undefined } = {},
): Promise<BulkOperationState> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const poll = opts.pollMs ?? { first: 1000, max: 10_000 };
  let delay = poll.first;
  for (;;) {
    const r = await admin<{ bulkOperation: BulkOperationState | null }>(BULK_OPERATION_QUERY, { id });
    const op = r.bulkOperation;
    if (!op) throw new Error(`bulk operation ${id} not found`);
    if (TERMINAL.has(op.status)) return op;
    await sleep(delay);
    delay = Math.min(poll.max, Math.ceil(delay * 1.5));
  }
}
