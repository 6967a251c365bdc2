/**
 * Simulator command line (run with tsx).
 *
 *   npx tsx test/simulator/cli.ts jsonl --orders 1000000 --out /tmp/orders.jsonl
 *       [--seed 1] [--preset eu|us] [--now 2026-10-15T12:00:00Z] [--query file.graphql]
 *     Streams the bulk-operation JSONL of an orders query (default: NetMargin's order
 *     export, ORDERS_BULK_QUERY) straight from the generator and prints time and size.
 *
 *   npx tsx test/simulator/cli.ts serve [--orders 500] [--seed 1] [--preset eu] [--port 8787]
 *     Starts the simulator (offline demo) and prints its URL and access token.
 */
import { createWriteStream, readFileSync, statSync } from "node:fs";
import { once } from "node:events";
import { ORDERS_BULK_QUERY, writeBulkJsonl } from "./bulk";
import { DEFAULT_NOW, createGenerator, type ShopPreset } from "./generator";
import { startSimulator } from "./server";

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function jsonl(args: string[]): Promise<void> {
  const orders = Number(option(args, "orders") ?? "1000000");
  const out = option(args, "out") ?? "/tmp/orders.jsonl";
  const seed = Number(option(args, "seed") ?? "1");
  const preset = (option(args, "preset") ?? "eu") as ShopPreset;
  const now = option(args, "now") ?? DEFAULT_NOW;
  const queryFile = option(args, "query");
  const query = queryFile ? readFileSync(queryFile, "utf8") : ORDERS_BULK_QUERY;
  const started = process.hrtime.bigint();
  const gen = createGenerator({ seed, orders, preset, now });
  const stream = createWriteStream(out, { highWaterMark: 1 << 22 });
  const stats = await writeBulkJsonl({ query, catalog: gen.catalog, orders: gen.orders(), out: stream, nowMs: Date.parse(now) });
  stream.end();
  await once(stream, "finish");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const size = statSync(out).size;
  process.stdout.write(
    `${JSON.stringify({
      orders,
      seed,
      preset,
      out,
      objectCount: stats.objectCount,
      rootObjectCount: stats.rootObjectCount,
      bytes: size,
      megabytes: Math.round((size / 1048576) * 10) / 10,
      seconds: Math.round(seconds * 10) / 10,
      ordersPerSecond: Math.round(orders / seconds),
      peakRssMb: Math.round(process.memoryUsage().rss / 1048576),
    })}\n`,
  );
}

async function serve(args: string[]): Promise<void> {
  const sim = await startSimulator({
    port: Number(option(args, "port") ?? "8787"),
    generator: { seed: Number(option(args, "seed") ?? "1"), orders: Number(option(args, "orders") ?? "500"), preset: (option(args, "preset") ?? "eu") as ShopPreset, now: option(args, "now") ?? DEFAULT_NOW },
  });
  process.stdout.write(`${JSON.stringify({ graphqlUrl: sim.graphqlUrl, shopDomain: sim.shopDomain, accessToken: sim.accessToken })}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

const [command, ...rest] = process.argv.slice(2);
if (command === "jsonl") await jsonl(rest);
else if (command === "serve") await serve(rest);
else {
  process.stderr.write("usage: tsx test/simulator/cli.ts jsonl --orders N --out FILE | serve [--port N]\n");
  process.exit(2);
}
