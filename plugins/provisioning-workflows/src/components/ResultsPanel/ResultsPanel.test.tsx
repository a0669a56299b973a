import { alertApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp } from '@backstage/test-utils';
import {
  provisioningWorkflowsAppManagePermission,
  WorkflowAction,
} from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeApi, figma, run } from '../../testUtils/fakeApi';
import { renderWithApis } from '../../__testUtils__/render';
import { ChartTooltip } from './ResultsChart';
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
        {
          ...suggestion('a2', 'mia.nguyen@acme.example.com'),
          action: 'deprovision',
          status: 'skipped',
          detail: 'Signed in again on 2026-11-23T09:30:00.000Z',
        },
      ],
      total: 2,
    };
  });
  api.decideSuggestions.mockImplementation(async (ids, _decision) => {
    open = open.filter(s => !ids.includes(s.id));
    return { changed: ids, unchanged: [] };
  });
  return api;
}

async function renderResults(
  api: ReturnType<typeof fakeApi>,
  options: { denied?: string[]; routeEntries?: string[] } = {},
) {
  const alerts = { post: jest.fn() };
  await renderWithApis(
    <ResultsPanel instanceId="inst-figma" instance={figma} />,
    {
      api,
      extra: [[alertApiRef, alerts]],
      ...options,
    },
  );
  return alerts;
}

describe('ResultsPanel', () => {
  it('charts licenses provisioned and users engaged with a legend, with actions and savings', async () => {
    await renderResults(resultsApi());
    const chart = await screen.findByTestId('results-chart');
    expect(chart).toHaveAttribute('role', 'img');
    expect(chart).toHaveAccessibleName(
      /Licenses provisioned: 12 on .*24.*; Users engaged: 12 on .*24/,
    );
    await waitFor(() =>
      expect(chart.querySelectorAll('.recharts-line')).toHaveLength(2),
    );
    const legend = [...chart.querySelectorAll('.recharts-legend-item-text')];
    expect(legend.map(l => l.textContent)).toEqual([
      'Licenses provisioned',
      'Users engaged',
    ]);
    // Days on the axis as dates people read, not ISO.
    expect(chart).not.toHaveTextContent(/2026-11-2\d/);
    expect(screen.getByTestId('results-saving')).toHaveTextContent('$60');
    expect(screen.getByTestId('results-actions')).toHaveTextContent('Done: 4');
  });

  it("shows the day's values on hover", async () => {
    await renderInTestApp(
      <ChartTooltip
        active
        label="2026-11-24"
        payload={[
          {
            name: 'Licenses provisioned',
            value: 12,
            dataKey: 'provisioned',
            color: 'blue',
          },
          {
            name: 'Users engaged',
            value: 11,
            dataKey: 'engaged',
            color: 'red',
          },
        ]}
      />,
    );
    const tip = screen.getByTestId('results-chart-tooltip');
    expect(tip).toHaveTextContent('Licenses provisioned: 12');
    expect(tip).toHaveTextContent('Users engaged: 11');
    expect(tip).toHaveTextContent(/24/);
    expect(tip).toHaveTextContent(/2026/);
    expect(tip).not.toHaveTextContent('2026-11-24');
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

  it('shows the actions of a run, with tiers by name and times as times', async () => {
    const api = resultsApi();
    await renderResults(api);
    const runs = (await screen.findByText('Runs')).closest(
      '.MuiPaper-root',
    ) as HTMLElement;
    expect(
      await within(runs).findByRole('link', { name: 'Alex Morgan' }),
    ).toBeInTheDocument();
    expect(runs).toHaveTextContent('By hand');
    expect(runs).toHaveTextContent('7 of 7');
    fireEvent.click(
      await screen.findByRole('button', { name: 'Show actions' }),
    );
    expect(
      await screen.findByText('Removed from group g2'),
    ).toBeInTheDocument();
    const skipped = screen.getByText(/Signed in again/).closest('tr')!;
    expect(skipped).not.toHaveTextContent('2026-11-23');
    expect(skipped.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2026-11-23T09:30:00.000Z',
    );
    expect(skipped).toHaveTextContent('Deprovision (from Editor)');
    expect(api.listActions).toHaveBeenCalledWith({
      runId: 'run-1',
      limit: 1000,
    });
  });
});

describe('ResultsPanel for someone who may not manage the app', () => {
  it('lists the open suggestions without the decisions', async () => {
    await renderResults(resultsApi(), {
      denied: [provisioningWorkflowsAppManagePermission.name],
    });
    const table = await screen.findByTestId('suggestions');
    expect(
      within(table).getByText('ava.rossi@acme.example.com'),
    ).toBeInTheDocument();
    expect(
      within(table).getAllByText('Downgrade to Viewer (from Editor)'),
    ).toHaveLength(3);
    expect(within(table).queryByRole('button')).toBeNull();
    expect(within(table).queryByRole('checkbox')).toBeNull();
  });
});

describe('ResultsPanel opened on a run', () => {
  it('shows the actions of the run named in the link', async () => {
    await renderResults(resultsApi(), {
      routeEntries: ['/?tab=results&run=run-1'],
    });
    expect(
      await screen.findByText('Removed from group g2'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Hide actions' }),
    ).toBeInTheDocument();
  });
});
