/**
 * Money in integer minor units of an ISO 4217 currency.
 *
 * - An amount is a JavaScript `number` holding a *safe integer* of minor units
 *   (cents for EUR/USD, yen for JPY, fils for KWD). Safe integers reach
 *   9 007 199 254 740 991 minor units (90 trillion EUR), far beyond any shop; they
 *   serialise to JSON and SQL as plain numbers, which bigint does not. Where a
 *   product of two amounts could leave the safe range (amount × rate numerator,
 *   total × weight) the arithmetic below switches to bigint for that step only.
 * - Shopify's decimal strings ("12.5", "-3.10", "1250.0") are parsed with string
 *   arithmetic, never through floats.
 * - Rounding is an argument (`RoundingMode`, default round-half-even) and happens
 *   once per cost line, in `applyRate` / `mulDiv`.
 *
 * Pure module: no imports, no I/O, no clock.
 */

export type CurrencyCode = string;

export interface Money {
  /** Safe integer of minor units. */
  readonly amount: number;
  /** ISO 4217 code, upper case ("EUR", "JPY"). */
  readonly currency: CurrencyCode;
}

// ---------------------------------------------------------------------------
// Currencies
// ---------------------------------------------------------------------------

/** ISO 4217 currencies without minor unit. */
const ZERO_DECIMAL: ReadonlySet<string> = new Set([
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
]);
/** ISO 4217 currencies with three minor digits. */
const THREE_DECIMAL: ReadonlySet<string> = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** True for a syntactically valid ISO 4217 code (three upper-case letters). */
export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === "string" && CURRENCY_CODE.test(code);
}

/** Number of minor-unit digits (ISO 4217 exponent): 0 for JPY, 3 for KWD, 2 otherwise. */
export function currencyExponent(code: CurrencyCode): 0 | 2 | 3 {
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

// ---------------------------------------------------------------------------
// Construction and guards
// ---------------------------------------------------------------------------

export class CurrencyMismatchError extends Error {
  constructor(a: CurrencyCode, b: CurrencyCode) {
    super(`currency mismatch: ${a} vs ${b}`);
    this.name = "CurrencyMismatchError";
  }
}

function assertMinor(amount: number, what = "amount"): void {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`${what} must be a safe integer of minor units, got ${amount}`);
  }
}

/** Builds a Money; throws (a bug) when the amount is not a safe integer or the code is malformed. */
export function money(amount: number, currency: CurrencyCode): Money {
  assertMinor(amount);
  if (!isCurrencyCode(currency)) throw new RangeError(`invalid currency code ${JSON.stringify(currency)}`);
  return { amount: amount === 0 ? 0 : amount, currency };
}

export function zero(currency: CurrencyCode): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

function checkedSum(x: number, y: number): number {
  const s = x + y;
  if (!Number.isSafeInteger(s)) throw new RangeError(`money overflow: ${x} + ${y}`);
  return s;
}

/** a + b; throws CurrencyMismatchError when the currencies differ. */
export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(checkedSum(a.amount, b.amount), a.currency);
}

/** a − b; throws CurrencyMismatchError when the currencies differ. */
export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(checkedSum(a.amount, -b.amount), a.currency);
}

/** Sum of amounts in one currency (zero for an empty list). */
export function sumMoney(items: readonly Money[], currency: CurrencyCode): Money {
  let total = 0;
  for (const m of items) {
    if (m.currency !== currency) throw new CurrencyMismatchError(currency, m.currency);
    total = checkedSum(total, m.amount);
  }
  return money(total, currency);
}

/** Sum of plain minor-unit integers, overflow-checked. */
/** x + y in minor units; throws when the sum leaves the safe-integer range (as `sumMinor`). */
export function addMinor(x: number, y: number): number {
  return checkedSum(x, y);
}

export function sumMinor(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total = checkedSum(total, v);
  return total;
}

// ---------------------------------------------------------------------------
// Decimal strings ↔ minor units
// ---------------------------------------------------------------------------

export type DecimalParse = { ok: true; value: number } | { ok: false; error: string };

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string such as Shopify's `MoneyV2.amount` ("12.5", "-3.10",
 * "1250.0") into minor units of `currency`, exactly (string arithmetic).
 * Extra fractional digits are accepted only when they are zeros ("1250.0" JPY,
 * "12.500" EUR); "12.345" EUR is an error, never silently rounded.
 */
