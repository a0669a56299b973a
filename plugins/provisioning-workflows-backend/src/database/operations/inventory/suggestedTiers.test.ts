import { DEMO_APPS } from '@internal/sandbox';
import {
  suggestDisplayName,
  suggestTierName,
  suggestTierOrder,
  tierLevel,
} from './suggestedTiers';

/** The sandbox's tier groups as Okta assigns them: priority in the order listed. */
function sandboxOrder(label: string): string[] {
  const app = DEMO_APPS.find(a => a.label === label)!;
  return suggestTierOrder(
    app.tiers!.map((t, priority) => ({
      tier: suggestTierName(t.group, app.label),
      priority,
    })),
  ).map(t => t.tier);
}

describe('suggested tiers', () => {
  it('orders the sandbox apps lowest first by what their tier names mean', () => {
    // Okta gives Creator priority 0: the old order made it the "lowest".
    expect(sandboxOrder('Tableau')).toEqual(['viewer', 'explorer', 'creator']);
    expect(sandboxOrder('Figma')).toEqual(['viewer', 'editor']);
    expect(sandboxOrder('Zoom')[0]).toBe('basic');
    expect(sandboxOrder('Zoom')).toEqual(['basic', 'pro']);
  });

  it('reads the level from any word of the name, plurals included', () => {
    expect(tierLevel('read-only')).toBe(0);
    expect(tierLevel('guests')).toBe(0);
    expect(tierLevel('free')).toBe(0);
    expect(tierLevel('members')).toBe(0);
    expect(tierLevel('contributors')).toBe(1);
    expect(tierLevel('standard')).toBe(1);
    expect(tierLevel('org-owners')).toBe(2);
    expect(tierLevel('enterprise')).toBe(2);
    // The highest word wins: "full editor" is a full seat.
    expect(tierLevel('full-editor')).toBe(2);
    expect(tierLevel('sales-cloud')).toBeUndefined();
  });

  it('falls back to reverse Okta priority for names that say nothing', () => {
    // Priority 0 is the group whose profile wins: taken as the highest.
    expect(
      suggestTierOrder([
        { tier: 'sales-cloud', priority: 0 },
        { tier: 'platform', priority: 1 },
        { tier: 'chatter', priority: 2 },
      ]).map(t => t.tier),
    ).toEqual(['chatter', 'platform', 'sales-cloud']);
    // Unknown names sit between the low and the high ones.
    expect(
      suggestTierOrder([
        { tier: 'admin', priority: 2 },
        { tier: 'designer', priority: 0 },
        { tier: 'guest', priority: 1 },
      ]).map(t => t.tier),
    ).toEqual(['guest', 'designer', 'admin']);
  });

  it('suggests the name people see from the group, without the app label', () => {
    expect(suggestDisplayName('viewer', 'Tableau Viewer', 'Tableau')).toBe(
      'Viewer',
    );
    expect(
      suggestDisplayName(
        'developers',
        'Salesforce Sandbox Developers',
        'Salesforce Sandbox',
      ),
    ).toBe('Developers');
    expect(
      suggestDisplayName(
        'github-members',
        'GitHub Members',
        'GitHub Enterprise',
      ),
    ).toBe('Members');
    expect(
      suggestDisplayName('creators', 'tableau-creators', 'Tableau Online'),
    ).toBe('Creators');
    expect(suggestDisplayName('designers', 'Designers', 'Figma')).toBe(
      'Designers',
    );
    // Without a group, or a group named like the app: the key in Title Case.
    expect(suggestDisplayName('sales-cloud', undefined, 'Salesforce')).toBe(
      'Sales Cloud',
    );
    expect(suggestDisplayName('default', 'Tableau', 'Tableau')).toBe('Tableau');
  });
});
