# shellcheck shell=bash
# Shared steps of .ci/run, .ci/test and .ci/start. Source it from the repo root.
set -euo pipefail
NETMARGIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$NETMARGIN_ROOT"
# shellcheck source=node.sh
source "$NETMARGIN_ROOT/.ci/node.sh"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# npm ci when node_modules is missing or was installed from another lockfile or Node.
netmargin_ensure_deps() {
  local stamp="node_modules/.netmargin-install" want
  want="$(node --version) $(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ "${1:-}" = "--force" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Installing dependencies (npm ci, Node $(node --version))"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
}

# Debian packages the tests need. Chromium drives the browser tests.
netmargin_ensure_apt() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "NetMargin: missing Debian packages: ${missing[*]} (install them with apt-get as root)" >&2
      return 1
    fi
    say "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# PostgreSQL runs on these machines; start the cluster if it is installed but stopped.
netmargin_ensure_postgres() {
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then return 0; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    say "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  if ! (command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432); then
    echo "NetMargin: no PostgreSQL at 127.0.0.1:5432; the PostgreSQL tests will be skipped" >&2
  fi
}

