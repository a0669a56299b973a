import { RequestEvent } from '@internal/plugin-productiv-home-common';
import { People, Person } from '../RequestPage/Person';

/**
 * Who did it, as a history line says, by catalog display name and linked
 * to their catalog pages: " by Olivia Chen", and for an admin's decision
 * " by Alex Morgan on behalf of Olivia Chen and Design". Nothing for what
 * the system did.
 */
export const ByLine = (props: { event: RequestEvent }) => {
  const { actor, onBehalfOf } = props.event;
  if (actor === 'system') return null;
  return (
    <>
      {' '}
      by <Person entityRef={actor} />
      {onBehalfOf?.length ? (
        <>
          {' '}
          on behalf of <People refs={onBehalfOf} />
        </>
      ) : null}
    </>
  );
};
