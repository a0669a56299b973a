import {
  LicenseWarningNotice,
  RunFinishedNotice,
} from '@internal/plugin-provisioning-workflows-node';
import { readableTime, slackTime } from '@internal/slack-connector';
import type { KnownBlock } from '@slack/web-api';

/** The prefix of this module's buttons, claimed at the interactivity endpoint. */
export const CLICK_PREFIX = 'provisioning-workflows:';
/** The *Keep my license* button. */
export const KEEP_ACTION = `${CLICK_PREFIX}keep`;

/** Slack mrkdwn treats these three characters as markup. */
const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const bold = (s: string) => `*${escape(s)}*`;

/** The Keep button's value: the action it keeps, nothing else. */
export function keepValue(actionId: string): string {
  return JSON.stringify({ actionId });
}

export function parseKeepValue(value?: string): string | undefined {
  try {
    const parsed = JSON.parse(value ?? '');
    return typeof parsed?.actionId === 'string' && parsed.actionId
      ? parsed.actionId
      : undefined;
  } catch {
    return undefined;
  }
}

/** "moved from Editor to Viewer", "removed". */
function changeOf(n: LicenseWarningNotice): string {
  if (n.change === 'deprovision') return 'removed';
  return n.fromTierName
    ? `moved from ${n.fromTierName} to ${n.toTierName}`
    : `moved to ${n.toTierName}`;
}

/**
 * The warning (or its one reminder) in a direct message: what changes and
 * when, by name, with *Keep my license* when the workflow allows it, and
 * the warning's page in the portal.
 */
export function warningMessage(
  n: LicenseWarningNotice,
  options: { reminder: boolean },
): { text: string; blocks: KnownBlock[] } {
  const when = readableTime(n.deadline) ?? n.deadline;
  const lead = options.reminder ? 'Reminder: your' : 'Your';
  const text = `${lead} ${n.appName} license will be ${changeOf(n)} on ${when}`;
  const how = n.allowKeep
    ? `Sign in to ${escape(n.appName)} before then, or keep it here.`
    : `Sign in to ${escape(n.appName)} before then to keep it.`;
  const buttons: any[] = [];
  if (n.allowKeep) {
    buttons.push({
      type: 'button',
      style: 'primary',
      action_id: KEEP_ACTION,
      value: keepValue(n.actionId),
      text: { type: 'plain_text', text: 'Keep my license' },
    });
  }
  buttons.push({
    type: 'button',
    action_id: `${CLICK_PREFIX}open`,
    url: n.link,
    text: { type: 'plain_text', text: 'Open in the portal' },
  });
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${
            options.reminder ? ':alarm_clock: Reminder: your' : 'Your'
          } ${bold(n.appName)} license will be ${bold(changeOf(n))} on ${
            slackTime(n.deadline) ?? escape(when)
          }. You have not used ${escape(n.appName)} lately. ${how}`,
        },
      },
      { type: 'actions', elements: buttons },
    ],
  };
}

/**
 * The warning once kept: its first section as it was, the buttons replaced
 * by what happened.
 */
export function keptMessage(
  original: { text?: string; blocks?: any[] },
  keptAtIso: string,
): { text: string; blocks: KnownBlock[] } {
  const first = original.blocks?.find(b => b.type === 'section');
  const done = `:white_check_mark: You kept your license on ${
    slackTime(keptAtIso) ?? keptAtIso
  }. Nothing changes.`;
  return {
    text: 'You kept your license. Nothing changes.',
    blocks: [
      ...(first ? [first] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: done }] },
    ],
  };
}

/** A finished run for the admins' channel: counts by name, and the results. */
export function runFinishedMessage(n: RunFinishedNotice): {
  text: string;
  blocks: KnownBlock[];
} {
  const how = n.trigger === 'schedule' ? 'scheduled' : 'manual';
  const title =
    n.status === 'failed'
      ? `The ${how} workflow run of ${n.appName} failed`
      : `The ${how} workflow run of ${n.appName} finished`;
  const lines = n.outcomes.map(o => `• ${escape(o.label)}: *${o.count}*`);
  const body = [
    `${n.status === 'failed' ? ':x:' : ':white_check_mark:'} *${escape(
      title,
    )}*${n.mode === 'suggest' ? ' (suggestions only)' : ''}: ${n.total} ${
      n.total === 1 ? 'person' : 'people'
    }.`,
    ...lines,
    ...(n.error ? [`Reason: ${escape(n.error)}`] : []),
  ].join('\n');
  return {
    text: `${title}: ${n.outcomes
      .map(o => `${o.label} ${o.count}`)
      .join(', ')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: body } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: `${CLICK_PREFIX}results`,
            url: n.link,
            text: { type: 'plain_text', text: 'See the results' },
          },
        ],
      },
    ],
  };
}
