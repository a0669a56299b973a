import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The license automation page; shared by the legacy and the new plugin. */
export const rootRouteRef = createRouteRef({ id: 'provisioning-workflows' });

/** One app instance's workflow: set-up, exempt users, preview, results, audit events. */
export const instanceRouteRef = createSubRouteRef({
  id: 'provisioning-workflows/instance',
  parent: rootRouteRef,
  path: '/instances/:instanceId',
});

/** The signed-in person's license warnings. */
export const warningsRouteRef = createSubRouteRef({
  id: 'provisioning-workflows/warnings',
  parent: rootRouteRef,
  path: '/warnings',
});

/** One warning, with "Keep my license"; the link in the warning points here. */
export const warningRouteRef = createSubRouteRef({
  id: 'provisioning-workflows/warning',
  parent: rootRouteRef,
  path: '/warnings/:actionId',
});

/**
 * All the plugin's routes, as the legacy and the new plugin both declare
 * them, so that links work in both systems: /license-automation,
 * /license-automation/instances/:instanceId, /license-automation/warnings
 * and /license-automation/warnings/:actionId.
 */
export const pluginRouteRefs = {
  root: rootRouteRef,
  instance: instanceRouteRef,
  warnings: warningsRouteRef,
  warning: warningRouteRef,
};
