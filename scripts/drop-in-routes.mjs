// The route checks of scripts/check-drop-in.sh: waits for the fresh app's
// backend, then asks the plugins' routes what a portal would, as nobody and
// as the fresh app's guest user. Prints one line per check and the count.
//   node scripts/drop-in-routes.mjs <backend url> <backend log>
import { readFileSync } from 'node:fs';

const [backend, logFile] = process.argv.slice(2);
const START_TIMEOUT_MS = 8 * 60_000;

async function waitForBackend() {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${backend}/api/productiv-home/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  let tail = '';
  try {
    tail = readFileSync(logFile, 'utf8').slice(-4000);
  } catch {
    /* no log */
  }
  throw new Error(`The fresh app's backend did not start:\n${tail}`);
}

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log(`ok     ${name}`);
  } catch (error) {
    results.push(false);
    console.log(`FAILED ${name}: ${error.message}`);
  }
}

async function call(path, options = {}) {
  const res = await fetch(`${backend}${path}`, options);
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

function expectStatus(res, status) {
  if (res.status !== status) {
    throw new Error(
      `answered ${res.status}, expected ${status}: ${JSON.stringify(
        res.body,
      ).slice(0, 300)}`,
    );
  }
}

await waitForBackend();
const guest = await call('/api/auth/guest/refresh');
const token = guest.body?.backstageIdentity?.token;
const asGuest = { headers: { authorization: `Bearer ${token}` } };

await check('the guest sign-in of the fresh app gives a token', async () => {
  expectStatus(guest, 200);
  if (!token) throw new Error('no token');
});
for (const plugin of ['productiv-home', 'provisioning-workflows']) {
  await check(`${plugin}: /health answers without a token`, async () =>
    expectStatus(await call(`/api/${plugin}/health`), 200),
  );
}
await check(
  'productiv-home: /catalog refuses a call without a token',
  async () => expectStatus(await call('/api/productiv-home/catalog'), 401),
);
await check('productiv-home: /catalog answers a signed-in user', async () => {
  const res = await call('/api/productiv-home/catalog', asGuest);
  expectStatus(res, 200);
});
await check(
  'the fresh app with both frontend plugins type-checks (yarn tsc)',
  async () => {
    if (process.env.DROP_IN_FRONTEND !== 'ok') {
      throw new Error(process.env.DROP_IN_FRONTEND ?? 'not run');
    }
  },
);
// The fresh app's guest is not a catalog user: Home says what to do.
await check(
  'productiv-home: /me tells a user outside the catalog why',
  async () => {
    const res = await call('/api/productiv-home/me', asGuest);
    expectStatus(res, 404);
    if (!/not in the software catalog/.test(res.body?.error?.message)) {
      throw new Error(JSON.stringify(res.body).slice(0, 200));
    }
  },
);
await check('productiv-home: a bad request body answers 400', async () => {
  const res = await call('/api/productiv-home/requests', {
    method: 'POST',
    headers: { ...asGuest.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ tier: 42 }),
  });
  expectStatus(res, 400);
});
await check(
  'productiv-home: the connectors are the configured ones',
  async () => {
    const res = await call('/api/productiv-home/connectors', asGuest);
    expectStatus(res, 200);
    const ids = JSON.stringify(res.body);
    for (const id of ['okta', 'slack', 'email', 'jira-service-management']) {
      if (!ids.includes(id))
        throw new Error(`no ${id} in ${ids.slice(0, 300)}`);
    }
  },
);
await check(
  'provisioning-workflows: /apps refuses a call without a token',
  async () => expectStatus(await call('/api/provisioning-workflows/apps'), 401),
);
await check(
  'provisioning-workflows: /apps answers a signed-in user',
  async () =>
    expectStatus(await call('/api/provisioning-workflows/apps', asGuest), 200),
);
await check(
  'the scheduler task routes of both plugins refuse a call without a token',
  async () => {
    for (const plugin of ['productiv-home', 'provisioning-workflows']) {
      expectStatus(
        await call(`/api/${plugin}/.backstage/scheduler/v1/tasks`),
        401,
      );
    }
  },
);
await check(
  'the scaffolder lists the productiv-home:request-app action',
  async () => {
    const res = await call('/api/scaffolder/v2/actions', asGuest);
    expectStatus(res, 200);
    if (!res.body.some?.(a => a.id === 'productiv-home:request-app')) {
      throw new Error('the action is not listed');
    }
  },
);

const passed = results.filter(Boolean).length;
console.log(
  `drop-in check: ${passed} passed, ${results.length - passed} failed`,
);
process.exit(passed === results.length ? 0 : 1);
