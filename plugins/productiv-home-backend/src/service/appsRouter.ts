import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import { AccessService } from '../services/access/AccessService';
import { HomeAppsService } from '../services/apps/types';
import { ApproverPreviewService } from '../services/requests/ApproverPreviewService';
import { HomeConfigCache } from '../services/catalog/HomeConfigCache';
import { PeerUsageService } from '../services/catalog/PeerUsageService';
import { SettingsService } from '../services/settings/SettingsService';
import { httpCaller } from './httpCaller';
import { homeAppInput, settingsInput } from './inputs';
import { defaulted, HomeApi } from './specApi';

/** HTTP transport of the Home catalog and the settings. */
export function addAppsRoutes(
  api: HomeApi,
  options: {
    httpAuth: HttpAuthService;
    apps: HomeAppsService;
    settings: SettingsService;
    homeConfig: HomeConfigCache;
    peerUsage?: PeerUsageService;
    access?: AccessService;
    approverPreview: ApproverPreviewService;
  },
) {
  const { apps, settings, homeConfig, peerUsage, access, approverPreview } =
    options;
  const caller = httpCaller(options.httpAuth);

  api.get('/apps', async (req, res) => {
    const manageable = defaulted(req.query.manageable, 'manageable');
    res.json({ items: await apps.listApps({ manageable }, await caller(req)) });
  });

  // The employee's catalog: the same for everyone, served from memory,
  // already serialized and compressed (so sent as bytes, not as the spec's
  // JSON type).
  api.get('/catalog', async (req, typedRes) => {
    const res: express.Response = typedRes;
    await caller(req);
    const { version, listing } = await homeConfig.current();
    const etag = `"home-catalog-${version}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    const body = listing();
    res.type('application/json');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      // The compression middleware leaves encoded responses alone.
      res.setHeader('Content-Encoding', 'gzip');
      res.send(body.gzip);
    } else {
      res.send(body.json);
    }
  });

  // How many people on the caller's teams, with their title and in their
  // department used each app in the last 30 days (aggregated counts only).
  // Apart from the listing so that the catalog shows at once and the counts
  // follow; they change daily, so they are kept for a few minutes.
  api.get('/catalog/peers', async (req, res) => {
    const { credentials } = await caller(req);
    if (!peerUsage) throw new NotFoundError('Peer usage is not available');
    res.json({ items: await peerUsage.forUser(credentials) });
  });

  // Tier names, descriptions and prices from the inventory, for the
  // catalog and the request dialog (kept a minute: admins change them rarely).
  api.get('/catalog/tiers', async (req, res) => {
    await caller(req);
    if (!access) throw new NotFoundError('The inventory is not available');
    res.json({ items: await access.catalogTiers() });
  });

  // Who the caller's request would go to, for the request dialog.
  api.get('/catalog/:appKey/approvers', async (req, res) => {
    const { credentials } = await caller(req);
    res.json(
      await approverPreview.forRequester(
        req.params.appKey,
        credentials.principal.userEntityRef,
      ),
    );
  });

  // My access: what the caller holds now, according to Okta.
  api.get('/me/access', async (req, res) => {
    const { credentials } = await caller(req);
    if (!access) throw new NotFoundError('The inventory is not available');
    res.json({
      items: await access.heldBy(
        credentials.principal.userEntityRef,
        credentials,
      ),
    });
  });

  // Apps of the inventory (Okta) that are not offered yet, for the admins'
  // "Not in Productiv Home" tab.
  api.get('/catalog/candidates', async (req, res) => {
    res.json({ items: await apps.listCandidates(await caller(req)) });
  });

  // The settings screen's lists of Okta apps and groups.
  api.get('/inventory/instances', async (req, res) => {
    res.json({ items: await apps.listInstances(await caller(req)) });
  });

  api.put('/apps/:appKey', async (req, res) => {
    const call = await caller(req);
    const app = homeAppInput(req.params.appKey, req.body);
    res.json(await apps.putApp(app, call));
  });

  api.delete('/apps/:appKey', async (req, res) => {
    await apps.removeApp(req.params.appKey, await caller(req));
    res.status(204).end();
  });

  api.get('/settings', async (req, res) => {
    res.json(await settings.getSettings(await caller(req)));
  });

  // The service reads the body once the caller may change the settings.
  api.put('/settings', async (req, res) => {
    res.json(
      await settings.putSettings(
        () => settingsInput(req.body),
        await caller(req),
      ),
    );
  });
}
