import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

const portalSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => (await import('./PortalSignInPage')).PortalSignInPage,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [portalSignInPage],
});
