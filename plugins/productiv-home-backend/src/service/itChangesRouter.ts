import { HttpAuthService } from '@backstage/backend-plugin-api';
import { ItChangeService } from '../services/itChanges/ItChangeService';
import { ItChangeInput } from '../services/itChanges/types';
import { HomeApi } from './specApi';

/**
 * Service-to-service routes: changes license automation hands to IT. Only
 * service credentials pass (a user's get 403); the service checks which
 * plugin calls.
 */
export function addItChangesRoutes(
  api: HomeApi,
  options: { httpAuth: HttpAuthService; itChanges: ItChangeService },
) {
  const { httpAuth, itChanges } = options;
  const caller = async (
    req: Parameters<HttpAuthService['credentials']>[0],
  ) => ({
    credentials: await httpAuth.credentials(req, { allow: ['service'] }),
    request: req,
  });

  api.post('/it-changes', async (req, res) => {
    const call = await caller(req);
    const { created, ...status } = await itChanges.submit(
      req.body as ItChangeInput,
      call,
    );
    res.status(created ? 201 : 200).json(status);
  });

  api.get('/it-changes/:idempotencyKey', async (req, res) => {
    res.json(
      await itChanges.status(req.params.idempotencyKey, await caller(req)),
    );
  });
}
