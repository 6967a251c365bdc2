import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { wayBack } from "~/components/feedback";
import { pageTitle } from "~/root";

/** Every page names itself in the browser tab and history (issue 17: document.title was empty). */
describe("page titles", () => {
  it("names each page, with a product's title and an order's name on their own pages", () => {
    expect(pageTitle("routes/app._index", {})).toBe("Home · NetMargin");
    expect(pageTitle("routes/app.products._index", {})).toBe("Products · NetMargin");
    expect(pageTitle("routes/app.orders._index", {})).toBe("Orders · NetMargin");
    expect(pageTitle("routes/app.planner", {})).toBe("Free shipping · NetMargin");
    expect(pageTitle("routes/app.promotions", {})).toBe("Promotions · NetMargin");
    expect(pageTitle("routes/app.settings._index", {})).toBe("Settings · NetMargin");
    expect(pageTitle("routes/app.products.$id", { product: { title: "Cast Iron Doorstop" } })).toBe("Cast Iron Doorstop · NetMargin");
    expect(pageTitle("routes/app.products.$id", { product: null })).toBe("Product · NetMargin");
    expect(pageTitle("routes/app.orders.$id", { margin: { orderName: "#1001" } })).toBe("Order #1001 · NetMargin");
    expect(pageTitle("routes/somewhere-else", {})).toBe("NetMargin");
    expect(pageTitle(undefined, undefined)).toBe("NetMargin");
  });

  it("has a favicon in both formats, the .ico being a real icon (browsers ask for /favicon.ico whatever the page links)", () => {
    const ico = readFileSync("app/public/favicon.ico");
    // ICONDIR: reserved 0, type 1 (icon), one image of 32×32.
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4), ico[6], ico[7]]).toEqual([0, 1, 1, 32, 32]);
    expect(ico.readUInt32LE(14) + ico.readUInt32LE(18)).toBe(ico.length);
    expect(readFileSync("app/public/favicon.svg", "utf8")).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("gives a failed page a way back to the list it belongs to (a product gone from Shopify had only \"Try again\")", () => {
    expect(wayBack("/app/products/8120000000002")).toEqual({ content: "Back to products", url: "/app/products" });
    expect(wayBack("/app/orders/6100000000001")).toEqual({ content: "Back to orders", url: "/app/orders" });
    expect(wayBack("/app/settings/costs")).toEqual({ content: "Back to settings", url: "/app/settings" });
    expect(wayBack("/app/planner")).toEqual({ content: "Back to Home", url: "/app" });
  });
});
