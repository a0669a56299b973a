import { WarningChannel } from '@internal/plugin-provisioning-workflows-node';
import { RunRecord } from '../database/types';
import { WarningChannels } from './WarningChannels';
import { remindAtMs } from './WarningReminders';

const channel = (id: string, admins = false): WarningChannel => ({
  id,
  warn: async () => {},
  remind: async () => {},
  ...(admins ? { notifyAdmins: async () => {} } : {}),
});

describe('WarningChannels', () => {
  const slack = channel('slack', true);
  const email = channel('email');

  it('sends default warnings by e-mail when installed, else Slack, else the portal only', async () => {
    expect(
      (await new WarningChannels([slack, email]).forChoice()).channel,
    ).toBe(email);
    expect(
      (await new WarningChannels([slack]).forChoice('default')).channel,
    ).toBe(slack);
    expect(await new WarningChannels([]).forChoice('default')).toEqual({
      reason: 'portal only',
    });
  });

  it('follows the configured default channel, and a workflow’s own choice over it', async () => {
    const channels = new WarningChannels([slack, email], 'slack');
    expect(await channels.defaultId()).toBe('slack');
    expect((await channels.forChoice('default')).channel).toBe(slack);
    expect((await channels.forChoice('email')).channel).toBe(email);
    expect((await channels.forChoice('portal-only')).channel).toBeUndefined();
    expect(
      (await new WarningChannels([slack, email], 'portal-only').forChoice())
        .channel,
    ).toBeUndefined();
  });

  it('follows Productiv Home’s approval method over the configured default, when that channel is installed', async () => {
    let method: 'slack' | 'email' | undefined = 'slack';
    const home = { get: async () => method };
    const channels = new WarningChannels([slack, email], 'email', home);
    expect((await channels.forChoice('default')).channel).toBe(slack);
    // A workflow's own choice still wins.
    expect((await channels.forChoice('email')).channel).toBe(email);
    // Home absent or unreachable: the configured default.
    method = undefined;
    expect((await channels.forChoice()).channel).toBe(email);
    expect(channels.fallbackId()).toBe('email');
    // Home asks approvers by e-mail, but only Slack is installed here.
    method = 'email';
    const slackOnly = new WarningChannels([slack], 'portal-only', home);
    expect(await slackOnly.forChoice()).toEqual({ reason: 'portal only' });
    expect(
      (await new WarningChannels([slack], undefined, home).forChoice()).channel,
    ).toBe(slack);
  });

  it('says why a chosen channel that is not installed warns in the portal only', async () => {
    expect(await new WarningChannels([email]).forChoice('slack')).toEqual({
      reason:
        'the slack channel is not installed (connectors.slack is not configured); warned in the portal only',
    });
  });

  it('refuses an unknown default and two channels with one id', () => {
    expect(() => new WarningChannels([slack], 'teams')).toThrow(
      "provisioningWorkflows.notifications.defaultChannel must be one of slack, email, portal-only, got 'teams'",
    );
    expect(() => new WarningChannels([slack, channel('slack')])).toThrow(
      "Two warning channels have the id 'slack'",
    );
  });

  it('lists the channels that tell admins of finished runs', () => {
    expect(new WarningChannels([slack, email]).admins()).toEqual([slack]);
  });
});

describe('remindAtMs', () => {
  const HOUR = 3600_000;
  const run = (notifications: object, startedAt: string, deadline?: string) =>
    ({
      startedAt,
      deadline,
      definition: {
        notifications: {
          enabled: true,
          daysBefore: 7,
          allowOptOut: true,
          ...notifications,
        },
      },
    } as unknown as RunRecord);
  const start = '2026-11-01T09:00:00.000Z';
  const deadline = '2026-11-08T09:00:00.000Z';

  it('is a day before the deadline unless the workflow says otherwise', () => {
    expect(remindAtMs(run({}, start, deadline))).toBe(
      Date.parse(deadline) - 24 * HOUR,
    );
    expect(remindAtMs(run({ remindBeforeHours: 48 }, start, deadline))).toBe(
      Date.parse(deadline) - 48 * HOUR,
    );
  });

  it('is never for 0 hours, a run without a deadline, or a lead that reaches back to the warning', () => {
    expect(remindAtMs(run({ remindBeforeHours: 0 }, start, deadline))).toBe(
      undefined,
    );
    expect(remindAtMs(run({}, start))).toBeUndefined();
    expect(
      remindAtMs(run({ remindBeforeHours: 168 }, start, deadline)),
    ).toBeUndefined();
  });
});
