/**
 * Worker threads with a smaller young generation than the main thread's.
 *
 * `npm start` gives the process `--max-semi-space-size=32`: the margin recompute's
 * main thread allocates short-lived objects for every order, and fewer scavenges
 * made it faster (app/DECISIONS.md). V8 flags are process-wide, and this one wins
 * over a Worker's `resourceLimits.maxYoungGenerationSizeMb`, so every worker got
 * the same 2 × 64 MB of semi-spaces. A worker's heap is configured when its isolate
 * is created, on its own thread after `new Worker` returns: the flag is lowered for
 * that, and put back once the worker runs (or failed), when no other worker is
 * starting. Numbers: test/bench/README.md (bench:margin).
 */
import { setFlagsFromString } from "node:v8";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** The writer's and the compute thread's semi-space (MB): V8's default for a 64-bit heap. */
export const WORKER_SEMI_SPACE_MB = 16;

/** The process's own `--max-semi-space-size` (MB), from its flags or NODE_OPTIONS; 0 = V8's default. */
export function processSemiSpaceMb(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ""): number {
  let mb = 0;
  for (const arg of [...nodeOptions.split(/\s+/), ...execArgv]) {
    const m = /^--max[-_]semi[-_]space[-_]size(?:=(\d+))?$/.exec(arg);
    if (m?.[1] !== undefined) mb = Number(m[1]);
  }
  return mb;
}

let starting = 0;

/** `new Worker(file, options)` with a young generation of `semiSpaceMb` MB semi-spaces. */
export function startWorker(file: string | URL, options: WorkerOptions, semiSpaceMb = WORKER_SEMI_SPACE_MB): Worker {
  const own = processSemiSpaceMb();
  if (own === 0 || own <= semiSpaceMb) return new Worker(file, options);
  setFlagsFromString(`--max-semi-space-size=${semiSpaceMb}`);
  starting += 1;
  let worker: Worker;
  try {
    worker = new Worker(file, options);
  } catch (error) {
    started(own);
    throw error;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    started(own);
  };
  worker.once("online", once);
  worker.once("error", once);
  worker.once("exit", once);
  return worker;
}

function started(own: number): void {
  starting -= 1;
  if (starting === 0) setFlagsFromString(`--max-semi-space-size=${own}`);
}
