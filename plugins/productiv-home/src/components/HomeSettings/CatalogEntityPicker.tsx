import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityDisplayName,
} from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** One person or group the catalog offers. */
export type CatalogOption = {
  ref: string;
  /** The display name: the profile's, else the title, else the name. */
  title: string;
  /** A person's e-mail, a group's name: tells apart two of one name. */
  secondary?: string;
};

// Only what the options show is read from the catalog.
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
  'spec.profile.email',
];
// The catalog's search table keeps its keys in lower case.
const SEARCHED = [
  'metadata.name',
  'metadata.title',
  'spec.profile.displayname',
  'spec.profile.email',
];
const LIMIT = 50;
const TYPING_MS = 250;

/** A catalog User or Group as the picker lists it. */
export function catalogOption(entity: Entity): CatalogOption {
  const profile = (entity.spec?.profile ?? {}) as {
    displayName?: string;
    email?: string;
  };
  const title =
    profile.displayName || entity.metadata.title || entity.metadata.name;
  const secondary =
    entity.kind.toLowerCase() === 'user'
      ? profile.email || entity.metadata.name
      : entity.metadata.name;
  return {
    ref: stringifyEntityRef(entity),
    title,
    secondary: secondary === title ? undefined : secondary,
  };
}

/** `value`, changed only once it has stayed `ms` unchanged. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Picks people (catalog Users) or groups (catalog Groups) by their display
 * names, searching the catalog as the admin types; stores entity refs. What
 * is picked shows as chips with the display name, never as a ref. `single`
 * keeps one pick: a new one replaces it.
 */
export const CatalogEntityPicker = (props: {
  id: string;
  label: string;
  kind: 'User' | 'Group';
  value: string[];
  onChange: (refs: string[]) => void;
  single?: boolean;
  /** Shown under the field, in red: what to fix. */
  error?: string;
  helperText?: string;
  /** Marks the label as required (the check is the form's). */
  required?: boolean;
}) => {
  const catalogApi = useApi(catalogApiRef);
  const { kind, value, single } = props;
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState('');
  const term = useSettled(input.trim(), TYPING_MS);
  const noun = kind === 'User' ? 'people' : 'groups';

  // Searched only while the list is open; each answer says what it is for.
  const found = useAsync(async () => {
    if (!open) return { term, options: [] };
    const response = await catalogApi.queryEntities({
      filter: { kind },
      ...(term ? { fullTextFilter: { term, fields: SEARCHED } } : {}),
      orderFields: { field: 'metadata.name', order: 'asc' },
      fields: FIELDS,
      limit: LIMIT,
    });
    return { term, options: response.items.map(catalogOption) };
  }, [catalogApi, kind, open, term]);

  // The same array while the refs are the same: a new one would make the
  // Autocomplete reset the search being typed.
  const key = value.join('\n');
  const picked = useMemo<CatalogOption[]>(
    () => (key ? key.split('\n') : []).map(ref => ({ ref, title: '' })),
    [key],
  );
  // What was found for an earlier search, or before the typing settled, is stale.
  const current = found.value?.term === input.trim() ? found.value : undefined;
  const searching = found.loading || !current;
  const options = current?.options ?? [];
  const helperText = props.error ?? props.helperText;

  return (
    <Autocomplete<CatalogOption, true>
      id={props.id}
      multiple
      filterSelectedOptions
      options={options}
      value={picked}
      // The catalog filters; the list shows what it found.
      filterOptions={o => o}
      getOptionLabel={o => o.title}
      getOptionSelected={(o, v) => o.ref === v.ref}
      onChange={(_e, next) => {
        const refs = next.map(o => o.ref);
        props.onChange(single ? refs.slice(-1) : refs);
      }}
      inputValue={input}
      onInputChange={(_e, text, reason) => {
        // Picking an option clears the search instead of showing the name.
        setInput(reason === 'reset' ? '' : text);
      }}
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      loading={searching}
      loadingText={`Searching the catalog for ${noun}…`}
      noOptionsText={
        found.error
          ? `The catalog did not answer: ${found.error.message}`
          : `No ${noun} match${term ? ` “${term}”` : ''}`
      }
      renderOption={o => (
        <div>
          <Typography variant="body2">{o.title}</Typography>
          {o.secondary && (
            <Typography variant="caption" color="textSecondary">
              {o.secondary}
            </Typography>
          )}
        </div>
      )}
      renderTags={(tags, getTagProps) =>
        tags.map((o, index) => (
          <Chip
            {...getTagProps({ index })}
            key={o.ref}
            size="small"
            label={
              <EntityDisplayName entityRef={o.ref} hideIcon disableTooltip />
            }
          />
        ))
      }
      renderInput={params => (
        <TextField
          {...params}
          fullWidth
          margin="dense"
          label={props.label}
          error={Boolean(props.error)}
          helperText={helperText}
          InputLabelProps={{
            ...params.InputLabelProps,
            required: props.required,
          }}
        />
      )}
    />
  );
};
