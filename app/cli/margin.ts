/**
 * NetMargin CLI: the margin breakdown of one order.
 *
 *   npm run --silent margin -- --order ORDER.json --settings SETTINGS.json \
 *     [--unit-costs UNIT_COSTS.json] [--shipping-costs COSTS.csv] \
 *     [--fixed-cost-share AMOUNT | --month-orders N] [--rounding half-even] [--now ISO]
 *
 * Prints the breakdown as JSON on stdout (exit 0). Bad input: exit 2 and one line
 * on stderr naming the file and the JSON path of the (first) problem.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  computeOrderMargin,
  emptyUnitCostHistory,
  isInstant,
  mulDiv,
  orderMarginToJson,
  parseDecimal,
  parseGraphqlOrder,
  parseSettingsFile,
  parseUnitCostsFile,
  ROUNDING_MODES,
  summariseIssues,
  versionInForceOn,
  localDate,
  marginContextFor,
  monthKey,
  type FixedCostInput,
  type Issue,
  type RoundingMode,
  type ShippingCostImport,
} from "~/domain/index";
import { parseShippingCostCsv } from "~/store/shipping-csv.server";

const USAGE =
  "usage: margin --order ORDER.json --settings SETTINGS.json [--unit-costs UNIT_COSTS.json] [--shipping-costs COSTS.csv] [--fixed-cost-share AMOUNT | --month-orders N] [--rounding half-even|half-up|floor|ceil] [--now ISO-INSTANT]";

class InputError extends Error {}

function fail(file: string | null, issues: readonly Issue[] | string): never {
  const text = typeof issues === "string" ? issues : summariseIssues(issues);
  throw new InputError(file === null ? text : `${file}: ${text}`);
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "read error";
    fail(file, `cannot read the file (${code})`);
  }
}

function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    fail(file, `invalid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
}

function run(argv: string[]): string {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        order: { type: "string" },
        settings: { type: "string" },
        "unit-costs": { type: "string" },
        "shipping-costs": { type: "string" },
        "fixed-cost-share": { type: "string" },
        "month-orders": { type: "string" },
        rounding: { type: "string" },
        now: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    fail(null, `${(e as Error).message.split("\n")[0]}\n${USAGE}`.replace(/\n/g, "; "));
  }
  const v = args.values;
  if (v.help) return USAGE;
  if (!v.order || !v.settings) fail(null, `--order and --settings are required; ${USAGE}`);
  if (v["fixed-cost-share"] !== undefined && v["month-orders"] !== undefined) {
    fail(null, "give --fixed-cost-share or --month-orders, not both");
  }
  const now = v.now ?? new Date().toISOString();
  if (!isInstant(now)) fail(null, `--now: expected an ISO 8601 instant such as 2026-11-22T10:00:00Z, got ${JSON.stringify(now)}`);
  let rounding: RoundingMode = "half-even";
  if (v.rounding !== undefined) {
    if (!(ROUNDING_MODES as readonly string[]).includes(v.rounding)) fail(null, `--rounding: expected one of ${ROUNDING_MODES.join(", ")}`);
    rounding = v.rounding as RoundingMode;
  }

  const parsedOrder = parseGraphqlOrder(readJson(v.order));
  if (!parsedOrder.ok) fail(v.order, parsedOrder.errors);
  const order = parsedOrder.order;

  const parsedSettings = parseSettingsFile(readJson(v.settings), { shopCurrency: order.currency });
  if (!parsedSettings.ok) fail(v.settings, parsedSettings.errors);
  const history = parsedSettings.value;
  const inForce = versionInForceOn(history, localDate(order.processedAt, history.timeZone));
  const settings = inForce.version.settings;

  let unitCosts = emptyUnitCostHistory(order.currency, history.timeZone);
  if (v["unit-costs"]) {
    const parsed = parseUnitCostsFile(readJson(v["unit-costs"]), { currency: order.currency, timeZone: history.timeZone });
    if (!parsed.ok) fail(v["unit-costs"], parsed.errors);
    unitCosts = parsed.value;
  }

  let shippingImport: ShippingCostImport | null = null;
  if (v["shipping-costs"]) {
    const parsed = parseShippingCostCsv(readText(v["shipping-costs"]), order.currency);
    if (!parsed.ok) fail(v["shipping-costs"], parsed.errors);
    shippingImport = parsed.value;
  }

  const month = monthKey(order.processedAt, history.timeZone);
  const monthlyTotal = settings.fixedCosts.items.reduce((s, i) => s + i.monthlyAmount, 0);
  let fixedCosts: FixedCostInput | null = null;
  if (v["fixed-cost-share"] !== undefined) {
    const p = parseDecimal(v["fixed-cost-share"], order.currency);
    if (!p.ok || p.value < 0) fail(null, `--fixed-cost-share: ${p.ok ? "cannot be negative" : p.error}`);
    fixedCosts = { amount: p.value, month };
  } else if (v["month-orders"] !== undefined) {
    const n = Number(v["month-orders"]);
    if (!Number.isSafeInteger(n) || n < 1) fail(null, "--month-orders: expected a whole number of orders ≥ 1");
    fixedCosts = { amount: mulDiv(monthlyTotal, 1, n, rounding), month, method: "orders" };
  }

  const margin = computeOrderMargin(
    order,
    marginContextFor(order, { settings: history, unitCosts, fixedCosts, shippingCosts: shippingImport, rounding }),
  );
  const output = {
    computedAt: now,
    settingsVersion: { index: inForce.index, effectiveFrom: inForce.version.effectiveFrom, note: inForce.version.note },
    rounding,
    ...orderMarginToJson(margin),
    warnings: parsedOrder.warnings.map((w) => `${v.order}: ${w.path}: ${w.message}`),
  };
  return JSON.stringify(output, null, 2);
}

try {
  process.stdout.write(`${run(process.argv.slice(2))}\n`);
} catch (e) {
  if (e instanceof InputError) {
    process.stderr.write(`margin: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`margin: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  }
}
