import express from 'express';
import { handle } from '../http';
import { ServiceDesk } from './server';

/** The transitions a customer may make, as JSM's default workflow offers them. */
const TRANSITIONS = [
  { id: '761', name: 'Resolve this issue', status: 'Resolved' },
  { id: '771', name: 'Cancel request', status: 'Canceled' },
] as const;

const notFound = (res: express.Response, key: string) =>
  res.status(404).json({
    errorMessage: `Request ${key} does not exist or you do not have permission to see it.`,
  });

/**
 * JSM's customer transitions of a request
 * (`GET|POST /rest/servicedeskapi/request/{issueIdOrKey}/transition`): the
 * open request offers Resolve and Cancel (a closed one nothing); performing
 * one moves it to Resolved or Canceled (status category Done), with its
 * optional `additionalComment` added as a public comment, answers 204 and
 * calls the webhook like any status change.
 */
export function addRequestTransitions(
  app: express.Express,
  desk: ServiceDesk,
): void {
  const offered = (key: string) => {
    const r = desk.find(key);
    if (!r) return undefined;
    const done = r.history[r.history.length - 1].statusCategory === 'DONE';
    return { request: r, transitions: done ? [] : TRANSITIONS };
  };
  app.get('/rest/servicedeskapi/request/:key/transition', (req, res) => {
    const found = offered(req.params.key);
    if (!found) {
      notFound(res, req.params.key);
      return;
    }
    const values = found.transitions.map(({ id, name }) => ({ id, name }));
    res.json({
      size: values.length,
      start: 0,
      limit: 50,
      isLastPage: true,
      values,
    });
  });
  app.post(
    '/rest/servicedeskapi/request/:key/transition',
    handle(async (req, res) => {
      const found = offered(req.params.key);
      if (!found) {
        notFound(res, req.params.key);
        return;
      }
      const transition = found.transitions.find(
        t => t.id === String(req.body?.id ?? ''),
      );
      if (!transition) {
        res.status(400).json({
          errorMessage: `The transition with ID ${req.body?.id} is not valid for request ${req.params.key}.`,
        });
        return;
      }
      const body = req.body?.additionalComment?.body;
      if (typeof body === 'string' && body) {
        (found.request.comments ??= []).push({
          body,
          public: true,
          at: Date.now(),
        });
      }
      await desk.transition(req.params.key, transition.status, 'DONE');
      res.status(204).end();
    }),
  );
}
