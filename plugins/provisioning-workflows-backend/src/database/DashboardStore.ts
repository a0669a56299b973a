import { Knex } from 'knex';
import { Bound, bindOperations } from './operations/bind';
import { dashboardInstances } from './operations/dashboard/dashboardInstances';
import { heldSeats } from './operations/dashboard/heldSeats';
import { purchasedSeats } from './operations/dashboard/purchasedSeats';
import {
  realisedSavings,
  realisedSavingsByWeek,
} from './operations/dashboard/realisedSavings';
import {
  restoredSavings,
  restoredSavingsByWeek,
} from './operations/dashboard/restoredSavings';
import { spendHistory } from './operations/dashboard/spendHistory';
import { writeSpendSnapshot } from './operations/dashboard/writeSpendSnapshot';
import { InventoryDbContext } from './operations/inventory/types';

export type { DashboardInstance } from './operations/dashboard/dashboardInstances';
export type { HeldSeats } from './operations/dashboard/heldSeats';
export { weekPeriods } from './operations/dashboard/weeks';

const operations = {
  dashboardInstances,
  heldSeats,
  purchasedSeats,
  realisedSavings,
  realisedSavingsByWeek,
  restoredSavings,
  restoredSavingsByWeek,
  spendHistory,
  writeSpendSnapshot,
};

/**
 * The savings dashboard's figures, each family in one query over every
 * instance, and the daily spend snapshots (`app_spend_daily`) the
 * inventory sync writes.
 */
export type DashboardStore = Bound<InventoryDbContext, typeof operations>;

export function createDashboardStore(knex: Knex): DashboardStore {
  return bindOperations<InventoryDbContext, typeof operations>(
    { knex },
    operations,
  );
}
