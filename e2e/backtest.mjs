// The backtest beside the preview: the admin runs Figma's workflow (saved
// by the workflow test above, over the sandbox's 90 days of activity and
// the membership history the first sync read from its System Log) as of
// 30 days ago and as of a chosen day. Registered inside the portal suite
// (portal.test.mjs), after the flows that synced, ingested and saved it.
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

export function backtestTests() {
  it('shows the backtest of a workflow beside its preview, 30 days ago and on a chosen day', async () => {
    const token = await tokenFor(ADMIN);
    const workflows = await fetch(
      `${BACKEND}/api/provisioning-workflows/workflows`,
      { headers: { authorization: `Bearer ${token}` } },
    ).then(r => r.json());
    const figma = workflows.items.find(w => w.label === 'Figma');
    assert.ok(figma, 'Figma has a workflow');
    const page = await newPage(ADMIN);
    await withDiagnostics(page, 'backtest', async () => {
      await page.getByText(/^Welcome, /).waitFor({ timeout: 60_000 });
      await page.goto(
        `${APP}/license-automation/instances/${encodeURIComponent(
          figma.instanceId,
        )}?tab=preview`,
      );
      await page.getByTestId('preview-affected').waitFor({ timeout: 60_000 });
      const panel = page.getByText('Backtest: what it would have done');
      await panel.waitFor();

      await page.getByRole('button', { name: '30 days ago' }).click();
      await page.getByTestId('backtest-affected').waitFor({ timeout: 60_000 });
      const affected = Number(
        await page.getByTestId('backtest-affected').innerText(),
      );
      const regrets = Number(
        await page.getByTestId('backtest-regrets').innerText(),
      );
      const assigned = Number(
        await page.getByTestId('backtest-assigned').innerText(),
      );
      assert.ok(assigned > 0, `${assigned} assigned then`);
      assert.ok(affected <= assigned, `${affected} of ${assigned}`);
      assert.ok(regrets <= affected, `${regrets} regrets of ${affected}`);
      // The same figures as the API gives for the same day and workflow.
      const api = await fetch(
        `${BACKEND}/api/provisioning-workflows/workflows/${encodeURIComponent(
          figma.instanceId,
        )}/backtest?limit=0`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ daysAgo: 30 }),
        },
      ).then(r => r.json());
      assert.equal(api.total, affected);
      assert.equal(api.wouldBeRegrets, regrets);
      assert.equal(api.assignedUsers, assigned);
      if (affected > 0) {
        const rows = page
          .getByRole('row')
          .filter({ hasText: /Deprovision|Downgrade/ });
        assert.ok((await rows.count()) >= 1);
        // Names, not Okta ids.
        assert.doesNotMatch(await rows.first().innerText(), /\b00u\w+/);
      }
      await checkPage(page, 'workflow-backtest');

      // A day before the kept history is refused beside the day field.
      await page.getByLabel('Or a day').fill('2020-01-01');
      await page.getByRole('button', { name: 'Run backtest' }).click();
      await page
        .getByText(/is before the kept history of Figma/)
        .waitFor({ timeout: 30_000 });
      assert.equal(
        await page.getByLabel('Or a day').getAttribute('aria-invalid'),
        'true',
      );
    });
    await page.close();
  });
}
