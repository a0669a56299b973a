import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import express from 'express';
import { NewAuditEvent } from '../database/types';

/** The store's committed-events hook: every event to the auditor. */
export function auditCommittedEvents(
  auditor: AuditorService,
  logger: LoggerService,
): (events: NewAuditEvent[]) => void {
  return events => {
    for (const e of events) {
      auditor
        .createEvent({
          eventId: `workflow-${e.type.replace('.', '-')}`,
          severityLevel: e.type.startsWith('action.') ? 'medium' : 'low',
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
          e.type === 'action.failed'
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

/** Runs a write with an auditor event around it. */
export async function audited<T>(
  auditor: AuditorService,
  req: express.Request,
  eventId: string,
  meta: JsonObject,
  fn: () => Promise<T>,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    request: req,
    meta,
  });
  try {
    const result = await fn();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
