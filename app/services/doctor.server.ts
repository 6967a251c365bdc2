/**
 * The doctor: checks a live installation of NetMargin on one shop, with the shop's
 * stored offline access token, and says in plain words what to fix.
 *
 * 1. The token works (Shopify answers the Admin API at all).
 * 2. The API version Shopify answered with (response header X-Shopify-API-Version) is
 *    the app's, 2026-10: Shopify answers an unsupported or retired version with another.
 * 3. The granted scopes (currentAppInstallation.accessScopes) cover shopify.app.toml's.
 * 4. read_all_orders is granted (otherwise only the last 60 days of orders are visible).
 * 5. Protected customer data: the latest orders that need shipping come with a shipping
 *    country (Shopify hides addresses, or refuses orders, to apps not approved for them).
 * 6. Every bulk query NetMargin runs is accepted: each is started with
 *    bulkOperationRunQuery and cancelled at once with bulkOperationCancel (tryBulkQueryStart,
 *    called with the same builders the backfill uses, which test/shopify/bulk-queries.test.ts
 *    checks; test/cli/doctor.test.ts fails when a builder of app/shopify/bulk-queries.ts is missing here).
 *
 * The transport is plain fetch (the doctor needs the response headers and each
 * userError); tests point it at the Admin API simulator.
 */
import { API_VERSION } from "~/config.server";
import { BULK_OPERATION_RUN_QUERY_MUTATION } from "~/shopify/graphql/BulkOperationRunQueryMutation";
import { BULK_OPERATION_CANCEL_MUTATION, DOCTOR_INSTALLATION_QUERY, DOCTOR_RECENT_ORDERS_QUERY } from "~/shopify/graphql/DoctorQueries";
import { ordersBulkQuery } from "~/shopify/bulk-queries";
import { CATALOG_BULK_QUERY } from "~/sync/catalog-import.server";
import type {
  NetMarginBulkOperationCancelMutation,
  NetMarginBulkOperationRunQueryMutation,
  NetMarginDoctorInstallationQuery,
  NetMarginDoctorRecentOrdersQuery,
} from "~/types/admin.generated";

export type CheckStatus = "pass" | "warn" | "fail";

export interface DoctorCheck {
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found and, when something is wrong, what to do, in plain words. */
  readonly detail: string;
}

export interface DoctorReport {
  readonly shop: string;
  readonly checks: readonly DoctorCheck[];
  /** False when any check failed (warnings do not fail the run). */
  readonly ok: boolean;
}

export interface DoctorOptions {
  readonly shop: string;
  readonly accessToken: string;
  /** Default https://{shop}/admin/api/2026-10/graphql.json. */
  readonly endpoint?: string;
  /** The scopes shopify.app.toml asks for (requiredScopes). */
  readonly requiredScopes: readonly string[];
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Why NetMargin asks for each scope (shown when one is missing). */
const SCOPE_PURPOSE: Record<string, string> = {
  read_orders: "orders, refunds, transactions and their fees: the margin of every order",
  read_all_orders: "orders older than 60 days: the history import",
  read_products: "products, variants and prices",
  read_inventory: "unit costs (cost of goods) and stock",
  read_locations: "the names of stock locations",
  read_shipping: "delivery profiles: free-shipping rates and the shipping price per zone",
  write_discounts: "NetMargin's automatic free-shipping discount",
  read_payment_terms: "B2B payment terms and due dates: the receivables' ageing and overdue orders",
  read_shopify_payments_accounts: "Shopify Payments payouts and balance transactions (optional: needs Shopify's approval)",
};

/** Scopes that need Shopify's approval: NetMargin works without them, so their absence is not a failure. */
const OPTIONAL_SCOPES = new Set(["read_all_orders", "read_shopify_payments_accounts"]);

/** The scopes of `[access_scopes] scopes = "…"` in shopify.app.toml. */
export function requiredScopes(toml: string): string[] {
  const line = /\[access_scopes\][^[]*?^\s*scopes\s*=\s*"([^"]*)"/m.exec(toml)?.[1];
  if (line === undefined) throw new Error('shopify.app.toml has no [access_scopes] scopes = "…" line');
  return line
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

interface Answer<T> {
  status: number;
  version: string | null;
  data: T | null;
  errors: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

class Stop extends Error {}

/** One Admin API call; THROTTLED is waited out (three tries); HTTP and network failures end the run. */
async function call<T>(o: DoctorOptions, query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const doFetch = o.fetch ?? globalThis.fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const endpoint = o.endpoint ?? `https://${o.shop}/admin/api/${API_VERSION}/graphql.json`;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await doFetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": o.accessToken },
        body: JSON.stringify({ query, variables }),
      });
    } catch (e) {
      throw new Stop(`Could not reach ${o.shop}: ${(e as Error).message}. Check the shop domain and the network.`);
    }
    const text = await res.text();
    if (res.status === 401) throw new Stop("Shopify rejected the stored access token (HTTP 401): it was revoked or the app was uninstalled. Open NetMargin from the shop's admin to reinstall it, then run the doctor again.");
    if (res.status === 402) throw new Stop("The shop is frozen or its plan is unpaid (HTTP 402): Shopify answers no Admin API calls until the merchant settles it.");
    if (res.status === 403) throw new Stop("Shopify refused the request (HTTP 403): the app is not allowed to use the Admin API on this shop.");
    if (res.status === 404) throw new Stop(`No Admin API at ${endpoint} (HTTP 404): check the shop domain.`);
    if (res.status >= 500 || res.status === 429) {
      if (attempt < 3) {
        await sleep(2000 * attempt);
        continue;
      }
      throw new Stop(`Shopify answered HTTP ${res.status} three times; try again in a few minutes.`);
    }
    let body: { data?: T | null; errors?: unknown; extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable: number; restoreRate: number } } } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Stop(`Shopify answered HTTP ${res.status} with something other than JSON.`);
    }
    const errors = Array.isArray(body.errors) ? (body.errors as Answer<T>["errors"]) : body.errors ? [{ message: JSON.stringify(body.errors) }] : [];
    const cost = body.extensions?.cost;
    if (errors.some((e) => e.extensions?.code === "THROTTLED") && attempt < 3) {
      const wait = cost?.throttleStatus && cost.requestedQueryCost ? (cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable) / cost.throttleStatus.restoreRate : 2;
      await sleep(Math.max(1, Math.ceil(wait)) * 1000);
      continue;
    }
    return { status: res.status, version: res.headers.get("x-shopify-api-version"), data: body.data ?? null, errors };
  }
}

