import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';

/**
 * The warning of a change planned for one person's license, as channels
 * show it: everything by name, with the deadline and where to act.
 *
 * @public
 */
export type LicenseWarningNotice = {
  /** The planned action; what *Keep my license* keeps. */
  actionId: string;
  runId: string;
  instanceId: string;
  /** The app instance by name, e.g. `Figma`. */
  appName: string;
  /** The warned person's catalog user. */
  personRef: string;
  /** Their e-mail (matched between Okta and the catalog); channels reach them by it. */
  personEmail?: string;
  /** Their display name, e.g. `Emma Jones`. */
  personName?: string;
  change: 'downgrade' | 'deprovision';
  /** Tier names, e.g. `Editor` → `Viewer`. */
  fromTierName?: string;
  toTierName?: string;
  /** When the change is made (ISO 8601), unless they sign in or keep the license. */
  deadline: string;
  /** Whether they may keep the license (the workflow allows opting out). */
  allowKeep: boolean;
  /** The warning's page in the portal (absolute). */
  link: string;
};

/**
 * A finished workflow run, for the Productiv admins.
 *
 * @public
 */
export type RunFinishedNotice = {
  runId: string;
  instanceId: string;
  /** The app instance by name, e.g. `Figma`. */
  appName: string;
  status: 'succeeded' | 'failed';
  trigger: 'manual' | 'schedule';
  mode: 'automatic' | 'suggest';
  /** How many people ended how, by name (e.g. `Downgraded`, `Kept their license`), largest first; no zeros. */
  outcomes: Array<{ status: string; label: string; count: number }>;
  /** People the run acted on or suggested. */
  total: number;
  /** Why a failed run failed. */
  error?: string;
  /** The instance's results in the portal (absolute). */
  link: string;
};

/**
 * What a channel call gets besides the message. Calls are made from
 * durable jobs: throw what is worth a retry (429, 5xx, timeouts) as it is.
 *
 * @public
 */
export type WarningChannelContext = {
  logger: LoggerService;
  /** The same on every retry: post or send once per key. */
  idempotencyKey: string;
  /** 1 on the first try; a later one may follow a try whose answer was lost. */
  attempt: number;
};

/**
 * Warns people where they are (Slack, e-mail) of a change to their license,
 * with a way to keep it, and reminds those who have not answered. Portal
 * notifications are sent besides, by the plugin.
 *
 * @public
 */
export interface WarningChannel {
  /** `slack` or `email`: what a workflow's `notifications.channel` names. */
  readonly id: string;
  warn(notice: LicenseWarningNotice, ctx: WarningChannelContext): Promise<void>;
  /** The one reminder, before the deadline, to someone who has not answered. */
  remind(
    notice: LicenseWarningNotice,
    ctx: WarningChannelContext,
  ): Promise<void>;
  /**
   * Tells the Productiv admins that a run finished. Present only when the
   * channel has an admin destination (e.g. a Slack channel).
   */
  notifyAdmins?(
    notice: RunFinishedNotice,
    ctx: WarningChannelContext,
  ): Promise<void>;
}

/**
 * How a channel's routes (a Slack click, an e-mail link) keep a license.
 * The plugin checks that the person is the warned one, that the action
 * still waits for its deadline and that the workflow allows keeping;
 * otherwise it throws (`NotFoundError` for anyone else's or an unknown
 * warning, `NotAllowedError`, `ConflictError` when too late) and nothing
 * changes. Keeping twice is not an error. A kept license is audited
 * (`action.opted-out`).
 *
 * @public
 */
export interface WarningKeeps {
  keep(input: {
    actionId: string;
    /** Who asks, by catalog user … */
    personRef?: string;
    /** … or by e-mail (e.g. their Slack profile's). */
    personEmail?: string;
    /** Where they asked: `slack`, `email`, `portal`. */
    via: string;
  }): Promise<{ status: 'kept' | 'already-kept' }>;
}

/**
 * Lets backend modules add warning channels. A channel is created with the
 * plugin's {@link WarningKeeps}, through which its routes keep licenses.
 *
 * @public
 */
export interface ProvisioningWorkflowsWarningChannelExtensionPoint {
  addChannel(factory: (keeps: WarningKeeps) => WarningChannel): void;
}

/**
 * Extension point for warning channels.
 *
 * @public
 */
export const provisioningWorkflowsWarningChannelExtensionPoint =
  createExtensionPoint<ProvisioningWorkflowsWarningChannelExtensionPoint>({
    id: 'provisioning-workflows.warning-channels',
  });
