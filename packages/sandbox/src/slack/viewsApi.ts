import express from 'express';
import type { SlackWorkspace } from './server';
import { invalidView, viewJson } from './views';

/**
 * views.open, views.update and views.push of the Web API, as Slack answers
 * them: a trigger_id works once, within 3 seconds, for the person it was
 * given with; a view Slack would not show is refused with
 * `invalid_arguments` and its messages; an update with an outdated hash is
 * a `hash_conflict`.
 */
export function addViewMethods(
  app: express.Express,
  workspace: SlackWorkspace,
  param: (req: express.Request, name: string) => string | undefined,
) {
  const ok = (res: express.Response, body: object) =>
    res.json({ ok: true, ...body });
  const fail = (res: express.Response, error: string, messages?: string[]) =>
    res.json({
      ok: false,
      error,
      ...(messages ? { response_metadata: { messages } } : {}),
    });
  /** The `view` argument: JSON text (form) or an object (JSON body). */
  const viewArg = (req: express.Request): any | undefined => {
    const raw = req.body?.view;
    if (raw === undefined) return undefined;
    try {
      return typeof raw === 'string' ? JSON.parse(raw) : raw;
    } catch {
      return null;
    }
  };

  const opening =
    (push: boolean) => (req: express.Request, res: express.Response) => {
      const triggerId = param(req, 'trigger_id');
      if (!triggerId) return fail(res, 'invalid_arguments');
      const view = viewArg(req);
      if (!view) return fail(res, 'invalid_arguments', ['[ERROR] no view']);
      const invalid = invalidView(view);
      if (invalid) return fail(res, 'invalid_arguments', invalid);
      const trigger = workspace.useTrigger(triggerId);
      if ('error' in trigger) return fail(res, trigger.error);
      const below = push ? workspace.topView(trigger.user) : undefined;
      if (push && !below) return fail(res, 'push_limit_reached');
      const opened = workspace.addView(trigger.user, view, below);
      return ok(res, { view: viewJson(opened) });
    };
  app.post('/api/views.open', opening(false));
  app.post('/api/views.push', opening(true));

  app.post('/api/views.update', (req, res) => {
    const viewId = param(req, 'view_id');
    const externalId = param(req, 'external_id');
    if (!viewId && !externalId) return fail(res, 'invalid_arguments');
    const target = viewId
      ? workspace.views.get(viewId)
      : [...workspace.views.values()].find(
          v => v.view.external_id === externalId,
        );
    if (!target || !target.open) return fail(res, 'not_found');
    const hash = param(req, 'hash');
    if (hash && hash !== target.hash) return fail(res, 'hash_conflict');
    const view = viewArg(req);
    if (!view) return fail(res, 'invalid_arguments', ['[ERROR] no view']);
    const invalid = invalidView(view);
    if (invalid) return fail(res, 'invalid_arguments', invalid);
    return ok(res, { view: viewJson(workspace.replaceView(target, view)) });
  });
}
