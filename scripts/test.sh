#!/usr/bin/env bash
# Command 2: installs what is missing (Node 22, yarn packages, PostgreSQL
# running, Chromium), then runs type-check, lint, prettier, the unit and store
# tests of every package on SQLite and PostgreSQL, and the browser smoke test.
# Ends with one line "N passed, N failed" that counts every test it ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$PWD"
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
set +e

REPORTS="$REPO_ROOT/.reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
PASSED=0
FAILED=0

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_postgres() {
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "[test] installing PostgreSQL from Debian's packages"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  echo "[test] starting the local PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  echo "[test] PostgreSQL is not reachable on 127.0.0.1:5432" >&2
  return 1
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  echo "[test] installing Chromium from Debian's packages"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# Runs a check that counts as one test.
check() {
  local name="$1"; shift
  local started=$SECONDS
  echo "=== $name: $*"
  if "$@" >"$REPORTS/$name.log" 2>&1; then
    PASSED=$((PASSED + 1)); echo "--- $name passed ($((SECONDS - started)) s)"
  else
    FAILED=$((FAILED + 1)); echo "--- $name FAILED ($((SECONDS - started)) s)"; tail -60 "$REPORTS/$name.log"
  fi
}

ensure_postgres || { FAILED=$((FAILED + 1)); echo "--- postgres setup FAILED"; }
ensure_chromium || { FAILED=$((FAILED + 1)); echo "--- chromium setup FAILED"; }

check type-check yarn tsc
check lint yarn backstage-cli repo lint
check prettier yarn prettier --check .

# Unit, router, store and migration tests of every package. Store and
# migration tests run on SQLite and on PostgreSQL (TestDatabases); Docker is off.
echo "=== unit tests (jest, SQLite and PostgreSQL)"
started=$SECONDS
CI=true BACKSTAGE_TEST_DISABLE_DOCKER=1 yarn backstage-cli repo test \
  --json --outputFile="$REPORTS/jest.json" >"$REPORTS/jest.log" 2>&1
jest_rc=$?
if [ -f "$REPORTS/jest.json" ]; then
  read -r jp jf db_line < <(node -e '
    const r = require(process.argv[1]);
    const all = r.testResults.flatMap(f => f.assertionResults);
    const on = id => all.filter(a => a.fullName.includes(id) && a.status === "passed").length;
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + r.numPendingTests;
    console.log(r.numPassedTests, failed, `SQLite:${on("SQLITE_3")},PostgreSQL:${on("POSTGRES_15")}`);
  ' "$REPORTS/jest.json")
  PASSED=$((PASSED + jp)); FAILED=$((FAILED + jf))
  echo "--- unit tests: $jp passed, $jf failed or skipped ($((SECONDS - started)) s); database tests passed on $db_line"
  pg_count="${db_line##*PostgreSQL:}"
  if [ "${pg_count:-0}" -eq 0 ]; then
    FAILED=$((FAILED + 1)); echo "--- no test ran on PostgreSQL: FAILED"
  fi
  if [ "$jf" -gt 0 ] || [ "$jest_rc" -ne 0 ]; then
    grep -E "✕|●" "$REPORTS/jest.log" | head -60
  fi
else
  FAILED=$((FAILED + 1)); echo "--- unit tests FAILED to run"; tail -60 "$REPORTS/jest.log"
fi
if [ "$jest_rc" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
  FAILED=$((FAILED + 1)); echo "--- jest exited with $jest_rc"; tail -40 "$REPORTS/jest.log"
fi

# Browser smoke test: starts the portal, drives it in headless Chromium.
echo "=== browser smoke test (Chromium + playwright-core)"
started=$SECONDS
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$REPORTS/e2e.tap" \
  e2e/*.test.mjs
e2e_rc=$?
ep=$(grep -c '^    ok ' "$REPORTS/e2e.tap" 2>/dev/null || true)
ef=$(grep -c '^    not ok ' "$REPORTS/e2e.tap" 2>/dev/null || true)
ep=${ep:-0}; ef=${ef:-0}
if [ "$e2e_rc" -ne 0 ] && [ "$ef" -eq 0 ]; then ef=1; fi
if [ "$ep" -eq 0 ] && [ "$ef" -eq 0 ]; then ef=1; echo "--- browser smoke test ran no test"; fi
PASSED=$((PASSED + ep)); FAILED=$((FAILED + ef))
echo "--- browser smoke test: $ep passed, $ef failed ($((SECONDS - started)) s)"

echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
