import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  AccessRequest,
  ProductivHomeProfile,
} from '@internal/plugin-productiv-home-common';
import { screen } from '@testing-library/react';
import { ProductivHomeApi, productivHomeApiRef } from '../../api';
import {
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { presentationApi } from '../RequestPage/__testUtils__/fixtures';
import { ProductivHomePage } from './ProductivHomePage';

function apiReturning(profile: Partial<ProductivHomeProfile> | Error) {
  const api: Partial<ProductivHomeApi> = {
    listApps: async () => [],
    listCatalog: async () => [],
    submitRequest: async () => {
      throw new Error('not used');
    },
    listMyRequests: async () => [
      { status: 'pending_approval' } as AccessRequest,
      { status: 'fulfilled' } as AccessRequest,
    ],
    listApprovals: async () => [
      { status: 'pending_approval' } as AccessRequest,
    ],
    listMyAccess: async () => [],
    decide: async () => {
      throw new Error('not used');
    },
    cancel: async () => {
      throw new Error('not used');
    },
    getProfile: async () => {
      if (profile instanceof Error) throw profile;
      return {
        userEntityRef: 'user:default/emma.jones',
        displayName: 'Emma Jones',
        email: 'emma.jones@acme.example.com',
        jobTitle: 'Software Engineer',
        department: 'Engineering',
        managerRef: 'user:default/olivia.chen',
        teams: ['group:default/platform-engineering'],
        directReports: [],
        roles: ['employee'],
        ...profile,
      };
    },
  };
  return api;
}

describe('ProductivHomePage', () => {
  it('greets an employee with title, manager, team and role', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [productivHomeApiRef, apiReturning({})],
          [entityPresentationApiRef, presentationApi],
        ]}
      >
        <ProductivHomePage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Welcome, Emma Jones')).toBeInTheDocument();
    expect(screen.getByTestId('profile-title')).toHaveTextContent(
      'Software Engineer, Engineering',
    );
    expect(screen.getByTestId('profile-manager')).toHaveTextContent(
      'Manager: Olivia Chen',
    );
    expect(screen.getByText(/Teams:/)).toHaveTextContent(
      'Teams: Platform Engineering',
    );
    expect(screen.getByTestId('profile-roles')).toHaveTextContent('Employee');
    expect(screen.queryByTestId('approver-note')).not.toBeInTheDocument();
    // What waits for the person, each a link to its tab.
    expect(await screen.findByText('1 request')).toHaveAttribute(
      'href',
      expect.stringContaining('tab=requests'),
    );
    expect(screen.getByTestId('glance-access')).toHaveTextContent(
      '0 apps you hold',
    );
    expect(screen.queryByTestId('glance-approvals')).not.toBeInTheDocument();
  });

  it('tells an approver how many reports they approve for', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            productivHomeApiRef,
            apiReturning({
              displayName: 'Olivia Chen',
              roles: ['employee', 'approver', 'admin'],
              directReports: ['user:default/a', 'user:default/b'],
            }),
          ],
          [entityPresentationApiRef, presentationApi],
        ]}
      >
        <ProductivHomePage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByTestId('approver-note')).toHaveTextContent(
      'You approve requests of 2 direct reports.',
    );
    expect(
      await screen.findByText('1 approval', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('glance-approvals')).toHaveTextContent(
      '1 approval waiting for you',
    );
    expect(screen.getByTestId('profile-roles')).toHaveTextContent(
      'EmployeeApproverAdmin',
    );
  });

  it('shows the error when the backend fails', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[productivHomeApiRef, apiReturning(new Error('backend down'))]]}
      >
        <ProductivHomePage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
    expect(screen.queryByText(/Welcome/)).not.toBeInTheDocument();
  });
});
