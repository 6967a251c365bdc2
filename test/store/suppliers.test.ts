import { beforeEach, expect, it } from "vitest";

import { deleteShopData } from "~/store/shop-data.server";
import { assignProducts, findProducts, importSuppliers, readSuppliers, saveSupplier } from "~/store/suppliers.server";
import { describeEachProvider } from "../db/databases";
import { useFreshDatabase } from "../helpers/database";
import { createProduct, createShop } from "../helpers/factories";

/**
 * Suppliers (issue 18, item 5), on both providers. The shop (EUR) has six products:
 * P1 and P2 by vendor "Maison Verte", P3 by " maison  verte" (the same vendor spelled
 * otherwise), P4 by "Atelier Roux", P5 without a vendor, P6 with an empty one. Another
 * shop has a supplier of its own, never seen here.
 */
const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const P = (n: number) => `gid://shopify/Product/${n}`;
const NOW = new Date("2026-12-07T10:00:00Z");
const VERTE = "vendor:maison verte";
const ROUX = "vendor:atelier roux";
const terms = (name: string, lead: string, moq: string, pay: string, currency = "EUR") => ({ name, leadTimeDays: lead, minOrderQuantity: moq, paymentTermsDays: pay, currency });

describeEachProvider("suppliers", (_provider, database) => {
  const d = useFreshDatabase(database);
  beforeEach(async () => {
    for (const shop of [SHOP, OTHER]) await deleteShopData(d.db, shop);
    await createShop(d.db, { shop: SHOP, currencyCode: "EUR" });
    await createShop(d.db, { shop: OTHER, currencyCode: "USD" });
    const vendors = ["Maison Verte", "Maison Verte", " maison  verte", "Atelier Roux", null, ""];
    for (const [i, vendor] of vendors.entries()) await createProduct(d.db, { shop: SHOP, id: P(i + 1), title: `Product ${i + 1}`, vendor });
    await createProduct(d.db, { shop: OTHER, id: P(1), title: "Other", vendor: "Maison Verte" });
    expect(await saveSupplier(d.db, OTHER, VERTE, terms("Maison Verte", "3", "1", "10", "USD"), NOW)).toMatchObject({ ok: true });
  });

  const summary = async () => (await readSuppliers(d.db, SHOP)).suppliers.map((s) => [s.id.startsWith("vendor:") ? s.id : "new", s.name, s.leadTimeDays, s.minOrderQuantity, s.paymentTermsDays, s.currency, s.saved, s.products]);

  it("shows one supplier per vendor with the default terms until edited", async () => {
    const r = await readSuppliers(d.db, SHOP);
    // Maison Verte: P1, P2, P3 (the same key); Atelier Roux: P4; P5 and P6 have none. Defaults: 14 days, 1 unit, 30 days, the shop's EUR.
    expect(await summary()).toEqual([
      [ROUX, "Atelier Roux", 14, 1, 30, "EUR", false, 1],
      [VERTE, "Maison Verte", 14, 1, 30, "EUR", false, 3],
    ]);
    expect(r.productsWithoutSupplier).toBe(2);
    expect([...r.productSupplier]).toEqual([[P(1), VERTE], [P(2), VERTE], [P(3), VERTE], [P(4), ROUX], [P(5), null], [P(6), null]]);
    expect(await d.db.supplier.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("stores a vendor's supplier when edited, adds others, and keeps names unique", async () => {
    const edited = await saveSupplier(d.db, SHOP, VERTE, terms("Maison Verte", "21", "12", "45"), NOW);
    expect(edited).toMatchObject({ ok: true, supplier: { id: VERTE, vendorKey: "maison verte", leadTimeDays: 21, minOrderQuantity: 12, paymentTermsDays: 45, saved: true, products: 3 } });
    const added = await saveSupplier(d.db, SHOP, null, terms("Céramiques du Lot", "30", "24", "60", "usd"), NOW);
    expect(added).toMatchObject({ ok: true, supplier: { name: "Céramiques du Lot", vendorKey: null, currency: "USD", products: 0 } });
    // A new supplier named as an unsaved vendor is that vendor's.
    expect(await saveSupplier(d.db, SHOP, null, terms("atelier roux", "7", "1", "0"), NOW)).toMatchObject({ ok: true, supplier: { id: ROUX, products: 1 } });
    expect(await summary()).toEqual([
      [ROUX, "atelier roux", 7, 1, 0, "EUR", true, 1],
      ["new", "Céramiques du Lot", 30, 24, 60, "USD", true, 0],
      [VERTE, "Maison Verte", 21, 12, 45, "EUR", true, 3],
    ]);
    // Names stay unique (trimmed, case and spaces ignored): nothing written.
    const id = added.ok ? added.supplier.id : "";
    expect(await saveSupplier(d.db, SHOP, id, terms(" MAISON verte ", "30", "24", "60"), NOW)).toEqual({
      ok: false,
      errors: [{ path: "name", message: "Supplier name: another supplier is already called “Maison Verte”." }],
    });
    expect(await saveSupplier(d.db, SHOP, "gone", terms("Gone", "1", "1", "1"), NOW)).toEqual({ ok: false, errors: [{ path: "id", message: "This supplier no longer exists: reload the page." }] });
    expect((await d.db.supplier.findFirstOrThrow({ where: { shop: SHOP, id } })).name).toBe("Céramiques du Lot");
  });

  it("refuses the name of an unsaved vendor's supplier and bad fields, writing nothing", async () => {
    expect(await saveSupplier(d.db, SHOP, null, terms("Other one", "1", "1", "1"), NOW)).toMatchObject({ ok: true });
    const other = (await d.db.supplier.findFirstOrThrow({ where: { shop: SHOP } })).id;
    expect(await saveSupplier(d.db, SHOP, other, terms("Atelier Roux", "1", "1", "1"), NOW)).toEqual({
      ok: false,
      errors: [{ path: "name", message: "Supplier name: “Atelier Roux” is a vendor of your products, with a supplier of its own: edit that one instead." }],
    });
    const bad = await saveSupplier(d.db, SHOP, VERTE, terms("", "two weeks", "0", "-5", "€"), NOW);
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(["name", "leadTimeDays", "minOrderQuantity", "paymentTermsDays", "currency"]);
    expect(await d.db.supplier.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("assigns products to a supplier, and gives them back their vendor's", async () => {
    const added = await saveSupplier(d.db, SHOP, null, terms("Céramiques du Lot", "30", "24", "60"), NOW);
    const lot = added.ok ? added.supplier.id : "";
    expect(await assignProducts(d.db, SHOP, [P(1), P(1)], lot, NOW)).toEqual({ ok: true, assigned: 1 });
    // P5 (no vendor) to Atelier Roux's unsaved supplier: stored with the default terms.
    expect(await assignProducts(d.db, SHOP, [P(5)], ROUX, NOW)).toEqual({ ok: true, assigned: 1 });
    // Maison Verte 3 − 1 = 2; Céramiques 1; Atelier Roux P4 + P5 = 2; only P6 without.
    expect(await summary()).toEqual([
      [ROUX, "Atelier Roux", 14, 1, 30, "EUR", true, 2],
      ["new", "Céramiques du Lot", 30, 24, 60, "EUR", true, 1],
      [VERTE, "Maison Verte", 14, 1, 30, "EUR", false, 2],
    ]);
    expect((await readSuppliers(d.db, SHOP)).productsWithoutSupplier).toBe(1);
    const choices = await findProducts(d.db, SHOP, "product", 3);
    expect(choices.map((c) => [c.id, c.supplierId, c.chosen])).toEqual([[P(1), lot, true], [P(2), VERTE, false], [P(3), VERTE, false]]);
    expect((await findProducts(d.db, SHOP, "ROUX")).map((c) => c.id)).toEqual([P(4)]);
    // Back to the vendor's.
    expect(await assignProducts(d.db, SHOP, [P(1)], null, NOW)).toEqual({ ok: true, assigned: 1 });
    expect((await readSuppliers(d.db, SHOP)).productSupplier.get(P(1))).toBe(VERTE);
    // Unknown product or supplier: each named, nothing written.
    expect(await assignProducts(d.db, SHOP, [P(2), P(99)], "nobody", NOW)).toEqual({
      ok: false,
      errors: [
        { path: "productIds", message: "Products: 1 of the chosen products are no longer in your catalog: reload the page." },
        { path: "supplierId", message: "Supplier: this supplier no longer exists: reload the page." },
      ],
    });
    expect(await assignProducts(d.db, SHOP, [], lot, NOW)).toMatchObject({ ok: false, errors: [{ path: "productIds" }] });
    expect(await d.db.productSupplier.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("imports a CSV: every bad row named by its line, then nothing written; a good file adds and updates", async () => {
    const bad = ["Supplier name;Lead time;MOQ;Terms;Currency", "Maison Verte;21;12;45;EUR", "Jardin & Co;two;1;30", "", "Atelier Roux;7", "jardin & co;1;1;1", '"Verre, Fils";10;0;30;EURO'].join("\n");
    const r = await importSuppliers(d.db, SHOP, bad, NOW);
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: "csv line 3", message: "line 3: Lead time: enter a whole number of days from 0 to 365, e.g. 14." },
        { path: "csv line 5", message: "line 5: expected 4 or 5 columns (name, lead time (days), minimum order (units), payment terms (days), currency (optional: the shop's)), found 2." },
        { path: "csv line 7", message: "line 7: Minimum order: enter a whole number of units from 1 to 1,000,000, e.g. 12." },
        { path: "csv line 7", message: "line 7: Currency: enter a three-letter code, e.g. EUR." },
      ],
    });
    expect(await d.db.supplier.count({ where: { shop: SHOP } })).toBe(0);
    expect(await importSuppliers(d.db, SHOP, "A,1,1,1\na ,2,2,2", NOW)).toEqual({ ok: false, errors: [{ path: "csv line 2", message: "line 2: Supplier name “a” is already on line 1." }] });
    expect(await importSuppliers(d.db, SHOP, "x".repeat(1024 * 1024 + 1), NOW)).toEqual({ ok: false, errors: [{ path: "csv", message: "The file is larger than 1 MB." }] });
    expect(await importSuppliers(d.db, SHOP, "name,lead\n", NOW)).toEqual({ ok: false, errors: [{ path: "csv", message: "The file has no supplier rows." }] });

    const good = ["name,lead time,moq,terms,currency", "Maison Verte,21,12,45", '"Verre, Fils",10,6,30,USD'].join("\r\n");
    expect(await importSuppliers(d.db, SHOP, good, NOW)).toEqual({ ok: true, added: 2, updated: 0 });
    expect(await importSuppliers(d.db, SHOP, "maison verte;28;12;60", NOW)).toEqual({ ok: true, added: 0, updated: 1 });
    expect(await summary()).toEqual([
      [ROUX, "Atelier Roux", 14, 1, 30, "EUR", false, 1],
      [VERTE, "maison verte", 28, 12, 60, "EUR", true, 3],
      ["new", "Verre, Fils", 10, 6, 30, "USD", true, 0],
    ]);
    // The other shop's supplier is untouched.
    expect(await d.db.supplier.findMany({ where: { shop: OTHER }, select: { leadTimeDays: true } })).toEqual([{ leadTimeDays: 3 }]);
  });
});
