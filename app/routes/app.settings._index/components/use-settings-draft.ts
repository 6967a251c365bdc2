/**
 * The settings form's draft: the settings as edited, percent fields kept as typed
 * text, the payload a save or preview posts, and whether it differs from what was
 * loaded or last saved.
 */
import { useMemo, useState } from "react";

import type { CostSettingsJson } from "~/domain/settings";

/** Percent fields edited as text (the server names a bad one rather than the form dropping it). */
export interface PercentDrafts {
  missing: string;
  returns: string;
  fraud: string;
  spoilage: string;
  thin: string;
  heavy: string;
  defaultFee: string;
  /** The yearly rate on stock value (stock carrying cost). */
  capital: string;
}

/** Stock health thresholds edited as text, in whole days. */
export type DayDrafts = Record<keyof CostSettingsJson["stockHealth"], string>;

/** Changes the draft in place on a copy. */
export type UpdateDraft = (fn: (draft: CostSettingsJson) => void) => void;

/** The props every form section takes. */
export interface SectionProps {
  s: CostSettingsJson;
  update: UpdateDraft;
  /** The field error at a path under `settings.`. */
  err: (path: string) => string | undefined;
  currency: string;
}

/** A saved percentage as the field shows it: one decimal ("10.0", "2.5"), more only when it has them ("1.45"). */
export function percentText(n: number): string {
  return Math.abs(Math.round(n * 10) - n * 10) < 1e-9 ? n.toFixed(1) : String(n);
}

/** Percent fields are sent as numbers when they are numbers (the server names bad ones). */
const pct = (v: string): number | string => (v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v);

function dayTexts(h: CostSettingsJson["stockHealth"]): DayDrafts {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)])) as DayDrafts;
}

function dayValues(d: DayDrafts): Record<string, number | string> {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, pct(v)]));
}

/** The payload the loaded settings would post (to tell unsaved changes). */
function loadedPayload(s: CostSettingsJson) {
  return {
    ...s,
    costOfGoods: { missingCost: s.costOfGoods.missingCost.mode === "exclude" ? { mode: "exclude" } : { mode: "percentOfPrice", percent: s.costOfGoods.missingCost.percent } },
    paymentFees: { gateways: s.paymentFees.gateways, default: s.paymentFees.default },
    provisions: s.provisions,
    thresholds: s.thresholds,
  };
}

export function useSettingsDraft(loaded: CostSettingsJson) {
  const [s, setS] = useState<CostSettingsJson>(loaded);
  const [pcts, setPcts] = useState<PercentDrafts>(() => ({
    missing: loaded.costOfGoods.missingCost.mode === "percentOfPrice" ? percentText(loaded.costOfGoods.missingCost.percent) : "50.0",
    returns: percentText(loaded.provisions.returnsPercent),
    fraud: percentText(loaded.provisions.fraudPercent),
    spoilage: percentText(loaded.provisions.spoilagePercent),
    thin: percentText(loaded.thresholds.thinMarginPercent),
    heavy: percentText(loaded.thresholds.shippingHeavyPercent),
    defaultFee: percentText(loaded.paymentFees.default.percent),
    capital: percentText(loaded.carrying.capitalAnnualPercent),
  }));
  const [days, setDays] = useState<DayDrafts>(() => dayTexts(loaded.stockHealth));
  const [gatewayPcts, setGatewayPcts] = useState(() => loaded.paymentFees.gateways.map((g) => percentText(g.percent)));
  const payload = useMemo(
    () => ({
      ...s,
      costOfGoods: { missingCost: s.costOfGoods.missingCost.mode === "exclude" ? { mode: "exclude" } : { mode: "percentOfPrice", percent: pct(pcts.missing) } },
      paymentFees: { gateways: s.paymentFees.gateways.map((g, i) => ({ ...g, percent: pct(gatewayPcts[i] ?? "") })), default: { ...s.paymentFees.default, percent: pct(pcts.defaultFee) } },
      provisions: { returnsPercent: pct(pcts.returns), fraudPercent: pct(pcts.fraud), spoilagePercent: pct(pcts.spoilage) },
      thresholds: { thinMarginPercent: pct(pcts.thin), shippingHeavyPercent: pct(pcts.heavy) },
      carrying: { ...s.carrying, capitalAnnualPercent: pct(pcts.capital) },
      stockHealth: dayValues(days),
    }),
    [s, pcts, gatewayPcts, days],
  );
  const [baseline, setBaseline] = useState(() => JSON.stringify(loadedPayload(loaded)));
  const update: UpdateDraft = (fn) =>
    setS((prev) => {
      const next = structuredClone(prev);
      fn(next);
      return next;
    });
  return {
    s,
    update,
    pcts,
    setPct: (key: keyof PercentDrafts, value: string) => setPcts({ ...pcts, [key]: value }),
    gatewayPcts,
    setGatewayPcts,
    days,
    setDay: (key: keyof DayDrafts, value: string) => setDays({ ...days, [key]: value }),
    payload,
    dirty: JSON.stringify(payload) !== baseline,
    /** The draft as it is now was saved. */
    markSaved: () => setBaseline(JSON.stringify(payload)),
  };
}
