import { DatabaseService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  Run,
  RunKind,
  RunStatus,
} from '@internal/plugin-provisioning-workflows-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from './migrations';

/** Records the runs of background jobs. */
export interface RunStore {
  start(kind: RunKind): Promise<Run>;
  finish(
    id: string,
    outcome: { stats: Record<string, number>; error?: string },
  ): Promise<Run>;
  list(options: { kind?: RunKind; limit: number }): Promise<Run[]>;
}

type RunRow = {
  id: string;
  kind: RunKind;
  status: RunStatus;
  started_at: Date | string | number;
  finished_at: Date | string | number | null;
  stats: string;
  error: string | null;
};

function toRun(row: RunRow): Run {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    // SQLite returns timestamps as numbers or strings, PostgreSQL as Dates.
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at
      ? new Date(row.finished_at).toISOString()
      : undefined,
    stats: JSON.parse(row.stats),
    error: row.error ?? undefined,
  };
}

/** Knex implementation of {@link RunStore}, on SQLite or PostgreSQL. */
export class DatabaseRunStore implements RunStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseRunStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await applyDatabaseMigrations(knex);
    }
    return new DatabaseRunStore(knex);
  }

  static fromKnex(knex: Knex): DatabaseRunStore {
    return new DatabaseRunStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async start(kind: RunKind): Promise<Run> {
    const row: RunRow = {
      id: randomUUID(),
      kind,
      status: 'running',
      started_at: new Date(),
      finished_at: null,
      stats: '{}',
      error: null,
    };
    await this.knex<RunRow>('runs').insert(row);
    return toRun(row);
  }

  async finish(
    id: string,
    outcome: { stats: Record<string, number>; error?: string },
  ): Promise<Run> {
    const updated = await this.knex<RunRow>('runs')
      .where({ id, status: 'running' })
      .update({
        status: outcome.error ? 'failed' : 'succeeded',
        finished_at: new Date(),
        stats: JSON.stringify(outcome.stats),
        error: outcome.error ?? null,
      });
    if (updated !== 1) {
      throw new NotFoundError(`No running run with id ${id}`);
    }
    const row = await this.knex<RunRow>('runs').where({ id }).first();
    return toRun(row!);
  }

  async list(options: { kind?: RunKind; limit: number }): Promise<Run[]> {
    const query = this.knex<RunRow>('runs')
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit);
    if (options.kind) {
      query.where({ kind: options.kind });
    }
    return (await query).map(toRun);
  }
}
