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

type Person = {
  manager?: string;
  email?: string;
  name?: string;
  groups: string[];
};
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
      name:
        (user as UserEntity).spec?.profile?.displayName ||
        user.metadata.title ||
        user.metadata.name,
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
                'spec.profile.displayName',
                'metadata.title',
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

  /**
   * The in-memory copy, if there is one yet. A missing or stale copy is
   * (re)loaded in the background; meanwhile callers are served from the old
   * copy or, before the first load ends, by direct lookups.
   */
  private current(): Snapshot | undefined {
    const stale =
      !this.snapshot ||
      this.now() - this.snapshot.loadedAtMs > (this.deps.refreshMs ?? 300_000);
    if (stale && !this.loading) {
      this.loading = this.load()
        .then(s => (this.snapshot = s))
        .catch(error => {
          // Keep the old copy; the next call tries again.
          this.deps.logger?.warn('Could not load people from the catalog', {
            error: (error as Error).message,
          });
          return this.snapshot!;
        })
        .finally(() => {
          this.loading = undefined;
        });
    }
    return this.snapshot;
  }

  /** Waits for the first copy (e.g. in tests, or to warm up). */
  async ready(): Promise<void> {
    this.current();
    await this.loading;
  }

  private async person(ref: string): Promise<Person | undefined> {
    const known = this.current()?.people.get(ref);
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
    const members = this.current()?.members.get(groupRef);
    if (members) return members;
    const group = await this.deps.catalog.getEntityByRef(groupRef, {
      credentials: await this.credentials(),
    });
    return (group?.relations ?? [])
      .filter(r => r.type === RELATION_HAS_MEMBER)
      .map(r => r.targetRef);
  }

  async contactOf(userRef: string) {
    const person = await this.person(userRef);
    return { name: person?.name, email: person?.email };
  }

  /** The user with this e-mail (any case), if the catalog has exactly one. */
  async refByEmail(email: string): Promise<string | undefined> {
    const wanted = email.trim().toLowerCase();
    const known = [...(this.current()?.people ?? [])].filter(
      ([, p]) => p.email?.toLowerCase() === wanted,
    );
    if (known.length === 1) return known[0][0];
    const { items } = await this.deps.catalog.queryEntities(
      {
        filter: { kind: 'User', 'spec.profile.email': email.trim() },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
        limit: 2,
      },
      { credentials: await this.credentials() },
    );
    return items.length === 1 ? stringifyEntityRef(items[0]) : undefined;
  }

  async groupsOf(userRef: string) {
    return (await this.person(userRef))?.groups ?? [];
  }
}
