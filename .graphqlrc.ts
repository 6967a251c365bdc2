import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";

// One API version everywhere: app/config.server.ts holds the same value and
// test/config.test.ts fails if they differ.
const apiVersion = "2026-10";

// The committed schema is the gzipped introspection from @shopify/dev-mcp
// (.ci/fetch-admin-schema.sh). Shopify's preset looks for
// app/types/admin-<version>.schema.json and, when it exists, uses it instead of
// downloading the schema: unpack it there (git-ignored) so codegen runs offline.
const packed = `./app/types/admin-${apiVersion}.schema.json.gz`;
const unpacked = `./app/types/admin-${apiVersion}.schema.json`;
if (!existsSync(unpacked) || statSync(unpacked).mtimeMs < statSync(packed).mtimeMs) {
  writeFileSync(unpacked, gunzipSync(readFileSync(packed)));
}

export default {
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion,
      documents: ["./app/**/*.{js,ts,jsx,tsx}", "!./app/types/**"],
      outputDir: "./app/types",
    }),
  },
};
