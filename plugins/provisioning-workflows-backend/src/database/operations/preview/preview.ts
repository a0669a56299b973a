import { DbAssignmentRow, DbLicenseTierRow, DbPersonRow } from '../../tables';
import { rawRows } from '../../util';
import { WorkflowDbContext } from '../context';

/** One person a preview matched, as its statement returns them. */
export type PreviewMatchRow = Pick<
  DbAssignmentRow,
  'okta_user_id' | 'scope' | 'group_id' | 'first_seen_ms'
> &
  Pick<DbPersonRow, 'email' | 'display_name'> & {
    tier: string | null;
    monthly_price: number | string | null;
    last_sign_in_ms: number | string | null;
    rule_index: number | string;
  };

type Statement = {
  sql: string;
  bindings: Array<string | number | boolean | null>;
};

/** The license tiers of an instance, lowest first. */
export async function tiersOf(
  ctx: WorkflowDbContext,
  instanceId: string,
): Promise<DbLicenseTierRow[]> {
  return ctx
    .knex<DbLicenseTierRow>('license_tiers')
    .where({ instance_id: instanceId })
    .orderBy('rank');
}

/** Whether sums over a person's activity are best asked per person (SQLite). */
export function sumsActivityPerPerson(ctx: WorkflowDbContext): boolean {
  return String(ctx.knex.client.config.client).includes('sqlite');
}

/** The people a compiled preview matches. */
export async function previewMatches(
  ctx: WorkflowDbContext,
  statement: Statement,
): Promise<PreviewMatchRow[]> {
  return rawRows<PreviewMatchRow>(
    await ctx.knex.raw(statement.sql, statement.bindings),
  );
}

/** The assigned and exempt counts of a compiled preview. */
export async function previewCounts(
  ctx: WorkflowDbContext,
  statement: Statement,
): Promise<{ assigned: number; exempt: number }> {
  const [count] = rawRows<{
    assigned: number | string;
    exempt: number | string | null;
  }>(await ctx.knex.raw(statement.sql, statement.bindings));
  return {
    assigned: Number(count.assigned),
    exempt: Number(count.exempt ?? 0),
  };
}
