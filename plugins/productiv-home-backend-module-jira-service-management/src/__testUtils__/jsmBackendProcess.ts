/* eslint-disable no-console */
// Productiv Home with the JSM module in a process of its own, for
// createKill.test.ts: the real plugin and module, on the database given in
// JSM_KILL_KNEX (knex config), with the root config in JSM_KILL_CONFIG.
// Prints `ready <base URL>` once it serves. Not part of the module.
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module runs in the real Productiv Home backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import { startProductivHomeTestBackend } from '@internal/plugin-productiv-home-node/testUtils';
import { demoUserEntities } from '@internal/sandbox';
import knexFactory from 'knex';
import { productivHomeModuleJiraServiceManagement } from '../module';

async function main() {
  const knex = knexFactory(JSON.parse(process.env.JSM_KILL_KNEX!));
  const { baseUrl } = await startProductivHomeTestBackend({
    features: [
      productivHomePlugin,
      productivHomeModuleJiraServiceManagement,
      catalogServiceMock.factory({ entities: demoUserEntities() }),
      mockServices.database.factory({ knex }),
      // Warnings and errors to the test's output.
      mockServices.rootLogger.factory({ level: 'warn' }),
    ],
    config: JSON.parse(process.env.JSM_KILL_CONFIG!),
  });
  console.log(`ready ${baseUrl}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
