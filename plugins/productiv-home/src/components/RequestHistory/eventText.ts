import { RequestEvent } from '@internal/plugin-productiv-home-common';
import { refName } from '../../util/refName';

/**
 * Who did it, as a history line says: "by alex.morgan", and for an admin's
 * decision "by alex.morgan on behalf of olivia.chen".
 */
export function byText(event: RequestEvent): string {
  if (event.actor === 'system') return '';
  const onBehalf = event.onBehalfOf?.length
    ? ` on behalf of ${event.onBehalfOf.map(refName).join(', ')}`
    : '';
  return ` by ${refName(event.actor)}${onBehalf}`;
}

/** The latest decision an admin made for the approvers, if any. */
export function lastOnBehalf(events: RequestEvent[]): RequestEvent | undefined {
  return [...events].reverse().find(e => e.onBehalfOf?.length);
}
