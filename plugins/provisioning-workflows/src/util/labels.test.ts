import {
  AUDIT_EVENT_TYPES,
  AppInstance,
} from '@internal/plugin-provisioning-workflows-common';
import {
  AUDIT_EVENT_LABELS,
  labelOf,
  statsSentence,
  tierName,
  words,
} from './labels';

const instance = (tiers: Array<Record<string, unknown>>) =>
  ({ tiers } as unknown as Pick<AppInstance, 'tiers'>);

describe('labels', () => {
  it('names every audit event type in words', () => {
    for (const type of AUDIT_EVENT_TYPES) {
      expect(AUDIT_EVENT_LABELS[type]).toMatch(/^[A-Z][a-z]+( [a-z]+)*/);
      expect(AUDIT_EVENT_LABELS[type]).not.toContain('.');
    }
    expect(AUDIT_EVENT_LABELS['run.finished']).toBe('Run finished');
  });

  it('makes an unknown key readable rather than showing it raw', () => {
    expect(labelOf(AUDIT_EVENT_LABELS, 'run.cancelled')).toBe('Run cancelled');
    expect(words('assignmentsRemoved')).toBe('Assignments removed');
  });

  it('names a tier by its display name, else by its key in title case', () => {
    const tiers = instance([
      { tier: 'viewer', displayName: 'Viewer (read only)', source: 'admin' },
      { tier: 'pro-plus', source: 'admin' },
    ]);
    expect(tierName(tiers, 'viewer')).toBe('Viewer (read only)');
    expect(tierName(tiers, 'pro-plus')).toBe('Pro Plus');
    expect(tierName(tiers, 'unknown')).toBe('Unknown');
    expect(tierName(tiers, undefined)).toBe('—');
  });

  it('turns the counters of a sync into sentences', () => {
    expect(
      statsSentence({
        oktaUsersRead: 42,
        appsRead: 1,
        assignmentsRemoved: 0,
        peopleAdded: 3,
        assignmentsUpdated: 128,
        changed: 131,
      }),
    ).toBe(
      'Read 42 Okta people and 1 app. 131 changes: 3 people added and 128 assignments updated.',
    );
    expect(statsSentence({ assignmentsRemoved: 0, changed: 0 })).toBe(
      'No changes.',
    );
    expect(
      statsSentence({ eventsRead: 10, eventsCounted: 9, duplicatesSkipped: 1 }),
    ).toBe('Read 10 sign-in events. 9 events counted and 1 duplicate skipped.');
    expect(statsSentence({ somethingNew: 2 })).toBe('2 something new.');
  });
});
