import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

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
  output: () => string;
  startSeconds: number;
  stop: () => Promise<void>;
}

/** Starts the offline demo (test/demo/run.ts) and resolves once it prints its URL. */
export async function startDemo(opts: { orders?: number; timeoutMs?: number } = {}): Promise<RunningDemo> {
  const [port, simulatorPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child: ChildProcess = spawn(
    "npx",
    ["--no-install", "tsx", "test/demo/run.ts", "--port", String(port), "--simulator-port", String(simulatorPort), "--orders", String(opts.orders ?? 300)],
    { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LOG_LEVEL: "warn" } },
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
  return { url, output: () => output, startSeconds: (performance.now() - started) / 1000, stop };
}