export function parseDecimal(text: string, currency: CurrencyCode): DecimalParse {
  const m = DECIMAL.exec(text.trim());
  if (!m) return { ok: false, error: `${JSON.stringify(text)} is not a decimal amount` };
  const exponent = currencyExponent(currency);
  const fraction = m[3] ?? "";
  if (fraction.length > exponent && /[1-9]/.test(fraction.slice(exponent))) {
    return {
      ok: false,
      error: `${text} has more decimals than ${currency} allows (${exponent})`,
    };
  }
  const digits = (m[2] ?? "0") + fraction.slice(0, exponent).padEnd(exponent, "0");
  // Up to 15 digits are exact in a double: no BigInt needed (the common case, and a hot path in sync).
  if (digits.length <= 15) {
    const small = Number(digits);
    return { ok: true, value: m[1] === "-" && small !== 0 ? -small : small };
  }
  const big = BigInt(digits);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: `${text} is too large` };
  const value = Number(big);
  return { ok: true, value: m[1] === "-" && value !== 0 ? -value : value };
}

/** Like `parseDecimal` but throws; for values already validated (e.g. by a zod schema). */
export function parseDecimalOrThrow(text: string, currency: CurrencyCode): number {
  const r = parseDecimal(text, currency);
  if (!r.ok) throw new RangeError(r.error);
  return r.value;
}

/**
 * The largest amount, in minor units either way of zero, a stored money column holds
 * (INTEGER on PostgreSQL, Prisma Int): 21474836.47 EUR. An amount beyond it cannot be
 * stored (PostgreSQL refuses the write; SQLite stores it, but it cannot be read back).
 */
export const MAX_STORED_MINOR = 2_147_483_647;

/** Why `amount` (minor units of `currency`) cannot be stored, in the merchant's words; null when it can. */
export function unstorableAmount(amount: number, currency: CurrencyCode, text: string): string | null {
  if (Math.abs(amount) <= MAX_STORED_MINOR) return null;
  return `${text} ${currency} is more than NetMargin can store for one amount (at most ${formatDecimal(MAX_STORED_MINOR, currency)} ${currency})`;
}

/** Formats minor units as a fixed decimal string with the currency's digits: "12.50", "-0.05", JPY "1250". */
export function formatDecimal(amount: number, currency: CurrencyCode): string {
  assertMinor(amount);
  const exponent = currencyExponent(currency);
  const sign = amount < 0 ? "-" : "";
  const abs = String(Math.abs(amount)).padStart(exponent + 1, "0");
  if (exponent === 0) return `${sign}${abs}`;
  return `${sign}${abs.slice(0, abs.length - exponent)}.${abs.slice(abs.length - exponent)}`;
}

/** "12.50 EUR": for messages a merchant reads. */
export function formatMoney(m: Money): string {
  return `${formatDecimal(m.amount, m.currency)} ${m.currency}`;
}

// ---------------------------------------------------------------------------
// Rates and rounding
// ---------------------------------------------------------------------------

export const ROUNDING_MODES = ["half-even", "half-up", "floor", "ceil"] as const;
/**
 * - half-even: ties go to the even neighbour (banker's rounding), the default;
 * - half-up: ties go away from zero;
 * - floor / ceil: toward −∞ / +∞.
 */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** A non-negative rational rate num/den (den > 0), e.g. 2.9 % = 29/1000. */
export interface Rate {
  readonly num: number;
  readonly den: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export function rate(num: number, den: number): Rate {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0 || num < 0) {
    throw new RangeError(`invalid rate ${num}/${den}`);
  }
  const g = gcd(num, den) || 1;
  return { num: num / g, den: den / g };
}

export const ZERO_RATE: Rate = { num: 0, den: 1 };

export function basisPoints(bp: number): Rate {
  return rate(bp, 10_000);
}

/**
 * The exact rational of a decimal written in base 10: "0.2" → 1/5, "2.9" → 29/10.
 * Numbers are read through `String(n)`, the shortest representation that
 * round-trips, i.e. what the merchant typed (2.9 → "2.9"), never 2.8999….
 */
