#!/usr/bin/env bash
# The drop-in check, run on demand (not by the test command; it takes a few
# minutes and needs the npm registry): builds and packs the plugins with
# `yarn pack`, installs the tarballs into a fresh app made by
# @backstage/create-app, adds the backend lines of README "Install in your
# portal", starts that app's backend against the sandbox, and checks that the
# plugins' routes answer as they should: health, refusals without a token,
# answers to a signed-in user, the scaffolder action.
#
#   bash scripts/check-drop-in.sh            # in a temporary folder
#   DROP_IN_DIR=/tmp/drop-in bash scripts/check-drop-in.sh
#
# Ends with `drop-in check: N passed, N failed`; exits 1 on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh
REPO="$PWD"
WORK="${DROP_IN_DIR:-$(mktemp -d -t drop-in.XXXXXX)}"
# The create-app of the release in backstage.json.
CREATE_APP_VERSION="${CREATE_APP_VERSION:-0.9.2}"
PORT_BASE="${DROP_IN_PORT_BASE:-7300}"
BACKEND_PORT=$((PORT_BASE + 7))
mkdir -p "$WORK/packs"
log() { echo "[drop-in] $*" >&2; }

SANDBOX_PID=""
BACKEND_PID=""
cleanup() {
  [ -n "$BACKEND_PID" ] && kill -TERM -- "-$BACKEND_PID" 2>/dev/null
  [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null
  true
}
trap cleanup EXIT

# 1. Build and pack every published package (not the app, backend, sandbox).
log "type declarations (yarn tsc)"
yarn tsc >&2
mapfile -t PACKAGES < <(node -e '
  const fs = require("fs");
  for (const dir of ["packages", "plugins"]) for (const d of fs.readdirSync(dir)) {
    const f = `${dir}/${d}/package.json`;
    if (!fs.existsSync(f)) continue;
    const p = JSON.parse(fs.readFileSync(f, "utf8"));
    if (p.name.startsWith("@internal/") && p.name !== "@internal/sandbox")
      console.log(`${p.name} ${dir}/${d}`);
  }')
RESOLUTIONS="{}"
for entry in "${PACKAGES[@]}"; do
  name="${entry%% *}"
  dir="${entry#* }"
  tarball="$WORK/packs/$(basename "$dir").tgz"
  log "build and pack $name"
  (cd "$dir" && yarn build >&2 && yarn pack --out "$tarball" >&2)
  RESOLUTIONS=$(node -e 'const r = JSON.parse(process.argv[1]); r[process.argv[2]] = `file:${process.argv[3]}`; console.log(JSON.stringify(r))' "$RESOLUTIONS" "$name" "$tarball")
done

# 2. A fresh app, with the packages and the lines of the README.
rm -rf "$WORK/app"
log "create-app $CREATE_APP_VERSION"
(cd "$WORK" && BACKSTAGE_APP_NAME=drop-in npx -y "@backstage/create-app@$CREATE_APP_VERSION" --skip-install --path ./app >&2)
APP="$WORK/app"
node - "$APP" "$RESOLUTIONS" <<'EOF'
const fs = require('fs');
const [app, resolutions] = process.argv.slice(2);
const edit = (file, fn) => {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  fn(p);
  fs.writeFileSync(file, JSON.stringify(p, null, 2) + '\n');
};
const all = JSON.parse(resolutions);
edit(`${app}/package.json`, p => (p.resolutions = { ...p.resolutions, ...all }));
const backendPackages = [
  '@internal/plugin-productiv-home-backend',
  '@internal/plugin-productiv-home-backend-module-okta',
  '@internal/plugin-productiv-home-backend-module-slack',
  '@internal/plugin-productiv-home-backend-module-email',
  '@internal/plugin-productiv-home-backend-module-jira-service-management',
  '@internal/plugin-provisioning-workflows-backend',
  '@internal/plugin-provisioning-workflows-backend-module-okta',
  '@internal/plugin-provisioning-workflows-backend-module-slack',
  '@internal/plugin-provisioning-workflows-backend-module-email',
  '@internal/plugin-scaffolder-backend-module-productiv-home',
  '@internal/plugin-catalog-backend-module-productiv-okta',
];
edit(`${app}/packages/backend/package.json`, p => {
  for (const name of backendPackages) p.dependencies[name] = all[name];
  // Notifications and signals, which the plugins use.
  p.dependencies['@backstage/plugin-notifications-backend'] ??= '*';
  p.dependencies['@backstage/plugin-signals-backend'] ??= '*';
});
edit(`${app}/packages/app/package.json`, p => {
  for (const name of [
    '@internal/plugin-productiv-home',
    '@internal/plugin-provisioning-workflows',
  ])
    p.dependencies[name] = all[name];
});
// The frontend lines of the README, new frontend system.
const appFile = `${app}/packages/app/src/App.tsx`;
fs.writeFileSync(
  appFile,
  fs
    .readFileSync(appFile, 'utf8')
    .replace(
      "import catalogPlugin from '@backstage/plugin-catalog/alpha';",
      [
        "import catalogPlugin from '@backstage/plugin-catalog/alpha';",
        "import productivHomePlugin from '@internal/plugin-productiv-home/alpha';",
        "import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows/alpha';",
      ].join('\n'),
    )
    .replace(
      'features: [catalogPlugin,',
      'features: [catalogPlugin, productivHomePlugin, provisioningWorkflowsPlugin,',
    ),
);
const index = `${app}/packages/backend/src/index.ts`;
const lines = [
  ...backendPackages,
  '@backstage/plugin-notifications-backend',
  '@backstage/plugin-signals-backend',
].map(name => `backend.add(import('${name}'));`);
const src = fs.readFileSync(index, 'utf8');
fs.writeFileSync(
  index,
  src.replace('backend.start();', `${lines.join('\n')}\nbackend.start();`),
);
EOF
cat >"$APP/app-config.drop-in.yaml" <<EOF
app:
  baseUrl: http://localhost:$((PORT_BASE + 0))
backend:
  baseUrl: http://localhost:$BACKEND_PORT
  listen:
    port: $BACKEND_PORT
  database:
    client: better-sqlite3
    connection: ':memory:'
connectors:
  okta:
    orgUrl: http://127.0.0.1:$((PORT_BASE + 11))
    token: sandbox-okta-token
  slack:
    apiUrl: http://127.0.0.1:$((PORT_BASE + 12))/api/
    botToken: xoxb-sandbox-bot-token
    signingSecret: sandbox-signing-secret
  jiraServiceManagement:
    host: http://127.0.0.1:$((PORT_BASE + 13))
    email: productiv@acme.example.com
    apiToken: sandbox-jira-token
    serviceDeskId: '1'
    requestTypeId: '25'
  email:
    smtp:
      host: 127.0.0.1
      port: $((PORT_BASE + 25))
    from: Productiv <productiv@acme.example.com>
    itAddress: it-desk@acme.example.com
productivHome:
  adminGroups: [group:default/productiv-admins]
  ticketing: jira-service-management
provisioningWorkflows:
  adminGroups: [group:default/productiv-admins]
EOF

log "yarn install in the fresh app"
(cd "$APP" && node .yarn/releases/*.cjs install >&2)

# The frontend lines type-check against the packed plugins' declarations.
log "type-check the fresh app (yarn tsc)"
if (cd "$APP" && node .yarn/releases/*.cjs tsc >"$WORK/tsc.log" 2>&1); then
  export DROP_IN_FRONTEND=ok
else
  export DROP_IN_FRONTEND="$(tail -c 1500 "$WORK/tsc.log")"
fi

# 3. The sandbox and the fresh app's backend.
log "start the sandbox"
SANDBOX_INSPECTOR_PORT=$((PORT_BASE + 10)) SANDBOX_OKTA_PORT=$((PORT_BASE + 11)) \
  SANDBOX_SLACK_PORT=$((PORT_BASE + 12)) SANDBOX_JIRA_PORT=$((PORT_BASE + 13)) \
  SANDBOX_ZENDESK_PORT=$((PORT_BASE + 14)) SANDBOX_SMTP_PORT=$((PORT_BASE + 25)) \
  SANDBOX_PORTAL_BACKEND_URL="http://localhost:$BACKEND_PORT" \
  node --require @backstage/cli/config/nodeTransform.cjs packages/sandbox/src/main.ts \
  >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
log "start the fresh app's backend on port $BACKEND_PORT"
# In a process group of its own, so that cleanup stops all of it.
setsid bash -c 'cd "$1/packages/backend" && exec node ../../.yarn/releases/*.cjs start \
  --config ../../app-config.yaml --config ../../app-config.drop-in.yaml' _ "$APP" \
  >"$WORK/backend.log" 2>&1 &
BACKEND_PID=$!

# 4. The routes.
status=0
node "$REPO/scripts/drop-in-routes.mjs" "http://localhost:$BACKEND_PORT" "$WORK/backend.log" || status=$?
log "done in ${SECONDS} s; the fresh app is in $APP, logs in $WORK"
exit "$status"
