import { ApprovedRequest } from './extensions';

/**
 * Who approved a request, level by level, as text for a ticket or an
 * e-mail: `level 1: user:default/olivia.chen (2026-11-24T10:00:00Z)`, one
 * approval per `separator`, or `no approval needed`.
 *
 * @public
 */
export function describeApprovals(
  request: Pick<ApprovedRequest, 'approvals'>,
  separator: string,
): string {
  const approvals = request.approvals
    .map(
      a =>
        `level ${a.level}: ${a.approver}${
          a.decidedAt ? ` (${a.decidedAt})` : ''
        }`,
    )
    .join(separator);
  return approvals || 'no approval needed';
}
