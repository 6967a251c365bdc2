/**
 * Stock carrying cost and stock health thresholds in the cost settings (issue 18, items 4
 * and 7): the JSON format, defaults (off for every shop; the EU example's seed rates),
 * round trip, and a message naming each bad field in the page's words.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import {
  carryingIsOn,
  carryingOf,
  costSettingsToJson,
  defaultCostSettings,
  monthlyStorageTotal,
  NO_CARRYING,
  parseCostSettings,
  parseSettingsFile,
  stockHealthOf,
  storageLikeFixedCosts,
  DEFAULT_STOCK_HEALTH_OPTIONS,
} from "../../app/domain/index";
import { fieldWords } from "../../app/routes/app.settings._index/components/field-words";

const errorsOf = (raw: unknown) => {
  const r = parseCostSettings(raw, "EUR");
  if (r.ok) throw new Error("expected errors");
  return Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
};

describe("defaults", () => {
  it("a shop that entered nothing, and a version saved before the setting existed, count no carrying cost", () => {
    expect(carryingOf(defaultCostSettings())).toEqual(NO_CARRYING);
    expect(carryingIsOn(defaultCostSettings())).toBe(false);
    const old = parseCostSettings({ packaging: { perParcel: "0.70" } }, "EUR");
    expect(old.ok && old.value.carrying).toEqual({ storage: { kind: "none" }, spread: "units", capitalAnnualPercent: 0, capitalSource: "loan" });
    expect(old.ok && old.value.stockHealth).toEqual(DEFAULT_STOCK_HEALTH_OPTIONS);
    // A domain value without the fields (built in code before them) reads as none / the defaults.
    const { carrying: _c, stockHealth: _h, ...bare } = defaultCostSettings();
    expect(carryingOf(bare)).toEqual(NO_CARRYING);
    expect(stockHealthOf(bare)).toEqual({ shortWindowDays: 28, longWindowDays: 90, minInStockDays: 7, leadTimeDays: 14, safetyDays: 7, targetCoverDays: 90, deadAfterDays: 90, newForDays: 30 });
  });

  it("the EU example (the demo's) stores at €10.00 per m² a month for 6.5 m², spread by value, with a loan at 6 % a year", () => {
    const file = JSON.parse(readFileSync(new URL("../fixtures/margin/settings-eu.json", import.meta.url), "utf8")) as unknown;
    const r = parseSettingsFile(file, { shopCurrency: "EUR" });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const c = carryingOf(r.value.versions[0]!.settings);
    expect(c).toEqual({ storage: { kind: "perArea", perSquareMetre: 1000, squareMetres: "6.5" }, spread: "value", capitalAnnualPercent: 6, capitalSource: "loan" });
    // €10.00 × 6.5 m² = €65.00 a month: the storage rent the example used to list as a fixed cost, now counted once, here.
    expect(monthlyStorageTotal(c.storage)).toBe(6500);
    expect(r.value.versions[0]!.settings.fixedCosts.items.map((i) => i.name)).toEqual(["Shopify plan", "Apps"]);
    expect(storageLikeFixedCosts(r.value.versions[0]!.settings)).toEqual([]);
  });
});

describe("the JSON format", () => {
  it.each([
    [{ kind: "none" }, { kind: "none" }],
    [{ kind: "monthly", amount: "480" }, { kind: "monthly", amount: "480.00" }],
    [{ kind: "perArea", perSquareMetre: "10", squareMetres: "25.50" }, { kind: "perArea", perSquareMetre: "10.00", squareMetres: "25.5" }],
    [{ kind: "perArea", perSquareMetre: "10", squareMetres: 12 }, { kind: "perArea", perSquareMetre: "10.00", squareMetres: "12" }],
    [{ kind: "perUnit", perUnitPerMonth: "0.2" }, { kind: "perUnit", perUnitPerMonth: "0.20" }],
  ])("storage %j reads back as %j", (storage, back) => {
    const r = parseCostSettings({ carrying: { storage, spread: "volume", capitalAnnualPercent: 4.25, capitalSource: "factoring" } }, "EUR");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const json = costSettingsToJson(r.value, "EUR");
    expect(json.carrying).toEqual({ storage: back, spread: "volume", capitalAnnualPercent: 4.25, capitalSource: "factoring" });
    // And the JSON parses back to the same value.
    const again = parseCostSettings(json, "EUR");
    expect(again.ok && again.value).toEqual(r.value);
  });

  it("amounts are minor units in the domain: €480.00 → 48,000; ¥ in whole yen", () => {
    const eur = parseCostSettings({ carrying: { storage: { kind: "monthly", amount: "480.00" } } }, "EUR");
    expect(eur.ok && eur.value.carrying?.storage).toEqual({ kind: "monthly", amount: 48_000 });
    const jpy = parseCostSettings({ carrying: { storage: { kind: "perUnit", perUnitPerMonth: "15" } } }, "JPY");
    expect(jpy.ok && jpy.value.carrying?.storage).toEqual({ kind: "perUnit", perUnitPerMonth: 15 });
  });
});

describe("every bad field comes back at once, named", () => {
  it("storage, spread and rate", () => {
    expect(
      errorsOf({ carrying: { storage: { kind: "perArea", perSquareMetre: "10.001", squareMetres: "0" }, spread: "weight", capitalAnnualPercent: -1 } }),
    ).toEqual({
      "carrying.storage.perSquareMetre": "10.001 has more decimals than EUR allows (2)",
      "carrying.storage.squareMetres": "Area: enter the square metres you pay for, more than 0",
      "carrying.spread": "choose units, volume or value at cost",
      "carrying.capitalAnnualPercent": "Yearly rate cannot be negative",
    });
    expect(errorsOf({ carrying: { storage: { kind: "perArea", perSquareMetre: "", squareMetres: "twenty" }, capitalAnnualPercent: 101 } })).toEqual({
      "carrying.storage.perSquareMetre": "Enter an amount, e.g. 6.50",
      "carrying.storage.squareMetres": "Area: enter square metres as a number, e.g. 25.5",
      "carrying.capitalAnnualPercent": "Yearly rate: at most 100 %",
    });
    expect(errorsOf({ carrying: { storage: { kind: "perArea", perSquareMetre: "10", squareMetres: "2.555" }, capitalAnnualPercent: 6.123456 } })).toEqual({
      "carrying.storage.squareMetres": "Area: at most 2 decimals, e.g. 25.75",
      "carrying.capitalAnnualPercent": "Yearly rate: at most 4 decimals",
    });
    expect(errorsOf({ carrying: { storage: { kind: "monthly", amount: "-5" }, capitalAnnualPercent: "6" } })).toEqual({
      "carrying.storage.amount": "a cost cannot be negative",
      "carrying.capitalAnnualPercent": "Yearly rate: enter a percentage, e.g. 6.5",
    });
    expect(errorsOf({ carrying: { storage: { kind: "box" } } })).toEqual({
      "carrying.storage.kind": "choose how storage is charged: not counted here, an amount a month, a price per m², or a price per unit",
    });
    expect(errorsOf({ carrying: { storage: { kind: "perArea", perSquareMetre: "10", squareMetres: "2000000" } } })).toEqual({
      "carrying.storage.squareMetres": "Area: at most 1,000,000 m²",
    });
  });

  it("stock health thresholds: whole days, windows in order", () => {
    expect(errorsOf({ stockHealth: { shortWindowDays: 0, longWindowDays: 20.5, deadAfterDays: "x", safetyDays: -1, targetCoverDays: 4000 } })).toEqual({
      "stockHealth.shortWindowDays": "Short sales window: at least 1 day",
      "stockHealth.longWindowDays": "Long sales window: enter whole days, e.g. 90",
      "stockHealth.deadAfterDays": "Dead stock after: enter whole days, e.g. 90",
      "stockHealth.safetyDays": "Safety days cannot be negative",
      "stockHealth.targetCoverDays": "Target cover: at most 3,650 days (10 years)",
    });
    expect(errorsOf({ stockHealth: { shortWindowDays: 28, longWindowDays: 20, minInStockDays: 30 } })).toEqual({
      "stockHealth.longWindowDays": "Long sales window: at least the short one (28 days)",
      "stockHealth.minInStockDays": "Days in stock the short window needs: at most the short window (28 days)",
    });
    // The windows' order is checked even when another threshold is wrong (every error at once, as the page shows them).
    expect(errorsOf({ stockHealth: { longWindowDays: 20, deadAfterDays: "ninety" } })).toEqual({
      "stockHealth.longWindowDays": "Long sales window: at least the short one (28 days)",
      "stockHealth.deadAfterDays": "Dead stock after: enter whole days, e.g. 90",
    });
    expect(errorsOf({ stockHealth: { safetyDays: 7, reorderDays: 3 } })).toEqual({ "stockHealth.reorderDays": "unknown field" });
  });

  it("the page's banner names the fields in its words", () => {
    expect(fieldWords("carrying.storage.squareMetres")).toBe("Stock carrying cost, storage, area");
    expect(fieldWords("carrying.capitalAnnualPercent")).toBe("Stock carrying cost, yearly rate");
    expect(fieldWords("stockHealth.deadAfterDays")).toBe("Stock health, dead stock after");
  });
});

describe("storage counted once", () => {
  const settings = (kind: "none" | "monthly") =>
    parseCostSettings(
      {
        carrying: { storage: kind === "none" ? { kind } : { kind, amount: "300" } },
        fixedCosts: { items: [{ name: "Warehouse rent", monthlyAmount: "300" }, { name: "Shopify plan", monthlyAmount: "36" }, { name: "Entrepôt Lyon", monthlyAmount: "90" }, { name: "3PL invoice", monthlyAmount: "50" }] },
      },
      "EUR",
    );
  it("names the fixed costs that look like storage when storage is also set here", () => {
    const on = settings("monthly");
    expect(on.ok && storageLikeFixedCosts(on.value)).toEqual(["Warehouse rent", "Entrepôt Lyon", "3PL invoice"]);
  });
  it("says nothing when storage is not counted here (it stays a fixed cost)", () => {
    const off = settings("none");
    expect(off.ok && storageLikeFixedCosts(off.value)).toEqual([]);
  });
});
