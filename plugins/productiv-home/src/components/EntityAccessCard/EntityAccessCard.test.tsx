import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { PersonAccess } from '@internal/plugin-productiv-home-common';
import { screen, within } from '@testing-library/react';
import { ProductivHomeApi, productivHomeApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  errorBody,
  jsonResponse,
  presentationApi,
} from '../RequestPage/__testUtils__/fixtures';
import { EntityAccessCard } from './EntityAccessCard';

const day = 24 * 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const emma = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'emma.jones', namespace: 'default' },
  spec: { profile: { displayName: 'Emma Jones' } },
};

const access: PersonAccess = {
  entityRef: 'user:default/emma.jones',
  holdings: [
    {
      appKey: 'tableau',
      appName: 'Tableau',
      instanceId: '0oaTab',
      tier: 'viewer',
      tierName: 'Viewer',
      since: ago(40 * day),
      lastSignIn: ago(2 * day),
    },
  ],
  pending: [
    {
      id: 'req-1',
      appKey: 'figma',
      appName: 'Figma',
      tier: 'editor',
      tierName: 'Editor',
      status: 'pending_approval',
      waitingOn: [
        { entityRef: 'user:default/olivia.chen', name: 'Olivia Chen' },
      ],
      accessDays: 90,
      createdAt: ago(3 * 3600_000),
      updatedAt: ago(3 * 3600_000),
    },
  ],
};

async function renderCard(api: Partial<ProductivHomeApi>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [productivHomeApiRef, api],
        [entityPresentationApiRef, presentationApi],
      ]}
    >
      <EntityProvider entity={emma}>
        <EntityAccessCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/productiv-home': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('EntityAccessCard', () => {
  it('shows what the person holds and their open requests, by name', async () => {
    const getPersonAccess = jest.fn(async () => access);
    await renderCard({ getPersonAccess });
    expect(await screen.findByText('Tableau')).toBeInTheDocument();
    expect(getPersonAccess).toHaveBeenCalledWith('user:default/emma.jones');
    expect(screen.getByText('Viewer')).toBeInTheDocument();
    expect(screen.getByText('last month')).toBeInTheDocument();
    expect(screen.getByText('2 days ago')).toBeInTheDocument();

    const figma = screen.getByRole('link', { name: 'Figma' });
    expect(figma).toHaveAttribute(
      'href',
      '/productiv-home?tab=requests&request=req-1',
    );
    const row = figma.closest('tr')!;
    expect(within(row).getByText('Editor')).toBeInTheDocument();
    expect(within(row).getByText('Pending approval')).toBeInTheDocument();
    expect(within(row).getByText('Olivia Chen')).toBeInTheDocument();
    expect(within(row).getByText('90 days')).toBeInTheDocument();
    expect(within(row).getByText('3 hours ago')).toBeInTheDocument();
    // Names, never keys or refs; one time format.
    expect(document.body.textContent).not.toMatch(
      /user:default|figma|\d{4}-\d{2}-\d{2}T/,
    );
  });

  it('leaves out the access length when no request carries one, and says when nothing is held', async () => {
    await renderCard({
      getPersonAccess: async () => ({
        ...access,
        holdings: [],
        pending: access.pending.map(({ accessDays: _, ...p }) => p),
      }),
    });
    expect(
      await screen.findByText('No app licenses in Okta yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Access for')).not.toBeInTheDocument();
  });

  it('says the holdings cannot be read when the inventory did not answer', async () => {
    await renderCard({
      getPersonAccess: async () => ({ ...access, holdings: undefined }),
    });
    expect(
      await screen.findByText(/cannot be read right now/),
    ).toBeInTheDocument();
    expect(screen.getByText('Figma')).toBeInTheDocument();
  });

  it('renders nothing for a caller who may not see it', async () => {
    const refused = await ResponseError.fromResponse(
      jsonResponse(
        403,
        errorBody(
          403,
          'NotAllowedError',
          "Only the person, their manager and the Productiv admins may see a person's access",
        ),
      ),
    );
    const getPersonAccess = jest.fn(async () => {
      throw refused;
    });
    const { container } = await renderCard({ getPersonAccess });
    await new Promise(r => setTimeout(r, 50));
    expect(getPersonAccess).toHaveBeenCalled();
    expect(container).toBeEmptyDOMElement();
  });
});
