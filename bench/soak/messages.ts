import { Sandbox } from '../../packages/sandbox/src';

type Req = {
  id: string;
  status: string;
  level?: number;
  approvals: Array<{ level: number; approver: string; decision?: string }>;
};

/** Whether the request has moved past `level` (decided there, or ended). */
function settled(r: Req, level: number) {
  return r.status !== 'pending_approval' || (r.level ?? 0) > level;
}

/**
 * Approval messages whose level was settled but that still offer a
 * decision: a Slack message not updated (it keeps its buttons), or an
 * e-mail whose Approve link still opens its confirmation page (not
 * revoked). Each is an outcome the approver was not shown. The e-mail
 * links are opened with GETs, which change nothing.
 */
export async function staleApprovalMessages(
  sandbox: Sandbox,
  requests: Req[],
  rewrite: (url: string) => string,
): Promise<string[]> {
  const byId = new Map(requests.map(r => [r.id, r]));
  const stale: string[] = [];
  for (const m of sandbox.state.workspace.messages) {
    for (const block of m.blocks) {
      const match = /^productiv-home:([^:]+):(\d+)$/.exec(block.block_id ?? '');
      const r = match && byId.get(match[1]);
      if (!r || !settled(r, Number(match[2]))) continue;
      if (
        block.elements?.some(
          (e: any) => e.action_id === 'productiv_home_approve',
        )
      )
        stale.push(
          `Slack message ${m.ts} of ${r.id} level ${match[2]} still has its buttons (${r.status})`,
        );
    }
  }
  for (const mail of sandbox.state.inbox) {
    if (!mail.subject.startsWith('Approve ')) continue;
    const id = /request=([0-9a-f-]{36})/.exec(mail.text)?.[1];
    const level = Number(/\(level (\d+)\)/.exec(mail.text)?.[1]);
    const r = id && byId.get(id);
    const approve = /Approve: (\S+)/.exec(mail.text)?.[1];
    if (!r || !approve || !settled(r, level)) continue;
    const res = await fetch(rewrite(approve), {
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status === 200)
      stale.push(
        `e-mail ${mail.messageId} of ${r.id} level ${level}: its Approve link still opens (${r.status})`,
      );
  }
  return stale;
}
