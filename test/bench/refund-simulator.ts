/**
 * bench:sync's refund simulator, in a process of its own so the import's peak RSS and
 * event loop are the app's alone (the simulator holds the whole Admin schema):
 *   node --import tsx test/bench/refund-simulator.ts '{"seed":1,"orders":1000000,"now":"…"}'
 * Prints one JSON line with the endpoint, serves until stdin closes, then prints the
 * CPU time it used.
 */
import { createGenerator } from "../simulator/generator";
import { refundSimulator } from "./fixtures";

const opts = JSON.parse(process.argv[2] ?? "{}") as { seed: number; orders: number; now: string };
const sim = await refundSimulator(createGenerator({ seed: opts.seed, orders: opts.orders, preset: "eu", now: opts.now }));
process.stdout.write(`${JSON.stringify({ graphqlUrl: sim.graphqlUrl, accessToken: sim.accessToken, shopDomain: sim.shopDomain })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  // The CPU this process used: work that Shopify's servers do, not NetMargin.
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
  void sim.close().then(() => process.exit(0));
});
