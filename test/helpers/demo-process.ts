import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningDemo {
  url: string;
  /** The demo's own SQLite database (`file:` URL). */
  databaseUrl: string;
  output: () => string;
  startSeconds: number;
  stop: () => Promise<void>;
}

/** Starts the offline demo (test/demo/run.ts) and resolves once it prints its URL. */
export interface DemoOptions {
  orders?: number;
  /** When the store's history ends (test/demo/run.ts --now): the generator's fixed 15 Oct 2026 unless "hour" (the current hour, as `npm run demo`). */
  now?: string;
  timeoutMs?: number;
}

export async function startDemo(opts: DemoOptions = {}): Promise<RunningDemo> {
  const [port, simulatorPort] = [await freePort(), await freePort()];
  // A database of its own: two test files' demos run at once (test/demo/run.ts).
  const database = join(mkdtempSync(join(tmpdir(), "netmargin-demo-")), "demo.sqlite");
  const started = performance.now();
  const child: ChildProcess = spawn(
    "npx",
    ["--no-install", "tsx", "test/demo/run.ts", "--port", String(port), "--simulator-port", String(simulatorPort), "--orders", String(opts.orders ?? 300), "--now", opts.now ?? "2026-10-15T12:00:00Z"],
    { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LOG_LEVEL: "warn", NETMARGIN_DEMO_DATABASE: database } },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((resolve) => child.once("exit", resolve));
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start in time:\n${output}`)), opts.timeoutMs ?? 180_000);
    const check = () => {
      const match = /NetMargin demo: open (http:\/\/\S+)\/app/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with code ${code}:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, databaseUrl: `file:${database}`, output: () => output, startSeconds: (performance.now() - started) / 1000, stop };
}
