import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { RequestService } from '../services/requests/types';
import { httpCaller } from './httpCaller';
import {
  decisionBody,
  intakeBody,
  parse,
  requestBody,
  requestsQuery,
} from './schemas';

/** HTTP transport of requests and approvals: parse, then one service call. */
export function createRequestsRouter(options: {
  httpAuth: HttpAuthService;
  requests: RequestService;
}): express.Router {
  const { requests } = options;
  const caller = httpCaller(options.httpAuth);
  const router = Router();
  router.use(express.json());

  // The body is checked once the caller may create requests.
  router.post('/requests', async (req, res) => {
    const created = await requests.submit(
      () => parse(requestBody, req.body, 'request'),
      await caller(req),
    );
    res.status(201).json(created);
  });

  router.post('/requests/intake', async (req, res) => {
    const created = await requests.submitIntake(
      () => parse(intakeBody, req.body, 'request'),
      await caller(req),
    );
    res.status(201).json(created);
  });

  router.get('/requests', async (req, res) => {
    const call = await caller(req);
    const query = parse(requestsQuery, req.query, 'query');
    res.json(await requests.listRequests(query, call));
  });

  router.get('/approvals', async (req, res) => {
    res.json({ items: await requests.listAwaiting(await caller(req)) });
  });

  router.get('/requests/:id', async (req, res) => {
    res.json(await requests.getRequest(req.params.id, await caller(req)));
  });

  router.post('/requests/:id/decision', async (req, res) => {
    const call = await caller(req);
    const body = parse(decisionBody, req.body, 'decision');
    res.json(await requests.decide(req.params.id, body, call));
  });

  router.post('/requests/:id/retry', async (req, res) => {
    res.json(await requests.retry(req.params.id, await caller(req)));
  });

  router.post('/requests/:id/cancel', async (req, res) => {
    res.json(await requests.cancel(req.params.id, await caller(req)));
  });

  return router;
}
