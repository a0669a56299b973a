import { NotFoundError } from '@backstage/errors';
import {
  ApproverPreview,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import { ApproverResolver } from './ApproverResolver';
import { PeopleDirectory } from './types';

/**
 * Who a request would go to, worked out as intake does (the app's levels or
 * the default approvers, who needs approval, the fallback approver), so the
 * request dialog can say it before the employee sends anything.
 */
export class ApproverPreviewService {
  private readonly resolver: ApproverResolver;

  constructor(
    private readonly deps: {
      people: PeopleDirectory;
      apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
      settings: () => Promise<HomeSettings>;
    },
  ) {
    this.resolver = new ApproverResolver(deps.people);
  }

  async forRequester(
    appKey: string,
    requester: string,
  ): Promise<ApproverPreview> {
    const app = await this.deps.apps.getApp(appKey);
    if (!app)
      throw new NotFoundError(`${appKey} is not offered in Productiv Home`);
    const settings = await this.deps.settings();
    const specs = app.approval.levels.length
      ? app.approval.levels
      : settings.defaultApprovers;
    if (!specs.length || !(await this.resolver.needsApproval(app, requester))) {
      return { needsApproval: false, levels: [] };
    }
    const levels: ApproverPreview['levels'] = [];
    for (const [i, spec] of specs.entries()) {
      const { approvers } = await this.resolver.resolveLevel(
        i + 1,
        spec,
        app,
        requester,
        settings,
      );
      levels.push({
        level: i + 1,
        approvers: approvers.map(a => a.approver),
        viaFallback: approvers.some(a => a.viaFallback),
      });
    }
    return { needsApproval: true, levels };
  }
}
