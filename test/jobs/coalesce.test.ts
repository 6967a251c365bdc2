/**
 * SendCoalescer (app/jobs/coalesce.server.ts): a burst of callers for one key shares
 * sends, and every caller's send starts after its call.
 */
import { describe, expect, it } from "vitest";

import { SendCoalescer } from "~/jobs/coalesce.server";

/** A send the test finishes by hand; `started` records the order of starts. */
function manualSends() {
  const started: number[] = [];
  const finish: (() => void)[] = [];
  const fail: ((e: Error) => void)[] = [];
  const send = () =>
    new Promise<void>((resolve, reject) => {
      started.push(started.length + 1);
      finish.push(resolve);
      fail.push(reject);
    });
  return { started, finish, fail, send };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("SendCoalescer", () => {
  it("10 callers during one send share a single second send, which starts after the first ends", async () => {
    const c = new SendCoalescer();
    const m = manualSends();
    const first = c.run("recompute:a", m.send);
    await tick();
    expect(m.started).toEqual([1]);
    let laterDone = 0;
    const later = Array.from({ length: 10 }, () => c.run("recompute:a", m.send).then(() => laterDone++));
    await tick();
    // The first send is under way: the ten wait for the one after it (a send started before their calls would not do).
    expect(m.started).toEqual([1]);
    m.finish[0]!();
    await first;
    await tick();
    expect(m.started).toEqual([1, 2]);
    expect(laterDone).toBe(0);
    m.finish[1]!();
    await Promise.all(later);
    // 11 callers, 2 sends (without the coalescer: 11).
    expect(laterDone).toBe(10);
    expect(m.started).toEqual([1, 2]);
  });

  it("keys do not share: another shop's send starts at once", async () => {
    const c = new SendCoalescer();
    const m = manualSends();
    void c.run("recompute:a", m.send);
    void c.run("recompute:b", m.send);
    await tick();
    expect(m.started).toEqual([1, 2]);
    m.finish[0]!();
    m.finish[1]!();
  });

  it("a failed send fails its callers, and the waiting callers still get a send of their own", async () => {
    const c = new SendCoalescer();
    const m = manualSends();
    const first = c.run("k", m.send);
    await tick();
    const second = c.run("k", m.send);
    m.fail[0]!(new Error("database gone"));
    await expect(first).rejects.toThrow("database gone");
    await tick();
    expect(m.started).toEqual([1, 2]);
    m.finish[1]!();
    await expect(second).resolves.toBeUndefined();
    // Idle again: the next caller starts a send at once.
    const third = c.run("k", m.send);
    await tick();
    expect(m.started).toEqual([1, 2, 3]);
    m.finish[2]!();
    await third;
  });
});
