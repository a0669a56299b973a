import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useWriteAheadLog } from './writeAheadLog';

describe('useWriteAheadLog', () => {
  it('puts a SQLite file in WAL mode, where it stays for every later connection', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wal-'));
    const filename = path.join(dir, 'plugin.sqlite');
    const open = () =>
      knexFactory({
        client: 'better-sqlite3',
        connection: { filename },
        useNullAsDefault: true,
      });
    const first = open();
    expect(await useWriteAheadLog(first)).toBe('wal');
    await first.destroy();
    const second = open();
    const [row] = await second.raw('PRAGMA journal_mode');
    expect(row.journal_mode).toBe('wal');
    await second.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  it.each(databases.eachSupportedId())(
    'leaves PostgreSQL and in-memory SQLite as they are (%p)',
    async id => {
      const knex = await databases.init(id);
      expect(await useWriteAheadLog(knex)).toBe(
        id === 'SQLITE_3' ? 'memory' : undefined,
      );
    },
  );
});
