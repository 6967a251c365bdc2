/**
 * tsx test/bench/built.ts <bench.ts> [args…]: runs a benchmark as the built app runs,
 * not through tsx. The bench and the compute thread are bundled as `npm run build`
 * bundles the server and its compute thread (vite.config.ts), into test/output/
 * (beside test/bench, so the bench's relative paths still resolve), and the bundle runs
 * with plain node, with the same NODE_OPTIONS. Under tsx the main thread and the
 * compute thread each carried tsx's module-loader thread, memory a built server does
 * not have (test/bench/README.md, bench:margin). `--source` runs the TypeScript through
 * tsx instead.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const [entry, ...args] = process.argv.slice(2);
if (!entry?.endsWith(".ts")) {
  console.error("usage: tsx test/bench/built.ts test/bench/<bench>.ts [args…]");
  process.exit(2);
}

async function main(): Promise<number> {
  let command: string[];
  if (args.includes("--source")) {
    command = ["--import", "tsx", entry!, ...args.filter((a) => a !== "--source")];
  } else {
    const outDir = fileURLToPath(new URL("../output/", import.meta.url));
    mkdirSync(outDir, { recursive: true });
    const file = `bench-${basename(entry!, ".ts")}.mjs`;
    const { bundleForNode, buildComputeWorker } = await import("../../vite.config");
    await bundleForNode(outDir, entry!, file);
    await buildComputeWorker(outDir);
    command = [join(outDir, file), ...args];
  }
  const child = spawn(process.execPath, command, { stdio: "inherit" });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

process.exitCode = await main();
