import { AuditorService, AuthService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import { RunsService } from '../services/runs/types';
import { WorkflowsService } from '../services/workflows/types';

/**
 * License automation in the actions registry (and so, through the MCP
 * actions backend, to agents): a workflow's preview, the suggestions a run
 * left, and accepting or dismissing them. Each goes through the same
 * authorized services as the HTTP routes, so an agent may do only what the
 * person it acts for may do (app admins and Productiv admins); accepted and
 * dismissed suggestions are audited when committed, refusals here.
 */
export function createWorkflowAgentActions(options: {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  auditor: AuditorService;
  services: { workflows: WorkflowsService; runs: RunsService };
}) {
  const { actionsRegistry, auth, auditor } = options;
  const { workflows, runs } = options.services;
  const asUser = (credentials: Parameters<AuthService['isPrincipal']>[0]) => {
    if (!auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        'License automation acts for a person: call this action as a signed-in user',
      );
    }
    return credentials;
  };

  actionsRegistry.register({
    name: 'preview-workflow',
    title: "Preview an app's license workflow",
    description:
      'Who the saved workflow of an app instance would act on now (downgrade or reclaim, or only suggest), by rule, with the monthly saving. Changes nothing.',
    attributes: { destructive: false, idempotent: true, readOnly: true },
    schema: {
      input: z =>
        z.object({
          instanceId: z
            .string()
            .min(1)
            .describe('The Okta app instance, as GET /apps lists it'),
          limit: z.number().int().min(1).max(1000).optional(),
        }),
      output: z =>
        z.object({
          assignedUsers: z.number(),
          exemptUsers: z.number(),
          affected: z.number(),
          monthlySaving: z.number(),
          entries: z.array(
            z.object({
              person: z.string(),
              email: z.string().nullable(),
              rule: z.string(),
              action: z.enum(['downgrade', 'deprovision']),
              fromTier: z.string().nullable(),
              toTier: z.string().nullable(),
              suggestOnly: z.boolean(),
              lastSignIn: z.string().nullable(),
              monthlySaving: z.number(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const preview = await workflows.preview(input.instanceId, undefined, {
        credentials: asUser(credentials),
        limit: input.limit ?? 100,
      });
      return {
        output: {
          assignedUsers: preview.assignedUsers,
          exemptUsers: preview.exemptUsers,
          affected: preview.total,
          monthlySaving: preview.monthlySaving,
          entries: preview.entries.map(e => ({
            person: e.displayName ?? e.email ?? e.oktaUserId,
            email: e.email ?? null,
            rule: e.ruleName,
            action: e.action,
            fromTier: e.currentTier ?? null,
            toTier: e.toTier ?? null,
            suggestOnly: e.suggestOnly,
            lastSignIn: e.lastSignIn ?? null,
            monthlySaving: e.monthlySaving,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-suggestions',
    title: 'List license suggestions',
    description:
      'Changes that suggest-only rules left for a person to decide, for one app instance, with their ids for decide-suggestions.',
    attributes: { destructive: false, idempotent: true, readOnly: true },
    schema: {
      input: z =>
        z.object({
          instanceId: z
            .string()
            .min(1)
            .describe('The Okta app instance, as GET /apps lists it'),
          limit: z.number().int().min(1).max(500).optional(),
        }),
      output: z =>
        z.object({
          total: z.number(),
          items: z.array(
            z.object({
              id: z.string(),
              instanceId: z.string(),
              person: z.string(),
              action: z.enum(['downgrade', 'deprovision']),
              fromTier: z.string().nullable(),
              toTier: z.string().nullable(),
              monthlySaving: z.number(),
              lastSignIn: z.string().nullable(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { items, total } = await runs.listActions(
        {
          instanceId: input.instanceId,
          statuses: ['suggested'],
          limit: input.limit ?? 100,
          offset: 0,
        },
        { credentials: asUser(credentials) },
      );
      return {
        output: {
          total,
          items: items.map(a => ({
            id: a.id,
            instanceId: a.instanceId,
            person: a.displayName ?? a.email ?? a.oktaUserId,
            action: a.action,
            fromTier: a.fromTier ?? null,
            toTier: a.toTier ?? null,
            monthlySaving: a.monthlySaving,
            lastSignIn: a.lastSignIn ?? null,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'decide-suggestions',
    title: 'Accept or dismiss license suggestions',
    description:
      'Accepting carries the suggested changes out (through Okta, or a ticket to IT); dismissing leaves the licenses alone. Only suggestions of apps the caller manages; the answer says which changed.',
    attributes: { destructive: true, idempotent: true, readOnly: false },
    schema: {
      input: z =>
        z.object({
          ids: z.array(z.string().min(1)).min(1).max(500),
          decision: z.enum(['accept', 'dismiss']),
        }),
      output: z =>
        z.object({
          changed: z.array(z.string()),
          unchanged: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      const user = asUser(credentials);
      try {
        const result = await runs.decideSuggestions(input.ids, input.decision, {
          credentials: user,
        });
        return { output: result };
      } catch (error) {
        // Committed decisions are audited as suggestion events; a refusal
        // commits nothing, so it is audited here.
        const event = await auditor.createEvent({
          eventId: 'workflow-suggestions',
          severityLevel: 'medium',
          meta: {
            actor: user.principal.userEntityRef,
            via: 'actions-registry',
            decision: input.decision,
            count: input.ids.length,
          },
        });
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
