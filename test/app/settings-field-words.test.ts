import { describe, expect, it } from "vitest";

import { fieldWords } from "~/routes/app.settings._index/components/field-words";

describe("settings field paths in the page's words", () => {
  it("names sections, list items from 1 and fields as the page labels them", () => {
    expect(fieldWords("versions[0].settings.packaging.perParcel")).toBe("Version 1, packaging, per parcel");
    expect(fieldWords("shipping.rules[2].cost")).toBe("Shipping rule 3, cost");
    expect(fieldWords("shipping.rules[1].countries[0]")).toBe("Shipping rule 2, country 1");
    expect(fieldWords("paymentFees.gateways[1].percent")).toBe("Payment fees, gateway 2, percent");
    expect(fieldWords("thresholds.thinMarginPercent")).toBe("Flag thresholds, thin margin below");
    expect(fieldWords("currency")).toBe("Currency");
  });

  it("keeps a CSV line as the merchant counts it and never shows a raw key", () => {
    expect(fieldWords("line 4")).toBe("Line 4");
    expect(fieldWords("csv")).toBe("The file");
    expect(fieldWords("somethingNew")).toBe("Something new");
    expect(fieldWords("")).toBe("");
  });
});
