import { alertApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  LicenseWarning,
  provisioningWorkflowsApiRef,
} from '../../api/ProvisioningWorkflowsApi';
import { rootRouteRef } from '../../routes';
import { fakeApi, serverError } from '../../testUtils/fakeApi';
import { WarningPage, WarningsList } from './WarningsPage';

const inAWeek = new Date(Date.now() + 7 * 86400_000).toISOString();

const warning = (overrides: Partial<LicenseWarning> = {}): LicenseWarning => ({
  id: 'act-1',
  runId: 'run-1',
  instanceId: 'inst-figma',
  instanceLabel: 'Figma',
  oktaUserId: '00u1',
  email: 'emma.jones@acme.example.com',
  rule: 0,
  action: 'downgrade',
  fromTier: 'editor',
  toTier: 'viewer',
  status: 'notified',
  monthlySaving: 10,
  deadline: inAWeek,
  allowOptOut: true,
  updatedAt: '2026-11-24T10:00:00.000Z',
  ...overrides,
});

async function renderWarning(
  api: ReturnType<typeof fakeApi>,
  alerts = { post: jest.fn() },
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [provisioningWorkflowsApiRef, api],
        [alertApiRef, alerts],
      ]}
    >
      <Routes>
        <Route
          path="/license-automation/warnings/:actionId"
          element={<WarningPage />}
        />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: ['/license-automation/warnings/act-1'],
      mountedRoutes: { '/license-automation': rootRouteRef },
    },
  );
  return alerts;
}

describe('WarningPage', () => {
  it('keeps the license with one click before the deadline, then shows the outcome', async () => {
    const api = fakeApi();
    let current = warning();
    api.listWarnings.mockImplementation(async () => [current]);
    api.optOut.mockImplementation(async () => {
      current = { ...current, status: 'opted-out' };
      return current;
    });
    const alerts = await renderWarning(api);
    expect(await screen.findByTestId('warning-change')).toHaveTextContent(
      /Your Figma license will be moved from Editor to Viewer in \d+ days\./,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Keep my license' }));
    expect(await screen.findByTestId('warning-outcome')).toHaveTextContent(
      'You keep your Figma license: nothing will change.',
    );
    expect(api.optOut).toHaveBeenCalledWith('act-1');
    expect(
      screen.queryByRole('button', { name: 'Keep my license' }),
    ).not.toBeInTheDocument();
    expect(alerts.post).toHaveBeenCalledWith(
      expect.objectContaining({ severity: 'success' }),
    );
  });

  it('offers no button when the change does not allow opting out, or the deadline passed', async () => {
    const api = fakeApi();
    api.listWarnings.mockResolvedValue([
      warning({ action: 'deprovision', allowOptOut: false }),
    ]);
    await renderWarning(api);
    expect(await screen.findByTestId('warning-change')).toHaveTextContent(
      /Your Figma license will be removed in \d+ days\./,
    );
    expect(screen.getByTestId('warning-outcome')).toHaveTextContent(
      'This change cannot be opted out of.',
    );
    expect(
      screen.queryByRole('button', { name: 'Keep my license' }),
    ).toBeNull();
  });

  it('shows a late click refused by the server', async () => {
    const api = fakeApi();
    api.listWarnings.mockResolvedValue([warning()]);
    api.optOut.mockRejectedValue(
      await serverError(
        409,
        'ConflictError',
        'Too late to opt out: the change is under way',
      ),
    );
    const alerts = await renderWarning(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Keep my license' }),
    );
    await waitFor(() =>
      expect(alerts.post).toHaveBeenCalledWith({
        message: 'Too late to opt out: the change is under way',
        severity: 'error',
        // A toast without an action closes by itself.
        display: 'transient',
      }),
    );
  });

  it('explains a warning that is not open', async () => {
    const api = fakeApi();
    api.listWarnings.mockResolvedValue([warning({ id: 'other' })]);
    await renderWarning(api);
    expect(
      await screen.findByText('This warning is not open'),
    ).toBeInTheDocument();
  });

  it('past the deadline says the change is under way', async () => {
    const api = fakeApi();
    api.listWarnings.mockResolvedValue([
      warning({ deadline: '2020-01-01T00:00:00.000Z' }),
    ]);
    await renderWarning(api);
    expect(await screen.findByTestId('warning-outcome')).toHaveTextContent(
      'The deadline has passed',
    );
    expect(
      screen.queryByRole('button', { name: 'Keep my license' }),
    ).toBeNull();
  });
});

describe('WarningsList', () => {
  it('lists the warnings with links to keep the license', async () => {
    const api = fakeApi();
    api.listWarnings.mockResolvedValue([
      warning(),
      warning({
        id: 'act-2',
        instanceLabel: 'Zoom',
        status: 'opted-out',
        action: 'deprovision',
      }),
    ]);
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
        <WarningsList />
      </TestApiProvider>,
      { mountedRoutes: { '/license-automation': rootRouteRef } },
    );
    const keep = await screen.findByRole('link', { name: 'Keep my license…' });
    expect(keep).toHaveAttribute('href', '/license-automation/warnings/act-1');
    expect(
      screen.getByText('You kept your license (it was to be removed).'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Details' })).toHaveAttribute(
      'href',
      '/license-automation/warnings/act-2',
    );
  });

  it('says when there is no warning', async () => {
    const api = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
        <WarningsList />
      </TestApiProvider>,
      { mountedRoutes: { '/license-automation': rootRouteRef } },
    );
    expect(await screen.findByText('No license warnings')).toBeInTheDocument();
  });
});
