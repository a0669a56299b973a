import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { RunsService } from '../services/runs/types';
import {
  parseExemptionCsv,
  parseExemptionValue,
} from '../services/workflows/exemptionCsv';
import { WorkflowsService } from '../services/workflows/types';
import { audited, auditedWhenRefused } from './auditing';
import { toDefinition } from './definition';
import type { SpecApi } from './router';

/**
 * The routes of workflows on the spec's router: authenticate, delegate,
 * audit. The spec has validated the request and applied its defaults; a
 * default repeated below (`limit = 20`) is only for the types, which leave
 * defaulted query parameters optional.
 */
export function addWorkflowRoutes(
  api: SpecApi,
  options: {
    httpAuth: HttpAuthService;
    auditor: AuditorService;
    workflows: WorkflowsService;
    runs: RunsService;
  },
) {
  const { httpAuth, auditor, workflows, runs } = options;
  const user = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user'] });

  api.get('/workflows', async (req, res) => {
    const credentials = await user(req);
    res.json({ items: await workflows.listInstances({ credentials }) });
  });

  api.get('/workflows/:instanceId', async (req, res) => {
    const credentials = await user(req);
    res.json(
      await workflows.getInstance(req.params.instanceId, { credentials }),
    );
  });

  api.put('/workflows/:instanceId', async (req, res) => {
    const credentials = await user(req);
    const definition = toDefinition(req.body);
    const { instanceId } = req.params;
    res.json(
      await audited(auditor, req, 'workflow-save', { instanceId }, () =>
        workflows.saveWorkflow(instanceId, definition, { credentials }),
      ),
    );
  });

  api.put('/workflows/:instanceId/status', async (req, res) => {
    const credentials = await user(req);
    const { status } = req.body;
    const { instanceId } = req.params;
    res.json(
      await audited(
        auditor,
        req,
        'workflow-status',
        { instanceId, status },
        () => workflows.setStatus(instanceId, status, { credentials }),
      ),
    );
  });

  // A POST because the definition being edited travels in the body; it changes nothing.
  api.post('/workflows/:instanceId/preview', async (req, res) => {
    const credentials = await user(req);
    const { definition } = req.body ?? {};
    const { limit = 1000 } = req.query;
    res.json(
      await workflows.preview(
        req.params.instanceId,
        definition && toDefinition(definition),
        { credentials, limit },
      ),
    );
  });

  api.post('/workflows/:instanceId/runs', async (req, res) => {
    const credentials = await user(req);
    const { dryRun = false } = req.body ?? {};
    const { instanceId } = req.params;
    const run = await auditedWhenRefused(
      auditor,
      req,
      'workflow-run',
      { instanceId, dryRun },
      () => runs.startRun(instanceId, { dryRun }, { credentials }),
    );
    res.status(202).json(run);
  });

  api.get('/workflows/:instanceId/runs', async (req, res) => {
    const credentials = await user(req);
    const { limit = 20 } = req.query;
    res.json({
      items: await runs.listRuns(req.params.instanceId, {
        credentials,
        limit,
      }),
    });
  });

  api.get('/workflows/:instanceId/results', async (req, res) => {
    const credentials = await user(req);
    res.json(await runs.results(req.params.instanceId, { credentials }));
  });

  api.get('/workflow-runs/:runId', async (req, res) => {
    const credentials = await user(req);
    res.json(await runs.getRun(req.params.runId, { credentials }));
  });

  api.get('/workflow-actions', async (req, res) => {
    const credentials = await user(req);
    const { runId, instanceId, status, limit = 100, offset = 0 } = req.query;
    res.json(
      await runs.listActions(
        { runId, instanceId, statuses: status, limit, offset },
        { credentials },
      ),
    );
  });

  api.post('/suggestions/decide', async (req, res) => {
    const credentials = await user(req);
    const { ids, decision } = req.body;
    res.json(
      await auditedWhenRefused(
        auditor,
        req,
        'workflow-suggestions',
        { decision, count: ids.length },
        () => runs.decideSuggestions(ids, decision, { credentials }),
      ),
    );
  });

  api.get('/exemptions', async (req, res) => {
    const credentials = await user(req);
    const { scope = 'global' } = req.query;
    res.json({ items: await workflows.listExemptions(scope, { credentials }) });
  });

  api.post('/exemptions', async (req, res) => {
    const credentials = await user(req);
    const body = req.body;
    if (Boolean(body.entries?.length) === Boolean(body.csv)) {
      throw new InputError('Invalid request: body: give either entries or csv');
    }
    const entries = body.csv
      ? parseExemptionCsv(body.csv)
      : (body.entries ?? []).map((e, i) => {
          const entry = parseExemptionValue(e.value);
          if (!entry) {
            throw new InputError(
              `Entry ${i + 1}: '${
                e.value
              }' is neither an e-mail nor a group ref like group:default/vps`,
            );
          }
          return { ...entry, note: e.note };
        });
    const result = await audited(
      auditor,
      req,
      'workflow-exemptions',
      { scope: body.scope, count: entries.length },
      () => workflows.addExemptions(body.scope, entries, { credentials }),
    );
    res.status(201).json(result);
  });

  api.delete('/exemptions/:id', async (req, res) => {
    const credentials = await user(req);
    const { id } = req.params;
    await audited(auditor, req, 'workflow-exemption-remove', { id }, () =>
      workflows.removeExemption(id, { credentials }),
    );
    res.status(204).end();
  });

  api.get('/warnings', async (req, res) => {
    const credentials = await user(req);
    res.json({ items: await runs.myWarnings({ credentials }) });
  });

  api.post('/warnings/:actionId/opt-out', async (req, res) => {
    const credentials = await user(req);
    const { actionId } = req.params;
    res.json(
      await auditedWhenRefused(
        auditor,
        req,
        'workflow-opt-out',
        { actionId },
        () => runs.optOut(actionId, { credentials }),
      ),
    );
  });

  api.get('/audit-events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { from, to, type, limit = 100, ...filter } = req.query;
    const fromMs = from === undefined ? undefined : Date.parse(from);
    const toMs = to === undefined ? undefined : Date.parse(to);
    if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
      throw new InputError('from must be before to');
    }
    res.json(
      await workflows.listEvents(
        { ...filter, fromMs, toMs, types: type, limit },
        { credentials },
      ),
    );
  });
}
