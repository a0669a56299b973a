import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root, where child processes run. */
const ROOT = path.resolve(__dirname, '../../../../../..');

/**
 * Child processes for kill tests: each runs a script of the plugin's job
 * handling in a process of its own (TypeScript through the CLI's
 * transform), says `ready` on stdout, and is killed with SIGKILL.
 */
export class KillTestChildren {
  private readonly children: ChildProcess[] = [];

  /** Starts `script` with `env` and waits for its `ready`. */
  async start(script: string, env: Record<string, string>) {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        script,
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      },
    );
    child.stderr!.on('data', d => process.stderr.write(d));
    this.children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', d => {
        if (String(d).includes('ready')) resolve();
      });
      child.once('exit', code => reject(new Error(`worker exited ${code}`)));
    });
    return child;
  }

  /** SIGKILL, and wait until it is gone. */
  async kill(child: ChildProcess) {
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills whatever is left (afterAll). */
  killAll() {
    for (const child of this.children) child.kill('SIGKILL');
  }
}

/** Polls `check` every 20 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 20_000,
) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out: ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

/**
 * The databases a kill test runs on, each with the knex config a child
 * process connects with: a SQLite file in `tmp` (shared by processes, unlike
 * an in-memory one) and PostgreSQL when it is available.
 */
export function killTestDatabases(
  databases: TestDatabases,
  tmp: () => string,
): Array<[string, () => Promise<{ knex: Knex; config: Knex.Config }>]> {
  const cases: Array<
    [string, () => Promise<{ knex: Knex; config: Knex.Config }>]
  > = [
    [
      'SQLite file',
      async () => {
        const config = {
          client: 'better-sqlite3',
          connection: { filename: path.join(tmp(), 'kill.sqlite') },
          useNullAsDefault: true,
        };
        return { knex: knexFactory(config), config };
      },
    ],
  ];
  if (databases.eachSupportedId().some(([id]) => id === 'POSTGRES_15')) {
    cases.push([
      'PostgreSQL',
      async () => {
        const knex = await databases.init('POSTGRES_15');
        const config = {
          client: 'pg',
          connection: knex.client.config.connection,
          pool: { min: 0, max: 4 },
        };
        return { knex, config };
      },
    ]);
  }
  return cases;
}
