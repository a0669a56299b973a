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

describe('license automation changes', () => {
  const apps = appDirectory([tableau]);

  it('are titled as submitted, and name an app Home does not offer from its key', () => {
    const reclaim = {
      appKey: 'reclaim:figma',
      tier: 'viewer',
      fromTier: 'editor',
      kind: 'reclaim' as const,
      history: [
        {
          at: '2026-12-03T09:00:00.000Z',
          actor: 'plugin:provisioning-workflows',
          type: 'submitted' as const,
          comment: 'Figma Editor downgraded to Viewer by license automation',
          status: 'approved' as const,
        },
      ],
    };
    expect(requestTitle(apps, reclaim)).toBe(
      'Figma Editor downgraded to Viewer by license automation',
    );
    expect(apps.appName(reclaim)).toBe('Figma');
  });
});
