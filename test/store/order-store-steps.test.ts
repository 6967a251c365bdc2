import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { leaveOutStale, newestPerOrder } from "~/store/order-store.server";

/**
 * writeOrders' choice of what to write: one record per order (the newest), and
 * none older than the stored order. The writes themselves are covered by the
 * sync and margin tests against both databases.
 */

const record = (id: string, updatedAt: string, name = id): OrderRecord => ({ order: { id, name }, updatedAt }) as unknown as OrderRecord;
const names = (records: Iterable<OrderRecord>) => [...records].map((r) => r.order.name);

describe("newestPerOrder", () => {
  it("keeps the latest record of each order by updatedAt, the last given of equal ones", () => {
    const byId = newestPerOrder([
      record("A", "2026-03-01T10:00:00Z", "A1"),
      record("B", "2026-03-01T10:00:00Z", "B1"),
      record("A", "2026-03-01T09:00:00Z", "A0"),
      record("B", "2026-03-01T10:00:00Z", "B2"),
      record("A", "2026-03-01T11:00:00Z", "A2"),
    ]);
    expect([...byId.keys()]).toEqual(["A", "B"]);
    expect(names(byId.values())).toEqual(["A2", "B2"]);
  });
});

describe("leaveOutStale", () => {
  it("leaves out records older than the stored order; equal or newer ones, and new orders, are written", () => {
    const stored = new Map([
      ["A", { updatedAt: Date.parse("2026-03-01T10:00:00Z") }],
      ["B", { updatedAt: Date.parse("2026-03-01T10:00:00Z") }],
      ["C", { updatedAt: Date.parse("2026-03-01T10:00:00Z") }],
    ]);
    const { fresh, stale } = leaveOutStale(
      [record("A", "2026-03-01T09:59:59Z"), record("B", "2026-03-01T10:00:00Z"), record("C", "2026-03-01T10:00:01Z"), record("D", "2020-01-01T00:00:00Z")],
      stored,
    );
    expect(names(fresh)).toEqual(["B", "C", "D"]);
    expect(stale).toBe(1);
  });
});
