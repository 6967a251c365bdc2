import { describe, expect, it } from "vitest";

import { deleteView, MAX_VIEWS, renameView, savedViews, saveView } from "~/services/saved-views.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createShop } from "../helpers/factories";

/** Saved views of the Products and Orders lists (issue 17, item 6): save as, rename, delete, per shop and list, on both databases. */
const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const cleanup = closeAfterEach();

describe.each([["sqlite"], ["postgresql"]] as const)("saved views (%s)", (provider) => {
  it("saves the list's parameters under a name, lists them in order, renames and deletes them, one shop's only", async () => {
    const { db } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP });
    await createShop(db, { shop: OTHER });
    const t = (s: number) => new Date(Date.UTC(2026, 11, 7, 10, 0, s));

    // The page and the admin's own parameters are not kept; the rest is, as the list's parser accepts it.
    const big = await saveView(db, SHOP, "orders", "  Big   losses ", "flag=LOSS&sort=processedAt&page=3&host=abc&locale=fr&product=gid%3A%2F%2Fshopify%2FProduct%2F7", t(1));
    expect(big).toMatchObject({ ok: true, view: { name: "Big losses", query: "sort=processedAt&flag=LOSS&product=gid%3A%2F%2Fshopify%2FProduct%2F7" } });
    expect(await saveView(db, SHOP, "orders", "PayPal", "gateway=paypal", t(2))).toMatchObject({ ok: true });
    expect(await saveView(db, SHOP, "products", "Thin", "flag=THIN&range=90d", t(3))).toMatchObject({ ok: true, view: { query: "range=90d&flag=THIN" } });
    // Another shop may use the same name.
    expect(await saveView(db, OTHER, "orders", "Big losses", "", t(4))).toMatchObject({ ok: true });
    expect((await savedViews(db, SHOP, "orders")).map((v) => v.name)).toEqual(["Big losses", "PayPal"]);
    expect((await savedViews(db, SHOP, "products")).map((v) => v.name)).toEqual(["Thin"]);

    // What cannot be saved, named: an empty name, a tab's name, a name taken in any case, a bad filter.
    expect(await saveView(db, SHOP, "orders", "   ", "")).toEqual({ ok: false, errors: [{ path: "name", message: "enter a name for the view" }] });
    expect(await saveView(db, SHOP, "orders", "Loss", "")).toEqual({ ok: false, errors: [{ path: "name", message: '"Loss" is already a tab of the list' }] });
    expect(await saveView(db, SHOP, "orders", "BIG LOSSES", "")).toEqual({ ok: false, errors: [{ path: "name", message: 'a view named "BIG LOSSES" exists already' }] });
    expect(await saveView(db, SHOP, "orders", "x".repeat(41), "")).toEqual({ ok: false, errors: [{ path: "name", message: "a view's name has at most 40 characters" }] });
    expect(await saveView(db, SHOP, "orders", "Bad", "country=France")).toEqual({ ok: false, errors: [{ path: "country", message: "not a country" }] });

    // Rename: the parameters stay; a taken name is refused; another shop's view is not found.
    const id = big.ok ? big.view.id : "";
    expect(await renameView(db, SHOP, id, "Losses by date", t(5))).toMatchObject({ ok: true, view: { name: "Losses by date", query: "sort=processedAt&flag=LOSS&product=gid%3A%2F%2Fshopify%2FProduct%2F7" } });
    expect(await renameView(db, SHOP, id, "paypal")).toEqual({ ok: false, errors: [{ path: "name", message: 'a view named "paypal" exists already' }] });
    expect(await renameView(db, OTHER, id, "Mine")).toEqual({ ok: false, errors: [{ path: "view", message: "this view no longer exists" }] });

    // Delete: once; not another shop's.
    expect(await deleteView(db, OTHER, id)).toBe(false);
    expect(await deleteView(db, SHOP, id)).toBe(true);
    expect(await deleteView(db, SHOP, id)).toBe(false);
    expect((await savedViews(db, SHOP, "orders")).map((v) => v.name)).toEqual(["PayPal"]);
    expect((await savedViews(db, OTHER, "orders")).map((v) => v.name)).toEqual(["Big losses"]);

    // At most MAX_VIEWS (20) a list: the shop has 1 orders view, 19 more fill it, the 21st is refused.
    for (let i = 0; i < MAX_VIEWS - 1; i++) expect(await saveView(db, SHOP, "orders", `View ${i}`, "")).toMatchObject({ ok: true });
    expect(await saveView(db, SHOP, "orders", "One too many", "")).toEqual({ ok: false, errors: [{ path: "name", message: "a list keeps at most 20 views: delete one first" }] });
  });
});
