import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { PermissionRuleset } from '@backstage/plugin-permission-node';
import {
  AccessRequest,
  AppFilter,
  HomeApp,
  productivHomeAppManagePermission,
  productivHomeRequestCreatePermission,
  productivHomeRequestDecideOverridePermission,
  productivHomeRequestDecidePermission,
  productivHomeRequestReadPermission,
  RequestFilter,
} from '@internal/plugin-productiv-home-common';
import { RequestResource } from '@internal/plugin-productiv-home-node';
import { isAllowed, ResourceDecisions } from '../authorization';
import { actorOf, CallOptions, CheckedInput } from '../callOptions';
import { WriteAuditor } from '../WriteAuditor';
import { pendingApprovers } from './onBehalf';
import {
  DecisionInput,
  IntakeInput,
  RequestListQuery,
  RequestPage,
  RequestService,
  ExtendInput,
  ReturnInput,
  SubmitInput,
  UncheckedRequestService,
} from './types';

/**
 * The permission decisions on requests, in front of the
 * {@link DefaultRequestService} (the catalog's `AuthorizedEntitiesCatalog`
 * pattern), and the audit event of each write. The HTTP routes and the
 * `request-app` action both call this, so they refuse the same callers the
 * same way.
 */
export class AuthorizedRequestService implements RequestService {
  private readonly requestDecisions: ResourceDecisions<
    'productiv-home-request',
    RequestResource,
    RequestFilter
  >;
  private readonly appDecisions: ResourceDecisions<
    'productiv-home-app',
    HomeApp,
    AppFilter
  >;

  constructor(
    private readonly inner: UncheckedRequestService,
    private readonly deps: {
      permissions: PermissionsService;
      rulesets: {
        request: PermissionRuleset<RequestResource, RequestFilter>;
        app: PermissionRuleset<HomeApp, AppFilter>;
      };
      /** Requests with their apps' owners, as permission rules see them. */
      resources: {
        getRequestResources(
          ids: string[],
        ): Promise<Array<(RequestResource & { version: number }) | undefined>>;
      };
      /** The stored apps (not a cached copy): who may manage them. */
      apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
      auditor: WriteAuditor;
    },
  ) {
    this.requestDecisions = new ResourceDecisions(
      deps.permissions,
      deps.rulesets.request,
    );
    this.appDecisions = new ResourceDecisions(
      deps.permissions,
      deps.rulesets.app,
    );
  }

  private async mayCreate(options: CallOptions) {
    if (
      !(await isAllowed(
        this.deps.permissions,
        productivHomeRequestCreatePermission,
        options.credentials,
      ))
    ) {
      throw new NotAllowedError('You may not request apps');
    }
  }

  private async resource(id: string) {
    const [request] = await this.deps.resources.getRequestResources([id]);
    return request;
  }

  async submit(input: CheckedInput<SubmitInput>, options: CallOptions) {
    await this.mayCreate(options);
    const body = input();
    return this.deps.auditor.audited(
      {
        eventId: 'request-create',
        meta: { appKey: body.appKey, tier: body.tier },
        // Without an HTTP request to tie it to, the event names the request.
        successMeta:
          options.origin && 'via' in options.origin
            ? (r: AccessRequest) => ({ requestId: r.id })
            : undefined,
      },
      options,
      () => this.inner.submit(() => body, options),
    );
  }

  async submitIntake(input: CheckedInput<IntakeInput>, options: CallOptions) {
    await this.mayCreate(options);
    const body = input();
    return this.deps.auditor.audited(
      {
        eventId: 'request-create',
        meta: { app: body.name, intake: 'true' },
      },
      options,
      () => this.inner.submitIntake(() => body, options),
    );
  }

  // Giving a license back is a request like any other: the same
  // permission, and the same audit event, marked as a return.
  async submitReturn(input: CheckedInput<ReturnInput>, options: CallOptions) {
    await this.mayCreate(options);
    const body = input();
    return this.deps.auditor.audited(
      {
        eventId: 'request-create',
        meta: { appKey: body.appKey, kind: 'return' },
        successMeta: (r: AccessRequest) => ({ requestId: r.id, tier: r.tier }),
      },
      options,
      () => this.inner.submitReturn(() => body, options),
    );
  }

