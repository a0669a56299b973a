import { useApi } from '@backstage/core-plugin-api';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { ApproverSpec, HomeApp } from '@internal/plugin-productiv-home-common';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { refName } from '../../util/refName';
import { AppCard } from '../AppCatalog/AppCard';
import { describeJourney, journeyRefs } from './journey';

/** The display names of `refs` from the catalog, by ref; the ref's name until known. */
function useDisplayNames(refs: string[]): (ref: string) => string {
  const presentation = useApi(entityPresentationApiRef);
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...refs].sort().join('\n');
  useEffect(() => {
    const state = { live: true };
    const named = (ref: string, title: string) => {
      if (!state.live) return;
      setNames(n => (n[ref] === title ? n : { ...n, [ref]: title }));
    };
    for (const ref of key ? key.split('\n') : []) {
      const { snapshot, promise } = presentation.forEntity(ref);
      named(ref, snapshot.primaryTitle);
      promise.then(p => named(ref, p.primaryTitle)).catch(() => {});
    }
    return () => {
      state.live = false;
    };
  }, [presentation, key]);
  return ref => names[ref] ?? refName(ref);
}

const useStyles = makeStyles(theme => ({
  // Beside the form (wide screens) the preview stays in sight while the
  // admin scrolls down to approvals and fulfillment.
  root: {
    [theme.breakpoints.up('md')]: {
      position: 'sticky',
      top: 0,
    },
  },
}));

/**
 * How employees will see the app being configured, and what they will go
 * through when they request it. Follows the form as the admin types.
 */
export const EmployeePreview = (props: {
  app: HomeApp;
  /** The settings' default approvers; undefined while unknown. */
  defaultApprovers?: ApproverSpec[];
}) => {
  const { app } = props;
  const classes = useStyles();
  const nameOf = useDisplayNames(journeyRefs(app, props.defaultApprovers));
  const journey = describeJourney(app, props.defaultApprovers, nameOf);
  return (
    <div className={classes.root} data-testid="employee-preview">
      <Typography variant="subtitle2" gutterBottom>
        Employee view
      </Typography>
      <AppCard
        testId="preview-card"
        app={{
          appKey: app.appKey,
          name: app.name || app.appKey,
          description: app.description,
          category: app.category,
          tiers: app.tiers,
        }}
      />
      <Typography variant="caption" color="textSecondary" component="p">
        Employees also see how many people on their teams, with their title and
        in their department use the app.
      </Typography>
      <Typography
        variant="body2"
        style={{ marginTop: 12 }}
        data-testid="preview-approval"
      >
        {journey.approval}
      </Typography>
      <Typography variant="body2" data-testid="preview-fulfillment">
        {journey.fulfillment}
      </Typography>
      {journey.notes.map(note => (
        <Typography key={note} variant="body2" color="textSecondary">
          {note}
        </Typography>
      ))}
      {app.tiers.length === 0 && (
        <Typography variant="body2" color="error">
          Add at least one tier: employees need one to request the app.
        </Typography>
      )}
    </div>
  );
};
