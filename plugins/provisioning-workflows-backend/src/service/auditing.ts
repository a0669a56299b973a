import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import express from 'express';
import { NewAuditEvent } from '../database/types';

// Each write reaches the auditor service once:
// - changes to the set-up (workflows, exempt lists, tiers, syncs) from the
//   router, around the call, with the request;
// - run and action events, whoever causes them (a person starting a run,
//   deciding a suggestion or keeping a license, or the background jobs),
//   once committed, from the workflow_events rows they write. The router
//   audits such a request only when it is refused.

/** Whether a committed workflow event goes to the auditor (else the router audited its write). */
export function isAuditedOnCommit(event: NewAuditEvent): boolean {
  return /^(run|action|suggestion|restore)\./.test(event.type);
}

/** The store's committed-events hook: run and action events to the auditor. */
export function auditCommittedEvents(
  auditor: AuditorService,
  logger: LoggerService,
): (events: NewAuditEvent[]) => void {
  return events => {
    for (const e of events.filter(isAuditedOnCommit)) {
      auditor
        .createEvent({
          eventId: `workflow-${e.type.replace('.', '-')}`,
          severityLevel: /^(action|restore)\./.test(e.type) ? 'medium' : 'low',
          meta: JSON.parse(
            JSON.stringify({
              actor: e.actor,
              appKey: e.appKey,
              instanceId: e.instanceId,
              runId: e.runId,
              actionId: e.actionId,
              ...e.detail,
            }),
          ),
        })
        .then(event =>
          e.type === 'action.failed' || e.type === 'restore.failed'
            ? event.fail({ error: new Error(String(e.detail?.error)) })
            : event.success(),
        )
        .catch(error =>
          logger.warn('Could not audit a workflow event', {
            error: String(error),
          }),
        );
    }
  };
}

/** The auditor event of a write through a route. */
function routeEvent(
  auditor: AuditorService,
  req: express.Request,
  eventId: string,
  meta: JsonObject,
) {
  return auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    request: req,
    meta,
  });
}

/** A write through a route, and how the route audits it. */
type RouteWrite = <T>(
  auditor: AuditorService,
  req: express.Request,
  eventId: string,
  meta: JsonObject,
  fn: () => Promise<T>,
) => Promise<T>;

/** Runs a write with an auditor event around it. */
export const audited: RouteWrite = async (auditor, req, eventId, meta, fn) => {
  const event = await routeEvent(auditor, req, eventId, meta);
  try {
    const result = await fn();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
};

/** Runs a write whose success its committed events audit; audits it when refused. */
export const auditedWhenRefused: RouteWrite = async (
  auditor,
  req,
  eventId,
  meta,
  fn,
) => {
  try {
    return await fn();
  } catch (error) {
    const event = await routeEvent(auditor, req, eventId, meta);
    await event.fail({ error: error as Error });
    throw error;
  }
};
