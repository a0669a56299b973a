import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CATALOG,
  errorBody,
  jsonResponse,
  pendingRequest,
  ref,
  renderWith,
} from './__testUtils__/fixtures';
import { RequestPage } from './RequestPage';

const ID = '6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60';

/** Emma's Figma Editor request: Olivia approved, an admin approved level 2 for Sarah and Liam, a JSM ticket is open. */
function ticketed(): AccessRequest {
  const base = pendingRequest(ID, 'emma.jones', 'olivia.chen');
  return {
    ...base,
    accessDays: 90,
    status: 'fulfilling',
    level: undefined,
    approvals: [
      {
        level: 1,
        approver: ref('olivia.chen'),
        viaFallback: false,
        decision: 'approved',
        decidedAt: '2026-11-02T10:00:00Z',
        remindersSent: 1,
      },
      {
        level: 2,
        approver: ref('sarah.johnson'),
        viaFallback: false,
        remindersSent: 0,
      },
      {
        level: 2,
        approver: ref('liam.patel'),
        viaFallback: false,
        remindersSent: 0,
      },
    ],
    history: [
      ...base.history,
      {
        at: '2026-11-02T09:30:00Z',
        actor: 'system',
        type: 'reminder-sent',
        level: 1,
        comment: ref('olivia.chen'),
        status: 'pending_approval',
      },
      {
        at: '2026-11-02T10:00:00Z',
        actor: ref('olivia.chen'),
        type: 'approved',
        level: 1,
        comment: 'ok for the Q3 project',
        status: 'pending_approval',
      },
      {
        at: '2026-11-02T10:00:00Z',
        actor: 'system',
        type: 'approval-requested',
        level: 2,
        comment: `${ref('sarah.johnson')}, ${ref('liam.patel')}`,
        status: 'pending_approval',
      },
      {
        at: '2026-11-03T08:00:00Z',
        actor: ref('alex.morgan'),
        type: 'approved',
        level: 2,
        status: 'pending_approval',
        onBehalfOf: [ref('sarah.johnson'), ref('liam.patel')],
      },
      {
        at: '2026-11-03T08:00:00Z',
        actor: 'system',
        type: 'fulfilling',
        comment: 'ticket',
        status: 'fulfilling',
      },
      {
        at: '2026-11-03T08:01:00Z',
        actor: 'system',
        type: 'ticket-opened',
        comment:
          'jira-service-management KAN-12 https://jsm.example.com/browse/KAN-12',
        status: 'fulfilling',
      },
    ],
    fulfillment: {
      provider: 'jira-service-management',
      externalId: 'KAN-12',
      externalUrl: 'https://jsm.example.com/browse/KAN-12',
    },
    updatedAt: '2026-11-03T08:01:00Z',
  };
}

// Backstage's Link tells screen readers that an external link opens a new window.
const withoutHint = (text?: string | null) =>
  text?.replace(', Opens in a new window', '');

const serving =
  (request: AccessRequest, calls: string[] = []) =>
  async (url: string) => {
    calls.push(url);
    return jsonResponse(200, request);
  };

