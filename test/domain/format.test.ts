// Expected strings worked out by hand from the examples (issue 17, item 3).
import { describe, expect, it } from "vitest";
import {
  countryName,
  flagList,
  flagTooltip,
  formatBasisPoints,
  formatDate,
  formatDateTime,
  formatDateRange,
  formatMoney,
  formatMonth,
  formatPercent,
  formatShare,
  formatWeight,
  gatewayChoices,
  gatewayName,
  isTestGateway,
  percentFormatter,
  variantName,
  variantTitle,
  zoneName,
} from "../../app/domain/format";
import * as client from "../../app/components/format";

describe("money", () => {
  it("shows minor units in the shop's currency and the admin's locale", () => {
    expect(formatMoney(221904, "EUR", "en")).toBe("€2,219.04");
    expect(formatMoney(-1913, "EUR", "en")).toBe("-€19.13");
    expect(formatMoney(1500, "JPY", "en")).toBe("¥1,500");
    // French groups with a narrow no-break space and puts the sign after.
    expect(formatMoney(600000, "EUR", "fr")).toBe("6\u202f000,00\u00a0€");
  });
  it("is the same function on the client", () => {
    expect(client.formatMoney).toBe(formatMoney);
  });
});

describe("percentages, one decimal", () => {
  it("rounds to one decimal and always shows it", () => {
    expect(formatPercent(35.93)).toBe("35.9%");
    expect(formatPercent(27)).toBe("27.0%");
    expect(formatPercent(-102.98)).toBe("-103.0%");
    expect(formatBasisPoints(5070)).toBe("50.7%");
    expect(percentFormatter("en")(1234)).toBe("12.3%");
  });
  it("shares: a share of nothing is a dash", () => {
    expect(formatShare(1, 8)).toBe("12.5%");
    expect(formatShare(5, 0)).toBe("—");
  });
  it("follows the locale", () => {
    expect(formatPercent(35.93, "fr")).toBe("35,9\u00a0%");
  });
});

describe("date ranges (half-open in, last day shown)", () => {
  it("one month", () => {
    expect(formatDateRange("2026-06-01", "2026-07-01")).toBe("1–30 Jun 2026");
  });
  it("across months", () => {
    expect(formatDateRange("2026-05-15", "2026-06-15")).toBe("15 May – 14 Jun 2026");
  });
  it("across years", () => {
    expect(formatDateRange("2025-12-08", "2026-12-08")).toBe("8 Dec 2025 – 7 Dec 2026");
  });
  it("one day, and February in a leap year", () => {
    expect(formatDateRange("2026-06-01", "2026-06-02")).toBe("1 Jun 2026");
    expect(formatDateRange("2028-02-01", "2028-03-01")).toBe("1–29 Feb 2028");
  });
  it("one date, one month", () => {
    expect(formatDate("2026-10-15")).toBe("15 Oct 2026");
    expect(formatMonth("2026-06")).toBe("Jun 2026");
    expect(formatMonth("2026-09")).toBe("Sep 2026");
    expect(formatDateRange("2026-09-01", "2026-10-01")).toBe("1–30 Sep 2026");
  });
  it("an instant in the shop's zone: 01:15 UTC is 03:15 in Paris (CEST, UTC+2), 21:15 the day before in New York (EDT, UTC−4)", () => {
    expect(formatDateTime("2026-10-13T01:15:00Z", "Europe/Paris")).toBe("13 Oct 2026, 03:15");
    expect(formatDateTime("2026-10-13T01:15:00Z", "America/New_York")).toBe("12 Oct 2026, 21:15");
  });
  it("never says 'end excluded'", () => {
    expect(formatDateRange("2026-01-01", "2027-01-01")).not.toMatch(/excluded/);
  });
});

describe("weights in kg", () => {
  it("grams to kilograms", () => {
    expect(formatWeight(76540)).toBe("76.5 kg");
    expect(formatWeight(1250)).toBe("1.25 kg");
    expect(formatWeight(700)).toBe("0.7 kg");
    expect(formatWeight(0)).toBe("0 kg");
  });
});

describe("gateways", () => {
  it("names Shopify's codes as the admin does", () => {
    expect(gatewayName("shopify_payments")).toBe("Shopify Payments");
    expect(gatewayName("paypal")).toBe("PayPal");
    expect(gatewayName("manual")).toBe("Manual");
    expect(gatewayName("gift_card")).toBe("Gift card");
  });
  it("words an unlisted code, and says when there is none", () => {
    expect(gatewayName("adyen_cse")).toBe("Adyen cse");
    expect(gatewayName(null)).toBe("No payment");
  });
  it("offers the known gateways by name for a fee, with the ones in use, never the test gateway", () => {
    const choices = gatewayChoices(["paypal", "adyen_cse", "bogus"]);
    expect(choices.map((c) => c.label)).toContain("Shopify Payments");
    expect(choices.find((c) => c.value === "paypal")).toEqual({ value: "paypal", label: "PayPal" });
    expect(choices.find((c) => c.value === "adyen_cse")).toEqual({ value: "adyen_cse", label: "Adyen cse" });
    expect(choices.filter((c) => c.value === "paypal")).toHaveLength(1);
    expect(choices.some((c) => c.value === "bogus" || c.label === "Test gateway")).toBe(false);
    expect(choices.map((c) => c.label)).toEqual([...choices.map((c) => c.label)].sort((a, b) => a.localeCompare(b, "en")));
  });
  it("marks Shopify's test gateway to hide it", () => {
    expect(isTestGateway("bogus")).toBe(true);
    expect(isTestGateway("shopify_payments")).toBe(false);
  });
});

describe("countries", () => {
  it("names ISO codes", () => {
    expect(countryName("DE")).toBe("Germany");
    expect(countryName("fr")).toBe("France");
    expect(countryName("DE", "fr")).toBe("Allemagne");
  });
  it("unknown is 'Unknown country', never 'unknown'", () => {
    expect(countryName(null)).toBe("Unknown country");
    expect(countryName("unknown")).toBe("Unknown country");
    expect(countryName("")).toBe("Unknown country");
  });
  it("zones are country lists", () => {
    expect(zoneName("DE,AT")).toBe("Germany, Austria");
    expect(zoneName("unknown")).toBe("Unknown country");
  });
});

describe("flags", () => {
  const thresholds = { thinMarginPercent: 10, shippingHeavyPercent: 25 };
  it("tooltips give the threshold", () => {
    expect(flagTooltip("THIN", thresholds)).toBe("Net margin between 0 and 10.0% of net revenue (your threshold).");
    expect(flagTooltip("SHIPPING_HEAVY", thresholds)).toBe("Shipping costs more than 25.0% of net revenue (your threshold).");
  });
  it("lists flags by name, not code", () => {
    expect(flagList(["THIN", "SHIPPING_HEAVY"])).toBe("Thin margin and Shipping-heavy flags");
    expect(flagList(["LOSS"])).toBe("Loss flag");
    expect(flagList(["LOSS", "THIN", "MISSING_COST"])).toBe("Loss, Thin margin and Cost missing flags");
  });
});

describe("variants", () => {
  it("hides Shopify's 'Default Title'", () => {
    expect(variantName("Mug", "Default Title")).toBe("Mug");
    expect(variantName("Mug", "Blue")).toBe("Mug – Blue");
    expect(variantTitle("Default Title")).toBeNull();
    expect(variantTitle("Blue")).toBe("Blue");
  });
});
