import { vitePlugin as remix } from "@remix-run/dev";
import { installGlobals } from "@remix-run/node";
import { build, defineConfig, type Plugin, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

installGlobals({ nativeFetch: true });

// `shopify app dev` sets HOST; Shopify's CLI and older tooling expect
// SHOPIFY_APP_URL to carry the tunnel URL.
if (process.env.HOST && (!process.env.SHOPIFY_APP_URL || process.env.SHOPIFY_APP_URL === process.env.HOST)) {
  process.env.SHOPIFY_APP_URL = process.env.HOST;
  delete process.env.HOST;
}

const host = new URL(process.env.SHOPIFY_APP_URL || "http://localhost").hostname;

let hmrConfig;
if (host === "localhost") {
  hmrConfig = { protocol: "ws", host: "localhost", port: 64999, clientPort: 64999 };
} else {
  hmrConfig = {
    protocol: "wss",
    host,
    port: parseInt(process.env.FRONTEND_PORT ?? "8002", 10),
    clientPort: 443,
  };
}

/**
 * Bundles the worker threads into `outDir` beside the server, packages left as
 * imports (node_modules is there at run time): the margin recompute's compute
 * thread (app/margins/compute.worker.ts → `compute-worker.mjs`,
 * app/margins/compute-thread.server.ts). Development and tests load the source
 * through tsx instead.
 */
export async function buildComputeWorker(outDir: string): Promise<void> {
  await bundleForNode(outDir, "app/margins/compute.worker.ts", "compute-worker.mjs");
}

/** One entry bundled as an ES module for Node (packages left as imports); the benchmarks run theirs this way too (test/bench/built.ts). */
export async function bundleForNode(outDir: string, entry: string, file: string): Promise<void> {
  await build({
    configFile: false,
    root: import.meta.dirname,
    logLevel: "warn",
    plugins: [tsconfigPaths()],
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: false,
      target: "node22",
      rollupOptions: { output: { entryFileNames: file, format: "es" } },
    },
  });
}

/** After the server's build (`remix vite:build`), the compute thread's bundle beside it. */
function computeWorker(): Plugin {
  let ssr = false;
  let outDir = "";
  return {
    name: "netmargin-compute-worker",
    apply: "build",
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
      outDir = config.build.outDir;
    },
    async closeBundle() {
      if (ssr) await buildComputeWorker(outDir);
    },
  };
}

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  // Static files (the favicon) live in app/: the project's top level is fixed (README).
  publicDir: "app/public",
  server: {
    allowedHosts: [host],
    cors: { preflightContinue: true },
    port: Number(process.env.PORT || 3000),
    hmr: hmrConfig,
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
    computeWorker(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: {
    // Every package the browser loads is pre-bundled at start. Otherwise Vite finds
    // more while the first pages load, re-bundles and reloads, and a page can end up
    // with two copies of React (hydration fails: "reading 'useState'").
    include: [
      "react",
      "react-dom",
      "react-dom/client",
      "react/jsx-runtime",
      "react/jsx-dev-runtime",
      "@remix-run/react",
      "@shopify/app-bridge-react",
      "@shopify/polaris",
      "@shopify/polaris-viz",
      "@shopify/shopify-app-remix/react",
      // app.tsx's ErrorBoundary uses its `boundary` in the browser.
      "@shopify/shopify-app-remix/server",
      "zod",
    ],
    // Server-only packages that Vite's scan finds through the routes' loaders. They are
    // never sent to the browser; bundling them for it would only re-bundle and reload.
    exclude: [
      "@shopify/shopify-app-remix/adapters/node",
      "@shopify/shopify-app-session-storage-prisma",
      "@shopify/shopify-api/runtime",
      "@prisma/adapter-better-sqlite3",
      "@prisma/adapter-pg",
      "@prisma/client",
      "better-sqlite3",
      "graphql",
      "graphql-request",
      "pg",
      "pg-boss",
    ],
  },
}) satisfies UserConfig;
