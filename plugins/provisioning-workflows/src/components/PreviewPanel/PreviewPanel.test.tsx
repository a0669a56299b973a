import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { WorkflowDefinition } from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { fakeApi, figma, preview, serverError } from '../../testUtils/fakeApi';
import { captureDownloads } from '../../__testUtils__/downloads';
import { PreviewPanel, PreviewTable } from './PreviewPanel';

const edited: WorkflowDefinition = {
  rules: [
    {
      name: '',
      condition: { type: 'noSignIn', days: 90 },
      tiers: [],
      outcome: { action: 'deprovision', suggestOnly: false },
    },
    {
      name: 'Light users',
      condition: { type: 'fewSignIns', days: 60, signIns: 3 },
      tiers: ['editor'],
      outcome: { action: 'downgrade', toTier: 'viewer', suggestOnly: true },
    },
  ],
  newHireDays: 30,
  notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
  schedule: '',
  mode: 'automatic',
};

describe('PreviewTable', () => {
  it('shows the totals and who is affected, with rule, tiers, outcome, last sign-in and saving', async () => {
    await renderInTestApp(<PreviewTable preview={preview} instance={figma} />);
    expect(screen.getByTestId('preview-assigned')).toHaveTextContent('16');
    expect(screen.getByTestId('preview-exempt')).toHaveTextContent('2');
    expect(screen.getByTestId('preview-affected')).toHaveTextContent('2');
    expect(screen.getByTestId('preview-saving')).toHaveTextContent('$25');

    const ava = within(screen.getByText('Ava Rossi').closest('tr')!);
    expect(ava.getByText('ava.rossi@acme.example.com')).toBeInTheDocument();
    expect(ava.getByText('1. No sign-in for 90 days')).toBeInTheDocument();
    expect(ava.getByText('Editor')).toBeInTheDocument();
    expect(ava.getByText('Deprovision')).toBeInTheDocument();
    expect(ava.getByText('never')).toBeInTheDocument();
    expect(ava.getByText('$15')).toBeInTheDocument();

    // Without a display name the e-mail names the person.
    const liam = within(
      screen.getByText('liam.patel@acme.example.com').closest('tr')!,
    );
    expect(liam.getByText('2. Light users')).toBeInTheDocument();
    expect(
      liam.getByText('Downgrade to Viewer (suggestion)'),
    ).toBeInTheDocument();
    // The time as every other time: relative, the ISO form only in dateTime.
    expect(liam.getByRole('time' as any)).toBeDefined();
    expect(screen.getByRole('table')).not.toHaveTextContent(/2026-09-01/);
    expect(liam.getByText('$10')).toBeInTheDocument();
  });

  it('offers the affected people as a CSV file, fields with commas and quotes quoted', async () => {
    const downloads = captureDownloads();
    try {
      const tiers = {
        ...figma,
        tiers: figma.tiers.map(t =>
          t.tier === 'editor' ? { ...t, displayName: 'Editor, full' } : t,
        ),
      };
      await renderInTestApp(
        <PreviewTable
          preview={{
            ...preview,
            entries: [
              { ...preview.entries[0], displayName: 'Ava "Av" Rossi' },
              preview.entries[1],
            ],
          }}
          instance={tiers}
          title="Figma"
        />,
      );
      fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
      expect(downloads.names).toEqual([
        expect.stringMatching(/^figma-preview-\d{4}-\d{2}-\d{2}\.csv$/),
      ]);
      expect(await downloads.texts()).toEqual([
        'Person,E-mail,Rule,Current tier,Planned outcome,Last sign-in,Monthly saving\r\n' +
          '"Ava ""Av"" Rossi",ava.rossi@acme.example.com,1. No sign-in for 90 days,"Editor, full",Deprovision,never,15\r\n' +
          'liam.patel@acme.example.com,liam.patel@acme.example.com,2. Light users,"Editor, full",Downgrade to Viewer (suggestion),2026-09-01T08:00:00.000Z,10\r\n',
      ]);
    } finally {
      downloads.restore();
    }
  });

  it('says when the list is cut and when nobody is affected', async () => {
    const { unmount } = await renderInTestApp(
      <PreviewTable preview={{ ...preview, total: 1500 }} />,
    );
    expect(
      screen.getByText('Affected users (first 2 of 1500)'),
    ).toBeInTheDocument();
    unmount();
    await renderInTestApp(
      <PreviewTable
        preview={{ ...preview, total: 0, entries: [], monthlySaving: 0 }}
      />,
    );
    expect(screen.getByText('Nobody would be affected')).toBeInTheDocument();
    expect(screen.getByTestId('preview-affected')).toHaveTextContent('0');
  });
});

describe('PreviewPanel', () => {
  it('previews the definition being edited, before it is saved', async () => {
    const api = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
        <PreviewPanel
          instanceId="inst-figma"
          instance={figma}
          definition={edited}
          dirty
        />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Ava Rossi')).toBeInTheDocument();
    expect(screen.getByText(/not saved yet/)).toBeInTheDocument();
    // Sent as it would be saved: empty names, filters and schedule left out.
    expect(api.previewWorkflow).toHaveBeenCalledWith('inst-figma', {
      definition: {
        rules: [
          {
            condition: { type: 'noSignIn', days: 90 },
            outcome: { action: 'deprovision' },
          },
          {
            name: 'Light users',
            condition: { type: 'fewSignIns', days: 60, signIns: 3 },
            tiers: ['editor'],
            outcome: {
              action: 'downgrade',
              toTier: 'viewer',
              suggestOnly: true,
            },
          },
        ],
        newHireDays: 30,
        notifications: {
          enabled: false,
          daysBefore: 7,
          allowOptOut: true,
          channel: 'default',
          remindBeforeHours: 24,
        },
        mode: 'automatic',
      },
      limit: 1000,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh preview' }));
    await waitFor(() => expect(api.previewWorkflow).toHaveBeenCalledTimes(2));
  });

  it("shows the server's reason when the definition cannot be previewed", async () => {
    const api = fakeApi();
    api.previewWorkflow.mockRejectedValue(
      await serverError(
        400,
        'InputError',
        "Rule 2 (Light users): cannot downgrade to 'viewer': Figma has no such tier",
      ),
    );
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
        <PreviewPanel instanceId="inst-figma" definition={edited} dirty />
      </TestApiProvider>,
    );
    const shown = await screen.findAllByText(
      /cannot downgrade to 'viewer': Figma has no such tier/,
    );
    expect(shown[0]).toBeInTheDocument();
    expect(screen.queryByText('Ava Rossi')).not.toBeInTheDocument();
  });

  it('asks for a workflow first when there is none', async () => {
    const api = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
        <PreviewPanel instanceId="inst-figma" dirty={false} />
      </TestApiProvider>,
    );
    expect(screen.getByText('Nothing to preview yet')).toBeInTheDocument();
    expect(api.previewWorkflow).not.toHaveBeenCalled();
  });
});
