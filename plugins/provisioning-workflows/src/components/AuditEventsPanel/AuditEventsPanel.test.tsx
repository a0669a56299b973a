import { AuditEvent } from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { captureDownloads } from '../../__testUtils__/downloads';
import { fakeApi, figma } from '../../testUtils/fakeApi';
import { renderWithApis } from '../../__testUtils__/render';
import { AuditEventsPanel } from './AuditEventsPanel';

const event = (
  id: number,
  type: AuditEvent['type'],
  overrides: Partial<AuditEvent> = {},
): AuditEvent => ({
  id: String(id),
  at: '2026-11-24T10:00:00.000Z',
  type,
  actor: 'user:default/alex.morgan',
  appKey: 'figma',
  instanceId: 'inst-figma',
  runId: 'abcdef12-0000-0000-0000-000000000000',
  detail: { status: 'succeeded', counts: { 'dry-run': 1 } },
  ...overrides,
});

const render = (api: ReturnType<typeof fakeApi>) =>
  renderWithApis(<AuditEventsPanel appKey="figma" instance={figma} />, {
    api,
  });

describe('AuditEventsPanel', () => {
  it("loads the app's events page by page and filters by type", async () => {
    const api = fakeApi();
    api.listAuditEvents.mockImplementation(async filter => {
      if (filter?.types?.length) return { items: [event(9, 'run.started')] };
      return filter?.cursor
        ? { items: [event(1, 'workflow.saved')] }
        : {
            items: [event(3, 'run.finished'), event(2, 'run.started')],
            nextCursor: '2',
          };
    });
    await render(api);
    expect(
      await screen.findByRole('cell', { name: 'Run finished' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('cell', { name: 'The run finished: 1 dry run' }),
    ).toBeInTheDocument();
    expect(api.listAuditEvents).toHaveBeenCalledWith({
      appKey: 'figma',
      types: undefined,
      cursor: undefined,
      limit: 50,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      await screen.findByRole('cell', { name: 'Workflow saved' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('cell', { name: 'Run finished' }),
    ).toBeInTheDocument();
    expect(api.listAuditEvents).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: '2' }),
    );
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Event'), {
      target: { value: 'run.started' },
    });
    await waitFor(() =>
      expect(screen.queryByRole('cell', { name: 'Workflow saved' })).toBeNull(),
    );
    expect(screen.getAllByRole('cell', { name: 'Run started' })).toHaveLength(
      1,
    );
    expect(api.listAuditEvents).toHaveBeenLastCalledWith(
      expect.objectContaining({ types: ['run.started'], cursor: undefined }),
    );
  });

  it('tells each event as a sentence, with people and groups by name and a link to the run', async () => {
    const api = fakeApi();
    api.listAuditEvents.mockResolvedValue({
      items: [
        event(5, 'exemption.added', {
          runId: undefined,
          detail: {
            scope: 'global',
            added: 2,
            entries: [
              'user:jane@acme.example.com',
              'group:group:default/finance',
            ],
          },
        }),
        event(4, 'action.done', {
          actor: 'provisioning-workflows',
          detail: {
            email: 'ava.rossi@acme.example.com',
            action: 'downgrade',
            fromTier: 'editor',
            toTier: 'viewer',
            result: 'Moved from group g2 to g1',
          },
        }),
        event(3, 'action.skipped', {
          actor: 'provisioning-workflows',
          detail: {
            email: 'liam.patel@acme.example.com',
            reason: 'Signed in again on 2026-11-23T09:30:00.000Z',
          },
        }),
        event(2, 'workflow.status', {
          runId: undefined,
          detail: { from: 'active', to: 'paused' },
        }),
      ],
    });
    await render(api);
    const table = (await screen.findByText('Audit events')).closest(
      '.MuiPaper-root',
    ) as HTMLElement;
    await waitFor(() => expect(table).toHaveTextContent('Finance'));
    expect(table).toHaveTextContent(
      'Alex Morgan exempted jane@acme.example.com and Finance from every app',
    );
    expect(
      within(table).getByRole('link', { name: 'Finance' }),
    ).toHaveAttribute('href', '/catalog/default/group/finance');
    expect(table).toHaveTextContent(
      'Downgraded ava.rossi@acme.example.com from Editor to Viewer: Moved from group g2 to g1',
    );
    expect(table).toHaveTextContent(
      'Left the license of liam.patel@acme.example.com as it was: Signed in again',
    );
    expect(table).toHaveTextContent('Alex Morgan paused the workflow');
    expect(table).not.toHaveTextContent(
      /user:default|group:default|2026-11-2|abcdef12|\.done|"/,
    );
    const runs = within(table).getAllByRole('link', { name: 'See the run' });
    expect(runs).toHaveLength(2);
    expect(runs[0]).toHaveAttribute(
      'href',
      '/license-automation/instances/inst-figma?tab=results&run=abcdef12-0000-0000-0000-000000000000',
    );
  });

  it('downloads every event of the filter as CSV, all pages', async () => {
    const api = fakeApi();
    api.listAuditEvents.mockImplementation(async filter => {
      if (filter?.limit === 50) {
        return { items: [event(3, 'run.finished')], nextCursor: 'x' };
      }
      return filter?.cursor
        ? {
            items: [
              event(1, 'suggestion.accepted', {
                detail: {
                  email: 'o\'brien, "pat"@acme.example.com',
                  action: 'deprovision',
                },
              }),
            ],
          }
        : { items: [event(3, 'run.finished')], nextCursor: 'p2' };
    });
    const downloads = captureDownloads();
    try {
      await render(api);
      fireEvent.click(
        await screen.findByRole('button', { name: 'Download CSV' }),
      );
      await waitFor(() => expect(downloads.names).toHaveLength(1));
      expect(downloads.names[0]).toMatch(/^figma-audit-events-.*\.csv$/);
      expect(await downloads.texts()).toEqual([
        'Time,Event,What happened,By,Run,Action\r\n' +
          '2026-11-24T10:00:00.000Z,Run finished,The run finished: 1 dry run,user:default/alex.morgan,abcdef12-0000-0000-0000-000000000000,\r\n' +
          '2026-11-24T10:00:00.000Z,Suggestion accepted,"alex.morgan accepted the suggestion to deprovision o\'brien, ""pat""@acme.example.com",user:default/alex.morgan,abcdef12-0000-0000-0000-000000000000,\r\n',
      ]);
      expect(api.listAuditEvents).toHaveBeenCalledWith(
        expect.objectContaining({ limit: 200, cursor: 'p2' }),
      );
    } finally {
      downloads.restore();
    }
  });

  it('says when there is no event', async () => {
    const api = fakeApi();
    await render(api);
    expect(await screen.findByText('No audit events')).toBeInTheDocument();
  });
});
