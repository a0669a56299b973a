import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  AccessRequest,
  CatalogApp,
} from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ProductivHomeApi, productivHomeApiRef } from '../../api';
import { AppCatalog } from './AppCatalog';

const app = (appKey: string, name: string, category: string): CatalogApp => ({
  appKey,
  name,
  description: `${name} description`,
  category,
  tiers: ['basic', 'pro'],
  peers: { team: 3, title: 5, department: 12 },
});

describe('AppCatalog', () => {
  it('searches, filters and submits a request with tier and justification', async () => {
    const submitted: unknown[] = [];
    const api: Partial<ProductivHomeApi> = {
      listCatalog: async () => [
        app('figma', 'Figma', 'Design'),
        app('zoom', 'Zoom', 'Meetings'),
      ],
      submitRequest: async input => {
        submitted.push(input);
        return { status: 'pending_approval' } as AccessRequest;
      },
    };
    const onRequested = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[productivHomeApiRef, api]]}>
        <AppCatalog onRequested={onRequested} />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('app-card-figma')).toBeInTheDocument();
    expect(screen.getByTestId('app-card-zoom')).toBeInTheDocument();
    expect(screen.getByTestId('peers-figma')).toHaveTextContent(
      'Used by 3 on your teams, 5 with your title, 12 in your department',
    );

    fireEvent.change(screen.getByLabelText('Search apps'), {
      target: { value: 'zoo' },
    });
    expect(screen.queryByTestId('app-card-figma')).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Search apps'), {
      target: { value: 'nothing' },
    });
    expect(screen.getByText('No app matches your search.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Search apps'), {
      target: { value: '' },
    });

    fireEvent.click(screen.getByRole('button', { name: 'Request Figma' }));
    fireEvent.change(screen.getByLabelText('Why do you need it?'), {
      target: { value: 'Design reviews' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Submit request' }));
    await waitFor(() => expect(onRequested).toHaveBeenCalled());
    expect(submitted).toEqual([
      { appKey: 'figma', tier: 'basic', justification: 'Design reviews' },
    ]);
  });

  it('shows the reason when the backend refuses the request', async () => {
    const api: Partial<ProductivHomeApi> = {
      listCatalog: async () => [app('figma', 'Figma', 'Design')],
      submitRequest: async () => {
        throw new Error('You already have an open request for Figma (basic)');
      },
    };
    await renderInTestApp(
      <TestApiProvider apis={[[productivHomeApiRef, api]]}>
        <AppCatalog />
      </TestApiProvider>,
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Request Figma' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Submit request' }));
    expect(
      await screen.findByText(
        'You already have an open request for Figma (basic)',
      ),
    ).toBeInTheDocument();
  });

  it('orders tiers lowest first with their names, descriptions and prices, and marks the tier held', async () => {
    const submitted: unknown[] = [];
    const tableau: CatalogApp = {
      ...app('tableau', 'Tableau', 'Analytics'),
      tiers: ['creator', 'explorer', 'viewer'],
      tierDetails: [
        {
          tier: 'viewer',
          displayName: 'Viewer',
          description: 'See and comment on dashboards',
          monthlyPrice: 15,
        },
        {
          tier: 'explorer',
          displayName: 'Explorer',
          description: 'Build views on published data',
          monthlyPrice: 42,
        },
        { tier: 'creator', displayName: 'Creator', monthlyPrice: 75.5 },
      ],
      held: {
        tier: 'viewer',
        tierName: 'Viewer',
        since: '2026-10-01T00:00:00Z',
      },
    };
    const api: Partial<ProductivHomeApi> = {
      listCatalog: async () => [tableau],
      submitRequest: async input => {
        submitted.push(input);
        return { status: 'pending_approval' } as AccessRequest;
      },
    };
    await renderInTestApp(
      <TestApiProvider apis={[[productivHomeApiRef, api]]}>
        <AppCatalog />
      </TestApiProvider>,
    );
    const card = await screen.findByTestId('app-card-tableau');
    expect(card).toHaveTextContent('Tiers: Viewer, Explorer, Creator');
    expect(screen.getByTestId('held-tableau')).toHaveTextContent(
      'You have Viewer',
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Change tier of Tableau' }),
    );
    expect(screen.getByTestId('held-tier')).toHaveTextContent(
      'You have Tableau Viewer',
    );
    // The held tier is not picked first, and cannot be picked.
    expect(
      screen.getByText('Build views on published data · $42 / month per seat'),
    ).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByRole('button', { name: /License tier/ }));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Viewer (you have it)',
      'Explorer',
      'Creator',
    ]);
    expect(options[0]).toHaveAttribute('aria-disabled', 'true');
    fireEvent.click(options[2]);
    expect(
      await screen.findByText('$75.50 / month per seat'),
    ).toBeInTheDocument();
    // Access for 90 days rather than for good.
    fireEvent.mouseDown(screen.getByRole('button', { name: /For how long/ }));
    const durations = await screen.findAllByRole('option');
    // No maximum for Tableau: permanent, the presets, or a number of days.
    expect(durations.map(o => o.textContent)).toEqual([
      'Permanent',
      '7 days',
      '30 days',
      '90 days',
      '180 days',
      'Another number of days…',
    ]);
    fireEvent.click(durations[3]);
    fireEvent.click(screen.getByRole('button', { name: 'Submit request' }));
    await waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted).toEqual([
      { appKey: 'tableau', tier: 'creator', accessDays: 90 },
    ]);
  });
});
