#!/usr/bin/env bash
# Command 1: installs what is missing (Node 22, yarn packages), starts the
# sandbox (local Okta, Slack, Jira Service Management, Zendesk and SMTP servers;
# inspector on http://127.0.0.1:7010), then the portal: frontend on
# http://localhost:3000, backend on http://localhost:7007, data in .data/sqlite.
# Extra arguments go to `backstage-cli repo start`. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh

SANDBOX_PID=""
PORTAL_PID=""
# Stop the sandbox and the whole portal process group, however this script ends.
cleanup() {
  [ -n "$PORTAL_PID" ] && kill -TERM -- "-$PORTAL_PID" 2>/dev/null
  [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null
  true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

node --require @backstage/cli/config/nodeTransform.cjs packages/sandbox/src/main.ts &
SANDBOX_PID=$!
for _ in $(seq 1 60); do
  node -e "fetch('http://127.0.0.1:7010/api/state').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break
  kill -0 $SANDBOX_PID 2>/dev/null || { echo "The sandbox failed to start" >&2; exit 1; }
  sleep 0.5
done
sleep 0.5
kill -0 $SANDBOX_PID 2>/dev/null || {
  echo "The sandbox failed to start; is something else using ports 7010-7014 or 7025?" >&2
  exit 1
}

setsid yarn start "$@" &
PORTAL_PID=$!
wait "$PORTAL_PID"
