import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

import { csvStream } from "~/services/csv.server";
import { ordersCsv, ordersCsvStream, type OrdersView } from "~/services/orders-view.server";
import { productsCsv, productsCsvStream, type ProductsView } from "~/services/products-view.server";

/**
 * The CSV downloads (issue 16): text a spreadsheet would run as a formula goes out
 * defused, as csv-stringify's escape_formulas does it (a leading '); money, counts
 * and percentages stay plain numbers, negative ones included.
 */

type ProductRow = ProductsView["rows"][number];
type OrderRow = OrdersView["rows"][number];

const product = (title: string, over: Partial<ProductRow> = {}): ProductRow => ({
  productId: "gid://shopify/Product/1", title, units: 2, orders: 1, netRevenue: 1000, costOfGoods: 1500, shipping: 200, otherCosts: 50, netMargin: -750, marginBp: -7500,
  flags: [{ code: "LOSS", reason: "" }], variants: [], ...over,
} as ProductRow);

const order = (orderName: string, over: Partial<OrderRow> = {}): OrderRow => ({
  orderId: "gid://shopify/Order/1", orderName, localDate: "2026-11-10", gateway: "shopify_payments", countryCode: "DE", items: 1,
  netRevenue: 1200, totalCosts: 1500, netMargin: -300, marginBp: -2500, flags: ["LOSS"], ...over,
} as OrderRow);

/** The CSV's cells as a spreadsheet reads them (after the header). */
const cells = (csv: string) => (parse(csv, { record_delimiter: "\r\n" }) as string[][]).slice(1);

describe("CSV exports defuse formulas", () => {
  it("prefixes product titles starting with = + - @ tab or CR with ', and quotes what needs it", () => {
    const titles = ['=HYPERLINK("http://evil.example","Tote")', "+SUM(1,2)", "-2+3", "@cmd", "\tTab", "\rReturn", "Plain -tote", "ＩＤ＝1"];
    const csv = productsCsv({ currency: "EUR", rows: titles.map((t) => product(t)) });
    expect(cells(csv).map((r) => r[1])).toEqual([`'=HYPERLINK("http://evil.example","Tote")`, "'+SUM(1,2)", "'-2+3", "'@cmd", "'\tTab", "'\rReturn", "Plain -tote", "ＩＤ＝1"]);
    expect(csv.split("\r\n")[1]).toBe(`gid://shopify/Product/1,"'=HYPERLINK(""http://evil.example"",""Tote"")",2,1,10.00,15.00,2.00,0.50,-7.50,-75.00,LOSS`);
  });

  it("defuses order names, gateways and countries in the orders CSV", () => {
    const csv = ordersCsv({ currency: "EUR", rows: [order("+SUM(1,2)", { gateway: "=1+1", countryCode: "@A" }), order("#1002")] });
    expect(csv.split("\r\n")).toEqual([
      "order,date,gateway,country,items,net_revenue_EUR,total_costs_EUR,net_margin_EUR,margin_percent,flags",
      `"'+SUM(1,2)",2026-11-10,'=1+1,'@A,1,12.00,15.00,-3.00,-25.00,LOSS`,
      "#1002,2026-11-10,shopify_payments,DE,1,12.00,15.00,-3.00,-25.00,LOSS",
      "",
    ]);
  });

  it("leaves negative amounts, counts and percentages as numbers", () => {
    const csv = productsCsv({ currency: "EUR", rows: [product("Returned", { units: -1, orders: 1, netRevenue: -1250, costOfGoods: 0, shipping: 0, otherCosts: 0, netMargin: -1250, marginBp: -10000 })] });
    expect(csv.split("\r\n")[1]).toBe("gid://shopify/Product/1,Returned,-1,1,-12.50,0.00,0.00,0.00,-12.50,-100.00,LOSS");
    const jpy = ordersCsv({ currency: "JPY", rows: [order("#1", { netRevenue: -500, totalCosts: 0, netMargin: -500, marginBp: null })] });
    expect(jpy.split("\r\n")[1]).toBe("#1,2026-11-10,shopify_payments,DE,1,-500,0,-500,,LOSS");
  });

  it("quotes semicolons and any line break, so the file reads back cell for cell", () => {
    const titles = ["Tea; green", "Two\nlines", "Mac\rline", 'Say "hi"'];
    const csv = productsCsv({ currency: "EUR", rows: titles.map((t) => product(t)) });
    expect(csv.split("\r\n")[1]).toBe('gid://shopify/Product/1,"Tea; green",2,1,10.00,15.00,2.00,0.50,-7.50,-75.00,LOSS');
    expect(cells(csv).map((r) => r[1])).toEqual(["Tea; green", "Two\nlines", "Mac\rline", 'Say "hi"']);
  });
});

describe("CSV exports stream", () => {
  async function read(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let chunks = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      text += decoder.decode(r.value, { stream: true });
    }
    return { text: text + decoder.decode(), chunks };
  }

  it("writes the same bytes as the text, in several chunks", async () => {
    const products = { currency: "EUR", rows: Array.from({ length: 5_000 }, (_, i) => product(i % 2 ? `=Tote ${i}` : `Tote; ${i} €`)) };
    const streamed = await read(productsCsvStream(products));
    expect(streamed.text).toBe(productsCsv(products));
    expect(streamed.chunks).toBeGreaterThan(1);
    const orders = { currency: "EUR", rows: [order("+SUM(1,2)"), order("#2")] };
    expect((await read(ordersCsvStream(orders))).text).toBe(ordersCsv(orders));
  });

  it("stops reading rows when the client goes away", async () => {
    let pulled = 0;
    function* rows() {
      for (let i = 0; i < 100_000; i++) {
        pulled++;
        yield { name: `Tote ${i}`, margin: -i };
      }
    }
    const reader = csvStream([{ header: "name", text: (r: { name: string }) => r.name }, { header: "margin", number: (r: { margin: number }) => r.margin }], rows()).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThan(100_000);
  });
});
