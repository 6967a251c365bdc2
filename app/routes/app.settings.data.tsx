import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { exportSettingsFile, importSettingsFile, saveSettingsVersion } from "~/store/cost-settings.server";
import { readJsonBody, SETTINGS_BODY_LIMIT_BYTES } from "~/services/body-limit.server";
import { authenticate } from "~/shopify.server";
import { previewSettingsChange } from "~/margins/preview.server";
import { enqueueSync, marginReader } from "~/jobs/runtime.server";

/**
 * Cost settings as data (the settings page of the UI issue posts here):
 * GET → the export file (format netmargin.cost-settings, the one the CLI reads);
 * POST JSON `{ "intent": "save", "settings": {...}, "effectiveFrom": "YYYY-MM-DD" | null, "note"?: "..." }`
 * or `{ "intent": "import", "file": {...} }`. A bad input gets 422 with every field
 * error and nothing is written. A save queues the recompute of the margins it changes.
 * `{ "intent": "preview", "settings", "effectiveFrom" }` answers `{ preview }`: the
 * last 30 days' totals with the settings as they are and as drafted (margins/preview.server.ts).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return exportSettingsFile(db, session.shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  // Read within its cap (413 past it, 400 when not JSON), never whole before that.
  const read = await readJsonBody(request, SETTINGS_BODY_LIMIT_BYTES);
  if (!read.ok) return read.response;
  const input = (typeof read.body === "object" && read.body !== null ? read.body : {}) as Record<string, unknown>;
  if (input.intent === "preview") {
    // What the change would do to the last 30 days; nothing is written.
    const preview = await previewSettingsChange(db, marginReader(), session.shop, { settings: input.settings, effectiveFrom: input.effectiveFrom });
    if (!preview.ok) return Response.json({ errors: preview.errors }, { status: 422 });
    return Response.json({ preview: preview.preview });
  }
  const result =
    input.intent === "save"
      ? await saveSettingsVersion(db, session.shop, { settings: input.settings, effectiveFrom: input.effectiveFrom, note: input.note })
      : input.intent === "import"
        ? await importSettingsFile(db, session.shop, input.file)
        : { ok: false as const, errors: [{ path: "intent", message: "This change is not one the settings page makes: reload the page and try again." }] };
  if (!result.ok) return Response.json({ errors: result.errors }, { status: 422 });
  await enqueueSync("recompute", session.shop);
  return Response.json({ versions: result.history.versions.length, recompute: result.scope });
};
