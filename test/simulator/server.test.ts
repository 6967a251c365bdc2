import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { validateShopify } from "./errors";
import { loadAdminSchema } from "./schema";
import { startSimulator, type Simulator } from "./server";
import { Store } from "./store";
import { cents, client, type GqlResponse } from "./test-client";

const schema = loadAdminSchema();
const FIXTURES = fileURLToPath(new URL("./fixtures/admin-queries/", import.meta.url));
const SHARED = "/work/shared/docs/admin-queries/";
const NOW = "2026-10-15T12:00:00Z";
const nowMs = Date.parse(NOW);
const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`, "utf8");

/** A generous bucket so functional tests never throttle. */
const BIG_BUCKET = { maximumAvailable: 1_000_000, restoreRate: 1_000_000 };

describe("admin queries (fixtures = /work/shared/docs/admin-queries)", () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".graphql")).sort();

  it("has the 16 shared operations, identical to the shared docs when they are present", () => {
    expect(files).toHaveLength(16);
    if (existsSync(SHARED)) {
      for (const f of files) expect(fixture(f), f).toBe(readFileSync(`${SHARED}${f}`, "utf8"));
    }
  });

  it.each(files)("%s validates against the real 2026-10 schema", (f) => {
    expect(validateShopify(schema, parse(fixture(f)))).toEqual([]);
  });
});

describe("simulator server", () => {
  let sim: Simulator;
  let gql: ReturnType<typeof client>;
  const clock = nowMs;

  beforeAll(async () => {
    sim = await startSimulator({ store: Store.generate({ seed: 11, orders: 120, preset: "eu", now: NOW }), bucket: BIG_BUCKET, now: () => clock, bulk: { stepDelayMs: 5 } });
    gql = client(sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  describe("HTTP, auth and errors", () => {
    it("rejects a wrong or missing token with Shopify's 401 body", async () => {
      for (const token of ["wrong", null]) {
        const r = await gql("{ shop { name } }", {}, { token });
        expect(r.status).toBe(401);
        expect(r.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
      }
    });

    it("answers 404 for other API versions and other paths", async () => {
      for (const path of ["/admin/api/2025-10/graphql.json", "/admin/api/unstable/graphql.json", "/admin/oauth/access_scope.json"]) {
        const res = await fetch(`${sim.url}${path}`, { method: "POST", headers: { "x-shopify-access-token": sim.accessToken, "content-type": "application/json" }, body: "{}" });
        expect(res.status, path).toBe(404);
      }
    });

    it("reports an unknown field like Shopify (graphql-ruby undefinedField)", async () => {
      const r = await gql("query Foo($id: ID!) {\n  order(id: $id) {\n    id\n    foo\n  }\n}", { id: sim.store.orders[0]!.id });
      expect(r.status).toBe(200);
      expect(r.body.data).toBeUndefined();
      expect(r.body.errors).toEqual([
        {
          message: "Field 'foo' doesn't exist on type 'Order'",
          locations: [{ line: 4, column: 5 }],
          path: ["query Foo", "order", "foo"],
          extensions: { code: "undefinedField", typeName: "Order", fieldName: "foo" },
        },
      ]);
      // no extensions.cost on validation errors (test/conformance/cost.test.ts names the capture)
      expect(r.body.extensions).toBeUndefined();
    });

    it("reports unknown arguments, missing arguments, selection mismatches and bad literals", async () => {
      const r = await gql("{ orders(first: 1, bogus: 2) { nodes { id } } order { id } shop plan: shop { name { x } } products(first: \"ten\") { nodes { id } } }");
      const codes = (r.body.errors as { extensions: { code: string } }[]).map((e) => e.extensions.code).sort();
      expect(codes).toEqual(["argumentLiteralsIncompatible", "argumentNotAccepted", "missingRequiredArguments", "selectionMismatch", "selectionMismatch"]);
      const messages = (r.body.errors as { message: string }[]).map((e) => e.message);
      expect(messages).toContain("Field 'orders' doesn't accept argument 'bogus'");
      expect(messages).toContain("Field 'order' is missing required arguments: id");
      expect(messages).toContain("Field must have selections (field 'shop' returns Shop but has no selections. Did you mean 'shop { ... }'?)");
    });

    it("reports invalid variables, parse errors and bad JSON", async () => {
      const v = await gql("query O($id: ID!) { order(id: $id) { id } }", {});
      expect(v.body.errors[0]).toMatchObject({ message: "Variable $id of type ID! was provided invalid value", extensions: { code: "INVALID_VARIABLE" } });
      const p = await gql("{ shop { name }");
      // The missing "}" is an end of file, located at the last token, "}" of `{ name }` (column 15).
      expect(p.body.errors[0]).toMatchObject({ message: "syntax error, unexpected end of file at [1, 15]", extensions: { code: "PARSE_ERROR" } });
      expect(p.body.errors[0].locations[0]).toEqual({ line: 1, column: 15 });
      const bad = await fetch(sim.graphqlUrl, { method: "POST", headers: { "x-shopify-access-token": sim.accessToken, "content-type": "application/json" }, body: "{nope" });
      expect(bad.status).toBe(400);
    });

    it("returns null for unknown ids and an error for malformed ids", async () => {
      const r = await gql("{ a: order(id: \"gid://shopify/Order/1\") { id } b: product(id: \"gid://shopify/Order/6100000000001\") { id } }");
      expect(r.body.data).toEqual({ a: null, b: null });
      const bad = await gql("{ order(id: \"12345\") { id } }");
      expect(bad.body.errors[0].message).toBe("Invalid global id '12345'");
    });

    it("accepts application/graphql bodies", async () => {
      const res = await fetch(sim.graphqlUrl, { method: "POST", headers: { "x-shopify-access-token": sim.accessToken, "content-type": "application/graphql" }, body: "{ shop { name } }" });
      expect(await res.json()).toMatchObject({ data: { shop: { name: "Maison Verte" } } });
    });
  });

  describe("the shared NetMargin operations", () => {
    it("01a/01b/01c: order header, paged line items, refund lines", async () => {
      const order = sim.store.orders.find((o) => o.refunds.some((r) => r.refundLineItems.length > 0) && o.shippingLines.length > 0)!;
      const header = await gql(fixture("01a_order_header.graphql"), { id: order.id });
      expect(header.body.errors).toBeUndefined();
      const h = header.body.data.order;
      expect(h).toMatchObject({ id: order.id, name: order.name, taxesIncluded: true, currencyCode: "EUR" });
      expect(["PARTIALLY_REFUNDED", "REFUNDED"]).toContain(h.displayFinancialStatus);
      expect(h.refunds.length).toBe(order.refunds.length);
      expect(h.transactions.some((t: { kind: string }) => t.kind === "REFUND")).toBe(true);
      expect(header.body.extensions.cost.requestedQueryCost).toBeGreaterThan(0);

      // 01b: walk the lines 1 by 1 through a modified page size to exercise the cursor
      const q = fixture("01b_order_line_items.graphql").replace("first: 25", "first: 1");
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 40; i++) {
        const r: GqlResponse = await gql(q, { id: order.id, after });
        const page = r.body.data.order.lineItems;
        seen.push(...page.nodes.map((n: { id: string }) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(order.lineItems.map((l) => l.id));

      const refund = order.refunds.find((r) => r.refundLineItems.length > 0)!;
      const lines = await gql(fixture("01c_refund_lines.graphql"), { id: refund.id });
      expect(lines.body.data.refund.refundLineItems.nodes).toHaveLength(refund.refundLineItems.length);
      expect(lines.body.data.refund.refundLineItems.nodes[0].lineItem.id).toBe(refund.refundLineItems[0]!.lineItemId);
    });

    it("02: incremental sync returns exactly the orders updated after the cutoff, by updatedAt", async () => {
      const cutoff = "2026-03-01T00:00:00Z";
      const expected = sim.store.orders.filter((o) => Date.parse(o.updatedAt) > Date.parse(cutoff)).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id)).map((o) => o.id);
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const r: GqlResponse = await gql(fixture("02_orders_incremental.graphql"), { q: `updated_at:>'${cutoff}'`, after });
        expect(r.body.errors).toBeUndefined();
        ids.push(...r.body.data.orders.nodes.map((n: { id: string }) => n.id));
        if (!r.body.data.orders.pageInfo.hasNextPage) break;
        after = r.body.data.orders.pageInfo.endCursor;
      }
      expect(expected.length).toBeGreaterThan(10);
      expect(ids).toEqual(expected);
    });

    it("07: the Shopify Payments ledger has charges with fees and net = amount − fee", async () => {
      const r = await gql(fixture("07_payments_balance_tx.graphql"));
      expect(r.body.errors).toBeUndefined();
      const nodes = r.body.data.shopifyPaymentsAccount.balanceTransactions.nodes as { type: string; amount: { amount: string }; fee: { amount: string }; net: { amount: string }; associatedOrder: { id: string } }[];
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) {
        expect(cents(n.net.amount)).toBe(cents(n.amount.amount) - cents(n.fee.amount));
        // A payout's own TRANSFER row has no order (left out with hideTransfers: test/simulator/payments.test.ts).
        if (n.type !== "TRANSFER") expect(sim.store.getOrder(n.associatedOrder.id)).not.toBeNull();
      }
      expect(nodes.some((n) => n.type === "CHARGE" && cents(n.fee.amount) > 0)).toBe(true);
    });

    it("08/09/14: free-shipping discount create, partial update, read back", async () => {
      const create = await gql(fixture("08_free_shipping_create.graphql"), {
        input: {
          title: "Free shipping over 50",
          startsAt: "2026-10-01T00:00:00Z",
          endsAt: null,
          minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "50.00" } },
          destination: { all: true },
          maximumShippingPrice: "15.00",
          combinesWith: { productDiscounts: true, orderDiscounts: true, shippingDiscounts: false },
          context: { all: "ALL" },
          appliesOnOneTimePurchase: true,
          appliesOnSubscription: false,
          tags: ["margin-app"],
        },
      });
      expect(create.body.data.discountAutomaticFreeShippingCreate.userErrors).toEqual([]);
      const node = create.body.data.discountAutomaticFreeShippingCreate.automaticDiscountNode;
      expect(node.automaticDiscount).toMatchObject({
        title: "Free shipping over 50",
        status: "ACTIVE",
        minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "50.0", currencyCode: "EUR" } },
        destinationSelection: { __typename: "DiscountCountryAll" },
      });
      const update = await gql(fixture("09_free_shipping_update.graphql"), { id: node.id, input: { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "65.50" } } } });
      expect(update.body.data.discountAutomaticFreeShippingUpdate).toEqual({ automaticDiscountNode: { id: node.id }, userErrors: [] });
      const read = await gql(fixture("14_read_discounts.graphql"));
      const mine = read.body.data.discountNodes.nodes.find((n: { id: string }) => n.id === node.id);
      expect(mine.discount).toMatchObject({ __typename: "DiscountAutomaticFreeShipping", title: "Free shipping over 50", minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "65.5" } } });
      // the brief's spelling of the filter, and a filter that excludes it
      const active = await gql(`{ discountNodes(first: 20, query: "type:free_shipping AND method:automatic AND status:active") { nodes { id } } }`);
      expect(active.body.data.discountNodes.nodes.map((n: { id: string }) => n.id)).toContain(node.id);
      const expired = await gql(`{ discountNodes(first: 20, query: "type:free_shipping AND status:expired") { nodes { id } } }`);
      expect(expired.body.data.discountNodes.nodes).toEqual([]);
      const viaNode = await gql(`query($id: ID!) { node(id: $id) { ... on DiscountAutomaticNode { automaticDiscount { ... on DiscountAutomaticFreeShipping { title } } } } }`, { id: node.id });
      expect(viaNode.body.data.node.automaticDiscount.title).toBe("Free shipping over 50");
    });

    it("creating a discount keeps the store's own (a new id, never the generated discount's)", async () => {
      const before = sim.store.freeShippingDiscounts.map((d) => ({ id: d.id, title: d.title }));
      expect(before.length).toBeGreaterThan(0);
      const create = await gql(
        `mutation($d: DiscountAutomaticFreeShippingInput!) { discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $d) { automaticDiscountNode { id } userErrors { message } } }`,
        { d: { title: "Another free shipping", startsAt: "2026-10-01T00:00:00Z", minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "70.00" } } } },
      );
      expect(create.body.data.discountAutomaticFreeShippingCreate.userErrors).toEqual([]);
      const id = create.body.data.discountAutomaticFreeShippingCreate.automaticDiscountNode.id;
      expect(before.map((d) => d.id)).not.toContain(id);
      // Every discount there before is still there, with its title.
      for (const d of before) expect(sim.store.freeShippingDiscounts.find((x) => x.id === d.id)?.title).toBe(d.title);
      sim.store.freeShippingDiscounts.splice(sim.store.freeShippingDiscounts.findIndex((d) => d.id === id), 1);
    });

    it("a code free-shipping discount: DiscountCodeFreeShipping in discountNodes, found by method:code, never among the automatic ones", async () => {
      // Admin API 2026-10: DiscountNode.discount is the Discount union (DiscountCodeFreeShipping for a code), and
      // discountNodes' query filters by method (automatic, code) and type (free_shipping):
      // https://shopify.dev/docs/api/admin-graphql/2026-10/connections/DiscountNodeConnection
      const id = "gid://shopify/DiscountCodeNode/1480000009001";
      sim.store.freeShippingDiscounts.push({
        id,
        title: "Code LIVRAISON: free shipping from 40",
        code: "LIVRAISON",
        startsAt: "2026-01-01T00:00:00Z",
        endsAt: null,
        minimumSubtotal: 4000,
        minimumQuantity: null,
        destination: { all: true },
        maximumShippingPrice: null,
        combinesWith: { productDiscounts: true, orderDiscounts: true, shippingDiscounts: false },
        appliesOnOneTimePurchase: true,
        appliesOnSubscription: false,
        recurringCycleLimit: 0,
        tags: [],
        createdAt: "2026-01-01T00:00:00Z",
        updatedAt: "2026-01-01T00:00:00Z",
      });
      try {
        const read = await gql(`{ discountNodes(first: 20, query: "type:free_shipping AND method:code AND status:active") { nodes { id discount { __typename ... on DiscountCodeFreeShipping { title status codes(first: 1) { nodes { code } } minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } } } } } } } }`);
        expect(read.body.errors).toBeUndefined();
        expect(read.body.data.discountNodes.nodes).toEqual([
          {
            id,
            discount: {
              __typename: "DiscountCodeFreeShipping",
              title: "Code LIVRAISON: free shipping from 40",
              status: "ACTIVE",
              codes: { nodes: [{ code: "LIVRAISON" }] },
              minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "40.0", currencyCode: "EUR" } },
            },
          },
        ]);
        const automatic = await gql(`{ discountNodes(first: 50, query: "type:free_shipping AND method:automatic") { nodes { id } } }`);
        expect(automatic.body.data.discountNodes.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
        const automaticNodes = await gql(`{ automaticDiscountNodes(first: 50) { nodes { id } } }`);
        expect(automaticNodes.body.data.automaticDiscountNodes.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
      } finally {
        sim.store.freeShippingDiscounts.splice(sim.store.freeShippingDiscounts.findIndex((d) => d.id === id), 1);
      }
    });

    it("08: validates discount input like Shopify", async () => {
      const q = fixture("08_free_shipping_create.graphql");
      const missing = await gql(q, { input: { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "50" } } } });
      const errs = missing.body.data.discountAutomaticFreeShippingCreate.userErrors as { field: string[]; code: string }[];
      expect(errs.map((e) => [e.field.join("."), e.code])).toEqual([
        ["freeShippingAutomaticDiscount.title", "BLANK"],
        ["freeShippingAutomaticDiscount.startsAt", "BLANK"],
      ]);
      const both = await gql(q, { input: { title: "x", startsAt: NOW, minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "50" }, quantity: { greaterThanOrEqualToQuantity: "2" } } } });
      expect(both.body.data.discountAutomaticFreeShippingCreate.userErrors.map((e: { code: string }) => e.code)).toEqual(["CONFLICT", "CONFLICT"]);
      expect(both.body.data.discountAutomaticFreeShippingCreate.automaticDiscountNode).toBeNull();
      const dates = await gql(q, { input: { title: "x", startsAt: NOW, endsAt: "2026-01-01T00:00:00Z" } });
      expect(dates.body.data.discountAutomaticFreeShippingCreate.userErrors[0]).toMatchObject({ field: ["freeShippingAutomaticDiscount", "endsAt"], code: "INVALID" });
      const tags = await gql(q, { input: { title: "x", startsAt: NOW, tags: ["a", "b", "c", "d", "e", "f"] } });
      expect(tags.body.data.discountAutomaticFreeShippingCreate.userErrors[0].code).toBe("TOO_MANY_TAGS");
    });

    it("10: app installation and metafieldsSet on currentAppInstallation.id", async () => {
      const doc = fixture("10_app_metafield.graphql");
      const install = await gql(doc, {}, { operationName: "AppInstall" });
      const ownerId = install.body.data.currentAppInstallation.id;
      expect(install.body.data.shop.currencyCode).toBe("EUR");
      const set = await gql(doc, { mf: [{ ownerId, namespace: "$app", key: "free_shipping_threshold", type: "number_decimal", value: "50.00" }] }, { operationName: "SetThreshold" });
      expect(set.body.data.metafieldsSet.userErrors).toEqual([]);
      expect(set.body.data.metafieldsSet.metafields[0]).toMatchObject({ key: "free_shipping_threshold", value: "50.00" });
      const read = await gql(`{ currentAppInstallation { metafield(namespace: "$app", key: "free_shipping_threshold") { value type } metafields(first: 5) { nodes { key } } } }`);
      expect(read.body.data.currentAppInstallation.metafield).toEqual({ value: "50.00", type: "number_decimal" });
      const wrongOwner = await gql(doc, { mf: [{ ownerId: sim.store.shop.id.replace("Shop", "Product"), key: "k1", type: "number_decimal", value: "1" }] }, { operationName: "SetThreshold" });
      expect(wrongOwner.body.data.metafieldsSet.userErrors[0].field).toEqual(["metafields", "0", "ownerId"]);
      const badValue = await gql(doc, { mf: [{ ownerId, namespace: "$app", key: "k2", type: "number_decimal", value: "fifty" }] }, { operationName: "SetThreshold" });
      expect(badValue.body.data.metafieldsSet.userErrors[0].code).toBe("INVALID_VALUE");
    });

    it("11/12/13: delivery profiles, throttle probe, sales ledger", async () => {
      const profiles = await gql(fixture("11_delivery_rate_condition.graphql"), {}, { operationName: "Profiles" });
      // The EU preset's General profile (test/conformance/delivery-profiles.test.ts checks its shapes).
      expect(profiles.body.data.deliveryProfiles.nodes.map((p: { name: string; default: boolean }) => [p.name, p.default])).toEqual([["General profile", true]]);
      const probe = await gql(fixture("12_throttle_probe.graphql"));
      expect(probe.body.data.shop).toEqual({ name: "Maison Verte", plan: { publicDisplayName: "Basic", shopifyPlus: false, partnerDevelopment: false } });
      expect(probe.body.extensions.cost).toMatchObject({ requestedQueryCost: expect.any(Number), actualQueryCost: expect.any(Number), throttleStatus: { maximumAvailable: BIG_BUCKET.maximumAvailable, restoreRate: BIG_BUCKET.restoreRate } });
      const order = sim.store.orders.find((o) => o.refunds.length > 0)!;
      const ledger = await gql(fixture("13_sales_ledger.graphql"), { id: order.id });
      const agreements = ledger.body.data.order.agreements.nodes as { reason: string; sales: { nodes: { actionType: string; totalAmount: { shopMoney: { amount: string } } }[] } }[];
      expect(agreements[0]!.reason).toBe("ORDER");
      expect(agreements.slice(1).map((a) => a.reason)).toEqual(order.refunds.map(() => "REFUND"));
      // tax-inclusive shop: ORDER sales add up to the order total, RETURN sales to minus the refunds
      const sumOf = (a: (typeof agreements)[number]) => a.sales.nodes.reduce((s, n) => s + cents(n.totalAmount.shopMoney.amount), 0);
      const header = await gql(`query($id: ID!) { order(id: $id) { totalPriceSet { shopMoney { amount } } currentTotalPriceSet { shopMoney { amount } } } }`, { id: order.id });
      expect(sumOf(agreements[0]!)).toBe(cents(header.body.data.order.totalPriceSet.shopMoney.amount));
      expect(agreements.reduce((s, a) => s + sumOf(a), 0)).toBe(cents(header.body.data.order.currentTotalPriceSet.shopMoney.amount));
    });
  });

  describe("Relay pagination, sorting and search", () => {
    const walk = async (args: string, pageSize: number, field = "orders"): Promise<{ ids: string[]; pages: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null; cursors: string[] }[] }> => {
      const ids: string[] = [];
      const pages = [];
      let after: string | null = null;
      for (let i = 0; i < 1000; i++) {
        const r: GqlResponse = await gql(
          `query($after: String) { c: ${field}(first: ${pageSize}, after: $after${args ? `, ${args}` : ""}) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } nodes { id } } }`,
          { after },
        );
        expect(r.body.errors).toBeUndefined();
        const c = r.body.data.c;
        expect(c.nodes.map((n: { id: string }) => n.id)).toEqual(c.edges.map((e: { node: { id: string } }) => e.node.id));
        ids.push(...c.nodes.map((n: { id: string }) => n.id));
        pages.push({ ...c.pageInfo, cursors: c.edges.map((e: { cursor: string }) => e.cursor) });
        if (!c.pageInfo.hasNextPage) break;
        after = c.pageInfo.endCursor;
      }
      return { ids, pages };
    };

    it("walks every order exactly once with correct pageInfo", async () => {
      const { ids, pages } = await walk("sortKey: ID", 7);
      expect(ids).toHaveLength(sim.store.orders.length);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(sim.store.orders.map((o) => o.id)));
      expect(pages).toHaveLength(Math.ceil(sim.store.orders.length / 7));
      pages.forEach((p, i) => {
        expect(p.hasPreviousPage).toBe(i > 0);
        expect(p.hasNextPage).toBe(i < pages.length - 1);
        expect(p.startCursor).toBe(p.cursors[0]);
        expect(p.endCursor).toBe(p.cursors[p.cursors.length - 1]);
      });
    });

    it("walks backwards with last/before to the same sequence", async () => {
      const forward = (await walk("sortKey: PROCESSED_AT", 25)).ids;
      const back: string[] = [];
      let before: string | null = null;
      for (;;) {
        const r: GqlResponse = await gql(`query($before: String) { orders(last: 9, before: $before, sortKey: PROCESSED_AT) { pageInfo { hasPreviousPage startCursor } nodes { id } } }`, { before });
        back.unshift(...r.body.data.orders.nodes.map((n: { id: string }) => n.id));
        if (!r.body.data.orders.pageInfo.hasPreviousPage) break;
        before = r.body.data.orders.pageInfo.startCursor;
      }
      expect(back).toEqual(forward);
    });

    it("requires first or last and caps page size at 250", async () => {
      const none = await gql("{ orders { nodes { id } } }");
      expect(none.body.errors[0]).toMatchObject({ message: "you must provide one of first or last", path: ["orders"] });
      const big = await gql("{ orders(first: 251) { nodes { id } } }");
      expect(big.body.errors[0].message).toMatch(/250/);
    });

    it.each([
      ["CREATED_AT", "createdAt"],
      ["UPDATED_AT", "updatedAt"],
      ["PROCESSED_AT", "processedAt"],
    ] as const)("sorts orders by %s, and reverses", async (sortKey, field) => {
      const expected = [...sim.store.orders].sort((a, b) => a[field].localeCompare(b[field]) || Number(a.id.split("/").pop()) - Number(b.id.split("/").pop())).map((o) => o.id);
      expect((await walk(`sortKey: ${sortKey}`, 50)).ids).toEqual(expected);
      expect((await walk(`sortKey: ${sortKey}, reverse: true`, 50)).ids).toEqual([...expected].reverse());
    });

    it("sorts products by TITLE, UPDATED_AT and ID", async () => {
      const byTitle = [...sim.store.products].sort((a, b) => a.title.toLowerCase().localeCompare(b.title.toLowerCase()) || a.id.localeCompare(b.id)).map((p) => p.id);
      const titles = (await walk("sortKey: TITLE", 100, "products")).ids;
      expect(titles).toEqual(byTitle);
      const byUpdated = [...sim.store.products].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id)).map((p) => p.id);
      expect((await walk("sortKey: UPDATED_AT, reverse: true", 100, "products")).ids).toEqual([...byUpdated].reverse());
      expect((await walk("", 100, "products")).ids).toEqual(sim.store.products.map((p) => p.id));
    });

    it("filters with updated_at / processed_at ranges, test, financial_status and status", async () => {
      const lo = "2025-10-01T00:00:00Z";
      const hi = "2026-04-01T00:00:00Z";
      const q = `processed_at:>=${lo} AND processed_at:<'${hi}' AND test:false`;
      const expected = sim.store.orders.filter((o) => Date.parse(o.processedAt) >= Date.parse(lo) && Date.parse(o.processedAt) < Date.parse(hi) && !o.test).map((o) => o.id);
      expect(expected.length).toBeGreaterThan(5);
      expect((await walk(`sortKey: ID, query: ${JSON.stringify(q)}`, 50)).ids).toEqual(expected);

      const refunded = (await walk(`sortKey: ID, query: "financial_status:refunded"`, 50)).ids;
      const viaData = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Order { displayFinancialStatus } } }`, { ids: refunded });
      expect(viaData.body.data.nodes.every((n: { displayFinancialStatus: string }) => n.displayFinancialStatus === "REFUNDED")).toBe(true);

      const active = (await walk(`query: "status:active"`, 100, "products")).ids;
      expect(active).toEqual(sim.store.products.filter((p) => p.status === "ACTIVE").map((p) => p.id));
      const notActive = (await walk(`query: "-status:active"`, 100, "products")).ids;
      expect(notActive.length + active.length).toBe(sim.store.products.length);
    });

    it("reads date-only values in the shop time zone (Europe/Paris)", async () => {
      // midnight in Paris on 2026-01-10 is 23:00 UTC the day before (winter time)
      const cut = Date.parse("2026-01-09T23:00:00Z");
      const expected = sim.store.orders.filter((o) => Date.parse(o.processedAt) >= cut).length;
      const r = await gql(`{ orders(first: 250, query: "processed_at:>=2026-01-10") { nodes { id } } }`);
      expect(r.body.data.orders.nodes).toHaveLength(expected);
    });

    it("ignores unknown search fields with Shopify's warning", async () => {
      const r = await gql(`{ orders(first: 3, query: "colour:blue") { nodes { id } } }`);
      expect(r.body.data.orders.nodes).toHaveLength(3);
      expect(r.body.extensions.search).toEqual([{ path: ["orders"], query: "colour:blue", parsed: { field: "colour", match_all: "blue" }, warnings: [{ field: "colour", message: "Invalid search field for this query." }] }]);
    });

    it("keyset cursors: an order updated mid-walk moves to the end of an UPDATED_AT walk", async () => {
      const first = await gql(`{ orders(first: 5, sortKey: UPDATED_AT) { pageInfo { endCursor } nodes { id } } }`);
      const touched = first.body.data.orders.nodes[0].id as string;
      sim.store.updateOrder(touched, { tags: ["checked"] });
      const rest: string[] = [];
      let after: string | null = first.body.data.orders.pageInfo.endCursor;
      for (;;) {
        const r: GqlResponse = await gql(`query($after: String) { orders(first: 50, after: $after, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor } nodes { id } } }`, { after });
        rest.push(...r.body.data.orders.nodes.map((n: { id: string }) => n.id));
        if (!r.body.data.orders.pageInfo.hasNextPage) break;
        after = r.body.data.orders.pageInfo.endCursor;
      }
      expect(rest[rest.length - 1]).toBe(touched);
    });
  });

  describe("node, catalogue and inventory", () => {
    it("resolves node/nodes for every modelled type", async () => {
      const order = sim.store.orders.find((o) => o.refunds.length > 0)!;
      const { product, variant } = sim.store.variants()[0]!;
      const ids = [order.id, order.lineItems[0]!.id, order.refunds[0]!.id, order.transactions[0]!.id, product.id, variant.id, variant.inventoryItem.id, variant.inventoryItem.levels[0]!.id, sim.store.locations[0]!.id, "gid://shopify/Order/1"];
      const r = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids });
      expect(r.body.data.nodes.map((n: { __typename: string } | null) => n?.__typename ?? null)).toEqual([
        "Order",
        "LineItem",
        "Refund",
        "OrderTransaction",
        "Product",
        "ProductVariant",
        "InventoryItem",
        "InventoryLevel",
        "Location",
        null,
      ]);
      const single = await gql(`query($id: ID!) { node(id: $id) { ... on Product { title } } }`, { id: product.id });
      expect(single.body.data.node.title).toBe(product.title);
    });

    it("serves variants with prices, costs (some null), weights and stock per location", async () => {
      const all: unknown[] = [];
      let after: string | null = null;
      for (;;) {
        const r: GqlResponse = await gql(
          `query($after: String) { productVariants(first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes { id sku price compareAtPrice product { id status } inventoryItem { unitCost { amount currencyCode } tracked measurement { weight { value unit } } inventoryLevels(first: 2) { nodes { isActive location { id name } quantities(names: ["available", "on_hand", "committed", "incoming"]) { name quantity } } } } } } }`,
          { after },
        );
        expect(r.body.errors).toBeUndefined();
        expect(r.body.extensions.cost.requestedQueryCost).toBeLessThanOrEqual(1000);
        all.push(...r.body.data.productVariants.nodes);
        if (!r.body.data.productVariants.pageInfo.hasNextPage) break;
        after = r.body.data.productVariants.pageInfo.endCursor;
      }
      expect(all).toHaveLength(sim.store.variants().length);
      const nodes = all as { price: string; inventoryItem: { unitCost: { amount: string } | null; measurement: { weight: { unit: string } }; inventoryLevels: { nodes: { quantities: { name: string; quantity: number }[] }[] } } }[];
      expect(nodes.every((n) => /^\d+\.\d{2}$/.test(n.price))).toBe(true);
      expect(nodes.some((n) => n.inventoryItem.unitCost === null)).toBe(true);
      expect(nodes.some((n) => n.inventoryItem.unitCost !== null)).toBe(true);
      expect(nodes[0]!.inventoryItem.measurement.weight.unit).toBe("KILOGRAMS");
      for (const n of nodes) {
        for (const level of n.inventoryItem.inventoryLevels.nodes) {
          const q = Object.fromEntries(level.quantities.map((x) => [x.name, x.quantity]));
          expect(q.available).toBe(q.on_hand! - q.committed!);
        }
      }
    });
  });

  describe("cost, throttling and faults", () => {
    it("rejects queries above 1000 points with MAX_COST_EXCEEDED and Shopify's message", async () => {
      const r = await gql("{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }");
      const cost = 2 + 250 * (1 + 2 + 250); // 63,252
      expect(cost).toBeGreaterThan(1000);
      expect(r.body.data).toBeUndefined();
      expect(r.body.errors).toEqual([
        {
          message:
            `Query cost is ${cost}, which exceeds the single query max cost limit (1000).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n`,
          extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: 1000, documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ]);
      expect(r.body.extensions).toBeUndefined();
    });

    it("queues 429 (with Retry-After) and 5xx responses, then recovers", async () => {
      sim.faults.rateLimit(2, 3);
      sim.faults.serverError(1, 502);
      const a = await gql("{ shop { name } }");
      const b = await gql("{ shop { name } }");
      const c = await gql("{ shop { name } }");
      const d = await gql("{ shop { name } }");
      expect([a.status, b.status, c.status, d.status]).toEqual([429, 429, 502, 200]);
      expect(a.headers.get("retry-after")).toBe("3.0");
      expect(d.body.data.shop.name).toBe("Maison Verte");
    });

    it("delays responses", async () => {
      sim.faults.delay(250, 1);
      const t0 = performance.now();
      await gql("{ shop { name } }");
      const slow = performance.now() - t0;
      const t1 = performance.now();
      await gql("{ shop { name } }");
      expect(slow).toBeGreaterThanOrEqual(240);
      expect(performance.now() - t1).toBeLessThan(slow);
    });
  });
});

