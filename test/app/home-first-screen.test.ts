/**
 * Home's first screen (issue 17, item 1): the six KPIs' changes against the previous period with their tone, and
 * when the store card and checklist start open. Numbers worked out by hand.
 */
import { describe, expect, it } from "vitest";

import { pointsChange, relativeChange } from "~/routes/app._index/components/kpi-change";
import { setupNeedsAttention } from "~/routes/app._index/components/SetupCard";
import type { OnboardingStep } from "~/services/onboarding.server";

describe("KPI changes against the previous period", () => {
  it("is a relative change, green when a rise is good and red when it is not", () => {
    // 97,133.27 against 50,500.00: +92.3%.
    expect(relativeChange(9713327, 5050000, "en")).toEqual({ text: "+92.3% vs previous period", tone: "success" });
    // A net margin from 1,000 down to 750: −25.0%, bad news.
    expect(relativeChange(75000, 100000, "en")).toEqual({ text: "−25.0% vs previous period", tone: "critical" });
    // From a loss of 200 to a loss of 100: +50.0% (of the loss's size), good news.
    expect(relativeChange(-10000, -20000, "en")).toEqual({ text: "+50.0% vs previous period", tone: "success" });
    expect(relativeChange(500, 0, "en")).toBeNull();
  });

  it("gives the loss-making share's change in points, red when it rises", () => {
    // 30 of 200 (15.0%) against 10 of 100 (10.0%): +5.0 points, bad news.
    expect(pointsChange(30, 200, 10, 100, "en", false)).toEqual({ text: "+5.0 pts vs previous period", tone: "critical" });
    // 5 of 100 against 10 of 100: −5.0 points, good news.
    expect(pointsChange(5, 100, 10, 100, "en", false)).toEqual({ text: "−5.0 pts vs previous period", tone: "success" });
    expect(pointsChange(5, 100, 0, 0, "en", false)).toBeNull();
  });
});

describe("the store card and checklist", () => {
  const step = (id: OnboardingStep["id"], done: boolean) => ({ id, done, title: id, detail: "", url: null }) as unknown as OnboardingStep;
  const connected = { missingScopes: [] as string[] };

  it("fold once the orders, unit costs and shipping are set up, even with fees or fixed costs still to do", () => {
    expect(setupNeedsAttention([step("sync", true), step("unit-costs", true), step("shipping", true), step("fees", false), step("fixed-costs", false)], connected)).toBe(false);
  });

  it("stay open while an essential step is missing or a permission is", () => {
    expect(setupNeedsAttention([step("sync", true), step("unit-costs", false), step("shipping", true)], connected)).toBe(true);
    expect(setupNeedsAttention([step("sync", true)], { missingScopes: ["read_all_orders"] })).toBe(true);
  });
});
