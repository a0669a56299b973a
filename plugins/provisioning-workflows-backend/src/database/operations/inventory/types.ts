import { Knex } from 'knex';

export type InventoryDbContext = { knex: Knex };

/** A person as the inventory sync sees them: catalog and Okta sides merged by e-mail. */
export type PersonRecord = {
  email: string;
  entityRef?: string;
  oktaUserId?: string;
  oktaStatus?: string;
  displayName?: string;
  title?: string;
  department?: string;
  managerOktaId?: string;
  /** When the Okta account was created (epoch ms). */
  oktaCreatedMs?: number;
  /** Catalog groups the person is a direct member of. */
  teams: string[];
};

export type InstanceRecord = {
  id: string;
  appKey: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  signOnMode?: string;
  groups: Array<{ id: string; name: string; priority: number }>;
};

export type AssignmentRecord = {
  oktaUserId: string;
  /** When Okta made the assignment; the first sync's time when unknown. */
  assignedMs?: number;
  scope: 'USER' | 'GROUP';
  groupId?: string;
};

export type SyncCounts = { added: number; updated: number; removed: number };
