import { HttpAuthService } from '@backstage/backend-plugin-api';
import { TeamUsageService } from '../services/inventory/TeamUsageService';
import type { SpecApi } from './router';

/** The team card of catalog Group pages: authenticate, delegate. */
export function addTeamRoutes(
  api: SpecApi,
  options: { httpAuth: HttpAuthService; teams: TeamUsageService },
) {
  const { httpAuth, teams } = options;

  api.get('/teams/usage', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await teams.usage(req.query.entityRef, { credentials }));
  });
}