const messages = (errors: Answer<unknown>["errors"]) => errors.map((e) => e.message).join("; ");
const accessDenied = (errors: Answer<unknown>["errors"]) => errors.some((e) => e.extensions?.code === "ACCESS_DENIED");

/** Runs every check; never throws for what it finds (a failure is a failed check). */
export async function runDoctor(o: DoctorOptions): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const add = (title: string, status: CheckStatus, detail: string) => checks.push({ title, status, detail });
  try {
    await check(o, add);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    add("Admin API", "fail", e.message);
  }
  return { shop: o.shop, checks, ok: checks.every((c) => c.status !== "fail") };
}

async function check(o: DoctorOptions, add: (title: string, status: CheckStatus, detail: string) => void): Promise<void> {
  // 1-2. Token and API version.
  const install = await call<NetMarginDoctorInstallationQuery>(o, DOCTOR_INSTALLATION_QUERY);
  if (!install.data) throw new Stop(`Shopify answered with errors only: ${messages(install.errors)}`);
  add("Access token", "pass", `Shopify accepted the stored offline session of ${install.data.shop.myshopifyDomain}.`);
  if (install.version === API_VERSION) add("API version", "pass", `Shopify answered with API version ${API_VERSION}.`);
  else if (install.version === null) add("API version", "warn", `Shopify's answer did not say which API version it used (no X-Shopify-API-Version header); NetMargin asks for ${API_VERSION}.`);
  else {
    add(
      "API version",
      "fail",
      `NetMargin asks for API version ${API_VERSION} but Shopify answered with ${install.version}: ${API_VERSION} is not (or no longer) supported. Update NetMargin to a supported API version.`,
    );
  }

  // 3-4. Scopes.
  const granted = new Set(install.data.currentAppInstallation.accessScopes.map((s) => s.handle));
  // write_x includes read_x (Shopify's access scopes reference).
  const has = (scope: string) => granted.has(scope) || (scope.startsWith("read_") && granted.has(`write_${scope.slice(5)}`));
  const missing = o.requiredScopes.filter((s) => !OPTIONAL_SCOPES.has(s) && !has(s));
  if (missing.length === 0) add("Access scopes", "pass", `Granted: ${o.requiredScopes.filter((s) => !OPTIONAL_SCOPES.has(s)).join(", ")}.`);
  else {
    add(
      "Access scopes",
      "fail",
      `Not granted: ${missing.map((s) => `${s} (${SCOPE_PURPOSE[s] ?? "asked for in shopify.app.toml"})`).join("; ")}. ` +
        "Deploy the app's configuration (npx @shopify/cli@latest app deploy, or app dev), then open NetMargin from the shop's admin and approve the new access.",
    );
  }
  if (o.requiredScopes.includes("read_all_orders")) {
    if (has("read_all_orders")) add("All order history", "pass", "read_all_orders is granted: orders older than 60 days are imported.");
    else {
      add(
        "All order history",
        "fail",
        "read_all_orders is not granted: Shopify shows NetMargin only the last 60 days of orders. Request it in the Partner or Dev Dashboard (API access requests → Read all orders), then reinstall or reapprove the app on the shop.",
      );
    }
  }

  // 5. Protected customer data.
  const orders = await call<NetMarginDoctorRecentOrdersQuery>(o, DOCTOR_RECENT_ORDERS_QUERY);
  const nodes = orders.data?.orders.nodes ?? [];
  if (!orders.data?.orders) {
    add(
      "Protected customer data",
      "fail",
      accessDenied(orders.errors)
        ? `Shopify refuses NetMargin access to orders (${messages(orders.errors)}). Request protected customer data access (level 1) in the Partner Dashboard (App setup → Protected customer data access); development stores need no approval.`
        : `Reading orders failed: ${messages(orders.errors)}`,
    );
  } else if (nodes.length === 0) {
    add("Protected customer data", "warn", "The shop has no orders yet, so whether Shopify hides shipping addresses could not be checked.");
  } else {
    const shipped = nodes.filter((n) => n.requiresShipping);
    const hidden = shipped.filter((n) => !n.shippingAddress?.countryCodeV2);
    const addressDenied = orders.errors.some((e) => e.path?.includes("shippingAddress"));
    if (addressDenied || (shipped.length > 0 && hidden.length === shipped.length)) {
      add(
        "Protected customer data",
        "warn",
        `Orders are readable, but Shopify hides their shipping address from NetMargin (${hidden.length || shipped.length} of the latest ${shipped.length} shipped orders came without one). ` +
          "Shipping rules by country then price those parcels with the settings' country for unknown destinations. Approval of protected customer data with the Address field (Partner Dashboard → App setup → Protected customer data access) lets NetMargin read each order's destination country, so the rules for each country apply.",
      );
    } else if (shipped.length === 0) add("Protected customer data", "pass", "Orders are readable (none of the latest needed shipping, so addresses were not checked).");
    else add("Protected customer data", "pass", `Orders are readable, with a shipping country on ${shipped.length - hidden.length} of the latest ${shipped.length} shipped orders.`);
  }

  // 6. Bulk queries: every one the backfill runs (a full import: no start date).
  add(...(await tryBulkQueryStart(o, "catalog (variants and inventory)", CATALOG_BULK_QUERY)));
  add(...(await tryBulkQueryStart(o, "orders", ordersBulkQuery(null))));
}

