import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { CallOptions } from '../services/callOptions';

/** The signed-in user of an HTTP request, as the services take it. */
export function httpCaller(httpAuth: HttpAuthService) {
  return async (req: express.Request): Promise<CallOptions> => ({
    credentials: await httpAuth.credentials(req, { allow: ['user'] }),
    origin: { request: req },
  });
}
