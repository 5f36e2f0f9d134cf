#!/usr/bin/env bash
# Installs a Node runtime and a given n8n version into a per-user cache, outside the repository.
#
#   scripts/n8n-install.sh [n8n-version]        (default: "current" in n8n-versions.json)
#
# Prints two lines on stdout, for callers to source or parse:
#   NODE_BIN=<dir holding the node binary used to run this n8n>
#   N8N_HOME=<dir whose node_modules/.bin/n8n is the n8n command>
#
# Every step is idempotent: a finished step leaves a marker file and is skipped next time, and a
# lock (flock) makes a second concurrent run wait instead of installing into the same folder.
set -euo pipefail

N8N_VERSION="${1:-$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).current' "$(dirname "$0")/../n8n-versions.json")}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-whatsapp-coexistence"
mkdir -p "$CACHE_ROOT"

log() { echo "[n8n-install] $*" >&2; }

# n8n 2.x declares node >=24; the last 1.x runs on Node 20. Both runtimes come from the npm
# registry package "node@<major>", which ships the binary and the headers native modules need.
case "$N8N_VERSION" in
  1.*) NODE_MAJOR=20 ;;
  *) NODE_MAJOR=24 ;;
esac

# The runtime comes from scripts/node-install.sh (shared cache folder and lock).
install_node() {
  local output
  output="$(bash "$(dirname "$0")/node-install.sh" "$NODE_MAJOR")"
  NODE_BIN="$(sed -n 's/^NODE_BIN=//p' <<< "$output")"
  NODE_PKG_DIR="$(sed -n 's/^NODE_PKG_DIR=//p' <<< "$output")"
}

# Native modules built from source against the node package's headers (their install scripts
# would try to download prebuilt binaries, which fails offline). n8n 1.x's isolated-vm needs
# Node >= 22 to build, so on Node 20 n8n 1.x runs its legacy expression engine instead
# (N8N_EXPRESSION_ENGINE=legacy, set by scripts/lib/n8n.ts).
native_modules() {
  echo "sqlite3"
}

install_n8n() {
  local dir="$CACHE_ROOT/n8n-$N8N_VERSION"
  N8N_HOME="$dir"
  if [[ ! -f "$dir/.installed" ]]; then
    log "installing n8n@$N8N_VERSION into $dir (several minutes, about 3 GB)"
    rm -rf "$dir"
    mkdir -p "$dir"
    # n8n 1.x pins xlsx to a tarball on the SheetJS CDN, which only the npm registry can replace
    # here: override it with the last release published on the registry.
    case "$N8N_VERSION" in
      1.*) echo '{"private":true,"overrides":{"xlsx":"0.18.5"}}' > "$dir/package.json" ;;
      *) echo '{"private":true}' > "$dir/package.json" ;;
    esac
    # --ignore-scripts: a Kafka native module downloads sources in its install script, which fails
    # offline; the native modules n8n needs here are built below.
    (cd "$dir" && PATH="$NODE_BIN:$PATH" npm install --ignore-scripts --no-audit --no-fund \
      --loglevel=error "n8n@$N8N_VERSION" >&2)
    touch "$dir/.installed"
  fi
  local module
  for module in $(native_modules); do
    if [[ -f "$dir/.built-$module" ]]; then continue; fi
    log "building $module for node $("$NODE_BIN/node" -v)"
    (cd "$dir" && PATH="$NODE_BIN:$PATH" npm rebuild "$module" --build-from-source \
      --nodedir="$NODE_PKG_DIR" --loglevel=error >&2)
    touch "$dir/.built-$module"
  done
}

exec 9>"$CACHE_ROOT/.install-$N8N_VERSION.lock"
flock 9
install_node
install_n8n

echo "NODE_BIN=$NODE_BIN"
echo "N8N_HOME=$N8N_HOME"
