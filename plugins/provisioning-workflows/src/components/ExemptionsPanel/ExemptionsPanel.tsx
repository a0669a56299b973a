import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Exemption,
  provisioningWorkflowsAppManagePermission,
  provisioningWorkflowsGlobalExemptionsPermission,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import { ChangeEvent, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { errorMessage } from '../../util/errorMessage';
import { DataTable } from '../DataTable/DataTable';
import { Person } from '../Person/Person';
import { Timestamp } from '../Timestamp/Timestamp';

/** Reads a file the user picked, as text. */
export function readFileText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () =>
      reject(reader.error ?? new Error('Could not read the file'));
    reader.readAsText(file);
  });
}

/** Add one person or group, or upload a CSV of them. */
const ExemptionForm = (props: {
  id: string;
  busy: boolean;
  value: string;
  note: string;
  onValue: (value: string) => void;
  onNote: (note: string) => void;
  onAdd: () => void;
  onUpload: (e: ChangeEvent<HTMLInputElement>) => void;
}) => {
  const { id, busy, value, note } = props;
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <>
      <Box
        component="form"
        display="flex"
        flexWrap="wrap"
        alignItems="flex-end"
        mb={2}
        onSubmit={(e: { preventDefault: () => void }) => {
          e.preventDefault();
          if (value.trim()) props.onAdd();
        }}
      >
        <TextField
          id={`${id}-value`}
          label="E-mail or group ref"
          placeholder="jane@acme.example.com or group:default/vps"
          value={value}
          onChange={e => props.onValue(e.target.value)}
          style={{ minWidth: 300, marginRight: 8 }}
        />
        <TextField
          id={`${id}-note`}
          label="Note (optional)"
          value={note}
          onChange={e => props.onNote(e.target.value)}
          style={{ minWidth: 200, marginRight: 8 }}
        />
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={busy || !value.trim()}
          style={{ marginRight: 8 }}
        >
          Add
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,text/csv,text/plain"
          style={{ display: 'none' }}
          aria-label="CSV file of people and groups to exempt"
          data-testid={`${id}-csv`}
          onChange={props.onUpload}
        />
        <Button
          variant="outlined"
          startIcon={<CloudUploadIcon />}
          disabled={busy}
          onClick={() => fileInput.current?.click()}
        >
          Upload CSV
        </Button>
      </Box>
      <Typography variant="caption" color="textSecondary" paragraph>
        CSV: one e-mail or group ref per line, optionally followed by a note
        (e.g. <code>jane@acme.example.com,On leave</code>); a header line is
        skipped.
      </Typography>
    </>
  );
};

/** One exempt list (an instance's or the global one): add, upload a CSV, remove. */
export const ExemptionList = (props: {
  scope: string;
  title: string;
  description: string;
  /** Whether the caller may change this list: else it is only shown. */
  editable: boolean;
}) => {
  const { scope, editable } = props;
  const api = useApi(provisioningWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const list = useAsyncRetry(() => api.listExemptions(scope), [api, scope]);
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const id = `exempt-${scope === 'global' ? 'global' : 'instance'}`;

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    try {
      const message = await what();
      alertApi.post({ message, severity: 'success', display: 'transient' });
      list.retry();
    } catch (e) {
      const message = errorMessage(e);
      setError(message);
      alertApi.post({ message, severity: 'error', display: 'transient' });
    } finally {
      setBusy(false);
    }
  };

  const add = () =>
    run(async () => {
      const { added } = await api.addExemptions({
        scope,
        entries: [{ value: value.trim(), note: note.trim() || undefined }],
      });
      setValue('');
      setNote('');
      return added
        ? `Exempted ${value.trim()}`
        : `${value.trim()} was already exempt`;
    });

  const upload = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    run(async () => {
      const csv = await readFileText(file);
      const { added } = await api.addExemptions({ scope, csv });
      return `${file.name}: ${added} added`;
    });
  };

  const remove = (exemption: Exemption) =>
    run(async () => {
      await api.removeExemption(exemption.id);
      return `${exemption.value} is no longer exempt`;
    });

  const columns: TableColumn<Exemption>[] = [
    {
      title: 'Person or group',
      field: 'value',
      render: x =>
        x.kind === 'group' ? <Person entityRef={x.value} /> : x.value,
    },
    {
      title: 'Kind',
      field: 'kind',
      render: x => (x.kind === 'user' ? 'Person' : 'Group'),
    },
    { title: 'Note', field: 'note' },
    {
      title: 'Added',
      render: x => (
        <>
          <Timestamp value={x.addedAt} /> by <Person entityRef={x.addedBy} />
        </>
      ),
    },
  ];
  if (editable) {
    columns.push({
      title: 'Remove',
      render: x => (
        <IconButton
          size="small"
          aria-label={`Remove ${x.value}`}
          disabled={busy}
          onClick={() => remove(x)}
        >
          <DeleteIcon />
        </IconButton>
      ),
    });
  }

  return (
    <InfoCard title={props.title} subheader={props.description}>
      {editable ? (
        <ExemptionForm
          id={id}
          busy={busy}
          value={value}
          note={note}
          onValue={setValue}
          onNote={setNote}
          onAdd={add}
          onUpload={upload}
        />
      ) : (
        <Typography variant="body2" paragraph data-testid={`${id}-read-only`}>
          Only super admins change this list; ask your Backstage administrator.
        </Typography>
      )}
      {error && (
        <Typography
          variant="body2"
          color="error"
          role="alert"
          data-testid={`${id}-error`}
          paragraph
        >
          {error}
        </Typography>
      )}
      {list.loading && !list.value && <Progress />}
      {list.error && <ResponseErrorPanel error={list.error} />}
      {list.value &&
        (list.value.length ? (
          <DataTable
            options={{
              paging: list.value.length > 20,
              pageSize: 20,
              search: list.value.length > 5,
              padding: 'dense',
              toolbar: list.value.length > 5,
            }}
            columns={columns}
            data={list.value}
          />
        ) : (
          <Typography variant="body2" data-testid={`${id}-empty`}>
            Nobody is exempt here yet.
          </Typography>
        ))}
    </InfoCard>
  );
};

/** The instance's exempt list and the global one; each editable by those who may. */
export const ExemptionsPanel = (props: {
  instanceId: string;
  label: string;
  appKey: string;
}) => {
  const instance = usePermission({
    permission: provisioningWorkflowsAppManagePermission,
    resourceRef: props.appKey,
  });
  const global = usePermission({
    permission: provisioningWorkflowsGlobalExemptionsPermission,
  });
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ExemptionList
          scope={props.instanceId}
          title={`Exempt from ${props.label}`}
          description={`People and groups the ${props.label} workflow never acts on.`}
          editable={instance.allowed}
        />
      </Grid>
      <Grid item xs={12}>
        <ExemptionList
          scope="global"
          title="Exempt from every app"
          description="The global list, shared by all workflows; only super admins change it."
          editable={global.allowed}
        />
      </Grid>
    </Grid>
  );
};
