import { ChannelAwaitingRequest } from '@internal/plugin-productiv-home-node';
import type { KnownBlock } from '@slack/web-api';
import { escape } from './messages';
import { slackTime } from './names';
import { durationText } from './requestModal';

export const APPROVE_ALL_ACTION = 'productiv_home_approve_all';

/**
 * How many requests one list shows and one button approves: a button's
 * value holds at most 2000 characters, a message at most 50 blocks.
 */
export const MAX_LISTED = 25;

/** What the "Approve all" button carries: each request and its level. */
export type BulkValue = Array<{ r: string; l: number }>;

export function parseBulkValue(value: unknown): BulkValue | undefined {
  try {
    const v = JSON.parse(String(value));
    return Array.isArray(v) &&
      v.length > 0 &&
      v.length <= MAX_LISTED &&
      v.every(
        e => typeof e?.r === 'string' && Number.isInteger(e?.l) && e.l > 0,
      )
      ? v.map(e => ({ r: e.r, l: e.l }))
      : undefined;
  } catch {
    return undefined;
  }
}

const requested = (r: ChannelAwaitingRequest) =>
  r.fromTierName
    ? `${r.appName} ${r.tierName} (instead of ${r.fromTierName})`
    : `${r.appName} ${r.tierName}`;

/** "Figma Editor for Emma Jones": a request in one line. */
export function oneLine(r: ChannelAwaitingRequest): string {
  return `${requested(r)} for ${r.requesterName}`;
}

/**
 * The requests waiting for the person, with a link to each one's approval
 * message (its card) or page, and one button that approves them all.
 */
export function approvalsListMessage(
  items: ChannelAwaitingRequest[],
  cardLinks: Map<string, string>,
): { text: string; blocks: KnownBlock[] } {
  if (!items.length) {
    const text = 'No request waits for your decision.';
    return {
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    };
  }
  const listed = items.slice(0, MAX_LISTED);
  const text = `${items.length} request${items.length === 1 ? '' : 's'} wait${
    items.length === 1 ? 's' : ''
  } for your decision`;
  const lines = listed.map(r => {
    const card = cardLinks.get(r.requestId);
    return {
      type: 'section' as const,
      text: {
        type: 'mrkdwn' as const,
        text: `*${escape(r.requesterName)}* asks for *${escape(
          requested(r),
        )}* · ${durationText(r.accessDays).toLowerCase()} · asked ${slackTime(
          r.requestedAt,
        )}\n${card ? `<${card}|Go to its approval message> · ` : ''}<${
          r.link
        }|Open in the portal>`,
      },
    };
  });
  const value: BulkValue = listed.map(r => ({ r: r.requestId, l: r.level }));
  const n = listed.length;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
      ...lines,
      ...(items.length > MAX_LISTED
        ? [
            {
              type: 'context' as const,
              elements: [
                {
                  type: 'mrkdwn' as const,
                  text: `The oldest ${MAX_LISTED} are listed; the others are in the portal.`,
                },
              ],
            },
          ]
        : []),
      {
        type: 'actions',
        block_id: 'productiv-home:approve-all',
        elements: [
          {
            type: 'button',
            action_id: APPROVE_ALL_ACTION,
            style: 'primary',
            text: { type: 'plain_text', text: `Approve all ${n}` },
            value: JSON.stringify(value),
            confirm: {
              title: { type: 'plain_text', text: `Approve ${n}?` },
              text: {
                type: 'mrkdwn',
                text: `Approve the ${n} request${
                  n === 1 ? '' : 's'
                } listed here?`,
              },
              confirm: { type: 'plain_text', text: 'Approve all' },
              deny: { type: 'plain_text', text: 'Cancel' },
            },
          },
        ],
      },
    ],
  };
}

/** How a bulk approval went, request by request. */
export type BulkOutcome = {
  approved: string[];
  refused: Array<{ what: string; reason: string }>;
};

/** The list, replaced by what the bulk approval did. */
export function bulkResultMessage(outcome: BulkOutcome): {
  text: string;
  blocks: KnownBlock[];
} {
  const total = outcome.approved.length + outcome.refused.length;
  const text = `Approved ${outcome.approved.length} of ${total}`;
  const list = (items: string[]) => items.map(i => `• ${i}`).join('\n');
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
      ...(outcome.approved.length
        ? [
            {
              type: 'section' as const,
              text: {
                type: 'mrkdwn' as const,
                text: `Approved:\n${list(outcome.approved.map(escape))}`,
              },
            },
          ]
        : []),
      ...(outcome.refused.length
        ? [
            {
              type: 'section' as const,
              text: {
                type: 'mrkdwn' as const,
                text: `Not approved:\n${list(
                  outcome.refused.map(
                    f => `${escape(f.what)}: ${escape(f.reason)}`,
                  ),
                )}`,
              },
            },
          ]
        : []),
    ],
  };
}
