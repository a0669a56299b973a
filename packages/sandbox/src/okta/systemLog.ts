import { OktaDirectory } from './directory';
import { appUserId, eventUuid } from '../state/ids';

/** One SSO sign-in to add to the log. Times are epoch milliseconds. */
export type SsoEventInput = {
  published: number;
  userId: string;
  appId: string;
  /** When the event becomes visible to queries; defaults to `published`. Later means late. */
  visibleAt?: number;
};

export type LogQuery = {
  since?: number;
  until?: number;
  after?: string;
  limit: number;
  filter?: string;
  now: number;
};

export class LogQueryError extends Error {}

const SSO = 'user.authentication.sso';

type Condition = { field: string; value: string };

const SUPPORTED_FIELDS = new Set([
  'eventType',
  'target.id',
  'actor.id',
  'actor.alternateId',
  'outcome.result',
]);

/** Parses the subset of Okta's filter syntax the product uses: `a eq "x" and b eq "y"`. */
export function parseLogFilter(filter: string | undefined): Condition[] {
  if (!filter || !filter.trim()) return [];
  return filter.split(/\s+and\s+/i).map(part => {
    const match = part.trim().match(/^([\w.]+)\s+eq\s+"([^"]*)"$/);
    if (!match) {
      throw new LogQueryError(
        `Invalid filter expression '${part.trim()}': the sandbox supports 'field eq "value"' joined by 'and'`,
      );
    }
    if (!SUPPORTED_FIELDS.has(match[1])) {
      throw new LogQueryError(
        `Unsupported filter field '${match[1]}'; supported: ${[
          ...SUPPORTED_FIELDS,
        ].join(', ')}`,
      );
    }
    return { field: match[1], value: match[2] };
  });
}

