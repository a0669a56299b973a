import {
  ApproverSpec,
  DEFAULT_ESCALATION,
  DEFAULT_EXPIRY,
  HomeApp,
  HomeSettings,
  HomeAppOktaLink,
  InventoryInstanceOption,
} from '@internal/plugin-productiv-home-common';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useRef, useState } from 'react';
import { FormDialog } from '../FormDialog/FormDialog';
import { placeErrors } from '../FormDialog/fieldErrors';
import { ApproverFields } from './ApproverFields';
import { CatalogEntityPicker } from './CatalogEntityPicker';
import { EmployeePreview } from './EmployeePreview';
import { currentLink, OktaLinkFields } from './OktaLinkFields';
import { appErrorField, AppErrors, AppField, checkApp } from './appForm';
import { ApproverDraft, draftProblem, fromDrafts, toDraft } from './approvers';
import { OverdueFields } from './OverdueFields';
import { DurationFields } from './DurationFields';
import {
  checkDuration,
  DurationDraft,
  fromDurationDraft,
  toDurationDraft,
} from './durationDraft';
import {
  checkOverdue,
  fromOverdueDraft,
  OverdueDraft,
  toOverdueDraft,
} from './overdueDraft';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** The default settings' escalation and expiry in words, for "as in the default settings". */
function defaultsInWords(
  settings: Pick<HomeSettings, 'escalation' | 'expiry'>,
) {
  const escalation = settings.escalation ?? DEFAULT_ESCALATION;
  const expiry = settings.expiry ?? DEFAULT_EXPIRY;
  return {
    escalation: `${
      escalation.to === 'manager'
        ? "each approver's manager"
        : 'the fallback approver'
    } after ${days(escalation.afterDays)}`,
    expiry: days(expiry.afterDays),
  };
}

const MARKED = 'Some fields need a change: see the messages in red';

/** The grant errors of each tier, by tier. */
function tierErrors(errors: AppErrors): Record<string, string> {
  const PREFIX = 'okta-tier:';
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([field]) => field.startsWith(PREFIX))
      .map(([field, message]) => [field.slice(PREFIX.length), message ?? '']),
  );
}

/** The errors once the Okta link changed: those about it are void. */
function withoutOkta(errors: AppErrors): AppErrors {
  return Object.fromEntries(
    Object.entries(errors).filter(
      ([field]) => field !== 'okta' && !field.startsWith('okta-tier:'),
    ),
  );
}

