import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CurrencyMismatchError,
  add,
  allocate,
  applyRate,
  basisPoints,
  currencyExponent,
  decimalToRate,
  formatDecimal,
  formatMoney,
  money,
  mulDiv,
  parseDecimal,
  percentRate,
  subtract,
  sumMoney,
  type RoundingMode,
} from "../../app/domain/index";

describe("currencies", () => {
  it("knows the ISO 4217 exponents", () => {
    expect(["JPY", "KRW", "VND", "CLP", "ISK"].map(currencyExponent)).toEqual([0, 0, 0, 0, 0]);
    expect(["BHD", "KWD", "JOD", "OMR", "TND"].map(currencyExponent)).toEqual([3, 3, 3, 3, 3]);
    expect(["EUR", "USD", "GBP", "CHF"].map(currencyExponent)).toEqual([2, 2, 2, 2]);
  });
});

describe("parseDecimal / formatDecimal", () => {
  it("parses Shopify decimal strings exactly", () => {
    expect(parseDecimal("12.50", "EUR")).toEqual({ ok: true, value: 1250 });
    expect(parseDecimal("12.5", "EUR")).toEqual({ ok: true, value: 1250 });
    expect(parseDecimal("-3.1", "EUR")).toEqual({ ok: true, value: -310 });
    expect(parseDecimal("1200", "EUR")).toEqual({ ok: true, value: 120000 });
    expect(parseDecimal("1200", "JPY")).toEqual({ ok: true, value: 1200 });
    expect(parseDecimal("1250.0", "JPY")).toEqual({ ok: true, value: 1250 });
    expect(parseDecimal("1.234", "KWD")).toEqual({ ok: true, value: 1234 });
    expect(parseDecimal("0.1", "EUR")).toEqual({ ok: true, value: 10 });
    // 0.1 + 0.2 in floats is 0.30000000000000004; strings keep it exact
    expect(parseDecimal("0.30000", "EUR")).toEqual({ ok: true, value: 30 });
    expect(parseDecimal("-0.00", "EUR")).toEqual({ ok: true, value: 0 });
  });

  it("refuses what it cannot represent exactly", () => {
    expect(parseDecimal("12.345", "EUR")).toEqual({ ok: false, error: "12.345 has more decimals than EUR allows (2)" });
    expect(parseDecimal("1650.5", "JPY")).toEqual({ ok: false, error: "1650.5 has more decimals than JPY allows (0)" });
    expect(parseDecimal("1e3", "EUR").ok).toBe(false);
    expect(parseDecimal("12,50", "EUR").ok).toBe(false);
    expect(parseDecimal("", "EUR").ok).toBe(false);
    expect(parseDecimal("99999999999999999", "EUR")).toEqual({ ok: false, error: "99999999999999999 is too large" });
  });

  it("formats with the currency's digits", () => {
    expect(formatDecimal(1250, "EUR")).toBe("12.50");
    expect(formatDecimal(-5, "EUR")).toBe("-0.05");
    expect(formatDecimal(1250, "JPY")).toBe("1250");
    expect(formatDecimal(1234, "KWD")).toBe("1.234");
    expect(formatMoney(money(655, "EUR"))).toBe("6.55 EUR");
  });

  it("round-trips any safe amount (property)", () => {
    const currency = fc.constantFrom("EUR", "JPY", "KWD", "USD");
    fc.assert(
      fc.property(fc.maxSafeInteger(), currency, (n, c) => {
        expect(parseDecimal(formatDecimal(n, c), c)).toEqual({ ok: true, value: n });
      }),
    );
  });
});

describe("add / subtract", () => {
  it("adds in one currency and refuses to mix currencies", () => {
    expect(add(money(150, "EUR"), money(275, "EUR"))).toEqual({ amount: 425, currency: "EUR" });
    expect(subtract(money(150, "EUR"), money(275, "EUR"))).toEqual({ amount: -125, currency: "EUR" });
    expect(() => add(money(1, "EUR"), money(1, "USD"))).toThrow(CurrencyMismatchError);
    expect(() => sumMoney([money(1, "EUR"), money(1, "JPY")], "EUR")).toThrow(CurrencyMismatchError);
    expect(() => money(1.5, "EUR")).toThrow(RangeError);
  });
});

