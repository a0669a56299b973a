import { AccessRequest } from '@internal/plugin-productiv-home-common';

// How an approved request reaches the person, as people read it.

const PROVIDERS: Record<string, string> = {
  okta: 'Okta',
  'jira-service-management': 'Jira Service Management',
  zendesk: 'Zendesk',
  email: 'an e-mail to IT',
};

/** A fulfillment provider by name: `jira-service-management` → `Jira Service Management`. */
export function providerName(id: string): string {
  return PROVIDERS[id] ?? id.replace(/[-_]+/g, ' ');
}

/** How the request was handed over, from the `fulfilling` event's mode. */
export function fulfillingText(mode?: string): string {
  switch (mode) {
    case 'automatic':
      return 'Handed to Okta to grant access';
    case 'ticket':
      return 'Sent to IT, who get a ticket to grant access';
    case 'manual':
      return 'Marked as set up by hand';
    default:
      return 'Access is being set up';
  }
}

/** A ticket opened for the request, with its state. */
export type TicketView = {
  provider: string;
  id: string;
  url?: string;
  state: string;
};

/** How a ticket stands, told from the request it fulfils. */
const TICKET_STATE: Partial<Record<AccessRequest['status'], string>> = {
  fulfilled: 'Resolved: access granted',
  failed: 'Failed',
  cancelled: 'Closed: request cancelled',
};

/**
 * The ticket of a request, if one was opened: from the request's
 * `fulfillment`, else from the last `ticket-opened` event (a ticket whose
 * fulfillment was retried since).
 */
export function ticketOf(request: AccessRequest): TicketView | undefined {
  const f = request.fulfillment;
  let provider = f?.provider;
  let id = f?.externalId;
  let url = f?.externalUrl;
  if (!id) {
    const opened = [...request.history]
      .reverse()
      .find(e => e.type === 'ticket-opened');
    const [p, ticketId, link] = opened?.comment?.split(' ') ?? [];
    if (!ticketId) return undefined;
    [provider, id, url] = [p, ticketId, link];
  }
  if (!provider || !id) return undefined;
  const state = TICKET_STATE[request.status] ?? 'Open: waiting for IT';
  return { provider: providerName(provider), id, url, state };
}
