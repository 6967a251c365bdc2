import { readFileSync } from "node:fs";

import type { ActionFunctionArgs } from "@remix-run/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import { logger } from "~/logger.server";
import type * as CostsRoute from "~/routes/app.settings.costs";
import type * as DataRoute from "~/routes/app.settings.data";
import type * as PlannerRoute from "~/routes/app.planner/route";
import type * as SyncRoute from "~/routes/app.sync";

import { openApp } from "../helpers/app";
import { createShop, createVariant, oneLineOrder, storeOrders } from "../helpers/factories";
import { startSimulator, type Simulator } from "../simulator/server";
import { changedTables, closeSnapshotReader, HOSTILE_STRINGS, hostileValue, mutate, mutation, readRows, runs, seed, snapshot, type Json } from "./hostile";

/**
 * Issue 16, item 6: every admin action that takes a form, a JSON body or an upload,
 * fuzzed (test/fuzz/README.md): /app/settings/data (save, preview, import of a settings
 * file), /app/settings/costs (unit-cost override, its removal, shipping-cost CSV import,
 * its removal), /app/sync ("Sync now") and /app/planner (free-shipping threshold, against
 * the Admin API simulator). Holds when no action throws (a thrown Response ≥ 500 or an
 * error is a 500) or answers ≥ 500, and an answer refusing the input (4xx, or the
 * planner's `{ ok: false }`) leaves every row of every table as it was. An accepted
 * change leaves integer money within INTEGER in the tables it writes.
 */
const SHOP = "alpha.myshopify.com";
const V = "gid://shopify/ProductVariant/11";
const sim = vi.hoisted(() => ({ current: null as null | { graphqlUrl: string; accessToken: string } }));
vi.mock("~/shopify.server", () => ({
  authenticate: {
    admin: async () => ({
      session: { shop: "alpha.myshopify.com" },
      admin: {
        graphql: (query: string, options?: { variables?: unknown }) =>
          fetch(sim.current!.graphqlUrl, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.current!.accessToken },
            body: JSON.stringify({ query, variables: options?.variables }),
          }),
      },
    }),
  },
}));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => {
  const { openRowReader } = await import("~/store/row-reader.server");
  let reader: ReturnType<typeof openRowReader> | null = null;
  return {
    ...(await (await import("../helpers/app")).runtimeMock(enqueued)),
    // The preview reads the shop's orders as the margin job does: a real reader on the test database.
    marginReader: () => (reader ??= openRowReader(process.env.DATABASE_URL!)),
  };
});

let db: Db;
let close: (() => Promise<void>) | undefined;
let simulator: Simulator;
let routes: { data: typeof DataRoute; costs: typeof CostsRoute; sync: typeof SyncRoute; planner: typeof PlannerRoute };
const settingsFile = JSON.parse(readFileSync(new URL("../fixtures/margin/settings-eu.json", import.meta.url), "utf8")) as { versions: { settings: Json }[] } & Json;

