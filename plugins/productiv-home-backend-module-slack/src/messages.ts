import type { KnownBlock } from '@slack/web-api';
import {
  AdminNotice,
  ApprovalMessage,
  RequestUpdateMessage,
} from '@internal/plugin-productiv-home-node';
import { asksFor, requestedThing, slackTime, tierFact, tiersOf } from './names';

export const APPROVE_ACTION = 'productiv_home_approve';
export const DENY_ACTION = 'productiv_home_deny';

/** What an Approve / Deny button carries: the request and the level. */
export type ButtonValue = { requestId: string; level: number };

export type Outcome = {
  status: 'approved' | 'denied' | 'cancelled' | 'decided-elsewhere' | 'expired';
  by?: string;
};

const OUTCOME_TEXT: Record<Outcome['status'], string> = {
  approved: 'Approved',
  denied: 'Denied',
  cancelled: 'Cancelled by the requester',
  'decided-elsewhere': 'Decided by another approver',
  expired: 'Expired: nobody decided in time',
};

/** Slack mrkdwn treats these three characters as markup. */
export function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const requester = (m: ApprovalMessage) => m.requesterName || m.requesterRef;
/** A name in bold, escaped. */
const bold = (name: string) => `*${escape(name)}*`;

/** Reads a button's value; undefined when it is not one of ours. */
export function parseButtonValue(value: unknown): ButtonValue | undefined {
  try {
    const v = JSON.parse(String(value));
    return typeof v?.requestId === 'string' &&
      Number.isInteger(v?.level) &&
      v.level > 0
      ? { requestId: v.requestId, level: v.level }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The request's facts, as the approver needs them to decide. */
function facts(m: ApprovalMessage): string[] {
  const peers = m.peers
    ? [
        `${m.peers.team} on their team`,
        `${m.peers.title} with their title`,
        `${m.peers.department} in their department`,
      ].join(', ')
    : undefined;
  // "Designer · Design": who the requester is, when the catalog says.
  const who = [m.requesterTitle, m.requesterTeam].filter(Boolean).join(' · ');
  const cost = [
    m.tierMonthlyCost !== undefined
      ? `${m.tierMonthlyCost} per month`
      : undefined,
    m.tierFreeSeats !== undefined
      ? `${m.tierFreeSeats} free seat${m.tierFreeSeats === 1 ? '' : 's'}`
      : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return [
    `*Requester*\n${escape(requester(m))}${who ? `\n${escape(who)}` : ''}`,
    `*App*\n${escape(m.appName)}`,
    `*Tier*\n${escape(tierFact(m))}`,
    m.requestedAt ? `*Asked*\n${slackTime(m.requestedAt)}` : undefined,
    `*Duration*\n${m.accessDays ? `${m.accessDays} days` : 'Permanent'}`,
    cost ? `*Cost of the tier*\n${cost}` : undefined,
    m.justification ? `*Justification*\n${escape(m.justification)}` : undefined,
    m.peersAtTier !== undefined
      ? `*Team at this tier*\n${m.peersAtTier} on their team ${
          m.peersAtTier === 1 ? 'holds' : 'hold'
        } ${escape(tiersOf(m).to)}`
      : undefined,
    peers ? `*Peers using it (last 30 days)*\n${peers}` : undefined,
  ].filter((f): f is string => Boolean(f));
}

function requestBlocks(
  m: ApprovalMessage,
  intro: string,
  options: { buttons: boolean },
): KnownBlock[] {
  const value = JSON.stringify({
    requestId: m.requestId,
    level: m.level,
  } satisfies ButtonValue);
  return [
    { type: 'section', text: { type: 'mrkdwn', text: intro } },
    // A section holds at most 10 fields; there are 9 at most.
    {
      type: 'section',
      fields: facts(m).map(text => ({ type: 'mrkdwn', text })),
    },
    ...(options.buttons
      ? [
          {
            type: 'actions' as const,
            // Unique per message and level; a decided message has no actions.
            block_id: `productiv-home:${m.requestId}:${m.level}`,
            elements: [
              {
                type: 'button' as const,
                action_id: APPROVE_ACTION,
                style: 'primary' as const,
                text: { type: 'plain_text' as const, text: 'Approve' },
                value,
              },
              {
                type: 'button' as const,
                action_id: DENY_ACTION,
                style: 'danger' as const,
                text: { type: 'plain_text' as const, text: 'Deny' },
                value,
              },
            ],
          },
        ]
      : []),
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${m.link}|Open in the portal>` }],
    },
  ];
}

/** The DM that asks an approver, with Approve / Deny buttons. */
export function approvalMessage(m: ApprovalMessage) {
  const text = `${asksFor(m)}. Your approval is needed (level ${m.level}).`;
  const intro = `${asksFor(m, bold)}. Your approval is needed (level ${
    m.level
  }).`;
  return { text, blocks: requestBlocks(m, intro, { buttons: true }) };
}

/** A decided request: the same facts, the outcome, and no buttons. */
export function outcomeMessage(m: ApprovalMessage, outcome: Outcome) {
  const text = `${OUTCOME_TEXT[outcome.status]}${
    outcome.by && outcome.status !== 'cancelled' && outcome.status !== 'expired'
      ? ` by ${outcome.by}`
      : ''
  }`;
  const intro = `${bold(requestedThing(m))} for ${bold(requester(m))}: ${bold(
    text,
  )}`;
  return { text, blocks: requestBlocks(m, intro, { buttons: false }) };
}

/**
 * A reminder. Under the original message (`threaded`) it needs no buttons:
 * they are right above; on its own it carries them.
 */
export function reminderMessage(m: ApprovalMessage, threaded: boolean) {
  const text = `Reminder: ${requester(
    m,
  )} is still waiting for your decision on ${requestedThing(m)}.`;
  if (threaded) return { text, blocks: undefined };
  const intro = `Reminder: ${bold(
    requester(m),
  )} is still waiting for your decision on ${bold(requestedThing(m))}.`;
  return { text, blocks: requestBlocks(m, intro, { buttons: true }) };
}

/** A DM to the requester about their request. */
export function requesterMessage(u: RequestUpdateMessage) {
  return {
    text: `${u.title}. ${u.description}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${escape(u.title)}*\n${escape(u.description)}`,
        },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `<${u.link}|Open in the portal>` }],
      },
    ] as KnownBlock[],
  };
}

/** A line in the admin channel. */
export function adminMessage(n: AdminNotice) {
  const text = n.description ? `${n.title}. ${n.description}` : n.title;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${
            n.severity === 'info' ? ':information_source:' : ':warning:'
          } *${escape(n.title)}*${
            n.description ? `\n${escape(n.description)}` : ''
          }`,
        },
      },
      ...(n.link
        ? [
            {
              type: 'context' as const,
              elements: [
                {
                  type: 'mrkdwn' as const,
                  text: `<${n.link}|Open in the portal>`,
                },
              ],
            },
          ]
        : []),
    ] as KnownBlock[],
  };
}
