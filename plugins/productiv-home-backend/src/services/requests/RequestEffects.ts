import { NewJob } from '@internal/durable-jobs';
import {
  AccessRequest,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import { RequestsStore } from '../../database/RequestsStore';
import { PeopleDirectory } from './types';
import { GrantReader } from '../grants/grantChanges';

/** What the request use cases are built from. */
export type RequestUseCaseDeps = {
  store: RequestsStore;
  people: PeopleDirectory;
  /** Called after a change queued jobs, e.g. to run them right away. */
  onJobsQueued?: () => void;
  /**
   * Whether the approval channel of the settings is installed; without
   * one, no channel work is queued (it could not be delivered).
   */
  channelInstalled?: () => Promise<boolean>;
  /**
   * Whether a channel reaches the Productiv admins (Slack's admin channel);
   * without one, no admin notice is queued.
   */
  adminNoticesOn?: () => boolean;
  /**
   * Work that follows the end of a fulfillment attempt (the audit-trail
   * ticket's resolution), written with the outcome.
   */
  fulfillmentEnded?: (
    request: AccessRequest,
    attempt: number,
    result:
      | { status: 'fulfilled'; detail?: string }
      | { status: 'failed'; reason: string },
  ) => Promise<NewJob[]>;
  settings: () => Promise<HomeSettings>;
  /**
   * What people hold in Okta: refuses a request for a tier held already
   * and names the tier a request changes from.
   */
  access?: {
    refuseHeld(
      app: HomeApp,
      userRef: string,
      tier: string,
    ): Promise<string | undefined>;
    /** What the person holds of the app now (a return gives it back). */
    holdingOf(
      app: HomeApp,
      userRef: string,
    ): Promise<{ tier: string; tierName: string; since: string } | undefined>;
  };
  /** Where apps are looked up: the in-memory catalog in the plugin. */
  apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
  /** Where failures to publish a change are reported; they never undo it. */
  logger?: { warn(message: string, meta?: object): void };
  /** Called after every change of a request, e.g. to publish a signal to the people involved. */
  onChange?: (request: AccessRequest) => Promise<void>;
  now?: () => number;
  /** Time-bound access: the grant an extension moves. */
  grants?: GrantReader;
};

/**
 * What follows a stored change of a request, shared by the use cases:
 * publishing the change, running the jobs it queued (the channel work and
 * the Backstage notifications, written with the change). None of it undoes
 * the change when it fails.
 */
export class RequestEffects {
  constructor(readonly deps: RequestUseCaseDeps) {}

  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  getApp(appKey: string): Promise<HomeApp | undefined> {
    return this.deps.apps.getApp(appKey);
  }

  /** Runs the jobs a change queued, at once. */
  jobsQueued(): void {
    this.deps.onJobsQueued?.();
  }

  /** Whether the settings' approval channel is installed. */
  async channelOn(): Promise<boolean> {
    return (await this.deps.channelInstalled?.()) ?? true;
  }

  /**
   * Channel work, or none when no channel could deliver it. Notification
   * jobs are not channel work: they go beside, never through, this filter.
   */
  async forChannel(jobs: NewJob[]): Promise<NewJob[]> {
    return (await this.channelOn()) ? jobs : [];
  }

  /** Admin notices, or none when no channel reaches the admins. */
  forAdmins(jobs: NewJob[]): NewJob[] {
    return this.deps.adminNoticesOn?.() ? jobs : [];
  }

  /**
   * Tells `onChange` about a change; reads the request back unless the
   * caller already has it as stored.
   */
  async changed(requestOrId: string | AccessRequest): Promise<AccessRequest> {
    const requestId =
      typeof requestOrId === 'string' ? requestOrId : requestOrId.id;
    const request =
      typeof requestOrId === 'string'
        ? await this.deps.store.get(requestOrId)
        : requestOrId;
    try {
      await this.deps.onChange?.(request);
    } catch (error) {
      this.deps.logger?.warn('Could not publish a request change', {
        requestId,
        error: (error as Error).message,
      });
    }
    return request;
  }
}
