// Browser smoke test: starts the portal the way the README's start command
// does, signs in as the demo personas in headless Chromium and checks what
// the Productiv Home page shows; then restarts the portal and checks that
// data written through the portal survived.
import { mkdir, rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  APP,
  BACKEND,
  REPORTS,
  SANDBOX_PORTS,
  closeBrowser,
  launchBrowser,
  newBlankPage,
  newPage,
  root,
  startPortal,
  startSandboxProcess,
  stopPortal,
  tokenFor,
  waitForPortal,
  withDiagnostics,
} from './harness.mjs';
import { pageChecks } from './pages.mjs';
import { signalsTests } from './signals.mjs';

let portal;
let sandbox;

describe('portal in a browser', { timeout: 1_200_000 }, () => {
  before(async () => {
    await rm(path.join(root, '.data/e2e-sqlite'), {
      recursive: true,
      force: true,
    });
    await mkdir(REPORTS, { recursive: true });
    sandbox = startSandboxProcess();
    portal = startPortal();
    await waitForPortal(portal);
    await launchBrowser();
  });

  after(async () => {
    await closeBrowser();
    await stopPortal(portal);
    sandbox?.kill();
  });

  it('offers the demo personas on the sign-in page', async () => {
    const page = await newPage();
    for (const name of ['Emma Jones', 'Olivia Chen', 'Alex Morgan']) {
      await page.getByRole('button', { name: `Sign in as ${name}` }).waitFor();
    }
    assert.ok(await page.getByText('Approver', { exact: true }).isVisible());
    await page.context().close();
  });

  it('signs an employee in at / onto Productiv Home, also in the sidebar', async () => {
    const page = await newPage();
    await page.getByRole('button', { name: 'Sign in as Emma Jones' }).click();
    // Signing in at / lands on Productiv Home, not on a 404.
    await page.getByText('Welcome, Emma Jones').waitFor({ timeout: 60_000 });
    assert.equal(new URL(page.url()).pathname, '/productiv-home');
    await page.getByRole('link', { name: 'Productiv Home' }).first().click();
    await page.getByText('Welcome, Emma Jones').waitFor();
    assert.equal(
      await page.getByTestId('profile-title').innerText(),
      'Software Engineer, Engineering',
    );
    // The manager's name comes from the catalog, after the first paint.
    await page
      .getByTestId('profile-manager')
      .getByText('Olivia Chen')
      .waitFor({ timeout: 30_000 });
    assert.equal(
      await page.getByTestId('profile-manager').innerText(),
      'Manager: Olivia Chen',
    );
    assert.equal(
      await page.getByTestId('profile-roles').innerText(),
      'Employee',
    );
    assert.equal(await page.getByTestId('approver-note').count(), 0);
    await page.context().close();
  });

  it('shows an approver how many reports they approve for', async () => {
    const page = await newPage('user:default/olivia.chen');
    await page.getByText('Welcome, Olivia Chen').waitFor({ timeout: 60_000 });
    assert.equal(
      await page.getByTestId('approver-note').innerText(),
      'You approve requests of 5 direct reports.',
    );
    await page.context().close();
  });

  it('shows an admin their admin role', async () => {
    const page = await newPage('user:default/alex.morgan');
    await page.getByText('Welcome, Alex Morgan').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('profile-roles').innerText(), /Admin/);
    await page.context().close();
  });

  it('lets an admin sync the inventory from the license automation page', async () => {
    const page = await newPage('user:default/alex.morgan');
    await withDiagnostics(page, 'admin-sync', async () => {
      await page.getByText('Welcome, Alex Morgan').waitFor({ timeout: 60_000 });
      await page.getByRole('link', { name: 'Licenses' }).first().click();
      await page.getByRole('button', { name: 'Sync inventory now' }).click();
      const row = page
        .getByRole('row')
        .filter({ hasText: 'Inventory sync' })
        .filter({ hasText: 'Succeeded' });
      await row.first().waitFor({ timeout: 60_000 });
      assert.match(await row.first().innerText(), /\b9 apps\b/);
      await page.getByTestId('unmatched').waitFor();
      assert.match(
        await page.getByTestId('unmatched').innerText(),
        /1 in the catalog but not in Okta \(nina.petrov@acme.example.com\); 3 in Okta but not in the catalog/,
      );
    });
    await page.context().close();
  });

  it('does not show the runs to an employee', async () => {
    const page = await newPage('user:default/emma.jones');
    await page.getByText('Welcome, Emma Jones').waitFor({ timeout: 60_000 });
    await page.goto(`${APP}/license-automation`);
    // No raw 403: a page that says what is missing and who to ask.
    await page
      .getByText(/ask your Backstage administrator/)
      .first()
      .waitFor({ timeout: 30_000 });
    assert.equal(
      await page.getByRole('button', { name: 'Sync inventory now' }).count(),
      0,
    );
    await page.context().close();
  });

  it('lets an employee request an app that the approver approves in the inbox, live', async () => {
    // An admin offers Figma in Productiv Home, approved by the requester's manager.
    const admin = await tokenFor('user:default/alex.morgan');
    const put = await fetch(`${BACKEND}/api/productiv-home/apps/figma`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'Figma',
        description: 'Design and prototyping',
        category: 'Design',
        tiers: ['viewer', 'editor'],
        owners: ['user:default/sofia.garcia'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
        fulfillment: 'manual',
      }),
    });
    assert.equal(put.status, 200, await put.text());

    const employee = await newPage('user:default/emma.jones');
    await withDiagnostics(employee, 'request-employee', async () => {
      await employee
        .getByText('Welcome, Emma Jones')
        .waitFor({ timeout: 60_000 });
      await employee.getByRole('button', { name: 'Request Figma' }).click();
      await employee
        .getByLabel('Why do you need it?')
        .fill('Design reviews with the product team');
      await employee.getByRole('button', { name: 'Submit request' }).click();
      await employee
        .getByText('Pending approval (level 1)')
        .waitFor({ timeout: 30_000 });
    });

    const approver = await newPage('user:default/olivia.chen');
    await withDiagnostics(approver, 'request-approver', async () => {
      await approver
        .getByText('Welcome, Olivia Chen')
        .waitFor({ timeout: 60_000 });
      await approver.getByRole('tab', { name: 'Approvals' }).click();
      const card = approver
        .getByTestId('approval-card')
        .filter({ hasText: 'Emma Jones requests Figma · Viewer' });
      await card.waitFor({ timeout: 30_000 });
      assert.match(
        await card.innerText(),
        /Design reviews with the product team/,
      );
      await card.getByRole('button', { name: 'Approve' }).click();
      await approver
        .getByText('Nothing to approve')
        .waitFor({ timeout: 30_000 });
    });
    await approver.context().close();

    // The employee's page shows the new status without a reload.
    await withDiagnostics(employee, 'request-live', async () => {
      await employee.getByText('Access granted').waitFor({ timeout: 30_000 });
    });
    await employee.context().close();
  });

  it("grants access through the tier's Okta group once approved", async () => {
    // Figma, automatic: approval by the manager, then a durable job adds the
    // requester to the tier's Okta group (from the synced inventory).
    const admin = await tokenFor('user:default/alex.morgan');
    // The link to Okta is explicit: the instance and each tier's group, as
    // the settings screen picks them from the inventory's lists.
    const instances = await fetch(
      `${BACKEND}/api/productiv-home/inventory/instances`,
      { headers: { authorization: `Bearer ${admin}` } },
    ).then(r => r.json());
    const figma = instances.items.find(i => i.appKey === 'figma');
    assert.ok(figma, JSON.stringify(instances));
    const groupId = name => {
      const group = figma.groups.find(g => g.name === name);
      assert.ok(group, `${name} in ${JSON.stringify(figma.groups)}`);
      return group.id;
    };
    const put = await fetch(`${BACKEND}/api/productiv-home/apps/figma`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'Figma',
        description: 'Design and prototyping',
        category: 'Design',
        tiers: ['viewer', 'editor'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
        fulfillment: 'automatic',
        okta: {
          instanceId: figma.id,
          tiers: [
            {
              tier: 'viewer',
              grant: 'okta-group',
              groupId: groupId('Figma Viewer'),
            },
            {
              tier: 'editor',
              grant: 'okta-group',
              groupId: groupId('Figma Editor'),
            },
          ],
        },
      }),
    });
    assert.equal(put.status, 200, await put.text());
    const call = async (who, method, url, body) => {
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
      return JSON.parse(text);
    };
    const editors = async () =>
      (
        await fetch(
          `http://127.0.0.1:${SANDBOX_PORTS.SANDBOX_INSPECTOR_PORT}/api/okta/groups`,
        ).then(r => r.json())
      ).find(g => g.name === 'Figma Editor').members;
    assert.ok(!(await editors()).includes('liam.patel@acme.example.com'));

    const request = await call('user:default/liam.patel', 'POST', '/requests', {
      appKey: 'figma',
      tier: 'editor',
      justification: 'Prototyping the new onboarding',
    });
    await call(
      'user:default/olivia.chen',
      'POST',
      `/requests/${request.id}/decision`,
      {
        decision: 'approved',
      },
    );
    const deadline = Date.now() + 30_000;
    let current;
    do {
      await new Promise(r => setTimeout(r, 500));
      current = await call(
        'user:default/liam.patel',
        'GET',
        `/requests/${request.id}`,
      );
    } while (current.status === 'fulfilling' && Date.now() < deadline);
    assert.equal(current.status, 'fulfilled', JSON.stringify(current.history));
    assert.equal(current.fulfillment.provider, 'okta');
    assert.ok((await editors()).includes('liam.patel@acme.example.com'));
  });

  it('loses nothing when the backend is killed with a grant in flight', async () => {
    // Figma is automatic since the test above. Okta answers slowly, so the
    // grant is in flight when the portal is killed.
    const faults = `http://127.0.0.1:${SANDBOX_PORTS.SANDBOX_INSPECTOR_PORT}/api/faults`;
    const call = async (who, method, url, body) => {
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
      return JSON.parse(text);
    };
    const request = await call('user:default/ava.rossi', 'POST', '/requests', {
      appKey: 'figma',
      tier: 'editor',
    });
    await fetch(`${faults}/okta`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delayRate: 1, delayMs: 3000 }),
    });
    // Olivia is Ava's manager.
    await call(
      'user:default/olivia.chen',
      'POST',
      `/requests/${request.id}/decision`,
      {
        decision: 'approved',
      },
    );
    await new Promise(r => setTimeout(r, 1000));
    process.kill(-portal.child.pid, 'SIGKILL');
    await new Promise(r => portal.child.once('exit', r));
    await fetch(faults, { method: 'DELETE' });

    portal = startPortal();
    await waitForPortal(portal);
    const deadline = Date.now() + 60_000;
    let current;
    do {
      await new Promise(r => setTimeout(r, 1000));
      current = await call(
        'user:default/ava.rossi',
        'GET',
        `/requests/${request.id}`,
      );
    } while (current.status === 'fulfilling' && Date.now() < deadline);
    assert.equal(current.status, 'fulfilled', JSON.stringify(current.history));
    // Granted once: one fulfilled event, and Ava is in the group.
    assert.equal(current.history.filter(h => h.type === 'fulfilled').length, 1);
    const editors = (
      await fetch(
        `http://127.0.0.1:${SANDBOX_PORTS.SANDBOX_INSPECTOR_PORT}/api/okta/groups`,
      ).then(r => r.json())
    ).find(g => g.name === 'Figma Editor').members;
    assert.ok(editors.includes('ava.rossi@acme.example.com'));
  });

  it('lets an approver decide from the e-mail, on its confirmation page', async () => {
    // Zoom, fulfilled by hand, approved by the manager; approvals go by e-mail.
    const admin = await tokenFor('user:default/alex.morgan');
    const put = await fetch(`${BACKEND}/api/productiv-home/apps/zoom`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'Zoom',
        tiers: ['pro'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
        fulfillment: 'manual',
      }),
    });
    assert.equal(put.status, 200, await put.text());
    const noah = await tokenFor('user:default/noah.kim');
    const created = await fetch(`${BACKEND}/api/productiv-home/requests`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${noah}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        appKey: 'zoom',
        tier: 'pro',
        justification: 'Customer webinars',
      }),
    }).then(r => r.json());
    const inbox = `http://127.0.0.1:${SANDBOX_PORTS.SANDBOX_INSPECTOR_PORT}/api/mail?to=olivia.chen@acme.example.com`;
    let mail;
    for (let i = 0; i < 60 && !mail; i++) {
      mail = (await fetch(inbox).then(r => r.json())).find(m =>
        m.subject.startsWith('Approve Zoom Pro'),
      );
      if (!mail) await new Promise(r => setTimeout(r, 500));
    }
    assert.ok(mail, 'the approval e-mail arrived');
    assert.match(mail.text, /Why: Customer webinars/);
    const approve = mail.links.find(l => l.includes('/email/decide/'));

    const page = await newBlankPage();
    await withDiagnostics(page, 'email-approval', async () => {
      await page.goto(approve);
      await page.getByText('Approve this request?').waitFor();
      const status = async () =>
        (
          await fetch(`${BACKEND}/api/productiv-home/requests/${created.id}`, {
            headers: { authorization: `Bearer ${noah}` },
          }).then(r => r.json())
        ).status;
      assert.equal(await status(), 'pending_approval');
      await page.getByLabel('Comment (optional)').fill('Enjoy the webinars');
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByText('Thank you.').waitFor();
      assert.equal(await status(), 'fulfilled');
      // The link works once.
      await page.goto(approve);
      await page.getByText('This link has already been used.').waitFor();
    });
    await page.context().close();
  });

  it('decides a request from a Slack button clicked in the sandbox inspector', async () => {
    // The sandbox as scripts/start.sh runs it: Slack clicks go to the Slack
    // module's Request URL by default, with no URL configured by the test.
    const inspector = `http://127.0.0.1:${SANDBOX_PORTS.SANDBOX_INSPECTOR_PORT}`;
    const state = await fetch(`${inspector}/api/state`).then(r => r.json());
    assert.equal(
      state.slackInteractivityUrl,
      `${BACKEND}/api/productiv-home/slack/interactivity`,
    );
    const admin = await tokenFor('user:default/alex.morgan');
    const asAdmin = {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/json',
    };
    const settingsUrl = `${BACKEND}/api/productiv-home/settings`;
    const settings = await fetch(settingsUrl, { headers: asAdmin }).then(r =>
      r.json(),
    );
    const putSettings = async body => {
      const res = await fetch(settingsUrl, {
        method: 'PUT',
        headers: asAdmin,
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 200, await res.text());
    };
    await putSettings({ ...settings, approvalMethod: 'slack' });
    const page = await newBlankPage();
    try {
      // Zoom is approved by the manager (set up by the e-mail test above).
      const mia = await tokenFor('user:default/mia.nguyen');
      const created = await fetch(`${BACKEND}/api/productiv-home/requests`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${mia}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          appKey: 'zoom',
          tier: 'pro',
          justification: 'Team retrospectives',
        }),
      });
      const body = await created.text();
      assert.equal(created.status, 201, body);
      const request = JSON.parse(body);
      await withDiagnostics(page, 'slack-approval', async () => {
        const card = page
          .getByTestId('slack-message')
          .filter({ hasText: 'james.walker@acme.example.com' })
          .filter({ hasText: 'Mia Nguyen' })
          .first();
        for (let i = 0; i < 30; i++) {
          await page.goto(inspector);
          await page.getByText('Slack messages').waitFor();
          if (await card.getByRole('button', { name: 'Approve' }).count()) {
            break;
          }
          await new Promise(r => setTimeout(r, 1000));
        }
        await card.getByRole('button', { name: 'Approve' }).click();
        let status;
        for (let i = 0; i < 60; i++) {
          status = (
            await fetch(
              `${BACKEND}/api/productiv-home/requests/${request.id}`,
              { headers: { authorization: `Bearer ${mia}` } },
            ).then(r => r.json())
          ).status;
          if (status !== 'pending_approval') break;
          await new Promise(r => setTimeout(r, 500));
        }
        assert.equal(status, 'fulfilled');
      });
    } finally {
      await page.context().close();
      await putSettings(settings);
    }
  });

  it('lets an admin add Miro from the inventory to Productiv Home', async () => {
    const page = await newPage('user:default/alex.morgan');
    await withDiagnostics(page, 'admin-add-app', async () => {
      await page.getByText('Welcome, Alex Morgan').waitFor({ timeout: 60_000 });
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByRole('tab', { name: 'Not in Productiv Home' }).click();
      await page
        .getByRole('button', { name: 'Add Miro to Productiv Home' })
        .click();
      await page.getByLabel('Name', { exact: true }).fill('Miro Whiteboards');
      await page.getByLabel('Description').fill('Online whiteboard');
      await page.getByLabel('Category').fill('Collaboration');
      await page.getByLabel(/Requestable tiers/).fill('viewer, editor');
      // Automatic fulfillment names the Okta app and each tier's grant,
      // picked by name from the inventory.
      await page
        .getByRole('button', { name: /^How access is granted/ })
        .click();
      await page
        .getByRole('option', { name: /^Automatically, through Okta/ })
        .click();
      await page.getByRole('button', { name: /^Okta app Miro/ }).waitFor();
      await page
        .getByRole('button', { name: /^How viewer is granted/ })
        .waitFor();
      await page
        .getByRole('button', { name: /^How editor is granted/ })
        .waitFor();
      await page.getByRole('listbox').waitFor({ state: 'detached' });
      await mkdir(path.join(REPORTS, 'screens'), { recursive: true });
      await page.screenshot({
        path: path.join(REPORTS, 'screens', 'home-settings-okta-link.png'),
      });
      await page
        .getByRole('button', { name: /^How access is granted/ })
        .click();
      await page.getByRole('option', { name: 'A ticket to IT' }).click();
      // The employee view follows the form.
      const preview = page.getByTestId('preview-card');
      await preview.getByText('Online whiteboard').waitFor();
      await preview.getByText('Tiers: viewer, editor').waitFor();
      assert.match(await preview.innerText(), /COLLABORATION/i);
      assert.match(await preview.innerText(), /Miro Whiteboards/);
      assert.equal(
        await preview
          .getByRole('button', { name: 'Request Miro Whiteboards' })
          .isDisabled(),
        true,
      );
      assert.match(
        await page.getByTestId('preview-fulfillment').innerText(),
        /IT then gets a ticket/,
      );
      await page.getByRole('button', { name: 'Save' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Miro' });
      await row.first().waitFor({ timeout: 30_000 });
      assert.match(await row.first().innerText(), /Collaboration/);
      assert.match(await row.first().innerText(), /Ticket to IT/);
      assert.match(await row.first().innerText(), /Viewer, Editor/);
      // The connectors this portal has, for super admins.
      await page.getByRole('tab', { name: 'Connectors' }).click();
      await page.getByText('Connectors').first().waitFor();
    });
    await page.context().close();

    // Employees see it in the catalog; other employees never see the Settings tab.
    const employee = await newPage('user:default/liam.patel');
    await employee
      .getByText('Welcome, Liam Patel')
      .waitFor({ timeout: 60_000 });
    await employee.getByTestId('app-card-miro').waitFor({ timeout: 30_000 });
    // The card the admin previewed.
    const card = await employee.getByTestId('app-card-miro').innerText();
    assert.match(card, /Miro Whiteboards/);
    assert.match(card, /Tiers: Viewer, Editor/);
    assert.equal(
      await employee.getByRole('tab', { name: 'Settings' }).count(),
      0,
    );
    await employee.context().close();
  });

  it('loads the demo organization into the catalog', async () => {
    const token = await tokenFor('user:default/emma.jones');
    const get = async kind => {
      const res = await fetch(
        `${BACKEND}/api/catalog/entities/by-query?filter=kind=${kind}&limit=500`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      assert.equal(res.status, 200);
      return (await res.json()).items;
    };
    const users = await get('user');
    const teams = (await get('group')).filter(g => g.spec.type === 'team');
    assert.ok(users.length >= 25, `${users.length} users`);
    assert.ok(teams.length >= 4, `${teams.length} teams`);
    for (const u of users) {
      assert.ok(u.spec.profile.email, `${u.metadata.name} has an e-mail`);
      assert.ok(
        u.metadata.annotations['productiv.io/job-title'],
        `${u.metadata.name} has a title`,
      );
      assert.ok(
        u.metadata.annotations['productiv.io/department'],
        `${u.metadata.name} has a department`,
      );
    }
    const withManager = users.filter(
      u => u.metadata.annotations['productiv.io/manager'],
    );
    assert.equal(
      withManager.length,
      users.length - 1,
      'everybody but the CEO has a manager',
    );
  });

  it('offers the request-app template with its scaffolder action', async () => {
    const token = await tokenFor('user:default/emma.jones');
    const headers = { authorization: `Bearer ${token}` };
    // The catalog loads the template shortly after startup.
    const deadline = Date.now() + 60_000;
    let template;
    while (Date.now() < deadline) {
      const res = await fetch(
        `${BACKEND}/api/catalog/entities/by-name/template/default/request-app`,
        { headers },
      );
      if (res.status === 200) {
        template = await res.json();
        break;
      }
      await new Promise(r => setTimeout(r, 1000));
    }
    assert.ok(template, 'the request-app template is in the catalog');
    assert.equal(template.spec.steps[0].action, 'productiv-home:request-app');
    const actions = await fetch(`${BACKEND}/api/scaffolder/v2/actions`, {
      headers,
    }).then(r => r.json());
    assert.ok(
      actions.some(a => a.id === 'productiv-home:request-app'),
      'the scaffolder has the action',
    );
  });

  it('lets an admin set up a workflow for Figma, preview it, run it once and read its results and audit events', async () => {
    const inspector = `http://127.0.0.1:${SANDBOX_PORTS.SANDBOX_INSPECTOR_PORT}`;
    const figmaUsers = async () =>
      (await fetch(`${inspector}/api/okta/apps`).then(r => r.json()))
        .find(a => a.label === 'Figma')
        .users.map(u => u.login);
    const before = await figmaUsers();
    const page = await newPage('user:default/alex.morgan');
    let affected;
    await withDiagnostics(page, 'workflow-admin', async () => {
      await page.getByText('Welcome, Alex Morgan').waitFor({ timeout: 60_000 });
      await page.getByRole('link', { name: 'Licenses' }).first().click();
      await page.getByRole('tab', { name: 'Inventory' }).click();
      // The inventory was synced by a test above; the activity (90 days in
      // the sandbox, a quarter of the assignments without any) is ingested here.
      for (const [kind, button] of [
        ['Inventory sync', 'Sync inventory now'],
        ['Activity ingest', 'Ingest activity now'],
      ]) {
        const done = page
          .getByRole('row')
          .filter({ hasText: kind })
          .filter({ hasText: 'Succeeded' });
        await page.getByRole('button', { name: button }).waitFor();
        if ((await done.count()) === 0) {
          await page.getByRole('button', { name: button }).click();
          await done.first().waitFor({ timeout: 120_000 });
        }
      }

      await page.getByRole('tab', { name: 'Workflows' }).click();
      const figmaRow = page.getByRole('row').filter({ hasText: 'Figma' });
      await figmaRow.first().waitFor({ timeout: 30_000 });
      assert.match(await figmaRow.first().innerText(), /Needs setup/);
      await figmaRow
        .first()
        .getByRole('link', { name: 'Figma', exact: true })
        .click();

      // Set-up: start from a recommended workflow, without warnings so that
      // the run acts at once.
      await page
        .getByRole('button', {
          name: 'Start from Reclaim licenses unused for 90 days',
        })
        .click();
      const rule = page.getByRole('group', { name: 'Rule 1' });
      assert.equal(await rule.getByLabel('Condition').inputValue(), 'noSignIn');
      assert.equal(await rule.getByLabel('Days (N)').inputValue(), '90');
      await page.getByLabel('Warn people before the change').uncheck();
      await page.getByTestId('unsaved').waitFor();

      // Preview of the definition being edited, before saving.
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await page.getByTestId('preview-affected').waitFor({ timeout: 30_000 });
      affected = Number(await page.getByTestId('preview-affected').innerText());
      assert.ok(affected >= 1, `${affected} affected`);
      assert.ok(
        Number(await page.getByTestId('preview-assigned').innerText()) >=
          affected,
      );
      const planned = page.getByRole('row').filter({ hasText: 'Deprovision' });
      assert.equal(await planned.count(), affected);
      assert.match(await planned.first().innerText(), /never/);

      await page.getByRole('tab', { name: 'Setup' }).click();
      await page.getByRole('button', { name: 'Save workflow' }).click();
      await page.getByTestId('unsaved').waitFor({ state: 'detached' });
      assert.equal(
        await page.getByTestId('workflow-status').innerText(),
        'Active',
      );

      // Run once, for real, and follow it to the end.
      await page.getByRole('button', { name: 'Run once' }).click();
      const dialog = page.getByRole('dialog');
      assert.equal(
        await dialog.getByLabel(/Dry run/).isChecked(),
        false,
        'not a dry run',
      );
      await dialog.getByRole('button', { name: 'Start run' }).click();
      const progress = page.getByTestId('run-progress');
      await progress.waitFor();
      await progress.getByText('Succeeded').waitFor({ timeout: 90_000 });
      assert.equal(
        await page.getByTestId('run-progress-count').innerText(),
        `${affected}/${affected} finished`,
      );
      assert.match(await progress.innerText(), new RegExp(`Done: ${affected}`));

      // Results: the chart, the actions and the run.
      await page.getByRole('tab', { name: 'Results' }).click();
      await page.getByTestId('results-chart').waitFor({ timeout: 30_000 });
      assert.ok(
        (await page.getByTestId('results-chart').locator('path').count()) >= 2,
      );
      assert.match(
        await page.getByTestId('results-actions').innerText(),
        new RegExp(`Done: ${affected}`),
      );
      const runRow = page.getByRole('row').filter({ hasText: 'By hand' });
      await runRow
        .first()
        .getByRole('button', { name: 'Show actions' })
        .click();
      const acted = page
        .getByRole('row')
        .filter({ hasText: 'Deprovision' })
        .filter({ hasText: 'Done' });
      await acted.first().waitFor();
      assert.equal(await acted.count(), affected);

      // Audit events of the app: the run started and finished.
      await page.getByRole('tab', { name: 'Audit events' }).click();
      for (const type of ['Run finished', 'Run started', 'Workflow saved']) {
        await page
          .getByRole('row')
          .filter({ hasText: type })
          .first()
          .waitFor({ timeout: 30_000 });
      }
      await page.getByLabel('Event').selectOption('run.started');
      await page
        .getByRole('row')
        .filter({ hasText: 'Run finished' })
        .first()
        .waitFor({ state: 'detached' });
      const started = page.getByRole('row').filter({ hasText: 'Run started' });
      await started.first().waitFor();
      assert.equal(await started.count(), 1);
      assert.equal(
        await page.getByRole('row').filter({ hasText: 'Run finished' }).count(),
        0,
      );
    });
    await page.context().close();
    // Okta: the people the run acted on lost Figma, nobody else did.
    const after = await figmaUsers();
    assert.equal(before.length - after.length, affected);
    assert.ok(after.every(login => before.includes(login)));
  });

  it('lets a warned employee keep their license before the deadline', async () => {
    // Zoom warns 7 days ahead of removing licenses unused for 90 days.
    const call = async (who, method, url, body) => {
      const res = await fetch(`${BACKEND}/api/provisioning-workflows${url}`, {
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
    };
    const admin = 'user:default/alex.morgan';
    const zoom = (await call(admin, 'GET', '/workflows')).items.find(
      i => i.label === 'Zoom',
    );
    await call(admin, 'PUT', `/workflows/${zoom.instanceId}`, {
      rules: [
        {
          condition: { type: 'noSignIn', days: 90 },
          outcome: { action: 'deprovision' },
        },
      ],
      newHireDays: 30,
      notifications: { enabled: true, daysBefore: 7, allowOptOut: true },
      mode: 'automatic',
    });
    const started = await call(
      admin,
      'POST',
      `/workflows/${zoom.instanceId}/runs`,
      { dryRun: false },
    );
    let run;
    for (let i = 0; i < 60; i++) {
      run = await call(admin, 'GET', `/workflow-runs/${started.id}`);
      if (run.status !== 'planning') break;
      await new Promise(r => setTimeout(r, 500));
    }
    assert.equal(run.status, 'waiting', JSON.stringify(run));
    const { items } = await call(
      admin,
      'GET',
      `/workflow-actions?runId=${run.id}&status=notified`,
    );
    assert.ok(items.length >= 1, 'someone is warned');
    const warned = items[0];
    const persona = `user:default/${warned.email.split('@')[0]}`;

    const page = await newBlankPage();
    await withDiagnostics(page, 'keep-license', async () => {
      await page.goto(`${APP}/license-automation/warnings?persona=${persona}`);
      await page
        .getByRole('link', { name: 'Keep my license…' })
        .first()
        .click({ timeout: 60_000 });
      assert.equal(
        new URL(page.url()).pathname,
        `/license-automation/warnings/${warned.id}`,
      );
      assert.match(
        await page.getByTestId('warning-change').innerText(),
        /Your Zoom license will be removed in \d+ days/,
      );
      await page.getByRole('button', { name: 'Keep my license' }).click();
      await page
        .getByTestId('warning-outcome')
        .getByText('You keep your Zoom license: nothing will change.')
        .waitFor();
      assert.equal(
        await page.getByRole('button', { name: 'Keep my license' }).count(),
        0,
      );
    });
    await page.context().close();
    const kept = await call(admin, 'GET', `/workflow-actions?runId=${run.id}`);
    assert.equal(kept.items.find(a => a.id === warned.id).status, 'opted-out');
    const events = await call(
      admin,
      'GET',
      `/audit-events?runId=${run.id}&type=action.opted-out`,
    );
    assert.deepEqual(
      events.items.map(e => [e.actor, e.actionId]),
      [[persona, warned.id]],
    );
  });

  // Every main page as its persona, once the flows above left data behind.
  pageChecks();

  signalsTests();

  it('keeps data written through the portal across a restart', async () => {
    // Starring an entity is stored by the user-settings backend in SQLite.
    const favorite = page =>
      page
        .locator('button[aria-label$="favorites"]')
        .getAttribute('aria-label');
    let page = await newPage('user:default/emma.jones');
    await page.getByText('Welcome, Emma Jones').waitFor({ timeout: 60_000 });
    await page.goto(`${APP}/catalog/default/user/olivia.chen`);
    await page.waitForLoadState('networkidle');
    const before = await favorite(page);
    const toggled =
      before === 'Add to favorites'
        ? 'Remove from favorites'
        : 'Add to favorites';
    await page.locator('button[aria-label$="favorites"]').click();
    await page.getByRole('button', { name: toggled }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.context().close();

    await stopPortal(portal);
    portal = startPortal();
    await waitForPortal(portal);

    page = await newPage('user:default/emma.jones');
    await page.getByText('Welcome, Emma Jones').waitFor({ timeout: 60_000 });
    await page.goto(`${APP}/catalog/default/user/olivia.chen`);
    await page.waitForLoadState('networkidle');
    await page
      .getByRole('button', { name: toggled })
      .waitFor({ timeout: 60_000 });
    assert.equal(await favorite(page), toggled);
    await page.context().close();
  });
});
