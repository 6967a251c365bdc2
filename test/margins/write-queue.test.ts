import { describe, expect, it } from "vitest";

import { WriteQueue } from "~/margins/recompute.server";
import type { SqlDb } from "~/store/sql.server";

/**
 * The recompute's write queue: transactions commit in the order they were queued,
 * one at a time even on a connection that would run them side by side (a
 * PostgreSQL pool), at most `depth` waiting, and a failure stops what follows.
 */

/** A connection whose transactions take `ms` and log when they start and end; "fail" throws. */
function fakeSql(log: string[], running: { now: number; max: number }): SqlDb {
  const sql = {
    provider: "postgresql",
    async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
      running.now += 1;
      running.max = Math.max(running.max, running.now);
      try {
        return await fn(sql);
      } finally {
        running.now -= 1;
      }
    },
  } as unknown as SqlDb;
  return sql;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function write(log: string[], name: string, ms: number, fail = false) {
  return async () => {
    log.push(`start ${name}`);
    await sleep(ms);
    if (fail) throw new Error(`${name} failed`);
    log.push(`end ${name}`);
  };
}

describe("WriteQueue", () => {
  it("commits in queue order, one transaction at a time, with at most `depth` waiting", async () => {
    const log: string[] = [];
    const running = { now: 0, max: 0 };
    const queue = new WriteQueue(fakeSql(log, running), 2);
    await queue.push(write(log, "a", 30));
    await queue.push(write(log, "b", 5));
    // Two are pending: the third push waits until "a" has committed.
    const third = queue.push(write(log, "c", 1));
    let thirdQueued = false;
    void third.then(() => (thirdQueued = true));
    await sleep(10);
    expect(thirdQueued).toBe(false);
    await third;
    expect(log).toContain("end a");
    await queue.drain();
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(running.max).toBe(1);
  });

  it("raises a failed write at the next push or drain, and runs nothing queued after it", async () => {
    const log: string[] = [];
    const queue = new WriteQueue(fakeSql(log, { now: 0, max: 0 }), 2);
    await queue.push(write(log, "a", 5, true));
    await queue.push(write(log, "b", 1));
    await expect(queue.push(write(log, "c", 1))).rejects.toThrow("a failed");
    await expect(queue.drain()).rejects.toThrow("a failed");
    expect(log).toEqual(["start a"]);
  });

  it("settles what is queued without raising, for a caller that is already failing", async () => {
    const log: string[] = [];
    const queue = new WriteQueue(fakeSql(log, { now: 0, max: 0 }), 2);
    await queue.push(write(log, "a", 5));
    await queue.push(write(log, "b", 5, true));
    await queue.settle();
    expect(log).toEqual(["start a", "end a", "start b"]);
    await queue.drain();
  });
});
