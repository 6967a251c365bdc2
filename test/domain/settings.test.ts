import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  appendVersion,
  costInForce,
  defaultCostSettings,
  defaultSettingsHistory,
  exportSettings,
  parseCostSettings,
  parseSettingsFile,
  parseUnitCostsFile,
  recomputeScope,
  settingsInForce,
  versionInForceOn,
  type SettingsHistory,
  type UnitCostHistory,
} from "../../app/domain/index";

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/margin/${name}`, import.meta.url), "utf8"));

describe("cost settings validation", () => {
  it("fills omitted sections with defaults", () => {
    const r = parseCostSettings({}, "EUR");
    expect(r).toEqual({ ok: true, value: defaultCostSettings() });
  });

  it("returns every field error at once, each with its path", () => {
    const r = parseCostSettings(
      {
        costOfGoods: { missingCost: { mode: "percentOfPrice", percent: 120 } },
        shipping: {
          rules: [
            { name: "FR < 1 kg", countries: ["FR"], maxWeightGrams: 1000, cost: "6.55" },
            { name: "FR 0.5-2 kg", countries: ["FR"], minWeightGrams: 500, maxWeightGrams: 2000, cost: "7.90" },
            { name: "", countries: ["fr"], minWeightGrams: 300, maxWeightGrams: 200, cost: "-1.00" },
          ],
          defaultCost: "6.555",
        },
        packaging: { perParcel: 0.7 },
        labour: { perOrder: "1.50", perHour: "20.00" },
        paymentFees: {
          gateways: [
            { gateway: "paypal", percent: 3.4, fixed: "0.35" },
            { gateway: "PayPal", percent: -1, fixed: "0.35" },
          ],
        },
        fixedCosts: { allocation: "weekly", items: [{ name: "Hosting", monthlyAmount: "2000000.00" }] },
        provisions: { returnsPercent: 60, fraudPercent: 50 },
        thresholds: { thinMarginPercent: 10.12345 },
      },
      "EUR",
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(byPath).toEqual({
      "costOfGoods.missingCost.percent": "a percentage cannot exceed 100",
      "shipping.rules[1].minWeightGrams":
        'weight band 0.5–2 kg overlaps rule 1 ("FR < 1 kg", 0–1 kg) for the same destinations and services',
      "shipping.rules[2].name": "cannot be empty",
      "shipping.rules[2].countries[0]": 'enter a two-letter country code such as FR',
      "shipping.rules[2].cost": "a cost cannot be negative",
      "shipping.rules[2].maxWeightGrams": "must be more than the from weight (0.3 kg)",
      "shipping.defaultCost": "6.555 has more decimals than EUR allows (2)",
      "packaging.perParcel": 'write the amount as text in quotes, e.g. "6.50"',
      "labour.perHour": "unknown field",
      "paymentFees.gateways[1].gateway": "duplicate gateway (same as gateway 1)",
      "paymentFees.gateways[1].percent": "a percentage cannot be negative",
      "fixedCosts.allocation": "choose order count, item count or share of revenue",
      "fixedCosts.items[0].monthlyAmount": "at most €1,000,000.00",
      "provisions.returnsPercent": "provisions together cannot exceed 100.0% of revenue",
      "thresholds.thinMarginPercent": "at most 4 decimals",
    });
    expect(r.errors).toHaveLength(15); // one per path above, none repeated
    // a malformed section does not stop the checks of the others
    const odd = parseCostSettings({ shipping: "cheap", labour: null, provisions: { returnsPercent: "2" } }, "EUR");
    expect(odd.ok ? [] : odd.errors.map((e) => e.path)).toEqual(["shipping", "labour", "provisions.returnsPercent"]);
  });

  it("allows the same weight band for different zones or services (first match wins)", () => {
    const r = parseCostSettings(
      {
        shipping: {
          rules: [
            { name: "FR < 1 kg", countries: ["FR"], maxWeightGrams: 1000, cost: "6.55" },
            { name: "FR express < 1 kg", countries: ["FR"], services: ["Chronopost"], maxWeightGrams: 1000, cost: "12.00" },
            { name: "anywhere < 1 kg", maxWeightGrams: 1000, cost: "9.00" },
            { name: "FR 1 kg+", countries: ["FR"], minWeightGrams: 1000, cost: "8.00" },
          ],
        },
      },
      "EUR",
    );
    expect(r.ok).toBe(true);
  });

  it("checks amounts against the currency's decimals", () => {
    expect(parseCostSettings({ packaging: { perParcel: "60" } }, "JPY").ok).toBe(true);
    const r = parseCostSettings({ packaging: { perParcel: "60.5" } }, "JPY");
    expect(r.ok ? [] : r.errors).toEqual([{ path: "packaging.perParcel", message: "60.5 has more decimals than JPY allows (0)" }]);
  });

  it("says what to type in an emptied or mistyped amount, with an example in the shop's currency", () => {
    const r = parseCostSettings({ packaging: { perParcel: "" }, labour: { perItem: "4,50 €" }, shipping: { defaultCost: "  " } }, "EUR");
    expect(Object.fromEntries((r.ok ? [] : r.errors).map((e) => [e.path, e.message]))).toEqual({
      "shipping.defaultCost": "Enter an amount, e.g. 6.50",
      "packaging.perParcel": "Enter an amount, e.g. 6.50",
      "labour.perItem": "Enter the amount as a number, e.g. 6.50",
    });
    // JPY has no minor unit: the example is 650, not 6.50.
    const y = parseCostSettings({ packaging: { perParcel: "" } }, "JPY");
    expect(y.ok ? [] : y.errors).toEqual([{ path: "packaging.perParcel", message: "Enter an amount, e.g. 650" }]);
  });
});

describe("settings file import/export", () => {
  it("imports the documented example", () => {
    const r = parseSettingsFile(fixture("settings-eu.json"), { shopCurrency: "EUR" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.timeZone).toBe("Europe/Paris");
    expect(r.value.versions).toHaveLength(2);
    expect(r.value.versions[0]!.settings.shipping.rules[1]!.cost).toBe(790);
    // omitted sections in version 2 take defaults
    expect(r.value.versions[1]!.settings.fixedCosts.items).toEqual([]);
  });

  it("round-trips through export", () => {
    const r = parseSettingsFile(fixture("settings-eu.json"));
    if (!r.ok) throw new Error("fixture invalid");
    const exported = exportSettings(r.value);
    expect(exported.format).toBe("netmargin.cost-settings");
    expect(exported.versions[0]!.settings.shipping.rules[0]!.cost).toBe("6.55");
    expect(parseSettingsFile(JSON.parse(JSON.stringify(exported)))).toEqual(r);
  });

  it("rejects a file in another currency than the shop's, and other file-level problems, all at once", () => {
    const r = parseSettingsFile(
      { version: 2, currency: "USD", timeZone: "Mars/Olympus", versions: [{ effectiveFrom: "2026-02-30", settings: { packaging: { perParcel: "1.234" } } }] },
      { shopCurrency: "EUR" },
    );
    expect(r.ok ? [] : r.errors).toEqual([
      { path: "currency", message: "settings are in USD but the shop currency is EUR" },
      { path: "version", message: "unsupported settings format version (this NetMargin reads version 1)" },
      { path: "timeZone", message: "expected a time zone such as Europe/Paris" },
      { path: "versions[0].effectiveFrom", message: "expected a date such as 2026-06-01, or none for all history" },
      { path: "versions[0].settings.packaging.perParcel", message: "1.234 has more decimals than USD allows (2)" },
    ]);
    const first = parseSettingsFile({ version: 1, currency: "EUR", versions: [{ effectiveFrom: "2026-01-01", settings: {} }] });
    expect(first.ok ? [] : first.errors).toEqual([
      { path: "versions[0].effectiveFrom", message: "the first version must apply to all history (no start date)" },
    ]);
  });
});

describe("settings in force", () => {
  const s = (perParcel: number) => ({ ...defaultCostSettings(), packaging: { perParcel } });
  // v0 all history (Jan) → v1 from 2026-03-01 (saved in March) → v2 all history (May) → v3 from 2026-02-01 (June)
  let h: SettingsHistory = { currency: "EUR", timeZone: "Europe/Paris", versions: [{ effectiveFrom: null, savedAt: null, note: "v0", settings: s(10) }] };
  h = appendVersion(h, { effectiveFrom: "2026-03-01", savedAt: null, note: "v1", settings: s(11) });

  it("applies a dated version from its date on, in the shop's time zone", () => {
    expect(settingsInForce(h, "2026-02-15T12:00:00Z").packaging.perParcel).toBe(10);
    // 2026-02-28T23:30Z is already 1 March in Paris
    expect(settingsInForce(h, "2026-02-28T23:30:00Z").packaging.perParcel).toBe(11);
    expect(settingsInForce(h, "2026-02-28T22:30:00Z").packaging.perParcel).toBe(10);
  });

  it("lets the latest save win: 'all history' replaces everything, a later dated save wins from its date", () => {
    const h2 = appendVersion(h, { effectiveFrom: null, savedAt: null, note: "v2", settings: s(12) });
    expect(settingsInForce(h2, "2026-01-10T12:00:00Z").packaging.perParcel).toBe(12);
    expect(settingsInForce(h2, "2026-04-10T12:00:00Z").packaging.perParcel).toBe(12);
    const h3 = appendVersion(h2, { effectiveFrom: "2026-02-01", savedAt: null, note: "v3", settings: s(13) });
    expect(versionInForceOn(h3, "2026-01-31").index).toBe(2);
    expect(versionInForceOn(h3, "2026-02-01").index).toBe(3);
    expect(versionInForceOn(h3, "2026-04-10").index).toBe(3);
    expect(recomputeScope(h3.versions[3]!)).toEqual({ kind: "from", localDate: "2026-02-01" });
    expect(recomputeScope(h3.versions[2]!)).toEqual({ kind: "all" });
  });

  it("always has a version for a default history", () => {
    expect(settingsInForce(defaultSettingsHistory("EUR"), "2020-01-01T00:00:00Z")).toEqual(defaultCostSettings());
  });
});

describe("unit cost in force", () => {
  const history: UnitCostHistory = {
    currency: "EUR",
    timeZone: "Europe/Paris",
    variants: new Map([
      [
        "v1",
        {
          shopify: [
            { observedAt: "2026-05-01T08:00:00Z", cost: 820 },
            { observedAt: "2026-03-01T08:00:00Z", cost: 800 },
          ],
          overrides: [{ effectiveFrom: "2026-06-01", cost: 900 }],
        },
      ],
      ["v2", { shopify: [{ observedAt: "2026-03-01T08:00:00Z", cost: null }], overrides: [] }],
      ["v3", { shopify: [], overrides: [{ effectiveFrom: null, cost: 300 }, { effectiveFrom: "2026-04-01", cost: 350 }] }],
    ]),
  };

  it("prefers the override in force, else the Shopify snapshot at the order's time", () => {
    expect(costInForce(history, "v1", "2026-06-10T10:00:00Z")).toEqual({ kind: "known", unitCost: 900, source: "override", since: "2026-06-01", beforeFirstSnapshot: false });
    expect(costInForce(history, "v1", "2026-05-10T10:00:00Z")).toMatchObject({ unitCost: 820, source: "shopify", since: "2026-05-01T08:00:00Z" });
    expect(costInForce(history, "v1", "2026-04-10T10:00:00Z")).toMatchObject({ unitCost: 800, source: "shopify" });
    // before the first snapshot: the earliest one, said so
    expect(costInForce(history, "v1", "2026-01-10T10:00:00Z")).toMatchObject({ unitCost: 800, beforeFirstSnapshot: true });
    expect(costInForce(history, "v3", "2026-03-31T10:00:00Z")).toMatchObject({ unitCost: 300 });
    expect(costInForce(history, "v3", "2026-04-01T10:00:00Z")).toMatchObject({ unitCost: 350 });
  });

  it("reports a missing cost, never 0", () => {
    expect(costInForce(history, "v2", "2026-04-10T10:00:00Z")).toEqual({ kind: "missing", reason: "Shopify has no unit cost for this variant" });
    expect(costInForce(history, "nope", "2026-04-10T10:00:00Z").kind).toBe("missing");
    expect(costInForce(history, null, "2026-04-10T10:00:00Z").kind).toBe("missing");
  });

  it("reads the --unit-costs file", () => {
    const r = parseUnitCostsFile(fixture("unit-costs-eu.json"), { currency: "EUR", timeZone: "Europe/Paris" });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(costInForce(r.value, "gid://shopify/ProductVariant/11", "2026-11-03T09:15:00Z")).toMatchObject({ unitCost: 900, source: "override" });
    expect(costInForce(r.value, "gid://shopify/ProductVariant/21", "2026-11-03T09:15:00Z")).toMatchObject({ unitCost: 550 });
    const bad = parseUnitCostsFile({ version: 1, currency: "USD", variants: { a: "1.234", b: { overrides: [{ cost: "-1" }] } } }, { currency: "EUR" });
    expect(bad.ok ? [] : bad.errors).toEqual([
      { path: "currency", message: "unit costs are in USD but the shop currency is EUR" },
      { path: "variants.a", message: "1.234 has more decimals than EUR allows (2)" },
      { path: "variants.b.overrides[0].cost", message: "a unit cost cannot be negative" },
    ]);
  });
});
