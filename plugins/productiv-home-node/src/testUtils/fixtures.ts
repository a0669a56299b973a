import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ApprovalMessage,
  ApprovedRequest,
  FulfillmentContext,
} from '../extensions';

/**
 * The entity ref of a demo person, e.g. `user:default/emma.jones`.
 *
 * @public
 */
export const demoUserRef = (name: string) => `user:default/${name}`;

/**
 * The e-mail address of a demo person, e.g. `emma.jones@acme.example.com`.
 *
 * @public
 */
export const demoUserEmail = (name: string) => `${name}@acme.example.com`;

/**
 * An approved request as a fulfillment provider gets it: Liam Patel's
 * request for Miro (member), approved by Olivia Chen.
 *
 * @public
 */
export function demoApprovedRequest(
  overrides: Partial<ApprovedRequest> = {},
): ApprovedRequest {
  return {
    requestId: 'r1',
    requesterRef: demoUserRef('liam.patel'),
    requesterName: 'Liam Patel',
    requesterEmail: demoUserEmail('liam.patel'),
    appKey: 'miro',
    appName: 'Miro',
    tier: 'member',
    justification: 'Workshops',
    approvals: [
      {
        level: 1,
        approver: demoUserRef('olivia.chen'),
        decidedAt: '2026-11-24T10:00:00Z',
      },
    ],
    link: 'http://portal/productiv-home?request=r1',
    ...overrides,
  };
}

/**
 * A request waiting for one approver, as an approval channel gets it: Emma
 * Jones asks for Figma (editor), Olivia Chen decides at level 1.
 *
 * @public
 */
export function demoApprovalMessage(
  overrides: Partial<ApprovalMessage> = {},
): ApprovalMessage {
  return {
    requestId: 'r1',
    level: 1,
    approverRef: demoUserRef('olivia.chen'),
    approverEmail: demoUserEmail('olivia.chen'),
    requesterRef: demoUserRef('emma.jones'),
    requesterName: 'Emma Jones',
    appName: 'Figma',
    tier: 'editor',
    justification: 'Design reviews',
    tierMonthlyCost: 15,
    peers: { team: 4, title: 2, department: 11 },
    link: 'http://portal/productiv-home?request=r1',
    ...overrides,
  };
}

/**
 * The settings of an app that needs no approval and is fulfilled by a
 * ticket (Miro, one tier `member`), as `PUT /apps/miro` takes them.
 *
 * @public
 */
export function demoTicketApp() {
  return {
    name: 'Miro',
    tiers: ['member'],
    approval: { required: 'no-one', exceptGroups: [], levels: [] },
    fulfillment: 'ticket',
  };
}

/**
 * The context of a provider or channel call from a durable job, with a
 * mock logger unless one is given.
 *
 * @public
 */
export function mockFulfillmentContext(
  idempotencyKey: string,
  logger: LoggerService = mockServices.logger.mock(),
): FulfillmentContext {
  return { logger, idempotencyKey };
}
