import { TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

/** Grams as kilograms typed by a merchant: 1000 → "1", 250 → "0.25". */
function kgText(grams: number | null): string {
  return grams === null ? "" : String(grams / 1000);
}

/**
 * A weight edited in kg and kept in grams (the settings file and engine count whole grams).
 * What is typed stays as typed while it reads as the same weight; a text that is not a
 * number is passed on as is, for the server to name on this field.
 */
export function WeightField(props: {
  label: string;
  grams: number | null;
  /** Empty allowed (null): "no limit". */
  optional?: boolean;
  onGrams: (grams: number | null | string) => void;
  error?: string;
  helpText?: string;
}) {
  const [text, setText] = useState(() => kgText(props.grams));
  // Follow a change made elsewhere (a rule removed above this one, a discard).
  useEffect(() => {
    // A text that is not a weight was passed on as is: leave it for its error.
    if (props.grams !== null && typeof props.grams !== "number") return;
    const typed = text.trim() === "" ? null : Number(text.replace(",", "."));
    if (typed !== (props.grams === null ? null : props.grams / 1000)) setText(kgText(props.grams));
    // Only when the stored weight changes.
  }, [props.grams]);
  return (
    <TextField
      label={props.label}
      suffix="kg"
      inputMode="decimal"
      value={text}
      onChange={(v) => {
        setText(v);
        const t = v.trim().replace(",", ".");
        if (t === "") props.onGrams(props.optional ? null : "");
        else if (/^\d+(\.\d*)?$|^\.\d+$/.test(t)) props.onGrams(Math.round(Number(t) * 1000));
        else props.onGrams(v);
      }}
      autoComplete="off"
      error={props.error}
      helpText={props.helpText}
    />
  );
}
