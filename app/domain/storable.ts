/**
 * The order's amounts and counts that storage writes, and its stored totals (net
 * revenue, units kept), within MAX_STORED_MINOR (INTEGER columns). A webhook body is
 * anyone's, and a bulk file's or a fetched order's amount can be as large as a shop
 * sells: one beyond it is refused naming where, instead of failing the write
 * (PostgreSQL refuses the whole batch) or storing what cannot be read back (SQLite).
 * The first offending place is named, with the REST payload's field names.
 */
import { formatDecimal, MAX_STORED_MINOR, unstorableAmount } from "./money";
import type { NormalisedOrder } from "./types";
import { formatPath, type Issue } from "./validation";

export function unstorableAmounts(o: NormalisedOrder): Issue[] {
  const c = o.currency;
  const amount = (path: string, n: number): Issue[] => {
    const why = unstorableAmount(n, c, formatDecimal(n, c));
    return why ? [{ path, message: why }] : [];
  };
  const count = (path: string, n: number): Issue[] =>
    Math.abs(n) > MAX_STORED_MINOR ? [{ path, message: `${n} units is more than NetMargin can store (at most ${MAX_STORED_MINOR})` }] : [];
  const sumAbs = (ns: number[]) => ns.reduce((s, n) => s + Math.abs(n), 0);
  const issues = [
    ...o.lines.flatMap((l, i) => {
      const at = formatPath(["line_items", i]);
      return [...count(at, l.quantity), ...count(at, l.currentQuantity), ...[l.netRevenueBeforeTax, l.discountBeforeTax, l.tax, l.unitPriceBeforeTax].flatMap((n) => amount(at, n))];
    }),
    ...o.shippingLines.flatMap((s, i) => [s.chargedBeforeTax, s.tax, s.refundedBeforeTax].flatMap((n) => amount(formatPath(["shipping_lines", i]), n))),
    ...o.transactions.flatMap((t, i) => [t.amount, t.feesActual ?? 0].flatMap((n) => amount(formatPath(["transactions", i]), n))),
    ...amount("refunds", o.refunds.lineItemsBeforeTax),
    ...amount("refunds", o.refunds.shippingBeforeTax),
    // The stored totals add the lines up: every line within the limit is not enough.
    ...amount("line_items", sumAbs([...o.lines.map((l) => l.netRevenueBeforeTax), ...o.shippingLines.flatMap((s) => [s.chargedBeforeTax, s.refundedBeforeTax])])),
    ...count("line_items", sumAbs(o.lines.map((l) => l.currentQuantity))),
  ];
  return issues.slice(0, 1);
}
