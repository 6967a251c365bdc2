import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Vitest runs without the Remix Vite plugin (Remix docs): routes are imported
// as plain modules and exercised through their loaders and actions.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx", "extensions/**/*.test.ts"],
    environment: "node",
    setupFiles: ["test/setup.ts"],
    env: { TZ: "UTC", LOG_LEVEL: "warn" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
