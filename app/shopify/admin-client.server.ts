/**
 * The Admin GraphQL client of background work (backfill, reconciliation, order
 * fetches), on graphql-request with the shop's offline access token.
 *
 * - Pacing. Every response reports `extensions.cost.throttleStatus`. Before a
 *   request the client projects the bucket from the last status it saw
 *   (currentlyAvailable + restoreRate × elapsed, capped at maximumAvailable, less
 *   what its own in-flight requests are expected to take) and, when that would not
 *   cover this request's expected cost plus a safety margin, waits for the refill
 *   BEFORE sending: the bucket is never run dry by this client. The expected cost is
 *   the last `requestedQueryCost` seen for the same operation, else the caller's
 *   `estimatedCost`, else 50. Bucket size and restore rate are read from responses.
 * - Retries (at most `maxAttempts` attempts in all), each logged at warn/info:
 *   THROTTLED (waits (requested − available) / restoreRate when the cost is
 *   reported), HTTP 429 (Retry-After), HTTP 5xx and INTERNAL_SERVER_ERROR, network
 *   errors and timeouts (exponential backoff with jitter). Then `AdminRetryError`.
 * - 401/403 and ACCESS_DENIED are never retried: `AdminAuthError` with a message
 *   for the merchant, after `onAuthError` (sync marks the shop "needs attention").
 *   After a 401 the client refuses further requests without calling Shopify.
 * - Other GraphQL errors: `AdminGraphqlError`. userErrors are the caller's business.
 *
 * - Retry reporting. Work that runs inside `reportingAdminRetries(reporter, fn)` hears
 *   of each failed attempt about to be retried (`retrying`, before the wait) and of
 *   each answered request (`answered`), so sync can tell the merchant while it is
 *   still retrying. The reporter rides the async context because background work
 *   hands the client around as a bare AdminGraphql function.
 *
 * Sleep, clock and randomness are injectable so tests run on a fake clock. The
 * access token is sent as `X-Shopify-Access-Token` and never logged.
 */
import { AsyncLocalStorage } from "node:async_hooks";

import { Kind, parse } from "graphql";
import { ClientError, GraphQLClient } from "graphql-request";

import { API_VERSION } from "~/config.server";
import { logger } from "~/logger.server";

/** The Admin API version of every request (the app's single API version). */
export const ADMIN_API_VERSION = API_VERSION;

/**
 * The Admin GraphQL client, as every module outside this file takes it: one operation
 * and its variables in, the response's `data` out. GraphQL errors are thrown as
 * `AdminGraphqlError` (with the errors and any partial data), transport failures as
 * they come. Background work passes `AdminClient.request` (paced, retried); a
 * request of the embedded admin passes `adminGraphql(admin, shop)` (shopify-app-remix).
 */
export type AdminGraphql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** Shopify's `extensions.cost.throttleStatus`. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** A throttle status and when (client clock, ms) it was received. */
export interface ObservedThrottleStatus extends ThrottleStatus {
  observedAt: number;
}

export interface GraphqlErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  extensions?: Record<string, unknown>;
}

export interface AdminRequestOptions {
  /** Expected cost (points) when this operation has not been seen yet (default 50). */
  estimatedCost?: number;
}

export interface AdminClientStats {
  /** HTTP requests sent (attempts, retries included). */
  requests: number;
  retries: number;
  /** Time waited after THROTTLED responses (ms). */
  throttledWaitMs: number;
  /** Time waited before sending so the bucket would not run dry (ms). */
  pacedWaitMs: number;
}

export interface AdminClientOptions {
  /** The shop's myshopify domain. */
  shop: string;
  /** The shop's offline access token. */
  accessToken: string;
  /** Default https://{shop}/admin/api/2026-10/graphql.json. */
  endpoint?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Clock (ms) used for pacing. Default Date.now. */
  now?: () => number;
  /** In [0, 1), for jitter. Default Math.random. */
  random?: () => number;
  /** Attempts per request, the first included (default 6). */
  maxAttempts?: number;
  /** First backoff delay (ms, default 1000), doubled per attempt up to maxDelayMs (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt timeout (ms, default 60 s); a timed-out attempt is retried like a network error. */
  timeoutMs?: number;
  /** Expected cost of an operation never seen before (default 50). */
  defaultEstimatedCost?: number;
  /** Points kept in reserve above the expected cost when pacing (default 10). */
  safetyMargin?: number;
  /** Called once per failed request with a 401/403/ACCESS_DENIED, before the error is thrown. */
  onAuthError?: (error: AdminAuthError) => void | Promise<void>;
}

