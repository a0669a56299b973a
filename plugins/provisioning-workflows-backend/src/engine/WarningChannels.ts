import { InputError } from '@backstage/errors';
import { WarningChannelChoice } from '@internal/plugin-provisioning-workflows-common';
import { WarningChannel } from '@internal/plugin-provisioning-workflows-node';

/** What `provisioningWorkflows.notifications.defaultChannel` may say. */
const DEFAULTS = ['slack', 'email', 'portal-only'] as const;
type DefaultChannel = (typeof DEFAULTS)[number];

/**
 * The warning channels that modules added, and which one a workflow's
 * `notifications.channel` means. `default` is the configured default
 * channel; without one, e-mail when its module is installed (Productiv
 * Home's default approval method), else Slack, else the portal only.
 */
export class WarningChannels {
  private readonly byId = new Map<string, WarningChannel>();
  private readonly defaultChannel?: DefaultChannel;

  constructor(channels: WarningChannel[], defaultChannel?: string) {
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

  /** What `default` means here: a channel id or `portal-only`. */
  defaultId(): string {
    if (this.defaultChannel) return this.defaultChannel;
    if (this.byId.has('email')) return 'email';
    if (this.byId.has('slack')) return 'slack';
    return 'portal-only';
  }

  /**
   * The channel for a workflow's choice, or why there is none (the portal's
   * notifications go anyway).
   */
  forChoice(choice: WarningChannelChoice = 'default'): {
    channel?: WarningChannel;
    reason?: string;
  } {
    const id = choice === 'default' ? this.defaultId() : choice;
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
