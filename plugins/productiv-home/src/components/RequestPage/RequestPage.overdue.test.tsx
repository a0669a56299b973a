import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { screen, within } from '@testing-library/react';
import {
  CATALOG,
  jsonResponse,
  pendingRequest,
  ref,
  renderWith,
} from './__testUtils__/fixtures';
import { RequestPage } from './RequestPage';

const ID = '6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60';

/** Emma's Figma Editor request: nobody decided, Alex was asked too, then it expired. */
function expired(): AccessRequest {
  const base = pendingRequest(ID, 'emma.jones', 'olivia.chen');
  return {
    ...base,
    status: 'expired',
    level: undefined,
    approvals: [
      ...base.approvals,
      {
        level: 1,
        approver: ref('alex.morgan'),
        viaFallback: false,
        viaEscalation: true,
        remindersSent: 0,
      },
    ],
    history: [
      ...base.history,
      {
        at: '2026-11-05T09:00:00Z',
        actor: 'system',
        type: 'escalated',
        level: 1,
        comment: ref('alex.morgan'),
        status: 'pending_approval',
      },
      {
        at: '2026-12-02T09:00:00Z',
        actor: 'system',
        type: 'expired',
        level: 1,
        comment: 'No decision within 30 days',
        status: 'expired',
      },
    ],
    updatedAt: '2026-12-02T09:00:00Z',
  };
}

describe('RequestPage of an overdue request', () => {
  it('tells the escalation and the expiry by name, and the status as Expired', async () => {
    await renderWith(<RequestPage id={ID} backTo="/home?tab=requests" />, {
      api: { listCatalog: async () => CATALOG },
      viewer: ref('emma.jones'),
      fetch: async () => jsonResponse(200, expired()),
    });
    const timeline = await screen.findByTestId('request-timeline');
    const lines = within(timeline)
      .getAllByTestId('timeline-event')
      .map(li => li.querySelector('p')?.textContent);
    expect(lines).toEqual([
      'Emma Jones asked for Figma · Editor',
      'Asked Olivia Chen to approve',
      'Nobody decided in time; also asked Alex Morgan',
      'Closed as expired: nobody decided in time',
    ]);
    expect(timeline).toHaveTextContent('No decision within 30 days');
    expect(screen.getByTestId('request-status')).toHaveTextContent('Expired');
    const level = screen.getByTestId('approval-level');
    expect(level).toHaveTextContent('Olivia Chen: did not decide in time');
    expect(level).toHaveTextContent(
      'Alex Morgan (asked when overdue): did not decide in time',
    );
    expect(screen.getByTestId('fulfillment')).toHaveTextContent(
      'Nobody decided in time, so the request expired: no access is set up.',
    );
    expect(document.body.textContent).not.toMatch(/user:default|escalated/);
  });
});
