import { z } from "zod";

import { providerOf, type Db } from "~/db.server";
import { logger } from "~/logger.server";
import { deleteShopData } from "~/store/shop-data.server";

/**
 * Shopify's mandatory compliance webhooks. NetMargin stores no customer data:
 * orders are kept without customer, name, email, phone or address (see
 * prisma/schema.prisma), so a customer data request has nothing to report and a
 * customer redaction has nothing to erase. shop/redact erases everything the
 * shop owns, including its jobs in pg-boss's tables on PostgreSQL.
 */

const shopFields = {
  shop_id: z.number({ error: "shop_id must be a number" }),
  shop_domain: z.string({ error: "shop_domain must be a string" }).min(1, "shop_domain is required"),
};
const customer = z.object({ id: z.number({ error: "customer.id must be a number" }) }).passthrough();

export const customersDataRequestPayload = z
  .object({
    ...shopFields,
    customer,
    orders_requested: z.array(z.number(), { error: "orders_requested must be a list of order ids" }),
    data_request: z.object({ id: z.number({ error: "data_request.id must be a number" }) }),
  })
  .passthrough();

export const customersRedactPayload = z
  .object({
    ...shopFields,
    customer,
    orders_to_redact: z.array(z.number(), { error: "orders_to_redact must be a list of order ids" }),
  })
  .passthrough();

export const shopRedactPayload = z.object(shopFields).passthrough();

export class InvalidPayloadError extends Error {
  constructor(topic: string, issues: z.core.$ZodIssue[]) {
    super(
      `Invalid ${topic} payload: ${issues
        .map((i) => `${i.path.join(".") || "payload"}: ${i.message}`)
        .join("; ")}`,
    );
    this.name = "InvalidPayloadError";
  }
}

function parse<T extends z.ZodType>(schema: T, topic: string, payload: unknown): z.infer<T> {
  const result = schema.safeParse(payload);
  if (!result.success) throw new InvalidPayloadError(topic, result.error.issues);
  return result.data;
}

export interface ComplianceResult {
  /** What NetMargin holds / erased, for the response body and the log. */
  summary: string;
  deleted?: Record<string, number>;
}

export async function handleCustomersDataRequest(shop: string, payload: unknown): Promise<ComplianceResult> {
  const data = parse(customersDataRequestPayload, "customers/data_request", payload);
  logger.info("customers/data_request: no customer data held", {
    shop,
    dataRequestId: data.data_request.id,
    ordersRequested: data.orders_requested.length,
  });
  return { summary: "NetMargin stores no customer data: nothing to report." };
}

export async function handleCustomersRedact(shop: string, payload: unknown): Promise<ComplianceResult> {
  const data = parse(customersRedactPayload, "customers/redact", payload);
  logger.info("customers/redact: no customer data held", {
    shop,
    ordersToRedact: data.orders_to_redact.length,
  });
  return { summary: "NetMargin stores no customer data: nothing to redact." };
}

export async function handleShopRedact(db: Db, shop: string, payload: unknown): Promise<ComplianceResult> {
  const data = parse(shopRedactPayload, "shop/redact", payload);
  if (data.shop_domain !== shop) {
    throw new InvalidPayloadError("shop/redact", [
      {
        code: "custom",
        path: ["shop_domain"],
        message: `does not match the X-Shopify-Shop-Domain header (${shop})`,
        input: data.shop_domain,
      },
    ]);
  }
  const deleted = { ...(await deleteShopData(db, shop)), ...(await erasePgBossJobs(db, shop)) };
  logger.info("shop/redact: erased all shop data", { shop, deleted });
  return { summary: "All data of the shop erased.", deleted };
}

/** pg-boss's schema in the app's database: the runtime's queue (app/jobs/runtime.server.ts) keeps PgBossQueue's default. */
const PG_BOSS_SCHEMA = "pgboss";

/**
 * On PostgreSQL the job queue (pg-boss) keeps rows that name the shop: its jobs
 * (data.shop and the singleton key, in every state, kept for a while after they
 * end), a shop-wide job's output that names it (an error listing shops), a queue's
 * running keys and a schedule for it. The shop's jobs go and its name goes from the
 * others' rows; pg-boss's completion of a job running for it now updates no row.
 * Nothing to do on SQLite (jobs live in memory) or before pg-boss made its schema.
 */
async function erasePgBossJobs(db: Db, shop: string): Promise<{ PgBossJob?: number }> {
  if (providerOf(db) !== "postgresql") return {};
  const s = `"${PG_BOSS_SCHEMA}"`;
  const [found] = await db.$queryRaw<{ present: boolean }[]>`SELECT to_regclass(${`${s}.job`}) IS NOT NULL AS "present"`;
  if (!found?.present) return {};
  const [jobs] = await db.$transaction([
    db.$executeRawUnsafe(`DELETE FROM ${s}.job WHERE singleton_key = $1 OR data->>'shop' = $1`, shop),
    db.$executeRawUnsafe(`UPDATE ${s}.job SET output = NULL WHERE output IS NOT NULL AND strpos(output::text, $1) > 0`, shop),
    db.$executeRawUnsafe(`UPDATE ${s}.queue SET singletons_active = array_remove(singletons_active, $1) WHERE $1 = ANY(singletons_active)`, shop),
    db.$executeRawUnsafe(`DELETE FROM ${s}.schedule WHERE key = $1 OR data->>'shop' = $1`, shop),
  ]);
  return { PgBossJob: jobs };
}
