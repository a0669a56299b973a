import { AuthService } from '@backstage/backend-plugin-api';
import {
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  UserEntity,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PeopleAnnotations } from '@internal/plugin-productiv-home-common';
import { PeopleDirectory } from '../requests/types';

/** People data from the software catalog: manager annotation, e-mail, memberships. */
export class CatalogPeopleDirectory implements PeopleDirectory {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      annotations: PeopleAnnotations;
    },
  ) {}

  private async entity(ref: string) {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    return this.deps.catalog.getEntityByRef(ref, { credentials });
  }

  async managerOf(userRef: string) {
    const user = await this.entity(userRef);
    return (
      user?.metadata.annotations?.[this.deps.annotations.manager] || undefined
    );
  }

  async isReachable(userRef: string) {
    const user = (await this.entity(userRef)) as UserEntity | undefined;
    return Boolean(user?.kind === 'User' && user.spec?.profile?.email);
  }

  async membersOf(groupRef: string) {
    const group = await this.entity(groupRef);
    return (group?.relations ?? [])
      .filter(r => r.type === RELATION_HAS_MEMBER)
      .map(r => r.targetRef);
  }

  async groupsOf(userRef: string) {
    const user = await this.entity(userRef);
    return (user?.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef);
  }
}