/** Adds an app to Productiv Home or edits it: tiers, description, approvals, fulfillment. */
export const AppConfigDialog = (props: {
  initial: HomeApp;
  /** Whether the app's tiers map to Okta groups (automatic provisioning possible). */
  automaticAvailable: boolean;
  /** The inventory's Okta apps, to link the app to; undefined while loading. */
  instances?: InventoryInstanceOption[];
  /** The settings' default approvers, for the preview; undefined while unknown. */
  defaultApprovers?: ApproverSpec[];
  /** The settings' escalation and expiry, which the app may follow; undefined while unknown. */
  defaultRules?: Pick<HomeSettings, 'escalation' | 'expiry'>;
  onSave: (app: HomeApp) => Promise<void>;
  onClose: () => void;
}) => {
  const { initial } = props;
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [category, setCategory] = useState(initial.category);
  const [tiers, setTiers] = useState(initial.tiers.join(', '));
  const [owners, setOwners] = useState(initial.owners);
  const [required, setRequired] = useState(initial.approval.required);
  const [exceptGroups, setExceptGroups] = useState(
    initial.approval.exceptGroups,
  );
  const [levels, setLevels] = useState<ApproverDraft[]>([
    toDraft(initial.approval.levels[0]),
    toDraft(initial.approval.levels[1]),
  ]);
  const [fulfillment, setFulfillment] = useState(initial.fulfillment);
  const [okta, setOkta] = useState<HomeAppOktaLink | undefined>(initial.okta);
  const [overdue, setOverdue] = useState<OverdueDraft>(
    toOverdueDraft(initial, 'app'),
  );
  const [duration, setDuration] = useState<DurationDraft>(
    toDurationDraft(initial.duration),
  );
  const [errors, setErrors] = useState<AppErrors>({});
  // Changing a field clears what was said about it.
  const edited = (...fields: AppField[]) => {
    if (fields.some(f => errors[f])) {
      const rest = { ...errors };
      for (const f of fields) delete rest[f];
      setErrors(rest);
    }
  };
  const instances = props.instances;
  const automaticAvailable = instances
    ? instances.length > 0
    : props.automaticAvailable;

  // The app as it would be saved: the preview shows it as employees will.
  const tierList = tiers
    .split(',')
    .map(t => t.trim())
    .filter(Boolean);
  // Level 2 is shown, and saved, only once level 1 is set.
  const shownLevels = levels[0].type === 'none' ? [levels[0]] : levels;
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
    owners,
    approval: {
      required,
      exceptGroups,
      // With no approval the levels are kept for later, the complete ones.
      levels: fromDrafts(
        required === 'no-one'
          ? shownLevels.filter(l => !draftProblem(l))
          : shownLevels,
      ),
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
    ...fromOverdueDraft(overdue),
    ...fromDurationDraft(duration, tierList),
  };

  // What the server's field paths refer to: the levels and tiers as saved
  // (a ref: the refusal is read before a state set on saving would show).
  const saved = useRef({ levels: shownLevels, oktaTiers: [] as string[] });
  const save = async () => {
    const problems = {
      ...checkApp(draft, shownLevels, instances),
      ...checkOverdue(overdue, 'app'),
      ...checkDuration(duration, tierList),
    };
    setErrors(problems);
    if (Object.keys(problems).length) return MARKED;
    saved.current = {
      levels: shownLevels,
      oktaTiers: draft.okta?.tiers.map(t => t.tier) ?? [],
    };
    await props.onSave(draft);
    props.onClose();
    return undefined;
  };

  return (
    <FormDialog
      title={<>{name || initial.appKey} in Productiv Home</>}
      submitLabel="Save"
      maxWidth="md"
      onCancel={props.onClose}
      onSubmit={save}
      onFieldErrors={fields => {
        const placed = placeErrors(fields, f =>
          appErrorField(f, saved.current),
        );
        setErrors(placed.fields);
        return (
          placed.rest ??
          (Object.keys(placed.fields).length ? MARKED : undefined)
        );
      }}
    >
      <Grid container spacing={3}>
        <Grid item xs={12} md={7}>
          <TextField
            id="app-name"
            fullWidth
            margin="dense"
            label="Name"
            value={name}
            error={Boolean(errors.name)}
            helperText={errors.name}
            onChange={e => {
              setName(e.target.value);
              edited('name');
            }}
          />
          <TextField
            id="app-description"
            fullWidth
            multiline
            margin="dense"
            label="Description"
            value={description}
            error={Boolean(errors.description)}
            helperText={errors.description}
            onChange={e => {
              setDescription(e.target.value);
              edited('description');
            }}
          />
          <TextField
            id="app-category-field"
            fullWidth
            margin="dense"
            label="Category"
            value={category}
            error={Boolean(errors.category)}
            helperText={errors.category}
            onChange={e => {
              setCategory(e.target.value);
              edited('category');
            }}
          />
          <TextField
            id="app-tiers"
            fullWidth
            margin="dense"
            label="Requestable tiers (comma-separated, at least one)"
            value={tiers}
            error={Boolean(errors.tiers)}
            helperText={errors.tiers}
            onChange={e => {
              setTiers(e.target.value);
              edited('tiers');
            }}
          />
          <CatalogEntityPicker
            id="app-owners"
            kind="User"
            label="App owners"
            helperText="They approve at an “app owners” level"
            error={errors.owners}
            value={owners}
            onChange={refs => {
              setOwners(refs);
              edited('owners');
            }}
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
            error={Boolean(errors.required)}
            helperText={errors.required}
            onChange={e => {
              setRequired(e.target.value as HomeApp['approval']['required']);
              edited('required', 'except', 'level-0', 'level-1');
            }}
          >
            <MenuItem value="everyone">Everyone</MenuItem>
            <MenuItem value="everyone-except">
              Everyone except members of some groups
            </MenuItem>
            <MenuItem value="no-one">No one</MenuItem>
          </TextField>
          {required === 'everyone-except' && (
            <CatalogEntityPicker
              id="app-except"
              kind="Group"
              required
              label="Groups that need no approval"
              helperText="Their members get the app without approval"
              error={errors.except}
              value={exceptGroups}
              onChange={refs => {
                setExceptGroups(refs);
                edited('except');
              }}
            />
          )}
          {required !== 'no-one' && (
            <>
              <ApproverFields
                id="level-1"
                label="Level 1 approver"
                hint="None: the default approvers"
                name="at level 1"
                draft={levels[0]}
                error={errors['level-0']}
                onChange={d => {
                  setLevels([d, levels[1]]);
                  edited('level-0');
                }}
              />
              {levels[0].type !== 'none' && (
                <ApproverFields
                  id="level-2"
                  label="Level 2 approver"
                  name="at level 2"
                  draft={levels[1]}
                  error={errors['level-1']}
                  onChange={d => {
                    setLevels([levels[0], d]);
                    edited('level-1');
                  }}
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
            error={Boolean(errors.fulfillment)}
            helperText={errors.fulfillment}
            onChange={e => {
              setFulfillment(e.target.value as HomeApp['fulfillment']);
              edited('fulfillment', 'okta');
            }}
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
              errors={{ instance: errors.okta, tiers: tierErrors(errors) }}
              onChange={next => {
                setOkta(next);
                setErrors(withoutOkta(errors));
              }}
            />
          )}
          <OverdueFields
            id="app"
            mode="app"
            draft={overdue}
            errors={errors}
            defaults={props.defaultRules && defaultsInWords(props.defaultRules)}
            onChange={(next, field) => {
              setOverdue(next);
              edited(field);
            }}
          />
          <DurationFields
            draft={duration}
            tiers={tierList}
            tierName={t => t.charAt(0).toUpperCase() + t.slice(1)}
            errors={errors}
            onChange={(next, field) => {
              setDuration(next);
              edited(field);
            }}
          />
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
