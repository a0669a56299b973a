import { DbAppInstanceRow } from '../../tables';
import { appNames } from '../inventory/people';
import { InventoryDbContext } from '../inventory/types';

/** An instance still in Okta, with the names people see. */
export type DashboardInstance = {
  instanceId: string;
  appKey: string;
  appName: string;
  instanceLabel: string;
};

/** The instances still in Okta by app name, then instance label: two queries. */
export async function dashboardInstances(
  ctx: InventoryDbContext,
): Promise<DashboardInstance[]> {
  const rows: Array<Pick<DbAppInstanceRow, 'id' | 'app_key' | 'label'>> =
    await ctx
      .knex('app_instances')
      .whereNot('status', 'REMOVED')
      .select('id', 'app_key', 'label');
  const names = await appNames(ctx);
  return rows
    .map(r => ({
      instanceId: r.id,
      appKey: r.app_key,
      appName: names.get(r.app_key) ?? r.label,
      instanceLabel: r.label,
    }))
    .sort(
      (a, b) =>
        a.appName.localeCompare(b.appName) ||
        a.instanceLabel.localeCompare(b.instanceLabel),
    );
}
