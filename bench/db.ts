import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';

/** A fresh database for a benchmark: a SQLite file, or a new PostgreSQL database. */
export async function benchDatabase(
  kind: 'sqlite' | 'postgres',
): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'bench.sqlite') },
      useNullAsDefault: true,
    });
    return {
      knex,
      drop: async () => {
        await knex.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url =
    process.env.BENCH_POSTGRES_URL ??
    'postgresql://postgres@127.0.0.1:5432/postgres';
  const admin = knexFactory({ client: 'pg', connection: url });
  const name = `bench_${randomBytes(6).toString('hex')}`;
  await admin.raw(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const knex = knexFactory({
    client: 'pg',
    connection: target.toString(),
    pool: { min: 1, max: 5 },
  });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}
