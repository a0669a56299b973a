import {
  ACCESS_DAYS_OPTIONS,
  ChannelIntakeField,
  ChannelRequestableApp,
} from '@internal/plugin-productiv-home-node';
import type { KnownBlock, View } from '@slack/web-api';
import { escape } from './messages';

/** The modal's callback_id: its submissions are Productiv Home's. */
export const REQUEST_CALLBACK = 'productiv_home_request';
/** Prefix of the modal's action_ids (the app select dispatches). */
export const REQUEST_ACTION_PREFIX = 'productiv_home_request_';
export const APP_ACTION = `${REQUEST_ACTION_PREFIX}app`;
const TIER_ACTION = `${REQUEST_ACTION_PREFIX}tier`;
const JUSTIFICATION_ACTION = `${REQUEST_ACTION_PREFIX}justification`;
const DURATION_ACTION = `${REQUEST_ACTION_PREFIX}duration`;

/** Slack lists at most 100 options in a select. */
export const MAX_OPTIONS = 100;

/** The input blocks, by the request field each holds. */
export const FIELD_BLOCKS: Record<ChannelIntakeField, string> = {
  app: 'app',
  tier: 'tier',
  justification: 'justification',
  accessDays: 'duration',
};

const PERMANENT = 'permanent';

type Option = { text: { type: 'plain_text'; text: string }; value: string };

/** Slack cuts nothing: an option's text is at most 75 characters. */
function option(text: string, value: string): Option {
  const cut = text.length > 75 ? `${text.slice(0, 74)}…` : text;
  return { text: { type: 'plain_text', text: cut }, value };
}

/** "$15/month", in the currency the prices are kept in. */
export function monthly(price: number): string {
  return `$${Number.isInteger(price) ? price : price.toFixed(2)}/month`;
}

/** "Permanent", "90 days". */
export function durationText(days?: number): string {
  return days ? `${days} days` : 'Permanent';
}

const durationOptions = [
  option('Permanent', PERMANENT),
  ...ACCESS_DAYS_OPTIONS.map(d => option(`${d} days`, String(d))),
];

/** What the modal remembers between views. */
type Metadata = { search?: string; appKey?: string };

function tierOption(
  app: ChannelRequestableApp,
  t: ChannelRequestableApp['tiers'][number],
) {
  const price =
    t.monthlyPrice !== undefined ? ` · ${monthly(t.monthlyPrice)}` : '';
  const held = app.held?.tier === t.tier ? ' · you have it' : '';
  return option(`${t.displayName}${price}${held}`, t.tier);
}

/**
 * The request modal: the app (a select that dispatches, so that its tiers
 * follow), then, once the app is known, its tiers lowest first with their
 * prices and what the person holds; the justification (required when the
 * settings say so) and the duration.
 */
