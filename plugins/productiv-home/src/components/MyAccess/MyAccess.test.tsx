import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  AccessRequest,
  CatalogApp,
  HeldAccess,
} from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
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
    await renderInTestApp(
      <TestApiProvider apis={[[productivHomeApiRef, api]]}>
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

  it('says what the page is for when the person holds nothing', async () => {
    const api: Partial<ProductivHomeApi> = {
      listMyAccess: async () => [],
      listCatalog: async () => [],
    };
    await renderInTestApp(
      <TestApiProvider apis={[[productivHomeApiRef, api]]}>
        <MyAccess />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('You hold no app licenses yet'),
    ).toBeInTheDocument();
  });
});
