import type { LoaderFunctionArgs } from "@remix-run/node";
import { useBlocker, useFetcher, useLoaderData } from "@remix-run/react";
import { Box, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useMemo, useRef, useState } from "react";

import { showToast } from "~/components/feedback";
import { formatDate } from "~/components/format";
import db from "~/db.server";
import { costSettingsToJson, versionInForceOn } from "~/domain/settings";
import { localDate } from "~/domain/time";
import type { SettingsPreview } from "~/margins/preview.server";
import { loadSettingsHistory, shopFacts } from "~/store/cost-settings.server";
import { authenticate } from "~/shopify.server";

import { ApplyScopeSection, type ApplyScope } from "./components/ApplyScopeSection";
import { CostOfGoodsSection } from "./components/CostOfGoodsSection";
import { AppSaveBar, DraftBanners } from "./components/DraftBanners";
import { FixedCostsSection } from "./components/FixedCostsSection";
import { PackagingLabourSection } from "./components/PackagingLabourSection";
import { PaymentFeesSection } from "./components/PaymentFeesSection";
import { PreviewCard } from "./components/PreviewCard";
import { ProvisionsSection } from "./components/ProvisionsSection";
import { SettingsFile } from "./components/SettingsFile";
import { ShippingImport } from "./components/ShippingImport";
import { ShippingSection } from "./components/ShippingSection";
import { StockCarryingSection } from "./components/StockCarryingSection";
import { StockHealthSection } from "./components/StockHealthSection";
import { useSettingsDraft } from "./components/use-settings-draft";

/**
 * Cost settings as forms grouped by kind. Saving posts the whole settings to
 * /app/settings/data (validated on the server: every field error comes back with
 * its path and is shown on its field; nothing is saved unless all are valid).
 * Unsaved changes are kept from being lost by leaving the page.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const facts = await shopFacts(db, session.shop);
  const history = await loadSettingsHistory(db, session.shop, facts);
  // The form starts from the settings in force today (a later dated version may exist).
  const today = localDate(new Date().toISOString(), facts.timeZone);
  const { version } = versionInForceOn(history, today);
  return {
    currency: facts.currency,
    timeZone: facts.timeZone,
    today,
    settings: costSettingsToJson(version.settings, facts.currency),
    versions: history.versions.map((v) => ({ effectiveFrom: v.effectiveFrom, savedAt: v.savedAt, note: v.note })),
    locale: new URL(request.url).searchParams.get("locale") ?? "en",
  };
};

type Errors = Record<string, string>;

/** "settings.shipping.rules[0].cost" → "settings.shipping.rules.0.cost", the key its field asks for. */
function fieldKey(path: string): string {
  return path.replace(/\[(\d+)\]/g, ".$1");
}
type SaveResponse = { errors?: { path: string; message: string }[]; versions?: number };
type PreviewResponse = { errors?: { path: string; message: string }[]; preview?: SettingsPreview };

