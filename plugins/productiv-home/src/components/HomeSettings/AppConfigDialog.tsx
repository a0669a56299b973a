import {
  ApproverSpec,
  HomeApp,
  HomeAppOktaLink,
  InventoryInstanceOption,
} from '@internal/plugin-productiv-home-common';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { FormDialog } from '../FormDialog/FormDialog';
import { ApproverFields } from './ApproverFields';
import { EmployeePreview } from './EmployeePreview';
import { currentLink, OktaLinkFields } from './OktaLinkFields';
import { ApproverDraft, fromDrafts, toDraft, toEntityRefs } from './approvers';

/** Adds an app to Productiv Home or edits it: tiers, description, approvals, fulfillment. */
export const AppConfigDialog = (props: {
  initial: HomeApp;
  /** Whether the app's tiers map to Okta groups (automatic provisioning possible). */
  automaticAvailable: boolean;
  /** The inventory's Okta apps, to link the app to; undefined while loading. */
  instances?: InventoryInstanceOption[];
  /** The settings' default approvers, for the preview; undefined while unknown. */
  defaultApprovers?: ApproverSpec[];
  onSave: (app: HomeApp) => Promise<void>;
  onClose: () => void;
}) => {
  const { initial } = props;
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [category, setCategory] = useState(initial.category);
  const [tiers, setTiers] = useState(initial.tiers.join(', '));
  const [owners, setOwners] = useState(
    initial.owners.map(o => o.replace(/^user:default\//, '')).join(', '),
  );
  const [required, setRequired] = useState(initial.approval.required);
  const [exceptGroups, setExceptGroups] = useState(
    initial.approval.exceptGroups
      .map(g => g.replace(/^group:default\//, ''))
      .join(', '),
  );
  const [levels, setLevels] = useState<ApproverDraft[]>([
    toDraft(initial.approval.levels[0]),
    toDraft(initial.approval.levels[1]),
  ]);
  const [fulfillment, setFulfillment] = useState(initial.fulfillment);
  const [okta, setOkta] = useState<HomeAppOktaLink | undefined>(initial.okta);
  const instances = props.instances;
  const automaticAvailable = instances
    ? instances.length > 0
    : props.automaticAvailable;

  // The app as it would be saved: the preview shows it as employees will.
  const tierList = tiers
    .split(',')
    .map(t => t.trim())
    .filter(Boolean);
  // A new app starts from the inventory app of its key, as the admin would.
  const link = instances
    ? currentLink({ appKey: initial.appKey, tiers: tierList }, okta, instances)
    : okta;
  const draft: HomeApp = {
    appKey: initial.appKey,
    name,
    description,
    category,
    tiers: tierList,
    owners: toEntityRefs(owners, 'user'),
    approval: {
      required,
      exceptGroups: toEntityRefs(exceptGroups, 'group'),
      levels: fromDrafts(levels),
    },
    fulfillment,
    // Only the tiers the app still offers; other fulfillments keep no link.
    ...(fulfillment === 'automatic' && link
      ? {
          okta: {
            instanceId: link.instanceId,
            tiers: link.tiers.filter(t => tierList.includes(t.tier)),
          },
        }
      : {}),
  };

  const save = async () => {
    await props.onSave(draft);
    props.onClose();
  };

  return (
    <FormDialog
      title={<>{name || initial.appKey} in Productiv Home</>}
      submitLabel="Save"
      maxWidth="md"
      onCancel={props.onClose}
      onSubmit={save}
    >
      <Grid container spacing={3}>
        <Grid item xs={12} md={7}>
          <TextField
            id="app-name"
            fullWidth
            margin="dense"
            label="Name"
            value={name}
            onChange={e => setName(e.target.value)}
          />
          <TextField
            id="app-description"
            fullWidth
            multiline
            margin="dense"
            label="Description"
            value={description}
            onChange={e => setDescription(e.target.value)}
          />
          <TextField
            id="app-category-field"
            fullWidth
            margin="dense"
            label="Category"
            value={category}
            onChange={e => setCategory(e.target.value)}
          />
          <TextField
            id="app-tiers"
            fullWidth
            margin="dense"
            label="Requestable tiers (comma-separated, at least one)"
            value={tiers}
            onChange={e => setTiers(e.target.value)}
          />
          <TextField
            id="app-owners"
            fullWidth
            margin="dense"
            label="App owners (e.g. sofia.garcia)"
            value={owners}
            onChange={e => setOwners(e.target.value)}
          />
          <Typography variant="h6" style={{ marginTop: 16 }}>
            Approvals
          </Typography>
          <TextField
            id="app-required"
            select
            fullWidth
            margin="dense"
            label="Who needs approval"
            value={required}
            onChange={e =>
              setRequired(e.target.value as HomeApp['approval']['required'])
            }
          >
            <MenuItem value="everyone">Everyone</MenuItem>
            <MenuItem value="everyone-except">
              Everyone except members of some groups
            </MenuItem>
            <MenuItem value="no-one">No one</MenuItem>
          </TextField>
          {required === 'everyone-except' && (
            <TextField
              id="app-except"
              fullWidth
              margin="dense"
              label="Groups that need no approval (e.g. marketing)"
              value={exceptGroups}
              onChange={e => setExceptGroups(e.target.value)}
            />
          )}
          {required !== 'no-one' && (
            <>
              <ApproverFields
                id="level-1"
                label="Level 1 approver (None: default approvers)"
                draft={levels[0]}
                onChange={d => setLevels([d, levels[1]])}
              />
              {levels[0].type !== 'none' && (
                <ApproverFields
                  id="level-2"
                  label="Level 2 approver"
                  draft={levels[1]}
                  onChange={d => setLevels([levels[0], d])}
                />
              )}
            </>
          )}
          <Typography variant="h6" style={{ marginTop: 16 }}>
            Fulfillment
          </Typography>
          <TextField
            id="app-fulfillment"
            select
            fullWidth
            margin="dense"
            label="How access is granted"
            value={fulfillment}
            onChange={e =>
              setFulfillment(e.target.value as HomeApp['fulfillment'])
            }
          >
            <MenuItem value="automatic" disabled={!automaticAvailable}>
              Automatically, through Okta
              {automaticAvailable ? '' : ' (no Okta app in the inventory)'}
            </MenuItem>
            <MenuItem value="ticket">A ticket to IT</MenuItem>
            <MenuItem value="manual">
              Manually (marked granted on approval)
            </MenuItem>
          </TextField>
          {fulfillment === 'automatic' && instances && (
            <OktaLinkFields
              tiers={tierList}
              instances={instances}
              value={link}
              onChange={setOkta}
            />
          )}
        </Grid>
        <Grid item xs={12} md={5}>
          <EmployeePreview
            app={draft}
            defaultApprovers={props.defaultApprovers}
          />
        </Grid>
      </Grid>
    </FormDialog>
  );
};
