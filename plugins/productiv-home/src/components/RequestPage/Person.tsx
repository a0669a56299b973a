import {
  EntityRefLink,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';
import { Fragment } from 'react';

/** A person or group by catalog display name, linked to their catalog page. */
export const Person = (props: { entityRef: string }) => (
  <EntityRefLink entityRef={props.entityRef} defaultKind="user" hideIcon />
);

/** Several people, "Olivia Chen, Sarah Johnson and Liam Patel"; `none` when empty. */
export const People = (props: { refs: string[]; none?: string }) => {
  const refs = [...new Set(props.refs)];
  if (!refs.length) return <>{props.none ?? 'nobody'}</>;
  return (
    <>
      {refs.map((ref, i) => (
        <Fragment key={ref}>
          {i > 0 && (i === refs.length - 1 ? ' and ' : ', ')}
          <Person entityRef={ref} />
        </Fragment>
      ))}
    </>
  );
};

/** A person's display name as text, for labels and messages. */
export function usePersonName(entityRef: string): string {
  return useEntityPresentation(entityRef, { defaultKind: 'user' }).primaryTitle;
}
