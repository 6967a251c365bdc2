/**
 * ABC classes by share of net margin (issue 18, item 3), on a small catalog worked out
 * by hand (money in minor units: 100 = €1.00).
 */
import { describe, expect, it } from "vitest";
import { abcByNetMargin, type AbcInput } from "../../app/domain/index";

// Positive net margins: 50,000 + 20,000 + 10,000 + 10,000 + 5,000 + 5,000 = 100,000 (€1,000.00).
const catalog: AbcInput[] = [
  { productId: "lamp", netMargin: 50_000 },
  { productId: "vase", netMargin: 20_000 },
  { productId: "bowl", netMargin: 10_000 },
  { productId: "cup", netMargin: 10_000 },
  { productId: "fork", netMargin: 5_000 },
  { productId: "knife", netMargin: 5_000 },
  { productId: "tray", netMargin: 0 },
  // Sells the most (its revenue would make it A) but loses money.
  { productId: "rug", netMargin: -3_000 },
];

describe("ABC by net margin", () => {
  const rows = abcByNetMargin(catalog, "EUR");
  const cls = Object.fromEntries(rows.map((r) => [r.productId, r.abcClass]));

  it("makes A the products making the first 80 %, B the next 15 %, C the rest and the loss-makers", () => {
    // Made before each (share of 100,000): lamp 0 % → A; vase 50 % → A; bowl 70 % → A (crosses 80 %);
    // cup 80 % (not below 80 %) → B; fork 90 % → B; knife 95 % (not below 95 %) → C; tray 0 and rug < 0 → C.
    expect(cls).toEqual({ lamp: "A", vase: "A", bowl: "A", cup: "B", fork: "B", knife: "C", tray: "C", rug: "C" });
    expect(rows.map((r) => r.productId)).toEqual(["lamp", "vase", "bowl", "cup", "fork", "knife", "tray", "rug"]);
    // Shares in basis points: 5,000 / 2,000 / 1,000 / 1,000 / 500 / 500; cumulative 5,000 → 10,000.
    expect(rows.map((r) => [r.rank, r.shareBasisPoints, r.cumulativeBasisPoints])).toEqual([
      [1, 5000, 5000],
      [2, 2000, 7000],
      [3, 1000, 8000],
      [4, 1000, 9000],
      [5, 500, 9500],
      [6, 500, 10000],
      [null, 0, null],
      [null, 0, null],
    ]);
  });

  it("breaks ties by product id, whatever the input order", () => {
    // bowl and cup both make 10,000: "bowl" < "cup", so bowl is ranked first and is A.
    const shuffled = abcByNetMargin([...catalog].reverse(), "EUR");
    expect(shuffled).toEqual(rows);
  });

  it("says why in plain words", () => {
    expect(rows[0]!.reason).toBe("Makes €500.00, 50.0% of the net margin, among the products making the first 80.0%.");
    expect(rows[3]!.reason).toBe("Makes €100.00, 10.0% of the net margin, among the products making the next share up to 95.0%.");
    expect(rows[5]!.reason).toBe("Makes €50.00, 5.0% of the net margin, after the first 95.0%.");
    expect(rows[6]!.reason).toBe("Makes no net margin: C whatever it sells.");
    expect(rows[7]!.reason).toBe("Loses €30.00: C whatever it sells.");
  });

  it("takes other shares", () => {
    // A = first 50 %: lamp (0 % before) A; vase (50 % before, not below 50 %) → B up to 50 + 30 = 80 %:
    // vase 50 % → B, bowl 70 % → B, cup 80 % → C.
    const r = abcByNetMargin(catalog, "EUR", { aPercent: 50, bPercent: 30 });
    expect(r.map((x) => x.abcClass)).toEqual(["A", "B", "B", "C", "C", "C", "C", "C"]);
    expect(() => abcByNetMargin(catalog, "EUR", { aPercent: 90, bPercent: 20 })).toThrow(RangeError);
  });

  it("makes everything C when nothing has a positive margin", () => {
    const r = abcByNetMargin([{ productId: "a", netMargin: 0 }, { productId: "b", netMargin: -1 }], "EUR");
    expect(r.map((x) => x.abcClass)).toEqual(["C", "C"]);
    expect(abcByNetMargin([], "EUR")).toEqual([]);
  });
});
