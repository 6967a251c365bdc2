import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

import { processSemiSpaceMb, WORKER_SEMI_SPACE_MB } from "~/store/worker-heap.server";

describe("processSemiSpaceMb", () => {
  it("reads the process's --max-semi-space-size, the command line's over NODE_OPTIONS, the last one of each", () => {
    expect(processSemiSpaceMb([], "")).toBe(0);
    expect(processSemiSpaceMb([], "--max-semi-space-size=64")).toBe(64);
    expect(processSemiSpaceMb([], "--max-semi-space-size=64 --max_semi_space_size=32")).toBe(32);
    expect(processSemiSpaceMb(["--max-semi-space-size=8"], "--max-semi-space-size=64")).toBe(8);
    expect(processSemiSpaceMb(["--max-old-space-size=512"], "--inspect")).toBe(0);
  });
});

describe("startWorker", () => {
  it("gives its worker a smaller young generation than the process's 64 MB semi-spaces, and leaves later workers theirs", () => {
    const script = fileURLToPath(new URL("../fixtures/worker-heap/young-generation.ts", import.meta.url));
    const out = execFileSync(process.execPath, ["--max-semi-space-size=64", "--import", "tsx", script], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    const { small, plain, main } = JSON.parse(out.trim().split("\n").at(-1)!) as { small: number; plain: number; main: number };
    // New space = two semi-spaces: at most 2 × 16 MB for startWorker's worker; the
    // same allocations grow the others' past that (V8 grows it under pressure).
    expect(small).toBeLessThanOrEqual(2 * WORKER_SEMI_SPACE_MB);
    expect(plain).toBeGreaterThan(2 * WORKER_SEMI_SPACE_MB);
    expect(main).toBeGreaterThan(2 * WORKER_SEMI_SPACE_MB);
  }, 60_000);
});
