import { describeApprovals } from './approvals';

describe('describeApprovals', () => {
  it('lists who approved, level by level, with when when known', () => {
    expect(
      describeApprovals(
        {
          approvals: [
            {
              level: 1,
              approver: 'user:default/olivia.chen',
              decidedAt: '2026-11-24T10:00:00Z',
            },
            { level: 2, approver: 'user:default/noah.kim' },
          ],
        },
        '; ',
      ),
    ).toBe(
      'level 1: user:default/olivia.chen (2026-11-24T10:00:00Z); level 2: user:default/noah.kim',
    );
  });

  it('says so when no approval was needed', () => {
    expect(describeApprovals({ approvals: [] }, '\n')).toBe(
      'no approval needed',
    );
  });
});
