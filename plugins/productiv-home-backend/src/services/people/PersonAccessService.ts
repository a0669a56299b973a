import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AccessRequest,
  HomeApp,
  OPEN_REQUEST_STATUSES,
  PersonAccess,
  PersonPendingRequest,
  productivHomeSettingsManagePermission,
} from '@internal/plugin-productiv-home-common';
import { AccessService } from '../access/AccessService';
import { isAllowed } from '../authorization';
import { RequestsStore } from '../../database/RequestsStore';

/** Open requests shown on the card; a person rarely has more than a few. */
const MAX_PENDING = 200;

/**
 * A person's access for the Access card of their catalog page: what they
 * hold and their open requests. The person themself, their manager (the
 * catalog's manager annotation) and the Productiv admins may see it.
 */
export class PersonAccessService {
  constructor(
    private readonly deps: {
      access: Pick<AccessService, 'heldBy' | 'tierName'>;
      people: {
        managerOf(userRef: string): Promise<string | undefined>;
        contactOf(userRef: string): Promise<{ name?: string }>;
      };
      requests: Pick<RequestsStore, 'listRequests'>;
      apps: { current(): Promise<{ apps: HomeApp[] }> };
      permissions: PermissionsService;
      auth: AuthService;
      logger?: LoggerService;
    },
  ) {}

  async accessOf(
    ref: string,
    options: { credentials: BackstageCredentials<{ userEntityRef: string }> },
  ): Promise<PersonAccess> {
    const entityRef = normalizedUserRef(ref);
    await this.requireAllowed(entityRef, options.credentials);
    const [holdings, pending] = await Promise.all([
      this.holdingsOf(entityRef),
      this.pendingOf(entityRef),
    ]);
    return holdings ? { entityRef, holdings, pending } : { entityRef, pending };
  }

  private async requireAllowed(
    entityRef: string,
    credentials: BackstageCredentials<{ userEntityRef: string }>,
  ) {
    const caller = credentials.principal.userEntityRef;
    if (caller === entityRef) return;
    if ((await this.deps.people.managerOf(entityRef)) === caller) return;
    if (
      await isAllowed(
        this.deps.permissions,
        productivHomeSettingsManagePermission,
        credentials,
      )
    )
      return;
    throw new NotAllowedError(
      "Only the person, their manager and the Productiv admins may see a person's access",
    );
  }

  /** Read as Home: the caller's right to see them was checked above. */
  private async holdingsOf(entityRef: string) {
    try {
      const credentials = await this.deps.auth.getOwnServiceCredentials();
      return await this.deps.access.heldBy(entityRef, credentials);
    } catch (error) {
      this.deps.logger?.warn(
        `Could not read what ${entityRef} holds from the inventory: ${error}`,
      );
      return undefined;
    }
  }

  private async pendingOf(entityRef: string): Promise<PersonPendingRequest[]> {
    const { items } = await this.deps.requests.listRequests({
      filter: { property: 'requester', values: [entityRef] },
      status: OPEN_REQUEST_STATUSES,
      limit: MAX_PENDING,
    });
    if (!items.length) return [];
    const { apps } = await this.deps.apps.current();
    const names = new Map<string, string>();
    const nameOf = async (ref: string) => {
      if (!names.has(ref)) {
        const { name } = await this.deps.people.contactOf(ref);
        names.set(ref, name ?? '');
      }
      return names.get(ref) || undefined;
    };
    return Promise.all(items.map(async r => this.toPending(r, apps, nameOf)));
  }

  private async toPending(
    r: AccessRequest,
    apps: HomeApp[],
    nameOf: (ref: string) => Promise<string | undefined>,
  ): Promise<PersonPendingRequest> {
    const app = apps.find(a => a.appKey === r.appKey);
    const waiting =
      r.status === 'pending_approval'
        ? r.approvals.filter(a => a.level === r.level && !a.decision)
        : [];
    const pending: PersonPendingRequest = {
      id: r.id,
      appKey: r.appKey,
      appName: app?.name ?? r.appKey,
      tier: r.tier,
      tierName: await this.deps.access.tierName(r.appKey, r.tier),
      status: r.status,
      waitingOn: await Promise.all(
        waiting.map(async a => {
          const name = await nameOf(a.approver);
          return name
            ? { entityRef: a.approver, name }
            : { entityRef: a.approver };
        }),
      ),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
    if (r.kind) pending.kind = r.kind;
    if (r.fulfillment?.externalId || r.fulfillment?.externalUrl) {
      pending.ticket = {};
      if (r.fulfillment.externalId)
        pending.ticket.externalId = r.fulfillment.externalId;
      if (r.fulfillment.externalUrl)
        pending.ticket.externalUrl = r.fulfillment.externalUrl;
    }
    // Asked for by newer requests (time-bound access); permanent otherwise.
    const { accessDays } = r as { accessDays?: number };
    if (typeof accessDays === 'number') pending.accessDays = accessDays;
    return pending;
  }
}

function normalizedUserRef(ref: string): string {
  try {
    const parsed = parseEntityRef(ref);
    if (parsed.kind.toLowerCase() === 'user') return stringifyEntityRef(parsed);
  } catch {
    // Told below.
  }
  throw new InputError(
    `entityRef must be a user entity ref such as user:default/emma.jones, not '${ref}'`,
  );
}
