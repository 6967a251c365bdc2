import { TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

/** "FR, BE" → ["FR", "BE"]; empty → null ("any"). */
function parseList(text: string, normalise: (item: string) => string): string[] | null {
  return text.trim() === "" ? null : text.split(",").map((c) => normalise(c.trim())).filter(Boolean);
}

const same = (a: readonly string[] | null, b: readonly string[] | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A comma-separated list kept as typed (a trailing ", " stays while the next item is typed),
 * stored as a list, or null when empty.
 */
export function ListField(props: {
  label: string;
  list: readonly string[] | null;
  normalise?: (item: string) => string;
  onList: (list: string[] | null) => void;
  error?: string;
  helpText?: string;
}) {
  const normalise = props.normalise ?? ((x: string) => x);
  const [text, setText] = useState(() => (props.list ?? []).join(", "));
  useEffect(() => {
    // Follow a change made elsewhere (a rule removed above this one).
    if (!same(parseList(text, normalise), props.list)) setText((props.list ?? []).join(", "));
    // Only when the stored list changes.
  }, [props.list]);
  return (
    <TextField
      label={props.label}
      value={text}
      onChange={(v) => {
        setText(v);
        props.onList(parseList(v, normalise));
      }}
      autoComplete="off"
      error={props.error}
      helpText={props.helpText}
    />
  );
}
