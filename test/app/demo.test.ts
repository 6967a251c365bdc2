import { describe, expect, it } from "vitest";

import { demoFetch } from "~/demo.server";

const target = { shop: "netmargin-demo.myshopify.com", adminUrl: "http://127.0.0.1:3457" };

describe("demo transport", () => {
  it("sends the demo shop's Admin API calls to the simulator, path and body intact", async () => {
    const seen: { url: string; body: string | null; token: string | null }[] = [];
    const fetch = demoFetch(target, async (input, init) => {
      const request = new Request(input, init);
      seen.push({ url: request.url, body: await request.text(), token: request.headers.get("X-Shopify-Access-Token") });
      return new Response("{}");
    });
    await fetch("https://netmargin-demo.myshopify.com/admin/api/2026-10/graphql.json", {
      method: "POST",
      body: '{"query":"{ shop { name } }"}',
      headers: { "X-Shopify-Access-Token": "shpat_demo" },
    });
    expect(seen).toEqual([
      {
        url: "http://127.0.0.1:3457/admin/api/2026-10/graphql.json",
        body: '{"query":"{ shop { name } }"}',
        token: "shpat_demo",
      },
    ]);
  });

  it("refuses to call any other Shopify host", async () => {
    const fetch = demoFetch(target, async () => new Response("should not be called", { status: 599 }));
    await expect(fetch("https://real-store.myshopify.com/admin/api/2026-10/graphql.json")).rejects.toThrow(
      "demo mode: refusing to call real-store.myshopify.com; only netmargin-demo.myshopify.com (the simulator) is reachable",
    );
    await expect(fetch("https://cdn.shopify.com/x.js")).rejects.toThrow(/refusing to call cdn.shopify.com/);
  });
});
