import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { LeakyBucket } from "./throttle";

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
  };
}

describe("LeakyBucket", () => {
  it("starts full with Shopify's standard-plan defaults (2000 points, 100/s)", () => {
    const bucket = new LeakyBucket({ now: clock().now });
    expect(bucket.status()).toEqual({ maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 });
  });

  it("admits a request only when the bucket holds its requested cost", () => {
    const c = clock();
    const bucket = new LeakyBucket({ maximumAvailable: 1000, restoreRate: 50, now: c.now });
    expect(bucket.tryConsume(600)).toEqual({
      ok: true,
      status: { maximumAvailable: 1000, currentlyAvailable: 400, restoreRate: 50 },
    });
    const rejected = bucket.tryConsume(401);
    expect(rejected.ok).toBe(false);
    expect(rejected.status.currentlyAvailable).toBe(400); // unchanged
    expect(bucket.tryConsume(400).ok).toBe(true); // exactly enough is enough
    expect(bucket.status().currentlyAvailable).toBe(0);
    expect(bucket.tryConsume(1).ok).toBe(false);
    expect(bucket.tryConsume(0).ok).toBe(true);
  });

  it("restores restoreRate points per second, continuously, capped at the maximum", () => {
    const c = clock();
    const bucket = new LeakyBucket({ now: c.now });
    bucket.drain();
    expect(bucket.status().currentlyAvailable).toBe(0);
    c.advance(250);
    expect(bucket.status().currentlyAvailable).toBe(25);
    c.advance(5);
    expect(bucket.status().currentlyAvailable).toBe(25); // 25.5, reported in whole points
    expect(bucket.tryConsume(25.5).ok).toBe(true); // but the fraction is really there
    c.advance(10_000);
    expect(bucket.status().currentlyAvailable).toBe(1000);
    c.advance(60_000);
    expect(bucket.status().currentlyAvailable).toBe(2000);
  });

  it("admits a throttled client after waiting (requested − currentlyAvailable) / restoreRate seconds", () => {
    const c = clock();
    const bucket = new LeakyBucket({ now: c.now });
    bucket.drain(1950);
    const requested = 213;
    const first = bucket.tryConsume(requested);
    expect(first.ok).toBe(false);
    const waitMs = ((requested - first.status.currentlyAvailable) / first.status.restoreRate) * 1000;
    expect(bucket.msUntilAvailable(requested)).toBe(Math.ceil(waitMs));
    c.advance(waitMs - 1);
    expect(bucket.tryConsume(requested).ok).toBe(false);
    c.advance(1);
    expect(bucket.tryConsume(requested).ok).toBe(true);
    expect(bucket.msUntilAvailable(2001)).toBe(Number.POSITIVE_INFINITY);
  });

  it("refunds requested − actual after execution, never above the maximum", () => {
    const c = clock();
    const bucket = new LeakyBucket({ now: c.now });
    expect(bucket.tryConsume(403).ok).toBe(true);
    bucket.refund(403 - 53);
    expect(bucket.status().currentlyAvailable).toBe(2000 - 53);
    bucket.refund(500);
    expect(bucket.status().currentlyAvailable).toBe(2000);
  });

  it("drain empties the bucket or removes points, never below zero", () => {
    const c = clock();
    const bucket = new LeakyBucket({ now: c.now });
    bucket.drain(150);
    expect(bucket.status().currentlyAvailable).toBe(1850);
    bucket.drain(5000);
    expect(bucket.status().currentlyAvailable).toBe(0);
    c.advance(1000);
    expect(bucket.status().currentlyAvailable).toBe(100);
    bucket.drain();
    expect(bucket.status().currentlyAvailable).toBe(0);
  });

  it("ignores a clock that goes backwards", () => {
    const c = clock();
    const bucket = new LeakyBucket({ now: c.now });
    bucket.drain();
    c.advance(1000);
    expect(bucket.status().currentlyAvailable).toBe(100);
    c.advance(-5000);
    expect(bucket.status().currentlyAvailable).toBe(100);
    c.advance(6000); // only the time past the latest reading counts
    expect(bucket.status().currentlyAvailable).toBe(200);
  });

  it("rejects nonsense amounts", () => {
    const bucket = new LeakyBucket({ now: clock().now });
    expect(() => bucket.tryConsume(-1)).toThrow(RangeError);
    expect(() => bucket.tryConsume(Number.NaN)).toThrow(RangeError);
    expect(() => bucket.refund(-5)).toThrow(RangeError);
    expect(() => new LeakyBucket({ restoreRate: -1 })).toThrow(RangeError);
  });

  it("uses Date.now by default", () => {
    const bucket = new LeakyBucket();
    expect(bucket.tryConsume(10).ok).toBe(true);
    expect(bucket.status().currentlyAvailable).toBeGreaterThanOrEqual(1990);
  });

  it("property: the level stays within [0, max] and matches a reference model", () => {
    type Op = { kind: "consume" | "refund" | "drain" | "wait"; amount: number };
    const op = fc.record({
      kind: fc.constantFrom<Op["kind"]>("consume", "refund", "drain", "wait"),
      amount: fc.integer({ min: 0, max: 3000 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const c = clock(0);
        const bucket = new LeakyBucket({ maximumAvailable: 2000, restoreRate: 100, now: c.now });
        let level = 2000; // reference model, integer points (waits are whole 10 ms steps)
        for (const { kind, amount } of ops) {
          if (kind === "wait") {
            c.advance(amount * 10);
            level = Math.min(2000, level + amount);
          } else if (kind === "consume") {
            const { ok } = bucket.tryConsume(amount);
            expect(ok).toBe(level >= amount);
            if (ok) level -= amount;
          } else if (kind === "refund") {
            bucket.refund(amount);
            level = Math.min(2000, level + amount);
          } else {
            bucket.drain(amount);
            level = Math.max(0, level - amount);
          }
          const { currentlyAvailable } = bucket.status();
          expect(currentlyAvailable).toBe(level);
          expect(currentlyAvailable).toBeGreaterThanOrEqual(0);
          expect(currentlyAvailable).toBeLessThanOrEqual(2000);
        }
      }),
    );
  });
});