describe('RequestPage', () => {
  it('tells the story of a request: who was asked at each level, who decided for whom, and the ticket', async () => {
    const calls: string[] = [];
    await renderWith(<RequestPage id={ID} backTo="/home?tab=requests" />, {
      api: { listCatalog: async () => CATALOG },
      viewer: ref('emma.jones'),
      fetch: serving(ticketed(), calls),
    });
    const timeline = await screen.findByTestId('request-timeline');
    // Asked for 90 days.
    expect(screen.getByText('90 days')).toBeInTheDocument();
    expect(calls).toEqual([
      `http://backstage/api/productiv-home/requests/${ID}`,
    ]);
    const lines = within(timeline)
      .getAllByTestId('timeline-event')
      .map(li => withoutHint(li.querySelector('p')?.textContent));
    expect(lines).toEqual([
      'Emma Jones asked for Figma · Editor',
      'Asked Olivia Chen to approve (level 1)',
      'Reminded Olivia Chen to decide',
      'Olivia Chen approved (level 1)',
      'Asked Sarah Johnson and Liam Patel to approve (level 2)',
      'Alex Morgan approved (level 2) on behalf of Sarah Johnson and Liam Patel',
      'Sent to IT, who get a ticket to grant access',
      'Ticket KAN-12 opened in Jira Service Management',
    ]);
    expect(timeline).toHaveTextContent('“ok for the Q3 project”');
    // People are linked to their catalog page, by name.
    expect(
      within(timeline).getAllByRole('link', { name: 'Olivia Chen' })[0],
    ).toHaveAttribute('href', '/catalog/default/user/olivia.chen');

    // The header: names, a human status, times.
    expect(screen.getByText('Figma · Editor')).toBeInTheDocument();
    expect(screen.getByTestId('request-status')).toHaveTextContent(
      'Being set up',
    );
    expect(
      screen.getByText('Design reviews with the product team'),
    ).toBeInTheDocument();

    // Per level: who was asked and what each did.
    const levels = screen.getAllByTestId('approval-level');
    expect(levels[0]).toHaveTextContent('Olivia Chen: approved');
    expect(levels[1]).toHaveTextContent('Sarah Johnson: no decision needed');
    expect(levels[1]).toHaveTextContent(
      'Alex Morgan approved on behalf of Sarah Johnson and Liam Patel',
    );

    // The ticket, with its link and state.
    const ticket = screen.getByTestId('ticket');
    expect(withoutHint(ticket.textContent)).toBe(
      'Ticket KAN-12 in Jira Service Management: Open: waiting for IT',
    );
    expect(
      within(ticket).getByRole('link', { name: /^KAN-12/ }),
    ).toHaveAttribute('href', 'https://jsm.example.com/browse/KAN-12');

    // No keys, refs or ISO times on screen; no action for a request in fulfillment.
    const text = document.body.textContent ?? '';
    expect(text).not.toMatch(/user:default|group:default|figma|editor\b/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(
      screen.queryByRole('button', { name: /Cancel the request/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: '← All my requests' }),
    ).toHaveAttribute('href', '/home?tab=requests');
  });

  const WHO_SEES =
    'a request is shown to the person who asked, to the people asked to approve it and to Productiv Home admins';
  it.each([
    [
      404,
      'NotFoundError',
      'Request x not found',
      'You cannot open this request',
      WHO_SEES,
    ],
    [
      403,
      'NotAllowedError',
      'Not allowed',
      'You cannot open this request',
      WHO_SEES,
    ],
    [
      400,
      'InputError',
      'id must be a request id',
      'This link does not name a request',
      'find the request in My requests',
    ],
  ])(
    'explains a %s in a sentence with what to do next, never the bare status',
    async (status, name, message, title, advice) => {
      await renderWith(<RequestPage id={ID} backTo="/home?tab=requests" />, {
        api: { listCatalog: async () => CATALOG },
        viewer: ref('noah.kim'),
        fetch: async () =>
          jsonResponse(status, errorBody(status, name, message)),
      });
      const refused = await screen.findByTestId('request-refused');
      expect(refused).toHaveTextContent(title);
      expect(refused.textContent).not.toMatch(new RegExp(`${status}|failed`));
      expect(refused).toHaveTextContent(advice);
      expect(screen.queryByTestId('request-timeline')).not.toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: '← All my requests' }),
      ).toBeInTheDocument();
    },
  );

  it('tells a license given back as a removal, not as access granted', async () => {
    const base = pendingRequest(ID, 'emma.jones', 'olivia.chen');
    const returned: AccessRequest = {
      ...base,
      kind: 'return',
      status: 'fulfilled',
      level: undefined,
      approvals: [],
      fulfillment: { provider: 'okta' },
      history: [
        {
          type: 'submitted',
          actor: ref('emma.jones'),
          at: '2026-11-02T09:00:00Z',
          comment: 'Gave back Figma Editor',
        },
        {
          type: 'fulfilled',
          actor: 'system',
          at: '2026-11-02T09:01:00Z',
        },
      ] as AccessRequest['history'],
    };
    await renderWith(<RequestPage id={ID} backTo="/home?tab=requests" />, {
      api: { listCatalog: async () => CATALOG },
      viewer: ref('emma.jones'),
      fetch: serving(returned),
    });
    await screen.findByTestId('request-timeline');
    expect(screen.getByTestId('request-status')).toHaveTextContent(
      'Given back',
    );
    expect(screen.getByTestId('fulfillment')).toHaveTextContent(
      'Removed through Okta',
    );
    expect(screen.getByTestId('request-timeline')).toHaveTextContent(
      'Access removed through Okta',
    );
    expect(document.body.textContent).not.toMatch(/granted/i);
  });

  it('says a server failure in words and offers to try again', async () => {
    let answers = 0;
    await renderWith(<RequestPage id={ID} backTo="/home?tab=requests" />, {
      api: { listCatalog: async () => CATALOG },
      viewer: ref('emma.jones'),
      fetch: async () =>
        answers++
          ? jsonResponse(200, pendingRequest(ID, 'emma.jones', 'olivia.chen'))
          : jsonResponse(
              503,
              errorBody(
                503,
                'ServiceUnavailableError',
                'The database is restarting',
              ),
            ),
    });
    expect(await screen.findByTestId('request-refused')).toHaveTextContent(
      'The request could not be loaded',
    );
    expect(screen.getByTestId('request-refused')).toHaveTextContent(
      'The database is restarting',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('request-timeline')).toBeInTheDocument();
  });

  it('lets the requester cancel while it waits for approval, after asking', async () => {
    let request = pendingRequest(ID, 'emma.jones', 'olivia.chen');
    const cancelled: string[] = [];
    await renderWith(<RequestPage id={ID} backTo="/home?tab=requests" />, {
      api: {
        listCatalog: async () => CATALOG,
        cancel: async id => {
          cancelled.push(id);
          request = { ...request, status: 'cancelled', level: undefined };
          return request;
        },
      },
      viewer: ref('emma.jones'),
      fetch: async () => jsonResponse(200, request),
      alerts: [],
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Cancel the request for Figma · Editor',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Cancel your request for Figma · Editor?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel request' }),
    );
    expect(cancelled).toEqual([ID]);
    await waitFor(() =>
      expect(screen.getByTestId('request-status')).toHaveTextContent(
        'Cancelled',
      ),
    );
  });

  it('lets the approver who opens the link decide, and nobody else', async () => {
    let request = pendingRequest(ID, 'emma.jones', 'olivia.chen');
    const decisions: Array<{ id: string; decision: string; comment?: string }> =
      [];
    await renderWith(<RequestPage id={ID} backTo="/home?tab=requests" />, {
      api: {
        listCatalog: async () => CATALOG,
        decide: async (id, input) => {
          decisions.push({ id, ...input });
          request = { ...request, status: 'fulfilling', level: undefined };
          return request;
        },
      },
      viewer: ref('olivia.chen'),
      fetch: async () => jsonResponse(200, request),
    });
    await screen.findByText('Your decision');
    // Not the requester: no cancel.
    expect(
      screen.queryByRole('button', { name: /Cancel the request/ }),
    ).not.toBeInTheDocument();
    await userEvent.type(
      screen.getByLabelText('Comment (optional)'),
      'Go ahead',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(decisions).toEqual([
      { id: ID, decision: 'approved', comment: 'Go ahead' },
    ]);
    await waitFor(() =>
      expect(screen.queryByText('Your decision')).not.toBeInTheDocument(),
    );
  });
});