export function decimalToRate(value: number | string): Rate {
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`invalid non-negative decimal ${JSON.stringify(value)}`);
  const fraction = m[2] ?? "";
  if (fraction.length > 15) throw new RangeError(`too many decimals in ${text}`);
  const num = Number(BigInt((m[1] ?? "0") + fraction));
  if (!Number.isSafeInteger(num)) throw new RangeError(`decimal too large: ${text}`);
  return rate(num, 10 ** fraction.length);
}

const percentCache = new Map<number | string, Rate>();

/** A percentage as a rate: 2.9 → 29/1000. (Memoised: settings reuse a handful of percentages.) */
export function percentRate(percent: number | string): Rate {
  const hit = percentCache.get(percent);
  if (hit) return hit;
  const r = decimalToRate(percent);
  const out = rate(r.num, r.den * 100);
  if (percentCache.size > 10_000) percentCache.clear();
  percentCache.set(percent, out);
  return out;
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`invalid non-negative number ${n}`);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e-7 and friends: expand exactly from the exponent form.
  const [mant = "0", expText = "0"] = s.toLowerCase().split("e");
  const exp = Number(expText);
  const [intPart = "0", fracPart = ""] = mant.split(".");
  const digits = intPart + fracPart;
  const point = intPart.length + exp;
  if (point <= 0) return `0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + "0".repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Adds two rates exactly. */
export function addRates(a: Rate, b: Rate): Rate {
  return rate(a.num * b.den + b.num * a.den, a.den * b.den);
}

function roundQuotient(q: bigint, r: bigint, d: bigint, negative: boolean, mode: RoundingMode): bigint {
  // q, r, d ≥ 0 describe |x| = q + r/d; the sign is applied by the caller.
  if (r === 0n) return q;
  switch (mode) {
    case "floor":
      return negative ? q + 1n : q;
    case "ceil":
      return negative ? q : q + 1n;
    case "half-up":
      return 2n * r >= d ? q + 1n : q;
    case "half-even": {
      const twice = 2n * r;
      if (twice > d) return q + 1n;
      if (twice < d) return q;
      return q % 2n === 0n ? q : q + 1n;
    }
  }
}

/** Number version of `roundQuotient`: 1 when |x| = q + r/d must round away from q, else 0. */
function roundUp(q: number, r: number, d: number, negative: boolean, mode: RoundingMode): number {
  if (r === 0) return 0;
  switch (mode) {
    case "floor":
      return negative ? 1 : 0;
    case "ceil":
      return negative ? 0 : 1;
    case "half-up":
      return 2 * r >= d ? 1 : 0;
    case "half-even":
      return 2 * r > d || (2 * r === d && q % 2 !== 0) ? 1 : 0;
  }
}

/**
 * round(a × b / c) with the given rounding mode, exactly. a, b are safe integers,
 * c a positive safe integer; the result must be a safe integer.
 */
export function mulDiv(a: number, b: number, c: number, mode: RoundingMode = "half-even"): number {
  assertMinor(a, "mulDiv a");
  assertMinor(b, "mulDiv b");
  if (!Number.isSafeInteger(c) || c <= 0) throw new RangeError(`mulDiv divisor must be a positive safe integer, got ${c}`);
  const product = a * b;
  if (Number.isSafeInteger(product)) {
    const negative = product < 0;
    const abs = Math.abs(product);
    let q = Math.floor(abs / c);
    let r = abs - q * c;
    if (r < 0) {
      q -= 1;
      r += c;
    } else if (r >= c) {
      q += 1;
      r -= c;
    }
    const rounded = q + roundUp(q, r, c, negative, mode);
    return negative ? -rounded || 0 : rounded;
  }
  const big = BigInt(a) * BigInt(b);
  const negative = big < 0n;
  const abs = negative ? -big : big;
  const d = BigInt(c);
  const rounded = roundQuotient(abs / d, abs % d, d, negative, mode);
  const out = Number(negative ? -rounded : rounded);
  assertMinor(out, "mulDiv result");
  return out;
}

/** amount × rate, rounded once (default round-half-even). */
export function applyRate(amount: number, r: Rate, mode: RoundingMode = "half-even"): number {
  return mulDiv(amount, r.num, r.den, mode);
}

// ---------------------------------------------------------------------------
// Allocation
// ---------------------------------------------------------------------------

function validWeights(weights: readonly number[]): void {
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new RangeError(`allocation weights must be non-negative safe integers, got ${w}`);
    }
  }
}

/**
 * Splits `total` minor units over `weights` proportionally, exactly: the parts
 * always sum to `total`.
 *
 * - Largest remainder (Hamilton): every part gets floor(|total| × w / W), the
 *   leftover units go one each to the largest remainders; ties go to the lower
 *   index. Deterministic, and each part is within one unit of its exact share.
 * - Negative totals are split as −allocate(−total), so signs are symmetric.
 * - Weights are non-negative safe integers (grams, minor units, unit counts).
 *   When they sum to 0, the first fallback vector with a positive sum is used,
 *   and when there is none the total is split equally over all positions.
 * - An empty weight list can hold only a zero total (anything else is a bug).
 */
export function allocate(total: number, weights: readonly number[], ...fallbacks: (readonly number[])[]): number[] {
  // Plain loops, no closures or spread copies: a recompute calls this ~10 times per order.
  assertMinor(total, "allocation total");
  const n = weights.length;
  if (n === 0) {
    if (total !== 0) throw new RangeError(`cannot allocate ${total} over no weights`);
    return [];
  }
  validWeights(weights);
  // One part takes everything, whatever the weights (the common one-line order).
  if (n === 1 && fallbacks.every((f) => f.length === 1)) return [total];
  let chosen: readonly number[] | undefined = anyPositive(weights) ? weights : undefined;
  for (let k = 0; chosen === undefined && k < fallbacks.length; k++) {
    const candidate = fallbacks[k]!;
    if (candidate.length !== n) throw new RangeError("fallback weights must have the same length as weights");
    validWeights(candidate);
    if (anyPositive(candidate)) chosen = candidate;
  }
  const use = chosen ?? new Array<number>(n).fill(1);
  if (total >= 0) return largestRemainder(total, use);
  const parts = largestRemainder(-total, use);
  for (let i = 0; i < n; i++) if (parts[i] !== 0) parts[i] = -parts[i]!;
  return parts;
}

function anyPositive(weights: readonly number[]): boolean {
  for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) return true;
  return false;
}

function largestRemainder(total: number, weights: readonly number[]): number[] {
  let sumW = 0;
  for (let i = 0; i < weights.length; i++) sumW += weights[i]!;
  if (!Number.isSafeInteger(sumW) || !Number.isSafeInteger(total * sumW)) return largestRemainderBig(total, weights);
  const n = weights.length;
  const parts = new Array<number>(n);
  const rems = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const p = total * weights[i]!;
    let q = Math.floor(p / sumW);
    let r = p - q * sumW;
    if (r < 0) {
      q -= 1;
      r += sumW;
    } else if (r >= sumW) {
      q += 1;
      r -= sumW;
    }
    parts[i] = q;
    rems[i] = r;
    given += q;
  }
  // The leftover units (fewer than n: each remainder is below one unit) go one each
  // to the largest remainders, ties to the lower index: picked one by one rather
  // than by sorting, as orders have a few lines.
  for (let left = total - given; left > 0; left--) {
    let best = -1;
    for (let i = 0; i < n; i++) if (rems[i]! >= 0 && (best < 0 || rems[i]! > rems[best]!)) best = i;
    if (best < 0) throw new RangeError(`allocation left ${left} units over (a bug)`);
    parts[best]! += 1;
    rems[best] = -1;
  }
  return parts;
}

/** largestRemainder in BigInt, when total × Σweights is not a safe integer. */
function largestRemainderBig(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const W = weights.reduce((s, w) => s + BigInt(w), 0n);
  const T = BigInt(total);
  const parts = new Array<number>(n);
  const rems = new Array<bigint>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const p = T * BigInt(weights[i]!);
    parts[i] = Number(p / W);
    rems[i] = p % W;
    given += parts[i]!;
  }
  let left = total - given;
  if (left > 0) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      const ra = rems[a]!;
      const rb = rems[b]!;
      if (ra !== rb) return ra > rb ? -1 : 1;
      return a - b;
    });
    for (let k = 0; left > 0; k++, left--) parts[order[k % n]!]! += 1;
  }
  return parts;
}
