import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { appendVersion, defaultCostSettings, exportSettings, parseSettingsFile, settingsInForce, type SettingsHistory } from "~/domain/settings";

/**
 * Defect 12 of issue 16 (settings import): two versions with the same effectiveFrom
 * were accepted, and only the later could ever apply. Now refused, naming the field;
 * the export leaves out versions a later save replaced, so an export still imports.
 */
const fixture = (): { versions: Record<string, unknown>[] } & Record<string, unknown> =>
  JSON.parse(readFileSync(new URL("../fixtures/margin/settings-eu.json", import.meta.url), "utf8")) as { versions: Record<string, unknown>[] } & Record<string, unknown>;

describe("settings file: one version per start date", () => {
  it("refuses two versions from the same date, naming the later one's effectiveFrom", () => {
    const file = fixture();
    file.versions.push({ ...file.versions[1], note: "typo fix" });
    const r = parseSettingsFile(file, { shopCurrency: "EUR" });
    expect(r.ok ? [] : r.errors).toEqual([
      {
        path: "versions[2].effectiveFrom",
        message: "version 3 starts on 2027-01-01 as version 2 does: only one of them could ever apply. Give each version its own start date, or remove one",
      },
    ]);
  });

  it("refuses a second version for all history", () => {
    const file = fixture();
    file.versions.push({ ...file.versions[0] });
    const r = parseSettingsFile(file, { shopCurrency: "EUR" });
    expect(r.ok ? [] : r.errors).toEqual([
      {
        path: "versions[2].effectiveFrom",
        message: "version 3 applies to all history as version 1 does: only one of them could ever apply. Give each version its own start date, or remove one",
      },
    ]);
  });

  it("exports only the versions still in force somewhere, so the file imports with the same settings on every date", () => {
    const s = (perParcel: number) => ({ ...defaultCostSettings(), packaging: { perParcel } });
    let h: SettingsHistory = { currency: "EUR", timeZone: "Europe/Paris", versions: [{ effectiveFrom: null, savedAt: null, note: "v0", settings: s(10) }] };
    h = appendVersion(h, { effectiveFrom: "2026-03-01", savedAt: null, note: "v1", settings: s(11) });
    h = appendVersion(h, { effectiveFrom: "2026-05-01", savedAt: null, note: "v2", settings: s(12) });
    // Saved again from 1 March (a correction): v1 and v2 never apply any more.
    h = appendVersion(h, { effectiveFrom: "2026-03-01", savedAt: null, note: "v3", settings: s(13) });
    h = appendVersion(h, { effectiveFrom: "2026-08-01", savedAt: null, note: "v4", settings: s(14) });
    const exported = exportSettings(h);
    expect(exported.versions.map((v) => v.note)).toEqual(["v0", "v3", "v4"]);
    const back = parseSettingsFile(JSON.parse(JSON.stringify(exported)), { shopCurrency: "EUR" });
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    for (const at of ["2026-01-15T12:00:00Z", "2026-03-15T12:00:00Z", "2026-06-15T12:00:00Z", "2026-09-15T12:00:00Z"]) {
      expect(settingsInForce(back.value, at)).toEqual(settingsInForce(h, at));
    }
    // A later save for all history replaces everything before it.
    const all = appendVersion(h, { effectiveFrom: null, savedAt: null, note: "v5", settings: s(15) });
    expect(exportSettings(all).versions.map((v) => v.note)).toEqual(["v5"]);
  });
});
