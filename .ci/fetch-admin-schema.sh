#!/usr/bin/env bash
# Refreshes the committed Admin API 2026-10 introspection schema.
# The schema ships inside the npm package @shopify/dev-mcp; we take that one file
# out of the package tarball instead of depending on the package (336 MB, pulls
# @shopify/cli). Run it only when bumping the API version or the package.
set -euo pipefail
cd "$(dirname "$0")/.."
spec="${1:-@shopify/dev-mcp@1.16.0}"
version="${API_VERSION:-2026-10}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$spec" >/dev/null)
tar xzf "$tmp"/shopify-dev-mcp-*.tgz -C "$tmp" "package/dist/data/admin_${version}.json.gz"
cp "$tmp/package/dist/data/admin_${version}.json.gz" "app/types/admin-${version}.schema.json.gz"
echo "app/types/admin-${version}.schema.json.gz <- $spec ($(wc -c < "app/types/admin-${version}.schema.json.gz") bytes)"
