import { CatalogTier } from '@internal/plugin-productiv-home-common';
import Alert from '@material-ui/lab/Alert';

/** Free seats of a tier: undefined when it has no seat count or its holders are not known. */
export function freeSeatsOf(tier?: CatalogTier): number | undefined {
  if (tier?.seats === undefined || tier.holders === undefined) return undefined;
  return Math.max(0, tier.seats - tier.holders);
}

/**
 * Says, before the request is sent, that the chosen tier has no free seat.
 * The request can still be sent: it waits for a seat, or for an admin to
 * free one (the approvers see the free seats, admins the idle holders).
 */
export const SeatNotice = (props: { tier?: CatalogTier }) => {
  if (freeSeatsOf(props.tier) !== 0) return null;
  return (
    <Alert severity="info" data-testid="seat-notice" role="status">
      No free {props.tier!.displayName} seats: your request will wait for a seat
      or an admin to free one.
    </Alert>
  );
};
