import { HttpAuthService } from '@backstage/backend-plugin-api';
import { DashboardService } from '../services/dashboard/DefaultDashboardService';
import type { SpecApi } from './router';

/** The savings dashboard, License automation's landing view: authenticate, delegate. */
export function addDashboardRoutes(
  api: SpecApi,
  options: { httpAuth: HttpAuthService; dashboard: DashboardService },
) {
  const { httpAuth, dashboard } = options;

  api.get('/dashboard', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await dashboard.dashboard({ credentials }));
  });
}
