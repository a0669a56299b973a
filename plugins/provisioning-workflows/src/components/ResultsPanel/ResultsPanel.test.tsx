import { alertApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { WorkflowAction } from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { fakeApi, run } from '../../testUtils/fakeApi';
import { linePath, niceMax } from './LineChart';
import { ResultsPanel } from './ResultsPanel';

jest.setTimeout(30_000);

const suggestion = (id: string, email: string): WorkflowAction => ({
  id,
  runId: 'run-1',
  instanceId: 'inst-figma',
  oktaUserId: `00u-${id}`,
  email,
  rule: 0,
  action: 'downgrade',
  fromTier: 'editor',
  toTier: 'viewer',
  status: 'suggested',
  monthlySaving: 10,
  updatedAt: '2026-11-24T10:00:00.000Z',
});

function resultsApi() {
  const api = fakeApi();
  let open = [
    suggestion('s1', 'ava.rossi@acme.example.com'),
    suggestion('s2', 'liam.patel@acme.example.com'),
    suggestion('s3', 'noah.kim@acme.example.com'),
  ];
  api.getResults.mockImplementation(async () => ({
    instanceId: 'inst-figma',
    series: [
      { day: '2026-11-22', provisioned: 16, engaged: 11 },
      { day: '2026-11-23', provisioned: 16, engaged: 12 },
      { day: '2026-11-24', provisioned: 12, engaged: 12 },
    ],
    actions: { done: 4, suggested: open.length },
    monthlySaving: 60,
    openSuggestions: open.length,
    runs: [
      run({
        status: 'succeeded',
        total: 7,
        finished: 7,
        counts: { done: 4, suggested: 3 },
      }),
    ],
  }));
  api.listActions.mockImplementation(async filter => {
    if (filter.statuses?.includes('suggested')) {
      return { items: open, total: open.length };
    }
    return {
      items: [
        {
          ...suggestion('a1', 'grace.clark@acme.example.com'),
          action: 'deprovision',
          status: 'done',
          detail: 'Removed from group g2',
        },
      ],
      total: 1,
    };
  });
  api.decideSuggestions.mockImplementation(async (ids, _decision) => {
    open = open.filter(s => !ids.includes(s.id));
    return { changed: ids, unchanged: [] };
  });
  return api;
}

async function renderResults(api: ReturnType<typeof fakeApi>) {
  const alerts = { post: jest.fn() };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [provisioningWorkflowsApiRef, api],
        [alertApiRef, alerts],
      ]}
    >
      <ResultsPanel instanceId="inst-figma" />
    </TestApiProvider>,
  );
  return alerts;
}

describe('ResultsPanel', () => {
  it('charts licenses provisioned and users engaged, with actions and savings', async () => {
    await renderResults(resultsApi());
    const chart = await screen.findByTestId('results-chart');
    expect(within(chart).getByRole('img')).toHaveAccessibleName(
      expect.stringContaining(
        'Licenses provisioned: 12 on 2026-11-24; Users engaged: 12 on 2026-11-24',
      ),
    );
    expect(chart.querySelectorAll('path[data-series]')).toHaveLength(2);
    expect(within(chart).getByText('2026-11-22')).toBeInTheDocument();
    expect(screen.getByTestId('results-saving')).toHaveTextContent('$60');
    expect(screen.getByTestId('results-actions')).toHaveTextContent('Done: 4');
  });

  it('accepts one suggestion, then dismisses the selected ones in bulk', async () => {
    const api = resultsApi();
    const alerts = await renderResults(api);
    const table = await screen.findByTestId('suggestions');
    expect(within(table).getByText('3 open suggestions')).toBeInTheDocument();
    fireEvent.click(
      within(table).getByRole('button', {
        name: 'Accept for ava.rossi@acme.example.com',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByText('ava.rossi@acme.example.com')).toBeNull(),
    );
    expect(api.decideSuggestions).toHaveBeenLastCalledWith(['s1'], 'accept');
    expect(alerts.post).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Accepted 1 suggestion' }),
    );

    expect(
      screen.getByRole('button', { name: 'Dismiss selected' }),
    ).toBeDisabled();
    fireEvent.click(screen.getByLabelText('Select all suggestions'));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss selected' }));
    await waitFor(() =>
      expect(screen.getByTestId('no-suggestions')).toBeInTheDocument(),
    );
    expect(api.decideSuggestions).toHaveBeenLastCalledWith(
      ['s2', 's3'],
      'dismiss',
    );
    expect(alerts.post).toHaveBeenLastCalledWith(
      expect.objectContaining({ message: 'Dismissed 2 suggestions' }),
    );
  });

  it('shows the actions of a run', async () => {
    const api = resultsApi();
    await renderResults(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Show actions' }),
    );
    expect(
      await screen.findByText('Removed from group g2'),
    ).toBeInTheDocument();
    expect(api.listActions).toHaveBeenCalledWith({
      runId: 'run-1',
      limit: 1000,
    });
  });
});

describe('LineChart helpers', () => {
  it('rounds the axis up and draws points from left to right', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(16)).toBe(20);
    expect(niceMax(26)).toBe(50);
    expect(niceMax(100)).toBe(100);
    // 640 wide minus 52 of padding, 220 high minus 40: from (40,192) to (628,12).
    expect(linePath([0, 10], 10)).toBe('M40.0,192.0 L628.0,12.0');
  });
});
