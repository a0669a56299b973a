import { HomeApp } from '@internal/plugin-productiv-home-common';
import Typography from '@material-ui/core/Typography';
import { AppCard } from '../AppCatalog/AppCard';
import { describeJourney } from './journey';

/**
 * How employees will see the app being configured, and what they will go
 * through when they request it. Follows the form as the admin types.
 */
export const EmployeePreview = (props: { app: HomeApp }) => {
  const { app } = props;
  const journey = describeJourney(app);
  return (
    <div data-testid="employee-preview">
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
          // Peer counts depend on who looks; show what the line looks like.
          peers: { team: 0, title: 0, department: 0 },
        }}
      />
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
      {app.tiers.length === 0 && (
        <Typography variant="body2" color="error">
          Add at least one tier: employees need one to request the app.
        </Typography>
      )}
    </div>
  );
};