export function requestView(options: {
  apps: ChannelRequestableApp[];
  /** How many apps matched, when more than the select can list. */
  matched: number;
  search?: string;
  chosen?: ChannelRequestableApp;
  justificationRequired: boolean;
}): View {
  const { apps, chosen, search } = options;
  const metadata: Metadata = {
    ...(search ? { search } : {}),
    ...(chosen ? { appKey: chosen.appKey } : {}),
  };
  const base = {
    type: 'modal' as const,
    callback_id: REQUEST_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text' as const, text: 'Request an app' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
  };
  if (!apps.length && !chosen) {
    return {
      ...base,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: search
              ? `No app of the catalog matches “${escape(
                  search,
                )}”. Try other words, or open the catalog in the portal.`
              : 'The catalog has no app to request yet.',
          },
        },
      ],
    };
  }
  const listed = apps.slice(0, MAX_OPTIONS);
  const appOptions = listed.map(a => option(a.name, a.appKey));
  if (chosen && !listed.some(a => a.appKey === chosen.appKey)) {
    appOptions.unshift(option(chosen.name, chosen.appKey));
  }
  const chosenOption =
    chosen && appOptions.find(o => o.value === chosen.appKey);
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: FIELD_BLOCKS.app,
      dispatch_action: true,
      label: { type: 'plain_text', text: 'App' },
      element: {
        type: 'static_select',
        action_id: APP_ACTION,
        placeholder: { type: 'plain_text', text: 'Choose an app' },
        options: appOptions,
        ...(chosenOption ? { initial_option: chosenOption } : {}),
      },
    },
  ];
  if (options.matched > MAX_OPTIONS) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${
            options.matched
          } apps match; the first ${MAX_OPTIONS} are listed. Narrow it with words of the app's name: \`/productiv request ${
            search ? escape(search) : ''
          }…\``,
        },
      ],
    });
  }
  if (chosen) {
    if (chosen.description) {
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: escape(chosen.description) }],
      });
    }
    blocks.push({
      type: 'input',
      block_id: FIELD_BLOCKS.tier,
      label: { type: 'plain_text', text: 'Tier' },
      ...(chosen.held
        ? {
            hint: {
              type: 'plain_text',
              text: `You have ${chosen.name} ${chosen.held.tierName} now; another tier replaces it.`,
            },
          }
        : {}),
      element: {
        type: 'static_select',
        action_id: TIER_ACTION,
        placeholder: { type: 'plain_text', text: 'Choose a tier' },
        options: chosen.tiers
          .slice(0, MAX_OPTIONS)
          .map(t => tierOption(chosen, t)),
      },
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Choose the app to see its tiers.' }],
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: FIELD_BLOCKS.justification,
      optional: !options.justificationRequired,
      label: { type: 'plain_text', text: 'Justification' },
      element: {
        type: 'plain_text_input',
        action_id: JUSTIFICATION_ACTION,
        multiline: true,
        max_length: 4000,
        placeholder: {
          type: 'plain_text',
          text: 'Why you need it, for your approver',
        },
      },
    },
    {
      type: 'input',
      block_id: FIELD_BLOCKS.accessDays,
      label: { type: 'plain_text', text: 'Duration' },
      element: {
        type: 'static_select',
        action_id: DURATION_ACTION,
        options: durationOptions,
        initial_option: durationOptions[0],
      },
    },
  );
  return {
    ...base,
    submit: { type: 'plain_text', text: 'Request' },
    blocks,
  };
}

/** The metadata the modal carries (its search, the app chosen). */
export function metadataOf(view: any): Metadata {
  try {
    const m = JSON.parse(String(view?.private_metadata ?? ''));
    return {
      ...(typeof m?.search === 'string' ? { search: m.search } : {}),
      ...(typeof m?.appKey === 'string' ? { appKey: m.appKey } : {}),
    };
  } catch {
    return {};
  }
}

/** What the person entered, read from the view's state. */
export function enteredRequest(view: any): {
  appKey?: string;
  tier?: string;
  justification?: string;
  accessDays?: number;
} {
  const values = view?.state?.values ?? {};
  const selected = (block: string, action: string): string | undefined => {
    const v = values[block]?.[action]?.selected_option?.value;
    return typeof v === 'string' ? v : undefined;
  };
  const text =
    values[FIELD_BLOCKS.justification]?.[JUSTIFICATION_ACTION]?.value;
  const duration = selected(FIELD_BLOCKS.accessDays, DURATION_ACTION);
  return {
    appKey: selected(FIELD_BLOCKS.app, APP_ACTION),
    tier: selected(FIELD_BLOCKS.tier, TIER_ACTION),
    justification: typeof text === 'string' && text.trim() ? text : undefined,
    ...(duration && duration !== PERMANENT
      ? { accessDays: Number(duration) }
      : {}),
  };
}

/** The view shown once the request is made. */
export function requestedView(options: {
  appName: string;
  tierName: string;
  status: string;
  accessDays?: number;
  link: string;
}): View {
  const waiting =
    options.status === 'pending_approval'
      ? 'It waits for approval; I will tell you here at each step.'
      : `It is ${options.status.replace(
          '_',
          ' ',
        )}; I will tell you here when access is ready.`;
  return {
    type: 'modal',
    callback_id: `${REQUEST_CALLBACK}_done`,
    title: { type: 'plain_text', text: 'Request sent' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `You asked for *${escape(options.appName)} ${escape(
            options.tierName,
          )}* (${durationText(options.accessDays).toLowerCase()}). ${waiting}`,
        },
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `<${options.link}|Open in the portal>` },
        ],
      },
    ],
  };
}
