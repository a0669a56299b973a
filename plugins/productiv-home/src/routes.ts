import { createRouteRef } from '@backstage/core-plugin-api';

/** Root of the Productiv Home pages; shared by the legacy and the new plugin. */
export const rootRouteRef = createRouteRef({ id: 'productiv-home' });
