import { HttpAuthService } from '@backstage/backend-plugin-api';
import { ConnectorsAdminService } from '../services/connectors/ConnectorsAdminService';
import { httpCaller } from './httpCaller';
import { HomeApi } from './specApi';

/** The connectors for super admins: which are installed and active, and a live test of each. */
export function addConnectorsRoutes(
  api: HomeApi,
  options: {
    httpAuth: HttpAuthService;
    connectorsAdmin: ConnectorsAdminService;
  },
) {
  const { connectorsAdmin } = options;
  const caller = httpCaller(options.httpAuth);

  api.get('/connectors', async (req, res) => {
    res.json({
      items: await connectorsAdmin.listConnectors(await caller(req)),
    });
  });

  api.post('/connectors/:id/test', async (req, res) => {
    res.json(
      await connectorsAdmin.testConnector(req.params.id, await caller(req)),
    );
  });
}
