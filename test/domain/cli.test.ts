/**
 * The margin CLI end to end: tsx runs app/cli/margin.ts on the fixture files in
 * test/fixtures/margin/.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const F = "test/fixtures/margin";

function margin(...args: string[]) {
  const r = spawnSync(process.execPath, [tsx, "app/cli/margin.ts", ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(stdout: string) {
  return JSON.parse(stdout) as Record<string, unknown> & {
    netRevenue: string;
    netMargin: string;
    marginPct: { percent: number | null; note?: string };
    steps: Record<string, Record<string, unknown>>;
    flags: { code: string; reason: string }[];
    lines: { netMargin: string; includedInTotals: boolean }[];
    warnings: string[];
  };
}

describe("npm run margin", () => {
  it("prints the EU order's breakdown (through the npm script)", () => {
    const r = spawnSync(
      "npm",
      [
        "run", "--silent", "margin", "--",
        "--order", `${F}/eu-order.json`, "--settings", `${F}/settings-eu.json`, "--unit-costs", `${F}/unit-costs-eu.json`,
        "--fixed-cost-share", "1.25", "--now", "2026-11-22T10:00:00Z",
      ],
      { cwd: root, encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    const out = json(r.stdout);
    // Same order as the hand-worked EU case in margin.test.ts: 54.50 − 39.92 = 14.58 (26.75 %)
    expect(out).toMatchObject({
      computedAt: "2026-11-22T10:00:00Z",
      settingsVersion: { index: 0, effectiveFrom: null, note: "first setup" },
      currency: "EUR",
      netRevenue: "54.50",
      totalCosts: "39.92",
      netMargin: "14.58",
      marginPct: { percent: 26.75 },
      flags: [],
      warnings: [],
    });
    expect(out.steps.shipping).toMatchObject({ amount: "7.90", source: "rule", rule: "FR Colissimo 1-2 kg", parcelWeightGrams: 1100 });
    expect(out.steps.paymentFees).toMatchObject({ amount: "2.57", estimated: "2.57" });
    expect(out.steps.provisions).toEqual({ amount: "1.90", returns: "1.09", fraud: "0.27", spoilage: "0.54" });
    // 10.35 + 4.23 = 14.58
    expect(out.lines.map((l) => l.netMargin)).toEqual(["10.35", "4.23"]);
  });

  it("uses an imported actual shipping cost", () => {
    const r = margin("--order", `${F}/eu-order.json`, "--settings", `${F}/settings-eu.json`, "--unit-costs", `${F}/unit-costs-eu.json`,
      "--fixed-cost-share", "1.25", "--shipping-costs", `${F}/shipping-costs.csv`);
    expect(r.status).toBe(0);
    const out = json(r.stdout);
    // the CSV says #1001 cost 8,15 instead of the rule's 7.90: 14.58 + 7.90 − 8.15 = 14.33
    expect(out.steps.shipping).toMatchObject({ amount: "8.15", source: "import", rule: null });
    expect(out.netMargin).toBe("14.33");
  });

  it("prints a JPY order in whole yen, with fixed costs spread over the month's orders", () => {
    const r = margin("--order", `${F}/jpy-order.json`, "--settings", `${F}/settings-jpy.json`, "--unit-costs", `${F}/unit-costs-jpy.json`, "--month-orders", "100");
    expect(r.status).toBe(0);
    const out = json(r.stdout);
    // As in margin.test.ts: ¥3,500 − ¥2,390 = ¥1,110, minus rent ¥30,000 / 100 orders = ¥300 → ¥810 (23.14 %)
    expect(out).toMatchObject({ currency: "JPY", netRevenue: "3500", netMargin: "810", marginPct: { percent: 23.14 } });
    expect(out.steps.fixedCosts).toEqual({ amount: "300", allocated: true, month: "2026-11", method: "orders" });
  });

  it("without unit costs, leaves the lines out and says why", () => {
    const r = margin("--order", `${F}/eu-order.json`, "--settings", `${F}/settings-eu.json`);
    expect(r.status).toBe(0);
    const out = json(r.stdout);
    expect(out.netRevenue).toBe("0.00");
    expect(out.marginPct).toEqual({ percent: null, note: "every line has an unknown unit cost, so the order is left out of margin totals" });
    expect(out.flags.map((f) => f.code)).toEqual(["MISSING_COST"]);
    expect(out.lines.map((l) => l.includedInTotals)).toEqual([false, false]);
  });
});

describe("bad input: exit code 2 and one line naming the file and the JSON path", () => {
  const expectOneLine = (r: ReturnType<typeof margin>, text: string) => {
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr.trimEnd()).toBe(text);
  };

  it("a malformed order", () => {
    expectOneLine(
      margin("--order", `${F}/bad-order.json`, "--settings", `${F}/settings-eu.json`),
      `margin: ${F}/bad-order.json: data.order.lineItems.nodes[1].quantity: expected a whole number (and 1 more problem)`,
    );
  });

  it("invalid settings", () => {
    expectOneLine(
      margin("--order", `${F}/eu-order.json`, "--settings", `${F}/bad-settings.json`),
      `margin: ${F}/bad-settings.json: versions[0].settings.shipping.rules[1].minWeightGrams: weight band 0.9–2 kg overlaps rule 1 ("FR Colissimo < 1 kg", 0–1 kg) for the same destinations and services (and 1 more problem)`,
    );
  });

  it("settings in another currency than the order's shop", () => {
    expectOneLine(
      margin("--order", `${F}/jpy-order.json`, "--settings", `${F}/settings-eu.json`),
      `margin: ${F}/settings-eu.json: currency: settings are in EUR but the shop currency is JPY`,
    );
  });

  it("unit costs with too many decimals for the currency", () => {
    expectOneLine(
      margin("--order", `${F}/jpy-order.json`, "--settings", `${F}/settings-jpy.json`, "--unit-costs", `${F}/unit-costs-eu.json`),
      `margin: ${F}/unit-costs-eu.json: currency: unit costs are in EUR but the shop currency is JPY (and 2 more problems)`,
    );
  });

  it("not JSON, a missing file, missing or unknown flags", () => {
    expect(margin("--order", `${F}/not-json.json`, "--settings", `${F}/settings-eu.json`).stderr).toMatch(
      new RegExp(`^margin: ${F}/not-json.json: invalid JSON: .+\\n$`),
    );
    expectOneLine(margin("--order", `${F}/nope.json`, "--settings", `${F}/settings-eu.json`), `margin: ${F}/nope.json: cannot read the file (ENOENT)`);
    const noArgs = margin();
    expect(noArgs.status).toBe(2);
    expect(noArgs.stderr).toMatch(/^margin: --order and --settings are required; usage: margin --order ORDER\.json/);
    const unknown = margin("--order", `${F}/eu-order.json`, "--settings", `${F}/settings-eu.json`, "--colour", "red");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toMatch(/--colour/);
    expectOneLine(
      margin("--order", `${F}/eu-order.json`, "--settings", `${F}/settings-eu.json`, "--fixed-cost-share", "1.255"),
      "margin: --fixed-cost-share: 1.255 has more decimals than EUR allows (2)",
    );
  });
});
