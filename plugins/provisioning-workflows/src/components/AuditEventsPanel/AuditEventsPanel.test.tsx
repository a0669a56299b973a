import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { AuditEvent } from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { fakeApi } from '../../testUtils/fakeApi';
import { AuditEventsPanel } from './AuditEventsPanel';

const event = (id: number, type: AuditEvent['type']): AuditEvent => ({
  id: String(id),
  at: '2026-11-24T10:00:00.000Z',
  type,
  actor: 'user:default/alex.morgan',
  appKey: 'figma',
  runId: 'abcdef12-0000-0000-0000-000000000000',
  detail: { status: 'succeeded' },
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
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
        <AuditEventsPanel appKey="figma" />
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('cell', { name: 'run.finished' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('cell', { name: 'status: succeeded' }),
    ).toHaveLength(2);
    expect(api.listAuditEvents).toHaveBeenCalledWith({
      appKey: 'figma',
      types: undefined,
      cursor: undefined,
      limit: 50,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      await screen.findByRole('cell', { name: 'workflow.saved' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('cell', { name: 'run.finished' }),
    ).toBeInTheDocument();
    expect(api.listAuditEvents).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: '2' }),
    );
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Type'), {
      target: { value: 'run.started' },
    });
    await waitFor(() =>
      expect(screen.queryByRole('cell', { name: 'workflow.saved' })).toBeNull(),
    );
    expect(screen.getAllByRole('cell', { name: 'run.started' })).toHaveLength(
      1,
    );
    expect(api.listAuditEvents).toHaveBeenLastCalledWith(
      expect.objectContaining({ types: ['run.started'], cursor: undefined }),
    );
  });

  it('says when there is no event', async () => {
    const api = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
        <AuditEventsPanel appKey="figma" />
      </TestApiProvider>,
    );
    expect(await screen.findByText('No audit events')).toBeInTheDocument();
  });
});
