import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Users and groups of the catalog from Okta: the org of
       * `connectors.okta`, read with the okta.users.read, okta.groups.read
       * and okta.apps.read scopes. Off when absent.
       */
      productivOkta?: {
        /**
         * Which users become User entities: an Okta user search expression.
         * Default `status eq "ACTIVE"`. An empty string lists every user but
         * the deprovisioned ones.
         */
        userFilter?: string;
        /**
         * Which groups become Group entities: an Okta group search
         * expression. Default `type eq "OKTA_GROUP"` (not Everyone, not
         * groups imported from apps).
         */
        groupFilter?: string;
        /**
         * Leave out groups assigned to an app: they grant a license or a
         * tier (e.g. "Figma Editor") and are not teams. Default true.
         */
        excludeAppGroups?: boolean;
        /**
         * A user's entity name: `login-local-part` (default: the login
         * before the @, e.g. `emma.jones`), `login` (the whole login, the @
         * made a `_`) or `id` (the Okta user id).
         */
        userNaming?: 'login-local-part' | 'login' | 'id';
        /**
         * A group's entity name: `kebab-case-name` (default: "Platform
         * Engineering" is `platform-engineering`) or `id`.
         */
        groupNaming?: 'kebab-case-name' | 'id';
        /** The `spec.type` of the groups. Default `team`. */
        groupType?: string;
        /** The catalog namespace of the entities. Default `default`. */
        namespace?: string;
        /**
         * The Okta profile attributes that hold the people data. The
         * annotations they are written to are Productiv Home's
         * (`productivHome.people.annotations`).
         */
        profileFields?: {
          /**
           * Who the manager is: their Okta id, login, e-mail or employee
           * number. Default `managerId`.
           */
          managerId?: string;
          /**
           * The manager's display name, used when `managerId` names no one.
           * Default `manager`.
           */
          managerName?: string;
          /** Job title. Default `title`. */
          jobTitle?: string;
          /** Department. Default `department`. */
          department?: string;
        };
        /**
         * When the catalog is brought in line with Okta. Default every 30
         * minutes, with a timeout of 15 minutes.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
