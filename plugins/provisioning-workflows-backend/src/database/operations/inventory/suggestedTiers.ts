// Tiers suggested from an instance's Okta groups, for instances whose
// admins have not set tiers: their keys, the names people see, and an order
// read from what the names mean (Okta's group priority says which profile
// wins, not which license costs more).

/** The group name without the app's label: `Tableau Viewer` on `Tableau` → `Viewer`. */
function withoutLabel(groupName: string, instanceLabel: string): string {
  const strip = (prefix: string) =>
    groupName.toLowerCase().startsWith(prefix.toLowerCase())
      ? groupName
          .slice(prefix.length)
          .replace(/^[\s\-_:/|·]+/, '')
          .trim()
      : '';
  // `GitHub Members` on `GitHub Enterprise` drops the shared first word.
  const firstWord = instanceLabel.split(/\s+/)[0] ?? '';
  return (
    strip(instanceLabel) ||
    (firstWord ? strip(firstWord) : '') ||
    groupName.trim()
  );
}

/** `Figma Editor` on `Figma` → `editor`: a tier key suggested from a group name. */
export function suggestTierName(
  groupName: string,
  instanceLabel: string,
): string {
  const lowerGroup = groupName.toLowerCase();
  const prefix = instanceLabel.toLowerCase();
  const rest = lowerGroup.startsWith(prefix)
    ? groupName.slice(prefix.length)
    : groupName;
  return (
    rest
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'default'
  );
}

/** `sales-cloud` → `Sales Cloud`. */
export function titleCase(key: string): string {
  return key
    .split(/[\s\-_]+/)
    .filter(Boolean)
    .map(w => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * The name people see for a tier without one set: its group's name without
 * the app's label ("Viewer"), else the key in Title Case.
 */
export function suggestDisplayName(
  tier: string,
  groupName: string | undefined,
  instanceLabel: string,
): string {
  const fromGroup = groupName ? withoutLabel(groupName, instanceLabel) : '';
  // `tableau-creators` reads as a key, not a name.
  const name =
    fromGroup && fromGroup === fromGroup.toLowerCase()
      ? titleCase(fromGroup)
      : fromGroup;
  return (name || titleCase(tier) || tier).slice(0, 64);
}

const LEVELS: Array<[number, string[]]> = [
  [
    0,
    [
      'viewer',
      'view',
      'reader',
      'read',
      'readonly',
      'guest',
      'free',
      'basic',
      'light',
      'lite',
      'member',
      'starter',
      'essential',
      'essentials',
    ],
  ],
  [
    1,
    [
      'explorer',
      'editor',
      'edit',
      'standard',
      'pro',
      'professional',
      'developer',
      'dev',
      'contributor',
      'business',
      'plus',
    ],
  ],
  [
    2,
    [
      'creator',
      'admin',
      'administrator',
      'owner',
      'enterprise',
      'full',
      'premium',
      'ultimate',
    ],
  ],
];
const LEVEL_OF_WORD = new Map(
  LEVELS.flatMap(([level, words]) => words.map(w => [w, level] as const)),
);
/** Where a name that says nothing about its level goes: between the known ones. */
const UNKNOWN_LEVEL = 1;

/** 0 (viewer), 1 (editor) or 2 (creator) from the words of a tier's name; undefined when none says. */
export function tierLevel(name: string): number | undefined {
  let level: number | undefined;
  for (const word of name.toLowerCase().split(/[^a-z0-9]+/)) {
    const found =
      LEVEL_OF_WORD.get(word) ??
      (word.endsWith('s') ? LEVEL_OF_WORD.get(word.slice(0, -1)) : undefined);
    if (found !== undefined) level = Math.max(level ?? 0, found);
  }
  return level;
}

/**
 * Suggested tiers, lowest first: by what their names mean (viewer < editor
 * < creator), then by reverse Okta priority (the group whose profile wins,
 * priority 0, is taken as the highest), then by name.
 */
export function suggestTierOrder<T extends { tier: string; priority: number }>(
  tiers: T[],
): T[] {
  return [...tiers].sort(
    (a, b) =>
      (tierLevel(a.tier) ?? UNKNOWN_LEVEL) -
        (tierLevel(b.tier) ?? UNKNOWN_LEVEL) ||
      b.priority - a.priority ||
      a.tier.localeCompare(b.tier),
  );
}
