import { Knex } from 'knex';
import { Bound, bindOperations } from './operations/bind';
import {
  listAssignments,
  syncAssignments,
} from './operations/inventory/assignments';
import { listHoldings } from './operations/inventory/holdings';
import { hasAssignmentHistory } from './operations/inventory/intervals';
import {
  getInstance,
  listApps,
  putTiers,
  syncInstances,
} from './operations/inventory/instances';
import {
  getPerson,
  peerUsage,
  syncPeople,
  unmatchedPeople,
} from './operations/inventory/people';
import { InventoryDbContext } from './operations/inventory/types';
import { teamUsage } from './operations/teams/teamUsage';

export {
  suggestTierName,
  titleCase,
} from './operations/inventory/suggestedTiers';
export type {
  AssignmentRecord,
  InstanceRecord,
  PersonRecord,
  SyncCounts,
} from './operations/inventory/types';
export type { IntervalRecord } from './operations/inventory/intervals';

const operations = {
  syncPeople,
  syncInstances,
  syncAssignments,
  hasAssignmentHistory,
  putTiers,
  getInstance,
  listApps,
  listAssignments,
  getPerson,
  peerUsage,
  unmatchedPeople,
  listHoldings,
  teamUsage,
};

/**
 * The app inventory: people, app instances, their groups, license tiers and
 * assignments. Syncs are idempotent: they write only what changed and report it.
 */
export type InventoryStore = Bound<InventoryDbContext, typeof operations>;

export function createInventoryStore(knex: Knex): InventoryStore {
  return bindOperations<InventoryDbContext, typeof operations>(
    { knex },
    operations,
  );
}
