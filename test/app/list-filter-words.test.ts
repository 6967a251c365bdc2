import { describe, expect, it } from "vitest";

import { filterWords } from "~/components/ListControls";

describe("list filter errors in the controls' words", () => {
  it("names each URL parameter by the label of its control, and never shows an unknown parameter", () => {
    expect(filterWords("range")).toBe("Date range");
    expect(filterWords("from")).toBe("From");
    expect(filterWords("to")).toBe("To");
    expect(filterWords("gateway")).toBe("Gateway");
    expect(filterWords("country")).toBe("Country");
    expect(filterWords("flag")).toBe("Flag");
    expect(filterWords("utm_source")).toBe("A filter");
  });
});
