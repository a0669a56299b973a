// Restore after reclaim, in the browser: a person whose Figma license the
// workflow test above reclaimed (portal.test.mjs, "lets an admin set up a
// workflow for Figma…") finds it under Recently taken back on My access,
// by name and rule, and restores it in one click; Okta (the sandbox) has
// them back in the group, and the admin's results show the rule's regret
// rate. Registered inside the portal suite, after that test.
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

async function call(who, method, url) {
  const res = await fetch(`${BACKEND}/api/provisioning-workflows${url}`, {
    method,
    headers: { authorization: `Bearer ${await tokenFor(who)}` },
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export function restoreTests() {
  it('lets a reclaimed person restore their license from My access, and the results show the regret rate', async () => {
    const inspector = `http://127.0.0.1:${SANDBOX_PORTS.SANDBOX_INSPECTOR_PORT}`;
    const figmaUsers = async () =>
      (await fetch(`${inspector}/api/okta/apps`).then(r => r.json()))
        .find(a => a.label === 'Figma')
        .users.map(u => u.login.toLowerCase());
    const figma = (await call(ADMIN, 'GET', '/workflows')).items.find(
      i => i.label === 'Figma',
    );
    const results = await call(
      ADMIN,
      'GET',
      `/workflows/${figma.instanceId}/results`,
    );
    const run = results.runs.find(r => !r.dryRun && r.counts.done);
    assert.ok(run, 'a run of Figma took licenses');
    const { items } = await call(
      ADMIN,
      'GET',
      `/workflow-actions?runId=${run.id}&status=done&limit=1000`,
    );
    // Someone in the catalog (a demo persona), reclaimed by that run.
    let taken;
    let persona;
    for (const a of items) {
      const ref = `user:default/${a.email.split('@')[0]}`;
      const mine = await fetch(`${BACKEND}/api/productiv-home/me/taken-back`, {
        headers: { authorization: `Bearer ${await tokenFor(ref)}` },
      }).then(r => (r.ok ? r.json() : { items: [] }));
      if (mine.items.some(t => t.actionId === a.id && t.restorable)) {
        taken = a;
        persona = ref;
        break;
      }
    }
    assert.ok(taken, 'a reclaimed person can restore');
    assert.ok(!(await figmaUsers()).includes(taken.email.toLowerCase()));

    const page = await newPage(persona);
    await withDiagnostics(page, 'restore-my-access', async () => {
      await page.getByText(/^Welcome, /).waitFor({ timeout: 60_000 });
      await page.goto(`${APP}/productiv-home?tab=access`);
      const section = page.getByTestId('recently-taken-back');
      await section.waitFor({ timeout: 60_000 });
      assert.match(
        await section.innerText(),
        /Figma .*removed[\s\S]*By Figma license automation, rule “No sign-in for 90 days”/,
      );
      await checkPage(page, 'restore-my-access-before');
      await section
        .getByRole('button', { name: 'Restore my Figma license' })
        .click();
      await section.getByText(/Being restored|Restored/).waitFor({
        timeout: 30_000,
      });
    });
    // Okta has them back, through the durable job.
    for (let i = 0; i < 60; i++) {
      if ((await figmaUsers()).includes(taken.email.toLowerCase())) break;
      await new Promise(r => setTimeout(r, 500));
    }
    assert.ok((await figmaUsers()).includes(taken.email.toLowerCase()));
    await page.reload();
    await page
      .getByTestId('recently-taken-back')
      .getByText(/Restored/)
      .waitFor({ timeout: 30_000 });
    await checkPage(page, 'restore-my-access-after');
    await page.context().close();

    // The admin's results: the rule's regret rate counts the restore.
    const admin = await newPage(ADMIN);
    await withDiagnostics(admin, 'restore-regret', async () => {
      await admin.getByText(/^Welcome, /).waitFor({ timeout: 60_000 });
      await admin.goto(
        `${APP}/license-automation/instances/${encodeURIComponent(
          figma.instanceId,
        )}?tab=results`,
      );
      const row = admin
        .getByRole('row')
        .filter({ hasText: 'No sign-in for 90 days' })
        .filter({ hasText: '%' });
      await row.first().waitFor({ timeout: 60_000 });
      const after = await call(
        ADMIN,
        'GET',
        `/workflows/${figma.instanceId}/results`,
      );
      const regret = after.regret.find(
        r => r.ruleName === 'No sign-in for 90 days',
      );
      assert.equal(regret.restored, 1);
      const percent = `${(regret.regretRate * 100).toLocaleString('en-US', {
        maximumFractionDigits: 1,
      })}%`;
      assert.match(await row.first().innerText(), new RegExp(percent));
      await checkPage(admin, 'restore-regret-results');
    });
    await admin.context().close();
    const events = await call(
      ADMIN,
      'GET',
      `/audit-events?runId=${run.id}&type=restore.requested`,
    );
    assert.deepEqual(
      events.items.map(e => [e.actor, e.actionId]),
      [[persona, taken.id]],
    );
  });
}
