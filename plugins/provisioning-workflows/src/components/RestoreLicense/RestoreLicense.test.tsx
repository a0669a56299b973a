import {
  alertApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { TakenBackLicense } from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { RestoreLicense } from './RestoreLicense';

const item: TakenBackLicense = {
  actionId: 'a1',
  runId: 'r1',
  instanceId: 'inst-figma',
  appName: 'Figma',
  action: 'deprovision',
  fromTierName: 'Editor',
  takenAt: '2026-11-20T10:00:00.000Z',
  automation: 'Figma license automation, rule “No sign-in for 90 days”',
  ruleName: 'No sign-in for 90 days',
  restoreUntil: '2026-12-20T10:00:00.000Z',
  restorable: true,
};

function setup(
  answers: Record<string, () => { status: number; body: unknown }>,
) {
  const calls: string[] = [];
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${url.replace('http://pw', '')}`;
    calls.push(key);
    const answer = answers[key]();
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  const alerts: unknown[] = [];
  const apis = [
    [discoveryApiRef, { getBaseUrl: async () => 'http://pw' }],
    [fetchApiRef, { fetch }],
    [alertApiRef, { post: (a: unknown) => alerts.push(a) }],
  ] as const;
  return { apis, calls, alerts };
}

describe('RestoreLicense', () => {
  it('restores in one click, then says it is under way', async () => {
    let restored = false;
    const { apis, calls, alerts } = setup({
      'GET /people/taken-back': () => ({
        status: 200,
        body: {
          items: [
            restored
              ? {
                  ...item,
                  restorable: false,
                  restore: { status: 'queued', actionId: 'a1' },
                }
              : item,
          ],
        },
      }),
      'POST /workflow-actions/a1/restore': () => {
        restored = true;
        return { status: 201, body: { status: 'queued' } };
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={apis as any}>
        <RestoreLicense actionId="a1" appName="Figma" />
      </TestApiProvider>,
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Restore my license' }),
    );
    expect(
      await screen.findByText(/Your license is being restored/),
    ).toBeInTheDocument();
    expect(calls).toContain('POST /workflow-actions/a1/restore');
    expect(alerts).toEqual([
      expect.objectContaining({
        message: 'Your Figma license is being restored',
        severity: 'success',
      }),
    ]);
  });

  it('says why not and what to do after the window', async () => {
    const refusal =
      'The 30-day restore window ended on December 20, 2026; request Figma Editor in Productiv Home: http://portal/productiv-home?tab=apps';
    const { apis } = setup({
      'GET /people/taken-back': () => ({
        status: 200,
        body: { items: [{ ...item, restorable: false, refusal }] },
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={apis as any}>
        <RestoreLicense actionId="a1" appName="Figma" />
      </TestApiProvider>,
    );
    expect(await screen.findByText(refusal)).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Restore my license' }),
      ).not.toBeInTheDocument(),
    );
  });
});
