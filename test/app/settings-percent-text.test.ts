import { describe, expect, it } from "vitest";

import { percentText } from "~/routes/app.settings._index/components/use-settings-draft";

/** Settings' percent fields start from the saved value with one decimal (issue 17, item 3), never losing a finer one. */
describe("percentText", () => {
  it("shows one decimal", () => {
    expect(percentText(10)).toBe("10.0");
    expect(percentText(2.9)).toBe("2.9");
    expect(percentText(0.5)).toBe("0.5");
    expect(percentText(0)).toBe("0.0");
  });
  it("keeps the decimals a saved percentage has beyond the first", () => {
    expect(percentText(1.45)).toBe("1.45");
    expect(percentText(12.3456)).toBe("12.3456");
  });
});
