import { RequestEvent } from '@internal/plugin-productiv-home-common';
import { lastOnBehalf } from './eventText';

const event = (e: Partial<RequestEvent>): RequestEvent => ({
  at: '2026-11-02T09:00:00Z',
  actor: 'user:default/olivia.chen',
  type: 'approved',
  status: 'pending_approval',
  ...e,
});

describe('history events', () => {
  it('finds the latest decision made on behalf of the approvers', () => {
    const first = event({ level: 1, onBehalfOf: ['user:default/a'] });
    const second = event({ level: 2, onBehalfOf: ['user:default/b'] });
    expect(lastOnBehalf([first, event({ level: 2 })])).toBe(first);
    expect(lastOnBehalf([first, second, event({ type: 'fulfilled' })])).toBe(
      second,
    );
    expect(lastOnBehalf([event({})])).toBeUndefined();
  });
});
