import { HttpAuthService } from '@backstage/backend-plugin-api';
import { TakenBackService } from '../services/access/TakenBackService';
import { httpCaller } from './httpCaller';
import { HomeApi } from './specApi';

/** My access's "Recently taken back", and the one-click restore. */
export function addTakenBackRoutes(
  api: HomeApi,
  options: { httpAuth: HttpAuthService; takenBack: TakenBackService },
) {
  const { takenBack } = options;
  const caller = httpCaller(options.httpAuth);

  api.get('/me/taken-back', async (req, res) => {
    const { credentials } = await caller(req);
    res.json({
      items: await takenBack.takenBackFrom(
        credentials.principal.userEntityRef,
        credentials,
      ),
    });
  });

  // Audited by license automation, which records the restore against the
  // rule and the run that took the license.
  api.post('/me/taken-back/:actionId/restore', async (req, res) => {
    const { credentials } = await caller(req);
    res.json(await takenBack.restore(req.params.actionId, credentials));
  });
}
