import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AUDIT_EVENT_TYPES } from '@internal/plugin-provisioning-workflows-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { RunsService } from '../services/runs/types';
import {
  parseExemptionCsv,
  parseExemptionValue,
} from '../services/workflows/exemptionCsv';
import { WorkflowsService } from '../services/workflows/types';
import { audited, auditedWhenRefused } from './auditing';
import { parse } from './parse';

const days = z.number().int().min(1).max(3650);
const tierName = z.string().trim().min(1).max(64);

const ruleSchema = z.object({
  name: z.string().trim().max(120).optional(),
  condition: z.discriminatedUnion('type', [
    z.object({ type: z.literal('noSignIn'), days }),
    z.object({ type: z.literal('neverSignedIn'), days }),
    z.object({
      type: z.literal('fewSignIns'),
      days,
      signIns: z.number().int().min(1).max(100_000),
    }),
  ]),
  tiers: z.array(tierName).max(20).optional(),
  outcome: z.discriminatedUnion('action', [
    z.object({
      action: z.literal('downgrade'),
      toTier: tierName,
      suggestOnly: z.boolean().optional(),
    }),
    z.object({
      action: z.literal('deprovision'),
      suggestOnly: z.boolean().optional(),
    }),
  ]),
});

export const definitionSchema = z.object({
  rules: z.array(ruleSchema).min(1, 'add at least one rule').max(20),
  newHireDays: z.number().int().min(0).max(365).default(30),
  notifications: z
    .object({
      enabled: z.boolean(),
      daysBefore: z.number().int().min(0).max(90).default(7),
      allowOptOut: z.boolean().default(true),
    })
    .default({ enabled: false, daysBefore: 7, allowOptOut: true }),
  schedule: z.string().trim().max(64).optional(),
  mode: z.enum(['automatic', 'suggest']).default('automatic'),
  template: z.string().max(64).optional(),
});

const previewBody = z.object({ definition: definitionSchema.optional() });
const previewQuery = z.object({
  limit: z.coerce.number().int().min(0).max(200_000).default(1000),
});
const statusBody = z.object({ status: z.enum(['active', 'paused']) });
const runBody = z.object({ dryRun: z.boolean().default(false) });
const limitQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
const ACTION_STATUSES = [
  'dry-run',
  'notified',
  'queued',
  'done',
  'failed',
  'opted-out',
  'skipped',
  'suggested',
  'dismissed',
] as const;
const csvList = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    v => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
    z.array(item),
  );
