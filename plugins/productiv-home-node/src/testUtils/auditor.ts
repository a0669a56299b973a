import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/**
 * An auditor that keeps the audit events that ended in failure, as
 * `eventId: reason` (the event's `meta.reason`), for tests that check what
 * was refused.
 *
 * @public
 */
export function recordingAuditor() {
  const refusals: string[] = [];
  const factory = createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: () => ({
      createEvent: async options => ({
        success: async () => {},
        fail: async () =>
          void refusals.push(`${options.eventId}: ${options.meta?.reason}`),
      }),
    }),
  });
  return { refusals, factory };
}
