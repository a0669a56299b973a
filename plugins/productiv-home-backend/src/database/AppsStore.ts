import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  AppFilter,
  HomeApp,
  HomeAppOktaLink,
} from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { getApp, listApps } from './operations/apps/readApps';
import {
  deleteApp,
  linkAppIfUnlinked,
  putApp,
} from './operations/apps/writeApps';
import { readConfigVersion } from './operations/settings/configVersion';

/** The apps of the Home catalog, with their owners. */
export class AppsStore {
  constructor(private readonly knex: Knex) {}

  putApp(app: HomeApp, updatedBy: string, nowMs: number): Promise<void> {
    return putApp(this.knex, app, updatedBy, nowMs);
  }

  getApp(appKey: string): Promise<HomeApp | undefined> {
    return getApp(this.knex, appKey);
  }

  listApps(): Promise<HomeApp[]> {
    return listApps(this.knex);
  }

  /** Apps a permission decision lets the caller manage. */
  listAppsWhere(
    filter: PermissionCriteria<AppFilter> | undefined,
  ): Promise<HomeApp[]> {
    return listApps(this.knex, filter);
  }

  /** Sets the Okta link of an app that has none; true when set. */
  linkAppIfUnlinked(
    appKey: string,
    okta: HomeAppOktaLink,
    updatedBy: string,
    nowMs: number,
  ): Promise<boolean> {
    return linkAppIfUnlinked(this.knex, appKey, okta, updatedBy, nowMs);
  }

  deleteApp(appKey: string): Promise<boolean> {
    return deleteApp(this.knex, appKey);
  }

  /** The version of the catalog and settings; every write to either bumps it. */
  configVersion(): Promise<number> {
    return readConfigVersion(this.knex);
  }
}
