import { HttpAuthService } from '@backstage/backend-plugin-api';
import { ChannelSettingsService } from '../services/settings/ChannelSettingsService';
import { HomeApi } from './specApi';

/**
 * `GET /settings/channels`: Home's approval method, for other plugins
 * (service credentials) and Productiv admins; other users get 403.
 */
export function addSettingsChannelsRoutes(
  api: HomeApi,
  options: {
    httpAuth: HttpAuthService;
    channelSettings: ChannelSettingsService;
  },
) {
  const { httpAuth, channelSettings } = options;
  api.get('/settings/channels', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['service', 'user'],
    });
    res.json(await channelSettings.getChannels(credentials));
  });
}
