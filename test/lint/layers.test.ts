/**
 * The layer rule of eslint.config.js bites: an import that climbs the layers
 * (domain < shopify < store < sync | margins < jobs < services < routes) is an
 * error, with `~/` and with relative paths; imports that point down pass.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("ESLint layer boundaries", () => {
  it.each([
    ["app/store/example.server.ts", 'import { backfillShop } from "~/sync/backfill.server";\nexport const x = backfillShop;\n', "app/store must not import app/sync"],
    ["app/store/example.server.ts", 'import { backfillShop } from "../sync/backfill.server";\nexport const x = backfillShop;\n', "app/store must not import app/sync"],
    ["app/shopify/example.server.ts", 'import { writeOrders } from "~/store/order-store.server";\nexport const x = writeOrders;\n', "app/shopify must not import app/store"],
    ["app/shopify/graphql/Example.ts", 'import { writeOrders } from "../../store/order-store.server";\nexport const x = writeOrders;\n', "app/shopify must not import app/store"],
    ["app/sync/example.server.ts", 'import { recomputeMargins } from "~/margins/recompute.server";\nexport const x = recomputeMargins;\n', "app/sync must not import app/margins"],
    ["app/margins/example.server.ts", 'import { enqueueSync } from "~/jobs/runtime.server";\nexport const x = enqueueSync;\n', "app/margins must not import app/jobs"],
    ["app/services/example.server.ts", 'import { loader } from "~/routes/app._index";\nexport const x = loader;\n', "app/services must not import app/routes"],
    ["app/store/example.server.ts", 'import { authenticate } from "~/shopify.server";\nexport const x = authenticate;\n', "must not import app/shopify.server.ts"],
  ])("%s: refuses %j", async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ["app/sync/example.server.ts", 'import { writeOrders } from "~/store/order-store.server";\nimport { jsonlBatches } from "~/shopify/jsonl.server";\nexport const x = [writeOrders, jsonlBatches];\n'],
    ["app/margins/example.server.ts", 'import type { JobQueue } from "~/jobs/queue.server";\nexport type X = JobQueue;\n'],
    ["app/services/example.server.ts", 'import { enqueueSync } from "~/jobs/runtime.server";\nimport { productReport } from "~/margins/product-report.server";\nexport const x = [enqueueSync, productReport];\n'],
  ])("%s: allows imports that point down", async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
