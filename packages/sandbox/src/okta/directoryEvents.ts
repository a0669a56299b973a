import { eventUuid } from '../state/ids';

/** The System Log event types the directory writes. */
export type DirectoryEventType =
  | 'user.lifecycle.create'
  | 'user.lifecycle.activate'
  | 'group.user_membership.add'
  | 'group.user_membership.remove'
  | 'application.user_membership.add'
  | 'application.user_membership.remove';

const MESSAGES: Record<DirectoryEventType, string> = {
  'user.lifecycle.create': 'Create Okta user',
  'user.lifecycle.activate': 'Activate Okta user',
  'group.user_membership.add': 'Add user to group membership',
  'group.user_membership.remove': 'Remove user from group membership',
  'application.user_membership.add': 'Add user to application membership',
  'application.user_membership.remove':
    'Remove user from application membership',
};

/** Who made a change, as the System Log names them. */
export type LogActor = {
  id: string;
  type: 'User' | 'PublicClientApp' | 'SystemPrincipal';
  alternateId: string;
  displayName: string;
};

/** An object an event is about (a `target` of the System Log). */
export type LogTarget = {
  id: string;
  type: 'User' | 'UserGroup' | 'AppInstance' | 'AppUser';
  alternateId: string;
  displayName: string;
};

/** Events of the directory's own first seq, far above any SSO event's. */
const FIRST_SEQ = 0x80000000;

type StoredEvent = {
  published: number;
  seq: number;
  eventType: DirectoryEventType;
  actor: LogActor;
  /** Snapshots taken when the event happened, as Okta keeps them. */
  targets: LogTarget[];
};

/**
 * The directory's System Log events (user creation, group and app
 * membership changes), ordered by (published, seq). Their seqs do not
 * collide with SSO events', so one cursor orders both.
 */
export class DirectoryEvents {
  private readonly events: StoredEvent[] = [];
  private nextSeq = FIRST_SEQ;

  get size(): number {
    return this.events.length;
  }

  /** Records an event, keeping the order when `published` is not the latest. */
  add(
    eventType: DirectoryEventType,
    published: number,
    actor: LogActor,
    targets: LogTarget[],
  ): void {
    const event = { published, seq: this.nextSeq++, eventType, actor, targets };
    let i = this.events.length;
    while (i > 0 && this.events[i - 1].published > published) i--;
    this.events.splice(i, 0, event);
  }

  /** First position whose (published, seq) is after the given key. */
  lowerBound(published: number, seq: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.events[mid];
      if (
        e.published < published ||
        (e.published === published && e.seq <= seq)
      )
        lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  key(i: number): { published: number; seq: number } {
    const e = this.events[i];
    return { published: e.published, seq: e.seq };
  }

  /** Whether event `i` meets every `field eq "value"` condition. */
  matches(i: number, conditions: Array<{ field: string; value: string }>) {
    const e = this.events[i];
    return conditions.every(c => {
      switch (c.field) {
        case 'eventType':
          return c.value === e.eventType;
        case 'outcome.result':
          return c.value === 'SUCCESS';
        case 'actor.id':
          return c.value === e.actor.id;
        case 'actor.alternateId':
          return c.value.toLowerCase() === e.actor.alternateId.toLowerCase();
        case 'target.id':
          return e.targets.some(t => t.id === c.value);
        default:
          return false;
      }
    });
  }

  /** Every event of a type, oldest first: for tests and the inspector. */
  list(eventType?: DirectoryEventType): object[] {
    return this.events
      .map((_, i) => i)
      .filter(i => !eventType || this.events[i].eventType === eventType)
      .map(i => this.render(i));
  }

  render(i: number): object {
    const e = this.events[i];
    return {
      uuid: eventUuid(e.seq),
      published: new Date(e.published).toISOString(),
      eventType: e.eventType,
      version: '0',
      severity: 'INFO',
      displayMessage: MESSAGES[e.eventType],
      legacyEventType: null,
      actor: { ...e.actor, detailEntry: null },
      client: {
        ipAddress: '198.51.100.20',
        zone: 'null',
        device: 'Unknown',
        userAgent: {
          rawUserAgent: 'okta-sdk-nodejs (sandbox)',
          os: 'Unknown',
          browser: 'UNKNOWN',
        },
      },
      outcome: { result: 'SUCCESS', reason: null },
      target: e.targets.map(t => ({ ...t, detailEntry: null })),
      transaction: { type: 'WEB', id: `sbx${e.seq}`, detail: {} },
      debugContext: { debugData: {} },
    };
  }
}
