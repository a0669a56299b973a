import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** The actor of what the plugin does by itself (runs, scheduled changes). */
export const SYSTEM_ACTOR = 'provisioning-workflows';

const isEntityRef = (value: string) => /^[a-z]+:[^@\s]+$/i.test(value);

/**
 * A person or group by their catalog display name, linked to their catalog
 * page; "License automation" for the plugin itself, and an e-mail as it is.
 */
export const Person = (props: { entityRef?: string }) => {
  const { entityRef } = props;
  if (!entityRef || entityRef === SYSTEM_ACTOR) return <>License automation</>;
  if (!isEntityRef(entityRef)) return <>{entityRef}</>;
  return <EntityRefLink entityRef={entityRef} defaultKind="user" hideIcon />;
};
