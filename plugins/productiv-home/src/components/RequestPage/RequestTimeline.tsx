import { Link } from '@backstage/core-components';
import {
  AccessRequest,
  RequestEvent,
} from '@internal/plugin-productiv-home-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { Timestamp } from '../Timestamp/Timestamp';
import { fulfillingText, providerName } from './fulfillment';
import { AppDirectory, requestTitle } from './names';
import { People, Person } from './Person';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    borderLeft: `2px solid ${theme.palette.divider}`,
    padding: theme.spacing(0, 0, 2, 2),
    position: 'relative',
  },
  comment: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(1),
    borderLeft: `3px solid ${theme.palette.action.selected}`,
    whiteSpace: 'pre-wrap',
  },
}));

const isRef = (s: string) => /^[a-z]+:[^/\s]+\/\S+$/i.test(s);

/** Who was asked at a level: the refs the event lists, else the level's approvers. */
function askedAt(request: AccessRequest, event: RequestEvent): string[] {
  const listed = (event.comment ?? '').split(', ').filter(isRef);
  if (listed.length) return listed;
  return request.approvals
    .filter(a => a.level === event.level)
    .map(a => a.approver);
}

const levelText = (request: AccessRequest, level?: number) => {
  const levels = new Set(request.approvals.map(a => a.level)).size;
  return level && levels > 1 ? ` (level ${level})` : '';
};

/** One event as a sentence; people by name, linked to their catalog page. */
function sentence(
  request: AccessRequest,
  event: RequestEvent,
  apps: AppDirectory,
): ReactNode {
  const actor = <Person entityRef={event.actor} />;
  const onBehalf = event.onBehalfOf?.length ? (
    <>
      {' '}
      on behalf of <People refs={event.onBehalfOf} />
    </>
  ) : null;
  switch (event.type) {
    case 'submitted':
      return (
        <>
          {actor} asked for {requestTitle(apps, request)}
        </>
      );
    case 'approval-requested':
      return (
        <>
          Asked <People refs={askedAt(request, event)} /> to approve
          {levelText(request, event.level)}
        </>
      );
    case 'fallback-used':
      return (
        <>
          Nobody could be found to approve{levelText(request, event.level)};
          asked{' '}
          <People
            refs={request.approvals
              .filter(a => a.level === event.level && a.viaFallback)
              .map(a => a.approver)}
            none="the fallback approver"
          />
          , the fallback approver
        </>
      );
    case 'escalated':
      return (
        <>
          Nobody decided in time{levelText(request, event.level)}; also asked{' '}
          <People refs={askedAt(request, event)} />
        </>
      );
    case 'expired':
      return 'Closed as expired: nobody decided in time';
    case 'reminder-sent':
      return event.comment && isRef(event.comment) ? (
        <>
          Reminded <Person entityRef={event.comment} /> to decide
        </>
      ) : (
        'Reminded the approvers to decide'
      );
    case 'approved':
    case 'denied':
      if (event.actor === 'system') {
        return event.type === 'approved' ? 'No approval needed' : 'Denied';
      }
      return (
        <>
          {actor} {event.type}
          {levelText(request, event.level)}
          {onBehalf}
        </>
      );
    case 'cancelled':
      return <>{actor} cancelled the request</>;
    case 'fulfilling':
      return fulfillingText(event.comment);
    case 'ticket-opened': {
      const [provider, id, url] = (event.comment ?? '').split(' ');
      const ticket = url ? <Link to={url}>{id}</Link> : id;
      return (
        <>
          Ticket {ticket} opened in {providerName(provider ?? '')}
        </>
      );
    }
    case 'fulfilled': {
      if (request.kind === 'reclaim') return 'Changed by IT';
      if (request.kind === 'extend') return 'Extended';
      const done =
        request.kind === 'return' || request.kind === 'expire'
          ? 'removed'
          : 'granted';
      return request.fulfillment?.provider === 'okta'
        ? `Access ${done} through Okta`
        : `Access ${done}`;
    }
    case 'failed':
      return 'Could not be completed';
    case 'retried':
      return <>{actor} sent it to fulfillment again</>;
    // Time-bound access: the comment is the expiry.
    case 'access-expires':
      return (
        <>
          Access expires <Timestamp value={event.comment} />
        </>
      );
    case 'extended':
      return (
        <>
          Extended: access now expires <Timestamp value={event.comment} />
        </>
      );
    case 'expiry-warned':
      return (
        <>
          Warned that access expires <Timestamp value={event.comment} />
        </>
      );
    case 'access-expired':
      return event.comment ? (
        <>
          Access removed at expiry (
          <Link to={`?tab=requests&request=${event.comment}`}>removal</Link>)
        </>
      ) : (
        'Access removed at expiry'
      );
    case 'removed-in-okta':
      return 'Removed in Okta: the access ended';
    default:
      return 'Updated';
  }
}

/** What a person wrote (a decision's comment), or what the system reported. */
function detail(
  request: AccessRequest,
  event: RequestEvent,
): string | undefined {
  switch (event.type) {
    case 'approved':
    case 'denied':
      return event.actor === 'system' ? undefined : event.comment;
    case 'fulfilled':
      // Okta's report names the group by its id: detail for admins.
      return request.fulfillment?.provider === 'okta'
        ? undefined
        : event.comment;
    case 'failed':
    case 'expired':
      return event.comment;
    case 'retried':
      return event.comment ? `It had failed: ${event.comment}` : undefined;
    default:
      return undefined;
  }
}

/** The request's history, oldest first, as sentences with their times. */
export const RequestTimeline = (props: {
  request: AccessRequest;
  apps: AppDirectory;
}) => {
  const classes = useStyles();
  const { request } = props;
  return (
    <ol
      className={classes.list}
      data-testid="request-timeline"
      aria-label="What happened"
    >
      {request.history.map((event, i) => {
        const text = detail(request, event);
        const quoted = event.type === 'approved' || event.type === 'denied';
        return (
          <li
            key={`${i}:${event.type}:${event.at}`}
            className={classes.item}
            data-testid="timeline-event"
          >
            <Typography variant="body1">
              {sentence(request, event, props.apps)}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              <Timestamp value={event.at} />
            </Typography>
            {text && (
              <Typography variant="body2" className={classes.comment}>
                {quoted ? `“${text}”` : text}
              </Typography>
            )}
          </li>
        );
      })}
    </ol>
  );
};
