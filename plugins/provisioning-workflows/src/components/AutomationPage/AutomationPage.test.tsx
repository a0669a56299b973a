import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { rootRouteRef } from '../../routes';
import { fakeApi, figma as figmaInstance, run } from '../../testUtils/fakeApi';
import { Route, Routes } from 'react-router-dom';
import { AutomationHome, LicenseAutomationContent } from './AutomationPage';

const render = (api: ReturnType<typeof fakeApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
      <AutomationHome />
    </TestApiProvider>,
    { mountedRoutes: { '/license-automation': rootRouteRef } },
  );

describe('AutomationHome', () => {
  it('lists the instances with their workflow status, users, last run and suggestions', async () => {
    const api = fakeApi();
    api.listInstances.mockResolvedValue([
      {
        instanceId: 'inst-figma',
        appKey: 'figma',
        label: 'Figma',
        status: 'active',
        assignedUsers: 16,
        openSuggestions: 3,
        lastRun: run({ status: 'succeeded', dryRun: true }),
      },
      {
        instanceId: 'inst-zoom',
        appKey: 'zoom',
        label: 'Zoom',
        status: 'needs-setup',
        assignedUsers: 26,
        openSuggestions: 0,
      },
      {
        instanceId: 'inst-miro',
        appKey: 'miro',
        label: 'Miro',
        status: 'paused',
        assignedUsers: 9,
        openSuggestions: 0,
      },
    ]);
    await render(api);
    const figma = (await screen.findByRole('link', { name: 'Figma' })).closest(
      'tr',
    )!;
    expect(screen.getByRole('link', { name: 'Figma' })).toHaveAttribute(
      'href',
      '/license-automation/instances/inst-figma',
    );
    expect(figma).toHaveTextContent('Active');
    expect(figma).toHaveTextContent('16');
    expect(figma).toHaveTextContent('Succeeded');
    expect(figma).toHaveTextContent('(dry run)');
    expect(figma).toHaveTextContent('3');
    expect(
      screen.getByRole('link', { name: 'Zoom' }).closest('tr'),
    ).toHaveTextContent(/Needs setup.*26.*Never/);
    expect(
      screen.getByRole('link', { name: 'Miro' }).closest('tr'),
    ).toHaveTextContent('Paused');
    expect(
      screen.getByRole('link', { name: 'Your license warnings' }),
    ).toHaveAttribute('href', '/license-automation/warnings');
  });

  it('opens on the inventory while there are no instances', async () => {
    const api = fakeApi();
    await render(api);
    expect(await screen.findByText('No sync has run yet')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Inventory' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('stays on the inventory when the sync started there brings the first instances', async () => {
    const api = fakeApi();
    let synced = false;
    api.startSync.mockImplementation(async () => {
      synced = true;
    });
    api.listRuns.mockImplementation(async () =>
      synced
        ? [
            {
              id: 'r1',
              kind: 'inventory-sync',
              status: 'succeeded',
              startedAt: new Date().toISOString(),
              stats: { appsRead: 9 },
            },
          ]
        : [],
    );
    api.listInstances.mockImplementation(async () =>
      synced
        ? [
            {
              instanceId: figmaInstance.id,
              appKey: 'figma',
              label: 'Figma',
              status: 'needs-setup',
              assignedUsers: 16,
              openSuggestions: 0,
            },
          ]
        : [],
    );
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sync inventory now' }),
    );
    // The runs are followed every 2 s; then the instances are read again.
    await waitFor(() => expect(api.listInstances).toHaveBeenCalledTimes(2), {
      timeout: 5000,
    });
    expect(screen.getByText('appsRead: 9')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Inventory' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Workflows' }));
    expect(
      await screen.findByRole('link', { name: 'Figma' }),
    ).toBeInTheDocument();
  });
});

describe('LicenseAutomationContent', () => {
  it.each([
    ['/license-automation', 'No sync has run yet'],
    ['/license-automation/warnings', 'No license warnings'],
    ['/license-automation/warnings/act-9', 'This warning is not open'],
    [
      '/license-automation/instances/inst-figma',
      'Start from a recommended workflow',
    ],
  ])('routes %s to its page', async (path, text) => {
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, fakeApi()]]}>
        <Routes>
          <Route
            path="/license-automation/*"
            element={<LicenseAutomationContent />}
          />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: [path],
        mountedRoutes: { '/license-automation': rootRouteRef },
      },
    );
    expect(await screen.findByText(text)).toBeInTheDocument();
  });
});
