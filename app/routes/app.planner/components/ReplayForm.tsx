import { Form } from "@remix-run/react";
import { Box, Button, Card, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";

import { formatPercent } from "~/components/format";

/** The replay's period (applied at once) and the basket-uplift share (applied with "Replay"). */
export function ReplayForm(props: {
  months: number;
  upliftPercent: number;
  choices: { months: readonly number[]; defaultUplift: number };
  loading: boolean;
  onMonths: (months: string) => void;
}) {
  const [uplift, setUplift] = useState(String(props.upliftPercent));
  return (
    <Card>
      <Form method="get">
        <InlineStack gap="400" blockAlign="end" wrap>
          <Box minWidth="180px">
            <Select
              label="Orders replayed"
              name="months"
              options={props.choices.months.map((m) => ({ label: `Last ${m} months`, value: String(m) }))}
              value={String(props.months)}
              onChange={props.onMonths}
            />
          </Box>
          <Box minWidth="220px">
            <TextField
              label="Customers who add an item to reach the threshold"
              name="uplift"
              type="number"
              min={0}
              max={100}
              suffix="%"
              autoComplete="off"
              value={uplift}
              onChange={setUplift}
              helpText={`Of the orders just below it. ${formatPercent(props.choices.defaultUplift)} is cautious; ${formatPercent(0)} ignores it.`}
            />
          </Box>
          <Button submit loading={props.loading}>
            Replay
          </Button>
        </InlineStack>
      </Form>
    </Card>
  );
}
