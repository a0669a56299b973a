import { RequestEvent } from '@internal/plugin-productiv-home-common';

// Who did what in a request's history is shown by name: see ByLine.

/** The latest decision an admin made for the approvers, if any. */
export function lastOnBehalf(events: RequestEvent[]): RequestEvent | undefined {
  return [...events].reverse().find(e => e.onBehalfOf?.length);
}