beforeAll(async () => {
  ({ db, close } = await openApp());
  simulator = await startSimulator({ generator: { seed: 7, orders: 5, preset: "eu" }, now: () => Date.parse("2026-11-22T10:00:00Z") });
  sim.current = { graphqlUrl: simulator.graphqlUrl, accessToken: simulator.accessToken };
  routes = {
    data: await import("~/routes/app.settings.data"),
    costs: await import("~/routes/app.settings.costs"),
    sync: await import("~/routes/app.sync"),
    planner: await import("~/routes/app.planner/route"),
  };
  await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
  await createShop(db, { shop: "beta.myshopify.com", currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
  await createVariant(db, { shop: SHOP, id: V });
  // Orders #1001 and #1002, so shipping-cost rows match stored orders.
  const { syncSql } = await import("~/jobs/runtime.server");
  await storeOrders(syncSql(), SHOP, [1001, 1002].map((id) => oneLineOrder({ id, processedAt: "2026-10-01T10:00:00Z", price: 2500 })), new Date("2026-11-01T00:00:00Z"));
  // A first accepted import: later saves and imports replace or extend a real history.
  expect((await jsonPost(routes.data, { intent: "import", file: settingsFile })).status).toBe(200);
});
afterAll(async () => {
  await closeSnapshotReader();
  await simulator?.close();
  await close?.();
});

type Action = (args: ActionFunctionArgs) => Promise<unknown>;

function jsonPost(route: { action: Action }, body: unknown): Promise<Response> {
  return post(route, typeof body === "string" ? body : JSON.stringify(body), "application/json");
}

/** The action's answer as Remix would send it: a returned or thrown Response, or a returned object (200). */
async function post(route: { action: Action }, body: BodyInit, contentType?: string): Promise<Response> {
  const request = new Request("https://netmargin.example.com/app/x", { method: "POST", body, headers: contentType ? { "Content-Type": contentType } : {} });
  try {
    const out = await route.action({ request, params: {}, context: {} });
    return out instanceof Response ? out : Response.json(out);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown; // an uncaught error is a 500 in production: the property fails
  }
}

/** Refused: 4xx, or a body saying it did nothing (`{ ok: false }`, `{ errors }`). */
function refused(status: number, body: unknown): boolean {
  if (status >= 400) return true;
  return typeof body === "object" && body !== null && ((body as { ok?: unknown }).ok === false || "errors" in body);
}

/** Money columns the settings and cost actions write hold integers a stored Int can hold. */
async function brokenMoney(): Promise<string[]> {
  const checks: [string, string][] = [["UnitCostOverride", "cost"], ["ShippingCostActual", "amount"]];
  const broken: string[] = [];
  for (const [t, c] of checks) {
    const bad = await readRows(`SELECT "${c}" AS v FROM "${t}" WHERE typeof("${c}") <> 'integer' OR ABS("${c}") > 2147483647`);
    if (bad.length > 0) broken.push(`${t}.${c}: ${JSON.stringify(bad.slice(0, 3), (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
  }
  // Every stored settings version is JSON the app reads back.
  for (const r of await readRows(`SELECT "settings" FROM "CostSettingsVersion"`)) {
    try {
      JSON.parse(String(r.settings));
    } catch {
      broken.push(`CostSettingsVersion.settings is not JSON: ${String(r.settings).slice(0, 80)}`);
    }
  }
  return broken;
}

/** Runs one request against the property: never 5xx; refused → nothing written; accepted → money still whole. */
async function check(send: () => Promise<Response>, label: () => string): Promise<"accepted" | "refused"> {
  const before = await snapshot();
  const response = await send();
  const text = await response.text();
  expect(response.status, `${label()} answered ${response.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text).not.toMatch(/\n\s+at |node_modules/);
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // A plain-text refusal (413) has no JSON body.
  }
  if (refused(response.status, body)) {
    expect(changedTables(before, await snapshot()), `${label()} was refused (${response.status} ${text.slice(0, 200)}) but wrote`).toEqual([]);
    return "refused";
  }
  expect(await brokenMoney()).toEqual([]);
  return "accepted";
}

function quiet() {
  vi.spyOn(logger, "warn").mockImplementation(() => undefined);
  vi.spyOn(logger, "info").mockImplementation(() => undefined);
}

const tally = (t: Record<string, number>, k: string) => (t[k] = (t[k] ?? 0) + 1);
const dates = fc.oneof(fc.constantFrom<Json>(null, "2026-01-01", "2027-01-01", "2026-10-15", "2026-02-29", "2026-13-01", "01/02/2026", "2026-1-1", "", "2026-10-15T00:00:00Z"), hostileValue);
const text = fc.oneof(fc.constantFrom<Json>(...HOSTILE_STRINGS), fc.string({ maxLength: 30 }), hostileValue);
/** Amounts as merchants type them, and as nobody should. */
const amount = fc.oneof(
  fc.constantFrom<Json>("12.50", "0", "0.00", "9.99", "21474836.47", "21474836.48", "-5.00", "1.005", "12,50", "1 234.56", "€5", "5€", "5.5", ".50", "5.", "+5", "0x1F", "1e3", "Infinity", "NaN", "", "99999999999999999999.99"),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => (n / 100).toFixed(2) as Json),
  hostileValue,
);

describe("forms fuzz: never a 5xx, never a half-written change", () => {
  it("/app/settings/data: save, preview and import with mutated real settings", async () => {
    quiet();
    const version = settingsFile.versions[0]!.settings;
    const body = fc.oneof(
      { weight: 3, arbitrary: fc.record({ intent: fc.constant<Json>("import"), file: fc.array(mutation, { maxLength: 4 }).map((ms) => mutate(settingsFile as Json, ms)) }) },
      { weight: 3, arbitrary: fc.record({ intent: fc.constantFrom<Json>("save", "preview"), settings: fc.array(mutation, { maxLength: 4 }).map((ms) => mutate(version, ms)), effectiveFrom: dates, note: text }, { requiredKeys: ["intent"] }) },
      { weight: 1, arbitrary: fc.record({ intent: fc.oneof(text, fc.constantFrom<Json>("save", "import", "preview")), settings: hostileValue, file: hostileValue }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.oneof(hostileValue.map((v) => JSON.stringify(v)), fc.constantFrom("", "{", "intent=save", "\u0000", "[1,2")) },
    );
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        tally(outcomes, await check(() => jsonPost(routes.data, b), () => `settings/data ${JSON.stringify(b).slice(0, 200)}`));
      }),
      { numRuns: runs(400), seed: seed(1700), endOnFailure: true },
    );
    if (process.env.FUZZ_VERBOSE) console.info(JSON.stringify(outcomes));
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);

  it("/app/settings/costs: unit-cost overrides and their removal", async () => {
    quiet();
    const variantId = fc.oneof(fc.constantFrom<Json>(V, V, "gid://shopify/ProductVariant/999", "gid://shopify/Product/11", "11", ""), text);
    const body = fc.oneof(
      fc.record({ intent: fc.constant<Json>("override"), variantId, cost: amount, effectiveFrom: dates }, { requiredKeys: ["intent"] }),
      fc.record({ intent: fc.constant<Json>("clear-override"), variantId }, { requiredKeys: ["intent"] }),
      fc.record({ intent: fc.oneof(text, fc.constant<Json>("clear-shipping")) }),
    );
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        tally(outcomes, await check(() => jsonPost(routes.costs, b), () => `settings/costs ${JSON.stringify(b).slice(0, 200)}`));
      }),
      { numRuns: runs(300), seed: seed(1701), endOnFailure: true },
    );
    if (process.env.FUZZ_VERBOSE) console.info(JSON.stringify(outcomes));
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);

  it("/app/settings/costs: shipping-cost CSV imports (quotes, BOM, CRLF, separators, extra columns, formulas)", async () => {
    quiet();
    const cell = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("#1001", "#1002", "1001", "#9999", "#1001 ", "6.55", "8,15", "7.40", "0", "-1", "", " ", "1e309", "30000000.00", "21474836.47", "99999999999999.99") },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    );
    const csv = fc
      .record({
        header: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(["order", "amount"], ["Order", "Amount"], ["order", "amount"], ["order", "amount", "note"], ["amount", "order"], ["order"], [] as string[]) },
          { weight: 1, arbitrary: fc.array(cell, { maxLength: 3 }) },
        ),
        // Mostly well-formed rows (so imports get accepted too), some of anything.
        rows: fc.array(
          fc.oneof(
            { weight: 30, arbitrary: fc.tuple(fc.constantFrom("#1001", "#1002", "#1003", "1001", "#1001 "), fc.constantFrom("6.55", "7.40", "0.00", "12", "21474836.47")).map((r) => [...r]) },
            { weight: 1, arbitrary: fc.array(cell, { maxLength: 4 }) },
          ),
          { maxLength: 25 },
        ),
        sep: fc.constantFrom(",", ",", ",", ";", "\t"),
        eol: fc.constantFrom("\n", "\r\n", "\r"),
        bom: fc.boolean(),
        quoting: fc.constantFrom("none", "none", "all", "doubled", "unclosed"),
        trailingEol: fc.boolean(),
      })
      .map(({ header, rows, sep, eol, bom, quoting, trailingEol }) => {
        const q = (c: string) => (quoting === "all" ? `"${c.replaceAll('"', '""')}"` : quoting === "doubled" ? `"${c}"` : c);
        const lines = [header, ...rows].map((r) => r.map(q).join(sep));
        if (quoting === "unclosed" && lines.length > 1) lines[1] = `"${lines[1]}`;
        return `${bom ? "\ufeff" : ""}${lines.join(eol)}${trailingEol ? eol : ""}`;
      });
    const body = fc.record({ intent: fc.constant<Json>("import-shipping"), csv: fc.oneof({ weight: 9, arbitrary: csv.map((c) => c as Json) }, { weight: 1, arbitrary: hostileValue }), mode: fc.oneof({ weight: 4, arbitrary: fc.constantFrom<Json>("merge", "replace", "merge", "MERGE", null) }, { weight: 1, arbitrary: text }) }, { requiredKeys: ["intent"] });
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        tally(outcomes, await check(() => jsonPost(routes.costs, b), () => `import-shipping ${JSON.stringify(b).slice(0, 300)}`));
      }),
      { numRuns: runs(400), seed: seed(1702), endOnFailure: true },
    );
    if (process.env.FUZZ_VERBOSE) console.info(JSON.stringify(outcomes));
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);

  it("/app/sync and /app/planner: form posts with any fields, encodings and content types", async () => {
    quiet();
    const field = fc.tuple(fc.constantFrom("intent", "threshold", "intent", "threshold", "x", ""), fc.oneof(fc.constantFrom("backfill", "BACKFILL", "50", "50.00", "0", "-10", "12,50", "1e309", "21474836.48", "NaN", ""), fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 20 })));
    const form = fc.record({
      // Half the posts carry the field the action needs, well-formed, among others.
      fields: fc
        .tuple(fc.option(fc.constantFrom<[string, string]>(["intent", "backfill"], ["threshold", "50.00"], ["threshold", "75"], ["threshold", "0.01"])), fc.array(field, { maxLength: 3 }))
        .map(([valid, rest]) => (valid ? [valid, ...rest] : rest)),
      encoding: fc.constantFrom("urlencoded", "multipart", "json", "raw"),
      route: fc.constantFrom("sync" as const, "planner" as const),
      raw: fc.string({ unit: "binary", maxLength: 60 }),
    });
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(form, async (f) => {
        const route = routes[f.route] as unknown as { action: Action };
        const send = () => {
          if (f.encoding === "urlencoded") return post(route, new URLSearchParams(f.fields));
          if (f.encoding === "multipart") {
            const fd = new FormData();
            for (const [k, v] of f.fields) fd.append(k, v);
            return post(route, fd);
          }
          if (f.encoding === "json") return post(route, JSON.stringify(Object.fromEntries(f.fields)), "application/json");
          return post(route, f.raw, "application/x-www-form-urlencoded");
        };
        tally(outcomes, await check(send, () => `${f.route} ${JSON.stringify(f)}`));
        tally(outcomes, `${f.route} ${f.encoding}`);
      }),
      { numRuns: runs(250), seed: seed(1703), endOnFailure: true },
    );
    if (process.env.FUZZ_VERBOSE) console.info(JSON.stringify(outcomes));
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);
});
