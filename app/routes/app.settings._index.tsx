import type { LoaderFunctionArgs } from "@remix-run/node";
import { useBlocker, useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, ChoiceList, DataTable, FormLayout, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";

import { showToast } from "~/components/feedback";
import db from "~/db.server";
import { formatDecimal } from "~/domain/money";
import { costSettingsToJson, versionInForceOn, type CostSettingsJson } from "~/domain/settings";
import { localDate } from "~/domain/time";
import type { SettingsPreview } from "~/margins/preview.server";
import { loadSettingsHistory, shopFacts } from "~/store/cost-settings.server";
import { authenticate } from "~/shopify.server";

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
type SaveResponse = { errors?: { path: string; message: string }[]; versions?: number };
type PreviewResponse = { errors?: { path: string; message: string }[]; preview?: SettingsPreview };

/** Percent fields are edited as text and sent as numbers when they are numbers (the server names bad ones). */
const pct = (v: string): number | string => (v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v);

export default function Settings() {
  const loaded = useLoaderData<typeof loader>();
  const fetcher = useFetcher<SaveResponse>();
  const previewFetcher = useFetcher<PreviewResponse>();
  const [s, setS] = useState<CostSettingsJson>(loaded.settings);
  const [pcts, setPcts] = useState(() => ({
    missing: loaded.settings.costOfGoods.missingCost.mode === "percentOfPrice" ? String(loaded.settings.costOfGoods.missingCost.percent) : "50",
    returns: String(loaded.settings.provisions.returnsPercent),
    fraud: String(loaded.settings.provisions.fraudPercent),
    spoilage: String(loaded.settings.provisions.spoilagePercent),
    thin: String(loaded.settings.thresholds.thinMarginPercent),
    heavy: String(loaded.settings.thresholds.shippingHeavyPercent),
    defaultFee: String(loaded.settings.paymentFees.default.percent),
  }));
  const [gatewayPcts, setGatewayPcts] = useState(() => loaded.settings.paymentFees.gateways.map((g) => String(g.percent)));
  const [scope, setScope] = useState<"all" | "from">("all");
  const [from, setFrom] = useState("");
  const [saved, setSaved] = useState(0);

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
  const [baseline, setBaseline] = useState(() => JSON.stringify(loadedPayload(loaded.settings)));
  const dirty = JSON.stringify(payload) !== baseline;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  const draftKey = JSON.stringify([payload, scope, from]);
  const [previewedKey, setPreviewedKey] = useState<string | null>(null);
  const previewCurrent = previewedKey === draftKey && previewFetcher.state === "idle";
  const preview = previewCurrent ? (previewFetcher.data?.preview ?? null) : null;
  // Field errors from the last save, or from a preview of the draft as it is now (same validation).
  const errors: Errors = useMemo(
    () => Object.fromEntries([...(previewCurrent ? (previewFetcher.data?.errors ?? []) : []), ...(fetcher.data?.errors ?? [])].map((e) => [e.path, e.message])),
    [fetcher.data, previewFetcher.data, previewCurrent],
  );
  const runPreview = () => {
    setPreviewedKey(draftKey);
    previewFetcher.submit(JSON.stringify({ intent: "preview", settings: payload, effectiveFrom: scope === "all" ? null : from }), {
      method: "post",
      action: "/app/settings/data",
      encType: "application/json",
    });
  };
  const err = (path: string) => errors[`settings.${path}`];

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.versions) {
      setBaseline(JSON.stringify(payload));
      setSaved((n) => n + 1);
      showToast("Settings saved: margins are being recomputed");
    }
    // Only when a save comes back: `payload` is then what was saved.
  }, [fetcher.state, fetcher.data]);

  const save = () =>
    fetcher.submit(JSON.stringify({ intent: "save", settings: payload, effectiveFrom: scope === "all" ? null : from }), {
      method: "post",
      action: "/app/settings/data",
      encType: "application/json",
    });
  const update = (fn: (draft: CostSettingsJson) => void) =>
    setS((prev) => {
      const next = structuredClone(prev);
      fn(next);
      return next;
    });
  const cur = loaded.currency;
  const errorCount = Object.keys(errors).length;

  // Shopify's contextual save bar, when App Bridge runs (inside the admin); the page's own
  // banner with Save / Discard stays for the offline demo, where App Bridge cannot load.
  const [appBridge, setAppBridge] = useState(false);
  useEffect(() => setAppBridge(typeof window !== "undefined" && "shopify" in window), []);

  return (
    <Page title="Cost settings" subtitle={`Amounts in ${cur}; dates in ${loaded.timeZone}`} primaryAction={{ content: "Save", onAction: save, loading: fetcher.state !== "idle", disabled: !dirty }}>
      {appBridge && (
        <SaveBar id="netmargin-settings-save-bar" open={dirty}>
          <button variant="primary" onClick={save} {...(fetcher.state !== "idle" ? { loading: "" } : {})}>
            Save
          </button>
          <button onClick={() => window.location.reload()}>Discard</button>
        </SaveBar>
      )}
      <Layout>
        {dirty && (
          <Layout.Section>
            <Banner tone="warning" title="Unsaved changes">
              <InlineStack gap="200">
                <Button variant="primary" onClick={save} loading={fetcher.state !== "idle"}>
                  Save
                </Button>
                <Button onClick={runPreview} loading={previewFetcher.state !== "idle"}>
                  Preview on the last 30 days
                </Button>
                <Button onClick={() => window.location.reload()}>Discard</Button>
              </InlineStack>
            </Banner>
          </Layout.Section>
        )}
        {dirty && preview && <PreviewCard preview={preview} locale={loaded.locale} />}
        {blocker.state === "blocked" && (
          <Layout.Section>
            <Banner tone="critical" title="Leave without saving?">
              <InlineStack gap="200">
                <Button onClick={() => blocker.proceed?.()}>Leave</Button>
                <Button variant="primary" onClick={() => blocker.reset?.()}>
                  Stay
                </Button>
              </InlineStack>
            </Banner>
          </Layout.Section>
        )}
        {errorCount > 0 && (
          <Layout.Section>
            <Banner tone="critical" title={`Nothing was saved: ${errorCount} field${errorCount > 1 ? "s" : ""} to fix`}>
              <p>Each field with a problem says what it expects.</p>
            </Banner>
          </Layout.Section>
        )}
        {saved > 0 && !dirty && errorCount === 0 && (
          <Layout.Section>
            <Banner tone="success" title="Settings saved">
              <p>Margins are being recomputed for the orders the change applies to.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.AnnotatedSection title="When it applies" description="A change can apply to every order, or to orders from a date on (earlier orders keep the costs of their time).">
          <Card>
            <FormLayout>
              <ChoiceList
                title="Apply to"
                choices={[
                  { label: "All orders, past and future", value: "all" },
                  { label: "Orders from a date on", value: "from" },
                ]}
                selected={[scope]}
                onChange={(v) => setScope(v[0] as "all" | "from")}
              />
              {scope === "from" && <TextField label="From" type="date" value={from} onChange={setFrom} autoComplete="off" error={errors.effectiveFrom} />}
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Cost of goods" description="Shopify's unit cost per variant by default. Lines whose cost is unknown are never counted as free.">
          <Card>
            <FormLayout>
              <Select
                label="When a unit cost is missing"
                options={[
                  { label: "Leave the line out of margins and flag it", value: "exclude" },
                  { label: "Estimate it as a share of the price", value: "percentOfPrice" },
                ]}
                value={s.costOfGoods.missingCost.mode}
                onChange={(v) => update((d) => (d.costOfGoods.missingCost = v === "exclude" ? { mode: "exclude" } : { mode: "percentOfPrice", percent: 50 }))}
              />
              {s.costOfGoods.missingCost.mode === "percentOfPrice" && (
                <TextField label="Estimated cost (% of price)" value={pcts.missing} onChange={(v) => setPcts({ ...pcts, missing: v })} suffix="%" autoComplete="off" error={err("costOfGoods.missingCost.percent")} />
              )}
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Shipping paid to carriers" description="Rules are tried in order; the first that matches the destination, parcel weight and service sets the cost.">
          <Card>
            <BlockStack gap="400">
              {s.shipping.rules.map((r, i) => (
                <Box key={i} padding="300" borderColor="border" borderWidth="025" borderRadius="200">
                  <FormLayout>
                    <InlineGrid columns={2} gap="300">
                      <TextField label="Rule name" value={r.name} onChange={(v) => update((d) => (d.shipping.rules[i]!.name = v))} autoComplete="off" error={err(`shipping.rules.${i}.name`)} />
                      <TextField label={`Cost (${cur})`} value={r.cost} onChange={(v) => update((d) => (d.shipping.rules[i]!.cost = v))} autoComplete="off" error={err(`shipping.rules.${i}.cost`)} />
                      <TextField
                        label="Countries (codes, comma-separated; empty = any)"
                        value={(r.countries ?? []).join(", ")}
                        onChange={(v) => update((d) => (d.shipping.rules[i]!.countries = v.trim() === "" ? null : v.split(",").map((c) => c.trim().toUpperCase()).filter(Boolean)))}
                        autoComplete="off"
                        error={err(`shipping.rules.${i}.countries`)}
                      />
                      <TextField
                        label="Services (shipping line titles or codes; empty = any)"
                        value={(r.services ?? []).join(", ")}
                        onChange={(v) => update((d) => (d.shipping.rules[i]!.services = v.trim() === "" ? null : v.split(",").map((c) => c.trim()).filter(Boolean)))}
                        autoComplete="off"
                        error={err(`shipping.rules.${i}.services`)}
                      />
                      <TextField label="From weight (g)" type="number" value={String(r.minWeightGrams)} onChange={(v) => update((d) => (d.shipping.rules[i]!.minWeightGrams = Number(v)))} autoComplete="off" error={err(`shipping.rules.${i}.minWeightGrams`)} />
                      <TextField
                        label="Up to weight (g, excluded; empty = no limit)"
                        type="number"
                        value={r.maxWeightGrams === null ? "" : String(r.maxWeightGrams)}
                        onChange={(v) => update((d) => (d.shipping.rules[i]!.maxWeightGrams = v === "" ? null : Number(v)))}
                        autoComplete="off"
                        error={err(`shipping.rules.${i}.maxWeightGrams`)}
                      />
                    </InlineGrid>
                    <Button variant="plain" tone="critical" onClick={() => update((d) => d.shipping.rules.splice(i, 1))}>
                      Remove rule
                    </Button>
                  </FormLayout>
                </Box>
              ))}
              <InlineStack>
                <Button onClick={() => update((d) => d.shipping.rules.push({ name: "New rule", countries: null, minWeightGrams: 0, maxWeightGrams: null, services: null, cost: "0" }))}>Add rule</Button>
              </InlineStack>
              <InlineGrid columns={2} gap="300">
                <TextField label={`Default cost when no rule matches (${cur})`} value={s.shipping.defaultCost} onChange={(v) => update((d) => (d.shipping.defaultCost = v))} autoComplete="off" error={err("shipping.defaultCost")} />
                <TextField label="Packaging weight per parcel (g)" type="number" value={String(s.shipping.packagingWeightGrams)} onChange={(v) => update((d) => (d.shipping.packagingWeightGrams = Number(v)))} autoComplete="off" error={err("shipping.packagingWeightGrams")} />
              </InlineGrid>
              <TextField
                label="When Shopify hides the destination, price the parcel as going to (country code)"
                value={s.shipping.unknownDestinationCountry ?? ""}
                onChange={(v) => update((d) => (d.shipping.unknownDestinationCountry = v.trim() === "" ? null : v.trim()))}
                placeholder="e.g. FR"
                helpText="Shopify shares addresses only with apps approved for protected customer data. Until NetMargin is, orders arrive without a destination: the rules for this country are used for them. Empty: only rules for any destination, else the default cost."
                autoComplete="off"
                error={err("shipping.unknownDestinationCountry")}
              />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Packaging and labour" description="Boxes and fillers per parcel; pick-and-pack time per order and per item.">
          <Card>
            <InlineGrid columns={3} gap="300">
              <TextField label={`Packaging per parcel (${cur})`} value={s.packaging.perParcel} onChange={(v) => update((d) => (d.packaging.perParcel = v))} autoComplete="off" error={err("packaging.perParcel")} />
              <TextField label={`Labour per order (${cur})`} value={s.labour.perOrder} onChange={(v) => update((d) => (d.labour.perOrder = v))} autoComplete="off" error={err("labour.perOrder")} />
              <TextField label={`Labour per item (${cur})`} value={s.labour.perItem} onChange={(v) => update((d) => (d.labour.perItem = v))} autoComplete="off" error={err("labour.perItem")} />
            </InlineGrid>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Payment fees" description="A percentage of what the customer paid (tax and shipping included) plus a fixed amount per payment. Shopify Payments' actual fees are used when Shopify reports them.">
          <Card>
            <BlockStack gap="300">
              {s.paymentFees.gateways.map((g, i) => (
                <InlineGrid key={i} columns={4} gap="300" alignItems="end">
                  <TextField label="Gateway" value={g.gateway} onChange={(v) => update((d) => (d.paymentFees.gateways[i]!.gateway = v))} autoComplete="off" error={err(`paymentFees.gateways.${i}.gateway`)} />
                  <TextField label="Percent" suffix="%" value={gatewayPcts[i] ?? ""} onChange={(v) => setGatewayPcts(gatewayPcts.map((p, j) => (j === i ? v : p)))} autoComplete="off" error={err(`paymentFees.gateways.${i}.percent`)} />
                  <TextField label={`Fixed (${cur})`} value={g.fixed} onChange={(v) => update((d) => (d.paymentFees.gateways[i]!.fixed = v))} autoComplete="off" error={err(`paymentFees.gateways.${i}.fixed`)} />
                  <Button
                    tone="critical"
                    variant="plain"
                    onClick={() => {
                      update((d) => d.paymentFees.gateways.splice(i, 1));
                      setGatewayPcts(gatewayPcts.filter((_, j) => j !== i));
                    }}
                  >
                    Remove
                  </Button>
                </InlineGrid>
              ))}
              <InlineStack>
                <Button
                  onClick={() => {
                    update((d) => d.paymentFees.gateways.push({ gateway: "", percent: 0, fixed: "0" }));
                    setGatewayPcts([...gatewayPcts, "0"]);
                  }}
                >
                  Add gateway
                </Button>
              </InlineStack>
              <InlineGrid columns={2} gap="300">
                <TextField label="Other gateways: percent" suffix="%" value={pcts.defaultFee} onChange={(v) => setPcts({ ...pcts, defaultFee: v })} autoComplete="off" error={err("paymentFees.default.percent")} />
                <TextField label={`Other gateways: fixed (${cur})`} value={s.paymentFees.default.fixed} onChange={(v) => update((d) => (d.paymentFees.default.fixed = v))} autoComplete="off" error={err("paymentFees.default.fixed")} />
              </InlineGrid>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Fixed costs" description="Monthly amounts (hosting, apps, rent…) spread over the month's orders.">
          <Card>
            <BlockStack gap="300">
              <Select
                label="Spread by"
                options={[
                  { label: "Order count", value: "orders" },
                  { label: "Item count", value: "items" },
                  { label: "Share of revenue", value: "revenue" },
                ]}
                value={s.fixedCosts.allocation}
                onChange={(v) => update((d) => (d.fixedCosts.allocation = v as CostSettingsJson["fixedCosts"]["allocation"]))}
              />
              {s.fixedCosts.items.map((it, i) => (
                <InlineGrid key={i} columns={3} gap="300" alignItems="end">
                  <TextField label="Name" value={it.name} onChange={(v) => update((d) => (d.fixedCosts.items[i]!.name = v))} autoComplete="off" error={err(`fixedCosts.items.${i}.name`)} />
                  <TextField label={`Per month (${cur})`} value={it.monthlyAmount} onChange={(v) => update((d) => (d.fixedCosts.items[i]!.monthlyAmount = v))} autoComplete="off" error={err(`fixedCosts.items.${i}.monthlyAmount`)} />
                  <Button tone="critical" variant="plain" onClick={() => update((d) => d.fixedCosts.items.splice(i, 1))}>
                    Remove
                  </Button>
                </InlineGrid>
              ))}
              <InlineStack>
                <Button onClick={() => update((d) => d.fixedCosts.items.push({ name: "", monthlyAmount: "0" }))}>Add fixed cost</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Provisions and flags" description="Provisions are shares of net revenue set aside; thresholds decide the THIN and SHIPPING_HEAVY flags.">
          <Card>
            <InlineGrid columns={3} gap="300">
              <TextField label="Returns" suffix="%" value={pcts.returns} onChange={(v) => setPcts({ ...pcts, returns: v })} autoComplete="off" error={err("provisions.returnsPercent")} />
              <TextField label="Fraud and chargebacks" suffix="%" value={pcts.fraud} onChange={(v) => setPcts({ ...pcts, fraud: v })} autoComplete="off" error={err("provisions.fraudPercent")} />
              <TextField label="Spoilage and markdown" suffix="%" value={pcts.spoilage} onChange={(v) => setPcts({ ...pcts, spoilage: v })} autoComplete="off" error={err("provisions.spoilagePercent")} />
              <TextField label="Thin margin below" suffix="%" value={pcts.thin} onChange={(v) => setPcts({ ...pcts, thin: v })} autoComplete="off" error={err("thresholds.thinMarginPercent")} />
              <TextField label="Shipping-heavy above" suffix="% of revenue" value={pcts.heavy} onChange={(v) => setPcts({ ...pcts, heavy: v })} autoComplete="off" error={err("thresholds.shippingHeavyPercent")} />
            </InlineGrid>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Actual shipping costs"
          description="A carrier invoice or 3PL export as CSV, one row per parcel: order name or id, amount. These amounts replace the rules for their orders."
        >
          <ShippingImport currency={loaded.currency} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Settings file"
          description="Every saved version as JSON: the format the command-line tool reads (README). Importing replaces the history and recomputes the margins."
        >
          <SettingsFile />
        </Layout.AnnotatedSection>
        <Layout.Section>
          <Text as="p" tone="subdued">
            These are the settings in force on {loaded.today}. {loaded.versions.length} saved version{loaded.versions.length > 1 ? "s" : ""}
            {loaded.versions.some((v) => v.effectiveFrom !== null && v.effectiveFrom > loaded.today) ? ", including one that starts later" : ""}.
          </Text>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type ImportResponse = { errors?: { path: string; message: string }[]; rows?: number; matchedOrders?: number; unmatched?: string[] };

/** Upload of actual shipping costs: the file is read in the browser and posted as text. */
function ShippingImport({ currency }: { currency: string }) {
  const fetcher = useFetcher<ImportResponse>();
  const [csv, setCsv] = useState("");
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const errors = fetcher.data?.errors ?? [];
  return (
    <Card>
      <BlockStack gap="300">
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="Shipping costs CSV file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void file.text().then(setCsv);
          }}
        />
        <TextField label={`Or paste the rows (order,amount in ${currency})`} value={csv} onChange={setCsv} multiline={4} autoComplete="off" placeholder={"order,amount\n#1001,6.55"} />
        <ChoiceList
          title="Existing imported costs"
          choices={[
            { label: "Keep them; rows for the same orders replace theirs", value: "merge" },
            { label: "Replace them all with this file", value: "replace" },
          ]}
          selected={[mode]}
          onChange={(v) => setMode(v[0] as "merge" | "replace")}
        />
        <InlineStack>
          <Button
            disabled={csv.trim() === ""}
            loading={fetcher.state !== "idle"}
            onClick={() => fetcher.submit(JSON.stringify({ intent: "import-shipping", csv, mode }), { method: "post", action: "/app/settings/costs", encType: "application/json" })}
          >
            Import shipping costs
          </Button>
        </InlineStack>
        {errors.length > 0 && (
          <Banner tone="critical" title={`Nothing was imported: ${errors.length} row${errors.length > 1 ? "s" : ""} to fix`}>
            <ul>
              {errors.slice(0, 50).map((e) => (
                <li key={`${e.path}-${e.message}`}>
                  {e.path.replace(/^csv /, "")}: {e.message}
                </li>
              ))}
            </ul>
          </Banner>
        )}
        {fetcher.data?.rows !== undefined && (
          <Banner tone="success" title={`${fetcher.data.rows} order${fetcher.data.rows === 1 ? "" : "s"} imported`}>
            <p>
              {fetcher.data.matchedOrders} matched orders in NetMargin; their margins are being recomputed.
              {fetcher.data.unmatched && fetcher.data.unmatched.length > 0 ? ` Not found yet: ${fetcher.data.unmatched.map((k) => k.replace(/^\w+:/, "")).join(", ")}.` : ""}
            </p>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
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

/** What the drafted change does to the last 30 days (before saving). */
function PreviewCard({ preview, locale }: { preview: SettingsPreview; locale: string }) {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: preview.currency });
  const money = (minor: number) => format.format(formatDecimal(minor, preview.currency) as unknown as number);
  const signed = (minor: number) => `${minor > 0 ? "+" : ""}${money(minor)}`;
  const pctOf = (m: number, r: number) => (r > 0 ? `${((m / r) * 100).toFixed(1)} %` : "—");
  const { current: a, draft: b } = preview;
  const steps: [string, number, number][] = [
    ["Cost of goods", a.costs.costOfGoods, b.costs.costOfGoods],
    ["Shipping", a.costs.shipping, b.costs.shipping],
    ["Packaging", a.costs.packaging, b.costs.packaging],
    ["Labour", a.costs.labour, b.costs.labour],
    ["Payment fees", a.costs.paymentFees, b.costs.paymentFees],
    ["Fixed costs", a.costs.fixedCosts, b.costs.fixedCosts],
    ["Provisions", a.costs.provisions, b.costs.provisions],
  ];
  const delta = b.netMargin - a.netMargin;
  return (
    <Layout.Section>
      <Banner tone={delta < 0 ? "warning" : "info"} title={`Last 30 days' net margin: ${money(a.netMargin)} now, ${money(b.netMargin)} with these settings (${signed(delta)})`}>
        <BlockStack gap="200">
          <Text as="p">
            {a.orders.toLocaleString(locale)} orders from {preview.window.from} to {preview.window.to} (end excluded). Margin {pctOf(a.netMargin, a.netRevenue)} → {pctOf(b.netMargin, b.netRevenue)}; loss-making
            orders {a.lossOrders.toLocaleString(locale)} → {b.lossOrders.toLocaleString(locale)}. Nothing is saved yet.
          </Text>
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric"]}
            headings={["Cost", "Now", "With these settings", "Change"]}
            rows={steps.filter(([, x, y]) => x !== 0 || y !== 0).map(([label, x, y]) => [label, money(x), money(y), signed(y - x)])}
          />
        </BlockStack>
      </Banner>
    </Layout.Section>
  );
}

/**
 * Export (downloaded through fetch: inside the admin, App Bridge adds the session
 * token to the app's own fetches, which a plain link would not carry) and import of
 * the settings file. An import is checked field by field on the server; a bad file
 * changes nothing and each problem is listed.
 */
function SettingsFile() {
  const fetcher = useFetcher<{ errors?: { path: string; message: string }[]; versions?: number }>();
  const [problem, setProblem] = useState<string | null>(null);
  const exportFile = async () => {
    setProblem(null);
    try {
      const response = await fetch("/app/settings/data");
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(await response.json(), null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = "netmargin-cost-settings.json";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setProblem(`The export failed: ${error instanceof Error ? error.message : String(error)}.`);
    }
  };
  const importFile = async (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setProblem(`${file.name} is not a JSON file.`);
      return;
    }
    fetcher.submit(JSON.stringify({ intent: "import", file: parsed }), { method: "post", action: "/app/settings/data", encType: "application/json" });
  };
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.versions) showToast("Settings imported: margins are being recomputed");
  }, [fetcher.state, fetcher.data]);
  const errors = fetcher.data?.errors ?? [];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="300" blockAlign="center">
          <Button onClick={() => void exportFile()}>Export settings (JSON)</Button>
          <label>
            <Text as="span" variant="bodyMd">
              Import a settings file:{" "}
            </Text>
            <input type="file" accept="application/json,.json" aria-label="Import a settings file" onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
          </label>
        </InlineStack>
        {problem ? <Banner tone="critical" title={problem} /> : null}
        {fetcher.state === "idle" && errors.length > 0 ? (
          <Banner tone="critical" title={`Nothing was imported: ${errors.length} problem${errors.length > 1 ? "s" : ""} in the file`}>
            <ul>
              {errors.slice(0, 20).map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  {e.path ? `${e.path}: ` : ""}
                  {e.message}
                </li>
              ))}
            </ul>
          </Banner>
        ) : null}
        {fetcher.state === "idle" && fetcher.data?.versions ? (
          <Banner tone="success" title={`Imported: ${fetcher.data.versions} version${fetcher.data.versions > 1 ? "s" : ""}`}>
            <p>Reload the page to edit the imported settings. Margins are being recomputed.</p>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}
