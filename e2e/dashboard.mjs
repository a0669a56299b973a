// The savings dashboard, License automation's landing view, as the admin:
// the totals the page shows are the API's (GET /dashboard), with names not
// keys, and a screenshot under .reports/screens/. Registered inside the
// portal suite (portal.test.mjs), after the flows that synced and ingested.
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

export function dashboardTests() {
  it('opens License automation on the savings dashboard with the API figures', async () => {
    const token = await tokenFor(ADMIN);
    const api = await fetch(`${BACKEND}/api/provisioning-workflows/dashboard`, {
      headers: { authorization: `Bearer ${token}` },
    }).then(r => r.json());
    assert.ok(api.totals.seatsHeld > 0, 'the synced inventory holds seats');
    const page = await newPage(ADMIN);
    await withDiagnostics(page, 'savings-dashboard', async () => {
      await page.getByText(/^Welcome, /).waitFor({ timeout: 60_000 });
      await page.goto(`${APP}/license-automation`);
      const board = page.getByTestId('savings-dashboard');
      await board.waitFor({ timeout: 60_000 });
      const text = await board.innerText();
      assert.match(
        text,
        new RegExp(
          `${api.totals.seatsHeld.toLocaleString(
            'en-US',
          )} seats, ${api.totals.unusedSeats.toLocaleString('en-US')} unused`,
        ),
      );
      // Every app by its name, none by its key.
      for (const app of api.apps) {
        assert.ok(text.includes(app.appName), `${app.appName} is listed`);
      }
      assert.equal(
        await page
          .getByRole('table', {
            name: 'Monthly spend and savings realised per week',
          })
          .getByRole('row')
          .count(),
        api.series.length + 1,
      );
      await checkPage(page, 'savings-dashboard');
    });
  });
}
