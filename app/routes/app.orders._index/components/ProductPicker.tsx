import { useFetcher } from "@remix-run/react";
import { Autocomplete } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { SEARCH_DEBOUNCE_MS } from "~/components/ListControls";
import type { ProductChoice } from "~/services/orders-view.server";

/**
 * The orders list's product filter: a searchable list of the store's products (by title, read
 * from /app/orders/products as the merchant types); picking one shows only the orders holding it.
 */
export function ProductPicker(props: { selected: string | null; selectedTitle: string | null; onSelect: (id: string) => void }) {
  const fetcher = useFetcher<{ products: ProductChoice[] }>();
  const [text, setText] = useState("");
  // The first choices when the filter opens, then those matching what was typed, after a pause.
  useEffect(() => {
    const timer = setTimeout(() => fetcher.load(`/app/orders/products?q=${encodeURIComponent(text)}`), text === "" ? 0 : SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const products = fetcher.data?.products ?? [];
  const options = products.map((p) => ({ value: p.id, label: p.title }));
  return (
    <Autocomplete
      options={options}
      selected={props.selected ? [props.selected] : []}
      loading={fetcher.state === "loading"}
      emptyState={fetcher.state === "idle" && fetcher.data ? <p>No product's title holds “{text}”.</p> : undefined}
      onSelect={(ids) => {
        const id = ids[0];
        if (id) props.onSelect(id);
      }}
      textField={
        <Autocomplete.TextField
          label="Product"
          labelHidden
          autoComplete="off"
          placeholder={props.selectedTitle ?? "Search products by title"}
          value={text}
          onChange={setText}
        />
      }
    />
  );
}
