import { useApi } from '@backstage/core-plugin-api';
import {
  IdleSeatHolder,
  RequestSeats,
} from '@internal/plugin-productiv-home-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { productivHomeApiRef } from '../../api';
import { Person } from '../RequestPage/Person';
import { Timestamp } from '../Timestamp/Timestamp';

/** "0 of 3 Editor seats free", or undefined without a seat count. */
export function freeSeatsText(s: RequestSeats): string | undefined {
  if (s.seats === undefined || s.freeSeats === undefined) return undefined;
  return `${s.freeSeats} of ${s.seats} ${s.tierName} ${
    s.seats === 1 ? 'seat' : 'seats'
  } free`;
}

const Holder = (props: { holder: IdleSeatHolder }) => {
  const h = props.holder;
  return (
    <li>
      {h.entityRef ? (
        <Person entityRef={h.entityRef} />
      ) : (
        h.displayName ?? h.email ?? 'Someone Okta knows only by id'
      )}
      {' — '}
      {h.lastSignIn ? (
        <>
          last sign-in <Timestamp value={h.lastSignIn} />
        </>
      ) : (
        'never signed in'
      )}
    </li>
  );
};

/**
 * The requested tier's free seats, for the approver; for admins also the
 * holders who have not signed in for 30 days, whose seats could be
 * reclaimed to make room (the backend sends them to admins only).
 */
export const RequestSeatsLine = (props: { requestId: string }) => {
  const api = useApi(productivHomeApiRef);
  const { value } = useAsync(
    async () => api.getRequestSeats?.(props.requestId),
    [api, props.requestId],
  );
  // Unknown seats are left out, as the other context lines are.
  if (!value) return null;
  const free = freeSeatsText(value);
  return (
    <div data-testid="request-seats">
      {free && (
        <Typography variant="body2">
          <strong>Seats:</strong> {free}
        </Typography>
      )}
      {value.idleHolders && (
        <Typography variant="body2" component="div">
          <strong>
            Could make room (no sign-in for 30 days
            {value.idleHolderCount !== undefined &&
            value.idleHolderCount > value.idleHolders.length
              ? `, ${value.idleHolders.length} of ${value.idleHolderCount} shown`
              : ''}
            ):
          </strong>{' '}
          {value.idleHolders.length ? (
            <ul style={{ margin: 0 }}>
              {value.idleHolders.map((h, i) => (
                <Holder key={h.entityRef ?? h.email ?? i} holder={h} />
              ))}
            </ul>
          ) : (
            `every ${value.tierName} holder signed in within 30 days`
          )}
        </Typography>
      )}
    </div>
  );
};
