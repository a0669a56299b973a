import {
  provisioningWorkflowsAppManagePermission,
  Workflow,
} from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  fakeApi,
  figmaDetail,
  run,
  serverError,
} from '../../testUtils/fakeApi';
import { renderWithApis } from '../../__testUtils__/render';
import { InstancePage } from './InstancePage';

async function renderPage(
  api: ReturnType<typeof fakeApi>,
  denied: string[] = [],
) {
  await renderWithApis(
    <Routes>
      <Route
        path="/license-automation/instances/:instanceId"
        element={<InstancePage />}
      />
    </Routes>,
    {
      api,
      denied,
      routeEntries: ['/license-automation/instances/inst-figma'],
    },
  );
}

// A whole page with MUI and material-table: slow to render under jsdom.
jest.setTimeout(30_000);

describe('InstancePage', () => {
  it('starts from a recommended workflow, previews the edit, saves it and runs it once', async () => {
    const api = fakeApi();
    let saved: Workflow | undefined;
    api.getInstance.mockImplementation(async () => ({
      ...figmaDetail,
      workflow: saved,
      status: saved ? 'active' : 'needs-setup',
    }));
    api.saveWorkflow.mockImplementation(async (instanceId, definition) => {
      saved = {
        ...definition,
        instanceId,
        status: 'active',
        updatedBy: 'user:default/alex.morgan',
        updatedAt: '2026-11-24T10:00:00.000Z',
      };
      return saved;
    });
    api.getWorkflowRun.mockResolvedValue(
      run({
        dryRun: true,
        status: 'succeeded',
        total: 2,
        finished: 2,
        counts: { 'dry-run': 2 },
      }),
    );
    await renderPage(api);

    expect(await screen.findByText('Figma')).toBeInTheDocument();
    expect(screen.getByTestId('workflow-status')).toHaveTextContent(
      'Needs setup',
    );
    expect(screen.queryByRole('button', { name: 'Run once' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Rule 1' })).toBeNull();

    fireEvent.click(
      screen.getByRole('button', {
        name: 'Start from Reclaim licenses unused for 90 days',
      }),
    );
    const rule = within(screen.getByRole('group', { name: 'Rule 1' }));
    expect(rule.getByLabelText('Days (N)')).toHaveValue(90);
    expect(screen.getByTestId('unsaved')).toBeInTheDocument();
    fireEvent.change(rule.getByLabelText('Days (N)'), {
      target: { value: '60' },
    });
    fireEvent.click(screen.getByLabelText('Warn people before the change'));

    // The preview is of the edited definition, not saved yet.
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Ava Rossi')).toBeInTheDocument();
    expect(api.previewWorkflow).toHaveBeenCalledWith('inst-figma', {
      definition: expect.objectContaining({
        template: 'reclaim-90',
        rules: [
          {
            name: 'No sign-in for 90 days',
            condition: { type: 'noSignIn', days: 60 },
            outcome: { action: 'deprovision' },
          },
        ],
        notifications: {
          enabled: false,
          daysBefore: 7,
          allowOptOut: true,
          channel: 'default',
          remindBeforeHours: 24,
        },
      }),
      limit: 1000,
    });
    expect(api.saveWorkflow).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('tab', { name: 'Setup' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save workflow' }));
    await waitFor(() =>
      expect(screen.getByTestId('workflow-status')).toHaveTextContent('Active'),
    );
    expect(screen.queryByTestId('unsaved')).toBeNull();
    expect(api.saveWorkflow.mock.calls[0][1].rules[0].condition.days).toBe(60);
    expect(
      screen.getByRole('button', { name: 'Save workflow' }),
    ).toBeDisabled();

    fireEvent.click(screen.getByRole('button', { name: 'Run once' }));
    const dialog = within(screen.getByRole('dialog'));
    expect(
      dialog.getByText('Licenses change right away, through Okta.', {
        exact: false,
      }),
    ).toBeInTheDocument();
    fireEvent.click(dialog.getByLabelText(/Dry run/));
    fireEvent.click(dialog.getByRole('button', { name: 'Start dry run' }));
    await waitFor(() =>
      expect(api.startRun).toHaveBeenCalledWith('inst-figma', { dryRun: true }),
    );
    expect(await screen.findByTestId('run-progress')).toBeInTheDocument();
  });

  it('lets an admin set the tiers: order, names and prices, in their own tab', async () => {
    const api = fakeApi();
    await renderPage(api);
    fireEvent.click(await screen.findByRole('tab', { name: 'Tiers' }));
    const price = await screen.findAllByLabelText('Price per seat / month');
    fireEvent.change(price[1], { target: { value: '18' } });
    fireEvent.click(screen.getByRole('button', { name: /^Save/ }));
    await waitFor(() => expect(api.setTiers).toHaveBeenCalledTimes(1));
    const [instanceId, tiers] = api.setTiers.mock.calls[0];
    expect(instanceId).toBe('inst-figma');
    expect(tiers.map((t: any) => [t.tier, t.monthlyPrice])).toEqual([
      ['viewer', 5],
      ['editor', 18],
    ]);
  });

  it('refuses to save rules it knows the server would refuse', async () => {
    const api = fakeApi();
    await renderPage(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Start a custom workflow' }),
    );
    const rule = within(screen.getByRole('group', { name: 'Rule 1' }));
    fireEvent.change(rule.getByLabelText('Days (N)'), {
      target: { value: '' },
    });
    expect(screen.getByTestId('definition-problems')).toHaveTextContent(
      'Rule 1: days must be a whole number from 1 to 3650',
    );
    expect(
      screen.getByRole('button', { name: 'Save workflow' }),
    ).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Remove rule 1' }));
    expect(screen.getByTestId('definition-problems')).toHaveTextContent(
      'Add at least one rule',
    );
  });

  it('shows why an instance cannot be opened', async () => {
    const api = fakeApi();
    api.getInstance.mockRejectedValue(
      new Error('Only admins of Figma may manage its workflows'),
    );
    await renderPage(api);
    expect(
      (
        await screen.findAllByText(
          /Only admins of Figma may manage its workflows/,
        )
      )[0],
    ).toBeInTheDocument();
  });

  it('explains a refusal by the missing permission and who to ask, not by its status code', async () => {
    const api = fakeApi();
    api.getInstance.mockRejectedValue(
      await serverError(
        403,
        'NotAllowedError',
        'Only admins of Figma may manage its workflows',
      ),
    );
    await renderPage(api);
    const refused = await screen.findByTestId('refused');
    expect(refused).toHaveTextContent(
      "needs the permission Manage an app's license automation",
    );
    expect(refused).toHaveTextContent(
      'Only admins of Figma may manage its workflows.',
    );
    expect(refused).toHaveTextContent('for IT and app admins');
    expect(refused).toHaveTextContent('ask your Backstage administrator');
    expect(
      screen.getByRole('link', { name: 'Back to Productiv Home' }),
    ).toHaveAttribute('href', '/productiv-home');
    expect(document.body).not.toHaveTextContent(/403|Forbidden|Request failed/);
  });

  it('hides running, pausing and saving from someone who may not manage the app', async () => {
    const api = fakeApi();
    api.getInstance.mockResolvedValue({
      ...figmaDetail,
      status: 'active',
      workflow: {
        ...figmaDetail.templates[0].definition,
        instanceId: 'inst-figma',
        status: 'active',
        updatedBy: 'user:default/alex.morgan',
        updatedAt: '2026-11-24T10:00:00.000Z',
      },
    });
    await renderPage(api, [provisioningWorkflowsAppManagePermission.name]);
    expect(await screen.findByText('Rules')).toBeInTheDocument();
    expect(screen.getByTestId('instance-summary')).toHaveTextContent(
      'Tiers: Viewer, Editor',
    );
    expect(screen.queryByRole('button', { name: 'Run once' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save workflow' })).toBeNull();
    // The app is named by its name only: its key is nowhere.
    expect(document.body).not.toHaveTextContent(/\bfigma\b/);
  });
});
