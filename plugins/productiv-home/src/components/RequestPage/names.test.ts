import { CatalogApp } from '@internal/plugin-productiv-home-common';
import { appDirectory, requestTitle } from './names';

const tableau: CatalogApp = {
  appKey: 'tableau',
  name: 'Tableau',
  description: 'Dashboards',
  category: 'Analytics',
  tiers: ['viewer', 'explorer'],
  tierDetails: [
    { tier: 'viewer', displayName: 'Viewer' },
    { tier: 'explorer', displayName: 'Explorer' },
  ],
};

describe('requestTitle', () => {
  const apps = appDirectory([tableau]);
  const request = { appKey: 'tableau', tier: 'viewer', history: [] };

  it('names a grant, a tier change and a license given back', () => {
    expect(requestTitle(apps, request)).toBe('Tableau · Viewer');
    expect(
      requestTitle(apps, { ...request, tier: 'explorer', fromTier: 'viewer' }),
    ).toBe('Tableau · Explorer (from Viewer)');
    expect(requestTitle(apps, { ...request, kind: 'return' })).toBe(
      'Tableau · Viewer (give back)',
    );
    // Lists show the tier on its own: a return says so there too.
    expect(apps.tierName({ ...request, kind: 'return' })).toBe(
      'Viewer (give back)',
    );
    expect(apps.tierName({ ...request, kind: 'grant' })).toBe('Viewer');
  });
});
