import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";
import { formatDate, type MoneyFormat } from "~/components/format";

type SaveResponse = { errors?: { path: string; message: string }[]; saved?: boolean };

/** The bank balance at a date, entered (and updated) by the merchant: it anchors the cash line. */
export function OpeningBalanceForm(props: { opening: { date: string; amount: number } | null; today: string; currency: string; money: MoneyFormat; locale: string }) {
  const fetcher = useFetcher<SaveResponse>();
  const [date, setDate] = useState(props.opening?.date ?? props.today);
  const [amount, setAmount] = useState("");
  const errors = Object.fromEntries((fetcher.state === "idle" ? (fetcher.data?.errors ?? []) : []).map((e) => [e.path, e.message]));
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.saved) {
      showToast("Bank balance saved");
      setAmount("");
    }
  }, [fetcher.state, fetcher.data]);
  const save = () => fetcher.submit(JSON.stringify({ intent: "balance", date, amount }), { method: "post", action: "/app/cash", encType: "application/json" });
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
            <TextField label="Date" type="date" value={date} onChange={setDate} autoComplete="off" error={errors.date} max={props.today} />
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
