import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { CatalogApp } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { productivHomeApiRef } from '../../api';
import { AppCard } from './AppCard';
import { IntakeDialog } from './IntakeDialog';
import { RequestDialog } from './RequestDialog';

/** The apps an employee can request: searchable, filterable by category. */
export const AppCatalog = (props: { onRequested?: () => void }) => {
  const api = useApi(productivHomeApiRef);
  const {
    value: apps,
    loading,
    error,
  } = useAsync(() => api.listCatalog(), [api]);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [requesting, setRequesting] = useState<CatalogApp>();
  const [asking, setAsking] = useState(false);

  const categories = useMemo(
    () => [...new Set((apps ?? []).map(a => a.category))].sort(),
    [apps],
  );
  const shown = (apps ?? []).filter(
    a =>
      (!category || a.category === category) &&
      (!search ||
        `${a.name} ${a.description}`
          .toLowerCase()
          .includes(search.toLowerCase())),
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const intake = asking && (
    <IntakeDialog
      onClose={submitted => {
        setAsking(false);
        if (submitted) props.onRequested?.();
      }}
    />
  );
  if (!apps?.length) {
    return (
      <>
        <EmptyState
          missing="content"
          title="No apps yet"
          description="Your Productiv admins have not added apps to Productiv Home yet."
          action={
            <Button onClick={() => setAsking(true)}>Ask for a new app</Button>
          }
        />
        {intake}
      </>
    );
  }
  return (
    <>
      <Grid container spacing={2} style={{ marginBottom: 8 }}>
        <Grid item xs={12} sm={8}>
          <TextField
            fullWidth
            id="app-search"
            label="Search apps"
            value={search}
            onChange={e => setSearch(e.target.value)}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextField
            select
            fullWidth
            id="app-category"
            label="Category"
            value={category}
            onChange={e => setCategory(e.target.value)}
          >
            <MenuItem value="">All categories</MenuItem>
            {categories.map(c => (
              <MenuItem key={c} value={c}>
                {c}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
      </Grid>
      <Grid container spacing={2}>
        {shown.map(app => (
          <Grid item xs={12} sm={6} md={4} key={app.appKey}>
            <AppCard app={app} onRequest={() => setRequesting(app)} />
          </Grid>
        ))}
        {shown.length === 0 && (
          <Grid item xs={12}>
            <Typography>No app matches your search.</Typography>
          </Grid>
        )}
      </Grid>
      <Button style={{ marginTop: 16 }} onClick={() => setAsking(true)}>
        Can&apos;t find your app? Ask for a new one
      </Button>
      {intake}
      {requesting && (
        <RequestDialog
          app={requesting}
          onClose={submitted => {
            setRequesting(undefined);
            if (submitted) props.onRequested?.();
          }}
        />
      )}
    </>
  );
};
