import {
  HomeApp,
  HomeAppOktaLink,
  HomeAppTierGrant,
  InventoryInstanceOption,
} from '@internal/plugin-productiv-home-common';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';

// The select's value for one tier: a group id, or one of these.
const APP_ASSIGNMENT = '__okta-app__';
const TICKET = '__ticket__';

function grantValue(grant: HomeAppTierGrant | undefined): string {
  if (!grant) return '';
  if (grant.grant === 'okta-group') return grant.groupId;
  return grant.grant === 'okta-app' ? APP_ASSIGNMENT : TICKET;
}

function grantOf(tier: string, value: string): HomeAppTierGrant {
  if (value === APP_ASSIGNMENT) return { tier, grant: 'okta-app' };
  if (value === TICKET) return { tier, grant: 'ticket' };
  return { tier, grant: 'okta-group', groupId: value };
}

/**
 * The link for the app's current tiers: the one set so far, with a grant
 * for each tier added since (its inventory group, else the app assignment);
 * without one, a first guess: the inventory app of the same key.
 */
export function currentLink(
  app: Pick<HomeApp, 'appKey' | 'tiers'>,
  link: HomeAppOktaLink | undefined,
  instances: InventoryInstanceOption[],
): HomeAppOktaLink | undefined {
  const instance = link
    ? instances.find(i => i.id === link.instanceId)
    : instances.find(i => i.appKey === app.appKey);
  if (!instance) return link;
  return linkFor(instance, app.tiers, link);
}

/** Each tier's grant on `instance`: its inventory group if any, else the app assignment. */
function linkFor(
  instance: InventoryInstanceOption,
  tiers: string[],
  previous?: HomeAppOktaLink,
): HomeAppOktaLink {
  return {
    instanceId: instance.id,
    tiers: tiers.map(tier => {
      const kept = previous?.tiers.find(t => t.tier === tier);
      if (
        kept &&
        (kept.grant !== 'okta-group' ||
          instance.groups.some(g => g.id === kept.groupId))
      )
        return kept;
      const group = instance.groups.find(
        g => g.tier?.toLowerCase() === tier.toLowerCase(),
      );
      return group
        ? { tier, grant: 'okta-group', groupId: group.id }
        : { tier, grant: 'okta-app' };
    }),
  };
}

/**
 * Where an automatically granted app lives in Okta: its app, picked from the
 * inventory, and for each tier the group (or app assignment, or ticket) that
 * grants it. Lists show names; the link stores ids. `errors` are what to
 * fix, shown beside the Okta app and each tier's field.
 */
export const OktaLinkFields = (props: {
  tiers: string[];
  instances: InventoryInstanceOption[];
  value: HomeAppOktaLink | undefined;
  onChange: (link: HomeAppOktaLink | undefined) => void;
  errors?: { instance?: string; tiers?: Record<string, string> };
}) => {
  const { tiers, instances, value, onChange } = props;
  const instance = instances.find(i => i.id === value?.instanceId);
  const gone = Boolean(value && !instance);
  return (
    <>
      <TextField
        id="app-okta-instance"
        select
        fullWidth
        margin="dense"
        label="Okta app"
        helperText={
          props.errors?.instance ??
          (gone
            ? 'This Okta app is no longer in the inventory: pick another'
            : 'The app employees are granted, from the synced inventory')
        }
        error={gone || Boolean(props.errors?.instance)}
        value={instance?.id ?? ''}
        onChange={e => {
          const picked = instances.find(i => i.id === e.target.value);
          onChange(picked ? linkFor(picked, tiers, value) : undefined);
        }}
      >
        {instances.map(i => (
          <MenuItem key={i.id} value={i.id}>
            {i.label === i.appName ? i.label : `${i.appName}: ${i.label}`}
            {i.status === 'INACTIVE' ? ' (inactive in Okta)' : ''}
          </MenuItem>
        ))}
      </TextField>
      {instance &&
        tiers.map(tier => {
          const grant = value?.tiers.find(t => t.tier === tier);
          const problem =
            props.errors?.tiers?.[tier] ??
            (grant ? undefined : 'Pick how this tier is granted');
          return (
            <TextField
              key={tier}
              id={`app-okta-tier-${tier}`}
              select
              fullWidth
              margin="dense"
              label={`How ${tier} is granted`}
              value={grantValue(grant)}
              error={Boolean(problem)}
              helperText={problem}
              onChange={e =>
                onChange({
                  instanceId: instance.id,
                  tiers: tiers.map(t =>
                    t === tier
                      ? grantOf(t, e.target.value)
                      : value?.tiers.find(g => g.tier === t) ?? {
                          tier: t,
                          grant: 'okta-app',
                        },
                  ),
                })
              }
            >
              {instance.groups.map(g => (
                <MenuItem key={g.id} value={g.id}>
                  Okta group {g.name}
                  {g.tier && g.tier !== tier
                    ? ` (the inventory's ${g.tier})`
                    : ''}
                </MenuItem>
              ))}
              <MenuItem value={APP_ASSIGNMENT}>
                Assign {instance.label} itself (no group)
              </MenuItem>
              <MenuItem value={TICKET}>A ticket to IT</MenuItem>
            </TextField>
          );
        })}
      {instance && !instance.groups.length && (
        <Typography variant="body2" color="textSecondary">
          No Okta group is assigned to {instance.label}: assign one in Okta and
          sync the inventory to grant tiers by group.
        </Typography>
      )}
    </>
  );
};
