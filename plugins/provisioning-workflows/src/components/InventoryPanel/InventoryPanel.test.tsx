import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Run } from '@internal/plugin-provisioning-workflows-common';
import { screen } from '@testing-library/react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { InventoryPanel } from './InventoryPanel';

const render = (runs: Run[]) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          provisioningWorkflowsApiRef,
          {
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
        ],
      ]}
    >
      <InventoryPanel />
    </TestApiProvider>,
  );

describe('InventoryPanel', () => {
  it('explains that no sync has run yet', async () => {
    await render([]);
    expect(await screen.findByText('No sync has run yet')).toBeInTheDocument();
  });

  it('lists runs with their stats and errors', async () => {
    await render([
      {
        id: '1',
        kind: 'inventory-sync',
        status: 'failed',
        startedAt: '2026-11-24T10:00:00.000Z',
        finishedAt: '2026-11-24T10:00:05.000Z',
        stats: { read: 12, changed: 3 },
        error: 'Okta answered 500',
      },
    ]);
    expect(await screen.findByText('inventory-sync')).toBeInTheDocument();
    expect(screen.getByText('read: 12, changed: 3')).toBeInTheDocument();
    expect(screen.getByText('Okta answered 500')).toBeInTheDocument();
    expect(await screen.findByTestId('unmatched')).toHaveTextContent(
      '1 in the catalog but not in Okta (nina.petrov@acme.example.com); 0 in Okta but not in the catalog.',
    );
  });
});
