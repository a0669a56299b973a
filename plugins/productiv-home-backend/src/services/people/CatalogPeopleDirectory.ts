import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PeopleAnnotations } from '@internal/plugin-productiv-home-common';
import { PeopleDirectory } from '../requests/types';

type Person = { manager?: string; email?: string; groups: string[] };
type Snapshot = {
  loadedAtMs: number;
  people: Map<string, Person>;
  members: Map<string, string[]>;
};

const PAGE = 1000;

/**
 * People data from the software catalog: manager annotation, e-mail,
 * memberships. Approver resolution runs on every request, so the users are
 * kept in memory and reloaded in the background every `refreshMs`; someone
 * missing from the copy (added since) is looked up directly.
 */
export class CatalogPeopleDirectory implements PeopleDirectory {
  private snapshot?: Snapshot;
  private loading?: Promise<Snapshot>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      annotations: PeopleAnnotations;
      refreshMs?: number;
      logger?: { warn(message: string, meta?: object): void };
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  private async credentials() {
    return this.deps.auth.getOwnServiceCredentials();
  }

  private toPerson(user: Entity): Person {
    return {
      manager:
        user.metadata.annotations?.[this.deps.annotations.manager] || undefined,
      email: (user as UserEntity).spec?.profile?.email || undefined,
      groups: (user.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef),
    };
  }

  private async load(): Promise<Snapshot> {
    const credentials = await this.credentials();
    const people = new Map<string, Person>();
    const members = new Map<string, string[]>();
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE }
          : {
              filter: { kind: 'User' },
              fields: [
                'kind',
                'metadata.name',
                'metadata.namespace',
                'metadata.annotations',
                'spec.profile.email',
                'relations',
              ],
              limit: PAGE,
            },
        { credentials },
      );
      for (const user of page.items) {
        const ref = stringifyEntityRef(user);
        const person = this.toPerson(user);
        people.set(ref, person);
        for (const group of person.groups) {
          const list = members.get(group) ?? [];
          list.push(ref);
          members.set(group, list);
        }
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return { loadedAtMs: this.now(), people, members };
  }

  /** The in-memory copy; stale copies are served while a reload runs. */
  private async current(): Promise<Snapshot> {
    const stale =
      !this.snapshot ||
      this.now() - this.snapshot.loadedAtMs > (this.deps.refreshMs ?? 300_000);
    if (stale && !this.loading) {
      this.loading = this.load()
        .then(s => (this.snapshot = s))
        .finally(() => {
          this.loading = undefined;
        });
      // A failed background reload keeps the old copy and is retried next call.
      this.loading.catch(error =>
        this.deps.logger?.warn('Could not reload people from the catalog', {
          error: (error as Error).message,
        }),
      );
    }
    return this.snapshot ?? this.loading!;
  }

  private async person(ref: string): Promise<Person | undefined> {
    const known = (await this.current()).people.get(ref);
    if (known) return known;
    const entity = await this.deps.catalog.getEntityByRef(ref, {
      credentials: await this.credentials(),
    });
    return entity?.kind === 'User' ? this.toPerson(entity) : undefined;
  }

  async managerOf(userRef: string) {
    return (await this.person(userRef))?.manager;
  }

  async isReachable(userRef: string) {
    return Boolean((await this.person(userRef))?.email);
  }

  async membersOf(groupRef: string) {
    const snapshot = await this.current();
    if (snapshot.members.has(groupRef)) return snapshot.members.get(groupRef)!;
    const group = await this.deps.catalog.getEntityByRef(groupRef, {
      credentials: await this.credentials(),
    });
    return (group?.relations ?? [])
      .filter(r => r.type === RELATION_HAS_MEMBER)
      .map(r => r.targetRef);
  }

  async groupsOf(userRef: string) {
    return (await this.person(userRef))?.groups ?? [];
  }
}
