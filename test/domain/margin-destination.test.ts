/**
 * Orders whose destination Shopify hides (issue 14, item 5). A public app without
 * protected-customer-data approval reads `shippingAddress` as null (Source:
 * shopify.dev/docs/apps/launch/protected-customer-data (2026-10): level 2 covers
 * "name, address, phone, or email fields"; without approval "you might need to
 * update your app to handle errors or redacted data"), so the order's country is
 * unknown. Shipping rules then fall back in a documented way: the merchant's
 * country for unknown destinations (Settings › Shipping) when set, else only rules
 * for any destination, else the default cost; the order page says which.
 *
 * Amounts in minor units (1 EUR = 100).
 */
import { describe, expect, it } from "vitest";

import { computeOrderMargin, marginNotes, parseCostSettings, type MarginContext } from "../../app/domain/index";
import { order, settings, unitCosts } from "./helpers";

const RULES = {
  rules: [
    { name: "France Colissimo", countries: ["FR"], cost: "6.55" },
    { name: "Germany DHL", countries: ["DE"], cost: "9.90" },
  ],
  defaultCost: "15.00",
};
const ctx = (shipping: object): MarginContext => ({ settings: settings({ shipping }, "EUR"), unitCost: unitCosts({ tote: 1500 }), fixedCosts: null, actualShippingCost: null });

const tote = (country: string | null) =>
  order({
    currency: "EUR",
    taxesIncluded: false,
    country,
    lines: [{ id: "tote", name: "Linen tote", quantity: 1, price: "40.00", grams: 500 }],
    shipping: [{ title: "Colissimo", price: "5.00" }],
  });

describe("a parcel whose destination Shopify hid", () => {
  it("without a setting: only rules for any destination could match, the default cost applies, and the page says why", () => {
    const m = computeOrderMargin(tote(null), ctx(RULES));
    // No rule for any destination: the default 15.00.
    expect([m.steps.shipping.source, m.costs.shipping]).toEqual(["default", 1500]);
    expect(m.unknownDestination).toEqual({ assumedCountry: null });
    expect(marginNotes(m)).toEqual([
      "Shopify did not share where this order was shipped (addresses are protected customer data, shared only with apps approved for them): shipping rules for specific countries could not apply. Choose the country to price such parcels as in Settings, under Shipping.",
    ]);
  });

  it("with a country for unknown destinations: priced as a parcel to that country", () => {
    const m = computeOrderMargin(tote(null), ctx({ ...RULES, unknownDestinationCountry: "FR" }));
    // The France rule: 6.55 instead of the default 15.00.
    expect([m.steps.shipping.source, m.steps.shipping.rule, m.costs.shipping]).toEqual(["rule", "France Colissimo", 655]);
    expect(m.unknownDestination).toEqual({ assumedCountry: "FR" });
    expect(marginNotes(m)[0]).toMatch(/priced as a parcel to France, your setting for unknown destinations\.$/);
  });

  it("a known destination is used as is (the setting does not apply)", () => {
    const m = computeOrderMargin(tote("DE"), ctx({ ...RULES, unknownDestinationCountry: "FR" }));
    expect([m.steps.shipping.rule, m.costs.shipping]).toEqual(["Germany DHL", 990]);
    expect(m.unknownDestination).toBeNull();
    expect(marginNotes(m)).toEqual([]);
  });

  it("says nothing when no rule depends on the country", () => {
    const m = computeOrderMargin(tote(null), ctx({ rules: [{ name: "Everywhere", cost: "7.00" }], defaultCost: "15.00" }));
    expect([m.steps.shipping.rule, m.costs.shipping]).toEqual(["Everywhere", 700]);
    expect(m.unknownDestination).toBeNull();
    expect(marginNotes(m)).toEqual([]);
  });

  it("nothing to ship: no destination needed", () => {
    const o = order({ currency: "EUR", taxesIncluded: false, country: null, lines: [{ id: "ebook", name: "E-book", quantity: 1, price: "9.00", requiresShipping: false }] });
    expect(computeOrderMargin(o, ctx(RULES)).unknownDestination).toBeNull();
  });
});

describe("the setting", () => {
  it("takes a two-letter country code in any case, or nothing", () => {
    const ok = parseCostSettings({ shipping: { unknownDestinationCountry: " fr " } }, "EUR");
    expect(ok.ok && ok.value.shipping.unknownDestinationCountry).toBe("FR");
    const none = parseCostSettings({ shipping: { unknownDestinationCountry: null } }, "EUR");
    expect(none.ok && none.value.shipping.unknownDestinationCountry).toBeNull();
  });

  it("refuses anything else in the merchant's words", () => {
    const bad = parseCostSettings({ shipping: { unknownDestinationCountry: "France" } }, "EUR");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual([{ path: "shipping.unknownDestinationCountry", message: "enter a two-letter country code such as FR, or leave it empty" }]);
  });
});
