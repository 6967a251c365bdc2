/**
 * The shop's cost settings in the database: the versioned history the engine reads
 * (app/domain/settings.ts). Saving validates first and writes nothing when any
 * field is wrong (every error comes back at once, with its path); an import
 * replaces the whole history in one transaction. Scoped to one shop.
 */
import type { PrismaClient } from "@prisma/client";

import {
  appendVersion,
  costSettingsToJson,
  defaultSettingsHistory,
  exportSettings,
  parseCostSettings,
  parseSettingsFile,
  recomputeScope,
  versionInForceOn,
  type CostSettings,
  type RecomputeScope,
  type SettingsFile,
  type SettingsHistory,
  type SettingsVersion,
} from "~/domain/settings";
import { isCurrencyCode, type CurrencyCode } from "~/domain/money";
import { isLocalDate, localDate, startOfLocalDate } from "~/domain/time";
import type { Issue } from "~/domain/validation";
import { ALL_HISTORY, markMarginsDirty } from "./dirty.server";

export interface ShopFacts {
  currency: CurrencyCode;
  timeZone: string;
}

/** The shop's currency and time zone, as recorded at install. */
export async function shopFacts(db: Pick<PrismaClient, "shop">, shop: string): Promise<ShopFacts> {
  const row = await db.shop.findUnique({ where: { shop }, select: { currencyCode: true, ianaTimezone: true } });
  if (!row || !isCurrencyCode(row.currencyCode)) throw new Error(`${shop}: the shop currency is not known yet (install not finished)`);
  return { currency: row.currencyCode, timeZone: row.ianaTimezone ?? "UTC" };
}

/** The history the engine uses; the defaults (one version for all history) when nothing was saved. */
export async function loadSettingsHistory(db: Pick<PrismaClient, "costSettingsVersion">, shop: string, facts: ShopFacts): Promise<SettingsHistory> {
  const rows = await db.costSettingsVersion.findMany({ where: { shop }, orderBy: { position: "asc" } });
  if (rows.length === 0) return defaultSettingsHistory(facts.currency, facts.timeZone);
  const versions: SettingsVersion[] = rows.map((r) => {
    const parsed = parseCostSettings(JSON.parse(r.settings) as unknown, facts.currency);
    // Rows are validated before they are written; a failure here is a bug or a currency change.
    if (!parsed.ok) throw new Error(`${shop}: stored settings version ${r.position} is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
    return { effectiveFrom: r.effectiveFrom, savedAt: r.savedAt.toISOString(), note: r.note, settings: parsed.value };
  });
  return { currency: facts.currency, timeZone: facts.timeZone, versions };
}

export type SaveResult = { ok: true; history: SettingsHistory; scope: RecomputeScope } | { ok: false; errors: Issue[] };

/**
 * A version as the settings form submits it (the JSON format, amounts as decimal
 * strings; `effectiveFrom` a shop-local date or null), checked field by field: every
 * error at once, paths prefixed as the form names them.
 */
export function parseSettingsVersion(
  input: { settings: unknown; effectiveFrom: unknown; note?: unknown },
  facts: ShopFacts,
  now: Date,
): { ok: true; version: SettingsVersion } | { ok: false; errors: Issue[] } {
  const errors: Issue[] = [];
  const parsed = parseCostSettings(input.settings, facts.currency);
  if (!parsed.ok) errors.push(...parsed.errors.map((e) => ({ ...e, path: e.path ? `settings.${e.path}` : "settings" })));
  const effectiveFrom = input.effectiveFrom === null || input.effectiveFrom === undefined || input.effectiveFrom === "" ? null : input.effectiveFrom;
  if (effectiveFrom !== null && !isLocalDate(effectiveFrom)) {
    errors.push({ path: "effectiveFrom", message: "expected a date YYYY-MM-DD, or nothing to apply to all history" });
  }
  const note = input.note === undefined || input.note === null || input.note === "" ? null : input.note;
  if (note !== null && (typeof note !== "string" || note.length > 500)) errors.push({ path: "note", message: "expected text of at most 500 characters" });
  if (errors.length > 0 || !parsed.ok) return { ok: false, errors };
  return { ok: true, version: { effectiveFrom: effectiveFrom as string | null, savedAt: now.toISOString(), note: note as string | null, settings: parsed.value } };
}

/**
 * Saves a new version (as the settings form submits it: the JSON format, amounts
 * as decimal strings). `effectiveFrom`: a shop-local date, or null for all history.
 * Nothing is written unless every field is valid.
 */
export async function saveSettingsVersion(
  db: PrismaClient,
  shop: string,
  input: { settings: unknown; effectiveFrom: unknown; note?: unknown },
  now: Date = new Date(),
): Promise<SaveResult> {
  const facts = await shopFacts(db, shop);
  const parsed = parseSettingsVersion(input, facts, now);
  if (!parsed.ok) return parsed;
  const version = parsed.version;
  const history = await db.$transaction(async (tx) => {
    const current = await loadSettingsHistory(tx, shop, facts);
    const stored = await tx.costSettingsVersion.count({ where: { shop } });
    // The first save of a shop also records the defaults it replaces, so history stays complete.
    if (stored === 0) await tx.costSettingsVersion.create({ data: row(shop, 0, current.versions[0]!, facts.currency) });
    const next = appendVersion(current, version);
    await tx.costSettingsVersion.create({ data: row(shop, next.versions.length - 1, version, facts.currency) });
    await markMarginsDirty(tx, shop, [{ since: sinceOf(version.effectiveFrom, facts.timeZone), until: null, reason: "settings" }], now);
    return next;
  });
  return { ok: true, history, scope: recomputeScope(version) };
}

/** Orders a version applies to start at its date's first instant in the shop's zone (all history when undated). */
function sinceOf(effectiveFrom: string | null, timeZone: string): Date {
  return effectiveFrom === null ? ALL_HISTORY : new Date(startOfLocalDate(effectiveFrom, timeZone));
}

function row(shop: string, position: number, v: SettingsVersion, currency: CurrencyCode) {
  return {
    shop,
    position,
    effectiveFrom: v.effectiveFrom,
    savedAt: v.savedAt ? new Date(v.savedAt) : new Date(0),
    note: v.note,
    settings: JSON.stringify(costSettingsToJson(v.settings, currency)),
  };
}

/** The export file (the format the CLI reads). */
export async function exportSettingsFile(db: PrismaClient, shop: string): Promise<SettingsFile> {
  return exportSettings(await loadSettingsHistory(db, shop, await shopFacts(db, shop)));
}

/** Replaces the whole history with an imported file; nothing changes unless the file is valid and in the shop's currency. */
export async function importSettingsFile(db: PrismaClient, shop: string, raw: unknown): Promise<SaveResult> {
  const facts = await shopFacts(db, shop);
  const parsed = parseSettingsFile(raw, { shopCurrency: facts.currency });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const history: SettingsHistory = { ...parsed.value, timeZone: facts.timeZone };
  await db.$transaction([
    db.costSettingsVersion.deleteMany({ where: { shop } }),
    db.costSettingsVersion.createMany({ data: history.versions.map((v, i) => row(shop, i, v, facts.currency)) }),
    db.marginDirty.create({ data: { shop, since: ALL_HISTORY, until: null, reason: "settings", markedAt: new Date() } }),
  ]);
  return { ok: true, history, scope: { kind: "all" } };
}

/** The settings in force today in the shop's time zone (a later dated version may already be saved). */
export function settingsToday(history: SettingsHistory, now: Date = new Date()): CostSettings {
  return versionInForceOn(history, localDate(now.toISOString(), history.timeZone)).version.settings;
}

