import { ApprovalMessage } from '@internal/plugin-productiv-home-node';

// How the messages name a request: people, apps and tiers by name, never by
// key ("Emma Jones asks for Figma Editor", not "figma (editor)").

/** `viewer` → `Viewer`: a tier's name when the message carries none. */
function titleCase(key: string): string {
  const words = key.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

/** The requested tier and, for a tier change, the one it replaces, by name. */
export function tiersOf(m: ApprovalMessage): { to: string; from?: string } {
  const from =
    m.fromTierName ?? (m.fromTier ? titleCase(m.fromTier) : undefined);
  return { to: m.tierName ?? titleCase(m.tier), from };
}

/** "Figma Editor", or for a tier change "Tableau Explorer (instead of Viewer)". */
export function requestedThing(m: ApprovalMessage): string {
  const { to, from } = tiersOf(m);
  return from
    ? `${m.appName} ${to} (instead of ${from})`
    : `${m.appName} ${to}`;
}

/** The tier as the facts show it: "Editor", "Explorer (instead of Viewer)". */
export function tierFact(m: ApprovalMessage): string {
  const { to, from } = tiersOf(m);
  return from ? `${to} (instead of ${from})` : to;
}

/**
 * What the requester asks, with `mark` around the names (Slack's `*` for
 * bold): "Emma Jones asks for Figma Editor", "Benjamin Moore asks to change
 * Tableau from Viewer to Explorer".
 */
export function asksFor(
  m: ApprovalMessage,
  mark: (name: string) => string = name => name,
): string {
  const { to, from } = tiersOf(m);
  const who = mark(m.requesterName || m.requesterRef);
  return from
    ? `${who} asks to change ${mark(m.appName)} from ${mark(from)} to ${mark(
        to,
      )}`
    : `${who} asks for ${mark(`${m.appName} ${to}`)}`;
}

// Times in Slack are written the same way by every plugin.
export { readableTime, slackTime } from '@internal/slack-connector';
