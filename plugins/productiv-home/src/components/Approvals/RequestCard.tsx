import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { Timestamp } from '../Timestamp/Timestamp';
import { AppDirectory, requestTitle } from '../RequestPage/names';
import { Person } from '../RequestPage/Person';

/**
 * A pending request as the approvals screens show it: who asks for which app
 * and tier, the level, when; then what the screen adds (context, the form).
 */
export const RequestCard = (props: {
  request: AccessRequest;
  apps: AppDirectory;
  testId: string;
  /** Before the heading, e.g. a selection checkbox. */
  start?: ReactNode;
  /** After "requested …" on the second line. */
  subtitle?: ReactNode;
  children?: ReactNode;
}) => {
  const r = props.request;
  return (
    <Card
      variant="outlined"
      style={{ marginBottom: 12 }}
      data-testid={props.testId}
    >
      <CardContent style={{ display: 'flex', gap: 8 }}>
        {props.start}
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography variant="h6" component="h3">
            <Person entityRef={r.requester} /> requests{' '}
            {requestTitle(props.apps, r)}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {r.level ? `Approval level ${r.level} · ` : ''}requested{' '}
            <Timestamp value={r.createdAt} />
            {props.subtitle}
          </Typography>
          {props.children}
        </div>
      </CardContent>
    </Card>
  );
};
