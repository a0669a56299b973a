import { provisioningWorkflowsInventoryReadPermission } from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithApis } from '../../__testUtils__/render';
import { fakeApi, figma as figmaInstance, run } from '../../testUtils/fakeApi';
import { Route, Routes } from 'react-router-dom';
import { AutomationHome, LicenseAutomationContent } from './AutomationPage';

const render = (api: ReturnType<typeof fakeApi>, denied: string[] = []) =>
  renderWithApis(<AutomationHome />, { api, denied });

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
    // Those who read the inventory land on the savings dashboard.
    fireEvent.click(await screen.findByRole('tab', { name: 'Workflows' }));
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

  it('opens on the savings dashboard once there are instances', async () => {
    const api = fakeApi();
    api.listInstances.mockResolvedValue([
      {
        instanceId: 'inst-figma',
        appKey: 'figma',
        label: 'Figma',
        status: 'active',
        assignedUsers: 16,
        openSuggestions: 0,
      },
    ]);
    await render(api);
    expect(await screen.findByTestId('savings-dashboard')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Savings' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(api.getDashboard).toHaveBeenCalledTimes(1);
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
    expect(screen.getByText('Read 9 apps.')).toBeInTheDocument();
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

describe('AutomationHome without the permission', () => {
  const inventoryRead = provisioningWorkflowsInventoryReadPermission.name;

  it('explains which permission is missing and who to ask, with the way back', async () => {
    const api = fakeApi();
    await render(api, [inventoryRead]);
    const refused = await screen.findByTestId('refused');
    expect(refused).toHaveTextContent(
      'This page needs the permission See the app inventory and license automation',
    );
    expect(refused).toHaveTextContent(
      'License automation is for IT and app admins',
    );
    expect(refused).toHaveTextContent('ask your Backstage administrator');
    expect(
      screen.getByRole('link', { name: 'Back to Productiv Home' }),
    ).toHaveAttribute('href', '/productiv-home');
    expect(
      screen.getByRole('link', { name: 'Your license warnings' }),
    ).toHaveAttribute('href', '/license-automation/warnings');
    expect(document.body).not.toHaveTextContent(/403|Forbidden|Request failed/);
    expect(api.listRuns).not.toHaveBeenCalled();
  });

  it("lets an app admin in to their apps' workflows, without the inventory", async () => {
    const api = fakeApi();
    api.listInstances.mockResolvedValue([
      {
        instanceId: 'inst-figma',
        appKey: 'figma',
        label: 'Figma',
        status: 'active',
        assignedUsers: 16,
        openSuggestions: 0,
      },
    ]);
    await render(api, [inventoryRead]);
    expect(
      await screen.findByRole('link', { name: 'Figma' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Inventory' })).toBeNull();
    // Spend is the inventory's: no dashboard either.
    expect(screen.queryByRole('tab', { name: 'Savings' })).toBeNull();
    expect(api.getDashboard).not.toHaveBeenCalled();
    expect(screen.queryByTestId('refused')).toBeNull();
    expect(api.listRuns).not.toHaveBeenCalled();
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
    await renderWithApis(
      <Routes>
        <Route
          path="/license-automation/*"
          element={<LicenseAutomationContent />}
        />
      </Routes>,
      { api: fakeApi(), routeEntries: [path] },
    );
    expect(await screen.findByText(text)).toBeInTheDocument();
  });
});
