#!/usr/bin/env bash
# Prepares a machine for the end-to-end suites (idempotent; fast when everything is there):
#  - the n8n versions the suites run (current 2.x and the last 1.x) in the per-user cache,
#  - PostgreSQL and Redis on 127.0.0.1 for queue mode (scripts/services.sh starts them when down),
#  - Chromium for the editor check (installed from Debian's packages when missing and root).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[e2e-setup] $*" >&2; }

# The supported versions live in n8n-versions.json (bumped with `npm run n8n:versions`).
supported() { node -p 'JSON.parse(require("fs").readFileSync("n8n-versions.json", "utf8"))[process.argv[1]]' "$1"; }
N8N_VERSIONS=("${N8N_VERSION:-$(supported current)}" "${N8N_V1_VERSION:-$(supported last1x)}")

# The two n8n installs are mostly downloads: run them side by side (each holds its own lock).
pids=()
for version in "${N8N_VERSIONS[@]}"; do
  bash scripts/n8n-install.sh "$version" > /dev/null &
  pids+=($!)
done

bash scripts/services.sh

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
  if [[ "$(id -u)" == 0 ]]; then
    log "installing Chromium from Debian's packages"
    # Two runs must not drive apt at once.
    flock /tmp/wacoex-apt.lock bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null'
  else
    log "Chromium is missing at $CHROMIUM (install the chromium package, or set CHROMIUM_PATH)"
  fi
fi

status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
if [[ $status != 0 ]]; then log "an n8n install failed (see the output above)"; exit 1; fi
log "ready"
