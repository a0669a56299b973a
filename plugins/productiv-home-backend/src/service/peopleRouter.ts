import { HttpAuthService } from '@backstage/backend-plugin-api';
import { PersonAccessService } from '../services/people/PersonAccessService';
import { HomeApi } from './specApi';

/** The Access card of catalog User pages: authenticate, delegate. */
export function addPeopleRoutes(
  api: HomeApi,
  options: { httpAuth: HttpAuthService; personAccess: PersonAccessService },
) {
  const { httpAuth, personAccess } = options;

  api.get('/people/access', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await personAccess.accessOf(req.query.entityRef, { credentials }));
  });
}
