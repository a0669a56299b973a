#!/usr/bin/env bash
# Command 1: installs what is missing (Node 22, yarn packages), then starts the
# portal: frontend on http://localhost:3000, backend on http://localhost:7007,
# data in .data/sqlite. Extra arguments go to `backstage-cli repo start`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
exec yarn start "$@"
