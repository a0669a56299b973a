import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';

/**
 * A new PostgreSQL database on `BENCH_POSTGRES_URL` for both backends (a
 * schema per plugin), a connection to watch its job tables, and its drop.
 */
export async function soakDatabase(): Promise<{
  connection: {
    host: string;
    port: number;
    user: string;
    password?: string;
    database: string;
  };
  knex: Knex;
  drop: () => Promise<void>;
}> {
  const url = new URL(
    process.env.BENCH_POSTGRES_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  const admin = knexFactory({ client: 'pg', connection: url.toString() });
  const name = `soak_${randomBytes(6).toString('hex')}`;
  await admin.raw(`CREATE DATABASE ${name}`);
  const connection = {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    database: name,
  };
  const knex = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: 2 },
  });
  return {
    connection,
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()',
        [name],
      );
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}
