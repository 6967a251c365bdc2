import { Banner, Text } from "@shopify/polaris";

/**
 * Home before the shop's first stock health (issue 18): "Fix these first" lists dead stock and
 * overstock only once the `stock-health` job has worked them out, so until then Home says why
 * none are listed and when they will be, rather than showing nothing.
 */
export function StockHealthNote({ state }: { state: "ready" | "computing" | "waiting-for-stock" | null }) {
  if (state === null || state === "ready") return null;
  return (
    <Banner tone="info" title={state === "computing" ? "Working out your stock health" : "Stock health comes after your stock import"}>
      <Text as="p">
        {state === "computing"
          ? "NetMargin is working out how long your stock will last and which items are dead stock or overstock. This usually takes a few minutes after your stock levels are imported; they will then appear in Fix these first and on the Stock page."
          : "Once your stock levels are imported from Shopify, NetMargin works out how long your stock will last and which items are dead stock or overstock, and lists them in Fix these first."}
      </Text>
    </Banner>
  );
}
