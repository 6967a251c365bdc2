import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";
import { formatDate, type MoneyFormat } from "~/components/format";
import { parseTypedDate, typedDateExample } from "~/domain/typed-date";

type SaveResponse = { errors?: { path: string; message: string }[]; saved?: boolean };

/** The bank balance at a date, entered (and updated) by the merchant: it anchors the cash line. */
export function OpeningBalanceForm(props: { opening: { date: string; amount: number } | null; today: string; currency: string; money: MoneyFormat; locale: string }) {
  const fetcher = useFetcher<SaveResponse>();
  // Typed the admin's way ("8 Dec 2026", or day/month/year in the admin's order), like every date field of the app.
  const [date, setDate] = useState(formatDate(props.opening?.date ?? props.today, props.locale));
  const [dateError, setDateError] = useState<string | null>(null);
  const [amount, setAmount] = useState("");
  const errors = Object.fromEntries((fetcher.state === "idle" ? (fetcher.data?.errors ?? []) : []).map((e) => [e.path, e.message]));
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.saved) {
      showToast("Bank balance saved");
      setAmount("");
    }
  }, [fetcher.state, fetcher.data]);
  const save = () => {
    const typed = parseTypedDate(date, props.locale);
    if (!typed.ok) {
      setDateError(`Date: ${typed.message}`);
      return;
    }
    setDateError(null);
    fetcher.submit(JSON.stringify({ intent: "balance", date: typed.iso, amount }), { method: "post", action: "/app/cash", encType: "application/json" });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Bank balance
        </Text>
        <Text as="p" tone="subdued">
          {props.opening
            ? `${props.money(props.opening.amount)} on ${formatDate(props.opening.date, props.locale)}. Enter a newer balance whenever you want: the latest one anchors your cash line.`
            : "Enter what your business bank account held at the start of a day: NetMargin adds the cash that came in and went out since."}
        </Text>
        <FormLayout>
          <FormLayout.Group>
            <TextField label="Date" value={date} onChange={setDate} autoComplete="off" error={dateError ?? errors.date} placeholder={`e.g. ${typedDateExample(props.locale)}`} />
            <TextField label={`Balance (${props.currency})`} value={amount} onChange={setAmount} autoComplete="off" error={errors.amount} placeholder="12500.00" inputMode="decimal" />
          </FormLayout.Group>
        </FormLayout>
        <InlineStack align="end">
          <Button variant="primary" loading={fetcher.state !== "idle"} onClick={save}>
            Save balance
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
