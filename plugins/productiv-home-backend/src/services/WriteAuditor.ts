import { AuditorService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { actorOf, CallOptions } from './callOptions';

/**
 * The one place writes are audited (the authorized services call it, so a
 * write is audited once, whichever entry point it came through).
 */
export class WriteAuditor {
  constructor(private readonly auditor: AuditorService) {}

  async audited<T>(
    event: {
      eventId: string;
      /** Lists such as the approvers of an override stay lists. */
      meta: { [key: string]: string | string[] };
      severityLevel?: 'low' | 'medium' | 'high';
      /** Recorded with the success. */
      successMeta?: (result: T) => { [key: string]: string };
    },
    options: CallOptions,
    write: () => Promise<T>,
  ): Promise<T> {
    const { eventId, meta, severityLevel = 'medium', successMeta } = event;
    const origin = options.origin;
    const created = await this.auditor.createEvent(
      origin && 'via' in origin
        ? {
            eventId,
            severityLevel,
            // No HTTP request to take the actor from: the requester goes in meta.
            meta: { ...meta, requester: actorOf(options), via: origin.via },
          }
        : { eventId, severityLevel, request: origin?.request, meta },
    );
    try {
      const result = await write();
      await (successMeta
        ? created.success({ meta: successMeta(result) })
        : created.success());
      return result;
    } catch (error) {
      await created.fail({ error: error as Error });
      throw error;
    }
  }

  /**
   * A write Productiv Home makes on its own (a scheduled task: escalating
   * an overdue approval, closing a stale request); `meta.actor` is
   * `system`.
   */
  async bySystem<T>(
    event: {
      eventId: string;
      meta: { [key: string]: string | string[] };
      severityLevel?: 'low' | 'medium' | 'high';
      /** Why a write that returned this did not happen (e.g. done meanwhile). */
      refusal?: (result: T) => string | undefined;
    },
    write: () => Promise<T>,
  ): Promise<T> {
    const created = await this.auditor.createEvent({
      eventId: event.eventId,
      severityLevel: event.severityLevel ?? 'medium',
      meta: { ...event.meta, actor: 'system' },
    });
    try {
      const result = await write();
      const refused = event.refusal?.(result);
      await (refused
        ? created.fail({ error: new ConflictError(refused) })
        : created.success());
      return result;
    } catch (error) {
      await created.fail({ error: error as Error });
      throw error;
    }
  }
}
