import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { HomeAppsService } from '../services/apps/types';
import { HomeConfigCache } from '../services/catalog/HomeConfigCache';
import { PeerUsageService } from '../services/catalog/PeerUsageService';
import { SettingsService } from '../services/settings/SettingsService';
import { httpCaller } from './httpCaller';
import { appsQuery, homeAppBody, parse, settingsBody } from './schemas';

/** HTTP transport of the Home catalog and the settings. */
export function createAppsRouter(options: {
  httpAuth: HttpAuthService;
  apps: HomeAppsService;
  settings: SettingsService;
  homeConfig: HomeConfigCache;
  peerUsage?: PeerUsageService;
}): express.Router {
  const { apps, settings, homeConfig, peerUsage } = options;
  const caller = httpCaller(options.httpAuth);
  const router = Router();
  router.use(express.json());

  router.get('/apps', async (req, res) => {
    const call = await caller(req);
    const { manageable } = parse(appsQuery, req.query, 'query');
    res.json({ items: await apps.listApps({ manageable }, call) });
  });

  // The employee's catalog: the same for everyone, served from memory,
  // already serialized and compressed.
  router.get('/catalog', async (req, res) => {
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
  router.get('/catalog/peers', async (req, res) => {
    const { credentials } = await caller(req);
    if (!peerUsage) throw new NotFoundError('Peer usage is not available');
    res.json({ items: await peerUsage.forUser(credentials) });
  });

  // Apps of the inventory (Okta) that are not offered yet, for the admins'
  // "Not in Productiv Home" tab.
  router.get('/catalog/candidates', async (req, res) => {
    res.json({ items: await apps.listCandidates(await caller(req)) });
  });

  router.put('/apps/:appKey', async (req, res) => {
    const call = await caller(req);
    const body = parse(homeAppBody, req.body, 'app');
    res.json(await apps.putApp({ appKey: req.params.appKey, ...body }, call));
  });

  router.delete('/apps/:appKey', async (req, res) => {
    await apps.removeApp(req.params.appKey, await caller(req));
    res.status(204).end();
  });

  router.get('/settings', async (req, res) => {
    res.json(await settings.getSettings(await caller(req)));
  });

  // The body is checked once the caller may change the settings.
  router.put('/settings', async (req, res) => {
    res.json(
      await settings.putSettings(
        () => parse(settingsBody, req.body, 'settings'),
        await caller(req),
      ),
    );
  });

  return router;
}
