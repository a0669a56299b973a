import { LoggerService } from '@backstage/backend-plugin-api';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import { GrantsStore } from '../../database/GrantsStore';
import { Grant } from '../../database/operations/grants/types';
import { WriteAuditor } from '../WriteAuditor';

export type GrantReconciliationDeps = {
  grants: GrantsStore;
  apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
  /** What the person holds of the app now, from the inventory (Okta). */
  access: {
    holdingOf(
      app: HomeApp,
      userRef: string,
    ): Promise<{ tier: string } | undefined>;
  };
  auditor?: WriteAuditor;
  logger?: LoggerService;
  now?: () => number;
};

/**
 * Okta is the source of truth: an active grant whose holding the inventory
 * showed once and shows no more was removed in Okta by hand, so the grant
 * ends ("removed in Okta") and its pending warnings and expiry do nothing.
 * A grant the inventory has not shown yet is left alone (the inventory is
 * synced on a schedule, after the grant). A removal Home made itself is
 * not active any more, so a sync after it changes nothing.
 */
export class GrantReconciliation {
  constructor(private readonly deps: GrantReconciliationDeps) {}

  async reconcile(): Promise<{ seen: number; ended: number }> {
    const { grants } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    let after = '';
    let seen = 0;
    let ended = 0;
    for (;;) {
      const page = await grants.activePage(after, 200);
      if (!page.length) break;
      after = page[page.length - 1].requestId;
      const stillHeld: string[] = [];
      for (const grant of page) {
        const held = await this.held(grant);
        if (held === 'unknown') continue;
        if (held) {
          stillHeld.push(grant.requestId);
        } else if (grant.seenAtMs !== undefined) {
          if (await this.end(grant, now)) ended++;
        }
      }
      await grants.markSeen(stillHeld, now);
      seen += stillHeld.length;
    }
    return { seen, ended };
  }

  private async held(grant: Grant): Promise<boolean | 'unknown'> {
    const app = await this.deps.apps.getApp(grant.appKey);
    if (!app?.okta) return 'unknown';
    try {
      const holding = await this.deps.access.holdingOf(app, grant.requester);
      return holding?.tier === grant.tier;
    } catch (error) {
      this.deps.logger?.warn(
        `Could not read what ${grant.requester} holds of ${grant.appKey}: ${error}`,
      );
      return 'unknown';
    }
  }

  private async end(grant: Grant, now: number): Promise<boolean> {
    const write = () => this.deps.grants.endRemovedInOkta(grant.requestId, now);
    if (!this.deps.auditor) return write();
    return this.deps.auditor.bySystem(
      {
        eventId: 'grant-removed-in-okta',
        meta: {
          grantId: grant.requestId,
          appKey: grant.appKey,
          tier: grant.tier,
          requester: grant.requester,
        },
        refusal: done => (done ? undefined : 'no longer active'),
      },
      write,
    );
  }
}
