/**
 * npx tsx test/bench/graphql-order.ts [--orders 100000] [--sync-orders 20000] [--seed 1]
 *
 * The GraphQL order adapter (app/domain/graphql-order.ts), zod schema against the
 * hand-written fast path, on simulator orders (prints its numbers):
 * 1. `--orders` orders of the EU preset (VAT included) as a backfill reads them: the
 *    bulk JSONL of the app's bulk query, joined by the app's assembler (refunds come
 *    without their lines there, as in the file);
 * 2. `--sync-orders` orders of the US preset (tax added) as ORDER_SYNC_QUERY returns
 *    them, refund lines included.
 * For each: µs an order for a plain JSON.parse of the order's text, for
 * parseGraphqlOrderRecord through zod and through the fast path, and the ratios.
 * Orders are measured in batches of 5,000 held in memory, the two paths in turn
 * (which goes first alternates), after a warm-up batch.
 */
import { BulkOrderAssembler } from "~/shopify/bulk-assembler";
import { ordersBulkQuery } from "~/shopify/bulk-queries";
import { parseGraphqlOrderRecord } from "~/domain/graphql-order";
import { writeBulkJsonl } from "../simulator/bulk";
import { createGenerator } from "../simulator/generator";
import { simulatedGraphqlOrders } from "../domain/graphql-order-inputs";
import { print, round } from "./fixtures";

const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`--${name}: expected a whole number ≥ 0, got ${JSON.stringify(args[i + 1])}`);
    process.exit(2);
  }
  return v;
}
const ORDERS = option("orders", 100_000);
const SYNC_ORDERS = option("sync-orders", 20_000);
const SEED = option("seed", 1);
const NOW = "2026-10-15T12:00:00Z";
const BATCH = 5_000;

class Timing {
  orders = 0;
  batches = 0;
  jsonMs = 0;
  zodMs = 0;
  fastMs = 0;
  rejected = 0;
  private warm = false;

  measure(batch: readonly unknown[]): void {
    if (!this.warm) {
      for (const o of batch) {
        parseGraphqlOrderRecord(o, { fast: false });
        parseGraphqlOrderRecord(o, { fast: true });
      }
      this.warm = true;
    }
    const texts = batch.map((o) => JSON.stringify(o));
    let t = performance.now();
    for (const s of texts) JSON.parse(s);
    this.jsonMs += performance.now() - t;
    const run = (fast: boolean) => {
      t = performance.now();
      for (const o of batch) if (!parseGraphqlOrderRecord(o, { fast }).ok) this.rejected++;
      return performance.now() - t;
    };
    if (this.batches % 2 === 0) {
      this.zodMs += run(false);
      this.fastMs += run(true);
    } else {
      this.fastMs += run(true);
      this.zodMs += run(false);
    }
    this.orders += batch.length;
    this.batches++;
  }

  report(title: string): void {
    const us = (ms: number) => round((ms * 1000) / this.orders, 2);
    console.log(`\n${title}`);
    print("orders measured", this.orders);
    print("rejected (both paths, should be 0)", this.rejected);
    print("JSON.parse of the order's text, µs/order", us(this.jsonMs));
    print("zod path, µs/order", us(this.zodMs));
    print("fast path, µs/order", us(this.fastMs));
    print("zod / fast", round(this.zodMs / this.fastMs, 2));
    print("zod / JSON.parse", round(this.zodMs / this.jsonMs, 2));
    print("fast / JSON.parse", round(this.fastMs / this.jsonMs, 2));
  }
}

async function bulkOrders(): Promise<Timing> {
  const timing = new Timing();
  const gen = createGenerator({ seed: SEED, orders: ORDERS, preset: "eu", now: NOW });
  const assembler = new BulkOrderAssembler(1000);
  let batch: unknown[] = [];
  let rest = "";
  let line = 0;
  const take = (final: boolean) => {
    batch.push(...assembler.takeReady());
    if (batch.length >= BATCH || (final && batch.length > 0)) {
      timing.measure(batch);
      batch = [];
    }
  };
  await writeBulkJsonl({
    query: ordersBulkQuery(null),
    catalog: gen.catalog,
    orders: gen.orders(),
    nowMs: Date.parse(NOW),
    out: (chunk) => {
      const text = rest + chunk;
      let start = 0;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
        if (nl > start) assembler.push(JSON.parse(text.slice(start, nl)) as Record<string, unknown>, line++);
        start = nl + 1;
      }
      rest = text.slice(start);
      take(false);
    },
  });
  if (rest.trim() !== "") assembler.push(JSON.parse(rest) as Record<string, unknown>, line++);
  assembler.finish();
  take(true);
  return timing;
}

function syncOrders(): Timing {
  const timing = new Timing();
  let batch: unknown[] = [];
  for (const { raw } of simulatedGraphqlOrders({ seed: SEED + 1, orders: SYNC_ORDERS, preset: "us", now: NOW })) {
    batch.push(raw);
    if (batch.length >= BATCH) {
      timing.measure(batch);
      batch = [];
    }
  }
  if (batch.length > 0) timing.measure(batch);
  return timing;
}

if (ORDERS > 0) (await bulkOrders()).report(`Bulk JSONL orders, EU preset (VAT included), seed ${SEED}`);
if (SYNC_ORDERS > 0) syncOrders().report(`ORDER_SYNC_QUERY orders, US preset (tax added), seed ${SEED + 1}, refund lines included`);
