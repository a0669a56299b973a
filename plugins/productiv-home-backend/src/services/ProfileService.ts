import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PeopleAnnotations,
  ProductivHomeProfile,
  ProductivHomeRole,
} from '@internal/plugin-productiv-home-common';

/** Who the signed-in person is and which Productiv Home roles they hold. */
export class ProfileService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      annotations: PeopleAnnotations;
      adminGroups: string[];
    },
  ) {}

  /** The catalog annotations that hold the people data. */
  get annotations(): PeopleAnnotations {
    return this.deps.annotations;
  }

  async getProfile(options: {
    credentials: BackstageCredentials<BackstageUserPrincipal>;
  }): Promise<ProductivHomeProfile> {
    const { catalog, annotations } = this.deps;
    const { credentials } = options;
    const userRef = credentials.principal.userEntityRef;

    const user = (await catalog.getEntityByRef(userRef, { credentials })) as
      | UserEntity
      | undefined;
    if (!user) {
      throw new NotFoundError(
        `${userRef} is not in the software catalog; ask an admin to add you`,
      );
    }

    const { items: reports } = await catalog.getEntities(
      {
        filter: {
          kind: 'User',
          [`metadata.annotations.${annotations.manager}`]: userRef,
        },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );

    const teams = (user.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef);
    const directReports = reports
      .map((e: Entity) => stringifyEntityRef(e))
      .sort();

    const roles: ProductivHomeRole[] = ['employee'];
    if (directReports.length > 0) roles.push('approver');
    if (teams.some(t => this.deps.adminGroups.includes(t))) roles.push('admin');

    const userAnnotations = user.metadata.annotations ?? {};
    return {
      userEntityRef: userRef,
      displayName: user.spec.profile?.displayName ?? user.metadata.name,
      email: user.spec.profile?.email,
      jobTitle: userAnnotations[annotations.jobTitle],
      department: userAnnotations[annotations.department],
      managerRef: userAnnotations[annotations.manager],
      teams,
      directReports,
      roles,
    };
  }
}