export default function Settings() {
  const loaded = useLoaderData<typeof loader>();
  const fetcher = useFetcher<SaveResponse>();
  const previewFetcher = useFetcher<PreviewResponse>();
  const draft = useSettingsDraft(loaded.settings);
  const { payload, dirty } = draft;
  const [scope, setScope] = useState<ApplyScope>("all");
  const [from, setFrom] = useState("");
  const [saved, setSaved] = useState(0);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  const draftKey = JSON.stringify([payload, scope, from]);
  const [previewedKey, setPreviewedKey] = useState<string | null>(null);
  const previewCurrent = previewedKey === draftKey && previewFetcher.state === "idle";
  const preview = previewCurrent ? (previewFetcher.data?.preview ?? null) : null;
  // Field errors from the last save, or from a preview of the draft as it is now (same validation).
  // The server names list items "rules[0]"; the fields are keyed "rules.0" (left apart, an emptied rule cost was counted, never shown).
  const errors: Errors = useMemo(
    () => Object.fromEntries([...(previewCurrent ? (previewFetcher.data?.errors ?? []) : []), ...(fetcher.data?.errors ?? [])].map((e) => [fieldKey(e.path), e.message])),
    [fetcher.data, previewFetcher.data, previewCurrent],
  );
  const post = (f: typeof fetcher | typeof previewFetcher, intent: "save" | "preview") =>
    f.submit(JSON.stringify({ intent, settings: payload, effectiveFrom: scope === "all" ? null : from }), {
      method: "post",
      action: "/app/settings/data",
      encType: "application/json",
    });
  const runPreview = () => {
    setPreviewedKey(draftKey);
    post(previewFetcher, "preview");
  };
  const save = () => post(fetcher, "save");
  // The fields asked for their error in this render: an error no field shows is listed in the banner instead.
  const shown = useRef(new Set<string>(["effectiveFrom"]));
  shown.current = new Set(["effectiveFrom"]);
  const err = (path: string) => {
    shown.current.add(`settings.${path}`);
    return errors[`settings.${path}`];
  };
  const [unplaced, setUnplaced] = useState<string[]>([]);
  useEffect(() => {
    // After the sections rendered (and asked for their errors).
    setUnplaced(Object.entries(errors).flatMap(([path, message]) => (shown.current.has(path) ? [] : [message])));
  }, [errors]);
  useEffect(() => {
    // A save refused: bring the first field to fix into view (the banner counts them at the top).
    if (fetcher.state !== "idle" || !fetcher.data?.errors?.length) return;
    const first = document.querySelector<HTMLElement>('.Polaris-Page [aria-invalid="true"]');
    first?.scrollIntoView({ block: "center" });
    first?.focus({ preventScroll: true });
  }, [fetcher.state, fetcher.data]);

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.versions) {
      draft.markSaved();
      setSaved((n) => n + 1);
      showToast("Settings saved: margins are being recomputed");
    }
    // Only when a save comes back: the draft is then what was saved.
  }, [fetcher.state, fetcher.data]);

  const section = { s: draft.s, update: draft.update, err, currency: loaded.currency };

  return (
    <Page title="Cost settings" subtitle={`Amounts in ${loaded.currency}; dates in ${loaded.timeZone}`} primaryAction={{ content: "Save", onAction: save, loading: fetcher.state !== "idle", disabled: !dirty }}>
      <AppSaveBar open={dirty} saving={fetcher.state !== "idle"} onSave={save} />
      {/* Polaris's Page has no side padding below 490 px: the sections' titles and cards would touch the screen's edges on a phone. */}
      <Box paddingInlineStart={{ xs: "400", sm: "0" }} paddingInlineEnd={{ xs: "400", sm: "0" }} paddingBlockEnd="800">
      <Layout>
        <DraftBanners
          dirty={dirty}
          saving={fetcher.state !== "idle"}
          previewing={previewFetcher.state !== "idle"}
          onSave={save}
          onPreview={runPreview}
          preview={preview && <PreviewCard preview={preview} locale={loaded.locale} />}
          blocker={blocker}
          errorCount={Object.keys(errors).length}
          unplacedErrors={unplaced}
          saved={saved > 0}
        />
        <ApplyScopeSection scope={scope} onScope={setScope} from={from} onFrom={setFrom} error={errors.effectiveFrom} />
        <CostOfGoodsSection {...section} missingPercent={draft.pcts.missing} onMissingPercent={(v) => draft.setPct("missing", v)} />
        <ShippingSection {...section} />
        <PackagingLabourSection {...section} />
        <PaymentFeesSection
          {...section}
          gatewayPcts={draft.gatewayPcts}
          setGatewayPcts={draft.setGatewayPcts}
          defaultPercent={draft.pcts.defaultFee}
          onDefaultPercent={(v) => draft.setPct("defaultFee", v)}
        />
        <FixedCostsSection {...section} />
        <StockCarryingSection {...section} capital={draft.pcts.capital} onCapital={(v) => draft.setPct("capital", v)} />
        <ProvisionsSection pcts={draft.pcts} setPct={draft.setPct} err={err} />
        <StockHealthSection days={draft.days} setDay={draft.setDay} err={err} />
        <Layout.AnnotatedSection
          title="Actual shipping costs"
          description="A carrier invoice or 3PL export as CSV, one row per parcel: order name or id, amount. These amounts replace the rules for their orders."
        >
          <ShippingImport currency={loaded.currency} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Settings file"
          description="Every saved version of your settings in one file, to keep a copy or move them to another store. Importing a file replaces the saved versions and recomputes the margins."
        >
          <SettingsFile />
        </Layout.AnnotatedSection>
        <Layout.Section>
          <Text as="p" tone="subdued">
            These are the settings in force on {formatDate(loaded.today, loaded.locale)}. {loaded.versions.length} saved version{loaded.versions.length > 1 ? "s" : ""}
            {loaded.versions.some((v) => v.effectiveFrom !== null && v.effectiveFrom > loaded.today) ? ", including one that starts later" : ""}.
          </Text>
        </Layout.Section>
      </Layout>
      </Box>
    </Page>
  );
}
