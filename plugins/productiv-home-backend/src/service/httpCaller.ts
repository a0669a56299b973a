import { HttpAuthService } from '@backstage/backend-plugin-api';
import { CallOptions } from '../services/callOptions';

/** The signed-in user of an HTTP request, as the services take it. */
export function httpCaller(httpAuth: HttpAuthService) {
  return async (
    req: Parameters<HttpAuthService['credentials']>[0],
  ): Promise<CallOptions> => ({
    credentials: await httpAuth.credentials(req, { allow: ['user'] }),
    origin: { request: req },
  });
}
