/**
 * NetMargin's block on Shopify's product page (admin.product-details.block.render,
 * API 2026-10, Preact + Polaris web components). It asks the app for the
 * product's last 90 days (the admin adds the session token to fetches to the
 * app's URL) and shows net margin, margin %, net revenue, units and the flags,
 * with a link into NetMargin's product page. The data logic is in ./view.ts.
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";

import { blockView, endpointFor, parseResponse, type BlockView } from "./view";

export default async () => {
  render(<Extension />, document.body);
};

async function load(productId: string): Promise<BlockView> {
  try {
    const response = await fetch(endpointFor(productId));
    if (!response.ok) return blockView({ ok: false, error: `the app answered ${response.status}` });
    return blockView(parseResponse(await response.json()));
  } catch (error) {
    return blockView({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}

function Extension() {
  const productId = shopify.data.selected[0]?.id ?? null;
  const [view, setView] = useState<BlockView | null>(null);
  useEffect(() => {
    if (productId === null) setView(blockView({ ok: false, error: "no product selected" }));
    else void load(productId).then(setView);
  }, [productId]);

  if (view === null) {
    return (
      <s-admin-block heading="Net margin (NetMargin)">
        <s-spinner accessibilityLabel="Loading the product's net margin" />
      </s-admin-block>
    );
  }
  return (
    <s-admin-block heading="Net margin (NetMargin)" collapsedSummary={view.summary}>
      <s-stack gap="base">
        {view.kind === "error" ? (
          <s-banner tone="critical">{view.summary}</s-banner>
        ) : view.kind === "no-sales" ? (
          <s-paragraph>{view.summary}</s-paragraph>
        ) : (
          <s-stack gap="small-200">
            {view.rows.map((r) => (
              <s-stack key={r.label} direction="inline" gap="base" justifyContent="space-between">
                <s-text color="subdued">{r.label}</s-text>
                <s-text type="strong">{r.value}</s-text>
              </s-stack>
            ))}
          </s-stack>
        )}
        {view.badges.length > 0 ? (
          <s-stack direction="inline" gap="small-200">
            {view.badges.map((b) => (
              <s-badge key={b.label} tone={b.tone}>
                {b.label}
              </s-badge>
            ))}
          </s-stack>
        ) : null}
        {view.badges.map((b) => (
          <s-paragraph key={`${b.label}-reason`} color="subdued">
            {b.reason}
          </s-paragraph>
        ))}
        {view.href ? <s-link href={view.href}>Open in NetMargin</s-link> : null}
      </s-stack>
    </s-admin-block>
  );
}
