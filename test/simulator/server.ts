/**
 * The Shopify Admin API simulator: a node:http server answering
 * `POST /admin/api/2026-10/graphql.json` like Shopify does, over an in-memory Store.
 *
 * - Auth: `X-Shopify-Access-Token`; a wrong or missing token gets Shopify's 401 body.
 *   Other API versions get 404.
 * - GraphQL: parsed and validated against the REAL 2026-10 schema, with graphql-ruby
 *   wording for static errors (errors.ts); executed with graphql-js over resolvers.ts.
 * - Cost: every executed (or THROTTLED) response carries `extensions.cost`
 *   (calculateQueryCost from cost.ts, a LeakyBucket from throttle.ts); errors found
 *   before execution and MAX_COST_EXCEEDED (above 1000 points) carry none, as on
 *   Shopify; THROTTLED when the bucket is short; actual cost refunded after execution.
 * - Bulk operations: CREATED → RUNNING → COMPLETED asynchronously after the JSONL file is
 *   written; the file is served by the simulator (GET /bulk/<id>.jsonl, expiring URL).
 * - Faults: queued 429/5xx responses, delays, bucket drains, failing or truncated bulk
 *   operations (`faults`).
 */
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  GraphQLError,
  Kind,
  execute,
  getOperationAST,
  getVariableValues,
  isNonNullType,
  parse,
  responsePathAsArray,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from "graphql";
import { BULK_MESSAGES, prepareBulkQuery, runBulkQuery } from "./bulk";
import * as costModule from "./cost";
import { parseErrorToShopify, validateShopify, variableErrorToShopify, type ShopifyError } from "./errors";
import type { GeneratorOptions } from "./generator";
import { isoSeconds } from "./generator";
import { RESOLVERS, typenameOf, type BulkHooks, type BulkOperationRecord, type ResolverContext } from "./resolvers";
import { ADMIN_API_VERSION, loadAdminSchema } from "./schema";
import { Store } from "./store";
import { LeakyBucket, type ThrottleStatus } from "./throttle";

export const MAX_QUERY_COST = 1000;
export const DEFAULT_ACCESS_TOKEN = "shpat_netmargin_simulator_0000000000000000";
export const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

