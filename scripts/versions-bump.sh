#!/usr/bin/env bash
# `yarn backstage-cli versions:bump` for machines that reach the npm registry (or a
# mirror of it) but not versions.backstage.io, where the cli's own manifest download
# fails with "fetch failed". On a machine with internet, run the plain command instead:
#
#   yarn backstage-cli versions:bump
#
# Here:
#
#   bash scripts/versions-bump.sh --release 1.57.0 [other versions:bump flags]
#
# 1. scripts/release-manifest.mjs writes the manifest of that release from the registry
#    (every @backstage/* package the repository uses, at the registry's latest version);
# 2. `yarn backstage-cli versions:bump --skip-install` reads it (BACKSTAGE_MANIFEST_FILE),
#    sets the ranges in every package.json and the release in backstage.json;
# 3. scripts/pin-missing-platform-packages.sh runs `yarn install`, pinning in the root
#    resolutions any platform package the mirror lacks (YN0082);
# 4. the lockfile is checked for one version of each @backstage/* package.
# Review `git diff` (package.json files, backstage.json, yarn.lock) before committing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/toolchain.sh
TOOLCHAIN_SKIP_INSTALL=1 source scripts/toolchain.sh

release=""
bump_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --release) release="${2:-}"; shift 2 ;;
    --release=*) release="${1#--release=}"; shift ;;
    *) bump_args+=("$1"); shift ;;
  esac
done
if [ -z "$release" ]; then
  echo "Usage: bash scripts/versions-bump.sh --release <x.y.z> [versions:bump flags]" >&2
  exit 2
fi

manifest="$(mktemp -t backstage-manifest.XXXXXX.json)"
trap 'rm -f "$manifest"' EXIT
node scripts/release-manifest.mjs --release "$release" --out "$manifest"
BACKSTAGE_MANIFEST_FILE="$manifest" yarn backstage-cli versions:bump --skip-install ${bump_args[@]+"${bump_args[@]}"}
bash scripts/pin-missing-platform-packages.sh

# The lockfile must hold one version of each @backstage/* package; two mean a package
# on the registry was built against an older line (see README "Maintenance").
node -e '
  const text = require("fs").readFileSync("yarn.lock", "utf8");
  const versions = {};
  for (const m of text.matchAll(/^"(@backstage\/[^@"]+)@[^\n]*\n  version: (\S+)/gm)) {
    (versions[m[1]] ??= new Set()).add(m[2]);
  }
  const dups = Object.entries(versions).filter(([, v]) => v.size > 1);
  for (const [name, v] of dups) console.error(`two versions of ${name}: ${[...v].join(", ")} (yarn why ${name})`);
  if (dups.length) process.exit(1);
  console.log(`yarn.lock: one version of each of ${Object.keys(versions).length} @backstage/* packages`);
'
yarn dedupe --check '@backstage/*' >/dev/null || {
  echo "yarn dedupe --check '@backstage/*' fails: run yarn dedupe '@backstage/*'" >&2
  exit 1
}
