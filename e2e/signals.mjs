// Live pages through signals, not polling: run progress, the inventory sync
// and Home's approvals reach the page through the signals connection, and
// no status request is made on an interval while it is open. Registered
// inside the portal suite (portal.test.mjs) after the flows that leave a
// waiting Zoom run and a request waiting on Olivia Chen behind.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP,
  BACKEND,
  checkPage,
  newPage,
  tokenFor,
  withDiagnostics,
} from './harness.mjs';

const ADMIN = 'user:default/alex.morgan';
const APPROVER = 'user:default/olivia.chen';
const REQUESTER = 'user:default/noah.kim';
const RUNS_CHANNEL = 'provisioning-workflows:runs';
const SYNC_CHANNEL = 'provisioning-workflows:sync';
const HOME_CHANNEL = 'productiv-home:requests';
/** Longer than the pages' fallback polling (2 s for runs, 10 s for Home). */
const QUIET_MS = { runs: 6_000, home: 12_000 };

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** A page signed in as `persona`, ready to load another page. */
async function signedIn(persona) {
  const page = await newPage(persona);
  await page.getByText(/^Welcome, /).waitFor({ timeout: 60_000 });
  return page;
}

async function call(who, method, url, body) {
  const res = await fetch(`${BACKEND}/api${url}`, {
    method,
    headers: {
      authorization: `Bearer ${await tokenFor(who)}`,
      'content-type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Records, from before the page loads, its GET requests whose path matches
 * `path`, and the messages its signals connection receives; `open()` says
 * whether that connection is open now.
 */
function watch(page, path) {
  const requests = [];
  const signals = [];
  const sockets = new Set();
  page.on('request', request => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && path.test(url.pathname)) {
      requests.push({ at: Date.now(), path: url.pathname });
    }
  });
  page.on('websocket', ws => {
    if (!new URL(ws.url()).pathname.startsWith('/api/signals')) return;
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('framereceived', frame => {
      try {
        const json = JSON.parse(String(frame.payload));
        if (json.channel) {
          signals.push({
            at: Date.now(),
            channel: json.channel,
            message: json.message,
          });
        }
      } catch {
        // Not a signal.
      }
    });
  });
  return {
    requests,
    signals,
    open: () => sockets.size > 0,
    since: (list, at) => list.filter(x => x.at >= at),
  };
}

/** Each request in `requests` follows one of `signals` by at most `ms`. */
function eachFollowsASignal(requests, signals, ms = 1500) {
  for (const r of requests) {
    assert.ok(
      signals.some(s => s.at <= r.at && r.at - s.at <= ms),
      `GET ${r.path} at +${
        r.at % 100_000
      } ms follows no signal (signals at ${signals
        .map(s => s.at % 100_000)
        .join(', ')})`,
    );
  }
}

export function signalsTests() {
  it('shows run progress that reaches the page through a signal, and polls nothing while signals are connected', async () => {
    const zoom = (
      await call(ADMIN, 'GET', '/provisioning-workflows/workflows')
    ).items.find(i => i.label === 'Zoom');
    const [run] = (
      await call(
        ADMIN,
        'GET',
        `/provisioning-workflows/workflows/${zoom.instanceId}/runs?limit=1`,
      )
    ).items;
    assert.equal(run?.status, 'waiting', 'a test above left a waiting run');
    const { items: warned } = await call(
      ADMIN,
      'GET',
      `/provisioning-workflows/workflow-actions?runId=${run.id}&status=notified`,
    );
    assert.ok(warned.length >= 1, 'someone is still warned');
    const keptBefore = run.counts['opted-out'] ?? 0;

    const page = await signedIn(ADMIN);
    const seen = watch(page, new RegExp(`/workflow-runs/${run.id}$`));
    await withDiagnostics(page, 'signals-run', async () => {
      await page.goto(
        `${APP}/license-automation/instances/${encodeURIComponent(
          zoom.instanceId,
        )}?tab=results`,
      );
      const progress = page.getByTestId('run-progress');
      await progress
        .getByText('Waiting for the deadline')
        .waitFor({ timeout: 60_000 });
      // Past the one catch-up read the page makes when it starts following.
      await sleep(3_000);
      assert.ok(seen.open(), 'the signals connection is open');

      // Quiet: the run waits for its deadline and nothing asks for it.
      const quietFrom = Date.now();
      await sleep(QUIET_MS.runs);
      assert.ok(seen.open(), 'the signals connection stayed open');
      assert.deepEqual(
        seen.since(seen.requests, quietFrom).map(r => r.path),
        [],
        `no request for the run in ${QUIET_MS.runs} ms with signals connected`,
      );

      // A warned person keeps their license, elsewhere (their own browser).
      const person = warned[0];
      const changedAt = Date.now();
      await call(
        `user:default/${person.email.split('@')[0]}`,
        'POST',
        `/provisioning-workflows/warnings/${person.id}/opt-out`,
      );
      await progress
        .getByText(`Kept (opted out): ${keptBefore + 1}`, { exact: true })
        .waitFor({ timeout: 15_000 });

      // It came as a signal about this run, with its counts, and the page
      // asked for the run only after signals.
      const signals = seen
        .since(seen.signals, changedAt)
        .filter(s => s.channel === RUNS_CHANNEL && s.message.runId === run.id);
      assert.ok(
        signals.some(s => s.message.counts['opted-out'] === keptBefore + 1),
        JSON.stringify(signals),
      );
      const asked = seen.since(seen.requests, changedAt);
      assert.ok(asked.length >= 1, 'the page read the run again');
      assert.ok(asked.length <= signals.length, 'one read per signal at most');
      eachFollowsASignal(asked, signals);
      await checkPage(page, 'signals-run-progress');
    });
    await page.context().close();
  });

  it('follows an inventory sync through signals, with no polling while it runs', async () => {
    const page = await signedIn(ADMIN);
    const seen = watch(page, /\/api\/provisioning-workflows\/runs$/);
    await withDiagnostics(page, 'signals-sync', async () => {
      await page.goto(`${APP}/license-automation?tab=inventory`);
      const start = page.getByRole('button', { name: 'Sync inventory now' });
      await start.waitFor({ timeout: 60_000 });
      await page.getByRole('table').first().waitFor();
      await sleep(1_000);
      assert.ok(seen.open(), 'the signals connection is open');
      const before = await page
        .getByRole('row')
        .filter({ hasText: 'Inventory sync' })
        .count();

      const clickedAt = Date.now();
      await start.click();
      const rows = page.getByRole('row').filter({ hasText: 'Inventory sync' });
      await page.waitForFunction(
        n =>
          [...document.querySelectorAll('tr')].filter(r =>
            r.innerText.includes('Inventory sync'),
          ).length > n,
        before,
        { timeout: 60_000 },
      );
      await rows.first().filter({ hasText: 'Succeeded' }).waitFor({
        timeout: 120_000,
      });
      const signals = seen
        .since(seen.signals, clickedAt)
        .filter(s => s.channel === SYNC_CHANNEL);
      // (A scheduled activity ingest may run meanwhile, on the same channel.)
      assert.deepEqual(
        signals
          .filter(s => s.message.kind === 'inventory-sync')
          .map(s => s.message.status),
        ['running', 'succeeded'],
      );
      // The table was read on the signals, not every 2 s while it ran.
      eachFollowsASignal(seen.since(seen.requests, clickedAt), signals);
      assert.ok(seen.open(), 'the signals connection stayed open');
    });
    await page.context().close();
  });

  it("updates Home's approvals through signals, with no 10 s polling while they are connected", async () => {
    // A request of Noah Kim's waiting on his manager, Olivia Chen.
    const waitingOnOlivia = async () =>
      (await call(REQUESTER, 'GET', '/productiv-home/requests')).items.find(
        r =>
          r.status === 'pending_approval' &&
          r.appKey === 'figma' &&
          r.tier === 'editor',
      );
    let request = await waitingOnOlivia();
    if (!request) {
      request = await call(REQUESTER, 'POST', '/productiv-home/requests', {
        appKey: 'figma',
        tier: 'editor',
        justification: 'Prototyping the onboarding flow',
      });
    }

    assert.ok(request.justification, JSON.stringify(request));
    const page = await signedIn(APPROVER);
    const seen = watch(page, /\/api\/productiv-home\/approvals$/);
    await withDiagnostics(page, 'signals-home', async () => {
      await page.goto(`${APP}/productiv-home?tab=approvals`);
      const card = page.getByText(request.justification).first();
      await card.waitFor({ timeout: 60_000 });
      await sleep(1_000);
      assert.ok(seen.open(), 'the signals connection is open');

      const quietFrom = Date.now();
      await sleep(QUIET_MS.home);
      assert.ok(seen.open(), 'the signals connection stayed open');
      assert.deepEqual(
        seen.since(seen.requests, quietFrom).map(r => r.path),
        [],
        `no approvals request in ${QUIET_MS.home} ms with signals connected`,
      );

      // Noah cancels: the card leaves Olivia's inbox at once.
      let changedAt = Date.now();
      await call(
        REQUESTER,
        'POST',
        `/productiv-home/requests/${request.id}/cancel`,
      );
      await page
        .getByText(request.justification)
        .first()
        .waitFor({ state: 'detached', timeout: 15_000 });
      let signals = seen
        .since(seen.signals, changedAt)
        .filter(s => s.channel === HOME_CHANNEL);
      assert.ok(
        signals.some(s => s.message.id === request.id),
        JSON.stringify(signals),
      );
      eachFollowsASignal(seen.since(seen.requests, changedAt), signals);

      // And asks again: it comes in at once, through a signal too.
      changedAt = Date.now();
      const again = await call(REQUESTER, 'POST', '/productiv-home/requests', {
        appKey: 'figma',
        tier: 'editor',
        justification: 'Prototyping the onboarding flow',
      });
      await page
        .getByText('Prototyping the onboarding flow')
        .first()
        .waitFor({ timeout: 15_000 });
      signals = seen
        .since(seen.signals, changedAt)
        .filter(s => s.channel === HOME_CHANNEL);
      assert.ok(signals.some(s => s.message.id === again.id));
      eachFollowsASignal(seen.since(seen.requests, changedAt), signals);
      await checkPage(page, 'signals-home-approvals');
    });
    await page.context().close();
  });
}
