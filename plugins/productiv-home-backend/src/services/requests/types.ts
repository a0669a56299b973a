/** Where Productiv Home learns who manages whom and who can be reached. */
export interface PeopleDirectory {
  /** Entity ref of the user's manager, if the catalog has one. */
  managerOf(userRef: string): Promise<string | undefined>;
  /** Whether the user exists and can be notified (has an e-mail). */
  isReachable(userRef: string): Promise<boolean>;
  /** Direct members of a group. */
  membersOf(groupRef: string): Promise<string[]>;
  /** Groups the user is a direct member of. */
  groupsOf(userRef: string): Promise<string[]>;
  /** Name and e-mail, for messages and tickets. */
  contactOf?(userRef: string): Promise<{ name?: string; email?: string }>;
}

/** Tells people what happened; the plugin sends it through Backstage notifications. */
export interface RequestNotifier {
  notify(message: {
    recipients: string[];
    title: string;
    description: string;
    /** Request id: later messages about the same request replace earlier ones. */
    requestId: string;
  }): Promise<void>;
}
