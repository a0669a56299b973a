import { HttpAuthService } from '@backstage/backend-plugin-api';
import { createSpecRouter } from '@internal/openapi-router';
import express from 'express';
import { createOpenApiRouter, spec } from '../schema/openapi/generated/router';
import { ProfileService } from '../services/ProfileService';
import { addAppsRoutes } from './appsRouter';
import { addConnectorsRoutes } from './connectorsRouter';
import { addPeopleRoutes } from './peopleRouter';
import { addItChangesRoutes } from './itChangesRouter';
import { ProductivHomeContext } from './context';
import { addRequestsRoutes } from './requestsRouter';
import { addSeatsRoutes } from './seatsRouter';
import { addSettingsChannelsRoutes } from './settingsChannelsRouter';
import { addTakenBackRoutes } from './takenBackRouter';
import { HomeApi } from './specApi';

/** What the routes call: the authorized services, and who is calling. */
export type RouterOptions = Pick<
  ProductivHomeContext,
  | 'profiles'
  | 'apps'
  | 'settings'
  | 'homeConfig'
  | 'peerUsage'
  | 'access'
  | 'approverPreview'
  | 'requests'
  | 'connectorsAdmin'
  | 'channelSettings'
  | 'personAccess'
  | 'itChanges'
  | 'takenBack'
  | 'requestSeats'
> & { httpAuth: HttpAuthService };

function addProfileRoutes(
  api: HomeApi,
  options: { httpAuth: HttpAuthService; profiles: ProfileService },
) {
  const { httpAuth, profiles } = options;

  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  api.get('/me', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await profiles.getProfile({ credentials }));
  });
}

/** Every route of the plugin, one area after the other. */
export function addRoutes(api: HomeApi, options: RouterOptions) {
  addProfileRoutes(api, options);
  addAppsRoutes(api, options);
  addRequestsRoutes(api, options);
  addConnectorsRoutes(api, options);
  addSettingsChannelsRoutes(api, options);
  addPeopleRoutes(api, options);
  addItChangesRoutes(api, options);
  addTakenBackRoutes(api, options);
  addSeatsRoutes(api, options);
}

/**
 * HTTP transport of Productiv Home: every request is validated against
 * src/schema/openapi.yaml (a 400 names each bad field), then authenticated
 * and handed to one service call.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  // JSON bodies up to 100kb, as before; the largest is an app definition.
  const { api, router } = await createSpecRouter(createOpenApiRouter, {
    spec,
    bodyLimit: '100kb',
  });
  addRoutes(api, options);
  return router;
}
