import { HttpAuthService } from '@backstage/backend-plugin-api';
import { RequestSeatsService } from '../services/approvals/RequestSeatsService';
import { HomeApi } from './specApi';

/** The seats of a requested tier, for the approvals page: authenticate, delegate. */
export function addSeatsRoutes(
  api: HomeApi,
  options: { httpAuth: HttpAuthService; requestSeats: RequestSeatsService },
) {
  const { httpAuth, requestSeats } = options;

  api.get('/requests/:id/seats', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await requestSeats.seatsOf(req.params.id, { credentials }));
  });
}
