import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Typography from '@material-ui/core/Typography';
import { Timestamp } from '../Timestamp/Timestamp';
import { People, Person } from './Person';

type Approval = AccessRequest['approvals'][number];

/** Where one approver stands, in words. */
function approverState(request: AccessRequest, a: Approval) {
  if (a.decision) {
    return (
      <>
        {a.decision} <Timestamp value={a.decidedAt} empty="" />
      </>
    );
  }
  if (request.status === 'pending_approval' && request.level === a.level) {
    return a.remindersSent
      ? `waiting, reminded ${a.remindersSent} time${
          a.remindersSent === 1 ? '' : 's'
        }`
      : 'waiting';
  }
  const expiredAt = request.history.find(e => e.type === 'expired')?.level;
  if (request.status === 'expired' && expiredAt === a.level) {
    return 'did not decide in time';
  }
  return 'no decision needed';
}

/** The decision of a level when an admin made it for the approvers. */
function onBehalfDecision(request: AccessRequest, level: number) {
  return request.history.find(
    e =>
      (e.type === 'approved' || e.type === 'denied') &&
      e.level === level &&
      e.onBehalfOf?.length,
  );
}

/** Who was asked at each approval level, and what each of them did. */
export const ApprovalLevels = (props: { request: AccessRequest }) => {
  const { request } = props;
  const levels = [...new Set(request.approvals.map(a => a.level))].sort(
    (a, b) => a - b,
  );
  if (!levels.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {request.history.some(
          e => e.type === 'approved' && e.actor === 'system',
        )
          ? 'This request needed no approval.'
          : 'Nobody was asked to approve this request.'}
      </Typography>
    );
  }
  return (
    <>
      {levels.map(level => {
        const decided = onBehalfDecision(request, level);
        return (
          <div key={level} data-testid="approval-level">
            {levels.length > 1 && (
              <Typography variant="subtitle2">Level {level}</Typography>
            )}
            <ul style={{ margin: '4px 0 12px', paddingLeft: 20 }}>
              {request.approvals
                .filter(a => a.level === level)
                .map(a => (
                  <li key={a.approver}>
                    <Typography variant="body2" component="span">
                      <Person entityRef={a.approver} />
                      {a.viaFallback ? ' (fallback approver)' : ''}
                      {a.viaEscalation ? ' (asked when overdue)' : ''}:{' '}
                      {approverState(request, a)}
                    </Typography>
                  </li>
                ))}
            </ul>
            {decided && (
              <Typography variant="body2" style={{ marginBottom: 12 }}>
                <Person entityRef={decided.actor} /> {decided.type} on behalf of{' '}
                <People refs={decided.onBehalfOf ?? []} />{' '}
                <Timestamp value={decided.at} />
              </Typography>
            )}
          </div>
        );
      })}
    </>
  );
};
