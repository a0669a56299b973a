import { CatalogApp } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { tiersOf } from '../RequestPage/names';

/**
 * One app as employees see it in the catalog. Also the admins' preview of
 * an app being configured (`onRequest` absent: the button is disabled).
 */
export const AppCard = (props: {
  app: CatalogApp;
  onRequest?: () => void;
  testId?: string;
}) => {
  const { app } = props;
  return (
    <Card
      variant="outlined"
      data-testid={props.testId ?? `app-card-${app.appKey}`}
    >
      <CardContent>
        <Typography variant="overline">{app.category}</Typography>
        <Typography variant="h6">{app.name}</Typography>
        <Typography variant="body2" color="textSecondary">
          {app.description}
        </Typography>
        <Typography variant="body2">
          Tiers:{' '}
          {tiersOf(app)
            .map(t => t.displayName)
            .join(', ')}
        </Typography>
        {app.held && (
          <Chip
            size="small"
            color="primary"
            data-testid={`held-${app.appKey}`}
            label={`You have ${app.held.tierName ?? app.name}`}
            style={{ marginTop: 8 }}
          />
        )}
        {app.peers && (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid={`peers-${app.appKey}`}
          >
            Used by {app.peers.team} on your teams, {app.peers.title} with your
            title, {app.peers.department} in your department
          </Typography>
        )}
      </CardContent>
      <CardActions>
        <Button
          color="primary"
          variant="contained"
          disabled={!props.onRequest}
          onClick={props.onRequest}
          aria-label={
            app.held ? `Change tier of ${app.name}` : `Request ${app.name}`
          }
        >
          {app.held ? 'Change tier' : 'Request'}
        </Button>
      </CardActions>
    </Card>
  );
};