// ---------------------------------------------------------------------------
// Retry reporting
// ---------------------------------------------------------------------------

/** One failed attempt that is about to be retried. */
export interface AdminRetryNotice {
  shop: string;
  operationName: string | null;
  /** This request's failed attempt (1-based) and its attempts in all. */
  attempt: number;
  maxAttempts: number;
  /** "HTTP 500", "INTERNAL_SERVER_ERROR", "network error (ECONNRESET)", "HTTP 429", "THROTTLED". */
  failure: string;
  /** throttled: THROTTLED or HTTP 429 (Shopify pacing the app, not a fault). */
  kind: "throttled" | "server-error" | "network";
  status: number | null;
  waitMs: number;
}

export interface AdminRetryReporter {
  retrying(notice: AdminRetryNotice): void | Promise<void>;
  /** A request was answered (whether or not it needed retries). */
  answered(): void | Promise<void>;
}

const retryReporters = new AsyncLocalStorage<AdminRetryReporter>();

/** Runs `fn` with `reporter` hearing of every Admin API retry and answer made within it. */
export function reportingAdminRetries<T>(reporter: AdminRetryReporter, fn: () => Promise<T>): Promise<T> {
  return retryReporters.run(reporter, fn);
}

/** A reporter's failure must not fail the request it reports on. */
async function report(shop: string, call: (reporter: AdminRetryReporter) => void | Promise<void>): Promise<void> {
  const reporter = retryReporters.getStore();
  if (!reporter) return;
  try {
    await call(reporter);
  } catch (error) {
    logger.warn("Admin API retry reporter failed", { shop, error: (error as Error)?.message ?? String(error) });
  }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** Base of the errors this client throws. */
export class AdminApiError extends Error {
  override name = "AdminApiError";
  readonly shop: string;
  readonly operationName: string | null;
  /** HTTP status of the last response, when there was one. */
  readonly status: number | null;
  /** Shopify's X-Request-Id of the last response, for support. */
  readonly requestId: string | null;
  constructor(message: string, init: { shop: string; operationName: string | null; status?: number | null; requestId?: string | null; cause?: unknown }) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.shop = init.shop;
    this.operationName = init.operationName;
    this.status = init.status ?? null;
    this.requestId = init.requestId ?? null;
  }
}

export type AdminAuthReason = "token-revoked" | "scope-missing";

/** Shopify refused the token (401) or the app lacks access (403, ACCESS_DENIED). Not retried. */
export class AdminAuthError extends AdminApiError {
  override name = "AdminAuthError";
  /** 401: the token is revoked or invalid; 403: access denied (also for ACCESS_DENIED GraphQL errors). */
  override readonly status: 401 | 403;
  readonly reason: AdminAuthReason;
  /** The missing access scope when Shopify names it (e.g. "read_all_orders"). */
  readonly scope: string | null;
  /** What Shopify said (body or error messages). */
  readonly detail: string;
  constructor(init: { shop: string; status: 401 | 403; reason?: AdminAuthReason; scope?: string | null; detail?: string; operationName: string | null; requestId?: string | null; via?: "http" | "graphql" }) {
    const reason = init.reason ?? (init.status === 401 ? "token-revoked" : "scope-missing");
    const scope = init.scope ?? null;
    super(authMessage(init.shop, init.status, reason, scope, init.via ?? "http"), { ...init, status: init.status });
    this.status = init.status;
    this.reason = reason;
    this.scope = scope;
    this.detail = init.detail ?? "";
  }
}

