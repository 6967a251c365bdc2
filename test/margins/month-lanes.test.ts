import { describe, expect, it } from "vitest";

import type { MonthTally } from "~/domain/fixed-costs";
import { MonthLanes, type ComputeMonth } from "~/margins/recompute.server";

/**
 * How a recompute hands its months to the threads (recomputeMargins): in calendar
 * order to whichever lane asks next, each month's tally asked for one month ahead,
 * the lanes' counts summed, and no month taken after a lane failed.
 */

const tallyOf = (asked: string[]) => (month: string): Promise<MonthTally> => {
  asked.push(month);
  return Promise.resolve({ orders: 1, items: 1, revenue: 100 });
};

/** A lane that logs each month it starts and ends, taking `turns` event-loop turns per month. */
function lane(name: string, log: string[], turns = 1, failOn?: string): ComputeMonth {
  return async (month, tally) => {
    await tally;
    log.push(`${name} ${month}`);
    for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
    if (month === failOn) throw new Error(`${month} failed`);
    return { orders: 10, productDays: 2 };
  };
}

describe("MonthLanes", () => {
  it("one lane: every month in calendar order, the next month's tally asked when a month is taken, counts summed", async () => {
    const asked: string[] = [];
    const log: string[] = [];
    const lanes = new MonthLanes(["2026-01", "2026-02", "2026-03"], tallyOf(asked));
    const tallies: string[][] = [];
    await lanes.run(async (month, tally) => {
      tallies.push([...asked]);
      return lane("main", log)(month, tally);
    });
    expect(log).toEqual(["main 2026-01", "main 2026-02", "main 2026-03"]);
    expect(tallies).toEqual([["2026-01", "2026-02"], ["2026-01", "2026-02", "2026-03"], ["2026-01", "2026-02", "2026-03"]]);
    expect(asked).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect({ orders: lanes.orders, productDays: lanes.productDays }).toEqual({ orders: 30, productDays: 6 });
  });

  it("two lanes started in one turn: the first takes the first month, the second the next, then whichever is free", async () => {
    const log: string[] = [];
    const lanes = new MonthLanes(["2026-01", "2026-02", "2026-03", "2026-04"], tallyOf([]));
    // The main lane is slow: the other one takes the months it frees up first.
    await Promise.all([lanes.run(lane("main", log, 20)), lanes.run(lane("thread", log, 1))]);
    expect(log).toEqual(["main 2026-01", "thread 2026-02", "thread 2026-03", "thread 2026-04"]);
    expect(lanes.orders).toBe(40);
  });

  it("a failure stops every lane from taking more months, and is raised by its lane", async () => {
    const log: string[] = [];
    const lanes = new MonthLanes(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"], tallyOf([]));
    const [main, thread] = await Promise.allSettled([lanes.run(lane("main", log, 5)), lanes.run(lane("thread", log, 1, "2026-02"))]);
    expect(main.status).toBe("fulfilled");
    expect(thread.status).toBe("rejected");
    expect((thread as PromiseRejectedResult).reason).toEqual(new Error("2026-02 failed"));
    // The main lane finishes the month it had, and takes none after the failure.
    expect(log).toEqual(["main 2026-01", "thread 2026-02"]);
  });
});
