import type { LoaderFunctionArgs } from "@remix-run/node";

import { checkHealth } from "~/services/health.server";
import { config, databaseProvider } from "~/config.server";
import db from "~/db.server";

/** GET /healthz: liveness + database check for load balancers, the README and tests. */
export const loader = async (_args: LoaderFunctionArgs) => {
  const report = await checkHealth(db, databaseProvider(config().DATABASE_URL));
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
};
