import { readFileSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ORDERS_BULK_QUERY, prepareBulkQuery, writeBulkJsonl } from "./bulk";
import { createGenerator, type GeneratorOptions } from "./generator";
import { loadAdminSchema } from "./schema";
import { startSimulator, type Simulator } from "./server";
import { Store } from "./store";
import { client } from "./test-client";

const FIXTURES = fileURLToPath(new URL("./fixtures/admin-queries/", import.meta.url));
const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`, "utf8");
const NOW = "2026-10-15T12:00:00Z";
const BIG_BUCKET = { maximumAvailable: 1_000_000, restoreRate: 1_000_000 };
const RUN = fixture("04_bulk_run.graphql");
const STATUS = fixture("05_bulk_status.graphql");

type Line = Record<string, unknown> & { id?: string; __parentId?: string };

async function runBulk(sim: Simulator, query: string): Promise<{ op: Record<string, string | null>; text: string | null }> {
  const gql = client(sim);
  const started = await gql(RUN, { q: query });
  expect(started.body.data.bulkOperationRunQuery.userErrors).toEqual([]);
  const id = started.body.data.bulkOperationRunQuery.bulkOperation.id as string;
  await sim.waitForBulkIdle();
  const status = await gql(STATUS, { id });
  const op = status.body.data.bulkOperation;
  const text = op.url ? await (await fetch(op.url)).text() : null;
  return { op, text };
}

/** Raw GET that tolerates a connection cut mid-body. */
function rawGet(url: string): Promise<{ status: number; contentLength: number; body: Buffer; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("aborted", () => {
        aborted = true;
      });
      res.on("error", () => {
        aborted = true;
      });
      res.on("close", () => resolve({ status: res.statusCode ?? 0, contentLength: Number(res.headers["content-length"]), body: Buffer.concat(chunks), aborted }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("bulk query validation (Shopify's bulk rules)", () => {
  const schema = loadAdminSchema();
  const err = (q: string) => {
    const r = prepareBulkQuery(schema, q);
    return r.ok ? null : r.errors[0]!;
  };

  it("accepts the shared bulk queries", () => {
    expect(err(fixture("03_bulk_orders_inner.graphql"))).toBeNull();
    expect(err(fixture("06_variants_costs_bulk_inner.graphql"))).toBeNull();
  });

  it("refuses a connection inside a list field (refunds → refundLineItems), with Shopify's message", () => {
    // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-run-query-validators.json (validations.connectionWithinList)
    expect(err("{ orders { edges { node { id refunds { id refundLineItems { edges { node { id quantity } } } } } } } }")).toEqual({
      field: ["query"],
      message: "Queries that contain a connection field within a list field are not currently supported.",
      code: "INVALID",
    });
  });

  it("rejects queries without a connection, with top-level node(s), too many or too deep connections, and invalid fields", () => {
    expect(err("{ shop { name } }")).toMatchObject({ field: ["query"], code: "INVALID", message: "Bulk queries must contain at least one connection." });
    // every case with its source: test/conformance/bulk-rules.test.ts
    expect(err('{ node(id: "gid://shopify/Order/1") { id } }')?.message).toBe("Bulk queries cannot contain a top level `node` field.");
    expect(err("{ products { edges { node { id variants { edges { node { id inventoryItem { inventoryLevels { edges { node { id } } } } } } } } } } }")?.message).toMatch(/nesting depth greater than 2/);
    const six = `{ orders { edges { node { id
      lineItems { edges { node { id } } } shippingLines { edges { node { id } } }
      discountApplications { edges { node { index } } } agreements { edges { node { id } } } nonFulfillableLineItems { edges { node { id } } } } } } }`;
    expect(err(six)?.message).toBe("Bulk queries cannot contain more than 5 connections.");
    expect(err("{ orders { edges { node { id foo } } } }")?.message).toBe("Invalid bulk query: Field 'foo' doesn't exist on type 'Order'");
    expect(err("{ orders { edges { node { id }")?.message).toMatch(/^Invalid bulk query:/);
    expect(err('mutation { metafieldsSet(metafields: []) { userErrors { message } } }')?.message).toBe("Invalid operation type. Only `query` operations are supported.");
  });
});

describe("bulk operations through the server", () => {
  let sim: Simulator;
  let gql: ReturnType<typeof client>;
  let clock = Date.parse(NOW);
  const opts: GeneratorOptions = { seed: 21, orders: 90, preset: "eu", now: NOW };

  beforeAll(async () => {
    sim = await startSimulator({ store: Store.generate(opts), bucket: BIG_BUCKET, now: () => clock, bulk: { stepDelayMs: 20 } });
    gql = client(sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  it("goes CREATED → RUNNING → COMPLETED, listed by bulkOperations(query: status:running) meanwhile", async () => {
    const slow = await startSimulator({ store: Store.generate(opts), bucket: BIG_BUCKET, bulk: { stepDelayMs: 200 } });
    try {
      await lifecycle(client(slow));
    } finally {
      await slow.close();
    }
  });

  async function lifecycle(gql: ReturnType<typeof client>) {
    const started = await gql(RUN, { q: fixture("03_bulk_orders_inner.graphql") });
    const op = started.body.data.bulkOperationRunQuery.bulkOperation;
    expect(op).toMatchObject({ status: "CREATED", type: "QUERY" });
    const seen = new Set<string>([op.status]);
    for (let i = 0; i < 200; i++) {
      const s = await gql(STATUS, { id: op.id });
      const status = s.body.data.bulkOperation.status as string;
      seen.add(status);
      if (status === "RUNNING") expect(s.body.data.running.nodes.map((n: { id: string }) => n.id)).toContain(op.id);
      if (status === "COMPLETED") {
        expect(s.body.data.bulkOperation.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bulk\//);
        expect(s.body.data.running.nodes).toEqual([]);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect([...seen]).toEqual(["CREATED", "RUNNING", "COMPLETED"]);
    const current = await gql("{ currentBulkOperation { id status } }");
    expect(current.body.data.currentBulkOperation).toEqual({ id: op.id, status: "COMPLETED" });
  }

  it("writes Shopify-shaped JSONL: one line per connection node, __parentId, embedded lists, counts", async () => {
    const { op, text } = await runBulk(sim, fixture("03_bulk_orders_inner.graphql"));
    expect(op.status).toBe("COMPLETED");
    expect(text).not.toBeNull();
    expect(text!.endsWith("\n")).toBe(true);
    expect(text).toContain('"id":"gid:\\/\\/shopify\\/Order\\/'); // slashes escaped like Shopify's files
    const lines = text!.trimEnd().split("\n").map((l) => JSON.parse(l) as Line);
    expect(Number(op.objectCount)).toBe(lines.length);
    expect(Number(op.fileSize)).toBe(Buffer.byteLength(text!));

    const roots = lines.filter((l) => l.__parentId === undefined);
    const children = lines.filter((l) => l.__parentId !== undefined);
    expect(Number(op.rootObjectCount)).toBe(roots.length);
    // roots: processed_at >= 2025-01-01 (shop time zone) AND test:false, worked out from the store
    const parisNewYear = Date.parse("2024-12-31T23:00:00Z");
    const expectedRoots = sim.store.orders.filter((o) => !o.test && Date.parse(o.processedAt) >= parisNewYear).map((o) => o.id);
    expect(roots.map((r) => r.id)).toEqual(expectedRoots);
    // children: every line item and shipping line of those orders, pointing at their order
    const expectedChildren = sim.store.orders.filter((o) => expectedRoots.includes(o.id)).flatMap((o) => [...o.lineItems.map((l) => [l.id, o.id]), ...o.shippingLines.map((s) => [s.id, o.id])]);
    expect(children.map((c) => [c.id, c.__parentId]).sort()).toEqual(expectedChildren.sort());
    expect(Object.keys(children[0]!).at(-1)).toBe("__parentId");
    // nested connections are not embedded; plain lists are
    for (const r of roots) {
      expect(r).not.toHaveProperty("lineItems");
      expect(r).not.toHaveProperty("shippingLines");
      expect(Array.isArray(r.transactions)).toBe(true);
      expect(Array.isArray(r.refunds)).toBe(true);
    }
    const withRefund = roots.find((r) => (r.refunds as unknown[]).length > 0)!;
    expect(withRefund).toBeDefined();
  });

  it("does not keep children right after their parent (groupObjects: false)", async () => {
    const { text } = await runBulk(sim, fixture("03_bulk_orders_inner.graphql"));
    const lines = text!.trimEnd().split("\n").map((l) => JSON.parse(l) as Line);
    const position = new Map<string | undefined, number>();
    lines.forEach((l, i) => {
      if (!l.__parentId) position.set(l.id, i);
    });
    let beforeParent = 0;
    let afterLaterParent = 0;
    lines.forEach((l, i) => {
      if (!l.__parentId) return;
      const p = position.get(l.__parentId)!;
      if (i < p) beforeParent++;
      // a root line that is not the child's parent sits between parent and child
      else if (lines.slice(p + 1, i).some((x) => !x.__parentId)) afterLaterParent++;
    });
    expect(beforeParent).toBeGreaterThan(0);
    expect(afterLaterParent).toBeGreaterThan(0);
  });

  it("streams byte-identical JSONL from the generator (no Store) for the same store", async () => {
    const { text } = await runBulk(sim, ORDERS_BULK_QUERY);
    const gen = createGenerator(opts);
    const chunks: string[] = [];
    const stats = await writeBulkJsonl({ catalog: gen.catalog, orders: gen.orders(), out: (c) => void chunks.push(c), nowMs: Date.parse(NOW), query: ORDERS_BULK_QUERY });
    const streamed = chunks.join("");
    expect(streamed.length).toBeGreaterThan(10_000);
    expect(Buffer.from(streamed).equals(Buffer.from(text!))).toBe(true);
    expect(stats.objectCount).toBe(text!.trimEnd().split("\n").length);
  });

  it("exports variants with costs and inventory levels nested under the inventory item", async () => {
    const { op, text } = await runBulk(sim, fixture("06_variants_costs_bulk_inner.graphql"));
    expect(op.status).toBe("COMPLETED");
    const lines = text!.trimEnd().split("\n").map((l) => JSON.parse(l) as Line);
    const variants = lines.filter((l) => !l.__parentId);
    const levels = lines.filter((l) => l.__parentId);
    expect(variants).toHaveLength(sim.store.variants().length);
    // __parentId is the object that owns the connection: the inventory item (its id is embedded in the variant line)
    const expectedLevels = sim.store.variants().flatMap(({ variant }) => variant.inventoryItem.levels.filter((x) => x.isActive).map((x) => [x.id, variant.inventoryItem.id]));
    expect(levels.map((l) => [l.id, l.__parentId]).sort()).toEqual(expectedLevels.sort());
    expect((variants[0]!.inventoryItem as Record<string, unknown>).inventoryLevels).toBeUndefined();
    const itemIds = new Set(variants.map((v) => (v.inventoryItem as { id: string }).id));
    expect(levels.every((l) => itemIds.has(l.__parentId!))).toBe(true);
  });

  it("groupObjects: true keeps children right after their parent", async () => {
    const started = await gql(`mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: true) { bulkOperation { id } userErrors { message } } }`, { q: ORDERS_BULK_QUERY });
    await sim.waitForBulkIdle();
    const s = await gql(STATUS, { id: started.body.data.bulkOperationRunQuery.bulkOperation.id });
    const lines = (await (await fetch(s.body.data.bulkOperation.url)).text()).trimEnd().split("\n").map((l) => JSON.parse(l) as Line);
    let parent: string | undefined;
    for (const l of lines) {
      if (!l.__parentId) parent = l.id;
      else expect(l.__parentId).toBe(parent);
    }
  });

  it("returns userErrors for invalid bulk queries and for more than 5 concurrent operations", async () => {
    const bad = await gql(RUN, { q: "{ shop { name } }" });
    expect(bad.body.data.bulkOperationRunQuery).toEqual({ bulkOperation: null, userErrors: [{ field: ["query"], message: "Bulk queries must contain at least one connection.", code: "INVALID" }] });
    const slow = await startSimulator({ generator: { seed: 2, orders: 10, now: NOW }, bucket: BIG_BUCKET, bulk: { stepDelayMs: 300 } });
    try {
      const g = client(slow);
      const results = [];
      for (let i = 0; i < 6; i++) results.push((await g(RUN, { q: ORDERS_BULK_QUERY })).body.data.bulkOperationRunQuery);
      expect(results.slice(0, 5).every((r) => r.userErrors.length === 0)).toBe(true);
      expect(results[5].bulkOperation).toBeNull();
      // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-run-query-concurrency-limit.json (sixthRun)
      const ids = results.slice(0, 5).map((r) => r.bulkOperation.id as string);
      expect(results[5].userErrors).toEqual([{ field: null, message: `A bulk query operation for this app and shop is already in progress: ${ids.join(", ")}.`, code: "OPERATION_IN_PROGRESS" }]);
      const cancel = await g(`mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`, { id: results[0].bulkOperation.id });
      expect(cancel.body.data.bulkOperationCancel).toEqual({ bulkOperation: { status: "CANCELING" }, userErrors: [] });
      await slow.waitForBulkIdle();
      const after = await g(STATUS, { id: results[0].bulkOperation.id });
      expect(after.body.data.bulkOperation.status).toBe("CANCELED");
    } finally {
      await slow.close();
    }
  });

  it("fault: the next bulk operation FAILS with an errorCode and a truncated partialDataUrl", async () => {
    sim.faults.failNextBulkOperation("TIMEOUT");
    const { op } = await runBulk(sim, ORDERS_BULK_QUERY);
    expect(op).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT", url: null });
    expect(op.partialDataUrl).toMatch(/-partial\.jsonl/);
    const partial = await (await fetch(op.partialDataUrl!)).text();
    expect(partial.endsWith("\n")).toBe(false);
    const parts = partial.split("\n");
    expect(() => JSON.parse(parts.at(-1)!)).toThrow();
    for (const l of parts.slice(0, -1)) JSON.parse(l);
    // the next one is healthy again
    expect((await runBulk(sim, ORDERS_BULK_QUERY)).op.status).toBe("COMPLETED");
  });

  it("fault: a COMPLETED operation whose download is cut mid-line", async () => {
    sim.faults.truncateNextBulkDownload({ fraction: 0.4 });
    const gqlStarted = await gql(RUN, { q: ORDERS_BULK_QUERY });
    await sim.waitForBulkIdle();
    const s = await gql(STATUS, { id: gqlStarted.body.data.bulkOperationRunQuery.bulkOperation.id });
    const op = s.body.data.bulkOperation;
    expect(op.status).toBe("COMPLETED");
    const got = await rawGet(op.url);
    expect(got.status).toBe(200);
    expect(got.contentLength).toBe(Number(op.fileSize));
    expect(got.body.length).toBeLessThan(Number(op.fileSize));
    expect(got.body.at(-1)).not.toBe(10);
    // every download of this file is cut the same way (a consumer must re-run the operation)
    const again = await rawGet(op.url);
    expect(again.body.equals(got.body)).toBe(true);
  });

  it("bulk URLs expire", async () => {
    const { op } = await runBulk(sim, ORDERS_BULK_QUERY);
    expect((await fetch(op.url!)).status).toBe(200);
    clock += 8 * 86_400_000;
    const expired = await fetch(op.url!);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain("ExpiredToken");
    const forged = await fetch(op.url!.replace(/Signature=\w+/, "Signature=00"));
    expect(forged.status).toBe(403);
  });
});