function encodeCursor(published: number, seq: number): string {
  return Buffer.from(`${published}:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): { published: number; seq: number } {
  const [p, s] = Buffer.from(cursor, 'base64url').toString().split(':');
  const published = Number(p);
  const seq = Number(s);
  if (!Number.isFinite(published) || !Number.isInteger(seq)) {
    throw new LogQueryError(`Invalid 'after' cursor '${cursor}'`);
  }
  return { published, seq };
}

/**
 * The System Log of the sandbox: `user.authentication.sso` events, stored
 * column-wise (typed arrays) so that millions of events fit in little
 * memory (JSON is built only for the events a page returns), merged with
 * the directory's own events (user creation, group and app membership
 * changes, see `DirectoryEvents`). Events are ordered by (published, seq);
 * `seq` is unique and also makes the uuid, so paging with a cursor returns
 * each event exactly once.
 */
export class SystemLog {
  private published = new Float64Array(0);
  private visibleAt = new Float64Array(0);
  private userIdx = new Uint32Array(0);
  private appIdx = new Uint32Array(0);
  private seq = new Uint32Array(0);
  private size = 0;
  private nextSeq = 0;
  private readonly userIds: string[] = [];
  private readonly appIds: string[] = [];
  private readonly userIndex = new Map<string, number>();
  private readonly appIndex = new Map<string, number>();

  constructor(private readonly directory: OktaDirectory) {}

  /** The number of SSO events. */
  get count(): number {
    return this.size;
  }

  /** Drops every SSO event; the directory's events stay. */
  clear(): void {
    this.published = new Float64Array(0);
    this.visibleAt = new Float64Array(0);
    this.userIdx = new Uint32Array(0);
    this.appIdx = new Uint32Array(0);
    this.seq = new Uint32Array(0);
    this.size = 0;
    this.nextSeq = 0;
  }

  private indexOf(map: Map<string, number>, list: string[], id: string) {
    let i = map.get(id);
    if (i === undefined) {
      i = list.length;
      list.push(id);
      map.set(id, i);
    }
    return i;
  }

  /** Adds events (in any order) and keeps the log sorted. */
  add(events: Iterable<SsoEventInput> | SsoEventInput[]): number {
    const list = Array.isArray(events) ? events : [...events];
    const total = this.size + list.length;
    const published = new Float64Array(total);
    const visibleAt = new Float64Array(total);
    const userIdx = new Uint32Array(total);
    const appIdx = new Uint32Array(total);
    const seq = new Uint32Array(total);
    published.set(this.published.subarray(0, this.size));
    visibleAt.set(this.visibleAt.subarray(0, this.size));
    userIdx.set(this.userIdx.subarray(0, this.size));
    appIdx.set(this.appIdx.subarray(0, this.size));
    seq.set(this.seq.subarray(0, this.size));
    let i = this.size;
    for (const e of list) {
      published[i] = e.published;
      visibleAt[i] = e.visibleAt ?? e.published;
      userIdx[i] = this.indexOf(this.userIndex, this.userIds, e.userId);
      appIdx[i] = this.indexOf(this.appIndex, this.appIds, e.appId);
      seq[i] = this.nextSeq++;
      i++;
    }
    const order = new Uint32Array(total);
    for (let k = 0; k < total; k++) order[k] = k;
    order.sort((a, b) => published[a] - published[b] || seq[a] - seq[b]);
    this.published = new Float64Array(total);
    this.visibleAt = new Float64Array(total);
    this.userIdx = new Uint32Array(total);
    this.appIdx = new Uint32Array(total);
    this.seq = new Uint32Array(total);
    for (let k = 0; k < total; k++) {
      const o = order[k];
      this.published[k] = published[o];
      this.visibleAt[k] = visibleAt[o];
      this.userIdx[k] = userIdx[o];
      this.appIdx[k] = appIdx[o];
      this.seq[k] = seq[o];
    }
    this.size = total;
    return list.length;
  }

  /** First position whose (published, seq) is after the given key. */
  private lowerBound(published: number, seq: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.published[mid];
      if (p < published || (p === published && this.seq[mid] <= seq))
        lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private matches(i: number, conditions: Condition[]): boolean {
    for (const c of conditions) {
      const userId = this.userIds[this.userIdx[i]];
      const appId = this.appIds[this.appIdx[i]];
      switch (c.field) {
        case 'eventType':
          if (c.value !== 'user.authentication.sso') return false;
          break;
        case 'outcome.result':
          if (c.value !== 'SUCCESS') return false;
          break;
        case 'actor.id':
          if (c.value !== userId) return false;
          break;
        case 'actor.alternateId':
          if (
            c.value.toLowerCase() !==
            this.directory.users.get(userId)?.profile.login.toLowerCase()
          )
            return false;
          break;
        case 'target.id':
          if (
            c.value !== appId &&
            c.value !== userId &&
            c.value !== appUserId(appId, userId)
          )
            return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }

  /**
   * One page of a query. With `until` (bounded) the last page has no next
   * cursor; without it (polling) there always is one, as in Okta.
   */
  query(q: LogQuery): { events: object[]; next?: string } {
    const conditions = parseLogFilter(q.filter);
    if (q.after !== undefined && q.since !== undefined) {
      throw new LogQueryError("'since' and 'after' cannot be used together");
    }
    const until = q.until ?? q.now;
    let start: number;
    let cursor: { published: number; seq: number };
    if (q.after !== undefined) {
      cursor = decodeCursor(q.after);
      start = this.lowerBound(cursor.published, cursor.seq);
    } else {
      const since = q.since ?? until - 7 * 24 * 3600 * 1000;
      cursor = { published: since, seq: -1 };
      start = this.lowerBound(since, -1);
    }
    // SSO events and the directory's own, merged in (published, seq) order;
    // a filter on the event type leaves one of them out.
    const types = conditions.filter(c => c.field === 'eventType');
    const sso = types.every(c => c.value === SSO);
    const own = this.directory.events;
    let i = sso ? start : this.size;
    let j = types.some(c => c.value === SSO)
      ? own.size
      : own.lowerBound(cursor.published, cursor.seq);
    const events: object[] = [];
    let hasMore = false;
    for (;;) {
      const ssoKey =
        i < this.size && this.published[i] < until
          ? { published: this.published[i], seq: this.seq[i] }
          : undefined;
      const ownKey = j < own.size ? own.key(j) : undefined;
      const ownNext = ownKey && ownKey.published < until ? ownKey : undefined;
      if (!ssoKey && !ownNext) break;
      const takeSso =
        ssoKey &&
        (!ownNext ||
          ssoKey.published < ownNext.published ||
          (ssoKey.published === ownNext.published && ssoKey.seq < ownNext.seq));
      let key: { published: number; seq: number };
      let render: () => object;
      if (takeSso) {
        const k = i++;
        if (this.visibleAt[k] > q.now || !this.matches(k, conditions)) continue;
        key = ssoKey;
        render = () => this.render(k);
      } else {
        const k = j++;
        if (ownNext!.published > q.now || !own.matches(k, conditions)) continue;
        key = ownNext!;
        render = () => own.render(k);
      }
      if (events.length === q.limit) {
        hasMore = true;
        break;
      }
      events.push(render());
      cursor = key;
    }
    const bounded = q.until !== undefined;
    if (bounded && !hasMore) return { events };
    if (q.limit === 0) return { events };
    return { events, next: encodeCursor(cursor.published, cursor.seq) };
  }

  /** Every visible event, for the ground truth of usage. */
  *all(
    now: number,
  ): Generator<{ published: number; userId: string; appId: string }> {
    for (let i = 0; i < this.size; i++) {
      if (this.visibleAt[i] > now) continue;
      yield {
        published: this.published[i],
        userId: this.userIds[this.userIdx[i]],
        appId: this.appIds[this.appIdx[i]],
      };
    }
  }

  private render(i: number): object {
    const userId = this.userIds[this.userIdx[i]];
    const appId = this.appIds[this.appIdx[i]];
    const user = this.directory.users.get(userId);
    const app = this.directory.apps.get(appId);
    const login = user?.profile.login ?? userId;
    const name = user?.profile.displayName ?? userId;
    return {
      uuid: eventUuid(this.seq[i]),
      published: new Date(this.published[i]).toISOString(),
      eventType: 'user.authentication.sso',
      version: '0',
      severity: 'INFO',
      displayMessage: 'User single sign on to app',
      legacyEventType: 'app.auth.sso',
      actor: {
        id: userId,
        type: 'User',
        alternateId: login,
        displayName: name,
        detailEntry: null,
      },
      client: {
        ipAddress: '198.51.100.7',
        zone: 'null',
        device: 'Computer',
        userAgent: {
          rawUserAgent: 'Mozilla/5.0 (sandbox)',
          os: 'Mac OS X',
          browser: 'CHROME',
        },
      },
      outcome: { result: 'SUCCESS', reason: null },
      target: [
        {
          id: appId,
          type: 'AppInstance',
          alternateId: app?.label ?? appId,
          displayName: app?.label ?? appId,
          detailEntry: { signOnModeType: app?.signOnMode ?? 'SAML_2_0' },
        },
        {
          id: appUserId(appId, userId),
          type: 'AppUser',
          alternateId: login,
          displayName: name,
          detailEntry: null,
        },
      ],
      transaction: { type: 'WEB', id: `sbx${this.seq[i]}`, detail: {} },
      debugContext: {
        debugData: {
          requestUri: `/app/${app?.name ?? 'app'}/${appId}/sso/saml`,
        },
      },
    };
  }
}