/** Starts one bulk query and cancels it at once: does Shopify accept it? (title, status, detail) */
export async function tryBulkQueryStart(o: DoctorOptions, name: string, query: string): Promise<[string, CheckStatus, string]> {
  const title = `Bulk query: ${name}`;
  const run = await call<NetMarginBulkOperationRunQueryMutation>(o, BULK_OPERATION_RUN_QUERY_MUTATION, { query });
  const payload = run.data?.bulkOperationRunQuery;
  if (!payload) return [title, "fail", `Shopify refused to start it: ${messages(run.errors) || "no answer"}`];
  const refusal = payload.userErrors[0];
  if (refusal) {
    // Too many bulk queries already running on the shop: not a verdict on this query.
    if (refusal.code === "OPERATION_IN_PROGRESS" || refusal.code === "LIMIT_REACHED") return [title, "warn", `Not checked: ${refusal.message} Run the doctor again when they have finished.`];
    return [title, "fail", `Shopify refuses this query, so the import would fail: "${refusal.message}"${refusal.code ? ` (${refusal.code})` : ""}.`];
  }
  if (!payload.bulkOperation) return [title, "fail", "Shopify neither started it nor said why."];
  const cancel = await call<NetMarginBulkOperationCancelMutation>(o, BULK_OPERATION_CANCEL_MUTATION, { id: payload.bulkOperation.id });
  const cancelError = cancel.data?.bulkOperationCancel?.userErrors[0]?.message ?? (cancel.data ? null : messages(cancel.errors));
  return [title, "pass", `Accepted by Shopify (started and cancelled at once${cancelError ? `; the cancel said: ${cancelError}` : ""}).`];
}

const MARK: Record<CheckStatus, string> = { pass: "✓", warn: "!", fail: "✗" };

/** The checklist as printed: one line per check, ✓ passed, ! warning, ✗ failed. */
export function formatReport(report: DoctorReport): string {
  const lines = [`NetMargin doctor for ${report.shop}`, ""];
  for (const c of report.checks) lines.push(`${MARK[c.status]} ${c.title}: ${c.detail}`);
  const failed = report.checks.filter((c) => c.status === "fail").length;
  const warned = report.checks.filter((c) => c.status === "warn").length;
  lines.push("", failed === 0 ? `All checks passed${warned ? ` (${warned} warning${warned === 1 ? "" : "s"})` : ""}.` : `${failed} check${failed === 1 ? "" : "s"} failed.`);
  return lines.join("\n");
}
