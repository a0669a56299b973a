import { InputError } from '@backstage/errors';
import { WarningChannelChoice } from '@internal/plugin-provisioning-workflows-common';
import { WarningChannel } from '@internal/plugin-provisioning-workflows-node';
import { ApprovalMethod } from './HomeApprovalMethod';

/** What `provisioningWorkflows.notifications.defaultChannel` may say. */
const DEFAULTS = ['slack', 'email', 'portal-only'] as const;
type DefaultChannel = (typeof DEFAULTS)[number];

/**
 * The warning channels that modules added, and which one a workflow's
 * `notifications.channel` means. `default` is Productiv Home's approval
 * method when Home answers and that channel is installed here; else the
 * configured default channel; without one, e-mail when its module is
 * installed (Home's default approval method), else Slack, else the portal
 * only.
 */
export class WarningChannels {
  private readonly byId = new Map<string, WarningChannel>();
  private readonly defaultChannel?: DefaultChannel;

  constructor(
    channels: WarningChannel[],
    defaultChannel?: string,
    private readonly home?: { get(): Promise<ApprovalMethod | undefined> },
  ) {
    for (const channel of channels) {
      if (this.byId.has(channel.id)) {
        throw new Error(
          `Two warning channels have the id '${channel.id}'; install one module per channel`,
        );
      }
      this.byId.set(channel.id, channel);
    }
    if (
      defaultChannel !== undefined &&
      !DEFAULTS.includes(defaultChannel as DefaultChannel)
    ) {
      throw new InputError(
        `provisioningWorkflows.notifications.defaultChannel must be one of ${DEFAULTS.join(
          ', ',
        )}, got '${defaultChannel}'`,
      );
    }
    this.defaultChannel = defaultChannel as DefaultChannel | undefined;
  }

  /** The ids of the installed channels. */
  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** What `default` means now: a channel id or `portal-only`. */
  async defaultId(): Promise<string> {
    const homeMethod = await this.home?.get();
    if (homeMethod && this.byId.has(homeMethod)) return homeMethod;
    return this.fallbackId();
  }

  /** What `default` means without Home's approval method. */
  fallbackId(): string {
    if (this.defaultChannel) return this.defaultChannel;
    if (this.byId.has('email')) return 'email';
    if (this.byId.has('slack')) return 'slack';
    return 'portal-only';
  }

  /**
   * The channel for a workflow's choice, or why there is none (the portal's
   * notifications go anyway).
   */
  async forChoice(choice: WarningChannelChoice = 'default'): Promise<{
    channel?: WarningChannel;
    reason?: string;
  }> {
    const id = choice === 'default' ? await this.defaultId() : choice;
    if (id === 'portal-only') return { reason: 'portal only' };
    const channel = this.byId.get(id);
    return channel
      ? { channel }
      : {
          reason: `the ${id} channel is not installed (connectors.${id} is not configured); warned in the portal only`,
        };
  }

  /** The channels that tell the Productiv admins of finished runs. */
  admins(): WarningChannel[] {
    return [...this.byId.values()].filter(c => c.notifyAdmins);
  }
}
