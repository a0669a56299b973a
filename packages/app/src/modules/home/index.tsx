import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

// Without a page at `/`, signing in landed on Backstage's 404 page.
const homePage = PageBlueprint.make({
  name: 'home',
  params: {
    path: '/',
    loader: async () => {
      const { HomeRedirect } = await import('./HomeRedirect');
      return <HomeRedirect />;
    },
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [homePage],
});