  // An extension is a request like any other: the same permission and
  // audit event, marked as an extension of the grant.
  async submitExtension(
    grantId: string,
    input: CheckedInput<ExtendInput>,
    options: CallOptions,
  ) {
    await this.mayCreate(options);
    const body = input();
    return this.deps.auditor.audited(
      {
        eventId: 'request-create',
        meta: { grantId, kind: 'extend', accessDays: String(body.accessDays) },
        successMeta: (r: AccessRequest) => ({
          requestId: r.id,
          appKey: r.appKey,
          tier: r.tier,
        }),
      },
      options,
      () => this.inner.submitExtension(grantId, () => body, options),
    );
  }

  // The caller's own requests need no permission; `scope=all` lists what
  // the policy lets them see (own, to approve, of apps they manage, or all
  // for admins), filtered in SQL.
  async listRequests(
    query: RequestListQuery,
    options: CallOptions,
  ): Promise<RequestPage> {
    if (query.scope === 'mine') return this.inner.listRequests(query, options);
    const decision = await this.requestDecisions.filter(
      productivHomeRequestReadPermission,
      options.credentials,
    );
    if (decision === 'deny') return { items: [] };
    return this.inner.listRequests(
      { ...query, permissionFilter: decision.filter },
      options,
    );
  }

  listAwaiting(options: CallOptions) {
    return this.inner.listAwaiting(options);
  }

  async getRequest(id: string, options: CallOptions) {
    const request = await this.resource(id);
    if (
      !request ||
      !(await this.requestDecisions.allows(
        productivHomeRequestReadPermission,
        options.credentials,
        request,
      ))
    ) {
      // The same answer as for a missing request: nothing leaks about others' requests.
      throw new NotFoundError(`No request ${id}`);
    }
    // Already loaded: answered from here rather than read again.
    const { version, appOwners, ...visible } = request;
    return visible;
  }

  // The assigned approver decides; failing that, an admin the policy lets
  // override decides for the approvers of the pending level.
  async decide(id: string, input: DecisionInput, options: CallOptions) {
    const request = await this.resource(id);
    if (!request) throw new NotFoundError(`No request ${id}`);
    const allowed = (permission: typeof productivHomeRequestDecidePermission) =>
      this.requestDecisions.allows(permission, options.credentials, request);
    const eventId =
      input.decision === 'approved' ? 'request-approve' : 'request-deny';
    if (await allowed(productivHomeRequestDecidePermission)) {
      return this.deps.auditor.audited(
        { eventId, meta: { requestId: id } },
        options,
        () => this.inner.decide(id, input, options),
      );
    }
    if (await allowed(productivHomeRequestDecideOverridePermission)) {
      return this.deps.auditor.audited(
        {
          eventId,
          meta: {
            requestId: id,
            decision: input.decision,
            // Says it was an override: the approvers it was decided for.
            onBehalfOf: pendingApprovers(request),
          },
          // High: an admin acted in place of the approvers.
          severityLevel: 'high',
        },
        options,
        () => this.inner.decideOnBehalf(id, input, options),
      );
    }
    return this.deps.auditor.audited(
      { eventId: 'request-decision-refused', meta: { requestId: id } },
      options,
      async (): Promise<AccessRequest> => {
        throw new NotAllowedError(
          request.requester === actorOf(options)
            ? 'You cannot decide on your own request'
            : `Request ${id} is not waiting for your decision`,
        );
      },
    );
  }

  // Admins and the app's owners send a failed request to fulfillment again
  // (after fixing a connector, or when the person now has an Okta account).
  async retry(id: string, options: CallOptions) {
    const request = await this.resource(id);
    if (!request) throw new NotFoundError(`No request ${id}`);
    const app = await this.deps.apps.getApp(request.appKey);
    if (
      !(await this.appDecisions.allows(
        productivHomeAppManagePermission,
        options.credentials,
        app,
      ))
    ) {
      throw new NotAllowedError(
        'Only Productiv admins and the app owners may retry a request',
      );
    }
    return this.deps.auditor.audited(
      { eventId: 'request-retry', meta: { requestId: id } },
      options,
      () => this.inner.retry(id, options),
    );
  }

  // Only the requester may cancel: the use case checks it.
  cancel(id: string, options: CallOptions) {
    return this.deps.auditor.audited(
      { eventId: 'request-cancel', meta: { requestId: id } },
      options,
      () => this.inner.cancel(id, options),
    );
  }
}
