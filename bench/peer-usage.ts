/* eslint-disable no-console */
/**
 * Benchmark: the peer-usage query (apps used by a person's teams, title and
 * department) in an organization of 10,000 people and 300 apps, on SQLite and
 * PostgreSQL. Prints p50 and p95 over 200 people; goal p95 under 50 ms.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/peer-usage.ts [people] [apps]
 */
import { mockServices } from '@backstage/backend-test-utils';
import { initializePersistence } from '../plugins/provisioning-workflows-backend/src/database/persistence';
import { seededRandom } from '../packages/sandbox/src';
import { benchDatabase, percentile } from './db';

const DAY = 24 * 3600 * 1000;

async function main() {
  const peopleCount = Number(process.argv[2] ?? 10_000);
  const appCount = Number(process.argv[3] ?? 300);
  const now = Date.parse('2026-11-01T00:00:00.000Z');
  for (const kind of ['sqlite', 'postgres'] as const) {
    const rand = seededRandom(1); // the same organization on both databases
    const db = await benchDatabase(kind);
    try {
      const { inventory, activity } = await initializePersistence(
        mockServices.database({ knex: db.knex, migrations: { skip: false } }),
      );
      const departments = 20;
      const titles = 120;
      const teamSize = 12;
      const people = Array.from({ length: peopleCount }, (_, i) => ({
        email: `person${i}@bench.test`,
        entityRef: `user:default/person${i}`,
        oktaUserId: `00u${i}`,
        oktaStatus: 'ACTIVE',
        title: `Title ${Math.floor(rand() * titles)}`,
        department: `Department ${i % departments}`,
        teams: [`group:default/team-${Math.floor(i / teamSize)}`],
      }));
      let started = Date.now();
      await inventory.syncPeople(people, now);
      await inventory.syncInstances(
        Array.from({ length: appCount }, (_, a) => ({
          id: `0oa${a}`,
          appKey: `app${a}`,
          label: `App ${a}`,
          status: 'ACTIVE' as const,
          groups: [],
        })),
        now,
      );
      // Each person uses 5 to 25 apps, popular apps more often; last sign-ins over 60 days.
      const last = [];
      for (const p of people) {
        const n = 5 + Math.floor(rand() * 20);
        const apps = new Set<number>();
        while (apps.size < n) apps.add(Math.floor(appCount * rand() * rand()));
        for (const a of apps)
          last.push({
            oktaUserId: p.oktaUserId,
            instanceId: `0oa${a}`,
            lastSignInMs: now - Math.floor(rand() * 60 * DAY),
          });
      }
      await activity.commitWindow({
        source: 'bench',
        highWaterMs: now,
        daily: [],
        last,
        seen: [],
        forgetSeenBeforeMs: 0,
      });
      const loadSeconds = (Date.now() - started) / 1000;

      const timings: number[] = [];
      for (let i = 0; i < 220; i++) {
        const person = (await inventory.getPerson(
          `user:default/person${Math.floor(rand() * peopleCount)}`,
        ))!;
        started = performance.now();
        const usage = await inventory.peerUsage(person, now);
        const ms = performance.now() - started;
        if (i >= 20) timings.push(ms); // the first 20 warm the caches
        if (usage.byDepartment.length === 0)
          throw new Error('empty peer usage');
      }
      timings.sort((a, b) => a - b);
      console.log(
        `${kind}: ${peopleCount} people, ${appCount} apps, ${
          last.length
        } user-app activity rows (loaded in ${loadSeconds.toFixed(1)} s); ` +
          `peer usage p50 ${percentile(timings, 50).toFixed(
            1,
          )} ms, p95 ${percentile(timings, 95).toFixed(
            1,
          )} ms (goal 50 ms: ratio ${(percentile(timings, 95) / 50).toFixed(
            2,
          )})`,
      );
    } finally {
      await db.drop();
    }
  }
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