function authMessage(shop: string, status: 401 | 403, reason: AdminAuthReason, scope: string | null, via: "http" | "graphql"): string {
  if (reason === "token-revoked") {
    return (
      `Shopify rejected NetMargin's access token for ${shop} (HTTP ${status}): it has been revoked or is no longer valid, ` +
      "for example after the app was uninstalled. Open NetMargin from the Shopify admin (reinstall it if it is no longer listed) " +
      "to reconnect; syncing is paused until then."
    );
  }
  const what = via === "graphql" ? "ACCESS_DENIED" : `HTTP ${status}`;
  const missing = scope ? `the "${scope}" access scope is missing or not approved` : "an access scope NetMargin needs is missing or not approved";
  return (
    `Shopify denied NetMargin access to ${shop}'s data (${what}): ${missing}. ` +
    "Open NetMargin from the Shopify admin and approve the requested access; syncing is paused until then."
  );
}

/** The response carried GraphQL errors (validation, MAX_COST_EXCEEDED, …). Not retried. */
export class AdminGraphqlError extends AdminApiError {
  override name = "AdminGraphqlError";
  readonly errors: readonly GraphqlErrorEntry[];
  /** Partial data, when Shopify sent some alongside the errors. */
  readonly data: unknown;
  constructor(message: string, init: { shop: string; operationName: string | null; errors: readonly GraphqlErrorEntry[]; data?: unknown; status?: number | null; requestId?: string | null }) {
    super(message, init);
    this.errors = init.errors;
    this.data = init.data ?? null;
  }
}

/** An HTTP status this client neither retries nor understands (e.g. 404, 400). */
export class AdminHttpError extends AdminApiError {
  override name = "AdminHttpError";
  readonly body: string;
  constructor(message: string, init: { shop: string; operationName: string | null; status: number; body: string; requestId?: string | null }) {
    super(message, init);
    this.body = init.body;
  }
}

/** Every attempt failed with a retryable problem. */
export class AdminRetryError extends AdminApiError {
  override name = "AdminRetryError";
  readonly attempts: number;
  /** One description per failed attempt ("HTTP 503", "THROTTLED", "network error (ECONNRESET)"). */
  readonly failures: readonly string[];
  constructor(message: string, init: { shop: string; operationName: string | null; attempts: number; failures: readonly string[]; status?: number | null; requestId?: string | null; cause?: unknown }) {
    super(message, init);
    this.attempts = init.attempts;
    this.failures = init.failures;
  }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const DEFAULT_MAX_ATTEMPTS = 6;
const DEFAULT_ESTIMATED_COST = 50;
const DEFAULT_SAFETY_MARGIN = 10;
const DEFAULT_BASE_DELAY_MS = 1000;
const DEFAULT_MAX_DELAY_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 60_000;
/** Jitter added to server-directed waits (Retry-After, THROTTLED): up to 10 %, at most 1 s. */
const DIRECTED_JITTER_SHARE = 0.1;
const DIRECTED_JITTER_MAX_MS = 1000;
/** A Retry-After beyond this is not believed (ms). */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

const operationNames = new Map<string, string | null>();

/** The operation's name (`query Foo`, `mutation Bar`), null for anonymous documents. */
export function operationNameOf(query: string): string | null {
  const cached = operationNames.get(query);
  if (cached !== undefined) return cached;
  let name: string | null;
  try {
    const ops = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    name = ops.length === 1 ? (ops[0]!.name?.value ?? null) : null;
  } catch {
    // Shopify will report the syntax error; a best guess names it in the meantime.
    name = /(?:^|[\s}])(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query.replace(/#[^\n\r]*/g, ""))?.[1] ?? null;
  }
  if (operationNames.size > 1000) operationNames.clear();
  operationNames.set(query, name);
  return name;
}

/** A network-level failure (connection refused/reset, DNS, socket, timeout), or null. */
function networkProblem(error: unknown): string | null {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    const name = (e as { name?: unknown }).name;
    if (name === "TimeoutError") return "timed out";
    e = (e as { cause?: unknown }).cause;
  }
  // undici's fetch rejects with TypeError("fetch failed") (cause: the socket error)
  // and a body cut mid-way with TypeError("terminated").
  if (error instanceof TypeError && /fetch failed|terminated|network|socket/i.test(error.message)) return error.message;
  return null;
}

function normaliseErrors(errors: unknown): GraphqlErrorEntry[] {
  if (Array.isArray(errors)) {
    return errors.map((e: unknown) => (e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string" ? (e as GraphqlErrorEntry) : { message: JSON.stringify(e) }));
  }
  if (typeof errors === "string") return [{ message: errors }];
  if (errors && typeof errors === "object") return [{ message: JSON.stringify(errors) }];
  return [];
}

function codeOf(e: GraphqlErrorEntry): unknown {
  return e.extensions?.code;
}

/** An access scope named in Shopify's words ("… requires … read_all_orders scope", "`read_orders` access scope"). */
function scopeIn(text: string): string | null {
  return /\b((?:read|write|unauthenticated_read|unauthenticated_write)_[a-z_]+)\b/.exec(text)?.[1] ?? null;
}

interface CostExtension {
  requestedQueryCost: number | null;
  throttleStatus: ThrottleStatus | null;
}

function costOf(extensions: unknown): CostExtension | null {
  const cost = (extensions as { cost?: unknown } | null | undefined)?.cost as Record<string, unknown> | undefined;
  if (!cost || typeof cost !== "object") return null;
  const ts = cost.throttleStatus as Record<string, unknown> | undefined;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const max = num(ts?.maximumAvailable);
  const available = num(ts?.currentlyAvailable);
  const rate = num(ts?.restoreRate);
  return {
    requestedQueryCost: num(cost.requestedQueryCost),
    throttleStatus: max !== null && available !== null && rate !== null ? { maximumAvailable: max, currentlyAvailable: available, restoreRate: rate } : null,
  };
}

/** Retry-After in ms (seconds, possibly fractional, or an HTTP date), or null. */
function retryAfterMs(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.min(MAX_RETRY_AFTER_MS, Math.ceil(seconds * 1000)) : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - Date.now()));
}

function summarise(failures: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f, (counts.get(f) ?? 0) + 1);
  return [...counts].map(([f, n]) => `${f} ×${n}`).join(", ");
}

