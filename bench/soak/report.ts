import { percentile } from '../db';
import { CallRecord } from './balancer';

export type RouteRow = {
  route: string;
  requests: number;
  status4xx: number;
  status5xx: number;
  p50: number;
  p99: number;
};

/** Calls, 4xx, 5xx and latency percentiles per route, busiest first. */
export function routeTable(calls: CallRecord[]): RouteRow[] {
  const byRoute = new Map<string, CallRecord[]>();
  for (const c of calls) {
    const list = byRoute.get(c.route) ?? [];
    list.push(c);
    byRoute.set(c.route, list);
  }
  return [...byRoute.entries()]
    .map(([route, list]) => {
      const ms = list.map(c => c.endedAt - c.startedAt).sort((a, b) => a - b);
      return {
        route,
        requests: list.length,
        status4xx: list.filter(c => c.status >= 400 && c.status < 500).length,
        status5xx: list.filter(c => c.status >= 500).length,
        p50: percentile(ms, 50),
        p99: percentile(ms, 99),
      };
    })
    .sort((a, b) => b.requests - a.requests);
}

/** A markdown table (also readable as plain text). */
export function markdownTable(
  header: string[],
  rows: Array<Array<string | number>>,
): string {
  const cells = [header, ...rows.map(r => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map(r => r[i].length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

export function routeMarkdown(rows: RouteRow[]): string {
  const total = rows.reduce(
    (t, r) => ({
      requests: t.requests + r.requests,
      s4: t.s4 + r.status4xx,
      s5: t.s5 + r.status5xx,
    }),
    { requests: 0, s4: 0, s5: 0 },
  );
  return markdownTable(
    ['Route', 'Requests', '4xx', '5xx', 'p50 ms', 'p99 ms'],
    [
      ...rows.map(r => [
        r.route,
        r.requests,
        r.status4xx,
        r.status5xx,
        r.p50,
        r.p99,
      ]),
      ['**All routes**', total.requests, total.s4, total.s5, '', ''],
    ],
  );
}
