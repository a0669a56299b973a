import { HttpAuthService } from '@backstage/backend-plugin-api';
import { RequestService } from '../services/requests/types';
import { httpCaller } from './httpCaller';
import {
  decisionInput,
  extendInput,
  intakeInput,
  returnInput,
  submitInput,
} from './inputs';
import { defaulted, HomeApi } from './specApi';

/** HTTP transport of requests and approvals: one service call per route. */
export function addRequestsRoutes(
  api: HomeApi,
  options: { httpAuth: HttpAuthService; requests: RequestService },
) {
  const { requests } = options;
  const caller = httpCaller(options.httpAuth);

  // The service reads the body once the caller may create requests.
  api.post('/requests', async (req, res) => {
    const created = await requests.submit(
      () => submitInput(req.body),
      await caller(req),
    );
    res.status(201).json(created);
  });

  api.post('/requests/intake', async (req, res) => {
    const created = await requests.submitIntake(
      () => intakeInput(req.body),
      await caller(req),
    );
    res.status(201).json(created);
  });

  api.post('/requests/return', async (req, res) => {
    const created = await requests.submitReturn(
      () => returnInput(req.body),
      await caller(req),
    );
    res.status(201).json(created);
  });

  api.post('/requests/:id/extend', async (req, res) => {
    const created = await requests.submitExtension(
      req.params.id,
      () => extendInput(req.body),
      await caller(req),
    );
    res.status(201).json(created);
  });

  api.get('/requests', async (req, res) => {
    const { scope, status, appKey, limit, cursor } = req.query;
    const query = {
      scope: defaulted(scope, 'scope'),
      status,
      appKey,
      limit: defaulted(limit, 'limit'),
      cursor,
    };
    res.json(await requests.listRequests(query, await caller(req)));
  });

  api.get('/approvals', async (req, res) => {
    res.json({ items: await requests.listAwaiting(await caller(req)) });
  });

  api.get('/requests/:id', async (req, res) => {
    res.json(await requests.getRequest(req.params.id, await caller(req)));
  });

  api.post('/requests/:id/decision', async (req, res) => {
    const call = await caller(req);
    res.json(
      await requests.decide(req.params.id, decisionInput(req.body), call),
    );
  });

  api.post('/requests/:id/retry', async (req, res) => {
    res.json(await requests.retry(req.params.id, await caller(req)));
  });

  api.post('/requests/:id/cancel', async (req, res) => {
    res.json(await requests.cancel(req.params.id, await caller(req)));
  });
}