const actionsQuery = z.object({
  runId: z.string().uuid().optional(),
  instanceId: z.string().min(1).max(64).optional(),
  status: csvList(z.enum(ACTION_STATUSES)).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const decideBody = z.object({
  ids: z.array(z.string().uuid()).min(1).max(1000),
  decision: z.enum(['accept', 'dismiss']),
});
const exemptionsQuery = z.object({
  scope: z.string().min(1).max(64).default('global'),
});
const exemptionsBody = z
  .object({
    scope: z.string().min(1).max(64),
    entries: z
      .array(
        z.object({
          value: z.string().min(1).max(320),
          note: z.string().max(255).optional(),
        }),
      )
      .max(10_000)
      .optional(),
    csv: z.string().max(2_000_000).optional(),
  })
  .refine(b => Boolean(b.entries?.length) !== Boolean(b.csv), {
    message: 'give either entries or csv',
  });
const isoTime = z
  .string()
  .refine(v => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time')
  .transform(v => Date.parse(v));
const eventsQuery = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
  appKey: z.string().min(1).max(255).optional(),
  instanceId: z.string().min(1).max(64).optional(),
  type: csvList(z.enum(AUDIT_EVENT_TYPES)).optional(),
  actor: z.string().min(1).max(255).optional(),
  runId: z.string().uuid().optional(),
  cursor: z
    .string()
    .regex(/^\d+$/, 'use the nextCursor of the previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** HTTP routes of workflows: parse, authenticate, delegate, audit. */
export function createWorkflowsRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  workflows: WorkflowsService;
  runs: RunsService;
}): express.Router {
  const { httpAuth, auditor, workflows, runs } = options;
  const router = Router();
  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/workflows', async (req, res) => {
    const credentials = await user(req);
    res.json({ items: await workflows.listInstances({ credentials }) });
  });

  router.get('/workflows/:instanceId', async (req, res) => {
    const credentials = await user(req);
    res.json(
      await workflows.getInstance(req.params.instanceId, { credentials }),
    );
  });

  router.put('/workflows/:instanceId', async (req, res) => {
    const credentials = await user(req);
    const definition = parse(definitionSchema, req.body, 'workflow');
    const { instanceId } = req.params;
    res.json(
      await audited(auditor, req, 'workflow-save', { instanceId }, () =>
        workflows.saveWorkflow(instanceId, definition, { credentials }),
      ),
    );
  });

  router.put('/workflows/:instanceId/status', async (req, res) => {
    const credentials = await user(req);
    const { status } = parse(statusBody, req.body, 'body');
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
  router.post('/workflows/:instanceId/preview', async (req, res) => {
    const credentials = await user(req);
    const { definition } = parse(previewBody, req.body ?? {}, 'body');
    const { limit } = parse(previewQuery, req.query, 'query');
    res.json(
      await workflows.preview(req.params.instanceId, definition, {
        credentials,
        limit,
      }),
    );
  });

  router.post('/workflows/:instanceId/runs', async (req, res) => {
    const credentials = await user(req);
    const { dryRun } = parse(runBody, req.body ?? {}, 'body');
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

  router.get('/workflows/:instanceId/runs', async (req, res) => {
    const credentials = await user(req);
    const { limit } = parse(limitQuery, req.query, 'query');
    res.json({
      items: await runs.listRuns(req.params.instanceId, {
        credentials,
        limit,
      }),
    });
  });

  router.get('/workflows/:instanceId/results', async (req, res) => {
    const credentials = await user(req);
    res.json(await runs.results(req.params.instanceId, { credentials }));
  });

  router.get('/workflow-runs/:runId', async (req, res) => {
    const credentials = await user(req);
    res.json(await runs.getRun(req.params.runId, { credentials }));
  });

  router.get('/workflow-actions', async (req, res) => {
    const credentials = await user(req);
    const q = parse(actionsQuery, req.query, 'query');
    res.json(
      await runs.listActions({ ...q, statuses: q.status }, { credentials }),
    );
  });

  router.post('/suggestions/decide', async (req, res) => {
    const credentials = await user(req);
    const { ids, decision } = parse(decideBody, req.body, 'body');
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

  router.get('/exemptions', async (req, res) => {
    const credentials = await user(req);
    const { scope } = parse(exemptionsQuery, req.query, 'query');
    res.json({ items: await workflows.listExemptions(scope, { credentials }) });
  });

  router.post('/exemptions', async (req, res) => {
    const credentials = await user(req);
    const body = parse(exemptionsBody, req.body, 'body');
    const entries = body.csv
      ? parseExemptionCsv(body.csv)
      : body.entries!.map((e, i) => {
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

  router.delete('/exemptions/:id', async (req, res) => {
    const credentials = await user(req);
    const { id } = req.params;
    await audited(auditor, req, 'workflow-exemption-remove', { id }, () =>
      workflows.removeExemption(id, { credentials }),
    );
    res.status(204).end();
  });

  router.get('/warnings', async (req, res) => {
    const credentials = await user(req);
    res.json({ items: await runs.myWarnings({ credentials }) });
  });

  router.post('/warnings/:actionId/opt-out', async (req, res) => {
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

  router.get('/audit-events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const q = parse(eventsQuery, req.query, 'query');
    if (q.from !== undefined && q.to !== undefined && q.from >= q.to) {
      throw new InputError('from must be before to');
    }
    res.json(
      await workflows.listEvents(
        { ...q, fromMs: q.from, toMs: q.to, types: q.type },
        { credentials },
      ),
    );
  });

  return router;
}
