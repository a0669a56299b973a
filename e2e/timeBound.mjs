// Time-bound access, in the browser: an admin makes Tableau time-bound
// (7 days by default, at most 30); an employee who holds none picks 5
// days in the request dialog (a custom number within the maximum), the
// manager approves, Okta (the sandbox) grants it, and after an inventory
// sync My access and the request page show when it expires. Registered
// inside the portal suite (portal.test.mjs).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP,
  BACKEND,
  SANDBOX_PORTS,
  checkPage,
  newPage,
  tokenFor,
  withDiagnostics,
} from './harness.mjs';

const ADMIN = 'user:default/alex.morgan';
const inspector = `http://127.0.0.1:${SANDBOX_PORTS.SANDBOX_INSPECTOR_PORT}`;

async function home(who, method, url, body) {
  const res = await fetch(`${BACKEND}/api/productiv-home${url}`, {
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

async function until(what, check, timeoutMs = 60_000) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    assert.ok(Date.now() - start < timeoutMs, `Timed out: ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

export function timeBoundTests() {
  it('lets an employee pick a duration, and shows the expiry on My access and the request page', async () => {
    const instances = await home(ADMIN, 'GET', '/inventory/instances');
    const tableau = instances.items.find(i => i.appKey === 'tableau');
    assert.ok(tableau, JSON.stringify(instances.items.map(i => i.appKey)));
    const group = name => tableau.groups.find(g => g.name === name).id;
    await home(ADMIN, 'PUT', '/apps/tableau', {
      name: 'Tableau',
      description: 'Dashboards',
      category: 'Analytics',
      tiers: ['viewer', 'explorer'],
      approval: {
        required: 'everyone',
        exceptGroups: [],
        levels: [{ type: 'manager' }],
      },
      fulfillment: 'automatic',
      okta: {
        instanceId: tableau.id,
        tiers: [
          {
            tier: 'viewer',
            grant: 'okta-group',
            groupId: group('Tableau Viewer'),
          },
          {
            tier: 'explorer',
            grant: 'okta-group',
            groupId: group('Tableau Explorer'),
          },
        ],
      },
      duration: { defaultDays: 7, maxDays: 30 },
    });
    // A persona with no Tableau at all.
    const groups = await fetch(`${inspector}/api/okta/groups`).then(r =>
      r.json(),
    );
    const holders = new Set(
      groups.filter(g => g.name.startsWith('Tableau')).flatMap(g => g.members),
    );
    const persona = [
      'user:default/emma.jones',
      'user:default/noah.kim',
      'user:default/mia.nguyen',
      'user:default/ava.rossi',
    ].find(ref => !holders.has(`${ref.split('/')[1]}@acme.example.com`));
    assert.ok(persona, 'a persona without Tableau');
    const email = `${persona.split('/')[1]}@acme.example.com`;

    const page = await newPage(persona);
    await withDiagnostics(page, 'time-bound-request', async () => {
      await page.getByText(/^Welcome, /).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Request Tableau' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: /For how long/ }).click();
      const options = await page.getByRole('option').allInnerTexts();
      // Within the maximum, the default marked, no permanent access.
      assert.deepEqual(options, [
        '7 days (default)',
        '30 days',
        'Another number of days…',
      ]);
      await page
        .getByRole('option', { name: 'Another number of days…' })
        .click();
      await dialog.getByLabel('Days of access').fill('5');
      await dialog.getByLabel('Why do you need it?').fill('Quarterly review');
      await checkPage(page, 'time-bound-request-dialog');
      await dialog.getByRole('button', { name: 'Submit request' }).click();
      await page.getByText(/Requested Tableau/).waitFor();
    });

    const mine = await home(persona, 'GET', '/requests?scope=mine');
    const request = mine.items.find(r => r.appKey === 'tableau');
    assert.equal(request.accessDays, 5);
    await home(
      request.approvals[0].approver,
      'POST',
      `/requests/${request.id}/decision`,
      {
        decision: 'approved',
      },
    );
    const granted = await until('the grant', async () => {
      const r = await home(persona, 'GET', `/requests/${request.id}`);
      return r.status === 'fulfilled' && r;
    });
    const days = (Date.parse(granted.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 4.9 && days <= 5, `expires in ${days} days`);
    const tierGroup = `Tableau ${granted.tier[0].toUpperCase()}${granted.tier.slice(
      1,
    )}`;
    const members = (
      await fetch(`${inspector}/api/okta/groups`).then(r => r.json())
    ).find(g => g.name === tierGroup).members;
    assert.ok(members.includes(email), `Okta has ${email} in ${tierGroup}`);

    // The inventory learns it from Okta; My access shows the expiry.
    const sync = await fetch(
      `${BACKEND}/api/provisioning-workflows/sync/inventory`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenFor(ADMIN)}` },
      },
    );
    assert.equal(sync.status, 202, await sync.text());
    await until('the holding with its expiry', async () => {
      const held = await home(persona, 'GET', '/me/access');
      return held.items.find(h => h.appKey === 'tableau' && h.expiresAt);
    });

    await withDiagnostics(page, 'time-bound-my-access', async () => {
      await page.goto(`${APP}/productiv-home?tab=access`);
      const row = page.getByRole('row').filter({ hasText: 'Tableau' });
      await row.first().waitFor({ timeout: 30_000 });
      assert.match(await row.first().innerText(), /in 5 days/);
      await checkPage(page, 'time-bound-my-access');
    });
    await withDiagnostics(page, 'time-bound-request-page', async () => {
      await page.goto(
        `${APP}/productiv-home?tab=requests&request=${request.id}`,
      );
      const expiry = page.getByTestId('access-expiry');
      await expiry.waitFor({ timeout: 30_000 });
      assert.match(await expiry.innerText(), /Access expires:\s*in 5 days/);
      await page
        .getByRole('button', { name: 'Request an extension' })
        .waitFor();
      assert.match(
        await page.getByTestId('request-timeline').innerText(),
        /Access expires in 5 days/,
      );
      await checkPage(page, 'time-bound-request-page');
    });
    await page.context().close();
  });
}
