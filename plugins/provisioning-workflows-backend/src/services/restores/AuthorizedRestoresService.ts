import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { provisioningWorkflowsAppManagePermission } from '@internal/plugin-provisioning-workflows-common';
import { WorkflowStore } from '../../database/WorkflowStore';
import { AppAuthorization } from '../AppAuthorization';
import { actorOf, Creds } from '../common';
import { RestoresService } from './types';

/**
 * Who may see and restore what workflows took: the person themself, or an
 * admin of the app (manage). Another employee gets 403.
 */
export class AuthorizedRestoresService implements RestoresService {
  constructor(
    private readonly inner: RestoresService,
    private readonly deps: {
      apps: AppAuthorization;
      store: WorkflowStore;
      /** Whether the caller may read anyone's licenses (the inventory read permission). */
      mayReadOthers: (options: Creds) => Promise<boolean>;
    },
  ) {}

  private ownRef(options: Creds): string | undefined {
    const p = options.credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    return p.type === 'user' ? p.userEntityRef : undefined;
  }

  async takenBack(entityRef: string | undefined, options: Creds) {
    const own = this.ownRef(options);
    if (!entityRef && !own) {
      throw new NotAllowedError('Only people have licenses to restore');
    }
    if (
      entityRef &&
      entityRef !== own &&
      !(await this.deps.mayReadOthers(options))
    ) {
      throw new NotAllowedError(
        "You may only see what was taken from you; seeing someone else's needs the provisioning-workflows.inventory.read permission",
      );
    }
    return this.inner.takenBack(entityRef ?? own, options);
  }

  async restore(actionId: string, options: Creds) {
    const action = await this.deps.store.getAction(actionId);
    if (!action) throw new NotFoundError(`No license change ${actionId}`);
    const own = this.ownRef(options);
    const ownId = own && (await this.deps.store.oktaUserIdOf(own));
    if (ownId !== action.oktaUserId) {
      const instance = await this.deps.apps.instance(action.instanceId);
      const admin = await this.deps.apps.may(
        // The app's admins may give back what its workflow took.
        provisioningWorkflowsAppManagePermission,
        instance.appKey,
        options.credentials,
      );
      if (!admin) {
        throw new NotAllowedError(
          `Only the person it was taken from, or an admin of ${
            instance.label
          }, may restore this license (you are ${actorOf(
            options.credentials,
          )})`,
        );
      }
    }
    return this.inner.restore(actionId, options);
  }
}
