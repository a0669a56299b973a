import { ApprovalMessage } from '@internal/plugin-productiv-home-node';

// How approval e-mails name a request: people, apps and tiers by name,
// never by key ("Emma Jones asks for Figma Editor", not "figma (editor)").

/** `viewer` → `Viewer`: a tier's name when the message carries none. */
function titleCase(key: string): string {
  const words = key.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

function tiersOf(m: ApprovalMessage): { to: string; from?: string } {
  const from =
    m.fromTierName ?? (m.fromTier ? titleCase(m.fromTier) : undefined);
  return { to: m.tierName ?? titleCase(m.tier), from };
}

/** The requester by name; the ref only if a channel got neither. */
export const requesterOf = (m: ApprovalMessage) =>
  m.requesterName || m.requesterRef;

/** "Figma Editor", or for a tier change "Tableau Explorer (instead of Viewer)". */
export function requestedThing(m: ApprovalMessage): string {
  return `${m.appName} ${tierFact(m)}`;
}

/** The tier as the details show it: "Editor", "Explorer (instead of Viewer)". */
export function tierFact(m: ApprovalMessage): string {
  const { to, from } = tiersOf(m);
  return from ? `${to} (instead of ${from})` : to;
}

/** "Emma Jones asks for Figma Editor", "Benjamin Moore asks to change Tableau from Viewer to Explorer". */
export function asksFor(m: ApprovalMessage): string {
  const { to, from } = tiersOf(m);
  return from
    ? `${requesterOf(m)} asks to change ${m.appName} from ${from} to ${to}`
    : `${requesterOf(m)} asks for ${m.appName} ${to}`;
}

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** "2 November 2026 at 09:00 UTC"; undefined for a missing or unreadable time. */
export function readableTime(iso?: string): string | undefined {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? undefined : `${UTC_FORMAT.format(ms)} UTC`;
}
