import {
  provisioningWorkflowsManagePermission,
  Run,
} from '@internal/plugin-provisioning-workflows-common';
import { screen } from '@testing-library/react';
import { renderWithApis } from '../../__testUtils__/render';
import { InventoryPanel } from './InventoryPanel';

const render = (runs: Run[], denied: string[] = []) =>
  renderWithApis(<InventoryPanel />, {
    api: {
      listRuns: async () => runs,
      startSync: async () => {},
      getUnmatchedPeople: async () => ({
        catalogOnly: [
          {
            entityRef: 'user:default/nina.petrov',
            email: 'nina.petrov@acme.example.com',
          },
        ],
        oktaOnly: [],
      }),
    },
    denied,
  });

describe('InventoryPanel', () => {
  it('explains that no sync has run yet', async () => {
    await render([]);
    expect(await screen.findByText('No sync has run yet')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Sync inventory now' }),
    ).toBeInTheDocument();
  });

  it('lists runs by kind and status in words, what they did as a sentence, and their errors', async () => {
    await render([
      {
        id: '1',
        kind: 'inventory-sync',
        status: 'failed',
        startedAt: '2026-11-24T10:00:00.000Z',
        finishedAt: '2026-11-24T10:00:05.000Z',
        stats: { oktaUsersRead: 12, assignmentsRemoved: 0, changed: 3 },
        error: 'Okta answered 500',
      },
    ]);
    const row = (await screen.findByText('Inventory sync')).closest('tr')!;
    expect(row).toHaveTextContent('Failed');
    expect(row).toHaveTextContent('Read 12 Okta people. 3 changes.');
    expect(row).not.toHaveTextContent(/assignmentsRemoved|2026-11-24/);
    expect(row.querySelectorAll('time')).toHaveLength(2);
    expect(screen.getByText('Okta answered 500')).toBeInTheDocument();
    expect(await screen.findByTestId('unmatched')).toHaveTextContent(
      '1 in the catalog but not in Okta (nina.petrov@acme.example.com); 0 in Okta but not in the catalog.',
    );
  });

  it('offers no sync to someone who may not start one', async () => {
    await render([], [provisioningWorkflowsManagePermission.name]);
    expect(await screen.findByText('No sync has run yet')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Sync inventory now' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Ingest activity now' }),
    ).not.toBeInTheDocument();
  });
});
