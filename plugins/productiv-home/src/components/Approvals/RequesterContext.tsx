import {
  Entity,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CatalogApp,
  DEFAULT_PEOPLE_ANNOTATIONS,
  PeopleAnnotations,
} from '@internal/plugin-productiv-home-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { priceText } from '../RequestPage/names';
import { People, Person } from '../RequestPage/Person';

/** The requester's catalog entities, by entity ref; one catalog call for the inbox. */
export function useRequesters(refs: string[]) {
  const catalogApi = useApi(catalogApiRef);
  const key = [...new Set(refs)].sort().join('\n');
  const { value, loading, error } = useAsync(async () => {
    const entityRefs = key ? key.split('\n') : [];
    if (!entityRefs.length) return new Map<string, Entity>();
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs });
    const found = new Map<string, Entity>();
    items.forEach(e => e && found.set(stringifyEntityRef(e), e));
    return found;
  }, [catalogApi, key]);
  return { entities: value, loading, error };
}

/**
 * Where the people data lives on User entities: Productiv Home's
 * annotations, unless the config renames them (and is visible to the
 * frontend).
 */
function usePeopleAnnotations(): PeopleAnnotations {
  const config = useApi(configApiRef);
  return useMemo(() => {
    const keys = { ...DEFAULT_PEOPLE_ANNOTATIONS } as PeopleAnnotations;
    for (const k of Object.keys(keys) as Array<keyof PeopleAnnotations>) {
      const set = config.getOptionalString(
        `productivHome.people.annotations.${k}`,
      );
      if (set) keys[k] = set;
    }
    return keys;
  }, [config]);
}

/** "Used by 4 people on your teams, 2 with your title and 9 in your department". */
export function peerText(app: string, peers?: CatalogApp['peers']): string {
  if (!peers) return `How many people use ${app} is not known right now.`;
  const parts = [
    peers.team && `${peers.team} on your teams`,
    peers.title && `${peers.title} with your title`,
    peers.department && `${peers.department} in your department`,
  ].filter(Boolean) as string[];
  if (!parts.length) {
    return `Nobody on your teams, with your title or in your department used ${app} in the last 30 days.`;
  }
  const list =
    parts.length > 1
      ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
      : parts[0];
  return `${app} was used by ${list} in the last 30 days.`;
}

const Line = (props: { label: string; children: React.ReactNode }) => (
  <Typography variant="body2">
    <strong>{props.label}:</strong> {props.children}
  </Typography>
);

/**
 * Who asks, for the approver: title and department, teams and manager from
 * the requester's catalog entity; how much the app is used around the
 * approver; the tier's price when known.
 */
export const RequesterContext = (props: {
  entity?: Entity;
  loading?: boolean;
  appName: string;
  tierName: string;
  peers?: CatalogApp['peers'];
  monthlyPrice?: number;
}) => {
  const annotations = usePeopleAnnotations();
  const e = props.entity;
  const a = e?.metadata.annotations ?? {};
  const title = [a[annotations.jobTitle], a[annotations.department]]
    .filter(Boolean)
    .join(' · ');
  const teams = (e?.relations ?? [])
    .filter(r => r.type === RELATION_MEMBER_OF)
    .map(r => r.targetRef);
  const manager = a[annotations.manager];
  const missing = props.loading ? 'loading…' : 'not in the catalog';
  const unset = e ? 'not set' : missing;
  return (
    <div data-testid="requester-context" style={{ margin: '8px 0' }}>
      <Line label="Title">{title || unset}</Line>
      <Line label="Team">
        {e ? <People refs={teams} none="none" /> : missing}
      </Line>
      <Line label="Manager">
        {manager ? <Person entityRef={manager} /> : unset}
      </Line>
      <Line label="Peers">{peerText(props.appName, props.peers)}</Line>
      <Line label="Price">
        {priceText(props.monthlyPrice) ?? `no price set for ${props.tierName}`}
      </Line>
    </div>
  );
};
