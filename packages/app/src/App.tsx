import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import productivHomePlugin from '@internal/plugin-productiv-home/alpha';
import provisioningWorkflowsPlugin from '@internal/plugin-provisioning-workflows/alpha';
import { homeModule } from './modules/home';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    productivHomePlugin,
    provisioningWorkflowsPlugin,
    homeModule,
    navModule,
    signInModule,
  ],
});