describe("throttling with a small bucket and a fake clock", () => {
  let sim: Simulator;
  let gql: ReturnType<typeof client>;
  let clock = nowMs;

  beforeAll(async () => {
    sim = await startSimulator({ generator: { seed: 5, orders: 30, preset: "us", now: NOW }, now: () => clock });
    gql = client(sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  it("reports THROTTLED when the bucket is short, refunds unused points, restores over time", async () => {
    const q = `{ orders(first: 100) { nodes { id lineItems(first: 5) { nodes { id } } } } }`; // 2 + 100 × (1 + 2 + 5) = 802 requested
    const first = await gql(q);
    expect(first.body.errors).toBeUndefined();
    const { requestedQueryCost, actualQueryCost, throttleStatus } = first.body.extensions.cost;
    expect(requestedQueryCost).toBeGreaterThan(actualQueryCost); // only 30 orders exist
    expect(throttleStatus).toEqual({ maximumAvailable: 2000, currentlyAvailable: 2000 - actualQueryCost, restoreRate: 100 });

    sim.faults.drainBucket();
    const throttled = await gql(q);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 } } },
    });
    clock += Math.ceil(requestedQueryCost / 100) * 1000; // the documented wait: (requested − available) / restoreRate
    const again = await gql(q);
    expect(again.body.errors).toBeUndefined();
  });

  it("charges mutations 10 points", async () => {
    clock += 60_000;
    const r = await gql(`mutation { metafieldsSet(metafields: [{ ownerId: "${sim.store.appInstallation.id}", namespace: "$app", key: "x1", type: "number_integer", value: "5" }]) { userErrors { code } } }`);
    expect(r.body.extensions.cost.requestedQueryCost).toBe(10);
  });
});
