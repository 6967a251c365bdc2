import { API_VERSION } from "~/config.server";

export interface HealthReport {
  status: "ok" | "error";
  apiVersion: typeof API_VERSION;
  database: { status: "ok" | "error"; provider: string; latencyMs: number; error?: string };
  uptimeSeconds: number;
}

interface Queryable {
  $queryRawUnsafe<T = unknown>(query: string): Promise<T>;
}

/** Runs a trivial query against the database and reports how long it took. Never throws. */
export async function checkHealth(db: Queryable, provider: string): Promise<HealthReport> {
  const started = performance.now();
  let database: HealthReport["database"];
  try {
    await db.$queryRawUnsafe("SELECT 1");
    database = { status: "ok", provider, latencyMs: round(performance.now() - started) };
  } catch (error) {
    database = {
      status: "error",
      provider,
      latencyMs: round(performance.now() - started),
      error: error instanceof Error ? error.message.split("\n")[0] : String(error),
    };
  }
  return {
    status: database.status,
    apiVersion: API_VERSION,
    database,
    uptimeSeconds: Math.round(process.uptime()),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
