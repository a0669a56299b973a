import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CATALOG,
  jsonResponse,
  pendingRequest,
  ref,
  renderWith,
} from '../RequestPage/__testUtils__/fixtures';
import { MyRequests } from './MyRequests';

const FIGMA = '11111111-1111-4111-8111-111111111111';
const TABLEAU = '22222222-2222-4222-8222-222222222222';

const requests = [
  pendingRequest(FIGMA, 'emma.jones', 'olivia.chen'),
  pendingRequest(TABLEAU, 'emma.jones', 'sarah.johnson', {
    appKey: 'tableau_online',
    tier: 'explorer',
    status: 'fulfilled',
    level: undefined,
    approvals: [
      {
        level: 1,
        approver: ref('sarah.johnson'),
        viaFallback: false,
        decision: 'approved',
        decidedAt: '2026-11-02T10:00:00Z',
        remindersSent: 0,
      },
    ],
    createdAt: '2026-11-01T09:00:00Z',
  }),
];

describe('MyRequests', () => {
  it('lists requests by app and tier name, who was asked, each linking to its page', async () => {
    await renderWith(<MyRequests />, {
      api: {
        listMyRequests: async () => requests,
        listCatalog: async () => CATALOG,
      },
      viewer: ref('emma.jones'),
      route: '/productiv-home?tab=requests',
    });
    const figma = await screen.findByRole('link', { name: 'Figma' });
    expect(figma).toHaveAttribute(
      'href',
      `/productiv-home?tab=requests&request=${FIGMA}`,
    );
    expect(screen.getByRole('link', { name: 'Tableau' })).toHaveAttribute(
      'href',
      `/productiv-home?tab=requests&request=${TABLEAU}`,
    );
    const rows = screen.getAllByRole('row').slice(1);
    const figmaRow = rows.find(r => within(r).queryByText('Figma'))!;
    expect(figmaRow).toHaveTextContent('Editor');
    expect(figmaRow).toHaveTextContent('Pending approval (level 1)');
    expect(
      within(figmaRow).getByRole('link', { name: 'Olivia Chen' }),
    ).toHaveAttribute('href', '/catalog/default/user/olivia.chen');
    const tableauRow = rows.find(r => within(r).queryByText('Tableau'))!;
    expect(tableauRow).toHaveTextContent('Explorer');
    expect(tableauRow).toHaveTextContent('Sarah Johnson');
    expect(tableauRow).toHaveTextContent('Access granted');
    // Only the pending request can be cancelled.
    expect(
      within(figmaRow).getByRole('button', {
        name: 'Cancel the request for Figma · Editor',
      }),
    ).toBeInTheDocument();
    expect(within(tableauRow).queryByRole('button')).not.toBeInTheDocument();

    const text = document.body.textContent ?? '';
    expect(text).not.toMatch(/user:default|tableau_online|figma\b|explorer\b/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('opens a request page from the link, and goes back to the list', async () => {
    await renderWith(<MyRequests />, {
      api: {
        listMyRequests: async () => requests,
        listCatalog: async () => CATALOG,
      },
      viewer: ref('emma.jones'),
      route: '/productiv-home?tab=requests',
      fetch: async url =>
        jsonResponse(
          200,
          requests.find(r => url.endsWith(r.id)),
        ),
    });
    await userEvent.click(await screen.findByRole('link', { name: 'Tableau' }));
    const timeline = await screen.findByTestId('request-timeline');
    expect(timeline).toHaveTextContent(
      'Emma Jones asked for Tableau · Explorer',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('link', { name: '← All my requests' }),
    );
    expect(
      await screen.findByRole('link', { name: 'Figma' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('request-timeline')).not.toBeInTheDocument();
  });

  it('shows the page of the request a notification links to', async () => {
    const listed: string[] = [];
    await renderWith(<MyRequests />, {
      api: {
        listMyRequests: async () => {
          listed.push('mine');
          return requests;
        },
        listCatalog: async () => CATALOG,
      },
      viewer: ref('emma.jones'),
      route: `/productiv-home?tab=requests&request=${FIGMA}`,
      fetch: async () => jsonResponse(200, requests[0]),
    });
    expect(await screen.findByTestId('request-timeline')).toHaveTextContent(
      'Asked Olivia Chen to approve',
    );
    expect(listed).toEqual([]);
  });
});
