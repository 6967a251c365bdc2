import { z } from "zod";

/**
 * The one Admin API version NetMargin speaks. shopify.app.toml
 * ([webhooks] api_version), .graphqlrc.ts (codegen) and the simulator all use
 * this value; test/config.test.ts fails if any of them drifts.
 */
export const API_VERSION = "2026-10" as const;

const SCOPES_ALLOWED = /^[a-z_]+(,[a-z_]+)*$/;

const databaseUrl = z
  .string({ error: "is required" })
  .min(1, "is required")
  .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
    message: 'must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)',
  });

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string({ error: "is required" }).min(1, "is required"),
    SHOPIFY_API_SECRET: z.string({ error: "is required" }).min(1, "is required"),
    SHOPIFY_APP_URL: z.url({
      protocol: /^https?$/,
      error: "must be an absolute http(s) URL, e.g. https://netmargin.example.com",
    }),
    SCOPES: z
      .string({ error: "is required" })
      .transform((v) => v.replace(/\s+/g, ""))
      .refine((v) => SCOPES_ALLOWED.test(v), {
        message: "must be a comma-separated list of access scopes, e.g. read_orders,read_products",
      }),
    DATABASE_URL: databaseUrl,
    SHOP_CUSTOM_DOMAIN: z.string().min(1).optional(),
    /** "demo" swaps the Shopify transport and admin login for the local simulator (never in production). */
    NETMARGIN_MODE: z.enum(["shopify", "demo"]).default("shopify"),
    /** Demo mode only: base URL of the local Admin API simulator, e.g. http://127.0.0.1:3457 */
    NETMARGIN_DEMO_ADMIN_URL: z.url({ protocol: /^http$/, error: "must be an http:// URL of the local simulator" }).optional(),
    /** Demo mode only: the simulator shop's myshopify domain. */
    NETMARGIN_DEMO_SHOP: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify domain, e.g. demo.myshopify.com")
      .optional(),
    PORT: z.coerce
      .number({ error: "must be a port number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(3000),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && env.NETMARGIN_MODE === "demo") {
      ctx.addIssue({
        code: "custom",
        path: ["NETMARGIN_MODE"],
        message: "demo mode (the offline simulator store) cannot run with NODE_ENV=production",
      });
    }
    if (env.NETMARGIN_MODE === "demo") {
      for (const name of ["NETMARGIN_DEMO_ADMIN_URL", "NETMARGIN_DEMO_SHOP"] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when NETMARGIN_MODE=demo" });
      }
    }
  });

export type AppConfig = Readonly<z.infer<typeof envSchema> & { scopes: readonly string[] }>;

export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `NetMargin cannot start: invalid environment.\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        "See .env.example for what each variable means.",
    );
    this.name = "ConfigError";
  }
}

/** Validates an environment (process.env by default). Pure: reads only its argument. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "environment";
      const received = env[name];
      const hint = received === undefined || received === "" ? " (not set)" : "";
      return `${name} ${issue.message}${hint}`;
    });
    throw new ConfigError(problems);
  }
  const data = result.data;
  return Object.freeze({ ...data, scopes: Object.freeze(data.SCOPES.split(",")) });
}

/** "sqlite" for file: URLs, "postgresql" for postgres(ql):// URLs. */
export function databaseProvider(databaseUrl: string): "sqlite" | "postgresql" {
  return databaseUrl.startsWith("file:") ? "sqlite" : "postgresql";
}

let cached: AppConfig | undefined;

/** The app's configuration, read and validated once from process.env. */
export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests: forget the cached configuration so the next call re-reads process.env. */
export function resetConfigForTests(): void {
  cached = undefined;
}
