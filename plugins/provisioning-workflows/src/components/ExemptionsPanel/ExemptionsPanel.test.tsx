import { alertApiRef } from '@backstage/core-plugin-api';
import {
  Exemption,
  provisioningWorkflowsGlobalExemptionsPermission,
} from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { exemption, fakeApi, serverError } from '../../testUtils/fakeApi';
import { renderWithApis } from '../../__testUtils__/render';
import { ExemptionList, ExemptionsPanel } from './ExemptionsPanel';

/** A fake whose lists change as entries are added and removed. */
function statefulApi(initial: Record<string, Exemption[]> = {}) {
  const api = fakeApi();
  const lists: Record<string, Exemption[]> = { ...initial };
  api.listExemptions.mockImplementation(async scope => lists[scope] ?? []);
  api.removeExemption.mockImplementation(async id => {
    for (const scope of Object.keys(lists)) {
      lists[scope] = lists[scope].filter(e => e.id !== id);
    }
  });
  return { api, lists };
}

const csvFile = (text: string, name = 'exempt.csv') =>
  new File([text], name, { type: 'text/csv' });

describe('ExemptionsPanel', () => {
  it('lists the instance and the global exempt lists, groups and people by name', async () => {
    const { api } = statefulApi({
      'inst-figma': [exemption('ceo@acme.example.com', { note: 'CEO' })],
      global: [exemption('group:default/finance', { scope: 'global' })],
    });
    await renderWithApis(
      <ExemptionsPanel instanceId="inst-figma" label="Figma" appKey="figma" />,
      { api },
    );
    expect(await screen.findByText('ceo@acme.example.com')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Finance' }),
    ).toHaveAttribute('href', '/catalog/default/group/finance');
    expect(
      await screen.findAllByRole('link', { name: 'Alex Morgan' }),
    ).toHaveLength(2);
    expect(document.body).not.toHaveTextContent(/group:default|user:default/);
    expect(screen.getByText('Exempt from Figma')).toBeInTheDocument();
    expect(screen.getByText('Exempt from every app')).toBeInTheDocument();
    expect(api.listExemptions).toHaveBeenCalledWith('inst-figma');
    expect(api.listExemptions).toHaveBeenCalledWith('global');
  });

  it('reads an uploaded CSV in the browser and posts it for the scope', async () => {
    const { api, lists } = statefulApi();
    const alerts = { post: jest.fn() };
    api.addExemptions.mockImplementation(async input => {
      lists[input.scope] = [
        exemption('jane@acme.example.com', { note: 'On leave' }),
        exemption('group:default/vps'),
      ];
      return { added: 2, exemptions: lists[input.scope] };
    });
    await renderWithApis(
      <ExemptionList
        scope="inst-figma"
        title="Exempt from Figma"
        description=""
        editable
      />,
      { api, extra: [[alertApiRef, alerts]] },
    );
    expect(
      await screen.findByTestId('exempt-instance-empty'),
    ).toBeInTheDocument();
    const csv =
      'email,note\njane@acme.example.com,On leave\ngroup:default/vps\n';
    fireEvent.change(screen.getByTestId('exempt-instance-csv'), {
      target: { files: [csvFile(csv)] },
    });
    await waitFor(() =>
      expect(api.addExemptions).toHaveBeenCalledWith({
        scope: 'inst-figma',
        csv,
      }),
    );
    expect(
      await screen.findByText('jane@acme.example.com'),
    ).toBeInTheDocument();
    expect(screen.getByText('On leave')).toBeInTheDocument();
    expect(alerts.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'exempt.csv: 2 added',
        severity: 'success',
      }),
    );
  });

  it("shows the server's message when the CSV is refused, and adds nothing", async () => {
    const { api } = statefulApi();
    const message =
      "The CSV has 1 bad line, nothing was added: line 3: 'bob' is neither an e-mail nor a group ref like group:default/vps";
    api.addExemptions.mockRejectedValue(
      await serverError(400, 'InputError', message),
    );
    await renderWithApis(
      <ExemptionList
        scope="global"
        title="Exempt from every app"
        description=""
        editable
      />,
      { api },
    );
    await screen.findByTestId('exempt-global-empty');
    fireEvent.change(screen.getByTestId('exempt-global-csv'), {
      target: { files: [csvFile('a@acme.example.com\n\nbob\n')] },
    });
    expect(await screen.findByTestId('exempt-global-error')).toHaveTextContent(
      message,
    );
    expect(api.addExemptions).toHaveBeenCalledWith({
      scope: 'global',
      csv: 'a@acme.example.com\n\nbob\n',
    });
    expect(screen.getByTestId('exempt-global-empty')).toBeInTheDocument();
  });

  it('adds one person with a note and removes an entry', async () => {
    const { api, lists } = statefulApi({
      'inst-figma': [exemption('old@acme.example.com')],
    });
    api.addExemptions.mockImplementation(async input => {
      const entries = 'entries' in input ? input.entries : [];
      lists[input.scope].push(
        ...entries.map(e => exemption(e.value.toLowerCase(), { note: e.note })),
      );
      return { added: entries.length, exemptions: lists[input.scope] };
    });
    await renderWithApis(
      <ExemptionList
        scope="inst-figma"
        title="Exempt from Figma"
        description=""
        editable
      />,
      { api },
    );
    await screen.findByText('old@acme.example.com');
    expect(screen.getByRole('button', { name: 'Add' })).toBeDisabled();
    fireEvent.change(screen.getByLabelText('E-mail or group ref'), {
      target: { value: ' Jane@Acme.example.com ' },
    });
    fireEvent.change(screen.getByLabelText('Note (optional)'), {
      target: { value: 'Board member' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(
      await screen.findByText('jane@acme.example.com'),
    ).toBeInTheDocument();
    expect(api.addExemptions).toHaveBeenCalledWith({
      scope: 'inst-figma',
      entries: [{ value: 'Jane@Acme.example.com', note: 'Board member' }],
    });
    expect(screen.getByLabelText('E-mail or group ref')).toHaveValue('');

    fireEvent.click(
      screen.getByRole('button', { name: 'Remove old@acme.example.com' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByText('old@acme.example.com'),
      ).not.toBeInTheDocument(),
    );
    expect(api.removeExemption).toHaveBeenCalledWith('ex-old@acme.example.com');
    const row = screen.getByText('jane@acme.example.com').closest('tr')!;
    expect(within(row).getByText('Board member')).toBeInTheDocument();
  });

  it('shows the global list without changes to someone who may not change it', async () => {
    const { api } = statefulApi({
      global: [exemption('ceo@acme.example.com', { scope: 'global' })],
    });
    await renderWithApis(
      <ExemptionsPanel instanceId="inst-figma" label="Figma" appKey="figma" />,
      { api, denied: [provisioningWorkflowsGlobalExemptionsPermission.name] },
    );
    expect(await screen.findByText('ceo@acme.example.com')).toBeInTheDocument();
    expect(
      await screen.findByTestId('exempt-global-read-only'),
    ).toHaveTextContent('ask your Backstage administrator');
    expect(
      screen.queryByRole('button', { name: 'Remove ceo@acme.example.com' }),
    ).not.toBeInTheDocument();
    // The instance's own list stays editable for its admin.
    expect(screen.getAllByRole('button', { name: 'Add' })).toHaveLength(1);
  });
});
