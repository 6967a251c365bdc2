// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// House rule: each layer of app/ imports only the layers below it (app/README.md):
// domain < shopify < store < sync | margins < jobs (the runtime) < services < routes.
// app/jobs/queue.server.ts (the queue's contract) is open to every layer that registers jobs.
const LAYERS = [
  ["shopify", ["store", "sync", "margins", "jobs", "services", "routes"]],
  ["store", ["sync", "margins", "jobs", "services", "routes"]],
  ["sync", ["margins", "jobs", "services", "routes"]],
  ["margins", ["sync", "jobs", "services", "routes"]],
  ["jobs", ["services", "routes"]],
  ["services", ["routes"]],
];
const layerRules = LAYERS.map(([layer, above]) => ({
  files: [`app/${layer}/**/*.{ts,tsx}`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          ...above.map((up) => ({
            group: [`~/${up}/*`, `**/${up}/*`, ...(up === "jobs" && layer !== "jobs" ? ["!~/jobs/queue.server", "!**/jobs/queue.server"] : [])],
            message: `app/${layer} must not import app/${up}: imports point down the layers (app/README.md).`,
          })),
          ...(layer === "services" ? [] : [{ group: ["~/shopify.server", "**/shopify.server"], message: `app/${layer} must not import app/shopify.server.ts: it is the root the routes use.` }]),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: ["build/**", "node_modules/**", "app/types/**", "**/*.d.ts", ".cache/**", "test/output/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        performance: "readonly",
        fetch: "readonly",
        Response: "readonly",
        Request: "readonly",
        Headers: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // House rule 1: the domain is plain TypeScript. No framework, Shopify, Prisma,
    // React or environment access, relative imports only.
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@remix-run/*"], message: "app/domain must not depend on Remix." },
            { group: ["@shopify/*"], message: "app/domain must not depend on Shopify libraries." },
            { group: ["@prisma/*", "*.server", "*.server.*"], message: "app/domain must not touch the database or server modules." },
            { group: ["react", "react-dom", "react/*"], message: "app/domain must not depend on React." },
            { group: ["~/*"], message: "app/domain uses relative imports only." },
            { group: ["node:*"], message: "app/domain is runtime-free: no Node built-ins." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "app/domain takes its inputs as arguments, not from the environment." }],
      "no-restricted-properties": ["error", { object: "Date", property: "now", message: "Pass 'now' in as an argument." }],
    },
  },
  ...layerRules,
);
