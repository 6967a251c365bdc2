import { BlockStack, Box, Card, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

import { whatIf, type CyclePeriodInput } from "~/domain/cash-cycle";
import type { MoneyFormat } from "~/domain/format";

const days = (d: number | null) => (d === null ? "—" : `${d.toFixed(1)} days`);
/** A lever's field as a whole number ≥ 0 (an empty or bad field counts as 0), capped at `max`. */
const lever = (text: string, max: number) => {
  const n = Number(text.trim() === "" ? "0" : text);
  return Number.isFinite(n) && n > 0 ? Math.min(max, Math.floor(n)) : 0;
};

/**
 * What-if levers on the month's cycle (app/domain/cash-cycle.ts whatIf, computed in the browser as
 * the merchant types): supplier terms longer, delivery and settlement shorter, less stock; the new
 * cycle and the cash each lever frees.
 */
export function WhatIfCard(props: { input: CyclePeriodInput; money: MoneyFormat; monthLabel: string }) {
  const [supplier, setSupplier] = useState("0");
  const [settlement, setSettlement] = useState("0");
  const [stock, setStock] = useState("0");
  const w = whatIf(props.input, { supplierDays: lever(supplier, 365), settlementDays: lever(settlement, 365), stockPercent: lever(stock, 100) });
  const bad = (text: string) => (text.trim() !== "" && !/^\d+$/.test(text.trim()) ? "Enter a whole number of 0 or more" : undefined);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What if…
        </Text>
        <Text as="p" tone="subdued">
          Try a change on {props.monthLabel}&apos;s numbers: the cycle and the cash it frees are worked out as you type.
        </Text>
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
          <TextField label="Longer supplier terms" suffix="days" type="number" min={0} value={supplier} onChange={setSupplier} autoComplete="off" error={bad(supplier)} helpText="Negotiate paying later." />
          <TextField label="Faster delivery or settlement" suffix="days" type="number" min={0} value={settlement} onChange={setSettlement} autoComplete="off" error={bad(settlement)} helpText="Ship sooner, or immediate payment methods." />
          <TextField label="Less stock" suffix="%" type="number" min={0} max={100} value={stock} onChange={setStock} autoComplete="off" error={bad(stock)} helpText="Stock held, at the same sales." />
        </InlineGrid>
        <Box background="bg-surface-secondary" padding="300" borderRadius="200">
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="baseline">
              <Text as="p" variant="headingMd" id="whatif-ccc">
                Cycle {days(w.after.ccc)}
              </Text>
              <Text as="p" tone="subdued">
                instead of {days(w.before.ccc)}
                {w.shorterBy !== null && w.shorterBy !== 0 ? ` (${Math.abs(w.shorterBy).toFixed(1)} days ${w.shorterBy > 0 ? "shorter" : "longer"})` : ""}
              </Text>
            </InlineStack>
            <Text as="p" id="whatif-freed">
              Cash freed: {props.money(w.freed.total)}
              {w.freed.total > 0 ? ` (suppliers ${props.money(w.freed.supplier)}, customers ${props.money(w.freed.settlement)}, stock ${props.money(w.freed.stock)})` : ""}
            </Text>
            <Text as="p" tone="subdued">
              Days in stock {days(w.after.dio)} · days to get paid {days(w.after.dso)} · days to pay suppliers {days(w.after.dpo)}
            </Text>
          </BlockStack>
        </Box>
      </BlockStack>
    </Card>
  );
}
