import {
  AssignmentRecord,
  IntervalRecord,
} from '../../database/InventoryStore';
import { MembershipEvent } from './OktaGateway';

export type { IntervalRecord };

type Held = { scope: 'USER' | 'GROUP'; groupId?: string } | undefined;

const same = (a: Held, b: Held) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.scope === b.scope &&
    (a.groupId ?? null) === (b.groupId ?? null));

/**
 * The assignment intervals of one instance over the System Log's window,
 * worked back from the present: today's assignments (as the sync read
 * them) and group members, with each membership event of the instance's
 * groups undone from the newest to the oldest (an add means the person was
 * not in the group before it, a remove that they were). At every moment
 * the person holds the instance through the group of lowest priority they
 * are in, as Okta assigns it, or directly when they are assigned directly
 * today (the log's group events say nothing of direct assignments). What
 * they held when the window began started then, or at Okta's assignment
 * time when they held it without a break until today.
 */
export function replayAssignmentHistory(input: {
  groups: Array<{ id: string; priority: number }>;
  current: AssignmentRecord[];
  members: Map<string, Set<string>>;
  events: MembershipEvent[];
  sinceMs: number;
  nowMs: number;
}): IntervalRecord[] {
  const { sinceMs, nowMs } = input;
  const byPriority = [...input.groups].sort((a, b) => a.priority - b.priority);
  const groupIds = new Set(byPriority.map(g => g.id));
  const current = new Map(input.current.map(a => [a.oktaUserId, a]));
  const eventsOf = new Map<string, MembershipEvent[]>();
  for (const e of input.events) {
    if (!groupIds.has(e.groupId)) continue;
    if (e.publishedMs < sinceMs || e.publishedMs > nowMs) continue;
    const list = eventsOf.get(e.oktaUserId) ?? [];
    list.push(e);
    eventsOf.set(e.oktaUserId, list);
  }
  const out: IntervalRecord[] = [];
  for (const userId of new Set([...current.keys(), ...eventsOf.keys()])) {
    const cur = current.get(userId);
    const direct = cur?.scope === 'USER';
    const state = new Set(
      byPriority
        .filter(g => input.members.get(g.id)?.has(userId))
        .map(g => g.id),
    );
    const effective = (): Held => {
      if (direct) return { scope: 'USER' };
      const g = byPriority.find(x => state.has(x.id));
      return g ? { scope: 'GROUP', groupId: g.id } : undefined;
    };
    // Newest first: [from, to) segments, each with what was held.
    const segments: Array<{ from: number; to: number; held: Held }> = [];
    let to = nowMs;
    let held: Held = cur
      ? { scope: cur.scope, groupId: cur.groupId }
      : effective();
    const evs = [...(eventsOf.get(userId) ?? [])].sort(
      (a, b) => b.publishedMs - a.publishedMs,
    );
    for (const e of evs) {
      segments.push({ from: e.publishedMs, to, held });
      if (e.type === 'add') state.delete(e.groupId);
      else state.add(e.groupId);
      held = effective();
      to = e.publishedMs;
    }
    segments.push({ from: sinceMs, to, held });
    segments.reverse();
    // Merge equal neighbours, drop empty ones.
    const merged: typeof segments = [];
    for (const s of segments) {
      if (s.to <= s.from) continue;
      const last = merged[merged.length - 1];
      if (last && same(last.held, s.held)) last.to = s.to;
      else merged.push({ ...s });
    }
    if (merged.length === 0 && cur) {
      merged.push({ from: sinceMs, to: nowMs, held: { ...cur } });
    }
    const first = merged[0];
    if (
      first &&
      cur?.assignedMs !== undefined &&
      merged.every(s => s.held) &&
      first.from === sinceMs
    ) {
      // Held without a break all along: since Okta's assignment time.
      first.from = Math.min(cur.assignedMs, first.to);
    }
    let runStart: number | undefined;
    merged.forEach((s, i) => {
      if (!s.held) {
        runStart = undefined;
        return;
      }
      runStart ??= s.from;
      const open = i === merged.length - 1 && cur !== undefined;
      out.push({
        oktaUserId: userId,
        scope: s.held.scope,
        groupId: s.held.groupId,
        fromMs: s.from,
        toMs: open ? undefined : s.to,
        firstSeenMs: runStart,
        source: evs.length ? 'okta-log' : 'sync',
      });
    });
  }
  return out;
}
