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
}

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

/** Percent fields are sent as numbers when they are numbers (the server names bad ones). */
const pct = (v: string): number | string => (v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v);

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
    missing: loaded.costOfGoods.missingCost.mode === "percentOfPrice" ? String(loaded.costOfGoods.missingCost.percent) : "50",
    returns: String(loaded.provisions.returnsPercent),
    fraud: String(loaded.provisions.fraudPercent),
    spoilage: String(loaded.provisions.spoilagePercent),
    thin: String(loaded.thresholds.thinMarginPercent),
    heavy: String(loaded.thresholds.shippingHeavyPercent),
    defaultFee: String(loaded.paymentFees.default.percent),
  }));
  const [gatewayPcts, setGatewayPcts] = useState(() => loaded.paymentFees.gateways.map((g) => String(g.percent)));
  const payload = useMemo(
    () => ({
      ...s,
      costOfGoods: { missingCost: s.costOfGoods.missingCost.mode === "exclude" ? { mode: "exclude" } : { mode: "percentOfPrice", percent: pct(pcts.missing) } },
      paymentFees: { gateways: s.paymentFees.gateways.map((g, i) => ({ ...g, percent: pct(gatewayPcts[i] ?? "") })), default: { ...s.paymentFees.default, percent: pct(pcts.defaultFee) } },
      provisions: { returnsPercent: pct(pcts.returns), fraudPercent: pct(pcts.fraud), spoilagePercent: pct(pcts.spoilage) },
      thresholds: { thinMarginPercent: pct(pcts.thin), shippingHeavyPercent: pct(pcts.heavy) },
    }),
    [s, pcts, gatewayPcts],
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
    payload,
    dirty: JSON.stringify(payload) !== baseline,
    /** The draft as it is now was saved. */
    markSaved: () => setBaseline(JSON.stringify(payload)),
  };
}
