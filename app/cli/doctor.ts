/**
 * NetMargin doctor: checks a live installation on one shop (app/services/doctor.server.ts).
 *
 *   npm run doctor -- --shop my-store.myshopify.com [--config shopify.app.toml]
 *
 * Uses the shop's stored offline session (the app's database and environment, e.g. a
 * .env file: DATABASE_URL, SHOPIFY_API_KEY, SHOPIFY_API_SECRET, …). Prints a checklist
 * (✓ passed, ! warning, ✗ failed). Exit 0 when nothing failed, 1 when a check failed,
 * 2 when the doctor could not run (bad flags, no stored session, bad configuration).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { formatReport, requiredScopes, runDoctor, type DoctorOptions } from "~/services/doctor.server";

const USAGE = "usage: npm run doctor -- --shop <shop>.myshopify.com [--config shopify.app.toml]";
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** How the doctor reaches a shop: its access token, and for tests or demo mode another endpoint or fetch. */
export interface ShopConnection {
  readonly accessToken: string;
  readonly endpoint?: string;
  readonly fetch?: typeof fetch;
}

export interface DoctorCliDeps {
  /** The shop's stored offline session (default: shopify-app-remix's session storage). */
  readonly connect?: (shop: string) => Promise<ShopConnection>;
  readonly readFile?: (path: string) => string;
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
  readonly sleep?: DoctorOptions["sleep"];
}

class UsageError extends Error {}

/** The myshopify domain of --shop, accepting a pasted admin URL's host ("https://x.myshopify.com/"). */
export function parseShopFlag(value: string | undefined): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`--shop is required: the shop's myshopify domain, e.g. my-store.myshopify.com. ${USAGE}`);
  const shop = value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "");
  if (!SHOP_DOMAIN.test(shop)) throw new UsageError(`--shop: expected the shop's myshopify domain, e.g. my-store.myshopify.com, got ${JSON.stringify(value)}.`);
  return shop;
}

/** The offline session NetMargin stored when the shop installed it (refreshed when it expires). */
async function storedSession(shop: string): Promise<ShopConnection> {
  // Imported here so that --help and flag errors need no environment.
  const [{ unauthenticated }, { config }, demo] = await Promise.all([import("~/shopify.server"), import("~/config.server"), import("~/demo.server")]);
  let accessToken: string | undefined;
  try {
    accessToken = (await unauthenticated.admin(shop)).session.accessToken;
  } catch (e) {
    throw new UsageError(`No usable offline session is stored for ${shop} (${(e as Error).message}). Install NetMargin on the shop (open it from the shop's admin), then run the doctor again.`);
  }
  if (!accessToken) throw new UsageError(`The stored session of ${shop} has no access token. Open NetMargin from the shop's admin to reinstall it.`);
  const env = config();
  return env.NETMARGIN_MODE === "demo" ? { accessToken, fetch: demo.demoFetch(demo.demoTarget(env)) } : { accessToken };
}

/** Runs the doctor for argv (without node and the script); returns the exit code. */
export async function runDoctorCli(argv: readonly string[], deps: DoctorCliDeps = {}): Promise<number> {
  const out = deps.out ?? ((t: string) => process.stdout.write(`${t}\n`));
  const err = deps.err ?? ((t: string) => process.stderr.write(`${t}\n`));
  try {
    let values;
    try {
      ({ values } = parseArgs({ args: [...argv], options: { shop: { type: "string" }, config: { type: "string" }, help: { type: "boolean" } }, strict: true, allowPositionals: false }));
    } catch (e) {
      throw new UsageError(`${(e as Error).message.split("\n")[0]} ${USAGE}`);
    }
    if (values.help) {
      out(USAGE);
      return 0;
    }
    const shop = parseShopFlag(values.shop);
    const tomlPath = values.config ?? "shopify.app.toml";
    let scopes: string[];
    try {
      scopes = requiredScopes((deps.readFile ?? ((p: string) => readFileSync(p, "utf8")))(tomlPath));
    } catch (e) {
      throw new UsageError(`${tomlPath}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found (run the doctor from the app's folder, or give --config)" : (e as Error).message}`);
    }
    const connection = await (deps.connect ?? storedSession)(shop);
    const report = await runDoctor({ shop, requiredScopes: scopes, ...connection, ...(deps.sleep ? { sleep: deps.sleep } : {}) });
    out(formatReport(report));
    return report.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    // A configuration error names the variable; anything else is a bug worth its stack.
    err((e as Error).name === "ConfigError" ? (e as Error).message : String((e as Error).stack ?? e));
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void runDoctorCli(process.argv.slice(2)).then((code) => process.exit(code));
}