/** One response, from a success or a ClientError, in one shape. */
interface Answer {
  status: number;
  headers: Headers | null;
  body: string;
  data: unknown;
  errors: GraphqlErrorEntry[];
  extensions: unknown;
}

type Outcome =
  | { kind: "ok"; data: unknown }
  | { kind: "retry"; failure: string; waitMs: number; throttled: boolean; status: number | null; requestId: string | null; cause?: unknown }
  | { kind: "fail"; error: AdminApiError };

// ---------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------

export class AdminClient {
  readonly shop: string;
  readonly stats: AdminClientStats = { requests: 0, retries: 0, throttledWaitMs: 0, pacedWaitMs: 0 };

  private readonly client: GraphQLClient;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly costs = new Map<string, number>();
  private throttle: ObservedThrottleStatus | null = null;
  /** Send sequence of the request whose response set `throttle` (older responses do not overwrite it). */
  private throttleSeq = -1;
  private sendSeq = 0;
  /** Points the client's in-flight and waiting requests are expected to take. */
  private reserved = 0;
  private revoked: AdminAuthError | null = null;

  constructor(private readonly opts: AdminClientOptions) {
    this.shop = opts.shop;
    const endpoint = opts.endpoint ?? `https://${opts.shop}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
    this.client = new GraphQLClient(endpoint, {
      headers: { "X-Shopify-Access-Token": opts.accessToken },
      errorPolicy: "all",
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a whole number >= 1, got ${maxAttempts}`);
    this.maxAttempts = maxAttempts;
    // `admin.request` is handed around on its own, as an AdminGraphql.
    this.request = this.request.bind(this);
  }

  /** The last throttle status Shopify reported, and when it was received. */
  get throttleStatus(): ObservedThrottleStatus | null {
    return this.throttle;
  }

  /** The bucket as projected now from the last status (before this client's own reservations), or null. */
  projectedAvailable(): number | null {
    const t = this.throttle;
    if (!t) return null;
    const elapsed = Math.max(0, this.now() - t.observedAt) / 1000;
    return Math.min(t.maximumAvailable, t.currentlyAvailable + t.restoreRate * elapsed);
  }

  /**
   * Runs one operation and returns its `data`. Throws AdminAuthError, AdminGraphqlError,
   * AdminHttpError or (after `maxAttempts`) AdminRetryError.
   */
  async request<TData = unknown, TVariables extends Record<string, unknown> = Record<string, unknown>>(query: string, variables?: TVariables, options: AdminRequestOptions = {}): Promise<TData> {
    const op = operationNameOf(query);
    if (this.revoked) throw this.revoked;
    const costKey = op ?? query;
    const failures: string[] = [];
    let afterThrottle = false;
    let last: Extract<Outcome, { kind: "retry" }> | null = null;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const expected = this.expectedCost(costKey, options);
      // Right after THROTTLED the wait came from the bucket Shopify just reported:
      // pace without the margin then, so only this client's other requests add to it.
      const paceMs = this.pacingDelay(expected, afterThrottle ? 0 : (this.opts.safetyMargin ?? DEFAULT_SAFETY_MARGIN));
      afterThrottle = false;
      this.reserved += expected;
      let outcome: Outcome;
      try {
        if (paceMs > 0) {
          this.stats.pacedWaitMs += paceMs;
          logger.debug("Admin API request paced", { shop: this.shop, operation: op, waitMs: paceMs, expectedCost: expected });
          await this.sleep(paceMs);
        }
        outcome = await this.attempt(query, variables, op, costKey, attempt);
      } finally {
        this.reserved -= expected;
      }
      if (outcome.kind === "ok") {
        await report(this.shop, (r) => r.answered());
        return outcome.data as TData;
      }
      if (outcome.kind === "fail") {
        if (outcome.error instanceof AdminAuthError) await this.authFailed(outcome.error);
        throw outcome.error;
      }
      failures.push(outcome.failure);
      last = outcome;
      if (attempt === this.maxAttempts) break;
      this.stats.retries++;
      if (outcome.throttled) {
        this.stats.throttledWaitMs += outcome.waitMs;
        afterThrottle = true;
      }
      const fields = { shop: this.shop, operation: op, attempt, maxAttempts: this.maxAttempts, failure: outcome.failure, waitMs: outcome.waitMs, requestId: outcome.requestId };
      if (outcome.throttled) logger.info("Admin API request throttled; retrying", fields);
      else logger.warn("Admin API request failed; retrying", fields);
      const kind = outcome.throttled || outcome.status === 429 ? "throttled" : outcome.status === null ? "network" : "server-error";
      await report(this.shop, (r) =>
        r.retrying({ shop: this.shop, operationName: op, attempt, maxAttempts: this.maxAttempts, failure: outcome.failure, kind, status: outcome.status, waitMs: outcome.waitMs }),
      );
      await this.sleep(outcome.waitMs);
    }
    const message =
      `Admin API ${op ? `operation ${op}` : "request"} for ${this.shop} failed ${failures.length} time${failures.length === 1 ? "" : "s"} ` +
      `(${summarise(failures)}); gave up after ${this.maxAttempts} attempt${this.maxAttempts === 1 ? "" : "s"}.`;
    logger.warn("Admin API request gave up", { shop: this.shop, operation: op, attempts: this.maxAttempts, failures: summarise(failures) });
    throw new AdminRetryError(message, { shop: this.shop, operationName: op, attempts: this.maxAttempts, failures, status: last?.status ?? null, requestId: last?.requestId ?? null, cause: last?.cause });
  }

  private expectedCost(costKey: string, options: AdminRequestOptions): number {
    return this.costs.get(costKey) ?? options.estimatedCost ?? this.opts.defaultEstimatedCost ?? DEFAULT_ESTIMATED_COST;
  }

  /** How long to wait (ms) so the bucket holds `expected` + `margin` after this client's reservations. */
  private pacingDelay(expected: number, margin: number): number {
    const t = this.throttle;
    const projected = this.projectedAvailable();
    if (!t || projected === null || t.restoreRate <= 0) return 0;
    const needed = Math.min(t.maximumAvailable, expected + margin);
    const shortfall = needed - (projected - this.reserved);
    // (a hair of tolerance: float arithmetic must not turn "just enough" into a 1 ms wait)
    return shortfall > 1e-6 ? Math.ceil((shortfall / t.restoreRate) * 1000) : 0;
  }

  private record(extensions: unknown, costKey: string, seq: number): CostExtension | null {
    const cost = costOf(extensions);
    if (!cost) return null;
    if (cost.requestedQueryCost !== null) this.costs.set(costKey, cost.requestedQueryCost);
    if (cost.throttleStatus && seq > this.throttleSeq) {
      this.throttle = { ...cost.throttleStatus, observedAt: this.now() };
      this.throttleSeq = seq;
    }
    return cost;
  }

  private backoff(attempt: number): number {
    const base = this.opts.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    const max = this.opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    const d = Math.min(max, base * 2 ** (attempt - 1));
    // "Equal jitter": half fixed, half random, so concurrent workers spread out.
    return Math.round(d / 2 + (this.random() * d) / 2);
  }

  /** A wait the server asked for, plus a little jitter (never less than asked). */
  private directed(ms: number): number {
    return ms + Math.floor(this.random() * Math.min(DIRECTED_JITTER_MAX_MS, ms * DIRECTED_JITTER_SHARE));
  }

  private async authFailed(error: AdminAuthError): Promise<void> {
    if (error.status === 401) this.revoked = error;
    logger.warn("Admin API access refused", { shop: this.shop, operation: error.operationName, status: error.status, reason: error.reason, scope: error.scope, requestId: error.requestId });
    try {
      await this.opts.onAuthError?.(error);
    } catch (callbackError) {
      logger.warn("onAuthError callback failed", { shop: this.shop, error: (callbackError as Error)?.message ?? String(callbackError) });
    }
  }

  private async attempt(query: string, variables: Record<string, unknown> | undefined, op: string | null, costKey: string, attempt: number): Promise<Outcome> {
    const seq = this.sendSeq++;
    this.stats.requests++;
    let answer: Answer;
    try {
      const r = await this.client.rawRequest<unknown, Record<string, unknown>>({
        query,
        variables: variables ?? {},
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      answer = { status: r.status, headers: r.headers, body: r.body, data: r.data, errors: normaliseErrors(r.errors), extensions: r.extensions };
    } catch (error) {
      if (error instanceof ClientError) {
        const res = error.response;
        answer = { status: res.status, headers: res.headers ?? null, body: typeof res.body === "string" ? res.body : "", data: res.data ?? null, errors: normaliseErrors(res.errors), extensions: res.extensions };
      } else {
        const problem = networkProblem(error);
        if (problem !== null) return { kind: "retry", failure: `network error (${problem})`, waitMs: this.backoff(attempt), throttled: false, status: null, requestId: null, cause: error };
        const message = (error as Error)?.message ?? String(error);
        return { kind: "fail", error: new AdminApiError(`Admin API ${op ? `operation ${op}` : "request"} for ${this.shop} failed: ${message}`, { shop: this.shop, operationName: op, cause: error }) };
      }
    }
    return this.classify(answer, op, costKey, seq, attempt);
  }

  private classify(a: Answer, op: string | null, costKey: string, seq: number, attempt: number): Outcome {
    const cost = this.record(a.extensions, costKey, seq);
    const requestId = a.headers?.get("x-request-id") ?? null;
    const base = { shop: this.shop, operationName: op, requestId };
    const label = `Admin API ${op ? `operation ${op}` : "request"} for ${this.shop}`;
    const detail = a.errors.map((e) => e.message).join("; ") || a.body.slice(0, 500);

    if (a.status === 401) return { kind: "fail", error: new AdminAuthError({ ...base, status: 401, detail }) };
    if (a.status === 403) return { kind: "fail", error: new AdminAuthError({ ...base, status: 403, scope: scopeIn(detail), detail }) };
    if (a.status === 429) {
      const after = retryAfterMs(a.headers?.get("retry-after") ?? null);
      return { kind: "retry", failure: "HTTP 429", waitMs: after !== null ? this.directed(after) : this.backoff(attempt), throttled: false, status: 429, requestId };
    }
    if (a.status >= 500) {
      const after = retryAfterMs(a.headers?.get("retry-after") ?? null);
      return { kind: "retry", failure: `HTTP ${a.status}`, waitMs: Math.max(this.backoff(attempt), after ?? 0), throttled: false, status: a.status, requestId };
    }

    if (a.errors.some((e) => codeOf(e) === "THROTTLED")) {
      const requested = cost?.requestedQueryCost ?? null;
      const ts = cost?.throttleStatus ?? null;
      if (requested !== null && ts && requested > ts.maximumAvailable) {
        return {
          kind: "fail",
          error: new AdminGraphqlError(`${label} costs ${requested} points, more than the shop's bucket holds (${ts.maximumAvailable}); it can never run. Request fewer items per page.`, { ...base, errors: a.errors, status: a.status }),
        };
      }
      const waitMs = requested !== null && ts && ts.restoreRate > 0 ? this.directed(Math.max(0, Math.ceil(((requested - ts.currentlyAvailable) / ts.restoreRate) * 1000))) : this.backoff(attempt);
      return { kind: "retry", failure: "THROTTLED", waitMs, throttled: true, status: a.status, requestId };
    }
    const denied = a.errors.filter((e) => codeOf(e) === "ACCESS_DENIED");
    if (denied.length > 0) {
      const text = denied.map((e) => `${e.message} ${typeof e.extensions?.requiredAccess === "string" ? e.extensions.requiredAccess : ""}`).join("; ");
      return { kind: "fail", error: new AdminAuthError({ ...base, status: 403, scope: scopeIn(text), detail: text.trim(), via: "graphql" }) };
    }
    if (a.errors.some((e) => codeOf(e) === "INTERNAL_SERVER_ERROR")) {
      return { kind: "retry", failure: "INTERNAL_SERVER_ERROR", waitMs: this.backoff(attempt), throttled: false, status: a.status, requestId };
    }
    if (a.errors.length > 0) {
      return { kind: "fail", error: new AdminGraphqlError(`${label} returned GraphQL errors: ${detail}`, { ...base, errors: a.errors, data: a.data, status: a.status }) };
    }
    if (a.status < 200 || a.status >= 300) {
      return { kind: "fail", error: new AdminHttpError(`${label} failed with HTTP ${a.status}: ${a.body.slice(0, 200)}`, { ...base, status: a.status, body: a.body }) };
    }
    return { kind: "ok", data: a.data };
  }
}

// ---------------------------------------------------------------------------
// shopify-app-remix's admin.graphql as an AdminGraphql
// ---------------------------------------------------------------------------

/**
 * What a route's `authenticate.admin(request)` hands out for GraphQL (shopify-app-remix's
 * `admin`): `admin.graphql(query, { variables })` answers with a fetch Response whose
 * JSON is `{ data, errors? }`.
 */
export interface RemixAdmin {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<{ json(): Promise<unknown> }>;
}

/** The `errors` of shopify-api's GraphqlQueryError (its `body.errors.graphQLErrors`), or null for any other error. */
function graphqlQueryErrors(error: unknown): { errors: unknown; data: unknown } | null {
  const body = (error as { body?: { data?: unknown; errors?: { graphQLErrors?: unknown } } } | null)?.body;
  return Array.isArray(body?.errors?.graphQLErrors) ? { errors: body.errors.graphQLErrors, data: body.data ?? null } : null;
}

/**
 * `admin.graphql` of a route (or of afterAuth) as an AdminGraphql: `data` out, GraphQL
 * errors thrown as AdminGraphqlError, as AdminClient does. shopify-app-remix throws
 * shopify-api's GraphqlQueryError for an answer with errors (and test doubles may answer
 * `{ errors }`): both become AdminGraphqlError. Nothing is retried or paced here.
 */
export function adminGraphql(admin: RemixAdmin, shop: string): AdminGraphql {
  return async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const operationName = operationNameOf(query);
    const failed = (errors: unknown, data: unknown) => {
      const list = normaliseErrors(errors);
      const label = `Admin API ${operationName ? `operation ${operationName}` : "request"} for ${shop}`;
      return new AdminGraphqlError(`${label} returned GraphQL errors: ${list.map((e) => e.message).join("; ")}`, { shop, operationName, errors: list, data });
    };
    let body: { data?: unknown; errors?: unknown };
    try {
      const response = await admin.graphql(query, variables === undefined ? undefined : { variables });
      body = (await response.json()) as { data?: unknown; errors?: unknown };
    } catch (error) {
      const thrown = graphqlQueryErrors(error);
      if (thrown) throw failed(thrown.errors, thrown.data);
      throw error;
    }
    if (body.errors) throw failed(body.errors, body.data ?? null);
    return body.data as T;
  };
}