describe("rates and rounding", () => {
  it("reads percentages exactly", () => {
    // 2.9 % = 29/1000; 0.5 % = 1/200; 3.4 % = 17/500
    expect(percentRate(2.9)).toEqual({ num: 29, den: 1000 });
    expect(percentRate(0.5)).toEqual({ num: 1, den: 200 });
    expect(percentRate(3.4)).toEqual({ num: 17, den: 500 });
    expect(decimalToRate(0.08875)).toEqual({ num: 71, den: 800 });
    expect(basisPoints(250)).toEqual({ num: 1, den: 40 });
  });

  it("rounds half-even by default, other modes on request", () => {
    // 1 % of 3850 = 38.5 → 38 (even); 1 % of 3950 = 39.5 → 40 (even)
    expect(applyRate(3850, percentRate(1))).toBe(38);
    expect(applyRate(3950, percentRate(1))).toBe(40);
    expect(applyRate(3850, percentRate(1), "half-up")).toBe(39);
    expect(applyRate(-3850, percentRate(1))).toBe(-38);
    expect(applyRate(-3850, percentRate(1), "half-up")).toBe(-39);
    expect(applyRate(3851, percentRate(1), "floor")).toBe(38);
    expect(applyRate(3801, percentRate(1), "ceil")).toBe(39);
    expect(applyRate(-3801, percentRate(1), "floor")).toBe(-39);
  });

  it("matches a bigint reference for any input (property)", () => {
    const mode = fc.constantFrom<RoundingMode>("half-even", "half-up", "floor", "ceil");
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 1, max: 1e7 }),
        mode,
        (a, b, c, m) => {
          const p = BigInt(a) * BigInt(b);
          const d = BigInt(c);
          // results outside the safe range are refused (tested below)
          fc.pre(p / d < BigInt(Number.MAX_SAFE_INTEGER) - 1n && p / d > -BigInt(Number.MAX_SAFE_INTEGER) + 1n);
          // reference: floor division, then adjust by the remainder
          let q = p / d;
          let r = p % d;
          if (r < 0n) {
            q -= 1n;
            r += d;
          }
          let expected = q;
          if (r !== 0n) {
            if (m === "ceil") expected = q + 1n;
            else if (m === "half-up") expected = 2n * r > d || (2n * r === d && p > 0n) ? q + 1n : q;
            else if (m === "half-even") expected = 2n * r > d || (2n * r === d && q % 2n !== 0n) ? q + 1n : q;
          }
          expect(mulDiv(a, b, c, m)).toBe(Number(expected));
        },
      ),
    );
    expect(() => mulDiv(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(RangeError);
  });
});

describe("allocate", () => {
  it("splits by largest remainder with ties to the lower index", () => {
    // 100 over 1:1:1 → 33.33 each, 1 left → index 0
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // 10 over 3:2 → 6 / 4
    expect(allocate(10, [3, 2])).toEqual([6, 4]);
    // 257 over 3900:1550 → 183.908 / 73.092 → 184 / 73
    expect(allocate(257, [3900, 1550])).toEqual([184, 73]);
  });

  it("handles negative totals symmetrically", () => {
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });

  it("falls back when the weights are all zero", () => {
    expect(allocate(10, [0, 0], [1, 4])).toEqual([2, 8]);
    expect(allocate(10, [0, 0], [0, 0])).toEqual([5, 5]);
    expect(allocate(0, [])).toEqual([]);
    expect(() => allocate(5, [])).toThrow(RangeError);
    expect(() => allocate(5, [1, -1])).toThrow(RangeError);
  });

  it("always sums exactly, stays within one unit of the exact share, is deterministic (property)", () => {
    const weights = fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), weights, (total, ws) => {
        const parts = allocate(total, ws);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(allocate(total, ws)).toEqual(parts);
        const W = ws.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          if (total >= 0) expect(p).toBeGreaterThanOrEqual(0);
          else expect(p).toBeLessThanOrEqual(0);
          if (W > 0) {
            // |p × W − total × w| < W  ⇔  |p − exact| < 1
            const diff = BigInt(p) * BigInt(W) - BigInt(total) * BigInt(ws[i]!);
            expect(diff < BigInt(W) && diff > -BigInt(W)).toBe(true);
          }
        });
      }),
    );
  });
});
