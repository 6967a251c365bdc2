/**
 * bench:sync's refund simulator, in a process of its own so the import's peak RSS and
 * event loop are the app's alone (the simulator holds the whole Admin schema):
 *   node --import tsx test/bench/refund-simulator.ts '{"seed":1,"orders":1000000,"now":"…","answers":"…"}'
 * Prints one JSON line with the endpoint, serves until stdin closes, then prints the
 * CPU time it used, how many answers were replayed, and the follow-up's cost as the
 * answers reported it.
 *
 * In front of the simulator, a replay server: an answer the simulator gave to the
 * same request body before (the follow-up's requests are the same on every run of
 * one file) is sent again from `answers`, a file written at the end of the run that
 * first needed it. On Shopify the follow-up costs NetMargin's 2 cores nothing but its
 * requests and answers; a simulator resolving 106,000 refunds on those cores took
 * 20 s of CPU from the import (README, bench:sync). A request not seen before is
 * answered by the simulator live and counted.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

import { createGenerator } from "../simulator/generator";
import { refundSimulator } from "./fixtures";

const opts = JSON.parse(process.argv[2] ?? "{}") as { seed: number; orders: number; now: string; answers?: string };
const sim = await refundSimulator(createGenerator({ seed: opts.seed, orders: opts.orders, preset: "eu", now: opts.now }));

/** An answer as sent, with its `extensions.cost` (requested, actual) read once when it was recorded. */
type Answer = [text: string, requested: number, actual: number];
const answers = new Map<string, Answer>(opts.answers && existsSync(opts.answers) ? (JSON.parse(readFileSync(opts.answers, "utf8")) as [string, Answer][]) : []);
const counts = { replayed: 0, live: 0 };
// What the follow-up cost, added up here so the import's process does not read each answer twice.
const cost = { requests: 0, pages: 0, requested: 0, actual: 0 };
let recorded = 0;
const body = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
const front = createServer((req, res) => {
  void (async () => {
    const text = await body(req);
    const key = createHash("sha1").update(`${req.url}\n${text}`).digest("base64");
    let answer = answers.get(key);
    if (answer !== undefined) counts.replayed++;
    else {
      counts.live++;
      const r = await fetch(`${sim.url}${req.url}`, {
        method: req.method,
        headers: { "content-type": "application/json", "x-shopify-access-token": String(req.headers["x-shopify-access-token"] ?? "") },
        body: text,
      });
      const got = await r.text();
      if (r.status !== 200) {
        res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/json" });
        res.end(got);
        return;
      }
      const json = JSON.parse(got) as { errors?: unknown; extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null } } };
      answer = [got, json.extensions?.cost?.requestedQueryCost ?? 0, json.extensions?.cost?.actualQueryCost ?? 0];
      // Only complete answers are replayed (no errors, no throttling).
      if (!json.errors) {
        answers.set(key, answer);
        recorded++;
      }
    }
    const op = /"operationName":"(\w+)"|query (\w+)/.exec(text);
    const name = op?.[1] ?? op?.[2];
    if (name === "NetMarginRefundLines") cost.requests++;
    else if (name === "NetMarginOrderSyncRefund") cost.pages++;
    cost.requested += answer[1];
    cost.actual += answer[2];
    res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(answer[0])) });
    res.end(answer[0]);
  })().catch((error: unknown) => {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end(String(error));
  });
});
await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
const frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

process.stdout.write(`${JSON.stringify({ graphqlUrl: sim.graphqlUrl.replace(sim.url, frontUrl), accessToken: sim.accessToken, shopDomain: sim.shopDomain })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  // The CPU this process used: work that Shopify's servers do, not NetMargin.
  const cpu = process.cpuUsage();
  if (opts.answers && recorded > 0) {
    writeFileSync(`${opts.answers}.tmp`, JSON.stringify([...answers]));
    renameSync(`${opts.answers}.tmp`, opts.answers);
  }
  process.stdout.write(`${JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, ...counts, cost })}\n`);
  front.close();
  void sim.close().then(() => process.exit(0));
});
