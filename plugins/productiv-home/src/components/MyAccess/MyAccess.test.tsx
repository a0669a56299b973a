import {
  AlertApi,
  alertApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  AccessRequest,
  CatalogApp,
  HeldAccess,
} from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ProductivHomeApi, productivHomeApiRef } from '../../api';
import { MyAccess } from './MyAccess';

const day = 24 * 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const tableau: CatalogApp = {
  appKey: 'tableau',
  name: 'Tableau',
  description: 'Dashboards',
  category: 'Analytics',
  tiers: ['creator', 'explorer', 'viewer'],
  tierDetails: [
    { tier: 'viewer', displayName: 'Viewer' },
    { tier: 'explorer', displayName: 'Explorer' },
    { tier: 'creator', displayName: 'Creator' },
  ],
  held: { tier: 'viewer', tierName: 'Viewer', since: ago(40 * day) },
};

const held: HeldAccess[] = [
  {
    appKey: 'tableau',
    appName: 'Tableau',
    instanceId: '0oa1',
    tier: 'viewer',
    tierName: 'Viewer',
    since: ago(40 * day),
    lastSignIn: ago(3 * day),
  },
  {
    appName: 'Gong',
    instanceId: '0oa2',
    since: ago(2 * day),
  },
];

/** License automation's `/warnings`, as the sandbox backend would answer. */
function warningsServer(warnings: object[]) {
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
    if (init?.method === 'POST') {
      warnings.splice(0);
      return new Response('{}', { status: 200 });
    }
    return new Response(JSON.stringify({ items: warnings }), { status: 200 });
  };
  return {
    calls,
    discovery: mockApis.discovery({ baseUrl: 'http://backstage' }),
    fetchApi: { fetch },
  };
}

describe('MyAccess', () => {
  it('lists what the person holds by name, and changes a tier through a request', async () => {
    const submitted: unknown[] = [];
    const api: Partial<ProductivHomeApi> = {
      listMyAccess: async () => held,
      listCatalog: async () => [tableau],
      submitRequest: async input => {
        submitted.push(input);
        return { status: 'pending_approval' } as AccessRequest;
      },
    };
    const onRequested = jest.fn();
    const server = warningsServer([]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [productivHomeApiRef, api],
          [discoveryApiRef, server.discovery],
          [fetchApiRef, server.fetchApi],
        ]}
      >
        <MyAccess onRequested={onRequested} />
      </TestApiProvider>,
    );
    const tableauRow = (await screen.findByText('Tableau')).closest('tr')!;
    expect(tableauRow).toHaveTextContent('Viewer');
    expect(tableauRow).toHaveTextContent('3 days ago');
    const gongRow = screen.getByText('Gong').closest('tr')!;
    expect(gongRow).toHaveTextContent('No tier (assigned directly)');
    expect(gongRow).toHaveTextContent('Never');
    expect(gongRow).toHaveTextContent('Not offered in Productiv Home');
    expect(document.body.textContent).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    fireEvent.click(
      screen.getByRole('button', { name: 'Change tier of Tableau' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Submit request' }));
    await waitFor(() => expect(onRequested).toHaveBeenCalled());
    expect(submitted).toEqual([{ appKey: 'tableau', tier: 'explorer' }]);
  });

  it('gives a license back after asking, with what is lost, and says so in a toast', async () => {
    const given: unknown[] = [];
    let refuse: string | undefined = 'The inventory did not answer';
    const api: Partial<ProductivHomeApi> = {
      listMyAccess: async () => held,
      listCatalog: async () => [tableau],
      giveBack: async input => {
        if (refuse) {
          const message = refuse;
          refuse = undefined;
          throw new Error(message);
        }
        given.push(input);
        return { status: 'fulfilling', kind: 'return' } as AccessRequest;
      },
    };
    const alerts: object[] = [];
    const alertApi: Pick<AlertApi, 'post'> = {
      post: a => void alerts.push(a),
    };
    const server = warningsServer([]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [productivHomeApiRef, api],
          [alertApiRef, alertApi],
          [discoveryApiRef, server.discovery],
          [fetchApiRef, server.fetchApi],
        ]}
      >
        <MyAccess />
      </TestApiProvider>,
    );
    const tableauRow = (await screen.findByText('Tableau')).closest('tr')!;
    // Only apps offered in Productiv Home can be given back from here.
    const gongRow = screen.getByText('Gong').closest('tr')!;
    expect(gongRow).not.toHaveTextContent('Give back');

    // Asking first, and keeping it sends nothing.
    fireEvent.click(
      within(tableauRow).getByRole('button', {
        name: 'Give back Tableau Viewer',
      }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Give back Tableau Viewer?',
    });
    expect(dialog).toHaveTextContent(
      'You lose access to Tableau Viewer once it is removed',
    );
    expect(dialog).toHaveTextContent('No approval is needed.');
    expect(dialog).toHaveTextContent(
      'You can request Tableau again later from the Apps tab.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(given).toEqual([]);

    // A refusal stays in the dialog, in the server's words.
    fireEvent.click(
      screen.getByRole('button', { name: 'Give back Tableau Viewer' }),
    );
    fireEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Give back',
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not given back: The inventory did not answer',
    );
    fireEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Give back',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(given).toEqual([{ appKey: 'tableau' }]);
    expect(alerts).toEqual([
      {
        message: 'Giving back Tableau Viewer: follow it in My requests',
        severity: 'success',
        display: 'transient',
      },
    ]);
    expect(screen.getByText('Tableau').closest('tr')!).toHaveTextContent(
      'Given back: follow it in My requests',
    );
    expect(
      screen.queryByRole('button', { name: 'Give back Tableau Viewer' }),
    ).not.toBeInTheDocument();
  });

  it('says what the page is for when the person holds nothing', async () => {
    const api: Partial<ProductivHomeApi> = {
      listMyAccess: async () => [],
      listCatalog: async () => [],
    };
    const empty = warningsServer([]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [productivHomeApiRef, api],
          [discoveryApiRef, empty.discovery],
          [fetchApiRef, empty.fetchApi],
        ]}
      >
        <MyAccess />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('You hold no app licenses yet'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('pending-warnings')).not.toBeInTheDocument();
  });

  it('shows a pending license warning with Keep my license, which opts out', async () => {
    const api: Partial<ProductivHomeApi> = {
      listMyAccess: async () => held,
      listCatalog: async () => [tableau],
    };
    const server = warningsServer([
      {
        id: 'a1',
        instanceLabel: 'Zoom',
        action: 'deprovision',
        status: 'notified',
        deadline: new Date(Date.now() + 7 * day).toISOString(),
        allowOptOut: true,
      },
    ]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [productivHomeApiRef, api],
          [discoveryApiRef, server.discovery],
          [fetchApiRef, server.fetchApi],
        ]}
      >
        <MyAccess />
      </TestApiProvider>,
    );
    const warning = await screen.findByTestId('pending-warnings');
    expect(warning).toHaveTextContent(
      'Your Zoom license will be reclaimed in 7 days, because you have not used it lately.',
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Keep my Zoom license' }),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('pending-warnings')).not.toBeInTheDocument(),
    );
    expect(server.calls).toContain(
      'POST http://backstage/api/provisioning-workflows/warnings/a1/opt-out',
    );
  });
});