const MAX_COST_MESSAGE = (cost: number) =>
  `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
  "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
  "cost of a query is calculated.\n\n" +
  "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
  "See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n";
const RATE_LIMITS_DOC = "https://shopify.dev/api/usage/rate-limits";

export interface SimulatorOptions {
  /** A prepared store; otherwise one is generated from `generator`. */
  store?: Store;
  /** Generator options when no store is given (default: seed 1, 50 orders, EU preset). */
  generator?: GeneratorOptions;
  host?: string;
  port?: number;
  accessToken?: string;
  /** Leaky bucket settings (defaults: 2000 points, 100 points/s). */
  bucket?: { maximumAvailable?: number; restoreRate?: number };
  /** Clock (ms) for throttling, discount status and bulk URL expiry. Default Date.now. */
  now?: () => number;
  /**
   * How long (ms) a created discount stays out of `discountNodes(query:)` results; reads
   * by id see it at once (default 0: no lag). Shopify's index lags (see
   * ResolverContext.discountIndex in resolvers.ts); Shopify publishes no figure.
   */
  discountSearchLagMs?: number;
  bulk?: {
    /** Delay between bulk status transitions (ms, default 15). */
    stepDelayMs?: number;
    /** Lifetime of bulk download URLs (ms, default 7 days). */
    urlTtlMs?: number;
    /** Concurrent bulk query operations allowed (default 5, API 2026-01+). */
    maxConcurrent?: number;
  };
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  operationName: string | null;
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttled: boolean;
  fault: string | null;
}

export interface Faults {
  /** Queue `count` HTTP error responses (429 with Retry-After, or 5xx) for the next GraphQL requests. */
  httpError(status: number, opts?: { count?: number; retryAfterSeconds?: number; body?: string }): void;
  /** Shorthand: `count` HTTP 429 responses with `Retry-After`. */
  rateLimit(count?: number, retryAfterSeconds?: number): void;
  /** Shorthand: `count` HTTP 5xx responses (default 503). */
  serverError(count?: number, status?: number): void;
  /** Delay the next `count` responses (default: all until reset) by `ms`. */
  delay(ms: number, count?: number): void;
  /** Empty the bucket (or remove `points`): the next expensive queries are THROTTLED. */
  drainBucket(points?: number): void;
  /** Make the next bulk operation FAIL with `errorCode`; with `partialData`, a truncated partialDataUrl is served. */
  failNextBulkOperation(errorCode?: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT", opts?: { partialData?: boolean }): void;
  /** The next bulk operation COMPLETES but its download is cut mid-line (at `fraction` of the file). */
  truncateNextBulkDownload(opts?: { fraction?: number }): void;
  /** Make every bulk URL issued so far expire now. */
  expireBulkUrls(): void;
  reset(): void;
}

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:54321 */
  url: string;
  /** Full GraphQL endpoint for 2026-10. */
  graphqlUrl: string;
  shopDomain: string;
  accessToken: string;
  apiVersion: string;
  store: Store;
  bucket: LeakyBucket;
  faults: Faults;
  requests: RequestLogEntry[];
  /** The bulk operations created so far (records as served). */
  bulkOperations(): BulkOperationRecord[];
  /** Resolves when no bulk operation is CREATED or RUNNING. */
  waitForBulkIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface BulkEntry {
  record: BulkOperationRecord;
  body: Buffer | null;
  partial: Buffer | null;
  truncateDownloadAt: number | null;
  expiresAtMs: number;
  cancelRequested: boolean;
}

type CostFns = {
  calculateQueryCost: (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string | null) => number;
  calculateActualQueryCost?: (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | null | undefined, data: unknown) => number;
};

const BULK_ID_BASE = 7_710_000_000;
const BUCKET_DRAIN_ALL = Number.POSITIVE_INFINITY;

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const schema = loadAdminSchema();
  const now = opts.now ?? Date.now;
  const store = opts.store ?? Store.generate(opts.generator ?? { seed: 1, orders: 50, preset: "eu" });
  const accessToken = opts.accessToken ?? DEFAULT_ACCESS_TOKEN;
  const bucket = new LeakyBucket({ maximumAvailable: opts.bucket?.maximumAvailable, restoreRate: opts.bucket?.restoreRate, now });
  const costs = costModule as unknown as CostFns;
  const stepDelayMs = opts.bulk?.stepDelayMs ?? 15;
  const urlTtlMs = opts.bulk?.urlTtlMs ?? 7 * 86_400_000;
  const maxConcurrent = opts.bulk?.maxConcurrent ?? 5;
  const signingKey = "netmargin-simulator";
  const discountIndex = { lagMs: opts.discountSearchLagMs ?? 0, createdAtMs: new Map<string, number>() };
  const requests: RequestLogEntry[] = [];

  // ------------------------------------------------------------------ faults state
  const httpFaults: { status: number; retryAfterSeconds: number; body: string | null }[] = [];
  let delayMs = 0;
  let delayCount = 0;
  let nextBulkFailure: { errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT"; partialData: boolean } | null = null;
  let nextBulkTruncation: { fraction: number } | null = null;

  const faults: Faults = {
    httpError(status, o = {}) {
      if (status < 400 || status > 599) throw new Error("httpError needs a 4xx/5xx status");
      for (let i = 0; i < (o.count ?? 1); i++) httpFaults.push({ status, retryAfterSeconds: o.retryAfterSeconds ?? 2, body: o.body ?? null });
    },
    rateLimit(count = 1, retryAfterSeconds = 2) {
      faults.httpError(429, { count, retryAfterSeconds });
    },
    serverError(count = 1, status = 503) {
      faults.httpError(status, { count });
    },
    delay(ms, count = Number.POSITIVE_INFINITY) {
      delayMs = ms;
      delayCount = count;
    },
    drainBucket(points = BUCKET_DRAIN_ALL) {
      bucket.drain(Number.isFinite(points) ? points : undefined);
    },
    failNextBulkOperation(errorCode = "INTERNAL_SERVER_ERROR", o = {}) {
      nextBulkFailure = { errorCode, partialData: o.partialData ?? true };
    },
    truncateNextBulkDownload(o = {}) {
      nextBulkTruncation = { fraction: o.fraction ?? 0.5 };
    },
    expireBulkUrls() {
      for (const e of bulkEntries.values()) e.expiresAtMs = Math.min(e.expiresAtMs, now() - 1);
    },
    reset() {
      httpFaults.length = 0;
      delayMs = 0;
      delayCount = 0;
      nextBulkFailure = null;
      nextBulkTruncation = null;
    },
  };

  // ------------------------------------------------------------------ bulk operations
  const bulkEntries = new Map<string, BulkEntry>();
  let bulkSeq = 0;
  let baseUrl = "";
  const timers = new Set<NodeJS.Timeout>();
  const idleWaiters = new Set<() => void>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };
  const activeBulk = () => [...bulkEntries.values()].filter((e) => e.record.type === "QUERY" && (e.record.status === "CREATED" || e.record.status === "RUNNING" || e.record.status === "CANCELING"));
  const notifyIdle = () => {
    if (activeBulk().length === 0) for (const w of [...idleWaiters]) w();
  };
  const signedUrl = (file: string, expiresAtMs: number) => {
    const expires = Math.floor(expiresAtMs / 1000);
    const sig = createHmac("sha256", signingKey).update(`${file}:${expires}`).digest("hex").slice(0, 32);
    return `${baseUrl}/bulk/${file}?X-Goog-Expires=${expires}&X-Goog-Signature=${sig}`;
  };
  const stamp = () => isoSeconds(now());

  const bulkHooks: BulkHooks = {
    run(query, groupObjects) {
      const prepared = prepareBulkQuery(schema, query);
      if (!prepared.ok) return { bulkOperation: null, userErrors: prepared.errors };
      const running = activeBulk();
      if (running.length >= maxConcurrent) {
        // the ids of the operations not yet terminal (CANCELING included), oldest first; see BULK_MESSAGES.inProgress
        return { bulkOperation: null, userErrors: [{ field: null, message: BULK_MESSAGES.inProgress(running.map((e) => e.record.id)), code: "OPERATION_IN_PROGRESS" }] };
      }
      const id = `gid://shopify/BulkOperation/${BULK_ID_BASE + ++bulkSeq}`;
      const record: BulkOperationRecord = {
        __typename: "BulkOperation",
        id,
        status: "CREATED",
        type: "QUERY",
        errorCode: null,
        createdAt: stamp(),
        completedAt: null,
        objectCount: "0",
        rootObjectCount: "0",
        fileSize: null,
        url: null,
        partialDataUrl: null,
        query,
      };
      const entry: BulkEntry = { record, body: null, partial: null, truncateDownloadAt: null, expiresAtMs: 0, cancelRequested: false };
      bulkEntries.set(id, entry);
      const failure = nextBulkFailure;
      const truncation = nextBulkTruncation;
      nextBulkFailure = null;
      nextBulkTruncation = null;
      later(stepDelayMs, () => {
        if (entry.cancelRequested) {
          entry.record = { ...entry.record, status: "CANCELED", completedAt: stamp() };
          notifyIdle();
          return;
        }
        entry.record = { ...entry.record, status: "RUNNING" };
        const chunks: string[] = [];
        const ctx = makeContext();
        void runBulkQuery(prepared.prepared, ctx, (c) => void chunks.push(c), { schema, interleave: !groupObjects, shouldStop: () => entry.cancelRequested })
          .then((stats) => {
            const body = Buffer.from(chunks.join(""), "utf8");
            entry.record = { ...entry.record, objectCount: String(stats.objectCount), rootObjectCount: String(stats.rootObjectCount) };
            later(stepDelayMs, () => {
              const file = `${legacyNumber(id)}.jsonl`;
              entry.expiresAtMs = now() + urlTtlMs;
              if (entry.cancelRequested) {
                entry.record = { ...entry.record, status: "CANCELED", completedAt: stamp() };
              } else if (failure) {
                const cut = failure.partialData && body.length > 0 ? cutMidLine(body, 0.5) : null;
                entry.partial = cut;
                entry.record = {
                  ...entry.record,
                  status: "FAILED",
                  errorCode: failure.errorCode,
                  completedAt: stamp(),
                  objectCount: cut ? String(countLines(cut)) : "0",
                  fileSize: null,
                  url: null,
                  partialDataUrl: cut ? signedUrl(`${legacyNumber(id)}-partial.jsonl`, entry.expiresAtMs) : null,
                };
              } else {
                entry.body = body;
                entry.truncateDownloadAt = truncation && body.length > 0 ? cutMidLine(body, truncation.fraction).length : null;
                entry.record = {
                  ...entry.record,
                  status: "COMPLETED",
                  completedAt: stamp(),
                  fileSize: String(body.length),
                  url: stats.objectCount > 0 ? signedUrl(file, entry.expiresAtMs) : null,
                };
              }
              notifyIdle();
            });
          })
          .catch((err: unknown) => {
            entry.record = { ...entry.record, status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", completedAt: stamp() };
            process.stderr.write(`simulator bulk operation ${id} crashed: ${String(err)}\n`);
            notifyIdle();
          });
      });
      return { bulkOperation: entry.record, userErrors: [] };
    },
    cancel(id) {
      const entry = bulkEntries.get(id);
      if (!entry) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist", code: null }] };
      const s = entry.record.status;
      // Cancelling again while CANCELING returns the operation without userErrors.
      // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-run-query-schema-roots.json (cases.ordersRoot.afterCleanup.settle.cancel)
      if (s === "CANCELING") return { bulkOperation: entry.record, userErrors: [] };
      if (s !== "CREATED" && s !== "RUNNING") {
        return { bulkOperation: entry.record, userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${s.toLowerCase()}`, code: null }] };
      }
      entry.cancelRequested = true;
      entry.record = { ...entry.record, status: "CANCELING" };
      return { bulkOperation: entry.record, userErrors: [] };
    },
    get(id) {
      // Another type's GID is an error, an unknown BulkOperation id is null.
      // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operations-read-arg-validation.json (cases.nonBulkOperationGid),
      // bulk-operation-status-catalog-cancel.json (reads.unknownId)
      if (!id.startsWith("gid://shopify/BulkOperation/")) throw new GraphQLError(`Invalid id: ${id}`, { extensions: { code: "RESOURCE_NOT_FOUND" } });
      return bulkEntries.get(id)?.record ?? null;
    },
    list() {
      return [...bulkEntries.values()].map((e) => e.record);
    },
  };

  function makeContext(): ResolverContext {
    return { store, nowMs: now(), bulk: false, bulkHooks, searchWarnings: [], discountIndex };
  }

  // ------------------------------------------------------------------ GraphQL
  const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
    const r = RESOLVERS[info.parentType.name]?.[info.fieldName];
    ctx.path = responsePathAsArray(info.path);
    if (r) return r(source, args, ctx);
    const v = (source as Record<string, unknown> | null)?.[info.fieldName];
    if (v !== undefined) return v;
    if (isNonNullType(info.returnType)) {
      throw new GraphQLError(`The NetMargin simulator does not implement ${info.parentType.name}.${info.fieldName}.`, { extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" } });
    }
    return null;
  };
  const typeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value) => typenameOf(value);

  const throttleStatus = (): ThrottleStatus => bucket.status();
  const costExtension = (requested: number, actual: number | null) => ({ cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus() } });

  function safeCost(document: DocumentNode, variables: Record<string, unknown>, operationName: string | null): number {
    try {
      return costs.calculateQueryCost(schema, document, variables, operationName);
    } catch {
      return 0;
    }
  }

  async function runGraphql(body: { query?: unknown; variables?: unknown; operationName?: unknown }, log: RequestLogEntry): Promise<Record<string, unknown>> {
    // Errors found before execution (empty document, syntax, validation, operation
    // name, variables) come back as `errors` alone, without extensions.cost.
    // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/admin-platform/graphql-base-validation-unhappy-paths.json
    // and …/2026-04/admin-platform/graphql-request-execution-operation-name-defaults.json (payloads with only `errors`).
    if (typeof body.query !== "string" || body.query.trim() === "") {
      return { errors: [{ message: "No query string was present" }] };
    }
    const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<string, unknown>;
    const operationName = typeof body.operationName === "string" ? body.operationName : null;
    log.operationName = operationName;
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (e) {
      return { errors: [parseErrorToShopify(e as GraphQLError, body.query)] };
    }
    const staticErrors = validateShopify(schema, document);
    if (staticErrors.length > 0) return { errors: staticErrors };
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      const message = operationName ? `No operation named "${operationName}"` : ops.length > 1 ? "An operation name is required" : "No operations in query document";
      return { errors: [{ message }] };
    }
    if (!log.operationName && operation.name) log.operationName = operation.name.value;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 25 });
    if (coerced.errors) {
      const typeOf = (name: string) => {
        const def = operation.variableDefinitions?.find((d) => d.variable.name.value === name);
        return def ? printType(def.type) : undefined;
      };
      return { errors: coerced.errors.map((e) => variableErrorToShopify(e, variables, typeOf)) };
    }
    const requested = safeCost(document, variables, operationName);
    log.requestedQueryCost = requested;
    if (requested > MAX_QUERY_COST) {
      // Source: a live response published at gist.github.com/lacom/56e3834834e250270062583f425274b9
      // ("Max cost exceeded example response"): `errors` alone, extensions { code, cost, maxCost, documentation }.
      return { errors: [{ message: MAX_COST_MESSAGE(requested), extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST, documentation: RATE_LIMITS_DOC } }] };
    }
    const consumed = bucket.tryConsume(requested);
    if (!consumed.ok) {
      log.throttled = true;
      return {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOC } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: consumed.status } },
      };
    }
    const ctx = makeContext();
    const result = (await execute({
      schema,
      document,
      rootValue: {},
      contextValue: ctx,
      variableValues: variables,
      operationName: operationName ?? undefined,
      fieldResolver,
      typeResolver,
    })) as ExecutionResult;
    let actual = requested;
    if (costs.calculateActualQueryCost && result.data) {
      try {
        actual = Math.min(requested, costs.calculateActualQueryCost(schema, document, variables, operationName, result.data));
      } catch {
        actual = requested;
      }
    }
    if (requested > actual) bucket.refund(requested - actual);
    log.actualQueryCost = actual;
    const out: Record<string, unknown> = {};
    if (result.errors?.length) out.errors = result.errors.map(formatExecutionError);
    out.data = result.data ?? null;
    const ext: Record<string, unknown> = costExtension(requested, actual);
    if (ctx.searchWarnings.length > 0) ext.search = ctx.searchWarnings;
    out.extensions = ext;
    return out;
  }

  // ------------------------------------------------------------------ HTTP
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      process.stderr.write(`simulator request crashed: ${String((err as Error)?.stack ?? err)}\n`);
      if (!res.headersSent) sendJson(res, 500, { errors: "Internal Server Error" });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://simulator.local");
    const log: RequestLogEntry = { method: req.method ?? "GET", path: url.pathname, status: 0, operationName: null, requestedQueryCost: null, actualQueryCost: null, throttled: false, fault: null };
    requests.push(log);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      log.status = status;
      sendJson(res, status, payload, headers);
    };

    if (req.method === "GET" && url.pathname.startsWith("/bulk/")) {
      serveBulkFile(url, res, log);
      return;
    }
    const m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (!m) {
      send(404, { errors: "Not Found" });
      return;
    }
    if (m[1] !== ADMIN_API_VERSION) {
      send(404, { errors: "Not Found" });
      return;
    }
    if (req.method !== "POST") {
      send(405, { errors: "Method Not Allowed" }, { Allow: "POST" });
      return;
    }
    const raw = await readBody(req);
    if (delayCount > 0 && delayMs > 0) {
      delayCount--;
      await new Promise((r) => setTimeout(r, delayMs));
    }
    const fault = httpFaults.shift();
    if (fault) {
      log.fault = `http ${fault.status}`;
      if (fault.status === 429) {
        send(429, fault.body ?? { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }, { "Retry-After": fault.retryAfterSeconds.toFixed(1) });
      } else {
        log.status = fault.status;
        res.writeHead(fault.status, { "Content-Type": fault.status === 500 ? "application/json; charset=utf-8" : "text/html; charset=utf-8", "X-Request-Id": randomUUID() });
        res.end(fault.body ?? (fault.status === 500 ? JSON.stringify({ errors: "Internal Server Error" }) : `<html><body><h1>${fault.status} ${STATUS_TEXT[fault.status] ?? "Server Error"}</h1></body></html>`));
      }
      return;
    }
    if (req.headers["x-shopify-access-token"] !== accessToken) {
      send(401, INVALID_TOKEN_BODY);
      return;
    }
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    const type = String(req.headers["content-type"] ?? "");
    if (type.includes("application/graphql")) body = { query: raw };
    else {
      try {
        body = JSON.parse(raw || "{}") as typeof body;
      } catch {
        send(400, { errors: { query: "Required parameter missing or invalid" } });
        return;
      }
    }
    if (typeof body.query !== "string") {
      send(400, { errors: { query: "Required parameter missing or invalid" } });
      return;
    }
    const payload = await runGraphql(body, log);
    send(200, payload);
  }

  function serveBulkFile(url: URL, res: ServerResponse, log: RequestLogEntry) {
    const file = url.pathname.slice("/bulk/".length);
    const m = /^(\d+)(-partial)?\.jsonl$/.exec(file);
    const entry = m ? bulkEntries.get(`gid://shopify/BulkOperation/${m[1]}`) : undefined;
    const expires = Number(url.searchParams.get("X-Goog-Expires"));
    const sig = url.searchParams.get("X-Goog-Signature");
    const expectedSig = createHmac("sha256", signingKey).update(`${file}:${expires}`).digest("hex").slice(0, 32);
    const xml = (code: string, message: string) => `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
    const sendXml = (status: number, text: string) => {
      log.status = status;
      res.writeHead(status, { "Content-Type": "application/xml; charset=UTF-8" });
      res.end(text);
    };
    if (!entry || !m || sig !== expectedSig) return sendXml(403, xml("SignatureDoesNotMatch", "Access denied."));
    if (now() > entry.expiresAtMs || expires * 1000 < now()) return sendXml(400, xml("ExpiredToken", "The provided token has expired."));
    const data = m[2] ? entry.partial : entry.body;
    if (!data) return sendXml(404, xml("NoSuchKey", "The specified key does not exist."));
    log.status = 200;
    if (!m[2] && entry.truncateDownloadAt !== null) {
      // the connection drops mid-line: headers promise the full size, fewer bytes arrive
      log.fault = "truncated download";
      res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": String(data.length) });
      res.flushHeaders();
      res.write(data.subarray(0, entry.truncateDownloadAt), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": String(data.length) });
    res.end(data);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${opts.host ?? "127.0.0.1"}:${address.port}`;

  return {
    url: baseUrl,
    graphqlUrl: `${baseUrl}/admin/api/${ADMIN_API_VERSION}/graphql.json`,
    shopDomain: store.shop.myshopifyDomain,
    accessToken,
    apiVersion: ADMIN_API_VERSION,
    store,
    bucket,
    faults,
    requests,
    bulkOperations: () => bulkHooks.list(),
    waitForBulkIdle(timeoutMs = 10_000) {
      if (activeBulk().length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => {
          idleWaiters.delete(done);
          reject(new Error("bulk operations still running"));
        }, timeoutMs);
        const done = () => {
          clearTimeout(t);
          idleWaiters.delete(done);
          resolve();
        };
        idleWaiters.add(done);
      });
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

const STATUS_TEXT: Record<number, string> = { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout", 520: "Unknown Error" };

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    "X-Shopify-API-Version": ADMIN_API_VERSION,
    "X-Request-Id": randomUUID(),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function legacyNumber(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1);
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (const b of buf) if (b === 10) n++;
  return n;
}

/** A prefix of `buf` ending in the middle of a line (never on a line boundary). */
export function cutMidLine(buf: Buffer, fraction: number): Buffer {
  let at = Math.max(1, Math.min(buf.length - 1, Math.floor(buf.length * fraction)));
  // step off a line boundary so the last line is visibly incomplete
  while (at > 1 && (buf[at - 1] === 10 || buf[at] === 10)) at--;
  return buf.subarray(0, at);
}

function printType(t: { kind: string; type?: unknown; name?: { value: string } }): string {
  if (t.kind === Kind.NON_NULL_TYPE) return `${printType(t.type as typeof t)}!`;
  if (t.kind === Kind.LIST_TYPE) return `[${printType(t.type as typeof t)}]`;
  return t.name!.value;
}

function formatExecutionError(e: GraphQLError): ShopifyError {
  const out: ShopifyError = { message: e.message };
  if (e.locations) out.locations = [...e.locations];
  if (e.path) out.path = [...e.path];
  if (e.extensions && Object.keys(e.extensions).length > 0) out.extensions = { ...e.extensions };
  return out;
}
