/**
 * One tier of one app as a team holds it (`GET /teams/usage`): the seats
 * the team's direct members hold, and how many of them signed in to the
 * app within 30 days.
 *
 * @public
 */
export type TeamAppUsage = {
  instanceId: string;
  appKey: string;
  /** The product's name (its shortest instance label). */
  appName: string;
  instanceLabel: string;
  /** The tier's key, when the members' assignments grant a known tier. */
  tier?: string;
  tierDisplayName?: string;
  /** Seats held by the team's members in this tier. */
  seats: number;
  /** Members holding a seat here who signed in to the app within 30 days. */
  activeUsers: number;
};

/**
 * The apps a catalog group's direct members hold, by app name, lowest tier
 * first.
 *
 * @public
 */
export type TeamUsage = {
  /** The group's entity ref. */
  entityRef: string;
  /** Direct members of the group in the catalog. */
  members: number;
  items: TeamAppUsage[];
};
