import { configDefaults, defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

const E2E = "test/e2e/**/*.test.ts";

// Vitest runs without the Remix Vite plugin (Remix docs): routes are imported
// as plain modules and exercised through their loaders and actions.
// Browser tests (each file starts a demo server and Chromium) run after the rest,
// one file at a time: on CI's 2 cores, run beside the other files, a demo page took
// longer than its timeouts (sequence.groupOrder, Vitest 3.2 "Parallel and Sequential Test Files"; a single
// fork, as 3.2 keeps fileParallelism for the root config).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    setupFiles: ["test/setup.ts"],
    env: { TZ: "UTC", LOG_LEVEL: "warn" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts", "test/**/*.test.tsx", "extensions/**/*.test.ts"], exclude: [...configDefaults.exclude, E2E], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: "browser", include: [E2E], poolOptions: { forks: { singleFork: true } }, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
