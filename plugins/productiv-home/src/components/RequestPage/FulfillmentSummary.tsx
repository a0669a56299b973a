import { Link } from '@backstage/core-components';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Typography from '@material-ui/core/Typography';
import { fulfillingText, providerName, ticketOf } from './fulfillment';

/** How each kind of request speaks of its fulfillment. */
const KIND_WORDS: Record<
  NonNullable<AccessRequest['kind']>,
  { past: string; fulfilled: string }
> = {
  grant: { past: 'granted', fulfilled: 'Access granted.' },
  return: { past: 'removed', fulfilled: 'Access removed.' },
  // License automation's change, made by IT by hand.
  reclaim: { past: 'changed', fulfilled: 'Changed by IT.' },
  // Time-bound access: an extension moves the expiry, nothing else.
  extend: { past: 'extended', fulfilled: 'Access extended.' },
  expire: { past: 'removed', fulfilled: 'Access removed at expiry.' },
};

/**
 * How access is granted once approved: the ticket with its link and state,
 * Okta, or why it failed.
 */
export const FulfillmentSummary = (props: { request: AccessRequest }) => {
  const r = props.request;
  const words = KIND_WORDS[r.kind ?? 'grant'];
  const ticket = ticketOf(r);
  const handedOver = [...r.history]
    .reverse()
    .find(e => e.type === 'fulfilling');
  const lines: JSX.Element[] = [];
  if (ticket) {
    lines.push(
      <Typography variant="body2" key="ticket" data-testid="ticket">
        Ticket{' '}
        {ticket.url ? (
          <Link to={ticket.url} target="_blank" rel="noopener">
            {ticket.id}
          </Link>
        ) : (
          ticket.id
        )}{' '}
        in {ticket.provider}: {ticket.state}
      </Typography>,
    );
  } else if (r.fulfillment?.provider && r.status !== 'failed') {
    lines.push(
      <Typography variant="body2" key="provider">
        {r.kind === 'return'
          ? `${r.status === 'fulfilled' ? 'Removed' : 'Being removed'} through`
          : `${
              r.status === 'fulfilled' ? 'Granted' : 'Being granted'
            } through`}{' '}
        {providerName(r.fulfillment.provider)}
      </Typography>,
    );
  } else if (handedOver) {
    lines.push(
      <Typography variant="body2" key="mode">
        {fulfillingText(handedOver.comment)}
      </Typography>,
    );
  }
  if (r.status === 'failed') {
    lines.push(
      <Typography variant="body2" color="error" key="failed">
        Access could not be {words.past}
        {r.fulfillment?.failureReason ? `: ${r.fulfillment.failureReason}` : ''}
        . A Productiv Home admin can send it to fulfillment again.
      </Typography>,
    );
  }
  if (!lines.length) {
    const text: Partial<Record<AccessRequest['status'], string>> = {
      pending_approval: 'Access is set up once the request is approved.',
      approved: 'Approved; access is being set up.',
      denied: 'The request was denied: no access is set up.',
      cancelled: 'The request was cancelled: no access is set up.',
      expired:
        'Nobody decided in time, so the request expired: no access is set up. Request it again if you still need it.',
      fulfilled: words.fulfilled,
    };
    lines.push(
      <Typography variant="body2" color="textSecondary" key="none">
        {text[r.status] ?? 'Access is being set up.'}
      </Typography>,
    );
  }
  return <div data-testid="fulfillment">{lines}</div>;
};
