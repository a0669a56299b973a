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

/**
 * Runs a compiled preview. The people and the counts are asked for
 * together: on PostgreSQL they run side by side on two connections
 * (SQLite's one runs them in turn).
 */
export async function runPreview(
  ctx: WorkflowDbContext,
  statements: { matching: Statement; counting: Statement },
): Promise<{ rows: PreviewMatchRow[]; assigned: number; exempt: number }> {
  const { knex } = ctx;
  const [rows, counts] = await Promise.all([
    knex.raw(statements.matching.sql, statements.matching.bindings),
    knex.raw(statements.counting.sql, statements.counting.bindings),
  ]);
  const [count] = rawRows<{
    assigned: number | string;
    exempt: number | string | null;
  }>(counts);
  return {
    rows: rawRows<PreviewMatchRow>(rows),
    assigned: Number(count.assigned),
    exempt: Number(count.exempt ?? 0),
  };
}
